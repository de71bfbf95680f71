"""Mail digests (Mailman and the like): one item per message.

A message starts at a `Message: N` line followed by mail headers; its item is titled by its
Subject (without a `[list]` tag), authored by the From name and dated by its Date. The text
before the first message (the list's blurb and "Today's Topics") is the intro, and the closing
"End of ... Digest" block the sign-off. The issue is titled "list Digest, Vol N, Issue M" and
dated by its first message.
"""

from __future__ import annotations

import re
from email.utils import parseaddr, parsedate_to_datetime

from reader.core.parsing.common import Draft, DraftItem, find_date, text_links, tidy_title
from reader.core.parsing.plaintext import plain_markdown
from reader.core.parsing.source import Source

_MESSAGE = re.compile(r"^Message:\s*\d+\s*$")
_HEADER = re.compile(r"^(?P<key>[A-Za-z][\w-]{0,40}):[ \t]*(?P<value>.*)$")
_RULE = re.compile(r"^\s*[-_=*]{20,}\s*$")
_DIGEST_NAME = re.compile(r"\b([\w.+-]+ Digest, Vol \d+, Issue \d+)", re.I)
_END = re.compile(r"^\s*End of .*Digest", re.I)
_LIST_TAG = re.compile(r"\[[^\[\]]{1,60}\]\s*")


def _messages(lines: list[str]) -> list[int]:
    """Line indexes of `Message: N` lines followed by at least one mail header."""
    return [
        i
        for i, line in enumerate(lines)
        if _MESSAGE.match(line) and i + 1 < len(lines) and _HEADER.match(lines[i + 1])
    ]


def detect(source: Source) -> float:
    text = source.text
    if "Message:" not in text or "Subject:" not in text:
        return 0.0
    return 0.95 if _messages(text.split("\n")) else 0.0


def _date(value: str) -> str | None:
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return find_date(value)


def _author(value: str) -> str | None:
    name, address = parseaddr(value)
    if not name and " at " in value:  # "alice at example.org (Alice)"
        name = value[value.find("(") + 1 : value.rfind(")")] if "(" in value else ""
    return tidy_title(name or address) or None


def parse(source: Source) -> Draft:
    lines = source.text.split("\n")
    starts = _messages(lines)
    draft = Draft(format="mail")
    name = _DIGEST_NAME.search(source.text)
    draft.title = name.group(1) if name else None
    end = next((i for i in range(starts[-1], len(lines)) if _END.match(lines[i])), len(lines))
    intro = lines[: starts[0]]
    while intro and (not intro[-1].strip() or _RULE.match(intro[-1])):
        intro.pop()
    draft.preamble = plain_markdown(intro)
    draft.footer = plain_markdown(lines[end:])
    draft.links = text_links(draft.preamble + "\n" + draft.footer)
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else end
        headers: dict[str, str] = {}
        index = start + 1
        while index < stop and lines[index].strip():
            match = _HEADER.match(lines[index])
            if match:
                key = match.group("key").lower()
                headers[key] = match.group("value").strip()
            elif key in headers:  # a folded header line
                headers[key] += " " + lines[index].strip()
            index += 1
        body_lines = lines[index:stop]
        while body_lines and (not body_lines[-1].strip() or _RULE.match(body_lines[-1])):
            body_lines.pop()
        body = plain_markdown(body_lines)
        subject = tidy_title(_LIST_TAG.sub("", headers.get("subject", ""), count=1)) or f"Message {n + 1}"
        item = DraftItem(title=subject, body=body, links=text_links(body))
        item.author = _author(headers.get("from", ""))
        item.date = _date(headers["date"]) if headers.get("date") else None
        draft.items.append(item)
    draft.date = next((item.date for item in draft.items if item.date), None)
    return draft

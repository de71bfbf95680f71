"""Plain-text digests of bullets (`•`, `-`, `*`) nested by indentation (seed 001).

Each top-level bullet is an item and its deeper bullets are its body; a standalone line between
bullets ("ML in general") names the section of the bullets that follow; such a line with no bullet
under it is text (of the entry before it, or the sign-off after the last). Links written
`[text] (<url>)` or as bare URLs are the item's links and leave its title.
"""

from __future__ import annotations

import re

from reader.core.parsing.common import (
    Draft,
    DraftItem,
    merge_links,
    text_links,
    tidy_title,
    title_without_links,
)
from reader.core.parsing.plaintext import BULLET_RE, header_facts, indent_width, lines_to_markdown
from reader.core.parsing.source import Source

_BULLET_MARKS = "•◦▪‣-*+"
_BYLINE = re.compile(r"(?i)\s*(posted|written|published) by")


def _is_bullet_line(line: str) -> bool:
    match = BULLET_RE.match(line)
    return match is not None and match.group("mark") in _BULLET_MARKS


def bullet_count(lines: list[str]) -> int:
    return sum(1 for line in lines if _is_bullet_line(line))


def _is_section_line(text: str) -> bool:
    return len(text) <= 60 and not text.endswith(".")


def _split_title(text: str) -> tuple[str, str]:
    """A long bullet 'Title. More words' keeps the first sentence as its title."""
    text = title_without_links(text.strip())
    if len(text) > 60:
        head, sep, rest = text.partition(". ")
        if sep and 3 <= len(head) <= 80:
            return tidy_title(head), rest.strip()
    return tidy_title(text), ""


def _lift_categories(lines: list[str]) -> list[str]:
    """A top-level bullet with no link of its own over bullets that have links is a category: it
    becomes a section line and its bullets top-level entries."""
    out = list(lines)
    bullets = [(i, BULLET_RE.match(line)) for i, line in enumerate(lines) if _is_bullet_line(line)]
    top = min(indent_width(m.group("indent")) for _, m in bullets if m)
    for n, (index, match) in enumerate(bullets):
        if not match or indent_width(match.group("indent")) != top or text_links(match.group("text")):
            continue
        children = []
        for k, child in bullets[n + 1 :]:
            if child is None or indent_width(child.group("indent")) <= top:
                break
            children.append((k, child))
        if not children or not any(text_links(c.group("text")) for _, c in children):
            continue
        out[index] = match.group("text").strip()
        depth = min(indent_width(c.group("indent")) for _, c in children) - top
        end = children[-1][0] + 1
        for k in range(index + 1, end):
            line = out[k]
            out[k] = line[depth:] if line[:depth].strip() == "" else line.lstrip()
    return out


def parse_bullets(text: str) -> Draft:
    lines = _lift_categories(text.split("\n"))
    draft = Draft(format="bullets")
    bullet_lines = [i for i, line in enumerate(lines) if _is_bullet_line(line)]
    top = min(indent_width(lines[i]) for i in bullet_lines)
    first = bullet_lines[0]

    header = [line for line in lines[:first] if line.strip()]
    header_facts(draft, header)
    header = [line.strip() for line in header]
    title_lines = [line for line in header if not _BYLINE.match(line)]  # a byline stays in the intro
    section: str | None = None
    above = lines[first - 1].strip() if first else ""
    names_section = len(title_lines) > 1 or above.endswith(":")
    if title_lines and names_section and above == title_lines[-1] and _is_section_line(above):
        section = tidy_title(title_lines.pop())  # "Papers" right above the first bullet names its section
        header.pop()
    title = title_lines[0] if title_lines else None
    draft.title = tidy_title(title) if title else None
    draft.preamble = lines_to_markdown([line for line in header if line != title])

    current: DraftItem | None = None
    body: list[str] = []

    def close() -> None:
        if current is not None:
            current.body = "\n".join(filter(None, [current.body, lines_to_markdown(body)]))
            current.links = merge_links(current.links, text_links(current.body))
            draft.items.append(current)

    named: str | None = None  # a section line no entry has come under yet
    for line in lines[first:]:
        match = BULLET_RE.match(line)
        is_bullet = match is not None and match.group("mark") in _BULLET_MARKS
        if match is not None and is_bullet and indent_width(match.group("indent")) <= top:
            close()
            named = None
            title, rest = _split_title(match.group("text"))
            current, body = DraftItem(title=title, body=rest, section=section), []
            current.links = text_links(match.group("text"))
        elif is_bullet or (line.strip() and indent_width(line) > top):
            body.append(line)
        elif line.strip():
            # A standalone line at the left margin: a section name (short) or loose text.
            if _is_section_line(line.strip()):
                close()
                if current is None and named is not None:  # the line before named nothing: text
                    _add_text(draft, named)
                current, body = None, []
                section, named = tidy_title(line), line.strip()
            elif current is not None:
                body.append(line)
            else:
                draft.preamble += "\n\n" + line.strip()
        elif body:
            body.append("")
    close()
    if current is None and named is not None:  # a closing line after the last entry: the sign-off
        draft.footer = lines_to_markdown([named])
    return draft


def _add_text(draft: Draft, line: str) -> None:
    """A line that turned out to name no section: text of the entry before it (or the intro)."""
    text = lines_to_markdown([line])
    if draft.items:
        draft.items[-1].body = "\n\n".join(filter(None, [draft.items[-1].body, text]))
    else:
        draft.preamble = "\n\n".join(filter(None, [draft.preamble, text]))


def detect(source: Source) -> float:
    """Sure when most lines are bullets, willing when there are a few."""
    lines = source.body_lines
    count = bullet_count(lines)
    if count < 3:
        return 0.0
    content = sum(1 for line in lines if line.strip())
    return 0.6 if count >= 0.4 * content else 0.3


def parse(source: Source) -> Draft:
    return parse_bullets(source.body)

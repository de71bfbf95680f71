"""Plain text whose entries sit between rules: a `====` line, the entry's title (and lines such as
`Archive: <url>`), a `----` line, then its text up to the next `====` line.

The text before the first entry (a greeting, the list of titles) is the intro.
"""

from __future__ import annotations

import re

from reader.core.parsing.common import Draft, DraftItem, text_links, tidy_title
from reader.core.parsing.plaintext import header_facts, plain_markdown
from reader.core.parsing.source import Source

_TOP_RULE = re.compile(r"^\s*={20,}\s*$")
_UNDER_RULE = re.compile(r"^\s*-{20,}\s*$")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")
MAX_HEADER = 4


def entries(lines: list[str]) -> list[tuple[int, int]]:
    """(top rule, under rule) line indexes of each entry."""
    found = []
    for index, line in enumerate(lines):
        if not _TOP_RULE.match(line) or index + 2 >= len(lines) or not lines[index + 1].strip():
            continue
        under = next(
            (
                k
                for k in range(index + 2, min(index + 2 + MAX_HEADER, len(lines)))
                if _UNDER_RULE.match(lines[k])
            ),
            None,
        )
        if under is not None:
            found.append((index, under))
    return found


def detect(source: Source) -> float:
    if "=" * 20 not in source.text:
        return 0.0
    return 0.9 if len(entries(source.body_lines)) >= 2 else 0.0


def parse(source: Source) -> Draft:
    lines = source.body_lines
    found = entries(lines)
    draft = Draft(format="ruled")
    draft.preamble = plain_markdown(lines[: found[0][0]])
    draft.links = text_links(draft.preamble)
    header_facts(draft, lines[: found[0][0]][:12])
    for n, (top, under) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(lines)
        title = tidy_title(_NUMBER.sub("", lines[top + 1]))
        body = plain_markdown([*lines[top + 2 : under], "", *lines[under + 1 : end]])
        draft.items.append(DraftItem(title=title, body=body, links=text_links(body)))
    return draft

"""Plain-text digests whose entries are numbered at the left margin: `1. Title by Author` (seed 002).

The entries are the longest run 1, 2, 3, ... of such lines; indented numbered lines stay in the body.
"""

from __future__ import annotations

import re

from reader.core.parsing.common import Draft, DraftItem, issue_numbers, split_author, text_links, tidy_title
from reader.core.parsing.plaintext import (
    header_facts,
    lines_to_markdown,
    plain_title,
    set_footer,
    sign_off_start,
)
from reader.core.parsing.source import Source

_ENTRY = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")


def numbered_entries(lines: list[str]) -> list[int]:
    """Line indexes of the longest run of left-margin entries numbered 1, 2, 3, ..."""
    best: list[int] = []
    current: list[int] = []
    for index, line in enumerate(lines):
        match = _ENTRY.match(line)
        if not match:
            continue
        number = int(match.group(1))
        if number == 1:
            current = [index]
        elif current and number == len(current) + 1:
            current.append(index)
        else:
            continue
        if len(current) > len(best):
            best = list(current)
    return best


def parse_numbered(text: str) -> Draft:
    lines = text.split("\n")
    starts = numbered_entries(lines)
    draft = Draft(format="numbered")
    header = lines[: starts[0]]
    header_facts(draft, header)
    title = plain_title(header)
    numbers = issue_numbers("\n".join(header))
    if title and numbers and str(numbers[0]) not in title:
        title = f"{title} #{numbers[0]}"
    draft.title = title
    draft.preamble = lines_to_markdown(header)
    draft.links = text_links(draft.preamble)
    footer = sign_off_start(lines, starts[-1] + 1)
    set_footer(draft, lines[footer:])
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else footer
        match = _ENTRY.match(lines[start])
        assert match is not None
        item_title, author = split_author(tidy_title(match.group(2)))
        body = lines_to_markdown(lines[start + 1 : end])
        draft.items.append(DraftItem(title=item_title, body=body, author=author, links=text_links(body)))
    return draft


def detect(source: Source) -> float:
    return 0.5 if len(numbered_entries(source.body_lines)) >= 3 else 0.0


def parse(source: Source) -> Draft:
    return parse_numbered(source.body)

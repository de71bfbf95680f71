"""Letter-style plain text with headline lines (seed 003, The Batch).

A "Dear friends," letter is one item; each story after it is an item titled by its headline: a
standalone Title Case line followed by a real body. The image caption that sits on its own line
just above a headline goes into that story's body, not into an item of its own.
"""

from __future__ import annotations

import re

from reader.core.parsing.common import Draft, DraftItem, text_links, tidy_title
from reader.core.parsing.plaintext import (
    header_facts,
    lines_to_markdown,
    plain_title,
    set_footer,
    sign_off_start,
)
from reader.core.parsing.source import Source

_MINOR = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "nor",
    "but",
    "for",
    "of",
    "in",
    "on",
    "at",
    "to",
    "by",
    "with",
    "from",
    "vs",
    "via",
    "as",
    "into",
    "onto",
    "per",
    "is",
    "it",
}
_WORD = re.compile(r"[^\W\d_][\w'’\-]*|\d[\w.]*")
_SALUTATION = re.compile(r"^(dear|hi|hello|hey)\b[^.!?]{0,40}[,:!]?$", re.I)
MIN_STORY = 150


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line ranges of the blank-line separated blocks."""
    blocks: list[tuple[int, int]] = []
    start = None
    for index, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            blocks.append((start, index))
            start = None
    return blocks


def is_headline(line: str) -> bool:
    text = line.strip()
    if not 3 <= len(text) <= 90 or text[-1] in ".,;:" or text[0] in "•-*([":
        return False
    words = _WORD.findall(text)
    if not 1 <= len(words) <= 12:
        return False
    if not words[0][0].isupper() and not words[0][0].isdigit():
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _MINOR for w in words[1:])


def headline_blocks(lines: list[str]) -> list[int]:
    """Indexes (into `_paragraphs`) of the blocks that are story headlines."""
    blocks = _paragraphs(lines)
    candidates = [i for i, (a, b) in enumerate(blocks) if b - a == 1 and is_headline(lines[a])]
    chosen: list[int] = []
    for n, index in enumerate(candidates):
        nxt = candidates[n + 1] if n + 1 < len(candidates) else len(blocks)
        size = sum(len(lines[k]) for a, b in blocks[index + 1 : nxt] for k in range(a, b))
        if size >= MIN_STORY:
            chosen.append(index)
    return chosen


def _first_of(value: int | None, fallback: int) -> int:
    return fallback if value is None else value


def parse_headlines(text: str) -> Draft:
    lines = text.split("\n")
    blocks = _paragraphs(lines)
    heads = headline_blocks(lines)
    draft = Draft(format="headlines")

    def caption_before(index: int) -> int | None:
        """Block index of a one-line caption right above headline block `index`."""
        prev = index - 1
        if prev >= 0 and blocks[prev][1] - blocks[prev][0] == 1 and prev not in heads:
            line = lines[blocks[prev][0]].strip()
            if len(line) <= 100 and line[-1:] not in ".:;!?":
                return prev
        return None

    starts = [_first_of(caption_before(h), h) for h in heads]
    first_line = blocks[starts[0]][0] if starts else len(lines)
    intro = lines[:first_line]
    header_facts(draft, intro[:5])
    draft.title = plain_title(intro[:3])
    first_block = next((b for b in blocks if b[0] < first_line), None)
    if first_block and _SALUTATION.match(lines[first_block[0]].strip()):
        salutation = tidy_title(lines[first_block[0]])
        body = lines_to_markdown(lines[first_block[1] : first_line])
        draft.items.append(DraftItem(title=salutation, body=body, section="Letter", links=text_links(body)))
    else:
        draft.preamble = lines_to_markdown(intro)
        draft.links = text_links(draft.preamble)
    footer = sign_off_start(lines, blocks[heads[-1]][1]) if heads else len(lines)
    set_footer(draft, lines[footer:])
    for n, head in enumerate(heads):
        end = blocks[starts[n + 1]][0] if n + 1 < len(heads) else footer
        caption = caption_before(head)
        body_lines = lines[blocks[head][1] : end]
        body = lines_to_markdown(body_lines)
        if caption is not None:
            body = f"*Image: {lines[blocks[caption][0]].strip()}*\n\n{body}"
        draft.items.append(
            DraftItem(
                title=tidy_title(lines[blocks[head][0]]), body=body, section="News", links=text_links(body)
            )
        )
    return draft


def detect(source: Source) -> float:
    return 0.45 if len(headline_blocks(source.body_lines)) >= 2 else 0.0


def parse(source: Source) -> Draft:
    return parse_headlines(source.body)

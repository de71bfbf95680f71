"""The last resort: a text no other format reads with confidence is one item holding all of it."""

from __future__ import annotations

from reader.core.parsing.common import Draft, DraftItem, first_sentence, text_links
from reader.core.parsing.plaintext import lines_to_markdown
from reader.core.parsing.source import Source

CONFIDENCE = 0.2


def detect(source: Source) -> float:
    return CONFIDENCE


def parse(source: Source) -> Draft:
    lines = source.body_lines
    first = next((line.strip().lstrip("#").strip() for line in lines if line.strip()), "")
    title = first if len(first) <= 90 else first_sentence(first)
    body = lines_to_markdown(lines)
    return Draft(format="single", items=[DraftItem(title=title, body=body, links=text_links(body))])


def no_item_left_behind(draft: Draft) -> None:
    """A draft with text but no items (no structure found) gets one item holding its preamble."""
    if draft.items or not draft.preamble.strip():
        return
    first = next(line for line in draft.preamble.split("\n") if line.strip())
    draft.items = [
        DraftItem(title=first_sentence(first, 90), body=draft.preamble, links=text_links(draft.preamble))
    ]
    draft.links = [link for link in draft.links if link.url not in {k.url for k in draft.items[0].links}]
    draft.preamble = ""

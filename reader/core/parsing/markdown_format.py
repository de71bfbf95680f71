"""Markdown digests: headings split the issue into items, read from markdown-it-py tokens.

The shallowest heading level that carries content is the item level; a single heading above it
at the top is the issue title; headings between the two are section names. Text before the first
item is the preamble. A section made of link bullets, bold-title paragraphs or a table holds one
item per bullet, paragraph or row (see `markdown_units`). Trailing HTML (a "View Full Resource"
button) becomes the issue's links. ATX and setext headings both count.
"""

from __future__ import annotations

from bisect import bisect_left

from reader.core.model import Link
from reader.core.parsing.common import Draft, DraftItem, bare_urls, merge_links
from reader.core.parsing.htmltext import html_fragment
from reader.core.parsing.markdown_units import span_text, split_units
from reader.core.parsing.mdblocks import Block, markdown_blocks
from reader.core.parsing.plaintext import header_facts, plain_title

Prepared = tuple[list[Block], dict]


def _item_level(headings: list[Block], title: Block | None, blocks: list[Block], lines: list[str]) -> int | None:
    levels = sorted({h.level for h in headings if h is not title})
    position = {id(b): i for i, b in enumerate(blocks)}
    for level in levels:
        at_level = [h for h in headings if h.level == level and h is not title]
        deeper = any(h.level > level for h in headings)
        if deeper and all(_only_introduces_subsections(h, blocks, position[id(h)], lines) for h in at_level):
            continue  # these headings group deeper ones: they are sections
        return level
    return levels[-1] if levels else None


def _only_introduces_subsections(heading: Block, blocks: list[Block], index: int, lines: list[str]) -> bool:
    text = 0
    for block in blocks[index + 1 :]:
        if block.kind == "heading":
            return block.level > heading.level and text < 200
        text += sum(len(line) for line in lines[block.start : block.end])
        if text >= 200:
            return False
    return False


def _strip_trailing_html(blocks: list[Block], end: int) -> tuple[int, list[Link]]:
    """Cut trailing HTML blocks (and the rule before them) off; return the new end and their links."""
    links: list[Link] = []
    cut = end
    for block in reversed(blocks):
        if block.kind == "html_block":
            links = html_fragment(block.text)[1] + links
            cut = block.start
        elif block.kind == "hr" and cut != end:
            cut = block.start
        else:
            break
    return cut, links


def prepare(text: str) -> Prepared:
    return markdown_blocks(text)


def has_structure(prepared: Prepared, lines: list[str]) -> bool:
    """True when the blocks hold a heading, or read as link bullets, bold-title paragraphs or a table."""
    blocks, refs = prepared
    if any(b.kind == "heading" and b.text for b in blocks):
        return True
    return split_units(blocks, lines, refs) is not None


def parse_markdown(text: str, prepared: Prepared | None = None, known_title: str | None = None) -> Draft:
    """Items of a Markdown digest. With `known_title` (from front matter) a top heading is only the
    issue title when it says the same."""
    lines = text.split("\n")
    blocks, refs = prepared or prepare(text)
    draft = Draft(format="markdown")
    end, draft.links = _strip_trailing_html(blocks, len(lines))
    blocks = [b for b in blocks if b.start < end]
    headings = [b for b in blocks if b.kind == "heading" and b.text]
    block_starts = [b.start for b in blocks]

    def span(first: int, last: int) -> list[Block]:
        return blocks[bisect_left(block_starts, first) : bisect_left(block_starts, last)]

    def body(first: int, last: int) -> tuple[str, list[Link]]:
        return span_text(lines, span(first, last), first, last, refs)

    title = None
    may_be_title = not known_title or (headings and headings[0].text.casefold() == known_title.casefold())
    if may_be_title and headings and headings[0] is blocks[0] and sum(h.level <= headings[0].level for h in headings) == 1:
        if any(h.level > headings[0].level for h in headings) or len(headings) == 1:
            title = headings[0]
    level = _item_level(headings, title, blocks, lines)
    starts = [h for h in headings if h is not title and level is not None and h.level <= level]
    if title is not None and not starts and split_units(span(title.end, end), lines, refs) is None:
        starts, title = [title], None  # a lone heading over plain text is an item, not the title
    draft.title = title.text if title else None

    first_start = starts[0].start if starts else end
    preamble_from = title.end if title else 0
    units = None if starts else split_units(span(preamble_from, end), lines, refs)
    if units:
        draft.preamble, draft.items = units
        preamble_links = bare_urls(draft.preamble)
    else:
        draft.preamble, preamble_links = body(preamble_from, first_start)
    draft.links = merge_links(preamble_links, draft.links)
    header = draft.preamble.split("\n")[:12]
    header_facts(draft, header)
    draft.title = draft.title or plain_title(header[:4])

    section: str | None = None
    intros: list[str] = []
    for index, heading in enumerate(starts):
        nxt = starts[index + 1].start if index + 1 < len(starts) else end
        if heading.level < (level or 0):
            section = heading.text
            continue
        units = split_units(span(heading.end, nxt), lines, refs)
        if units:
            intro, found = units
            if intro:
                intros.append(f"**{heading.text}**\n\n{intro}")
            for unit in found:
                unit.section = heading.text if not unit.section else f"{heading.text} › {unit.section}"
            draft.items.extend(found)
            continue
        text, links = body(heading.end, nxt)
        draft.items.append(
            DraftItem(title=heading.text, body=text, links=merge_links(heading.links, links), section=section)
        )
    draft.preamble = "\n\n".join(filter(None, [draft.preamble, *intros]))
    return draft

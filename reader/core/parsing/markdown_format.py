"""Markdown digests: headings split the issue into items, read from markdown-it-py tokens.

The shallowest heading level that carries content is the item level; a single heading above it
at the top (or after a short intro, when deeper headings follow) is the issue title; headings
between the two are section names. Text before the first item is the preamble, and so is a
section's own short text. A section made of link bullets, bold-title paragraphs or a table holds
one item per bullet, paragraph or row (see `markdown_units`); once one section is link bullets, a
section of a single link bullet is split the same way. Trailing HTML (a "View Full Resource"
button) becomes the issue's links. ATX and setext headings both count.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from reader.core.model import Link
from reader.core.parsing.common import Draft, DraftItem, bare_urls, merge_links
from reader.core.parsing.htmltext import html_fragment
from reader.core.parsing.markdown_units import span_text, split_units
from reader.core.parsing.mdblocks import Block, markdown_blocks, might_be_markdown
from reader.core.parsing.plaintext import header_facts, plain_title
from reader.core.parsing.source import Source

Prepared = tuple[list[Block], dict]


def _item_level(
    headings: list[Block], title: Block | None, blocks: list[Block], lines: list[str]
) -> int | None:
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

    title = _top_title(
        headings, blocks, known_title, lambda first, last: split_units(span(first, last), lines, refs)
    )
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
    if title is not None and title.start > 0:  # text above a title that is not the first block
        above, above_links = body(0, title.start)
        draft.preamble = "\n\n".join(filter(None, [above, draft.preamble]))
        preamble_links = merge_links(above_links, preamble_links)
    draft.links = merge_links(preamble_links, draft.links)
    header = draft.preamble.split("\n")[:12]
    header_facts(draft, header)
    draft.title = draft.title or plain_title(header[:4])

    ends = [h.start for h in starts[1:]] + [end]
    spans = [span(heading.end, nxt) for heading, nxt in zip(starts, ends)]
    found_units = [split_units(blocks_in, lines, refs) for blocks_in in spans]
    if any(units and units[1] and _is_link_list(b) for b, units in zip(spans, found_units)):
        # Link-bullet sections elsewhere: a section of a single link bullet is split the same way.
        found_units = [
            units or split_units(b, lines, refs, min_leads=1) for b, units in zip(spans, found_units)
        ]
    section: str | None = None
    intros: list[str] = []
    for heading, nxt, units in zip(starts, ends, found_units):
        is_section = heading.level < (level or 0)
        if is_section:
            section = heading.text
        if units:
            intro, found = units
            if intro:
                intros.append(f"**{heading.text}**\n\n{intro}")
            for unit in found:
                unit.section = heading.text if not unit.section else f"{heading.text} › {unit.section}"
            draft.items.extend(found)
            continue
        text, links = body(heading.end, nxt)
        if is_section:  # a section's own short text, before its first item: keep it with the preamble
            if text.strip():
                intros.append(f"**{heading.text}**\n\n{text}")
                draft.links = merge_links(draft.links, links)
            continue
        draft.items.append(
            DraftItem(title=heading.text, body=text, links=merge_links(heading.links, links), section=section)
        )
    draft.preamble = "\n\n".join(filter(None, [draft.preamble, *intros]))
    return draft


def _is_link_list(blocks: list[Block]) -> bool:
    return any(b.kind in ("bullet_list", "ordered_list") and any(u.lead for u in b.units) for b in blocks)


def _top_title(
    headings: list[Block],
    blocks: list[Block],
    known_title: str | None,
    units_between: Callable[[int, int], object],
) -> Block | None:
    """The single shallowest heading when it titles the issue: the first block (alone or over deeper
    headings), or a later block over deeper headings whose text up to them is not a list of units."""
    if not headings or sum(h.level <= headings[0].level for h in headings) != 1:
        return None
    top = headings[0]
    if known_title and top.text.casefold() != known_title.casefold():
        return None
    deeper = [h for h in headings if h.level > top.level]
    if top is blocks[0]:
        return top if deeper or len(headings) == 1 else None
    if deeper and units_between(top.end, deeper[0].start) is None:
        return top
    return None


def _prepared(source: Source) -> Prepared:
    if "markdown" not in source.cache:
        source.cache["markdown"] = prepare(source.body)
    prepared: Prepared = source.cache["markdown"]
    return prepared


def detect(source: Source) -> float:
    """Sure when headings or item units structure the text; hardly when one heading tops plain text."""
    if not might_be_markdown(source.body):
        return 0.0
    prepared = _prepared(source)
    if not has_structure(prepared, source.body_lines):
        return 0.1
    headings = [b for b in prepared[0] if b.kind == "heading" and b.text]
    lone_title = len(headings) == 1 and headings[0] is prepared[0][0]
    return 0.25 if lone_title else 0.8


def parse(source: Source) -> Draft:
    return parse_markdown(source.body, _prepared(source), source.meta.get("title"))

"""Markdown digests: headings outline the issue, read from markdown-it-py tokens.

Headings nest by level into an outline, decided per heading, not once per file: a heading with
deeper headings under it and little text of its own is a section; any other heading is an item,
unless its text is a list of units (link bullets, table rows, bold-title or link-led paragraphs,
see `markdown_units`), which makes it a section of one item per unit. A later, shallower heading
only starts a new branch; it never swallows what came before. A single heading above the rest
(or the one front matter names) is the issue title. Nothing is dropped: text before the first
heading is the intro (or its units are items), a section's own text is an item titled by the
section, and a short text closing the last list of the issue is the sign-off. Trailing HTML (a
"View Full Resource" button) becomes the issue's links. ATX, setext and HTML headings all count.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from reader.core.model import Link
from reader.core.parsing.common import Draft, DraftItem, bare_urls, merge_links
from reader.core.parsing.htmltext import html_fragment
from reader.core.parsing.markdown_units import Units, span_text, split_units
from reader.core.parsing.mdblocks import Block, markdown_blocks, might_be_markdown
from reader.core.parsing.mdinline import strip_tags, tidy_draft
from reader.core.parsing.plaintext import header_facts, plain_title
from reader.core.parsing.source import Source

Prepared = tuple[list[Block], dict]
SECTION_TEXT = 200  # a heading over deeper ones with less own text than this is a section
MAX_DEPTH = 1  # headings nested deeper than a section's items are parts of their item
_ALNUM = re.compile(r"[\W_]+")


@dataclass
class _Node:
    heading: Block
    end: int
    children: list[_Node] = field(default_factory=list)


def _outline(headings: list[Block], end: int) -> list[_Node]:
    """Headings as a forest: each holds the deeper headings that follow it until one as shallow."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for heading in headings:
        while stack and stack[-1].heading.level >= heading.level:
            stack.pop().end = heading.start
        node = _Node(heading, end)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


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


def _same_title(a: str, b: str) -> bool:
    return _ALNUM.sub("", a).casefold() == _ALNUM.sub("", b).casefold()


class _Reader:
    """One pass over a Markdown digest's blocks, filling a draft."""

    def __init__(self, text: str, prepared: Prepared, plain_lists: bool) -> None:
        self.lines = text.split("\n")
        blocks, self.refs = prepared
        self.draft = Draft(format="markdown")
        self.end, self.draft.links = _strip_trailing_html(blocks, len(self.lines))
        self.blocks = [b for b in blocks if b.start < self.end]
        self.starts = [b.start for b in self.blocks]
        self.plain_lists = plain_lists
        self.min_leads = 2
        self._units: dict[tuple[int, int, int], Units | None] = {}
        self._bullets: dict = {}  # link-bullet items by the blocks they are built from

    def span(self, first: int, last: int) -> list[Block]:
        return self.blocks[bisect_left(self.starts, first) : bisect_left(self.starts, last)]

    def body(self, first: int, last: int) -> tuple[str, list[Link]]:
        return span_text(self.lines, self.span(first, last), first, last, self.refs)

    def units(self, first: int, last: int) -> Units | None:
        # keyed by the blocks the lines hold: line ranges that differ only by blank lines share them
        low, high = bisect_left(self.starts, first), bisect_left(self.starts, last)
        key = (low, high, self.min_leads)
        if key not in self._units:
            spans = self.blocks[low:high]
            self._units[key] = split_units(
                spans, self.lines, self.refs, self.min_leads, self.plain_lists, self._bullets
            )
        return self._units[key]

    def own_text(self, node: _Node) -> int:
        last = node.children[0].heading.start if node.children else node.end
        return sum(
            len(line) for b in self.span(node.heading.end, last) for line in self.lines[b.start : b.end]
        )


def _top_title(reader: _Reader, headings: list[Block], known_title: str | None) -> Block | None:
    """The heading that titles the issue: the one front matter names, when it comes first; else the
    single shallowest heading, when it is the first block (alone or over deeper headings) or a later
    block over deeper headings whose text up to them is not a list of units."""
    if not headings:
        return None
    top = headings[0]
    if known_title:
        return top if top is reader.blocks[0] and _same_title(top.text, known_title) else None
    if sum(h.level <= top.level for h in headings) != 1:
        return None
    deeper = [h for h in headings if h.level > top.level]
    if top is reader.blocks[0]:
        return top if deeper or len(headings) == 1 else None
    if deeper and reader.units(top.end, deeper[0].start) is None:
        return top
    return None


def parse_markdown(
    text: str, prepared: Prepared | None = None, known_title: str | None = None, *, plain_lists: bool = False
) -> Draft:
    """Items of a Markdown digest. With `known_title` (from front matter) a first heading is the
    issue title only when it says the same. With `plain_lists`, any list entries split like link
    bullets (formats whose lists are entries: changelogs in AsciiDoc, Org)."""
    reader = _Reader(text, prepared or prepare(text), plain_lists)
    draft = reader.draft
    headings = [b for b in reader.blocks if b.kind == "heading" and b.text]
    title = _top_title(reader, headings, known_title)
    roots = _outline([h for h in headings if h is not title], reader.end)
    if title is not None and not roots and reader.units(title.end, reader.end) is None:
        roots, title = [_Node(title, reader.end)], None  # a lone heading over plain text is an item
    if title is None and not known_title and len(roots) > 1 and _leads_the_issue(reader, roots):
        title = roots.pop(0).heading  # a first heading with a short intro over sections is the title
    draft.title = title.text if title else None
    if any(_is_link_list(reader, n) for n in _nodes(roots)):
        reader.min_leads = 1  # link-bullet sections elsewhere: a single link bullet splits the same way

    intro_from = title.end if title else 0
    intro_to = roots[0].heading.start if roots else reader.end
    _intro(reader, intro_from, intro_to, at_end=not roots)
    if title is not None and title.start > 0:  # text above a title that is not the first block
        above, above_links = reader.body(0, title.start)
        draft.preamble = "\n\n".join(filter(None, [above, draft.preamble]))
        draft.links = merge_links(above_links, draft.links)
    header = draft.preamble.split("\n")[:12]
    header_facts(draft, header)
    draft.title = draft.title or plain_title(header[:4])
    for index, node in enumerate(roots):
        _emit(reader, node, None, last=index == len(roots) - 1)
    tidy_draft(draft)
    return draft


def _nodes(nodes: list[_Node]) -> list[_Node]:
    return [each for n in nodes for each in [n, *_nodes(n.children)]]


def _is_link_list(reader: _Reader, node: _Node) -> bool:
    last = node.children[0].heading.start if node.children else node.end
    units = reader.units(node.heading.end, last)
    blocks = reader.span(node.heading.end, last)
    return bool(units and units.items) and any(
        b.kind in ("bullet_list", "ordered_list") and any(u.lead for u in b.units) for b in blocks
    )


def _leads_the_issue(reader: _Reader, roots: list[_Node]) -> bool:
    """True when the first heading opens the file with a short plain intro while a later heading at
    its level is a section (deeper headings or units under it)."""
    first = roots[0]
    if first.heading is not reader.blocks[0] or first.children:
        return False
    if reader.own_text(first) > SECTION_TEXT or reader.units(first.heading.end, first.end):
        return False
    return any(n.children or reader.units(n.heading.end, n.end) for n in roots[1:])


def _intro(reader: _Reader, first: int, last: int, at_end: bool) -> None:
    """The text before the first heading: the intro, or link bullets (items) between intro and sign-off."""
    draft = reader.draft
    units = reader.units(first, last)
    if units:
        draft.preamble = units.intro
        draft.items.extend(units.items)
        _closing(reader, units, None, at_end)
        draft.links = merge_links(bare_urls(draft.preamble), draft.links)
        return
    draft.preamble, links = reader.body(first, last)
    draft.links = merge_links(links, draft.links)


def _closing(reader: _Reader, units: Units, section: str | None, at_end: bool) -> None:
    """Text after a list of units: the issue's sign-off at its end, else an item of its section."""
    if not units.outro:
        return
    if at_end:
        reader.draft.footer = "\n\n".join(filter(None, [reader.draft.footer, units.outro]))
        reader.draft.links = merge_links(reader.draft.links, units.outro_links)
    else:
        title = section or strip_tags(units.outro.split("\n")[0][:80])
        reader.draft.items.append(DraftItem(title, units.outro, units.outro_links, section=section))


def _emit(reader: _Reader, node: _Node, parent: str | None, last: bool, depth: int = 0) -> None:
    """A heading's items: a section's own text and its children's, or the heading as one item.
    Below a section's items, deeper headings are parts of their item."""
    heading = node.heading
    if node.children and reader.own_text(node) < SECTION_TEXT and depth < MAX_DEPTH:
        own_end = node.children[0].heading.start
        units = reader.units(heading.end, own_end)
        if units:
            _add_units(reader, heading, units, at_end=False)
        else:
            text, links = reader.body(heading.end, own_end)
            if text.strip():  # the section's own text: an item titled by the section
                item = DraftItem(heading.text, text, merge_links(heading.links, links), section=heading.text)
                reader.draft.items.append(item)
        for index, child in enumerate(node.children):
            _emit(reader, child, heading.text, last and index == len(node.children) - 1, depth + 1)
        return
    units = None if node.children else reader.units(heading.end, node.end)
    if units:
        _add_units(reader, heading, units, at_end=last, parent=parent)
        return
    text, links = reader.body(heading.end, node.end)
    reader.draft.items.append(
        DraftItem(heading.text, text, merge_links(heading.links, links), section=parent)
    )


def _add_units(
    reader: _Reader, heading: Block, units: Units, at_end: bool, parent: str | None = None
) -> None:
    """A heading over units: its intro an item of its own, each unit an item, then its closing text.
    Their section is the heading, under its parent section when it has one ("Market › Deals")."""
    name = f"{parent} › {heading.text}" if parent else heading.text
    if units.intro:
        reader.draft.items.append(DraftItem(name, units.intro, bare_urls(units.intro), section=name))
    for unit in units.items:
        unit.section = name if not unit.section else f"{name} › {unit.section}"
    reader.draft.items.extend(units.items)
    _closing(reader, units, name, at_end)


def _prepared(source: Source) -> Prepared:
    if "markdown" not in source.cache:
        source.cache["markdown"] = prepare(_text(source))
    prepared: Prepared = source.cache["markdown"]
    return prepared


def detect(source: Source) -> float:
    """Sure when headings or item units structure the text; hardly when one heading tops plain text."""
    if not might_be_markdown(source.body):
        return 0.0
    prepared = _prepared(source)
    if not has_structure(prepared, _text(source).split("\n")):
        return 0.1
    headings = [b for b in prepared[0] if b.kind == "heading" and b.text]
    lone_title = len(headings) == 1 and headings[0] is prepared[0][0]
    if lone_title and _text(source).split("\n", headings[0].start + 1)[headings[0].start].lstrip()[:1] == "<":
        return 0.8  # a heading written as an HTML card: Markdown with HTML, not plain text under a title
    return 0.25 if lone_title else 0.8


_ESM = re.compile(r"^(?:import|export)\s.*$", re.M)


def _text(source: Source) -> str:
    """The Markdown to read: MDX's ESM `import`/`export` lines are code, not text (blanked, so line
    numbers stay)."""
    if source.suffix == ".mdx" and "cached_mdx" not in source.cache:
        source.cache["cached_mdx"] = _ESM.sub("", source.body)
    text: str = source.cache.get("cached_mdx", source.body)
    return text


def parse(source: Source) -> Draft:
    return parse_markdown(_text(source), _prepared(source), source.meta.get("title"))

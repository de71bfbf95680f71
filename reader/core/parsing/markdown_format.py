"""Markdown digests: `#`-headings split the issue into items, read with markdown-it-py tokens.

The shallowest heading level that carries content is the item level; a single heading above it
at the top is the issue title; headings between the two are section names. Text before the first
item is the preamble. Trailing HTML (a "View Full Resource" button) becomes the issue's links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.core.model import Link
from reader.core.parsing.common import Draft, DraftItem, bare_urls, merge_links, tidy_title

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@dataclass
class _Block:
    """A top-level block: its kind, first and end line, and its tokens."""

    kind: str
    start: int
    end: int
    tokens: list[Token]
    level: int = 0
    text: str = ""


class _AnchorParser(HTMLParser):
    """Collects `<a href>` links and visible text from an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.text: list[str] = []
        self._href: str | None = None
        self._anchor: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "a":
            self._href = dict(attrs).get("href") or None
            self._anchor = []
        elif tag in ("br", "p", "div", "li", "tr"):
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag == "a" and self._href:
            self.links.append(Link(url=self._href.strip(), text=" ".join("".join(self._anchor).split())))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._href is not None:
            self._anchor.append(data)


def html_fragment(html: str) -> tuple[str, list[Link]]:
    """Visible text and `<a href>` links of an HTML fragment."""
    parser = _AnchorParser()
    parser.feed(html)
    parser.close()
    text = re.sub(r"\n\s*\n+", "\n\n", "".join(parser.text)).strip()
    return text, parser.links


def _inline_text(token: Token) -> str:
    parts = [c.content for c in token.children or [] if c.type in ("text", "code_inline", "html_inline")]
    parts += ["" for c in token.children or [] if c.type == "softbreak"]
    return "".join(parts) if token.children else token.content


def _inline_links(token: Token) -> list[Link]:
    links: list[Link] = []
    href: str | None = None
    text: list[str] = []
    for child in token.children or []:
        if child.type == "link_open":
            href, text = str(child.attrGet("href") or ""), []
        elif child.type == "link_close" and href is not None:
            links.append(Link(url=href, text=" ".join("".join(text).split())))
            href = None
        elif child.type in ("text", "code_inline") and href is not None:
            text.append(child.content)
        elif child.type == "html_inline":
            links.extend(html_fragment(child.content)[1])
    return links


def _blocks(tokens: list[Token]) -> list[_Block]:
    blocks: list[_Block] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.level != 0 or token.map is None:
            i += 1
            continue
        # Gather the whole top-level block: from its opening token to its matching close.
        j = i
        if token.nesting == 1:
            depth = 0
            while j < len(tokens):
                depth += tokens[j].nesting
                if depth == 0 and tokens[j].level == 0 and j > i:
                    break
                j += 1
        group = tokens[i : j + 1]
        block = _Block(kind=token.type.removesuffix("_open"), start=token.map[0], end=token.map[1], tokens=group)
        if token.type == "heading_open":
            block.level = int(token.tag[1])
            block.text = tidy_title(_inline_text(group[1]))
        blocks.append(block)
        i = j + 1
    return blocks


def _item_level(headings: list[_Block], title: _Block | None, blocks: list[_Block]) -> int | None:
    levels = sorted({h.level for h in headings if h is not title})
    for level in levels:
        at_level = [h for h in headings if h.level == level and h is not title]
        deeper = any(h.level > level for h in headings)
        if deeper and all(_only_introduces_subsections(h, blocks) for h in at_level):
            continue  # these headings group deeper ones: they are sections
        return level
    return levels[-1] if levels else None


def _only_introduces_subsections(heading: _Block, blocks: list[_Block]) -> bool:
    index = blocks.index(heading)
    text = 0
    for block in blocks[index + 1 :]:
        if block.kind == "heading":
            return block.level > heading.level and text < 200
        text += sum(len(t.content) for t in block.tokens)
    return False


def _strip_trailing_html(blocks: list[_Block], end: int) -> tuple[int, list[Link]]:
    """Cut trailing HTML blocks (and the rule before them) off; return the new end and their links."""
    links: list[Link] = []
    cut = end
    for block in reversed(blocks):
        if block.kind == "html_block":
            links = html_fragment(block.tokens[0].content)[1] + links
            cut = block.start
        elif block.kind == "hr" and cut != end:
            cut = block.start
        else:
            break
    return cut, links


def parse_markdown(text: str) -> Draft:
    lines = text.split("\n")
    tokens = _MD.parse(text)
    blocks = _blocks(tokens)
    headings = [b for b in blocks if b.kind == "heading" and b.text]
    draft = Draft(format="markdown")
    end, draft.links = _strip_trailing_html(blocks, len(lines))
    blocks = [b for b in blocks if b.start < end]

    title = None
    if headings and headings[0] is blocks[0] and sum(h.level <= headings[0].level for h in headings) == 1:
        if any(h.level > headings[0].level for h in headings):
            title = headings[0]
            draft.title = title.text
    level = _item_level(headings, title, blocks)
    starts = [h for h in headings if h is not title and level is not None and h.level <= level]

    def body_and_links(first: int, last: int) -> tuple[str, list[Link]]:
        inside = [b for b in blocks if first <= b.start < last]
        out: list[str] = []
        links: list[Link] = []
        cursor = first
        for block in inside:
            out.extend(lines[cursor : block.start])
            block_end = min(block.end, last)
            if block.kind == "html_block":
                plain, found = html_fragment(block.tokens[0].content)
                links.extend(found)
                out.extend(plain.split("\n") if plain else [])
            else:
                out.extend(lines[block.start : block_end])
                for token in block.tokens:
                    if token.type == "inline":
                        links.extend(_inline_links(token))
            cursor = block_end
        out.extend(lines[cursor:last])
        body = "\n".join(out).strip("\n")
        return body, merge_links(links, bare_urls(_without_md_links(body)))

    first_start = starts[0].start if starts else end
    preamble_from = title.end if title else 0
    draft.preamble, preamble_links = body_and_links(preamble_from, first_start)
    draft.links = merge_links(preamble_links, draft.links)

    section: str | None = None
    for index, heading in enumerate(starts):
        nxt = starts[index + 1].start if index + 1 < len(starts) else end
        if heading.level < (level or 0):
            section = heading.text
            continue
        body, links = body_and_links(heading.end, nxt)
        draft.items.append(DraftItem(title=heading.text, body=body, links=links, section=section))
    return draft


_MD_LINK = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|href=\"[^\"]*\"")


def _without_md_links(text: str) -> str:
    return _MD_LINK.sub("", text)


def has_markdown_headings(text: str) -> bool:
    """True when markdown-it finds at least one heading (outside code blocks)."""
    return any(t.type == "heading_open" for t in _MD.parse(text))

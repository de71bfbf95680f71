"""Markdown read with markdown-it-py tokens into compact top-level `Block`s.

Big files are parsed in chunks cut at top-level boundaries, and each chunk's tokens are reduced to
blocks at once, so a 10 MB digest never holds millions of tokens in memory. Reference-style link
definitions are collected first so `[text][ref]` resolves in every chunk. Inline content is
parsed only where it can matter (headings, and text holding links or opening with bold).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from reader.core.model import Link
from reader.core.parsing.htmltext import html_fragment
from reader.core.parsing.mdfast import PlainInline, normalize_link, normalize_source, plain_inline
from reader.core.parsing.mdlists import Run, simple_runs
from reader.core.sanitize import clean_line


class _MarkdownIt(MarkdownIt):
    """markdown-it taking plain http(s) link URLs as they are (what its normalisation gives)."""

    def normalizeLink(self, url: str) -> str:
        return normalize_link(url)


_MD = _MarkdownIt("commonmark", {"html": True}).enable(["table"]).disable("inline")
_MD.core.ruler.at("normalize", normalize_source)
_TEXT = ("text", "text_special", "code_inline")
CHUNK_CHARS = 256 * 1024

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_REFERENCE = re.compile(r"^ {0,3}\[(?P<label>[^\]\n]{1,999})\]:[ \t]*<?(?P<url>[^\s>]+)>?(?:[ \t]+.*)?$")
# Cheap signs that markdown-it may find structure worth a full parse.
_MARKDOWN_HINTS = re.compile(
    r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$|[-*+][ \t]+(?:\*\*|__)?\[|\*\*|__|\|.*\|)", re.M
)


@dataclass(slots=True)
class Unit:
    """A top-level list item or a table body row: a candidate item inside a block."""

    start: int
    end: int
    links: list[Link] = field(default_factory=list)
    lead: Link | None = None  # the link the list item starts with
    cells: list[str] = field(default_factory=list)  # table row: raw Markdown of each cell


@dataclass(slots=True)
class Block:
    """A top-level block: kind (heading, paragraph, bullet_list, table, ...), its lines, its links."""

    kind: str
    start: int
    end: int
    level: int = 0
    text: str = ""  # heading: its title; html_block: its raw HTML
    links: list[Link] = field(default_factory=list)
    bold: str | None = None  # paragraph that opens with bold text: that text
    bold_only: bool = False  # ... and holds nothing else
    lead: Link | None = None  # paragraph that opens with a link (after a '1、' or emoji marker): it
    units: list[Unit] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # table header cells


def might_be_markdown(text: str) -> bool:
    return bool(_MARKDOWN_HINTS.search(text))


def _inline(token: Token, env: dict, always: bool = False) -> PlainInline | list[Token]:
    """The inline content of `token` as `_read_inline` reads it, kept on the token."""
    plain: PlainInline | None = token.meta.get("plain")
    if plain is not None:
        return plain
    if not token.children and token.content:
        parsed = _read_inline(token.content, env, always)
        if isinstance(parsed, PlainInline):
            token.meta["plain"] = parsed
            return parsed
        token.children = parsed
    return token.children or []


def _read_inline(content: str, env: dict, always: bool = False) -> PlainInline | list[Token]:
    """`content` read if it may hold links, bold or escapes (with `always`, in any case): plain text
    and links as a `PlainInline`, anything else as markdown-it's tokens; nothing when not read."""
    if not (always or "[" in content or "<" in content or content.startswith(("**", "__", "*", "_"))):
        return []
    plain = plain_inline(content, _MD.normalizeLink, _MD.validateLink)
    if plain is not None:
        return plain
    children: list[Token] = []
    _MD.inline.parse(content, _MD, env, children)
    return children


def inline_text(token: Token, env: dict) -> str:
    """The visible text of an inline token, on one line."""
    parsed = _inline(token, env, always=True)
    return parsed.text() if isinstance(parsed, PlainInline) else tokens_text(parsed)


def tokens_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in _TEXT:
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return clean_line("".join(parts))


def inline_links(token: Token, env: dict) -> list[Link]:
    """Links of an inline token in order: Markdown, reference-style, `<url>` and inline HTML anchors."""
    parsed = _inline(token, env)
    return parsed.links() if isinstance(parsed, PlainInline) else tokens_links(parsed)


def tokens_links(children: list[Token]) -> list[Link]:
    links: list[Link] = []
    href: str | None = None
    text: list[str] = []
    for child in children:
        if child.type == "link_open":
            href, text = str(child.attrGet("href") or ""), []
        elif child.type == "link_close" and href is not None:
            if href:
                links.append(Link(url=href, text=clean_line("".join(text))))
            href = None
        elif child.type in _TEXT and href is not None:
            text.append(child.content)
        elif child.type in ("softbreak", "hardbreak") and href is not None:
            text.append(" ")
        elif child.type == "html_inline" and child.content.lower().startswith("<a "):
            links.extend(html_fragment(child.content + "</a>")[1])
    return links


_MARKER_TEXT = re.compile(r"^\s*(?:\d{1,3}\s*[、.)．:：]|[^\w\s\[]{1,4})?\s*$")


def _words(children: list[Token]) -> str:
    return clean_line("".join(c.content if c.type in _TEXT else " " for c in children if c.type in _SPAN))


_SPAN = (*_TEXT, "softbreak", "hardbreak")


def _is_marker(text: str) -> bool:
    return bool(_MARKER_TEXT.match(text))


def _lead_link(token: Token, env: dict, marker: bool = False) -> Link | None:
    """The link an inline token starts with (after bold/italic markers, and with `marker` a '1、' or
    emoji before it), if any."""
    parsed = _inline(token, env)
    if isinstance(parsed, PlainInline):
        return parsed.lead(_is_marker if marker else None)
    return tokens_lead(parsed, marker)


def tokens_lead(children: list[Token], marker: bool) -> Link | None:
    children = [c for c in children if not (c.type == "text" and not c.content.strip())]
    for index, child in enumerate(children):
        if child.type in ("strong_open", "em_open"):
            continue
        if marker and index == 0 and child.type == "text" and _is_marker(child.content):
            continue
        if child.type == "link_open":
            close = next((i for i in range(index, len(children)) if children[i].type == "link_close"), None)
            if close is None:
                return None
            words = _words(children[index:close])
            return Link(url=str(child.attrGet("href") or ""), text=words) if words else None
        return None
    return None


def _bold_lead(token: Token, env: dict) -> tuple[str | None, bool]:
    """(bold text the paragraph opens with, whether the paragraph holds only that). Bold inside
    italics (`***Title***`) counts too."""
    parsed = _inline(token, env)
    return (None, False) if isinstance(parsed, PlainInline) else tokens_bold(parsed)


def tokens_bold(children: list[Token]) -> tuple[str | None, bool]:
    children = [c for c in children if not (c.type == "text" and not c.content.strip())]
    start = 1 if children[:1] and children[0].type == "em_open" else 0
    if len(children) <= start or children[start].type != "strong_open":
        return None, False
    close = next((i for i, c in enumerate(children) if c.type == "strong_close"), None)
    if close is None:
        return None, False
    words = _words(children[start + 1 : close])
    tail = children[close + 1 :]
    if start and tail and tail[0].type == "em_close":
        tail = tail[1:]
    rest = "".join(c.content for c in tail if c.type in _TEXT)
    return (words or None), not rest.strip(" .:")


def _top_level_groups(tokens: list[Token]) -> list[list[Token]]:
    groups: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if depth == 0:
            groups.append([])
        groups[-1].append(token)
        depth += token.nesting
        depth = max(depth, 0)
    return groups


def _to_block(group: list[Token], offset: int, env: dict) -> Block | None:
    head = group[0]
    if head.map is None:
        return None
    block = Block(kind=head.type.removesuffix("_open"), start=head.map[0] + offset, end=head.map[1] + offset)
    if block.kind == "html_block":
        block.text = head.content
        block.links = html_fragment(head.content)[1]
        heading = _HTML_HEADING.match(head.content)
        if heading and head.content.count("<h") == 1:  # an HTML card's title: a heading like any other
            block.kind, block.level = "heading", int(heading.group(1))
            block.text = _heading_text(html_fragment(head.content)[0])
        return block
    if block.kind == "heading":
        block.level = int(head.tag[1])
        block.text = _heading_text(inline_text(group[1], env))
    for token in group:
        if token.type == "inline":
            block.links.extend(inline_links(token, env))
    if block.kind == "paragraph":
        block.bold, block.bold_only = _bold_lead(group[1], env)
        block.lead = _lead_link(group[1], env, marker=True)
    elif block.kind in ("bullet_list", "ordered_list"):
        block.units = _list_units(group, offset, env)
    elif block.kind == "table":
        block.headers, block.units = _table_rows(group, offset, env)
    return block


_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^>]*>", re.I)
_ATTRIBUTES = re.compile(r"\s*\{[#.][^{}]*\}\s*$")


def _heading_text(text: str) -> str:
    """A heading's title: one line, without a trailing `{#id}` attribute list or colon."""
    return _ATTRIBUTES.sub("", " ".join(text.split())).rstrip(":;,").strip()


def _list_units(group: list[Token], offset: int, env: dict) -> list[Unit]:
    """The list's top-level items; an item whose first line is text may lead with a link."""
    units: list[Unit] = []
    first_inline = False  # the next inline token is the first after a top-level item opened
    for token in group:
        if token.type == "list_item_open" and token.level == 1 and token.map:
            units.append(Unit(start=token.map[0] + offset, end=token.map[1] + offset))
            first_inline = True
        elif token.type == "inline":
            if first_inline and token.map and token.map[0] + offset == units[-1].start:
                units[-1].lead = _lead_link(token, env, marker=True)
            first_inline = False
            if units:
                units[-1].links.extend(inline_links(token, env))
    return units


def _table_rows(group: list[Token], offset: int, env: dict) -> tuple[list[str], list[Unit]]:
    headers: list[str] = []
    rows: list[Unit] = []
    in_body = False
    for token in group:
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tr_open" and in_body and token.map:
            rows.append(Unit(start=token.map[0] + offset, end=token.map[1] + offset))
        elif token.type == "inline" and not in_body:
            headers.append(inline_text(token, env))
        elif token.type == "inline" and rows:
            rows[-1].cells.append(token.content.strip())
            rows[-1].links.extend(inline_links(token, env))
            if rows[-1].lead is None and len(rows[-1].cells) == 1:
                rows[-1].lead = _lead_link(token, env)
    return headers, rows


def _chunks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line ranges of about CHUNK_CHARS each, cut before a top-level heading or paragraph."""
    ranges: list[tuple[int, int]] = []
    start, size, fence = 0, 0, ""
    for index, line in enumerate(lines):
        opener = _FENCE.match(line)
        if opener and (not fence or (opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence))):
            fence = "" if fence else opener.group(1)
        can_cut = (
            not fence
            and size >= CHUNK_CHARS
            and index > start
            and not lines[index - 1].strip()
            and line[:1] not in ("", " ", "\t", "-", "*", "+", ">", "|")
            and not line[:1].isdigit()
        )
        if can_cut:
            ranges.append((start, index))
            start, size = index, 0
        size += len(line) + 1
    ranges.append((start, len(lines)))
    return ranges


def _references(lines: list[str]) -> dict[str, dict[str, str]]:
    refs: dict[str, dict[str, str]] = {}
    for line in lines:
        match = _REFERENCE.match(line)
        if match:
            refs.setdefault(
                normalizeReference(match.group("label")), {"href": match.group("url"), "title": ""}
            )
    return refs


def markdown_blocks(text: str) -> tuple[list[Block], dict[str, dict[str, str]]]:
    """Top-level blocks of `text` (line numbers into `text.split('\\n')`) and its link definitions."""
    lines = text.split("\n")
    references = _references(lines) if "]:" in text else {}
    blocks: list[Block] = []
    for first, end in _chunks(lines):
        env = {"references": dict(references)}
        for run in simple_runs(lines, first, end):
            parsed = _parse_blocks(lines, first, run.start, env)
            if not (parsed and parsed[-1].kind == "heading" and parsed[-1].start == run.heading):
                break  # the heading is not at the top level (in a fence, an HTML block): as usual
            blocks += parsed
            blocks.append(_simple_list(run, env))
            first = run.stop
        blocks += _parse_blocks(lines, first, end, env)
    return blocks, references


def _parse_blocks(lines: list[str], first: int, end: int, env: dict) -> list[Block]:
    tokens = _MD.parse("\n".join(lines[first:end]), env)
    return [b for b in (_to_block(g, first, env) for g in _top_level_groups(tokens)) if b is not None]


def _simple_list(run: Run, env: dict) -> Block:
    """The tight list of one-line entries of `run` as markdown-it would make it."""
    block = Block(kind="bullet_list", start=run.start, end=run.list_end)
    units = block.units
    for number, entry in enumerate(run.entries, run.start):
        unit = Unit(start=number, end=number + 1)
        unit.lead, unit.links = _entry_lead_and_links(entry, env)
        block.links += unit.links
        units.append(unit)
    units[-1].end = run.list_end
    return block


def _entry_lead_and_links(content: str, env: dict) -> tuple[Link | None, list[Link]]:
    """The lead link (a marker allowed before it) and the links of a list entry's one-line text, as
    `_lead_link` and `inline_links` give them for its inline token."""
    parsed = _read_inline(content, env)
    if isinstance(parsed, PlainInline):
        links = parsed.links()
        return parsed.lead(_is_marker, links), links
    return tokens_lead(parsed, True), tokens_links(parsed)


def is_reference_line(line: str) -> bool:
    return bool(_REFERENCE.match(line))

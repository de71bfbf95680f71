"""Items inside one Markdown section: link bullets, bold-title paragraphs, table rows; span bodies.

A section whose content is a list of `* [title](url) ...` bullets, a run of `**Title.** text`
paragraphs or a table is not one item but several: each bullet, paragraph or row is an item and
the section heading names their section.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import normalizeReference

from reader.core.model import Link
from reader.core.parsing.common import DraftItem, bare_urls, first_sentence, merge_links, tidy_title
from reader.core.parsing.htmltext import html_fragment
from reader.core.parsing.mdblocks import Block, Unit, is_reference_line

MAX_INTRO = 300
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_LINK = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|href=\"[^\"]*\"|^ {0,3}\[[^\]]+\]:.*$", re.M)
_LABEL = re.compile(r"\[([^\]\n]{1,200})\]")
_MARKER = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
_LEAD_MD = re.compile(
    r"^(?:\*\*|__|\*|_)?\[(?:[^\]\\\n]|\\.)*\](?:\([^)\n]*\)|\[[^\]\n]*\])?(?:\*\*|__|\*|_)?[ \t]*(?:[-–—:|,.][ \t]*)?"
)
_BOLD_MD = re.compile(r"^(\*\*|__)(.+?)\1[ \t]*[.:]?[ \t]*")
_MD_MARKS = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`]")
Span = tuple[str, list[Link]]


def span_text(lines: list[str], blocks: list[Block], first: int, last: int, refs: dict) -> Span:
    """Markdown body of lines [first, last) and its links; HTML blocks become text, comments go."""
    out: list[str] = []
    links: list[Link] = []
    cursor = first
    for block in blocks:
        out.extend(line for line in lines[cursor : block.start] if not is_reference_line(line))
        block_end = min(block.end, last)
        if block.kind == "html_block":
            plain, found = html_fragment(block.text)
            links.extend(found)
            out.extend(plain.split("\n") if plain else [])
        else:
            out.extend(lines[block.start : block_end])
            links.extend(block.links)
        cursor = max(cursor, block_end)
    out.extend(line for line in lines[cursor:last] if not is_reference_line(line))
    body = _COMMENT.sub("", "\n".join(out)).strip("\n")
    return with_definitions(body, refs), merge_links(links, bare_urls(_MD_LINK.sub("", body)))


def with_definitions(body: str, refs: dict) -> str:
    """Append the reference-link definitions `body` uses, so it still renders on its own."""
    if not refs or "[" not in body:
        return body
    used: dict[str, str] = {}
    for match in _LABEL.finditer(body):
        key = normalizeReference(match.group(1))
        if key in refs and key not in used:
            used[key] = f"[{match.group(1)}]: {refs[key]['href']}"
    return body + "\n\n" + "\n".join(used.values()) if used else body


def split_units(
    blocks: list[Block], lines: list[str], refs: dict, min_leads: int = 2
) -> tuple[str, list[DraftItem]] | None:
    """(intro text, items) when `blocks` are link bullets (at least `min_leads` of them), bold-title
    paragraphs or table rows."""
    content = [
        b for b in blocks if b.kind != "hr" and not (b.kind == "html_block" and not html_fragment(b.text)[0])
    ]
    if not content:
        return None
    return (
        _link_bullets(content, lines, refs, min_leads)
        or _table_rows(content, lines, refs)
        or _bold_paragraphs(content, lines, refs)
    )


def _intro_end(content: list[Block], lines: list[str], is_unit: type | object) -> int:
    """How many leading paragraphs form a short intro before the units start."""
    size = 0
    for index, block in enumerate(content):
        if is_unit(block):  # type: ignore[operator]
            return index
        size += sum(len(line) for line in lines[block.start : block.end])
        if block.kind != "paragraph" or size > MAX_INTRO or index >= 2:
            return -1
    return -1


def _intro_text(content: list[Block], count: int, lines: list[str]) -> str:
    return "\n\n".join("\n".join(lines[b.start : b.end]).strip() for b in content[:count])


def _link_bullets(
    content: list[Block], lines: list[str], refs: dict, min_leads: int = 2
) -> tuple[str, list[DraftItem]] | None:
    def is_list(block: Block) -> bool:
        return block.kind in ("bullet_list", "ordered_list")

    start = _intro_end(content, lines, is_list)
    if start < 0:
        return None
    rest = content[start:]
    if any(not is_list(b) and not (b.kind == "paragraph" and b.bold_only) for b in rest):
        return None
    units = [u for b in rest if is_list(b) for u in b.units]
    leads = sum(1 for u in units if u.lead)
    if leads < min_leads or leads < 0.6 * len(units):
        return None
    items: list[DraftItem] = []
    label: str | None = None
    for block in rest:
        if not is_list(block):
            label = tidy_title(block.bold or "")
            continue
        items.extend(_list_item(unit, lines, refs, label) for unit in block.units)
    return _intro_text(content, start, lines), items


def _list_item(unit: Unit, lines: list[str], refs: dict, label: str | None) -> DraftItem:
    raw = lines[unit.start : unit.end]
    marker = _MARKER.match(raw[0])
    width = len(marker.group(0)) if marker else 0
    first = raw[0][width:]
    rest = [line[width:] if not line[:width].strip() else line.lstrip() for line in raw[1:]]
    if unit.lead:
        title, first = unit.lead.text, _LEAD_MD.sub("", first, count=1)
    else:
        title, first = title_and_rest(_MD_MARKS.sub(r"\1", first))
    body = with_definitions("\n".join([first, *rest]).strip(), refs)
    links = merge_links([unit.lead] if unit.lead else [], unit.links, bare_urls(_MD_LINK.sub("", body)))
    return DraftItem(title=tidy_title(title), body=body, links=links, section=label)


def title_and_rest(text: str, limit: int = 90) -> tuple[str, str]:
    """A short text is all title; a long one gives its first sentence as title, the rest as body."""
    text = text.strip()
    if len(text) <= limit:
        return text, ""
    head, sep, rest = text.partition(". ")
    if sep and len(head) <= limit:
        return head, rest
    return first_sentence(text, limit), text


def _table_rows(content: list[Block], lines: list[str], refs: dict) -> tuple[str, list[DraftItem]] | None:
    start = _intro_end(content, lines, lambda b: b.kind == "table")
    if start < 0 or any(b.kind != "table" for b in content[start:]):
        return None
    tables = content[start:]
    if sum(len(t.units) for t in tables) < 2:
        return None
    items = []
    for table in tables:
        for row in table.units:
            cells = [_MD_MARKS.sub(r"\1", c).strip() for c in row.cells]
            title_at = next((i for i, c in enumerate(cells) if c), 0)
            title = row.lead.text if row.lead else (cells[title_at] if cells else "")
            body = "\n\n".join(
                f"**{table.headers[i]}:** {cell}" if i < len(table.headers) and table.headers[i] else cell
                for i, cell in enumerate(row.cells)
                if i != title_at and cell
            )
            links = merge_links(row.links, bare_urls(_MD_LINK.sub("", body)))
            items.append(DraftItem(title=tidy_title(title), body=with_definitions(body, refs), links=links))
    return _intro_text(content, start, lines), items


def _is_bold_title(block: Block) -> bool:
    return (
        block.kind == "paragraph"
        and bool(block.bold)
        and len(block.bold or "") <= 150
        and not (block.bold or "").endswith(":")
    )


def _bold_paragraphs(
    content: list[Block], lines: list[str], refs: dict
) -> tuple[str, list[DraftItem]] | None:
    starts = [i for i, b in enumerate(content) if _is_bold_title(b)]
    paragraphs = sum(1 for b in content if b.kind == "paragraph")
    if not starts or starts[0] != 0 or len(starts) < 2 or len(starts) * 3 < paragraphs:
        return None
    items = []
    for n, index in enumerate(starts):
        head = content[index]
        nxt = content[starts[n + 1]].start if n + 1 < len(starts) else content[-1].end
        following = [b for b in content[index + 1 :] if b.start < nxt]
        first_lines = lines[head.start : head.end]
        first_lines[0] = _BOLD_MD.sub("", first_lines[0].lstrip(), count=1)
        body_rest, links = span_text(lines, following, head.end, nxt, {})
        body = "\n".join(first_lines).strip() + ("\n\n" + body_rest if body_rest else "")
        items.append(
            DraftItem(
                title=tidy_title(head.bold or "").rstrip("."),
                body=with_definitions(body.strip(), refs),
                links=merge_links(head.links, links, bare_urls(_MD_LINK.sub("", "\n".join(first_lines)))),
            )
        )
    return "", items

"""Items inside one Markdown section: link bullets, bold-title paragraphs, table rows; span bodies.

A section whose content is a list of `* [title](url) ...` bullets, a run of `**Title.** text`
paragraphs or a table is not one item but several: each bullet, paragraph or row is an item and
the section heading names their section.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it.common.utils import normalizeReference

from reader.core.model import Link
from reader.core.parsing.common import DraftItem, bare_urls, first_sentence, merge_links, tidy_title
from reader.core.parsing.htmltext import html_fragment
from reader.core.parsing.mdblocks import Block, Unit, is_reference_line
from reader.core.parsing.mdinline import strip_tags

MAX_INTRO = 300
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_LINK = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|href=\"[^\"]*\"|^ {0,3}\[[^\]]+\]:.*$", re.M)
_LABEL = re.compile(r"\[([^\]\n]{1,200})\]")
_MARKER = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
_LEAD_MD = re.compile(
    r"^(?:[^\w\s\[*_]{1,4}[ \t]*)?(?:\*\*|__|\*|_)?\[(?:[^\]\\]|\\.)*\](?:\([^)\n]*\)|\[[^\]\n]*\])?"
    r"(?:\*\*|__|\*|_)?[ \t]*(?:\\?[-–—:|,.][ \t]*)?"
)
_BOLD_MD = re.compile(r"^\*?(\*\*|__)(.+?)\1\*?[ \t]*[.:]?[ \t]*")
_BOLD_ANY = re.compile(r"(\*\*|__)(.+?)\1")
_LEAD_MARKER = re.compile(r"^\d{1,3}\s*[、．:：]\s*|^[^\w\s\[*_]{1,4}\s*")
_MD_MARKS = re.compile(r"\[([^\]]*)\]\([^)]*\)|`|\*+|(?<![^\W_])_+|_+(?![^\W_])")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash escape: the punctuation is literal
_HELD = re.compile("[\ue021-\ue07e]")  # an escaped character, held out of _MD_MARKS' reach
_HELD_ANGLES = {ord("<"): 0xE000 + ord("<"), ord(">"): 0xE000 + ord(">")}
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
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
    return with_definitions(body, refs), merge_links(links, _bare_urls(body))


def _bare_urls(markdown: str) -> list[Link]:
    """The bare URLs of `markdown` outside its link syntax (a URL holds a `:` or, as `www.`, a `.`)."""
    if ":" not in markdown and "." not in markdown:
        return []
    if "](" in markdown or "<http" in markdown or 'href="' in markdown or "]:" in markdown:
        markdown = _MD_LINK.sub("", markdown)  # each of its patterns holds one of those
    return bare_urls(markdown)


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


@dataclass
class Units:
    """A span read as items: the short text before them, the items, and the short text after them."""

    intro: str
    items: list[DraftItem]
    outro: str = ""
    outro_links: list[Link] = field(default_factory=list)


def split_units(
    blocks: list[Block],
    lines: list[str],
    refs: dict,
    min_leads: int = 2,
    plain_lists: bool = False,
    memo: dict | None = None,
) -> Units | None:
    """Items of `blocks` when they are link bullets (at least `min_leads` of them; with `plain_lists`
    any list entries), table rows, bold-title paragraphs or link-led paragraphs; else None. `memo`
    keeps link-bullet items built for the same blocks under another `min_leads`."""
    content = [
        b for b in blocks if b.kind != "hr" and not (b.kind == "html_block" and not html_fragment(b.text)[0])
    ]
    if not content:
        return None
    return (
        _link_bullets(content, lines, refs, min_leads, plain_lists, {} if memo is None else memo)
        or _table_rows(content, lines, refs)
        or _titled_paragraphs(content, lines, refs, _is_bold_title, _bold_item)
        or _titled_paragraphs(content, lines, refs, _is_lead_paragraph, _lead_item)
    )


def _intro_end(content: list[Block], lines: list[str], is_unit: Callable[[Block], bool]) -> int:
    """How many leading paragraphs form a short intro before the units start."""
    size = 0
    for index, block in enumerate(content):
        if is_unit(block):
            return index
        size += sum(len(line) for line in lines[block.start : block.end])
        if block.kind not in ("paragraph", "blockquote", "html_block") or size > MAX_INTRO or index >= 2:
            return -1
    return -1


def _outro_start(content: list[Block], lines: list[str], is_unit: Callable[[Block], bool]) -> int:
    """Where a short closing text after the last unit block starts (`len(content)` when none)."""
    last = max((i for i, b in enumerate(content) if is_unit(b)), default=len(content) - 1)
    tail = content[last + 1 :]
    size = sum(len(line) for b in tail for line in lines[b.start : b.end])
    return last + 1 if len(tail) <= 3 and size <= 2 * MAX_INTRO else -1


def _text_of(content: list[Block], lines: list[str], refs: dict) -> tuple[str, list[Link]]:
    if not content:
        return "", []
    return span_text(lines, content, content[0].start, content[-1].end, refs)


def _is_list(block: Block) -> bool:
    return block.kind in ("bullet_list", "ordered_list")


def _link_bullets(
    content: list[Block], lines: list[str], refs: dict, min_leads: int, plain_lists: bool, memo: dict
) -> Units | None:
    start = _intro_end(content, lines, _is_list)
    stop = _outro_start(content, lines, _is_list)
    if start < 0 or stop < 0:
        return None
    rest = content[start:stop]
    if any(not _is_list(b) and not (b.kind == "paragraph" and b.bold_only) for b in rest):
        return None
    units = [u for b in rest if _is_list(b) for u in b.units]
    leads = sum(1 for u in units if u.lead)
    linked = len(units) if plain_lists else sum(1 for u in units if u.lead or u.links)
    enough = plain_lists or leads >= min_leads or linked >= 3  # a link first, or a link in each of many
    if not units or not enough or linked < 0.6 * len(units):
        return None
    if all(u.lead is None or u.lead.url.startswith("#") for u in units) and any(u.lead for u in units):
        return None  # links to places in the page: a table of contents, not entries
    key = (content[0].start, content[-1].end, start, stop)  # what the items are built from
    if key not in memo:
        memo[key] = _bullet_units(content, start, stop, lines, refs)
    built: Units = memo[key]
    return built


def _bullet_units(content: list[Block], start: int, stop: int, lines: list[str], refs: dict) -> Units:
    rest = content[start:stop]
    items: list[DraftItem] = []
    label: str | None = None
    for block in rest:
        if not _is_list(block):
            label = tidy_title(block.bold or "")
            continue
        items.extend(_list_item(unit, lines, refs, label) for unit in block.units)
    outro, outro_links = _text_of(content[stop:], lines, refs)
    return Units(_text_of(content[:start], lines, refs)[0], items, outro, outro_links)


def _list_item(unit: Unit, lines: list[str], refs: dict, label: str | None) -> DraftItem:
    first = lines[unit.start]
    marker = _MARKER.match(first)
    width = marker.end() if marker else 0
    text = first[width:]
    if unit.end - unit.start > 1:
        rest = [
            line[width:] if not line[:width].strip() else line.lstrip()
            for line in lines[unit.start + 1 : unit.end]
        ]
        text = "\n".join([text, *rest])
    if unit.lead:
        title, text = unit.lead.text, _LEAD_MD.sub("", text, count=1)
    else:
        first, _, others = text.partition("\n")
        held = _hold(first)
        title, first = title_and_rest(_MD_MARKS.sub(r"\1", held or first))
        title = strip_tags(title)
        if held is not None:
            title, first = _released(title), _released(first, escaped=True)
        text = "\n".join(filter(None, [first, others]))
    body = with_definitions(text.strip(), refs)
    links = merge_links([unit.lead] if unit.lead else [], unit.links, _bare_urls(body))
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


_ROW_MARKER = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*•])\s+")


def _table_rows(content: list[Block], lines: list[str], refs: dict) -> Units | None:
    start = _intro_end(content, lines, lambda b: b.kind == "table")
    stop = _outro_start(content, lines, lambda b: b.kind == "table")
    if start < 0 or stop < 0 or any(b.kind != "table" for b in content[start:stop]):
        return None
    tables = content[start:stop]
    if sum(len(t.units) for t in tables) < 2:
        return None
    items = []
    for table in tables:
        for row in table.units:
            title, cells = _row_title(row)
            body = "\n\n".join(
                f"**{table.headers[i]}:** {cell}" if i < len(table.headers) and table.headers[i] else cell
                for i, cell in enumerate(cells)
                if cell
            )
            links = merge_links(row.links, _bare_urls(body))
            items.append(DraftItem(title=tidy_title(title), body=with_definitions(body, refs), links=links))
    outro, outro_links = _text_of(content[stop:], lines, refs)
    return Units(_text_of(content[:start], lines, refs)[0], items, outro, outro_links)


def _row_title(row: Unit) -> tuple[str, list[str]]:
    """A row's title (its lead link, the first cell's bold part, or its first filled cell) and the
    cells left for the body (a cell that was all title is emptied)."""
    cells = list(row.cells)
    if row.lead:
        return row.lead.text, ["", *cells[1:]] if cells else []
    title_at = next((i for i, c in enumerate(cells) if c.strip()), 0)
    if not cells:
        return "", []
    cell = _ROW_MARKER.sub("", cells[title_at])
    bold = _BOLD_MD.match(cell) or _BOLD_ANY.search(cell)
    if bold and len(bold.group(2)) < len(cell):
        rest = (cell[: bold.start()] + cell[bold.end() :]).strip().lstrip("-–—:|, ").strip()
        cells[title_at] = rest
        return plain_title(bold.group(2)), cells
    cells[title_at] = ""
    return plain_title(cell), cells


def _hold(markdown: str) -> str | None:
    """`markdown` with each backslash-escaped character, and each angle bracket of a code span, held
    as a private-use character out of reach of `_MD_MARKS` and tag stripping; None when there is
    nothing to hold (or the text holds such characters already)."""
    if _HELD.search(markdown):
        return None
    held = _ESCAPED.sub(lambda m: chr(0xE000 + ord(m.group(1))), markdown) if "\\" in markdown else markdown
    if "`" in held and "<" in held:
        held = _CODE_SPAN.sub(lambda m: m.group(0).translate(_HELD_ANGLES), held)
    return held if held != markdown else None


def _released(text: str, escaped: bool = False) -> str:
    """`text` with the held characters put back: escaped again for Markdown, else as they read."""
    prefix = "\\" if escaped else ""
    return _HELD.sub(lambda m: prefix + chr(ord(m.group(0)) - 0xE000), text)


def plain_title(markdown: str) -> str:
    """One line of Markdown as a plain title: link syntax, code and emphasis marks, inline HTML
    tags and backslash escapes taken out (`[a](u) \\- <b>b</b>` reads "a - b"); a code span keeps
    its text, tags included."""
    held = _hold(markdown)
    title = strip_tags(_MD_MARKS.sub(r"\1", held or markdown))
    return (_released(title) if held is not None else title).strip()


def _is_bold_title(block: Block) -> bool:
    return (
        block.kind == "paragraph"
        and bool(block.bold)
        and len(block.bold or "") <= 150
        and not (block.bold or "").endswith(":")
    )


def _is_lead_paragraph(block: Block) -> bool:
    return block.kind == "paragraph" and block.lead is not None and len(block.lead.text) <= 200


def _titled_paragraphs(
    content: list[Block],
    lines: list[str],
    refs: dict,
    is_title: Callable[[Block], bool],
    make_item: Callable[[Block, list[str]], DraftItem],
) -> Units | None:
    """Paragraphs that open with a title (bold text, a link), each with the blocks up to the next."""
    start = _intro_end(content, lines, is_title)
    if start < 0:
        return None
    rest = content[start:]
    starts: list[int] = []
    for index, block in enumerate(rest):
        if is_title(block) and not (starts and _same_target(rest[starts[-1]], block)):
            starts.append(index)  # a link to the item's own target ("Read the post →") goes on it
    paragraphs = sum(1 for b in rest if b.kind == "paragraph")
    if len(starts) < 2 or len(starts) * 3 < paragraphs:
        return None
    items = []
    for n, index in enumerate(starts):
        head = rest[index]
        nxt = rest[starts[n + 1]].start if n + 1 < len(starts) else rest[-1].end
        following = [b for b in rest[index + 1 :] if b.start < nxt]
        item = make_item(head, lines)
        body_rest, links = span_text(lines, following, head.end, nxt, {})
        item.body = with_definitions("\n\n".join(filter(None, [item.body, body_rest])).strip(), refs)
        item.links = merge_links(item.links, links)
        items.append(item)
    return Units(_text_of(content[:start], lines, refs)[0], items)


def _same_target(title: Block, block: Block) -> bool:
    return title.lead is not None and block.lead is not None and title.lead.url == block.lead.url


def _bold_item(head: Block, lines: list[str]) -> DraftItem:
    first_lines = lines[head.start : head.end]
    first_lines[0] = _BOLD_MD.sub("", first_lines[0].lstrip(), count=1)
    text = "\n".join(first_lines).strip()
    links = merge_links(head.links, _bare_urls(text))
    return DraftItem(title=tidy_title(head.bold or "").rstrip("."), body=text, links=links)


def _lead_item(head: Block, lines: list[str]) -> DraftItem:
    assert head.lead is not None
    first_lines = lines[head.start : head.end]
    first_lines[0] = _LEAD_MD.sub(
        "", _ROW_MARKER.sub("", _LEAD_MARKER.sub("", first_lines[0].lstrip())), count=1
    )
    text = "\n".join(first_lines).strip()
    links = merge_links([head.lead], head.links, _bare_urls(text))
    return DraftItem(title=tidy_title(head.lead.text), body=text, links=links)

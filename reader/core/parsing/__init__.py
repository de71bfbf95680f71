"""One entry point for every digest format: `parse_file(path)` and `parse_text(text, name)`.

Each format family lives in its own small module; `detect_format` picks one per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.core.decoding import UnreadableFile, decode_bytes
from reader.core.model import Issue, Item, assign_item_ids, issue_id_for
from reader.core.parsing.bullets import bullet_count, parse_bullets
from reader.core.parsing.common import Draft, DraftItem, derive_title, first_sentence
from reader.core.parsing.headlines import headline_blocks, parse_headlines
from reader.core.parsing.markdown_format import has_markdown_headings, parse_markdown
from reader.core.parsing.numbered import numbered_entries, parse_numbered
from reader.core.parsing.plaintext import lines_to_markdown
from reader.core.sanitize import clean_line

PARSER_VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass
class ParseOutcome:
    """A parsed file: its issue, or None when it was skipped, and what went wrong on the way."""

    path: Path
    issue: Issue | None
    warnings: list[str] = field(default_factory=list)


def detect_format(text: str) -> str:
    lines = text.split("\n")
    if has_markdown_headings(text):
        return "markdown"
    content = [line for line in lines if line.strip()]
    bullets = bullet_count(lines)
    if bullets >= 3 and bullets >= 0.4 * len(content):
        return "bullets"
    if len(numbered_entries(lines)) >= 3:
        return "numbered"
    if len(headline_blocks(lines)) >= 2:
        return "headlines"
    if bullets >= 3:
        return "bullets"
    return "single"


def _parse_single(text: str) -> Draft:
    """A digest with no structure we know: one item holding the whole text."""
    lines = text.split("\n")
    first = next((line.strip() for line in lines if line.strip()), "")
    title = first if len(first) <= 90 else first_sentence(first)
    return Draft(format="single", items=[DraftItem(title=title, body=lines_to_markdown(lines))])


_PARSERS = {
    "markdown": parse_markdown,
    "bullets": parse_bullets,
    "numbered": parse_numbered,
    "headlines": parse_headlines,
    "single": _parse_single,
}


def parse_text(text: str, source: str | Path, fmt: str | None = None) -> tuple[Issue, list[str]]:
    """Parse clean text of one digest into an Issue; also return the parser's warnings."""
    path = Path(source)
    fmt = fmt or detect_format(text)
    draft = _PARSERS[fmt](text)
    issue_id = issue_id_for(path.stem)
    items = [
        Item(
            id="",
            title=clean_line(d.title) or "(untitled)",
            body=d.body.strip(),
            links=d.links,
            section=clean_line(d.section) if d.section else None,
            author=clean_line(d.author) if d.author else None,
        )
        for d in draft.items
        if d.title.strip() or d.body.strip()
    ]
    assign_item_ids(issue_id, items)
    title = clean_line(draft.title or "") or derive_title(draft, text, path.stem)
    issue = Issue(
        id=issue_id,
        title=title,
        source=str(path),
        date=draft.date,
        author=draft.author,
        preamble=draft.preamble.strip(),
        footer=draft.footer.strip(),
        links=draft.links,
        items=items,
        format=fmt,
    )
    return issue, draft.warnings


def parse_file(path: str | Path) -> ParseOutcome:
    """Read and parse one digest file. Never raises for bad content: it says why in `warnings`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ParseOutcome(path, None, [f"{path}: skipped, too large ({size // 2**20} MB)"])
        text, _encoding = decode_bytes(path.read_bytes())
    except UnreadableFile as exc:
        return ParseOutcome(path, None, [f"{path}: skipped, {exc}"])
    except OSError as exc:
        return ParseOutcome(path, None, [f"{path}: skipped, cannot read ({exc.strerror or exc})"])
    try:
        issue, warnings = parse_text(text, path)
    except RecursionError:
        return ParseOutcome(path, None, [f"{path}: skipped, nested too deeply to parse"])
    if not issue.items:
        warnings.append("no items found")
    return ParseOutcome(path, issue, [f"{path}: {w}" for w in warnings])

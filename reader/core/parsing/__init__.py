"""One entry point for every digest format: `parse_file(path)`, `parse_bytes`, `parse_text`.

Each format family lives in its own small module; `detect_format` picks one per file. A feed
file (RSS/Atom) yields one issue per entry, every other file one issue: `ParseOutcome.issues`
holds them all and `ParseOutcome.issue` the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.core.decoding import UnreadableFile, decode_bytes
from reader.core.model import Issue, Item, assign_item_ids, issue_id_for, slugify
from reader.core.mojibake import repair_mojibake
from reader.core.parsing.bullets import bullet_count, parse_bullets
from reader.core.parsing.common import Draft, DraftItem, derive_title, find_date, first_sentence, text_links
from reader.core.parsing.feeds import looks_like_feed, parse_feed
from reader.core.parsing.frontmatter import split_metadata
from reader.core.parsing.headlines import headline_blocks, parse_headlines
from reader.core.parsing.html_format import looks_like_html, parse_html
from reader.core.parsing.markdown_format import Prepared, has_structure, parse_markdown, prepare
from reader.core.parsing.mdblocks import might_be_markdown
from reader.core.parsing.numbered import numbered_entries, parse_numbered
from reader.core.parsing.plaintext import lines_to_markdown
from reader.core.parsing.rst import looks_like_rst, parse_rst
from reader.core.sanitize import clean_line, clean_text

PARSER_VERSION = 4
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass
class ParseOutcome:
    """A parsed file: its issues (none when it was skipped) and what went wrong on the way."""

    path: Path
    issues: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def issue(self) -> Issue | None:
        """The file's first issue: the only one, except for feeds."""
        return self.issues[0] if self.issues else None


def _plain_format(text: str) -> str:
    lines = text.split("\n")
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


def _detect(text: str) -> tuple[str, Prepared | None]:
    if looks_like_html(text):
        return "html", None
    if looks_like_rst(text):
        return "rst", None
    if might_be_markdown(text):
        prepared = prepare(text)
        lines = text.split("\n")
        if has_structure(prepared, lines):
            headings = [b for b in prepared[0] if b.kind == "heading" and b.text]
            lone_title = len(headings) == 1 and headings[0] is prepared[0][0]
            if not lone_title:
                return "markdown", prepared
            plain = _plain_format("\n".join(lines[headings[0].end :]))
            return ("markdown", prepared) if plain == "single" else (plain, None)
    return _plain_format(text), None


def detect_format(text: str) -> str:
    """The format family of a digest's text: html, rst, markdown, bullets, numbered, headlines or single."""
    return _detect(text)[0]


def _parse_single(text: str) -> Draft:
    """A digest with no structure we know: one item holding the whole text."""
    lines = text.split("\n")
    first = next((line.strip().lstrip("#").strip() for line in lines if line.strip()), "")
    title = first if len(first) <= 90 else first_sentence(first)
    body = lines_to_markdown(lines)
    return Draft(format="single", items=[DraftItem(title=title, body=body, links=text_links(body))])


_PARSERS = {
    "bullets": parse_bullets,
    "numbered": parse_numbered,
    "headlines": parse_headlines,
    "single": _parse_single,
    "html": parse_html,
    "rst": parse_rst,
}


def _draft_for(text: str, fmt: str | None = None) -> Draft:
    meta, body = split_metadata(text)
    prepared = None
    if fmt is None:
        fmt, prepared = _detect(body)
    draft = parse_markdown(body, prepared, meta.get("title")) if fmt == "markdown" else _PARSERS[fmt](body)
    if meta.get("title"):
        draft.title = meta["title"]
    when = meta.get("date") or meta.get("published")
    draft.date = (find_date(when, draft.warnings) if when else None) or draft.date
    draft.author = meta.get("author") or meta.get("authors") or draft.author
    if not draft.items and draft.preamble.strip():  # no structure found: the text is one item
        first = next(line for line in draft.preamble.split("\n") if line.strip())
        title = first_sentence(first, 90)
        draft.items = [DraftItem(title=title, body=draft.preamble, links=text_links(draft.preamble))]
        draft.links = [link for link in draft.links if link.url not in {k.url for k in draft.items[0].links}]
        draft.preamble = ""
    number = meta.get("number") or meta.get("issue")
    if number and not draft.title:
        draft.preamble = f"Issue {number}\n\n{draft.preamble}".strip()
    return draft


def _build_issue(draft: Draft, text: str, path: Path, issue_id: str) -> Issue:
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
    if not draft.date:
        draft.date = find_date(path.stem.replace("_", "-").replace(".", "-"), draft.warnings)
    return Issue(
        id=issue_id,
        title=clean_line(draft.title or "") or derive_title(draft, text, path.stem),
        source=str(path),
        date=draft.date,
        author=clean_line(draft.author) if draft.author else None,
        preamble=draft.preamble.strip(),
        footer=draft.footer.strip(),
        links=draft.links,
        items=items,
        format=draft.format,
    )


def parse_text(text: str, source: str | Path, fmt: str | None = None) -> tuple[Issue, list[str]]:
    """Parse the text of one digest into an Issue; also return the parser's warnings."""
    return _parse_clean(clean_text(text), Path(source), fmt)


def _parse_clean(text: str, path: Path, fmt: str | None = None) -> tuple[Issue, list[str]]:
    draft = _draft_for(text, fmt)
    return _build_issue(draft, text, path, issue_id_for(path.stem)), draft.warnings


def _markup_draft(content: str, is_html: bool) -> Draft:
    content = clean_text(repair_mojibake(content))
    return parse_html(content) if is_html else _draft_for(content)


def _feed_issues(data: bytes, path: Path) -> tuple[list[Issue], list[str]]:
    entries, warnings = parse_feed(data, _markup_draft)
    base = issue_id_for(path.stem)
    seen: dict[str, int] = {}
    issues = []
    for entry in entries:
        slug = slugify(entry.draft.title or "", 24) or "entry"
        seen[slug] = seen.get(slug, 0) + 1
        issue_id = f"{base}-{slug}" + (f"-{seen[slug]}" if seen[slug] > 1 else "")
        text = "\n\n".join([entry.draft.preamble] + [d.title + "\n" + d.body for d in entry.draft.items])
        issues.append(_build_issue(entry.draft, text, path, issue_id))
        warnings.extend(entry.draft.warnings)
    if not entries and not warnings:
        warnings.append("feed has no entries")
    return issues, warnings


def parse_bytes(data: bytes, source: str | Path) -> ParseOutcome:
    """Parse one digest file's bytes. Never raises for bad content: it says why in `warnings`."""
    path = Path(source)
    try:
        if looks_like_feed(data):
            issues, warnings = _feed_issues(data, path)
        else:
            text, _encoding = decode_bytes(data)
            issue, warnings = _parse_clean(text, path)
            issues = [issue]
    except UnreadableFile as exc:
        return ParseOutcome(path, [], [f"{path}: skipped, {exc}"])
    except RecursionError:
        return ParseOutcome(path, [], [f"{path}: skipped, nested too deeply to parse"])
    warnings = list(warnings)
    for issue in issues:
        if not issue.items:
            warnings.append("no items found" if len(issues) == 1 else f"{issue.title}: no items found")
    return ParseOutcome(path, issues, [f"{path}: {w}" for w in warnings])


def parse_file(path: str | Path) -> ParseOutcome:
    """Read and parse one digest file (a feed gives several issues). Never raises for bad content."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ParseOutcome(path, [], [f"{path}: skipped, too large ({size // 2**20} MB)"])
        data = path.read_bytes()
    except OSError as exc:
        return ParseOutcome(path, [], [f"{path}: skipped, cannot read ({exc.strerror or exc})"])
    return parse_bytes(data, path)


parse_file_issues = parse_file

"""One entry point for every digest format: `parse_file(path)`, `parse_bytes`, `parse_text`.

`registry.FORMATS` lists the formats in order; the most confident one reads a file (see
`registry`). A feed file (RSS/Atom) yields one issue per entry, every other file one issue:
`ParseOutcome.issues` holds them all and `ParseOutcome.issue` the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.core.decoding import UnreadableFile
from reader.core.gc_pause import gc_paused
from reader.core.model import Issue, Item, assign_item_ids, issue_id_for, slugify
from reader.core.parser_version import PARSER_VERSION  # bump it there
from reader.core.parsing.common import Draft
from reader.core.parsing.registry import FORMATS, choose, read_drafts
from reader.core.parsing.source import Source
from reader.core.parsing.titles import issue_date, issue_title, shortened_title
from reader.core.regular_files import NotReadable, read_regular
from reader.core.sanitize import clean_line, clean_text

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


def detect_format(text: str) -> str:
    """The name of the format that reads `text` (see `registry.FORMATS`)."""
    return choose(Source.from_text(clean_text(text), Path("text"))).name


def _build_issue(draft: Draft, path: Path, issue_id: str) -> Issue:
    sections: dict[str, str] = {}  # each section name cleaned once: many items share one
    items = []
    for d in draft.items:
        body = d.body.strip()
        if not (body or d.title.strip()):
            continue
        section = sections.get(d.section) if d.section else None
        if d.section and section is None:
            section = sections[d.section] = clean_line(d.section)
        items.append(
            Item(
                id="",
                title=clean_line(d.title) or "(untitled)",
                body=body,
                links=d.links,
                section=section,
                author=clean_line(d.author) if d.author else None,
                date=d.date,
            )
        )
    assign_item_ids(issue_id, items)
    preamble = draft.preamble.strip()
    if shortened_title(draft.title) and draft.title:  # the whole title stays readable, in the intro
        preamble = f"{clean_line(draft.title)}\n\n{preamble}".strip()
    return Issue(
        id=issue_id,
        title=issue_title(draft, path),
        source=str(path),
        date=issue_date(draft, path),
        author=clean_line(draft.author) if draft.author else None,
        preamble=preamble,
        footer=draft.footer.strip(),
        links=draft.links,
        items=items,
        format=draft.format,
        url=clean_line(draft.url) or None if draft.url else None,
    )


def _issues(source: Source, fmt: str | None = None) -> tuple[list[Issue], list[str]]:
    drafts = read_drafts(source, fmt)
    base = issue_id_for(source.path.stem)
    if len(drafts) == 1 and not drafts[0].format.startswith("feed"):
        issues = [_build_issue(drafts[0], source.path, base)]
    else:  # a feed: one issue per entry, ids from the file and the entry's title
        seen: dict[str, int] = {}
        issues = []
        for draft in drafts:
            if not (draft.items or draft.title or draft.preamble):
                continue  # a broken feed's placeholder for its warnings
            slug = slugify(draft.title or "", 24) or "entry"
            seen[slug] = seen.get(slug, 0) + 1
            issue_id = f"{base}-{slug}" + (f"-{seen[slug]}" if seen[slug] > 1 else "")
            issues.append(_build_issue(draft, source.path, issue_id))
    warnings = [w for draft in drafts for w in draft.warnings]
    if not issues and not warnings:
        warnings.append("feed has no entries")
    return issues, warnings


def parse_text(text: str, source: str | Path, fmt: str | None = None) -> tuple[Issue, list[str]]:
    """Parse the text of one digest into an Issue (a feed's first entry); also return the warnings."""
    issues, warnings = _issues(Source.from_text(clean_text(text), Path(source)), fmt)
    if not issues:
        issues, _ = _issues(Source.from_text(clean_text(text), Path(source)), "single")
    return issues[0], warnings


def parse_bytes(data: bytes, source: str | Path) -> ParseOutcome:
    """Parse one digest file's bytes. Never raises for bad content: it says why in `warnings`.

    The cyclic garbage collector is paused meanwhile: parsing builds many objects and no cycles
    (what it drops is freed by reference counts), and the collector's passes over the growing
    heap only slow it down."""
    with gc_paused():
        return _parse_bytes(data, Path(source))


def _parse_bytes(data: bytes, path: Path) -> ParseOutcome:
    try:
        issues, warnings = _issues(Source(path=path, data=data))
    except UnreadableFile as exc:
        return ParseOutcome(path, [], [f"{path}: skipped, {exc}"])
    except RecursionError:
        return ParseOutcome(path, [], [f"{path}: skipped, nested too deeply to parse"])
    for issue in issues:
        if not issue.items:
            warnings.append("no items found" if len(issues) == 1 else f"{issue.title}: no items found")
    return ParseOutcome(path, issues, [f"{path}: {w}" for w in warnings])


def parse_file(path: str | Path) -> ParseOutcome:
    """Read and parse one digest file (a feed gives several issues). Never raises for bad content."""
    path = Path(path)
    try:
        data = read_regular(path, MAX_FILE_BYTES)  # regular files only: a FIFO never blocks
    except NotReadable as exc:
        return ParseOutcome(path, [], [f"{path}: skipped, {exc}"])
    except OSError as exc:
        return ParseOutcome(path, [], [f"{path}: skipped, cannot read ({exc.strerror or exc})"])
    return parse_bytes(data, path)


__all__ = ["FORMATS", "MAX_FILE_BYTES", "PARSER_VERSION", "ParseOutcome", "detect_format", "parse_bytes"]
__all__ += ["parse_file", "parse_text"]

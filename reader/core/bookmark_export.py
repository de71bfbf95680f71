"""Bookmarks out and in: Markdown ready to paste (grouped by issue, with links), JSON to move them.

`export_json` writes the same shape as bookmarks.json; `import_file` reads that, the output of
`digests bookmarks --json`, or a bare list of bookmarks, and merges without duplicates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from reader.core.bookmarks import BOOKMARKS_VERSION, Bookmark, BookmarkStore, created_sort_key, now_iso
from reader.core.links import refusal_reason
from reader.core.storage import dump_json


class BookmarkImportError(ValueError):
    """The file to import is not a bookmarks file; the message says why."""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def _md(text: str) -> str:
    """Inline Markdown text that renders as written (no emphasis, links or HTML from it)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_url(url: str) -> str:
    return quote(url.strip(), safe="/:?#@!$&'*+,;=%~-._[]")


def export_markdown(bookmarks: Iterable[Bookmark]) -> str:
    """Markdown grouped by issue (in the order given), each item with its links, tags and note."""
    groups: dict[str, list[Bookmark]] = {}
    for bookmark in bookmarks:
        groups.setdefault(bookmark.issue_id or bookmark.issue_title, []).append(bookmark)
    count = sum(len(group) for group in groups.values())
    lines = ["# Bookmarks", "", f"_{count} bookmark{'s' if count != 1 else ''}, exported {now_iso()[:10]}._"]
    for group in groups.values():
        lines += ["", f"## {_md(group[0].issue_title or group[0].issue_id or 'Unknown issue')}", ""]
        for bookmark in group:
            links = [link for link in bookmark.links if refusal_reason(link.url) is None]
            if len(links) == 1:
                lines.append(f"- [{_md(bookmark.title)}]({_md_url(links[0].url)})")
            else:
                lines.append(f"- **{_md(bookmark.title)}**")
                for link in links:
                    label = _md(link.text) if link.text.strip() else _md(link.url)
                    lines.append(f"  - [{label}]({_md_url(link.url)})")
            if bookmark.tags:
                lines.append("  - Tags: " + ", ".join(_md(tag) for tag in bookmark.tags))
            if bookmark.note:
                note_lines = [_md(line) for line in bookmark.note.splitlines() if line.strip()]
                lines.append("  - Note: " + "  \n    ".join(note_lines))
            if bookmark.missing:
                lines.append("  - _(no longer in the library)_")
    return "\n".join(lines) + "\n"


def export_json(bookmarks: Iterable[Bookmark]) -> str:
    """The bookmarks.json format (version, exported time, bookmarks oldest first); `import_file` reads it."""
    # reversed first: bookmarks come newest first, and the sort is stable for equal timestamps
    oldest_first = sorted(reversed(list(bookmarks)), key=lambda b: created_sort_key(b.created))  # noqa: C414
    return dump_json(
        {
            "version": BOOKMARKS_VERSION,
            "exported": now_iso(),
            "bookmarks": [bookmark.to_json() for bookmark in oldest_first],
        }
    )


def read_import(text: str) -> tuple[list[Bookmark], int]:
    """(bookmarks, invalid entries skipped) from an exported or listed bookmarks JSON text."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BookmarkImportError(f"not a bookmarks JSON file ({exc.msg} at line {exc.lineno})") from exc
    except (ValueError, RecursionError) as exc:
        raise BookmarkImportError(f"not a bookmarks JSON file ({type(exc).__name__})") from exc
    if isinstance(data, dict):
        version = data.get("version", BOOKMARKS_VERSION)
        if version != BOOKMARKS_VERSION or type(version) is not int:
            raise BookmarkImportError(
                f"bookmarks file of unknown version {version!r} (this app reads {BOOKMARKS_VERSION})"
            )
        entries = data.get("bookmarks")
    else:
        entries = data
    if not isinstance(entries, list):
        raise BookmarkImportError("not a bookmarks JSON file (no list of bookmarks in it)")
    bookmarks: list[Bookmark] = []
    invalid = 0
    for entry in entries:
        try:
            bookmarks.append(Bookmark.from_json(entry))
        except ValueError:
            invalid += 1
    return bookmarks, invalid


def import_file(store: BookmarkStore, path: Path) -> tuple[int, int]:
    """Merge a JSON bookmarks file into the store in one write. (added, skipped): skipped counts
    items already bookmarked (those keep their own tags and note) and invalid entries.
    Raises BookmarkImportError for a file that is not bookmarks, OSError when it cannot be read."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BookmarkImportError("not a bookmarks JSON file (not UTF-8 text)") from exc
    bookmarks, invalid = read_import(text)
    unique: dict[str, Bookmark] = {}
    for bookmark in bookmarks:
        unique.setdefault(bookmark.item_id, bookmark)
    added = store.add_many(sorted(unique.values(), key=lambda b: created_sort_key(b.created)))
    return added, len(bookmarks) - added + invalid

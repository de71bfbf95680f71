"""Bookmarks: `bookmarks.json` in the data dir, shared safely by every running Digest Reader.

    {"version": 1, "bookmarks": [{"item_id": ..., "issue_id": ..., "title": ..., "issue_title": ...,
      "links": [{"url": ..., "text": ...}], "created": "2025-01-31T09:00:00.000+00:00", "tags": [], "note": ""}]}

Every change is a locked read-merge-write (see shared_store.SharedJsonStore), so two instances never drop
each other's bookmarks; a broken or unknown-version file is moved aside and the user told. A bookmark
whose digest is gone stays, marked `missing`; only the user removes bookmarks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core import locations
from reader.core.model import Issue, Item, Link
from reader.core.reattach import Mark, new_ids
from reader.core.sanitize import clean_line, clean_text, replace_surrogates
from reader.core.shared_store import SharedJsonStore

if TYPE_CHECKING:
    from reader.core.library import Library

BOOKMARKS_VERSION = 1


@dataclass
class Bookmark:
    item_id: str
    issue_id: str
    title: str
    issue_title: str
    links: list[Link] = field(default_factory=list)
    created: str = ""
    tags: list[str] = field(default_factory=list)
    note: str = ""
    missing: bool = False

    def to_json(self, *, with_missing: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "item_id": self.item_id,
            "issue_id": self.issue_id,
            "title": self.title,
            "issue_title": self.issue_title,
            "links": [link.to_json() for link in self.links],
            "created": self.created,
            "tags": list(self.tags),
            "note": self.note,
        }
        if with_missing:
            data["missing"] = self.missing
        return data

    @classmethod
    def from_json(cls, data: Any) -> Bookmark:
        """A bookmark from its JSON object; ValueError when it is not one. Text is cleaned (escape
        sequences and controls removed, lone surrogates replaced), on load and on import alike."""
        if not isinstance(data, dict):
            raise ValueError("a bookmark is not a JSON object")
        item_id = data.get("item_id")
        if not isinstance(item_id, str) or not clean_line(item_id):
            raise ValueError("a bookmark has no item_id")
        links = data.get("links") or []
        if not isinstance(links, list):
            raise ValueError(f"links of {item_id!r} are not a list")
        return cls(
            item_id=clean_line(item_id),
            issue_id=clean_line(_text(data, "issue_id")),
            title=clean_line(_text(data, "title")) or clean_line(item_id),
            issue_title=clean_line(_text(data, "issue_title")),
            links=[_link(entry, item_id) for entry in links],
            created=clean_line(_text(data, "created")) or now_iso(),
            tags=normalize_tags(_strings(data, "tags")),
            note=clean_text(_text(data, "note")).strip(),
        )


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{key} of {data.get('item_id')!r} is not text")
    return value


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} of {data.get('item_id')!r} is not a list of text")
    return value


def _link(entry: Any, item_id: str) -> Link:
    """A stored link; its URL keeps any control characters (so it is refused when opened), but
    never a lone surrogate (nothing could print or save it)."""
    if isinstance(entry, str):
        return Link(replace_surrogates(entry))
    if isinstance(entry, dict) and isinstance(entry.get("url"), str):
        text = entry.get("text")
        return Link(replace_surrogates(entry["url"]), clean_line(text) if isinstance(text, str) else "")
    raise ValueError(f"a link of {item_id!r} has no url")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def created_sort_key(created: str) -> float:
    """Seconds since the epoch for a `created` value (0 when unreadable), for sorting."""
    try:
        moment = datetime.fromisoformat(created)
    except ValueError:
        return 0.0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def normalize_tags(tags: Iterable[str]) -> list[str]:
    """Clean, strip, drop empties and duplicates (case-insensitive, first spelling kept)."""
    seen: dict[str, str] = {}
    for tag in tags:
        tag = clean_line(tag).strip().lstrip("#").strip()
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return list(seen.values())


def parse_tags(text: str) -> list[str]:
    """Tags typed as 'ml, papers, to read' (commas separate; spaces stay inside a tag)."""
    return normalize_tags(text.split(","))


def bookmark_for(issue: Issue, item: Item, tags: Iterable[str] = (), note: str = "") -> Bookmark:
    return Bookmark(
        item_id=item.id,
        issue_id=issue.id,
        title=clean_line(item.title) or item.id,
        issue_title=clean_line(issue.title),
        links=list(item.links),
        created=now_iso(),
        tags=normalize_tags(tags),
        note=clean_text(note).strip(),
    )


def _is_none(value: object) -> bool:
    return value is None


Marks = dict[str, Bookmark]  # item id -> bookmark, in the order they were added


class BookmarkStore(SharedJsonStore[Marks]):
    """The user's bookmarks. Reads are cheap (re-read only when the file changed); every change
    is locked and merged with what other processes saved. Mutations raise StorageError."""

    kind = "bookmarks"

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or locations.bookmarks_file(), BOOKMARKS_VERSION)

    # --- file format -------------------------------------------------------------------------
    def empty(self) -> Marks:
        return {}

    def decode(self, data: dict[str, Any]) -> Marks:
        entries = data.get("bookmarks", [])
        if not isinstance(entries, list):
            raise ValueError("'bookmarks' is not a list")
        marks: Marks = {}
        for entry in entries:
            bookmark = Bookmark.from_json(entry)
            marks.setdefault(bookmark.item_id, bookmark)
        return marks

    def encode(self, value: Marks) -> dict[str, Any]:
        return {"bookmarks": [bookmark.to_json() for bookmark in value.values()]}

    # --- reading ------------------------------------------------------------------------------
    def all(self) -> list[Bookmark]:
        """Every bookmark, newest first (copies: change them through the store)."""
        newest_last = [
            dataclasses.replace(b, links=list(b.links), tags=list(b.tags)) for b in self.current().values()
        ]
        newest_last.reverse()  # among equal times, the later added comes first
        return sorted(newest_last, key=lambda b: created_sort_key(b.created), reverse=True)

    def contains(self, item_id: str) -> bool:
        return item_id in self.current()

    def get(self, item_id: str) -> Bookmark | None:
        found = self.current().get(item_id)
        return dataclasses.replace(found, links=list(found.links), tags=list(found.tags)) if found else None

    def ids(self) -> set[str]:
        return set(self.current())

    def find(self, id_or_prefix: str) -> list[Bookmark]:
        """The bookmark with this item id, else those whose id starts with it."""
        exact = self.get(id_or_prefix)
        if exact is not None:
            return [exact]
        return [b for b in self.all() if b.item_id.startswith(id_or_prefix)]

    def with_missing(self, library: Library) -> list[Bookmark]:
        """all(), each marked `missing` when its item is no longer in the library."""
        present = {item.id for _, item in library.items()}
        bookmarks = self.all()
        for bookmark in bookmarks:
            bookmark.missing = bookmark.item_id not in present
        return bookmarks

    def reattach(self, library: Library) -> int:
        """Move each bookmark whose item id is gone to the item it now is (same issue, same title
        or first link: see reattach.new_ids), refreshing its titles and links; returns how many.
        A bookmark that matches nothing stays as it is, to be shown as missing."""
        current = self.current().values()
        moves = new_ids(
            [Mark(b.item_id, b.title, b.links[0].url if b.links else "") for b in current], library
        )
        if not moves:
            return 0

        def change(marks: Marks) -> int:
            moved = 0
            for old, new in moves.items():
                bookmark, found = marks.pop(old, None), library.find_item(new)
                if bookmark is None or found is None:
                    continue
                issue, item = found
                fresh = bookmark_for(issue, item, [*bookmark.tags], bookmark.note)
                fresh.created = bookmark.created
                kept = marks.get(new)
                if kept is not None:  # bookmarked under its new id too: one bookmark keeps both
                    fresh.created = min(kept.created, bookmark.created, key=created_sort_key)
                    fresh.tags = normalize_tags([*kept.tags, *bookmark.tags])
                    fresh.note = "\n\n".join(n for n in dict.fromkeys([kept.note, bookmark.note]) if n)
                marks[new] = fresh
                moved += 1
            return moved

        return self.modify(change, unchanged=lambda moved: moved == 0)

    def tags(self) -> list[str]:
        """Every tag in use, sorted case-insensitively."""
        return sorted(normalize_tags(t for b in self.current().values() for t in b.tags), key=str.casefold)

    # --- changing -----------------------------------------------------------------------------
    def add(self, issue: Issue, item: Item, tags: Iterable[str] = (), note: str = "") -> Bookmark:
        """Bookmark an item. Already bookmarked: titles and links refreshed, tags added, note replaced if given."""
        fresh = bookmark_for(issue, item, tags, note)

        def change(marks: Marks) -> Bookmark:
            old = marks.get(fresh.item_id)
            if old is not None:
                fresh.created = old.created
                fresh.tags = normalize_tags([*old.tags, *fresh.tags])
                fresh.note = fresh.note or old.note
            marks[fresh.item_id] = fresh
            return fresh

        return self._copy(self.modify(change))

    def add_bookmark(self, bookmark: Bookmark) -> bool:
        """Put a ready-made bookmark back (undo, import) unless its item is bookmarked already."""
        return self.add_many([bookmark]) == 1

    def add_many(self, bookmarks: Iterable[Bookmark]) -> int:
        """Add those not yet bookmarked, keeping their created time, in one write. Returns how many."""
        incoming = [self._copy(b) for b in bookmarks]

        def change(marks: Marks) -> int:
            added = 0
            for bookmark in incoming:
                if bookmark.item_id not in marks:
                    bookmark.missing = False
                    marks[bookmark.item_id] = bookmark
                    added += 1
            return added

        return self.modify(change, unchanged=lambda added: added == 0) if incoming else 0

    def remove(self, item_id: str) -> Bookmark | None:
        """Remove the bookmark of this item; returns it (for undo), None when there was none."""
        return self.modify(lambda marks: marks.pop(item_id, None), unchanged=_is_none)

    def toggle(self, issue: Issue, item: Item) -> bool:
        """Bookmark the item, or remove its bookmark. True when it is now bookmarked."""
        fresh = bookmark_for(issue, item)

        def change(marks: Marks) -> bool:
            if marks.pop(fresh.item_id, None) is not None:
                return False
            marks[fresh.item_id] = fresh
            return True

        return self.modify(change)

    def update(
        self, item_id: str, *, tags: Iterable[str] | None = None, note: str | None = None
    ) -> Bookmark | None:
        """Replace the tags and/or note of a bookmark; None when the item is not bookmarked."""
        new_tags = normalize_tags(tags) if tags is not None else None
        new_note = clean_text(note).strip() if note is not None else None

        def change(marks: Marks) -> Bookmark | None:
            bookmark = marks.get(item_id)
            if bookmark is not None:
                if new_tags is not None:
                    bookmark.tags = new_tags
                if new_note is not None:
                    bookmark.note = new_note
            return bookmark

        found = self.modify(change, unchanged=_is_none)
        return self._copy(found) if found else None

    @staticmethod
    def _copy(bookmark: Bookmark) -> Bookmark:
        return dataclasses.replace(bookmark, links=list(bookmark.links), tags=list(bookmark.tags))

"""Saved searches ("smart folders"): named queries in `saved-searches.json` in the data dir.

    {"version": 1, "saved": [{"name": "rust", "query": "crate of the week", "created": "..."}, ...]}

Same guarantees as the bookmarks (storage.SharedJsonStore): atomic writes, a lock around each
read-merge-write so two instances keep each other's changes, a broken file moved aside with a
message. Names are matched case-insensitively; the list keeps the order the user saved them in.
Mutations raise StorageError (previous file intact) when the disk is full or read-only.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core import locations
from reader.core.bookmarks import now_iso
from reader.core.sanitize import clean_line
from reader.core.shared_store import SharedJsonStore

SAVED_SEARCHES_VERSION = 1
MAX_NAME_LENGTH = 80
MAX_QUERY_LENGTH = 1000


class SavedSearchError(ValueError):
    """A name or query that cannot be saved, or a name with no saved search; the message says which."""


class UnknownSavedSearch(SavedSearchError, LookupError):
    """No saved search has this name."""


@dataclass(slots=True)
class SavedSearch:
    name: str
    query: str
    created: str = ""

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "query": self.query, "created": self.created}

    @classmethod
    def from_json(cls, data: Any) -> SavedSearch:
        """Raises ValueError when `data` is not a saved search (the file is then moved aside)."""
        if not isinstance(data, dict):
            raise ValueError("a saved search is not an object")
        name, query, created = data.get("name"), data.get("query"), data.get("created", "")
        if not isinstance(name, str) or not isinstance(query, str) or not isinstance(created, str):
            raise ValueError(f"saved search {name!r} lacks a text name or query")
        try:
            return cls(clean_name(name), clean_query(query), clean_line(created) or now_iso())
        except SavedSearchError as exc:
            raise ValueError(str(exc)) from exc


def clean_name(name: str) -> str:
    """The name as stored: one clean line. SavedSearchError when empty or too long."""
    return _one_line(name, "a name", "a saved search name", MAX_NAME_LENGTH)


def clean_query(query: str) -> str:
    """The query as stored: one clean line. SavedSearchError when empty or too long."""
    return _one_line(query, "a query", "a saved query", MAX_QUERY_LENGTH)


def _one_line(text: str, needed: str, what: str, limit: int) -> str:
    cleaned = clean_line(text)
    if not cleaned:
        raise SavedSearchError(f"a saved search needs {needed}")
    if len(cleaned) > limit:
        raise SavedSearchError(f"{what} may have at most {limit} characters")
    return cleaned


Saved = dict[str, SavedSearch]  # casefolded name -> saved search, in the order saved


def _is_none(value: object) -> bool:
    return value is None


class SavedSearchStore(SharedJsonStore[Saved]):
    """The user's saved searches. Reads are cheap (re-read only when the file changed)."""

    kind = "saved searches"

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or locations.saved_searches_file(), SAVED_SEARCHES_VERSION)

    def empty(self) -> Saved:
        return {}

    def decode(self, data: dict[str, Any]) -> Saved:
        entries = data.get("saved", [])
        if not isinstance(entries, list):
            raise ValueError("'saved' is not a list")
        saved: Saved = {}
        for entry in entries:
            search = SavedSearch.from_json(entry)
            saved.setdefault(search.name.casefold(), search)
        return saved

    def encode(self, value: Saved) -> dict[str, Any]:
        return {"saved": [search.to_json() for search in value.values()]}

    def all(self) -> list[SavedSearch]:
        """Every saved search, in the order they were saved (copies)."""
        return [dataclasses.replace(search) for search in self.current().values()]

    def get(self, name: str) -> SavedSearch | None:
        """The saved search with this name (any case), or None."""
        found = self.current().get(clean_line(name).casefold())
        return dataclasses.replace(found) if found else None

    def names(self) -> list[str]:
        return [search.name for search in self.current().values()]

    def add(self, name: str, query: str) -> tuple[SavedSearch, bool]:
        """Save `query` under `name`; a search of that name (any case) is replaced, keeping its place.

        Returns (the saved search, whether one was replaced). SavedSearchError for a bad name or
        query, StorageError when it cannot be saved.
        """
        fresh = SavedSearch(clean_name(name), clean_query(query), now_iso())

        def change(saved: Saved) -> bool:
            old = saved.get(fresh.name.casefold())
            if old is not None:
                fresh.created = old.created
            saved[fresh.name.casefold()] = fresh
            return old is not None

        replaced = self.modify(change)
        return dataclasses.replace(fresh), replaced

    def remove(self, name: str) -> SavedSearch | None:
        """Forget the saved search with this name (any case); returns it, None when there was none."""
        key = clean_line(name).casefold()
        removed = self.modify(lambda saved: saved.pop(key, None), unchanged=_is_none)
        return dataclasses.replace(removed) if removed else None

    def resolve(self, name: str) -> str:
        """The query saved under `name`. UnknownSavedSearch (saying which names exist) otherwise."""
        found = self.get(name)
        if found is None:
            raise self.unknown(name)
        return found.query

    def unknown(self, name: str) -> UnknownSavedSearch:
        """The error for a name with no saved search: close names, or those there are."""
        names, typed = self.names(), clean_line(name)
        close = [n for n in names if n.casefold().startswith(typed.casefold())] if typed else []
        if close:
            hint = "; did you mean " + " or ".join(repr(n) for n in close[:3]) + "?"
        elif names:
            hint = "; saved: " + ", ".join(repr(n) for n in names[:10]) + ("…" if len(names) > 10 else "")
        else:
            hint = "; there are no saved searches yet"
        return UnknownSavedSearch(f"no saved search named {typed!r}{hint}")


def resolve_saved(name: str, store: SavedSearchStore | None = None) -> str:
    """The query saved under `name` (for `digests search --saved NAME`).

    Raises UnknownSavedSearch (a SavedSearchError, so a ValueError) whose message names the saved
    searches there are. A broken store file is moved aside on the way: `store.pop_message()` says so.
    """
    return (store or SavedSearchStore()).resolve(name)

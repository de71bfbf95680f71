"""Search history: the last queries searched, most recent first, in `search-history.json` (data dir).

    {"version": 1, "queries": ["crate of the week", "diffusion", ...]}

Same guarantees as the bookmarks (storage.SharedJsonStore): atomic writes, a lock around each
read-merge-write so two instances keep each other's queries, a broken file moved aside with a
message. A query searched again moves to the front (never listed twice); blank queries are not
kept. Record a query when the user commits to it (Enter, opening a result), not per keystroke.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.core import locations
from reader.core.sanitize import clean_line
from reader.core.shared_store import SharedJsonStore

SEARCH_HISTORY_VERSION = 1
HISTORY_LIMIT = 100
MAX_QUERY_LENGTH = 1000  # longer queries are not kept: a cut one would be another query


def history_entry(query: str) -> str | None:
    """The query as history keeps it (one clean line), or None when it is not kept (blank, huge)."""
    if not isinstance(query, str):
        return None
    cleaned = clean_line(query)
    return cleaned if cleaned and len(cleaned) <= MAX_QUERY_LENGTH else None


class SearchHistory(SharedJsonStore[list[str]]):
    """The last `limit` queries, most recent first, each once. Mutations raise StorageError."""

    kind = "search history"

    def __init__(self, path: Path | None = None, limit: int = HISTORY_LIMIT) -> None:
        self.limit = max(1, limit)
        super().__init__(path or locations.search_history_file(), SEARCH_HISTORY_VERSION)

    def empty(self) -> list[str]:
        return []

    def decode(self, data: dict[str, Any]) -> list[str]:
        queries = data.get("queries", [])
        if not isinstance(queries, list) or not all(isinstance(q, str) for q in queries):
            raise ValueError("'queries' is not a list of text")
        kept = (history_entry(q) for q in queries)
        return list(dict.fromkeys(q for q in kept if q is not None))[: self.limit]

    def encode(self, value: list[str]) -> dict[str, Any]:
        return {"queries": value}

    def queries(self) -> list[str]:
        """Every kept query, most recent first."""
        return list(self.current())

    def record(self, query: str) -> bool:
        """Put `query` first (removing an earlier copy, dropping the oldest past the limit).

        False when nothing changed: a blank or huge query, or already the most recent.
        """
        entry = history_entry(query)
        if entry is None or self.current()[:1] == [entry]:
            return False

        def change(queries: list[str]) -> bool:
            if queries[:1] == [entry]:
                return False
            if entry in queries:
                queries.remove(entry)
            queries.insert(0, entry)
            del queries[self.limit :]
            return True

        return self.modify(change, unchanged=lambda changed: not changed)

    def forget(self, query: str) -> bool:
        """Remove one query from the history; False when it was not there."""
        entry = history_entry(query)
        if entry is None or entry not in self.current():
            return False

        def change(queries: list[str]) -> bool:
            if entry not in queries:
                return False
            queries.remove(entry)
            return True

        return self.modify(change, unchanged=lambda changed: not changed)

    def clear(self) -> int:
        """Forget every query; returns how many there were."""

        def change(queries: list[str]) -> int:
            count = len(queries)
            queries.clear()
            return count

        return self.modify(change, unchanged=lambda count: count == 0) if self.current() else 0

    def cursor(self) -> HistoryCursor:
        """A cursor over the history as it is now, for ↑ / ↓ in a search box."""
        return HistoryCursor(self.queries())


class HistoryCursor:
    """↑ / ↓ through past queries, as in a shell: `older` steps back, `newer` forward, and past the
    newest returns the text that was being typed before the walk began (the draft).

    Queries equal to the text shown are skipped, so ↑ never seems to do nothing.
    """

    def __init__(self, queries: Sequence[str]) -> None:
        self._queries = list(queries)
        self._position = -1  # -1: showing the draft
        self._draft = ""

    @property
    def walking(self) -> bool:
        """True while a past query (not the draft) is shown."""
        return self._position >= 0

    def older(self, shown: str) -> str | None:
        """The query before the one shown (`shown`: the box's text now); None at the oldest."""
        if self._position < 0:
            self._draft = shown
        position = self._position + 1
        while position < len(self._queries) and self._queries[position] == shown:
            position += 1
        if position >= len(self._queries):
            return None
        self._position = position
        return self._queries[position]

    def newer(self, shown: str) -> str | None:
        """The query after the one shown, the draft past the newest; None when not walking."""
        if self._position < 0:
            return None
        position = self._position - 1
        while position >= 0 and self._queries[position] == shown:
            position -= 1
        self._position = max(position, -1)
        return self._draft if position < 0 else self._queries[position]

    def reset(self) -> None:
        """Stop walking (the user typed): the next `older` starts again from the newest."""
        self._position = -1

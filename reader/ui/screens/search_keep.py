"""What the search screen keeps: the history of queries (↑ / ↓ in the box walk the last 100) and
saved searches (`Ctrl+S` names the query; a name in use is replaced once the user says yes).

A query joins the history when the user opens a result or leaves with it, never per keystroke;
the store is written in an app worker, so leaving the screen never waits for the disk.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from reader.ui.state import Change

if TYPE_CHECKING:
    from textual.widgets import Input

    from reader.core.search_history import HistoryCursor
    from reader.ui.screens.base import StateScreen

    _Base = StateScreen[Any]
else:
    _Base = object

MIN_KEPT = 2  # shorter queries are not searched, so not kept


class KeepQueries(_Base):
    """History and saving for SearchScreen (which provides `input` and `run_query_now`)."""

    history_cursor: HistoryCursor | None = None
    recalled: str | None = None  # the text the box was given by ↑ / ↓ (its Changed is not typing)

    if TYPE_CHECKING:

        @property
        def input(self) -> Input: ...

        def run_query_now(self) -> None: ...

    def start_history(self) -> None:
        history = self.state.searches.history
        self.history_cursor = history.cursor() if history is not None else None
        self._tell_problems()

    def _tell_problems(self) -> None:
        for problem in self.state.searches.pop_problems():
            self.notify(problem, severity="warning", timeout=10, markup=False)

    def typed(self, value: str) -> None:
        """The box changed: unless ↑ / ↓ put this text there, the walk starts over."""
        if value != self.recalled and self.history_cursor is not None:
            self.history_cursor.reset()
        self.recalled = None

    def _recall(self, query: str | None) -> bool:
        if query is None:
            return False
        self.recalled = query
        self.input.value = query
        self.input.cursor_position = len(query)
        self.run_query_now()
        return True

    def history_older(self) -> bool:
        cursor = self.history_cursor
        return cursor is not None and self._recall(cursor.older(self.input.value))

    def history_newer(self) -> bool:
        cursor = self.history_cursor
        return cursor is not None and cursor.walking and self._recall(cursor.newer(self.input.value))

    def remember(self, query: str) -> None:
        """Keep `query` in the history (written by an app worker: it outlives this screen)."""
        history = self.state.searches.history
        if history is None or len(query.strip()) < MIN_KEPT:
            return
        self.app.run_worker(
            partial(_record, history, query.strip()), thread=True, group="search-history", exit_on_error=False
        )

    # -- saving -----------------------------------------------------------------------------------
    def action_save_search(self) -> None:
        query = self.input.value.strip()
        store = self.state.searches.saved
        self._tell_problems()
        if store is None:
            self.notify("Saved searches are unavailable.", severity="warning", markup=False)
            return
        if len(query) < MIN_KEPT:
            self.notify("Type a query first, then save it.", severity="warning", markup=False)
            return
        from reader.ui.screens.save_search import SaveSearchScreen

        def named(name: str | None) -> None:
            if name is None:
                return
            old = store.get(name) if name else None
            if old is None or old.query == query:
                self._save(name, query)
                return
            from reader.ui.screens.confirm import ConfirmScreen

            question = f"A saved search “{old.name}” exists ({old.query}). Replace it?"
            self.app.push_screen(
                ConfirmScreen(question), lambda yes: self._save(name, query) if yes else None
            )

        self.app.push_screen(SaveSearchScreen(query, store.names()), named)

    def _save(self, name: str, query: str) -> None:
        from reader.core.saved_searches import SavedSearchError

        store = self.state.searches.saved
        assert store is not None
        try:
            saved, replaced = store.add(name, query)
        except (SavedSearchError, OSError) as exc:  # a bad name, a full disk: nothing changed
            self.notify(str(exc).capitalize(), title="Search not saved", severity="error", markup=False)
            return
        what = "Replaced" if replaced else "Saved"
        self.notify(f"{what} “{saved.name}”: listed above the issues.", markup=False)
        self.state.changed.publish(Change.SAVED)


def _record(history: Any, query: str) -> None:
    try:
        history.record(query)
    except OSError:  # StorageError: a history entry is not worth an error on screen
        pass

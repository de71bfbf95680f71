"""Saved searches above the issues, each with how many unread items it finds.

The counts are the index's (`count(query, unread=True)` with the app's filter context), worked out
in a worker whenever the saved searches, the library, the index or the read marks change (marks in
a burst: once they pause). Hidden while there are no saved searches. Enter opens one (`Open`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList

from reader.ui.search_stores import filter_context
from reader.ui.state import AppState, Change, SearchBackend
from reader.ui.text import shown
from reader.ui.widgets.lists import StyledList

if TYPE_CHECKING:
    from reader.core.saved_searches import SavedSearch
    from reader.core.search.context import FilterContext

RECOUNT_AFTER = 0.3  # seconds of quiet after a read mark before counting again


@dataclass
class Counted(Message, bubble=False):
    generation: int
    counts: dict[str, int]


class SavedSearchList(StyledList):
    ROLE_PREFIX = "saved-list"
    COMPONENT_CLASSES = {"saved-list--name", "saved-list--count"}

    @dataclass
    class Open(Message):
        """Enter on a saved search."""

        saved: SavedSearch

    def __init__(self, state: AppState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state
        self.counts: dict[str, int] = {}  # name -> unread items it finds
        self.generation = 0
        self.timer: Timer | None = None

    def on_mount(self) -> None:
        self.border_title = "Saved searches"
        self.state.changed.subscribe(self, self._state_changed)
        self.reload()

    def _state_changed(self, change: Change) -> None:
        if change is Change.SAVED:
            self.reload()
        elif change is Change.MARKS:
            self.marks_changed()
        elif change in (Change.LIBRARY, Change.INDEX):
            self.recount()

    def marks_changed(self) -> None:
        """Count again once the marks pause (reading item after item marks each)."""
        if not self.data:
            return
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.set_timer(RECOUNT_AFTER, self.recount)

    def prompt(self, row: SavedSearch) -> Content:
        name = shown(row.name).stylize(self.style("name"))
        count = self.counts.get(row.name)
        if count is None or not self.state.read_marks.available:
            return name
        text = f"{count:,} unread" if count else "no unread"
        return name + Content(" · ") + Content(text).stylize(self.style("count"))

    def reload(self) -> None:
        """List the saved searches as stored now, then count them."""
        store = self.state.searches.saved
        searches = store.all() if store is not None else []
        highlighted = self.highlighted
        self.fill(searches, [str(index) for index in range(len(searches))])
        if searches:
            self.highlighted = min(highlighted or 0, len(searches) - 1)
        self.display = bool(searches)
        self.recount()

    def recount(self) -> None:
        self.timer = None
        self.generation += 1
        index, state = self.state.index, self.state
        if not self.data or index is None or not state.index_status.ready:
            return
        context = filter_context(state.library, state.read_marks, state.bookmarks)
        self._count(self.generation, list(self.data), index, context)

    @work(thread=True, exclusive=True, group="saved-counts", description="Counting saved searches")
    def _count(
        self, generation: int, searches: list[SavedSearch], index: SearchBackend, context: FilterContext
    ) -> None:
        counts = {}
        for saved in searches:
            try:
                counts[saved.name] = index.count(saved.query, context, unread=True)
            except Exception:  # a count is a nicety: the search itself says what is wrong
                continue
        self.post_message(Counted(generation, counts))

    def on_counted(self, message: Counted) -> None:
        if message.generation == self.generation and message.counts != self.counts:
            self.counts = message.counts
            highlighted = self.highlighted
            self.fill(self.data, self._ids)
            self.highlighted = highlighted

    @property
    def highlighted_search(self) -> SavedSearch | None:
        index = self.highlighted
        return self.data[index] if index is not None and index < len(self.data) else None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        saved = self.highlighted_search
        if saved is not None:
            self.post_message(self.Open(saved))

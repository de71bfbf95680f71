"""What else the archive says about the item under the cursor, and the saved searches: `R` lists
items of other issues like it (the index's more like this, in a worker), `L` the other issues
linking where it links (the library's LinkIndex, built in a worker after each load, which also puts
"also in N issues" beside the links in the text); saved searches open in the search screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.content import Content
from textual.message import Message

from reader.core.model import Issue, Item, Link
from reader.ui.linkactions import link_row
from reader.ui.pacing import Superseded, checkpoint_for_this_worker
from reader.ui.screens.main_links import ItemActions
from reader.ui.screens.picker import PickerScreen, RowsOf
from reader.ui.state import Change, SearchBackend
from reader.ui.text import shown
from reader.ui.widgets.saved_list import SavedSearchList

if TYPE_CHECKING:
    from reader.core.library import Library
    from reader.core.link_index import LinkIndex, LinkPlace
    from reader.core.saved_searches import SavedSearch
    from reader.core.search.results import RelatedItems

RELATED = 10  # items `R` lists
SNIPPET = 100  # characters of a related item's snippet
COUNT_STEP = 1000  # links counted between two checkpoints


@dataclass
class LinksIndexed(Message):
    library: Library
    links: LinkIndex


@dataclass
class ElsewhereCounted(Message):
    """Which links of an item (or of an issue's own, `item` None) other issues link to, how many."""

    issue: Issue
    item: Item | None
    counted: list[tuple[Link, int]]


@dataclass
class RelatedFound(Message):
    item_id: str
    found: RelatedItems | None


class DiscoverActions(ItemActions):
    link_index: LinkIndex | None = None
    _links_due = False

    def on_mount(self) -> None:
        self.state.changed.subscribe(self, self._library_changed)
        self._library_changed(Change.LIBRARY)

    # -- same link elsewhere ----------------------------------------------------------------------
    def _library_changed(self, change: Change) -> None:
        if change is Change.LIBRARY and self.state.library is not None and not self._links_due:
            if self.state.loading:
                return  # a first load's batch: indexed once every file is in, not once per batch
            # Once the library is drawn (the worker's thread would slow the UI thread drawing it),
            # one worker for the changes that come before that.
            self._links_due = True
            self.call_after_refresh(self._index_current_links)

    def _index_current_links(self) -> None:
        self._links_due = False
        if self.state.library is not None:
            self._index_links(self.state.library)

    @work(thread=True, exclusive=True, group="link-index", description="Indexing links")
    def _index_links(self, library: Library) -> None:
        from reader.core.gc_pause import gc_paused
        from reader.core.link_index import LinkIndex

        try:
            with gc_paused(keep=True):  # no pass over the heap from this thread, nor over the index later
                links = LinkIndex.from_library(library, checkpoint_for_this_worker())
        except Superseded:
            return  # loaded again meanwhile: the newer worker indexes it
        self.post_message(LinksIndexed(library, links))

    def on_links_indexed(self, message: LinksIndexed) -> None:
        if message.library is not self.state.library:
            return  # loaded again meanwhile: its own index follows
        self.link_index = message.links
        self.detail.counts_known(message.links.also_in_item)  # a core object's: callable from a worker

    def action_links_elsewhere(self) -> None:
        found, links = self.need_item(allow_issue=True), self._links()
        if found is None or links is None:
            return
        if self.link_index is None:
            self.notify("Still gathering the library's links: try again in a moment.", markup=False)
            return
        self._count_elsewhere(self.link_index, *found)  # an item may have 100,000 links

    @work(thread=True, exclusive=True, group="links-elsewhere", description="Counting links elsewhere")
    def _count_elsewhere(self, index: LinkIndex, issue: Issue, item: Item | None) -> None:
        checkpoint = checkpoint_for_this_worker(later_input_only=True)  # the user waits for it
        counted: list[tuple[Link, int]] = []
        try:
            for number, link in enumerate(item.links if item is not None else issue.links):
                if not number % COUNT_STEP:
                    checkpoint()
                if count := index.also_in(link.url, issue.id):
                    counted.append((link, count))
        except Superseded:
            return
        self.post_message(ElsewhereCounted(issue, item, counted))

    def on_elsewhere_counted(self, message: ElsewhereCounted) -> None:
        issue, item, counted = message.issue, message.item, message.counted
        shown_now = self.current or (None, None)
        if shown_now[0] is not issue or shown_now[1] is not item or self.app.screen is not self:
            return  # the user has moved on meanwhile
        if not counted:
            what = "this item's" if item is not None else "this issue's"
            self.notify(f"No other issue links where {what} links go.", markup=False)
            return
        if len(counted) == 1:
            self._show_places(counted[0][0], issue)
            return

        def chosen(number: int | None) -> None:
            if number is not None:
                self._show_places(counted[number][0], issue)

        rows = RowsOf(counted, lambda pair: link_row(pair[0]) + Content(f"  · also in {pair[1]:,}"))
        self.app.push_screen(PickerScreen("Which link? (other issues linking there)", rows), chosen)

    def _show_places(self, link: Link, issue: Issue) -> None:
        assert self.link_index is not None
        places = [place for place in self.link_index.places(link.url) if place.issue.id != issue.id]

        def chosen(number: int | None) -> None:
            if number is None:
                return
            place = places[number]
            if place.item is not None:
                self.jump_to(place.item.id)
            else:
                self.show_issue_view(place.issue.id)

        title = f"Also linking to {link.url[:80]} (newest first)"
        self.app.push_screen(PickerScreen(title, RowsOf(places, _place_row)), chosen)

    # -- more like this ---------------------------------------------------------------------------
    def action_related(self) -> None:
        found = self.need_item()
        if found is None or found[1] is None:
            return
        index, why = self.state.index, self.state.index_status.unavailable_reason()
        if index is None or why:
            self.notify(why or "Search is unavailable.", severity="warning", markup=False)
            return
        self.notify("Looking for items like this one…", timeout=2, markup=False)
        self._find_related(found[1].id, index)

    @work(thread=True, exclusive=True, group="related", description="Finding related items")
    def _find_related(self, item_id: str, index: SearchBackend) -> None:
        try:
            found: RelatedItems | None = index.related(item_id, RELATED)
        except Exception:  # the index says what is wrong when searched
            found = None
        self.post_message(RelatedFound(item_id, found))

    def on_related_found(self, message: RelatedFound) -> None:
        found = message.found
        if found is None or not found.related:
            why = "the index does not hold it yet" if found is not None and not found.known else ""
            self.notify(f"Nothing like this in other issues{f' ({why})' if why else ''}.", markup=False)
            return
        items = found.related

        def chosen(number: int | None) -> None:
            if number is not None:
                self.jump_to(items[number].item_id)

        rows = [
            shown(item.title).stylize("bold")
            + Content(" — ")
            + shown(" · ".join(filter(None, [item.issue_title, item.date])))
            + (Content(" — ") + shown(_one_line(item.snippet)) if item.snippet.strip() else Content(""))
            for item in items
        ]
        self.app.push_screen(PickerScreen("Like this, in other issues", rows), chosen)

    # -- saved searches ---------------------------------------------------------------------------
    def refresh_marks(self, item: Item | None = None) -> None:
        """Read marks changed here: the saved searches' unread counts follow (once they pause)."""
        super().refresh_marks(item)
        self.query_one("#saved", SavedSearchList).marks_changed()

    @on(SavedSearchList.Open)
    def _open_saved(self, message: SavedSearchList.Open) -> None:
        self.open_saved(message.saved)

    def open_saved(self, saved: SavedSearch) -> None:
        self.open_search(saved.query, f"Saved search “{saved.name}”")

    def _pick_saved(self, verb: str, then: Callable[[SavedSearch], None]) -> None:
        store = self.state.searches.saved
        searches = store.all() if store is not None else []
        if not searches:
            self.notify("No saved searches yet: Ctrl+S in the search screen saves one.", markup=False)
            return
        rows = [shown(s.name) + Content("  ") + shown(s.query) for s in searches]

        def chosen(number: int | None) -> None:
            if number is not None:
                then(searches[number])

        self.app.push_screen(PickerScreen(f"Which saved search to {verb}?", rows), chosen)

    def action_open_saved_search(self) -> None:
        self._pick_saved("open", self.open_saved)

    def action_delete_saved_search(self) -> None:
        def delete(saved: SavedSearch) -> None:
            store = self.state.searches.saved
            try:
                removed = store.remove(saved.name) if store is not None else None
            except OSError as exc:
                self.notify(str(exc), title="Not deleted", severity="error", markup=False)
                return
            if removed is not None:
                self.notify(f"Deleted the saved search “{removed.name}”.", markup=False)
            self.state.changed.publish(Change.SAVED)

        self._pick_saved("delete", delete)


def _place_row(place: LinkPlace) -> Content:
    where = " · ".join(filter(None, [place.issue.title, place.issue.date or "undated"]))
    row = shown(where).stylize("bold")
    what = place.item.title if place.item is not None else "the issue's own links"
    return row + Content(" — ") + shown(what)


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"

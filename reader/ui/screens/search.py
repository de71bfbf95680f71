"""Search as you type: debounced queries run in an exclusive thread worker; stale results are dropped.

The screen is the query box (`SearchInput`), a status line (`say`), the results (`ResultList`,
loaded page by page as the user scrolls) and, at PREVIEW_WIDTH columns or more, the highlighted
result's text beside them with its hits marked. `run_query_now` is where a query is decided (its
filters read the app's marks, bookmarks and sources: search_stores.filter_context) and
`on_search_done` where results arrive. `Ctrl+O` orders by relevance, newest or oldest; history
(↑/↓) and saving (`Ctrl+S`) live in search_keep.py; the box and the status line's text in search_text.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING

from textual import on, work
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, Input, Label

from reader.ui.commands import bindings_for
from reader.ui.messages import CheckIndex, SearchDone
from reader.ui.screens.base import StateScreen
from reader.ui.screens.search_keep import KeepQueries
from reader.ui.screens.search_text import SORTS, SearchInput, summary, typed_so_far
from reader.ui.search_stores import filter_context
from reader.ui.state import AppState, Change, SearchBackend, plural
from reader.ui.widgets.footer import KeyFooter
from reader.ui.widgets.preview import ResultPreview
from reader.ui.widgets.results import ResultList

if TYPE_CHECKING:
    from reader.core.search.context import FilterContext
    from reader.core.search.results import SearchResults

DEBOUNCE_SECONDS = 0.1
PAGE = 50  # hits asked for at a time
MIN_BUILT = 5  # hits made at once as you type, however small the list (the rest of the page follows)
PREVIEW_WIDTH = 120  # columns from which the highlighted result is shown beside the list
LATER = 0.02  # seconds from results to what follows them (preview, did-you-mean): two frames


@dataclass
class PageLoaded(Message):
    """The next page of the results shown (`generation`); `step`: move the cursor onto it."""

    generation: int
    results: SearchResults | None
    step: bool


@dataclass
class SuggestionFound(Message):
    """The did-you-mean of the query shown (`generation`), found once its results were."""

    generation: int
    suggestion: str


@dataclass(frozen=True)
class Request:
    """What the results on screen were asked with: the next page asks the same."""

    text: str
    sort: str
    context: FilterContext | None


@dataclass(frozen=True)
class SearchChoice:
    """The result chosen: an item, or (`item_id` None) the issue view of `issue_id`."""

    item_id: str | None
    issue_id: str
    query: str


class SearchScreen(KeepQueries, StateScreen[SearchChoice | None]):
    """Dismisses with the chosen result, or None. `query` starts it with that query (a saved
    search: `title` names it)."""

    BINDINGS = bindings_for("search")
    SUB_TITLE = "Search"
    SCOPE = "search"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (PREVIEW_WIDTH, "-wide")]

    def __init__(self, state: AppState, query: str | None = None, title: str | None = None) -> None:
        super().__init__(state, id="search")
        self.generation = 0
        self.timer: Timer | None = None
        self.suggestion: str | None = None
        self.shown_query = ""
        self.open_when_done = False
        self.last_run = 0.0
        self.shown_at = 0  # generation of the results on screen
        self.shown: SearchResults | None = None  # the results on screen (their first page)
        self.shown_typed = ""  # the query they answer, as typed
        self.preview_due = False  # the preview is updated after the next frame
        self.status_lines = 0
        self.index_seen = state.index_status.seen()
        self.sort = "relevance"
        self.request: Request | None = None  # of the results shown
        self.pending: Request | None = None  # of the search running
        self.loading_more = False
        self.step_when_loaded = False
        self.start_query = query
        if title:
            self.sub_title = title

    def compose(self):
        yield Header(icon="≡")
        yield SearchInput(placeholder="Search every digest…", id="search-input")
        yield Label(id="search-status", markup=False)
        with Horizontal(id="search-body"):
            yield ResultList(id="search-results")
            yield ResultPreview(id="search-preview")
        yield KeyFooter()

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def results(self) -> ResultList:
        return self.query_one("#search-results", ResultList)

    @property
    def preview(self) -> ResultPreview:
        return self.query_one("#search-preview", ResultPreview)

    def say(self, text: str | Content) -> None:
        """Show a status line (queries in it are cut: see `quoted`). The screen is laid out again
        only when its height changes (a layout costs a whole-screen repaint on every keystroke)."""
        content = text if isinstance(text, Content) else Content(text)
        label = self.query_one("#search-status", Label)
        width = label.content_region.width
        lines = content.get_height(label.styles, width) if width > 0 else 0  # type: ignore[arg-type]
        label.update(content, layout=lines != self.status_lines or not lines)
        self.status_lines = lines

    def on_mount(self) -> None:
        self.state.changed.subscribe(self, self._state_changed)
        self.input.value = self.start_query if self.start_query is not None else self.state.last_query
        self.input.select_all()  # the last query comes back selected: typing replaces it
        self.input.focus()
        self.start_history()
        self.run_query_now()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Tab takes the suggestion only when there is one (and then says so in the footer);
        otherwise it moves between the box and the results."""
        if action == "accept_suggestion":
            return bool(self.suggestion)
        return True

    def _suggest(self, suggestion: str | None) -> None:
        if suggestion != self.suggestion:
            self.suggestion = suggestion
            self.refresh_bindings()

    def _state_changed(self, change: Change) -> None:
        """Run the query again when search becomes possible (or impossible), and show the progress
        of a first build; an update of a usable index changes nothing on screen."""
        if change is not Change.INDEX:  # other changes may be told first, the status already moved on
            return
        status = self.state.index_status
        seen, self.index_seen = self.index_seen, status.seen()
        if seen != self.index_seen or not status.ready:
            self.run_query_now()

    # -- querying ---------------------------------------------------------------------------------
    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        """Search at once after a pause in typing; while typing fast, at most every DEBOUNCE_SECONDS."""
        self.typed(event.value)
        self.generation += 1  # any search still running is now stale
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        wait = DEBOUNCE_SECONDS - (monotonic() - self.last_run)
        if wait <= 0:
            self.run_query_now()
        else:
            self.timer = self.set_timer(wait, self.run_query_now)

    def _clear(self) -> None:
        self.results.clear()
        self.request = None
        self._show_preview()

    def run_query_now(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        self.generation += 1
        self.last_run = monotonic()
        query = self.input.value.strip()
        self.state.last_query = self.input.value
        unavailable = self.state.index_status.unavailable_reason()
        if unavailable or self.state.index is None:
            self._clear()
            self.say(unavailable or "Search is unavailable.")
            return
        if len(query) < 2:  # one letter matches nearly everything: wait for the next
            self._clear()
            self._suggest(None)
            library = self.state.library
            count = plural(library.item_count if library else 0, "item")
            self.say(f"Type to search {count}." if not query else "Keep typing…")
            return
        state = self.state
        context = filter_context(state.library, state.read_marks, state.bookmarks)
        self.pending = Request(typed_so_far(query), self.sort, context)  # of self.generation
        in_view = self.results.size.height // 2 + 1  # rows of two lines or more: all those in view
        self._search(self.generation, query, self.pending, self.state.index, max(in_view, MIN_BUILT))

    @work(thread=True, exclusive=True, group="search", description="Searching")
    def _search(
        self, generation: int, query: str, request: Request, index: SearchBackend, build: int
    ) -> None:
        """The first page, only the hits in view made (snippets): `_want_more` the rest."""
        try:
            results = index.search(
                request.text, PAGE, sort=request.sort, context=request.context, as_you_type=True, build=build
            )
        except Exception as exc:  # a bad query or a broken index: say so, keep typing
            self.post_message(SearchDone(generation, query, None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(SearchDone(generation, query, results))

    def _after_nothing_found(self, generation: int) -> None:
        """Results that found nothing are on screen: unless a newer key came meanwhile, look up
        the did-you-mean of the query as finished (as you type, the core corrects the last word
        within one edit only: search.read.suggest). Not at once: the look-up would compete with
        painting the results."""
        if generation == self.generation == self.shown_at and self.request and self.state.index:
            self._suggest_finished(generation, self.request, self.state.index)

    @work(thread=True, exclusive=True, group="suggest", description="Looking for a suggestion")
    def _suggest_finished(self, generation: int, request: Request, index: SearchBackend) -> None:
        try:
            finished = index.search(request.text, PAGE, sort=request.sort, context=request.context, build=0)
        except Exception:  # a nicety: the results stand without it
            return
        if finished.suggestion and not finished.total:
            self.post_message(SuggestionFound(generation, finished.suggestion))

    def on_search_done(self, message: SearchDone) -> None:
        if message.generation != self.generation:
            return  # stale: the user has typed since
        if message.results is None:
            self._clear()
            self.say(f"Search failed: {message.error}")
            return
        results = message.results
        self.post_message(CheckIndex())
        self.shown_at = message.generation
        self.shown, self.shown_typed = results, message.query
        self.shown_query = results.query or message.query
        self.request = self.pending
        self.loading_more = self.step_when_loaded = False
        self.results.show_hits(results.hits, results.has_more)
        self._show_preview()
        self._suggest(results.suggestion if not results.hits else None)
        self.say(self._summary(results, message.query))
        if not results.total and not results.suggestion:
            self.set_timer(LATER, partial(self._after_nothing_found, message.generation))
        if self.open_when_done:
            self.open_when_done = False
            self.action_open_result()

    def on_suggestion_found(self, message: SuggestionFound) -> None:
        if message.generation != self.generation or self.shown is None or self.shown.hits:
            return  # typed on since, or the results are not those it corrects
        self._suggest(message.suggestion)
        self.say(self._summary(self.shown, self.shown_typed))

    # -- paging -----------------------------------------------------------------------------------
    @on(ResultList.WantMore, "#search-results")
    def _want_more(self, event: ResultList.WantMore) -> None:
        self.step_when_loaded |= event.step
        if self.loading_more or self.request is None or self.state.index is None:
            return
        self.loading_more = True
        offset = len(self.results.hits)
        if offset % PAGE:  # the rest of the first page: once the hits in view are on screen
            self.call_after_refresh(self._more, self.shown_at, offset, self.request, self.state.index)
        else:
            self._more(self.shown_at, offset, self.request, self.state.index)

    @work(thread=True, group="search-more", description="Loading more results")
    def _more(self, generation: int, offset: int, request: Request, index: SearchBackend) -> None:
        """Hits up to the end of the page `offset` is in: pages stay those the ranking was made for."""
        try:
            results: SearchResults | None = index.search(
                request.text,
                PAGE - offset % PAGE,
                offset=offset,
                sort=request.sort,
                context=request.context,
                as_you_type=True,
            )
        except Exception:  # the first page stays; the next ↓ asks again
            results = None
        self.post_message(PageLoaded(generation, results, False))

    def on_page_loaded(self, message: PageLoaded) -> None:
        if message.generation != self.shown_at or not self.loading_more:
            return  # a newer query is shown
        self.loading_more = False
        step, self.step_when_loaded = self.step_when_loaded, False
        results = message.results
        if results is None:
            self.results.add_hits([], False, False)
            return
        self.results.add_hits(results.hits, results.has_more, step)
        shown = self.shown
        if shown is not None and shown.total_is_estimate and not results.total_is_estimate:
            # The first hits came from the title matches alone: the rest of the page counted all.
            self.shown = replace(shown, total=results.total, total_is_estimate=False)
            self.say(self._summary(self.shown, self.shown_typed))

    # -- the status line --------------------------------------------------------------------------
    def _summary(self, results: SearchResults, query: str) -> Content:
        return summary(results, query, self.suggestion, self.sort, self.state.index_status.indexing())

    # -- the preview ------------------------------------------------------------------------------
    @on(ResultList.Highlighted, "#search-results")
    def _highlighted(self) -> None:
        self._show_preview()

    def on_resize(self) -> None:
        self._show_preview()

    def _show_preview(self) -> None:
        """The highlighted result's text beside the list, its hits marked (wide terminals only),
        LATER: drawing it costs about what the list costs, and the list (new results, the cursor
        moved) shows first, in the next frame. (After a refresh is too soon: the screen may be
        idle before the list's refresh reaches it.)"""
        if not self.preview_due:
            self.preview_due = True
            self.set_timer(LATER, self._paint_preview)

    def _paint_preview(self) -> None:
        self.preview_due = False
        if self.size.width >= PREVIEW_WIDTH:
            hit, library = self.results.highlighted_hit, self.state.library
            self.preview.show_hit(hit, library, self.shown_query, self.state.match_spans)

    # -- actions ----------------------------------------------------------------------------------
    @on(Input.Submitted, "#search-input")
    def _submitted(self, _event: Input.Submitted) -> None:
        if self.timer is not None:  # typed faster than the debounce: search first, then open
            self.open_when_done = True
            self.run_query_now()
        else:
            self.action_open_result()

    @on(ResultList.Selected, "#search-results")
    def _selected(self, _event: ResultList.Selected) -> None:
        self.action_open_result()

    def action_open_result(self) -> None:
        hit = self.results.highlighted_hit
        if hit is not None:
            self.remember(self.input.value)
            self.dismiss(SearchChoice(hit.item_id, hit.issue_id, self.shown_query))

    def action_accept_suggestion(self) -> None:
        if self.suggestion:
            self.input.value = self.suggestion
            self.input.cursor_position = len(self.suggestion)
            self.run_query_now()

    def action_cycle_sort(self) -> None:
        """Best match first, then newest first, then oldest first."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.run_query_now()

    def action_result_down(self) -> None:
        """↓ in the box: a newer query while walking the history, else the next result."""
        if not self.history_newer():
            self.results.action_cursor_down()

    def action_result_up(self) -> None:
        """↑ in the box: the previous result; at the first one (or with none), an older query."""
        if self.results.highlighted:
            self.results.action_cursor_up()
        else:
            self.history_older()

    def action_close(self) -> None:
        self.remember(self.input.value)
        self.dismiss(None)

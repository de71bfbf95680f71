"""Search as you type: debounced queries run in an exclusive thread worker; stale results are dropped.

The screen is three parts a later feature can extend one by one: the query box (`SearchInput`), the
one-line status (`say`) and the results (`ResultList`); `run_query_now` is where a query is
decided and `on_search_done` where results arrive.
"""

from __future__ import annotations

from dataclasses import dataclass
from time import monotonic
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Header, Input, Label, OptionList

from reader.ui.commands import bindings_for, keys_for
from reader.ui.messages import CheckIndex, SearchDone
from reader.ui.screens.base import StateScreen
from reader.ui.state import AppState, Change, SearchBackend, plural
from reader.ui.text import shown, steady_spans
from reader.ui.widgets.footer import KeyFooter
from reader.ui.widgets.lists import ABOUT_TITLE, StyledList

if TYPE_CHECKING:
    from reader.core.search.results import Hit, SearchResults

DEBOUNCE_SECONDS = 0.1
QUOTED = 40  # characters of a query quoted in the status line


def quoted(query: str) -> str:
    """“query”, cut to QUOTED characters: the status line stays one line whatever was typed."""
    query = " ".join(query.split())
    return f"“{query if len(query) <= QUOTED else query[: QUOTED - 1] + '…'}”"


class SearchInput(Input):
    """The query box: pasted lines are joined with spaces (Input keeps only the first line)."""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own paste handler would keep the first line only
        event.stop()
        text = " ".join(event.text.split())
        if not text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)


def typed_so_far(query: str) -> str:
    """The query to run while typing: a lone last letter after other words is left out.

    'attention m' would match every word starting with m (slow, and not yet what is meant);
    'attention' is searched until the next word has two letters.
    """
    words = query.split()
    if len(words) > 1 and len(words[-1]) == 1 and words[-1].isalnum():
        return " ".join(words[:-1])
    return query


def count_results(results: SearchResults) -> str:
    """'1 result', '1,200 results', or 'about 1,200 results' when the total is an estimate."""
    text = plural(results.total, "result")
    return f"about {text}" if results.total_is_estimate else text


@dataclass(frozen=True)
class SearchChoice:
    """The result chosen: an item, or (`item_id` None) the issue view of `issue_id`."""

    item_id: str | None
    issue_id: str
    query: str


class ResultList(StyledList):
    ROLE_PREFIX = "result-list"
    COMPONENT_CLASSES = {
        "result-list--title",
        "result-list--issue",
        "result-list--snippet",
        "result-list--match",
    }

    def prompt(self, hit: Hit) -> Content:
        title = shown(hit.title).stylize(self.style("title"))
        where = hit.issue_title if hit.item_id is not None else f"{ABOUT_TITLE} · {hit.issue_title}"
        issue = shown(where).stylize(self.style("issue"))
        text, spans = steady_spans(hit.snippet.replace("\n", " "), hit.snippet_spans)
        snippet = Content(text).stylize(self.style("snippet"))
        for start, end in spans:
            snippet = snippet.stylize(self.style("match"), start, end)
        lines = [title, issue] + ([snippet] if hit.snippet.strip() else [])
        return Content("\n").join(lines)

    def show_hits(self, hits: list[Hit]) -> None:
        """Rows are keyed by their rank: two hits may name the same item id."""
        self.fill(hits, [str(rank) for rank in range(len(hits))])
        if hits:
            self.highlighted = 0

    @property
    def hits(self) -> list[Hit]:
        return self.data

    @property
    def highlighted_hit(self) -> Hit | None:
        index = self.highlighted
        return self.hits[index] if index is not None and index < len(self.hits) else None


class SearchScreen(StateScreen[SearchChoice | None]):
    """Dismisses with the chosen result, or None."""

    BINDINGS = bindings_for("search")
    SUB_TITLE = "Search"
    SCOPE = "search"

    def __init__(self, state: AppState) -> None:
        super().__init__(state, id="search")
        self.generation = 0
        self.timer: Timer | None = None
        self.suggestion: str | None = None
        self.shown_query = ""
        self.open_when_done = False
        self.last_run = 0.0
        self.shown_at = 0  # generation of the results on screen
        self.status_lines = 0
        self.index_seen = state.index_status.seen()

    def compose(self):
        yield Header(icon="≡")
        yield SearchInput(placeholder="Search every digest…", id="search-input")
        yield Label(id="search-status", markup=False)
        yield ResultList(id="search-results")
        yield KeyFooter()

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def results(self) -> ResultList:
        return self.query_one("#search-results", ResultList)

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
        self.input.value = self.state.last_query
        self.input.select_all()  # the last query comes back selected: typing replaces it
        self.input.focus()
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
    def _typed(self, _event: Input.Changed) -> None:
        """Search at once after a pause in typing; while typing fast, at most every DEBOUNCE_SECONDS."""
        self.generation += 1  # any search still running is now stale
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        wait = DEBOUNCE_SECONDS - (monotonic() - self.last_run)
        if wait <= 0:
            self.run_query_now()
        else:
            self.timer = self.set_timer(wait, self.run_query_now)

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
            self.results.clear_options()
            self.say(unavailable or "Search is unavailable.")
            return
        if len(query) < 2:  # one letter matches nearly everything: wait for the next
            self.results.clear_options()
            self._suggest(None)
            library = self.state.library
            count = plural(library.item_count if library else 0, "item")
            self.say(f"Type to search {count}." if not query else "Keep typing…")
            return
        self._search(self.generation, query, self.state.index)

    @work(thread=True, exclusive=True, group="search", description="Searching")
    def _search(self, generation: int, query: str, index: SearchBackend) -> None:
        try:
            results = index.search(typed_so_far(query), as_you_type=True)
        except Exception as exc:  # a bad query or a broken index: say so, keep typing
            self.post_message(SearchDone(generation, query, None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(SearchDone(generation, query, results))

    def on_search_done(self, message: SearchDone) -> None:
        if message.generation != self.generation:
            return  # stale: the user has typed since
        if message.results is None:
            self.results.clear_options()
            self.say(f"Search failed: {message.error}")
            return
        results = message.results
        self.post_message(CheckIndex())
        self.shown_at = message.generation
        self.shown_query = results.query or message.query
        self.results.show_hits(results.hits)
        self._suggest(results.suggestion if not results.hits else None)
        self.say(self._summary(results, message.query))
        if self.open_when_done:
            self.open_when_done = False
            self.action_open_result()

    def _summary(self, results: SearchResults, query: str) -> Content:
        if not results.hits:
            text = Content(f"No results for {quoted(query)}.")
            if self.suggestion:
                key = keys_for("accept_suggestion", "search")
                text += Content(f" Did you mean {quoted(self.suggestion)}? Press {key} to search for it.")
            return text
        shown = len(results.hits)
        more = f" (showing {shown})" if results.total > shown else ""
        text = Content(f"{count_results(results)}{more}")
        if results.corrected_from:
            text += Content(f" for {quoted(results.query)} (nothing for {quoted(results.corrected_from)})")
        if results.partial:  # a first build under way: what is indexed so far
            text += Content(f" · partial: {self.state.index_status.indexing()}")
        keys = (
            keys_for("open_result", "search"),
            keys_for("result_up", "search") + "/" + keys_for("result_down", "search"),
            keys_for("close", "search"),
        )
        return text + Content(" · {} opens, {} move, {} goes back".format(*keys))

    # -- actions ----------------------------------------------------------------------------------
    @on(Input.Submitted, "#search-input")
    def _submitted(self, _event: Input.Submitted) -> None:
        if self.timer is not None:  # typed faster than the debounce: search first, then open
            self.open_when_done = True
            self.run_query_now()
        else:
            self.action_open_result()

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, _event: OptionList.OptionSelected) -> None:
        self.action_open_result()

    def action_open_result(self) -> None:
        hit = self.results.highlighted_hit
        if hit is not None:
            self.dismiss(SearchChoice(hit.item_id, hit.issue_id, self.shown_query))

    def action_accept_suggestion(self) -> None:
        if self.suggestion:
            self.input.value = self.suggestion
            self.input.cursor_position = len(self.suggestion)
            self.run_query_now()

    def action_result_down(self) -> None:
        self.results.action_cursor_down()

    def action_result_up(self) -> None:
        self.results.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

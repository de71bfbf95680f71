"""Search as you type: debounced queries run in an exclusive thread worker; stale results are dropped."""

from __future__ import annotations

from time import monotonic

from textual import on, work
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.ui.commands import bindings_for
from reader.ui.messages import SearchDone
from reader.ui.widgets.lists import StyledList

DEBOUNCE_SECONDS = 0.1


def typed_so_far(query: str) -> str:
    """The query to run while typing: a lone last letter after other words is left out.

    'attention m' would match every word starting with m (slow, and not yet what is meant);
    'attention' is searched until the next word has two letters.
    """
    words = query.split()
    if len(words) > 1 and len(words[-1]) == 1 and words[-1].isalnum():
        return " ".join(words[:-1])
    return query


class ResultList(StyledList):
    ROLE_PREFIX = "result-list"
    COMPONENT_CLASSES = {
        "result-list--title",
        "result-list--issue",
        "result-list--snippet",
        "result-list--match",
    }

    def prompt(self, hit) -> Content:
        title = Content(hit.title).stylize(self.style("title"))
        issue = Content(hit.issue_title).stylize(self.style("issue"))
        snippet = Content(hit.snippet.replace("\n", " ")).stylize(self.style("snippet"))
        for start, end in hit.snippet_spans:
            snippet = snippet.stylize(self.style("match"), start, end)
        lines = [title, issue] + ([snippet] if hit.snippet.strip() else [])
        return Content("\n").join(lines)

    def show_hits(self, hits) -> None:
        self.set_options(Option(self.prompt(hit), id=hit.item_id) for hit in hits)
        if hits:
            self.highlighted = 0


class SearchScreen(Screen[tuple[str, str] | None]):
    """Dismisses with (item id, query) for the chosen result, or None."""

    BINDINGS = bindings_for("search")
    SUB_TITLE = "Search"
    SCOPE = "search"

    def __init__(self) -> None:
        super().__init__(id="search")
        self.generation = 0
        self.timer: Timer | None = None
        self.suggestion: str | None = None
        self.shown_query = ""
        self.open_when_done = False
        self.last_run = 0.0
        self.shown_at = 0  # generation of the results on screen
        self.status_lines = 0

    def compose(self):
        yield Header(icon="≡")
        yield Input(placeholder="Search every digest…", id="search-input")
        yield Label(id="search-status", markup=False)
        yield ResultList(id="search-results")
        yield Footer()

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def results(self) -> ResultList:
        return self.query_one("#search-results", ResultList)

    def say(self, text: str | Content) -> None:
        """Show a status line. The screen is laid out again only when its height changes (a layout
        costs a whole-screen repaint on every keystroke)."""
        content = text if isinstance(text, Content) else Content(text)
        label = self.query_one("#search-status", Label)
        width = label.content_region.width
        lines = content.get_height(label.styles, width) if width > 0 else 0
        label.update(content, layout=lines != self.status_lines or not lines)
        self.status_lines = lines

    def on_mount(self) -> None:
        self.input.value = self.app.last_query
        self.input.focus()
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
        self.app.last_query = self.input.value
        app = self.app
        if app.index_error or not app.index_ready:
            self.results.clear_options()
            done, total = app.index_progress
            progress = f" ({100 * done // total}%)" if total else ""
            self.say(
                f"Search unavailable: {app.index_error}."
                if app.index_error
                else f"Building the search index{progress}: results appear as soon as it is ready."
            )
            return
        if len(query) < 2:  # one letter matches nearly everything: wait for the next
            self.results.clear_options()
            self.suggestion = None
            self.say(f"Type to search {app.library.item_count} items." if not query else "Keep typing…")
            return
        self._search(self.generation, query)

    @work(thread=True, exclusive=True, group="search", description="Searching")
    def _search(self, generation: int, query: str) -> None:
        try:
            results = self.app.search(typed_so_far(query), as_you_type=True)
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
        self.app.check_index()
        self.shown_at = message.generation
        self.shown_query = results.query or message.query
        self.results.show_hits(results.hits)
        self.suggestion = results.suggestion if not results.hits else None
        self.say(self._summary(results, message.query))
        if self.open_when_done:
            self.open_when_done = False
            self.action_open_result()

    def _summary(self, results, query: str) -> Content:
        if not results.hits:
            text = Content(f"No results for “{query}”.")
            if self.suggestion:
                text += Content(f" Did you mean “{self.suggestion}”? Press Tab to search for it.")
            return text
        shown = len(results.hits)
        more = f" (showing {shown})" if results.total > shown else ""
        text = Content(f"{results.total} result{'s' if results.total != 1 else ''}{more}")
        if results.corrected_from:
            text += Content(f" for “{results.query}” (nothing for “{results.corrected_from}”)")
        return text + Content(" · Enter opens, ↑/↓ move, Esc goes back")

    def index_changed(self) -> None:
        self.run_query_now()

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
        item_id = self.results.highlighted_id
        if item_id:
            self.dismiss((item_id, self.shown_query))

    def action_accept_suggestion(self) -> None:
        if self.suggestion:
            self.input.value = self.suggestion
            self.input.cursor_position = len(self.suggestion)
            self.run_query_now()
        elif self.focused is self.input:
            self.results.focus()
        else:
            self.input.focus()

    def action_result_down(self) -> None:
        self.results.action_cursor_down()

    def action_result_up(self) -> None:
        self.results.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

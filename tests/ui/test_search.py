"""Search as you type: results, opening with highlights, n/N, did-you-mean, stale results, first run."""

from __future__ import annotations

import threading

import pytest

from reader.core.search.results import SearchResults
from reader.ui.screens.search import SearchScreen
from reader.ui.widgets.detail import DetailPane
from reader.ui.widgets.lists import ItemList

from .conftest import running, settle
from .fakes import FakeIndex


async def type_query(pilot, text: str) -> SearchScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*[("space" if c == " " else c) for c in text])
    await pilot.pause(0.15)  # the last keys may wait for the throttle
    await settle(pilot)
    return screen


async def test_slash_searches_as_you_type_and_enter_opens_with_highlights(make_app) -> None:
    index = FakeIndex()
    app = make_app(search_index=index, build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        screen = await type_query(pilot, "transformers")
        rows = [screen.results.row_content(i).plain for i in range(screen.results.row_count)]
        assert len(rows) == 2
        assert rows[0].startswith("Beta item [bold]x[/bold]\nTest Weekly 1\n")
        assert "talks about transformers and attention" in rows[0]
        assert "2 results" in str(screen.query_one("#search-status").content)
        await pilot.press("down", "enter")
        await settle(pilot)
        detail = app.main.detail
        assert app.screen is app.main and detail.item.id == "alpha/gamma-item"
        assert isinstance(app.focused, DetailPane)
        assert app.state.read_marks.is_read("alpha/gamma-item")
        assert [detail.document.plain[a:b] for a, b in detail.matches] == ["transformers"]
        assert detail.current_match == 0
        await pilot.press("n")
        assert detail.current_match == 0, "one hit: n wraps to itself"
        await pilot.press("j", "k", "shift+tab", "slash")
        assert app.screen.input.value == "transformers", "the last query comes back"


async def test_n_and_N_move_between_hits(make_app) -> None:
    app = make_app(search_index=FakeIndex(), build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        await type_query(pilot, "beta")
        await pilot.press("down", "enter")
        await settle(pilot)
        detail = app.main.detail
        assert detail.item.id == "alpha/beta-item-bold-x-bold"
        assert [detail.document.plain[a:b] for a, b in detail.matches] == ["Beta", "Beta"]  # title, body
        await pilot.press("n")
        assert detail.current_match == 1
        await pilot.press("n")
        assert detail.current_match == 0
        await pilot.press("N")
        assert detail.current_match == 1
        await pilot.press("escape", "j")
        assert detail.matches == [], "another item: no stale highlights"


async def test_escape_returns_where_you_were(make_app) -> None:
    app = make_app(search_index=FakeIndex(), build_index=True)
    async with running(app) as pilot:
        await pilot.press("j", "j")
        await pilot.press("slash")
        await type_query(pilot, "alpha")
        await pilot.press("escape")
        assert app.screen is app.main
        assert isinstance(app.focused, ItemList)
        assert app.main.detail.item.id == "alpha/gamma-item"


class FinishedSuggestions(FakeIndex):
    """Suggests only for the finished query (as you type, the core corrects the unfinished last
    word within one edit only), and estimates the count of the hits made first (`build`).
    `hold_finished`: the finished query's search waits for it."""

    hold_finished: threading.Event | None = None

    def search(self, query: str, limit: int = 20, **options) -> SearchResults:  # type: ignore[override]
        if not options.get("as_you_type") and self.hold_finished is not None:
            self.hold_finished.wait(10)
        results = super().search(query, limit, **options)
        if options.get("as_you_type"):
            results.suggestion = None
        if options.get("build") is not None and results.total:
            results.total, results.total_is_estimate = results.total + 7, True
        return results


@pytest.mark.parametrize("kind", [FakeIndex, FinishedSuggestions])
async def test_no_match_offers_the_suggestion_and_tab_takes_it(make_app, kind: type[FakeIndex]) -> None:
    """With FinishedSuggestions the suggestion comes from the finished query, after the results."""
    app = make_app(search_index=kind(), build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        screen = await type_query(pilot, "transfromers")
        assert screen.results.option_count == 0
        status = str(screen.query_one("#search-status").content)
        assert "No results" in status and "Did you mean “transformers”? Press Tab" in status
        await pilot.press("tab")
        await settle(pilot)
        assert screen.input.value == "transformers"
        assert screen.results.option_count == 2


async def test_stale_results_are_dropped(make_app) -> None:
    index = FakeIndex()
    index.hold["beta"] = threading.Event()
    app = make_app(search_index=index, build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        screen = app.screen
        screen.input.value = "beta"  # this search hangs in its thread
        await pilot.pause(0.3)
        assert screen.results.option_count == 0 and index.searched == ["beta"]
        screen.input.value = "gradient"
        await pilot.pause(0.3)
        assert [hit.item_id for hit in screen.results.hits] == ["alpha/gamma-item"]
        index.hold["beta"].set()  # the old search finishes late...
        await settle(pilot)
        assert [hit.item_id for hit in screen.results.hits] == ["alpha/gamma-item"], "...and is ignored"


async def test_typing_fast_runs_few_searches(make_app) -> None:
    index = FakeIndex()
    app = make_app(search_index=index, build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        await type_query(pilot, "reinforcement")
        assert index.searched[-1] == "reinforcement"
        assert len(index.searched) < len("reinforcement")


async def test_first_run_browses_while_the_index_builds(make_app) -> None:
    index = FakeIndex()
    index.hold_update = threading.Event()
    app = make_app(search_index=index, build_index=True)
    async with app.run_test() as pilot:
        for _ in range(50):
            await pilot.pause(0.02)
            if "Indexing" in app.main.status.text:
                break
        assert app.main.issues_pane.row_count == 2, "issues show at once"
        assert "Indexing for search" in app.main.status.text
        assert app.main.status.query_one("ProgressBar").percentage == 0.5
        await pilot.press("slash")
        status = str(app.screen.query_one("#search-status").content)
        assert "Building the search index (50%)" in status
        await pilot.press(*"gradient")
        index.hold_update.set()
        await settle(pilot)
        assert app.state.index_status.ready and not app.main.status.display
        assert [hit.item_id for hit in app.screen.results.hits] == ["alpha/gamma-item"], (
            "the pending query ran"
        )


async def test_broken_index_disables_search_not_the_app(make_app) -> None:
    class Broken(FakeIndex):
        def update(self, library, progress=None, rebuild=False):
            raise OSError(30, "Read-only file system")

    app = make_app(search_index=Broken(), build_index=True)
    async with running(app) as pilot:
        assert "Search unavailable" in app.main.status.text and "Read-only" in app.main.status.text
        await pilot.press("slash")
        assert "Search unavailable" in str(app.screen.query_one("#search-status").content)
        await pilot.press("escape", "j")
        assert app.main.detail.item.id == "alpha/beta-item-bold-x-bold"


async def test_real_index_search_open_and_highlight(make_app) -> None:
    app = make_app(build_index=True)
    async with running(app) as pilot:
        assert app.state.index_status.ready, app.state.index_status.error
        await pilot.press("slash")
        screen = await type_query(pilot, "transformer")
        assert {hit.item_id for hit in screen.results.hits} == {
            "alpha/beta-item-bold-x-bold",
            "alpha/gamma-item",
        }
        await pilot.press("enter")
        await settle(pilot)
        detail = app.main.detail
        assert detail.item.id in {"alpha/beta-item-bold-x-bold", "alpha/gamma-item"}
        assert [detail.document.plain[a:b].lower() for a, b in detail.matches] == ["transformers"]


async def test_real_index_did_you_mean(make_app) -> None:
    app = make_app(build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        screen = await type_query(pilot, "gradiant descnt")
        assert screen.results.option_count == 0
        assert screen.suggestion, "a suggestion is offered"
        await pilot.press("tab")
        await settle(pilot)
        assert screen.input.value == screen.shown_query
        assert [hit.item_id for hit in screen.results.hits] == ["alpha/gamma-item"]


async def test_index_deleted_while_running_is_rebuilt(make_app, tmp_path) -> None:
    import shutil

    app = make_app(build_index=True)
    async with running(app) as pilot:
        shutil.rmtree(tmp_path / "index")
        await pilot.press("slash")
        await type_query(pilot, "gradient")
        await settle(pilot)
        assert (tmp_path / "index").is_dir(), "rebuilt"
        assert [hit.item_id for hit in app.screen.results.hits] == ["alpha/gamma-item"]


def test_a_lone_last_letter_waits_for_the_next_one() -> None:
    from reader.ui.screens.search_text import typed_so_far

    assert typed_so_far("attention m") == "attention"
    assert typed_so_far("attention mo") == "attention mo"
    assert typed_so_far("t") == "t"
    assert typed_so_far("gpt 4") == "gpt"


async def test_quitting_stops_the_index_build(make_app) -> None:
    import time

    class Slow(FakeIndex):
        def __init__(self) -> None:
            super().__init__()
            self.steps = 0
            self.ended = threading.Event()

        def update(self, library, progress=None, rebuild=False):
            try:
                for step in range(1, 1001):  # ten seconds, unless stopped
                    self.steps = step
                    progress(step, 1000)
                    time.sleep(0.01)
            finally:
                self.ended.set()

    index = Slow()
    app = make_app(search_index=index, build_index=True)
    async with app.run_test() as pilot:
        while index.steps < 5:
            await pilot.pause(0.02)
        await pilot.press("q")
    assert index.ended.wait(2), "the build ended with the app"
    assert index.steps < 1000


async def test_one_letter_waits_for_the_next(make_app) -> None:
    index = FakeIndex()
    app = make_app(search_index=index, build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        screen = await type_query(pilot, "g")
        assert index.searched == [] and "Keep typing" in str(screen.query_one("#search-status").content)
        await type_query(pilot, "r")
        assert index.searched == ["gr"]


async def test_a_long_status_line_wraps_and_a_short_one_takes_one_line(make_app) -> None:
    """The status line is laid out again only when its height changes: it must still grow."""
    app = make_app(search_index=FakeIndex(), build_index=True)
    async with running(app, size=(60, 24)) as pilot:
        await pilot.press("slash")
        screen = await type_query(pilot, "transfromers")
        status = screen.query_one("#search-status")
        assert status.size.height == 2, "the did-you-mean line wraps at 60 columns"
        await pilot.press("tab")
        await settle(pilot)
        assert status.size.height == 1 and "2 results" in str(status.content)


async def test_the_searcher_is_open_before_the_first_keystroke(make_app) -> None:
    """Opening the index (~0.1 s at 10k items) happens in the index worker, not on the first key."""
    app = make_app(build_index=True)
    async with running(app) as pilot:
        assert app.state.index_status.ready and app.state.index._searcher is not None
        await pilot.press("slash")
        screen = await type_query(pilot, "transformers")
        assert screen.results.option_count == 2


async def test_a_library_run_searches_its_own_index_not_the_configured_one(make_app, library_dir) -> None:
    """`digests --library PATH` must not rebuild the index of the user's configured library."""
    from reader.core import locations

    app = make_app(index_dir=None, build_index=True)
    async with running(app) as pilot:
        assert app.state.index.index_dir == locations.library_index_dir([library_dir])
        assert not locations.index_dir().exists()
        await pilot.press("slash")
        screen = await type_query(pilot, "transformers")
        assert screen.results.option_count == 2


async def test_an_estimated_total_is_said_to_be_one(make_app) -> None:
    from reader.core.search.results import SearchResults
    from reader.ui.screens.search_text import count_results

    index = FakeIndex()
    index.total_is_estimate = True
    app = make_app(search_index=index, build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        screen = await type_query(pilot, "transformers")
        assert str(screen.query_one("#search-status").content).startswith("about 2 results")
    assert count_results(SearchResults("q", 1200, None, [], total_is_estimate=True)) == "about 1,200 results"
    assert count_results(SearchResults("q", 1200, None, [])) == "1,200 results"
    assert count_results(SearchResults("q", 1, None, [])) == "1 result"


async def test_a_stale_suggestion_is_not_shown(make_app) -> None:
    index = FinishedSuggestions()
    index.hold_finished = threading.Event()
    app = make_app(search_index=index, build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        await pilot.press(*"transfromers")
        await pilot.pause(0.3)  # its results shown, the look-up of its suggestion waiting
        await pilot.press("ctrl+u", *"zzqx")
        await pilot.pause(0.3)  # "zzqx" found nothing, on screen
        index.hold_finished.set()  # the suggestion for "transfromers" arrives after "zzqx" is shown
        await pilot.pause(0.15)
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.input.value == "zzqx" and screen.suggestion is None
        assert "Did you mean" not in str(screen.query_one("#search-status").content)


async def test_an_estimated_count_gives_way_to_the_exact_one_with_the_rest_of_the_page(make_app) -> None:
    app = make_app(search_index=FinishedSuggestions(), build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        screen = await type_query(pilot, "transformers")
        status = str(screen.query_one("#search-status").content)
        assert status.startswith("2 results"), status

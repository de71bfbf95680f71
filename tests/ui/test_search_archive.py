"""Searching a whole archive in the app: every result reachable (pages load as you scroll), Ctrl+O
orders them, filters read the app's marks and sources (a malformed one is told and left out),
↑ / ↓ walk past queries, and a preview beside the results at 120 columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.screens.search import PAGE, SearchScreen

from .conftest import running, settle
from .test_search import type_query

ISSUES = {
    "rust/2024-06-01.md": (
        "Rust Weekly 3",
        "2024-06-01",
        "## Crate of the week: tokio\n\nTokio is an async runtime crate for Rust networking. "
        "Read [tokio](https://www.tokio.rs/?utm_source=news).\n\n## Compiler news\n\nThe borrow checker got faster.\n",
    ),
    "rust/2023-01-01.md": (
        "Rust Weekly 2",
        "2023-01-01",
        "## Crate of the week: rayon\n\nRayon is a data parallelism crate for Rust, "
        "like [tokio](https://tokio.rs) for threads.\n",
    ),
    "python/2022-03-01.md": (
        "Python Weekly 1",
        "2022-03-01",
        "## Crate of the week: pyo3\n\nPyO3 binds a Rust crate to Python: the crate of the week for Rust fans.\n",
    ),
}


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    for name, (title, date, body) in ISSUES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {title}\ndate: {date}\n---\n\n{body}", encoding="utf-8")
    return root


@pytest.fixture
def many(tmp_path: Path) -> Path:
    root = tmp_path / "many"
    root.mkdir()
    items = "".join(f"## Widget {n}\n\nA widget story, number {n}.\n\n" for n in range(1, 131))
    (root / "widgets.md").write_text(f"# Widget Weekly\n\n{items}", encoding="utf-8")
    return root


def status(screen: SearchScreen) -> str:
    return str(screen.query_one("#search-status").content)


async def search(pilot, query: str) -> SearchScreen:
    await pilot.press("slash")
    return await type_query(pilot, query)


@pytest.mark.timeout(180)
async def test_results_load_page_by_page_and_down_at_the_last_never_wraps(make_app, many) -> None:
    app = make_app([many], build_index=True)
    async with running(app) as pilot:
        screen = await search(pilot, "widget")
        results = screen.results
        assert results.row_count == PAGE and "130 results" in status(screen)
        assert "showing" not in status(screen), "every result is reachable: no cap is announced"
        await pilot.press("tab")  # into the list
        results.move_to(PAGE - 1)  # the last loaded row...
        await pilot.press("down")  # ...and ↓: the next page, the cursor on its first hit
        await settle(pilot)
        assert results.row_count == 2 * PAGE and results.highlighted == PAGE
        await pilot.press("end")  # scrolling to the end loads the rest
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert results.row_count == 130 and not results.more
        titles = {hit.title for hit in results.hits}
        assert len(titles) == 130, "each hit once, none skipped"
        await pilot.press("down")
        assert results.highlighted == 129, "↓ at the very last result stays there"


async def test_ctrl_o_orders_by_relevance_newest_and_oldest(make_app, archive) -> None:
    app = make_app([archive], build_index=True)
    async with running(app) as pilot:
        screen = await search(pilot, "crate")
        assert "best match first" in status(screen)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert [hit.date for hit in screen.results.hits] == ["2024-06-01", "2023-01-01", "2022-03-01"]
        assert "newest first" in status(screen).split("·")[1]
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert [hit.date for hit in screen.results.hits] == ["2022-03-01", "2023-01-01", "2024-06-01"]
        assert "oldest first" in status(screen).split("·")[1]


async def test_filters_use_the_apps_marks_and_sources_and_a_bad_one_is_told(make_app, archive) -> None:
    app = make_app([archive], build_index=True)
    async with running(app) as pilot:
        tokio = next(item.id for _, item in app.state.library.items() if item.title.endswith("tokio"))
        assert app.state.read_marks.mark([tokio])
        screen = await search(pilot, "crate is:unread")
        assert {hit.date for hit in screen.results.hits} == {"2023-01-01", "2022-03-01"}
        await pilot.press("ctrl+u")
        screen = await type_query(pilot, "crate source:python")
        assert [hit.issue_title for hit in screen.results.hits] == ["Python Weekly 1"]
        await pilot.press("ctrl+u")
        screen = await type_query(pilot, "crate date:2024")
        assert [hit.date for hit in screen.results.hits] == ["2024-06-01"]
        await pilot.press("ctrl+u")
        screen = await type_query(pilot, "crate date:2024-13")
        assert "date:2024-13" in status(screen) and "3 results" in status(screen), (
            "told, and the rest searched"
        )


async def test_up_and_down_in_the_box_walk_past_queries(make_app, archive) -> None:
    from reader.core.search_history import SearchHistory

    app = make_app([archive], build_index=True)
    async with running(app) as pilot:
        await search(pilot, "tokio")
        await pilot.press("enter")  # opening a result records the query
        await settle(pilot)
        screen = await search(pilot, "rayon")
        await pilot.press("escape")  # so does leaving with one
        await settle(pilot)
        assert SearchHistory().queries() == ["rayon", "tokio"], "persisted, newest first"
        screen = await search(pilot, "borrow")
        await pilot.press("up")
        await settle(pilot)
        assert screen.input.value == "rayon"
        await pilot.press("up")
        await settle(pilot)
        assert screen.input.value == "tokio" and screen.results.hits[0].title.endswith("tokio")
        await pilot.press("down", "down")
        await settle(pilot)
        assert screen.input.value == "borrow", "past the newest: what was being typed"
        await pilot.press("down")
        assert screen.input.value == "borrow", "not walking: ↓ moves in the results"


@pytest.mark.parametrize(("width", "shown"), [(120, True), (100, False)])
async def test_the_preview_shows_beside_the_results_from_120_columns(make_app, archive, width, shown) -> None:
    app = make_app([archive], build_index=True)
    async with running(app, size=(width, 36)) as pilot:
        screen = await search(pilot, "borrow")
        preview = screen.preview
        assert preview.display is shown
        if shown:
            assert preview.item is not None and preview.item.title == "Compiler news"
            assert [preview.document.plain[a:b].lower() for a, b in preview.matches] == ["borrow"]
            await pilot.press("ctrl+u")
            await type_query(pilot, "crate")
            await pilot.press("down")
            await settle(pilot)
            assert preview.item is not None and preview.item.id == screen.results.highlighted_hit.item_id
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main and app.main.detail.item is not None, "Enter opens it, as ever"

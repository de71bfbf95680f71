"""Saved searches (Ctrl+S, listed above the issues with their unread counts, opened as results,
deleted from the palette), R (items like this one in other issues) and L ("also in N issues")."""

from __future__ import annotations

from reader.core.saved_searches import SavedSearchStore
from reader.ui.screens.confirm import ConfirmScreen
from reader.ui.screens.picker import PickerScreen
from reader.ui.screens.save_search import SaveSearchScreen
from reader.ui.screens.search import SearchScreen

from .conftest import running, settle
from .test_search import type_query
from .test_search_archive import archive, search  # noqa: F401  (the fixture)


def item_id(app, suffix: str) -> str:
    return next(item.id for _, item in app.state.library.items() if item.title.endswith(suffix))


async def save_as(pilot, name: str) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SaveSearchScreen)
    await pilot.press(*[("space" if c == " " else c) for c in name], "enter")
    await settle(pilot)


async def test_ctrl_s_saves_the_query_listed_above_the_issues_with_unread_counts(make_app, archive) -> None:  # noqa: F811
    app = make_app([archive], build_index=True)
    async with running(app) as pilot:
        await search(pilot, "crate")
        await save_as(pilot, "rust crates")
        assert [(s.name, s.query) for s in SavedSearchStore().all()] == [("rust crates", "crate")]
        await pilot.press("escape")
        await settle(pilot)
        saved = app.main.query_one("#saved")
        assert saved.display and saved.region.y < app.main.issues_pane.region.y, "at the top of the pane"
        assert saved.prompt(saved.data[0]).plain == "rust crates · 3 unread"
        app.main.jump_to(item_id(app, "tokio"))  # reading one: the count follows
        await pilot.pause(0.4)
        await settle(pilot)
        assert saved.prompt(saved.data[0]).plain == "rust crates · 2 unread"
        saved.focus()
        await pilot.press("enter")  # opens it as a list of results
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.input.value == "crate"
        assert "rust crates" in screen.sub_title and screen.results.row_count == 3


async def test_a_name_in_use_asks_before_replacing(make_app, archive) -> None:  # noqa: F811
    app = make_app([archive], build_index=True)
    async with running(app) as pilot:
        await search(pilot, "crate")
        await save_as(pilot, "mine")
        await pilot.press("ctrl+u")
        await type_query(pilot, "tokio")
        await save_as(pilot, "MINE")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert [(s.name, s.query) for s in SavedSearchStore().all()] == [("MINE", "tokio")]


async def test_a_saved_search_is_deleted_from_the_palette(make_app, archive) -> None:  # noqa: F811
    SavedSearchStore().add("old", "rayon")
    app = make_app([archive], build_index=True)
    async with running(app) as pilot:
        assert app.main.query_one("#saved").display
        app.main.action_delete_saved_search()
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("1")
        await settle(pilot)
        assert SavedSearchStore().all() == [] and not app.main.query_one("#saved").display


async def test_R_lists_items_like_this_one_from_other_issues(make_app, archive) -> None:  # noqa: F811
    app = make_app([archive], build_index=True)
    async with running(app) as pilot:
        tokio = item_id(app, "tokio")
        app.main.jump_to(tokio)
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerScreen), "a list of related items"
        rows = [row.plain for row in picker.rows]
        assert rows and all("Rust Weekly 3" not in row for row in rows), "from other issues only"
        assert any("Rust Weekly 2 · 2023-01-01" in row for row in rows), "issue and date"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main and app.main.detail.item.id != tokio


async def test_a_link_other_issues_contain_says_so_and_L_lists_them(make_app, archive) -> None:  # noqa: F811
    app = make_app([archive], build_index=True)
    async with running(app) as pilot:
        app.main.jump_to(item_id(app, "tokio"))
        await settle(pilot)
        detail = app.main.detail
        assert "https://www.tokio.rs/?utm_source=news  tokio  · also in 1 issue" in detail.document.plain
        await pilot.press("L")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert [row.plain for row in picker.rows] == ["Rust Weekly 2 · 2023-01-01 — Crate of the week: rayon"]
        await pilot.press("enter")
        await settle(pilot)
        assert detail.item is not None and detail.item.title.endswith("rayon")
        await pilot.press("L")  # back from the other side
        await settle(pilot)
        assert [row.plain for row in app.screen.rows] == [
            "Rust Weekly 3 · 2024-06-01 — Crate of the week: tokio"
        ]


async def test_L_on_an_item_whose_links_are_nowhere_else_says_so(make_app, archive) -> None:  # noqa: F811
    app = make_app([archive], build_index=True)
    async with running(app) as pilot:
        app.main.jump_to(item_id(app, "pyo3"))
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert app.screen is app.main

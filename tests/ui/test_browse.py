"""Browsing with the keyboard: panes, moving, opening, going back, read marks, narrow layout."""

from __future__ import annotations

from reader.ui.widgets.detail import DetailPane
from reader.ui.widgets.lists import IssueList, ItemList

from .conftest import NARROW, current_item_id, issue_row, item_row, running, settle


async def test_three_panes_show_the_library(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        main = app.main
        assert main.issues_pane.row_count == 2
        assert current_item_id(app) == "alpha/alpha-item"
        assert main.detail.item.title == "Alpha item"
        plain = main.detail.document.plain
        assert "Alpha body with a first link and second." in plain
        assert " 1. https://example.com/alpha" in plain and " 2. https://example.org/beta" in plain
        assert app.main.sub_title == "2 issues · 5 items · 5 unread"
        assert isinstance(app.focused, ItemList)
        await pilot.pause()


async def test_j_k_and_arrows_move_and_preview(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        main = app.main
        await pilot.press("j")
        assert current_item_id(app) == "alpha/beta-item-bold-x-bold"
        assert main.detail.item.id == "alpha/beta-item-bold-x-bold"
        await pilot.press("down", "down")
        assert current_item_id(app) == "alpha/evil-item"
        await pilot.press("k", "up")
        assert current_item_id(app) == "alpha/beta-item-bold-x-bold"
        assert not app.state.read_marks.is_read("alpha/beta-item-bold-x-bold"), "a preview is not a read"


async def test_tab_switches_panes_and_issue_choice_fills_items(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("shift+tab")
        assert isinstance(app.focused, IssueList)
        await pilot.press("j")
        await pilot.pause()
        assert current_item_id(app) == "bravo/only-item"
        await pilot.press("enter")
        assert isinstance(app.focused, ItemList)
        await pilot.press("tab")
        assert isinstance(app.focused, DetailPane)
        await pilot.press("tab")
        assert isinstance(app.focused, IssueList)


async def test_enter_opens_marks_read_and_escape_goes_back(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("enter")
        assert isinstance(app.focused, DetailPane)
        assert app.state.read_marks.is_read("alpha/alpha-item")
        assert app.main.sub_title.endswith("4 unread")
        issue = app.state.library.issue("alpha")
        assert app.state.read_marks.unread_count(issue) == 3
        assert "3 unread" in issue_row(app, "alpha")
        assert "●" not in item_row(app, "alpha/alpha-item")
        await pilot.press("escape")
        assert isinstance(app.focused, ItemList)
        await pilot.press("escape")
        assert isinstance(app.focused, IssueList)


async def test_u_toggles_read(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("u")
        assert app.state.read_marks.is_read("alpha/alpha-item")
        await pilot.press("u")
        assert not app.state.read_marks.is_read("alpha/alpha-item")
        assert "●" in item_row(app, "alpha/alpha-item")


async def test_narrow_terminal_detail_takes_over_and_escape_returns(make_app) -> None:
    app = make_app()
    async with running(app, size=NARROW) as pilot:
        main = app.main
        assert main.has_class("-narrow")
        assert not main.detail.display or main.detail.region.width == 0
        await pilot.press("j", "enter")
        await pilot.pause()
        assert main.has_class("-reading")
        assert main.detail.region.width >= 70 and main.items_pane.region.width == 0
        assert isinstance(app.focused, DetailPane)
        await pilot.press("escape")
        await pilot.pause()
        assert not main.has_class("-reading")
        assert isinstance(app.focused, ItemList) and main.items_pane.region.width >= 70


async def test_resize_to_tiny_and_back_survives(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("enter")
        for size in [(20, 5), (120, 36), (20, 5), (80, 24), (1, 1), (100, 30)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("j", "k", "escape", "question_mark", "escape")
        await settle(pilot)
        assert app.main.detail.item is not None
        assert app.main.issues_pane.region.width > 20


async def test_r_reloads_the_library_from_disk(make_app, library_dir) -> None:
    app = make_app()
    async with running(app) as pilot:
        (library_dir / "bravo.md").unlink()
        (library_dir / "charlie.md").write_text("# Third\n\n## New thing\n\nfresh\n", encoding="utf-8")
        await pilot.press("r")
        await settle(pilot)
        ids = [issue.id for issue in app.state.library.issues]
        assert "charlie" in ids and "bravo" not in ids
        assert app.main.issues_pane.row_count == 2
        assert app.main.detail.item.id == "alpha/alpha-item", "the selection survives a refresh"


async def test_q_quits(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_empty_library_says_how_to_add_digests(make_app, tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app([empty])
    async with running(app):
        assert "No digests found" in app.main.detail.document.plain


async def test_mouse_click_opens_an_item_and_wheel_scrolls(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        items = app.main.items_pane
        await pilot.click(items, offset=(8, 4))  # About this issue, Alpha, Beta, then Gamma
        await pilot.pause()
        assert app.main.detail.item.id == "alpha/gamma-item"
        assert app.state.read_marks.is_read("alpha/gamma-item")
        issues = app.main.issues_pane
        await pilot.click(issues, offset=(8, 3))  # the second issue's title row
        await pilot.pause()
        assert app.main.issue.id == "bravo"
        await pilot.resize_terminal(120, 12)
        await pilot.click(items, offset=(8, 1))
        detail = app.main.detail
        detail.show_message("A long text\n" + "line\n" * 40)
        await pilot.pause()
        from textual import events

        for _ in range(3):
            detail.post_message(events.MouseScrollDown(detail, 5, 2, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert detail.scroll_y > 0


async def test_ctrl_c_quits_even_while_typing(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("slash", "a", "ctrl+c")
        await pilot.pause()
    assert not app.is_running and app.return_code == 0

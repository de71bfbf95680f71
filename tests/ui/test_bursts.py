"""Keys sent in a quick burst act on the state the key before left, not on what the screen had
time to show: the cursor a key moved is what the next key acts on."""

from __future__ import annotations

from textual.widgets import Input

from reader.ui.screens.edit_bookmark import EditBookmarkScreen

from .conftest import burst, current_item_id, running, settle


async def test_j_then_b_bookmarks_the_item_j_moved_to(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await burst(pilot, "j", "b")
        assert current_item_id(app) == "alpha/beta-item-bold-x-bold"
        assert app.state.bookmarks.contains("alpha/beta-item-bold-x-bold")
        assert not app.state.bookmarks.contains("alpha/alpha-item")


async def test_j_y_three_times_copies_the_links_of_the_items_under_the_cursor(make_app) -> None:
    app = make_app()
    copied: list[str] = []
    async with running(app) as pilot:
        app.copy_to_clipboard = copied.append  # the terminal clipboard (no system one in tests)
        await burst(pilot, "j", "Y", "j", "Y", "j", "Y")  # Y: every link of the item, no picker
        assert current_item_id(app) == "alpha/evil-item"
        notes = [note.message for note in app._notifications]
    # Beta's link, then Gamma (no links: said so), then Evil's (refused): never the item before.
    assert copied == ["https://example.net/one"]
    assert "This item has no links." in notes
    assert notes[-1] == "ftp: links are not copied (only http, https and mailto)", notes


async def test_moving_and_copying_back_and_forth_copies_each_item_s_own_links(make_app) -> None:
    app = make_app()
    copied: list[str] = []
    async with running(app) as pilot:
        app.copy_to_clipboard = copied.append
        await burst(pilot, "Y", "j", "Y", "k", "Y")
    alpha = "https://example.com/alpha\nhttps://example.org/beta"
    assert copied == [alpha, "https://example.net/one", alpha]


async def test_j_burst_then_u_marks_the_last_item_moved_to(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await burst(pilot, "j", "j", "u")
        assert current_item_id(app) == "alpha/gamma-item"
        assert app.state.read_marks.is_read("alpha/gamma-item")
        assert not app.state.read_marks.is_read("alpha/beta-item-bold-x-bold")


async def test_issue_moved_to_then_tab_and_b_act_on_its_item(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("shift+tab")  # the Issues pane
        await burst(pilot, "j", "tab", "b")
        assert app.state.bookmarks.contains("bravo/only-item")
        assert not app.state.bookmarks.contains("alpha/alpha-item")


async def test_a_fast_tab_in_the_bookmark_editor_puts_the_note_in_the_note(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("b", "B", "e")
        await settle(pilot)
        assert isinstance(app.screen, EditBookmarkScreen)
        await burst(pilot, *"ml", "tab", *"re-read", "enter")
        bookmark = app.state.bookmarks.get("alpha/alpha-item")
        assert bookmark.tags == ["ml"] and bookmark.note == "re-read"


async def test_j_then_space_in_the_detail_reads_on_from_the_item_j_opened(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("enter")  # Alpha opened, the detail focused
        await burst(pilot, "J", "space")
        # J opened Beta; its text fits the pane, so Space went on to the next unread: Gamma.
        assert app.main.detail.item.id == "alpha/gamma-item"
        assert app.state.read_marks.is_read("alpha/beta-item-bold-x-bold")


async def test_typing_right_after_slash_replaces_the_old_query(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        app.state.last_query = "asynctokio"
        await pilot.press("slash")
        await settle(pilot)
        await burst(pilot, *"wasm")
        assert app.screen.query_one(Input).value == "wasm"

"""Bookmarks (b, B and its view) and links (y, Y, o, clicking): stores and clipboard checked."""

from __future__ import annotations

import pytest

from reader.core.storage import StorageError
from reader.ui.screens.bookmarks import BookmarksScreen
from reader.ui.screens.edit_bookmark import EditBookmarkScreen
from reader.ui.screens.picker import PickerScreen

from .conftest import item_row, running, settle


async def test_b_toggles_the_bookmark_in_the_store(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("b")
        assert app.state.bookmarks.contains("alpha/alpha-item")
        stored = app.state.bookmarks.get("alpha/alpha-item")
        assert stored.title == "Alpha item" and stored.issue_title == "Test Weekly 1"
        assert "★" in item_row(app, "alpha/alpha-item")
        await pilot.press("b")
        assert not app.state.bookmarks.contains("alpha/alpha-item")


async def test_y_with_several_links_asks_and_a_digit_chooses(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("y")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("2")
        await pilot.pause()
        assert not isinstance(app.screen, PickerScreen)
        assert app.clipboard == "https://example.org/beta"
        toast = app._notifications
        message = list(toast)[-1].message
        assert "terminal clipboard" in message and "https://example.org/beta" in message


async def test_y_with_one_link_copies_at_once_and_Y_copies_all(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j", "y")
        assert app.clipboard == "https://example.net/one"
        await pilot.press("k", "Y")
        assert app.clipboard == "https://example.com/alpha\nhttps://example.org/beta"


async def test_y_without_links_says_so(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j", "j", "y")
        assert app.clipboard == ""
        assert "no links" in list(app._notifications)[-1].message


async def test_o_opens_through_the_opener_and_escape_cancels_the_picker(make_app, opened) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        assert opened.urls == []
        await pilot.press("o", "down", "enter")
        await pilot.pause()
        assert opened.urls == ["https://example.org/beta"]


async def test_clicking_a_link_opens_it_and_unsafe_schemes_are_refused(make_app, opened) -> None:
    app = make_app()
    async with running(app) as pilot:
        body = app.main.detail
        body.action_open_url_index(0)  # what a click on the first link runs
        await pilot.pause()
        assert opened.urls == ["https://example.com/alpha"]
        await pilot.press("j", "j", "j")  # Evil item: ftp and javascript links
        assert app.main.detail.item.title == "Evil item"
        assert "javascript:alert(1)" not in body.urls, "never made clickable"
        assert "ftp://example.com/x" in body.urls
        body.action_open_url_index(body.urls.index("ftp://example.com/x"))
        await pilot.press("o", "y")
        await pilot.pause()
        assert opened.urls == ["https://example.com/alpha"]
        assert app.clipboard == ""
        messages = [n.message for n in app._notifications][-3:]
        assert messages[0].startswith("ftp: links are not opened")
        assert "ftp: links are not opened" in messages[1] and "ftp: links are not copied" in messages[2]


async def test_clicking_a_link_with_the_mouse(make_app, opened) -> None:
    app = make_app()
    async with running(app) as pilot:
        body = app.main.detail
        lines = app.main.detail.document.plain.split("\n")
        row = next(i for i, line in enumerate(lines) if "https://example.com/alpha" in line)
        column = lines[row].index("https://") + 3
        region = body.content_region
        await pilot.click(offset=(region.x + column, region.y + row))
        await pilot.pause()
        assert opened.urls == ["https://example.com/alpha"]


async def test_bookmarks_view_sort_filter_edit_remove_undo_jump(make_app, monkeypatch) -> None:
    import reader.core.bookmarks as bookmarks_module

    times = iter(["2024-01-01T10:00:00+00:00", "2024-01-02T10:00:00+00:00", "2024-01-03T10:00:00+00:00"])
    monkeypatch.setattr(bookmarks_module, "now_iso", lambda: next(times))
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("b", "j", "j", "b")  # Alpha (oldest), Gamma
        await pilot.press("shift+tab", "j", "enter", "b")  # Only item (newest)
        await pilot.press("B")
        assert isinstance(app.screen, BookmarksScreen)
        view = app.screen
        assert [b.title for b in view.shown] == ["Only item", "Gamma item", "Alpha item"]
        await pilot.press("s")
        assert [b.title for b in view.shown] == ["Alpha item", "Gamma item", "Only item"]
        assert view.listing.highlighted_id == "bravo/only-item", "the cursor stays on its bookmark"
        await pilot.press("home", "e")
        assert isinstance(app.screen, EditBookmarkScreen)
        await pilot.press(*"ml, to-read", "tab", *"great", "enter")
        await pilot.pause()
        assert app.state.bookmarks.get("alpha/alpha-item").tags == ["ml", "to-read"]
        assert app.state.bookmarks.get("alpha/alpha-item").note == "great"
        await pilot.press("t")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("2")  # "#ml"
        await pilot.pause()
        assert [b.title for b in view.shown] == ["Alpha item"]
        await pilot.press("t", "1")  # all bookmarks again
        await pilot.pause()
        assert len(view.shown) == 3
        await pilot.press("d")
        assert not app.state.bookmarks.contains("alpha/alpha-item")
        await pilot.press("u")
        restored = app.state.bookmarks.get("alpha/alpha-item")
        assert restored is not None and restored.tags == ["ml", "to-read"] and restored.note == "great"
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.screen is app.main
        assert app.main.detail.item.id == "alpha/gamma-item"
        assert app.state.read_marks.is_read("alpha/gamma-item")
        await pilot.press("B", "d", "escape", "B", "u")  # undo lasts until the view is left
        assert "Nothing to undo" in list(app._notifications)[-1].message
        assert len(app.state.bookmarks.all()) == 2


async def test_missing_bookmark_is_listed_marked_and_kept(make_app, library_dir) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("shift+tab", "j", "enter", "b")
        (library_dir / "bravo.md").unlink()
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("B")
        view = app.screen
        assert view.shown[0].missing
        assert "(missing)" in view.listing.get_option("bravo/only-item").prompt.plain
        await pilot.press("enter")
        assert app.screen is view, "a missing item cannot be shown, the view stays"
        assert app.state.bookmarks.contains("bravo/only-item")


async def test_failed_write_is_a_message_not_a_crash(make_app, monkeypatch) -> None:
    app = make_app()
    async with running(app) as pilot:

        def full_disk(*_args, **_kwargs):
            raise StorageError(28, "could not save bookmarks.json: No space left on device")

        monkeypatch.setattr(app.state.bookmarks, "toggle", full_disk)
        monkeypatch.setattr(app.state.read_marks.store, "set_many", full_disk)
        await pilot.press("b", "u")
        assert app.state.read_marks.is_read("alpha/alpha-item"), "shown at once, saved a moment later"
        await pilot.pause(1.3)  # the read marks are saved after a short pause, in a worker
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert sum("No space left" in m for m in messages) == 2
        assert not app.state.read_marks.is_read("alpha/alpha-item"), "the mark that was not saved is gone"
        assert "●" in item_row(app, "alpha/alpha-item")
        assert app.is_running


@pytest.mark.parametrize("key", ["b", "y", "o", "u"])
async def test_item_keys_need_an_item(make_app, tmp_path, key) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    app = make_app([empty])
    async with running(app) as pilot:
        await pilot.press(key)
        assert "Select an item first" in list(app._notifications)[-1].message


async def test_the_editor_reads_tags_as_the_cli_does(make_app) -> None:
    """Commas separate tags; "to read" stays one tag (reader.core.bookmarks.parse_tags)."""
    from reader.core.bookmarks import parse_tags

    app = make_app()
    async with running(app) as pilot:
        await pilot.press("b", "B", "e")
        assert isinstance(app.screen, EditBookmarkScreen)
        await pilot.press(*"to read, ML,  #papers , ml", "enter")
        await settle(pilot)
        tags = app.state.bookmarks.get("alpha/alpha-item").tags
        assert tags == ["to read", "ML", "papers"] == parse_tags("to read, ML,  #papers , ml")
        await pilot.press("e")
        assert app.screen.query_one("#edit-tags").value == "to read, ML, papers", "shown as typed back"
        await pilot.press("enter")
        await settle(pilot)
        assert app.state.bookmarks.get("alpha/alpha-item").tags == ["to read", "ML", "papers"], "round trip"

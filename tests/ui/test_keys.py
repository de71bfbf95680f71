"""Keys: the footer keeps `? Help` and `q Quit` at any width; the same moving keys work in every
list and text view; `[keys]` in config.toml remaps any command by id, shown everywhere, a bad entry
reported and ignored."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets._footer import FooterKey

from reader.core import locations
from reader.ui.commands import COMMANDS, use_keymap
from reader.ui.keymap import check_keymap, normalize_key
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.detail import DetailPane
from reader.ui.widgets.footer import fitting

from .conftest import NARROW, running, settle


@pytest.fixture(autouse=True)
def default_keys():
    """Every test starts (and leaves) with the registry's own keys."""
    use_keymap({})
    yield
    use_keymap({})


def footer_keys(app) -> list[str]:
    return [f"{key.key_display} {key.description}" for key in app.screen.query(FooterKey)]


@pytest.mark.parametrize("width", [80, 60, 40])
async def test_the_footer_keeps_help_and_quit_at_any_width(make_app, width) -> None:
    app = make_app()
    async with running(app, size=(width, 24)) as pilot:
        await pilot.pause()
        shown = footer_keys(app)
        assert "? Help" in shown and "q Quit" in shown, shown
        used = sum(key.region.width for key in app.screen.query(FooterKey))
        assert used <= width
        if width == 80:
            assert "/ Search" in shown, "the most used keys come next"


def test_lower_ranks_drop_first() -> None:
    assert fitting([10, 10, 10], [5, 0, 1], 20) == {1, 2}
    assert fitting([10, 10, 10], [0, 0, 0], 25) == {0, 1}, "ties: in order"


async def test_the_footer_at_80_columns_fits_again_after_a_resize(make_app) -> None:
    app = make_app()
    async with running(app, size=(160, 30)) as pilot:
        wide = footer_keys(app)
        await pilot.resize_terminal(*NARROW)
        await settle(pilot)
        narrow = footer_keys(app)
        assert len(narrow) < len(wide) and "? Help" in narrow


MOVES = ["j", "k", "g", "G", "home", "end", "space", "pageup", "pagedown"]


async def check_moves(pilot, position, size: int) -> None:
    """Each key moves the view the same way: down, up, to the ends, a page at a time."""
    await pilot.press("g")
    top = position()
    await pilot.press("j")
    assert position() > top, "j moves down"
    await pilot.press("k")
    assert position() == top, "k moves up"
    await pilot.press("G")
    end = position()
    assert end > top, "G goes to the end"
    await pilot.press("home")
    assert position() == top, "Home goes to the start"
    await pilot.press("end")
    assert position() == end, "End goes to the end"
    await pilot.press("g", "pagedown")
    page = position()
    assert top < page, "PgDn pages down"
    await pilot.press("g", "space")
    assert position() == page, "Space pages down like PgDn"
    await pilot.press("pageup")
    assert position() < page, "PgUp pages up"


@pytest.fixture
def many_dir(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    items = "\n\n".join(f"## Item {n} about transformers\n\n" + "Words here. " * 150 for n in range(40))
    (folder / "many.md").write_text(f"# Many\n\n{items}\n", "utf-8")
    return folder


async def test_moving_keys_work_alike_in_lists_the_text_and_the_help(make_app, many_dir) -> None:
    from .fakes import FakeIndex

    app = make_app([many_dir], build_index=True, search_index=FakeIndex())
    async with running(app, size=(100, 20)) as pilot:
        main = app.main
        await check_moves(pilot, lambda: main.items_pane.highlighted, 40)  # a list
        main.jump_to(app.state.library.issues[0].items[3].id)
        await settle(pilot)
        detail = main.detail
        assert isinstance(app.focused, DetailPane)
        await pilot.press("end")  # a long text: Space pages (it only reads on at the very end)
        await check_moves(pilot, lambda: detail.scroll_y, 40)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.box
        await check_moves(pilot, lambda: box.scroll_y, 40)
        await pilot.press("escape", "slash", *"transformers")
        await pilot.pause(0.2)
        await settle(pilot)
        results = app.screen.results
        results.focus()
        await pilot.pause()
        await check_moves(pilot, lambda: results.highlighted, 20)  # an OptionList


def test_key_names_are_checked_and_normalised() -> None:
    assert normalize_key("x") == "x"
    assert normalize_key("?") == "question_mark"
    assert normalize_key("Ctrl+X") == "ctrl+x"
    assert normalize_key("pagedown") == "pagedown"
    assert normalize_key("f5") == "f5"
    assert normalize_key("full_stop") == "full_stop"
    for bad in ("", "ctrl+", "banana", "hyperspace+x", " "):
        assert normalize_key(bad) is None, bad


def test_check_keymap_keeps_good_entries_and_reports_each_bad_one() -> None:
    keymap, problems = check_keymap(
        {
            "toggle_bookmark": "x",
            "toggle_bookmarks": "z",  # no such command
            "search": "banana",  # not a key
            "bookmarks": "j",  # a list key in the same screen
            "open": "o",  # Enter is the list's own
            "list.page_down": "pagedown,ctrl+f",
        }
    )
    assert keymap == {"toggle_bookmark": "x", "list.page_down": "pagedown,ctrl+f"}
    assert any("toggle_bookmarks: no such command (did you mean toggle_bookmark?)" in p for p in problems)
    assert any("search: 'banana' is not a key" in p for p in problems)
    assert any("bookmarks: j is already the key of list.cursor_down" in p for p in problems)
    assert any("open: this command has no key of its own" in p for p in problems)


def test_swapping_two_keys_is_no_clash() -> None:
    keymap, problems = check_keymap({"toggle_bookmark": "y", "copy_link": "b"})
    assert keymap == {"toggle_bookmark": "y", "copy_link": "b"} and not problems


def test_every_command_has_its_own_id() -> None:
    ids = [command.id for command in COMMANDS]
    assert len(ids) == len(set(ids))


def write_keys(text: str) -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"version = 1\n\n[keys]\n{text}\n", "utf-8")


async def test_keys_from_config_are_used_and_shown_everywhere(make_app) -> None:
    write_keys('toggle_bookmark = "x"\nlist = { cursor_down = ["j", "down", "ctrl+n"] }')
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("b")
        assert not app.state.bookmarks.contains("alpha/alpha-item"), "b is no longer the key"
        await pilot.press("x")
        assert app.state.bookmarks.contains("alpha/alpha-item")
        await pilot.press("ctrl+n")
        assert app.main.items_pane.current.id == "alpha/beta-item-bold-x-bold"
        assert "x Bookmark" in footer_keys(app)
        await pilot.press("question_mark")
        text = app.screen.text
        assert "  x            Bookmark" in text
        assert "j / ↓ / Ctrl+N" in text
        await pilot.press("escape", "ctrl+p", *"bookmark")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        prompts = [str(option.prompt) for option in app.screen.query_one("CommandList").options]
        assert any(prompt.startswith("Bookmark  (x)") for prompt in prompts), prompts
        await pilot.press("escape")
        await pilot.press("B", "d")
        await settle(pilot)
    assert not app.state.bookmarks.contains("alpha/alpha-item")


async def test_a_bad_entry_is_reported_and_the_rest_still_applies(make_app) -> None:
    write_keys('toggle_bookmark = "x"\nnope = "z"\nsearch = 5\nbookmarks = "j"')
    app = make_app()
    async with running(app) as pilot:
        messages = [note.message for note in app._notifications]
        assert any("nope: no such command" in m for m in messages), messages
        assert any("search = 5: not a key" in m for m in messages), messages
        assert any("bookmarks: j is already the key of list.cursor_down" in m for m in messages)
        await pilot.press("x", "j")
        assert app.state.bookmarks.contains("alpha/alpha-item")
        assert app.main.items_pane.current.id == "alpha/beta-item-bold-x-bold", "j still moves"
        await pilot.press("slash")
        assert app.screen is not app.main, "/ still searches"


async def test_an_unreadable_config_is_left_alone(make_app) -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[keys\nbroken", "utf-8")
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("b")
        assert app.state.bookmarks.contains("alpha/alpha-item"), "the default keys"
    assert path.read_text("utf-8") == "[keys\nbroken"


def test_the_readme_lists_every_command_id_with_its_keys() -> None:
    from pathlib import Path

    from reader.ui.commands import display_keys

    readme = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    for command in COMMANDS:
        if command.bind and command.keys:
            assert f"| `{command.id}` | {display_keys(command)} | {command.help} |" in readme, command.id


async def test_binding_changes_before_the_footer_redraws_make_one_recompose(make_app, monkeypatch) -> None:
    from reader.ui.widgets.footer import KeyFooter

    app = make_app()
    async with running(app, size=(120, 36)) as pilot:
        await settle(pilot)
        recomposed: list[int] = []
        real = KeyFooter.recompose

        async def recompose(self) -> None:
            recomposed.append(1)
            await real(self)

        monkeypatch.setattr(KeyFooter, "recompose", recompose)
        for _ in range(3):
            app.screen.bindings_updated_signal.publish(app.screen)
        await settle(pilot)
        assert recomposed == [1], "one recompose for the three changes"
        main = app.main
        other = main.issues_pane if app.screen.focused is not main.issues_pane else main.items_pane
        other.focus()  # a real change afterwards is still shown
        await settle(pilot)
        assert len(recomposed) >= 2 and "? Help" in footer_keys(app)

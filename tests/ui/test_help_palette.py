"""Help lists every command of the registry; the palette finds items, issues, bookmarks, commands."""

from __future__ import annotations

from textual.command import CommandPalette

from reader.ui.commands import COMMANDS, bindings_for, display_keys
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.problems import ProblemsScreen

from .conftest import running, settle


def test_registry_feeds_the_bindings_once() -> None:
    from reader.ui.app import DigestApp
    from reader.ui.screens.main import MainScreen

    keys = [b.key for b in MainScreen.BINDINGS]
    assert len(keys) == len(set(keys))
    assert {"slash", "b", "B", "y", "Y", "o", "u", "r", "n", "N", "escape"} <= set(keys)
    assert [b.action for b in DigestApp.BINDINGS] == [b.action for b in bindings_for("app")]


async def test_question_mark_shows_every_command(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.text
        for command in COMMANDS:
            assert command.label in text and command.help in text, command
            if command.keys:
                assert display_keys(command) in text
        await pilot.press("escape")
        assert app.screen is app.main


async def palette(pilot, query: str) -> CommandPalette:
    await pilot.press("ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    await settle(pilot)
    return pilot.app.screen


async def test_palette_jumps_to_an_item_by_fuzzy_title(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await palette(pilot, "gamma itm")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main
        assert app.main.detail.item.id == "alpha/gamma-item"
        assert app.state.read_marks.is_read("alpha/gamma-item")


async def test_palette_finds_bookmarks_issues_and_commands(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j", "b")
        screen = await palette(pilot, "beta")
        prompts = [str(option.prompt) for option in screen.query_one("CommandList").options]
        assert any("bookmark · Test Weekly 1" in p for p in prompts)
        assert any(p.startswith("Beta item [bold]x[/bold]") for p in prompts), "markup stays literal"
        await pilot.press("escape")
        await palette(pilot, "second digest")
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.issue.id == "bravo"
        await palette(pilot, "problems")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)


async def test_problems_view_lists_file_and_reason(make_app, library_dir) -> None:
    (library_dir / "empty.md").write_bytes(b"")
    app = make_app()
    async with running(app) as pilot:
        app.main.action_problems()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        rows = [str(option.prompt) for option in screen.query_one("#problems-list").options]
        assert any("empty.md" in row and "empty" in row.split("\n")[1] for row in rows), rows
        await pilot.press("escape")
        assert app.screen is app.main


async def test_theme_is_remembered(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        app.theme = "nord"
        await pilot.pause()  # saved at exit: the save waits for the choice to settle
    again = make_app()
    async with running(again):
        assert again.theme == "nord"


async def test_problems_reach_the_view_as_objects_whatever_the_file_is_called(make_app, tmp_path) -> None:
    """A file name holding ': ' or a newline is shown whole: problems are never split from strings."""
    from reader.core.library import Library
    from reader.core.problems import SKIPPED, Problem

    problems = [
        Problem(str(tmp_path / "odd: name.md"), "not UTF-8: decoded as cp1252"),
        Problem(str(tmp_path / "two\nlines.md"), "empty file", SKIPPED),
        Problem("", "the parse cache could not be saved"),
    ]
    app = make_app()
    async with running(app) as pilot:
        app.state.set_library(Library(problems=problems))
        app.main.action_problems()
        await settle(pilot)
        rows = [str(option.prompt).split("\n") for option in app.screen.query_one("#problems-list").options]
    assert rows[0] == [str(tmp_path / "odd: name.md"), "  not UTF-8: decoded as cp1252"]
    assert rows[1] == [str(tmp_path / "two\\nlines.md"), "  skipped, empty file"]
    assert rows[2] == ["library", "  the parse cache could not be saved"]

"""The help is made once and shown again: made anew only for another width, theme or keys."""

from __future__ import annotations

from textual.widgets import Static

from reader.ui.commands import COMMANDS, command_by_id, display_keys, use_keymap
from reader.ui.roles import role_style
from reader.ui.screens.help import HelpScreen, help_document

from .conftest import running, settle


def shown_text(screen: HelpScreen):
    return screen.query_one("#help-text", Static).content


def styled(content) -> tuple:
    return content.plain, tuple(content.spans)  # Content's == compares the text alone


def made_now(screen: HelpScreen) -> tuple:
    """The text as a help screen made from scratch would show it now, styles included."""
    heading, key = role_style(screen, "help--heading"), role_style(screen, "help--key")
    return styled(help_document(screen.over_scope, heading, key, screen.box.scrollable_content_region.width))


async def open_help(pilot) -> HelpScreen:
    await pilot.press("question_mark")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HelpScreen)
    return screen


async def test_the_help_is_laid_out_once_and_shown_again_from_the_top(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        first = await open_help(pilot)
        text, layouts = shown_text(first), first.layouts
        assert styled(text) == made_now(first)
        await pilot.press("end")
        assert first.box.scroll_y > 0
        await pilot.press("escape")
        assert app.screen is app.main
        again = await open_help(pilot)
        assert again is first and again.layouts == layouts, "shown again, not made again"
        assert shown_text(again) is text
        assert again.box.scroll_y == 0, "opens at the top"
        await pilot.press("escape", "slash")  # over another screen: that screen's commands first
        await settle(pilot)
        searching = app.screen
        app.action_help()  # ? is typed into the search box: the palette's Help does it there
        await settle(pilot)
        over_search = app.screen
        assert isinstance(over_search, HelpScreen)
        assert over_search is not first and over_search.over_scope == searching.SCOPE
        assert styled(shown_text(over_search)) == made_now(over_search)


async def test_the_help_follows_a_new_theme_and_a_new_width(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        screen = await open_help(pilot)
        dark, layouts = shown_text(screen), screen.layouts
        await pilot.press("escape")
        app.theme = "textual-light"
        await settle(pilot)
        assert await open_help(pilot) is screen
        assert screen.layouts == layouts + 1
        assert styled(shown_text(screen)) != styled(dark) and styled(shown_text(screen)) == made_now(screen)
        await pilot.resize_terminal(80, 30)
        await settle(pilot)
        assert screen.layouts == layouts + 2 and styled(shown_text(screen)) == made_now(screen)
        await pilot.press("escape")
        await pilot.resize_terminal(100, 30)
        app.theme = "nord"
        await settle(pilot)
        assert await open_help(pilot) is screen
        assert screen.layouts == layouts + 3 and styled(shown_text(screen)) == made_now(screen)
        assert all(
            len(line) <= screen.box.scrollable_content_region.width
            for line in shown_text(screen).plain.split("\n")
        )


async def test_the_help_shows_keys_changed_while_the_app_runs(make_app) -> None:
    command = command_by_id("toggle_read")
    assert command is not None
    app = make_app()
    try:
        async with running(app) as pilot:
            screen = await open_help(pilot)
            assert f"  {display_keys(command)} " in screen.text
            await pilot.press("escape")
            keymap = {"toggle_read": "ctrl+t", "help.close": "q,escape"}
            use_keymap(keymap)
            app.set_keymap(keymap)
            assert await open_help(pilot) is screen
            plain = shown_text(screen).plain
            row = next(line for line in plain.splitlines() if command.label in line)
            assert row.split() == ["Ctrl+T", *f"{command.label} {command.help}".split()]
            assert styled(shown_text(screen)) == made_now(screen)
            assert screen.box.border_subtitle == "q / Esc closes"
            for other in COMMANDS:
                assert other.label in plain
    finally:
        use_keymap({})

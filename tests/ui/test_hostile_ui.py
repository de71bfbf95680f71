"""Hostile digest text in the TUI: escape sequences never reach the screen, markup stays literal."""

from __future__ import annotations

import html

from .conftest import issue_row, running, settle

HOSTILE = (
    "# Evil \x1b]52;c;aGFjaw==\x07Digest [bold red]loud[/]\n\n"
    "## Click [@click=app.quit]me[/] \x1b[2J now\n\n"
    "Body [link=file:///etc/passwd]x[/] and \x9b31m C1 and \u202eevil\u202c bidi "
    "[@click=app.quit]quit[/] $accent.\n\n"
    "See [site](https://example.com/[@click=app.quit]).\n"
)


async def test_hostile_text_is_shown_literally_and_without_escapes(make_app, tmp_path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil.md").write_text(HOSTILE, encoding="utf-8")
    app = make_app([folder])
    async with running(app) as pilot:
        main = app.main
        detail = main.detail.document.plain
        assert "[@click=app.quit]quit[/]" in detail and "[link=file:///etc/passwd]x[/]" in detail
        assert "$accent" in detail
        assert "[bold red]loud[/]" in issue_row(app, app.state.library.issues[0].id)
        await pilot.press("enter", "y", "b", "B")
        await settle(pilot)
        screens = [app.export_screenshot()]
        await pilot.press("escape", "ctrl+p", *"click")
        await settle(pilot)
        screens.append(app.export_screenshot())
        for svg in screens:
            text = html.unescape(svg)
            for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
                assert bad not in text
        assert "[@click=app.quit]me[/]" in html.unescape(screens[1]).replace("\xa0", " ")
        assert app.is_running, "no markup action ran"
        messages = " ".join(n.message for n in app._notifications)
        assert "\x1b" not in messages

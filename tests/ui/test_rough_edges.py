"""The rough edges of issue 13, each held by a test: the search box, the bookmark editor, wrapped
rows, emoji widths, the help at 80 columns, wording, the author and the issue's web version."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from reader.ui.screens.edit_bookmark import EditBookmarkScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.picker import PickerScreen

from .conftest import NARROW, running, settle
from .fakes import FakeIndex
from .test_search import type_query


async def test_slash_brings_back_the_last_query_selected(make_app) -> None:
    app = make_app(search_index=FakeIndex(), build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        await type_query(pilot, "asynctokio")
        await pilot.press("escape", "slash")
        await settle(pilot)
        box = app.screen.query_one(Input)
        assert box.value == "asynctokio" and box.selected_text == "asynctokio"
        await pilot.press(*"wasm")
        assert box.value == "wasm", "typing replaces the old query, it does not append to it"


async def test_pasting_several_lines_into_the_search_box_keeps_every_word(make_app) -> None:
    app = make_app(search_index=FakeIndex(), build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")
        box = app.screen.query_one(Input)
        box.post_message(events.Paste("gradient\ndescent\r\n  and\ttransformers\n"))
        await settle(pilot)
        assert box.value == "gradient descent and transformers"


async def test_a_long_query_keeps_the_status_line_short(make_app) -> None:
    app = make_app(search_index=FakeIndex(), build_index=True)
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("slash")
        query = " ".join(f"word{n}" for n in range(140))[:800]
        app.screen.query_one(Input).value = query
        await pilot.pause(0.2)
        await settle(pilot)
        status = app.screen.query_one("#search-status")
        text = str(status.content)
        assert text.startswith("No results for “word0 word1") and "…”" in text
        assert len(text) < 120 and status.size.height <= 2


async def test_tab_did_you_mean_shows_only_with_a_suggestion(make_app) -> None:
    app = make_app(search_index=FakeIndex(), build_index=True)
    async with running(app) as pilot:
        await pilot.press("slash")

        def footer() -> list[str]:
            return [key.description for key in app.screen.query(FooterKey)]

        await type_query(pilot, "transformers")
        assert "Did you mean" not in footer()
        await pilot.press("tab")
        assert app.focused is app.screen.results, "without a suggestion Tab moves to the results"
        await pilot.press("tab")
        await pilot.press(*"x" * 0)
        app.screen.query_one(Input).value = "transfromers"
        await pilot.pause(0.2)
        await settle(pilot)
        assert "Did you mean" in footer()
        await pilot.press("tab")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "transformers"
        assert "Did you mean" not in footer()


async def test_the_bookmark_editor_puts_the_cursor_after_the_tags(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("b")
        app.state.bookmarks.update("alpha/alpha-item", tags=["ml"], note="")
        await pilot.press("B", "e")
        await settle(pilot)
        assert isinstance(app.screen, EditBookmarkScreen)
        tags = app.screen.query_one("#edit-tags", Input)
        assert tags.selected_text == "" and tags.cursor_position == len("ml")
        await pilot.press(*", nlp", "enter")
        await settle(pilot)
    assert app.state.bookmarks.get("alpha/alpha-item").tags == ["ml", "nlp"]


@pytest.fixture
def odd_titles(tmp_path: Path) -> Path:
    folder = tmp_path / "odd"
    folder.mkdir()
    text = (
        "# Odd ⚙️ Weekly\n\n"
        "## Generate type safe APIs with Fluid, a long title that wraps in the Items pane\n\nText.\n\n"
        "## ⚙️ Settings and 👨‍👩‍👧 families\n\nGears ⚙️ everywhere.\n"
    )
    (folder / "odd.md").write_text(text, "utf-8")
    return folder


def pane_lines(pane) -> list[str]:
    return [pane.render_line(y).text for y in range(pane.size.height)]


async def test_wrapped_item_rows_keep_their_indent(make_app, odd_titles) -> None:
    app = make_app([odd_titles])
    async with running(app, size=NARROW) as pilot:
        await pilot.pause()
        lines = [line for line in pane_lines(app.main.items_pane) if line.strip()]
        first = next(i for i, line in enumerate(lines) if "Generate" in line)
        assert lines[first].startswith(" ●   Generate")
        assert lines[first + 1].startswith("     ") and lines[first + 1][5] != " ", lines[first + 1]


async def test_emoji_never_push_the_pane_border(make_app, odd_titles) -> None:
    app = make_app([odd_titles])
    async with running(app) as pilot:
        await pilot.press("j", "enter")
        await settle(pilot)
        main = app.main
        assert "Settings" in main.detail.item.title
        for pane in (main.issues_pane, main.items_pane, main.detail):
            width = pane.scrollable_content_region.width
            for y in range(pane.size.height):
                strip = pane.render_line(y)
                assert "\ufe0f" not in strip.text and "\u200d" not in strip.text
                assert strip.cell_length == width == cell_len(strip.text), (pane, strip.text)
        assert "⚙ Settings and 👨👩👧 families" in main.detail.document.plain
        assert "\ufe0f" not in str(main.items_pane.border_title)


async def test_link_picker_rows_fold_beside_their_number(make_app, tmp_path) -> None:
    folder = tmp_path / "links"
    folder.mkdir()
    long_url = "https://github.com/rust-dev/" + "very-long-path-segment/" * 8
    (folder / "l.md").write_text(
        f"# L\n\n## Two links\n\n[a]({long_url}) and [b](https://example.com/b)\n", "utf-8"
    )
    app = make_app([folder])
    async with running(app, size=NARROW) as pilot:
        await pilot.press("y")
        assert isinstance(app.screen, PickerScreen)
        choices = app.screen.query_one("#picker-list")
        lines = [choices.render_line(y).text.strip() for y in range(choices.size.height)]
        assert lines[0].startswith("1. https://github.com/rust-dev/"), lines
        url_lines = lines[: next(i for i, line in enumerate(lines) if line.startswith("2."))]
        assert "".join(url_lines)[3:].startswith(long_url[:100]), "no spaces in the URL"


async def test_help_wraps_at_word_boundaries_at_80_columns(make_app) -> None:
    from reader.ui.commands import COMMANDS

    app = make_app()
    async with running(app, size=NARROW) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").content)
        words = {word for command in COMMANDS for word in f"{command.label} {command.help}".split()}
        lines = text.split("\n")
        width = app.screen.box.scrollable_content_region.width
        assert all(cell_len(line) <= width for line in lines)
        for line in lines:
            for word in line[30:].split() if line.startswith(" " * 30) else []:
                assert word in words, f"a word cut in two: {word!r} in {line!r}"
        wrapped = [line for line in lines if line.startswith(" " * 30) and line.strip()]
        assert wrapped, "some explanations are too long for 80 columns and wrap under themselves"


async def test_plurals_and_the_saved_date(make_app, tmp_path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "only.md").write_text("# Only\n\n## One item\n\nText.\n", "utf-8")
    app = make_app([folder])
    async with running(app) as pilot:
        assert app.main.sub_title == "1 issue · 1 item · 1 unread"
        await pilot.press("b", "B")
        await settle(pilot)
        title = str(app.screen.query_one("#bookmarks-title").content)
        assert title.startswith("1 bookmark ·")
        row = str(app.screen.query_one("#bookmarks-list").get_option_at_index(0).prompt)
        created = app.state.bookmarks.get("only/one-item").created[:10]
        assert f"Only · saved {created}" in row


@pytest.fixture
def web_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "web"
    folder.mkdir()
    (folder / "with.md").write_text(
        "---\ntitle: With Web\nauthor: Ada Reader\nurl: https://example.com/issue-1\ndate: 2024-05-02\n---\n\n"
        "Intro.\n\n## An item\n\nText.\n",
        "utf-8",
    )
    (folder / "without.md").write_text(
        "---\ntitle: Without\ndate: 2024-05-01\n---\n\n## Item\n\nT.\n", "utf-8"
    )
    return folder


async def test_the_author_is_in_the_issue_view_and_the_detail_header(make_app, web_dir) -> None:
    app = make_app([web_dir])
    async with running(app):
        main = app.main
        main.jump_to("with/an-item")
        assert "With Web · by Ada Reader · 2024-05-02" in main.detail.document.plain
        main.show_issue_view("with")
        plain = main.detail.document.plain
        assert "2024-05-02 · by Ada Reader · 1 item" in plain
        assert "Web version: https://example.com/issue-1" in plain


async def test_O_opens_the_web_version_or_says_there_is_none(make_app, web_dir, opened) -> None:
    app = make_app([web_dir])
    async with running(app) as pilot:
        await pilot.press("O")
        assert opened.urls == ["https://example.com/issue-1"]
        app.main.show_issue("without")
        await settle(pilot)
        await pilot.press("O")
        assert opened.urls == ["https://example.com/issue-1"]
        assert [n.message for n in app._notifications][-1] == "This issue names no web version of itself."


async def test_o_opens_links_through_textual_open_url(make_app, library_dir, monkeypatch) -> None:
    from reader.ui.app import DigestApp

    monkeypatch.setattr("reader.ui.app.has_graphical_session", lambda: True)
    asked: list[str] = []
    app = DigestApp([library_dir], build_index=False)
    monkeypatch.setattr(app, "open_url", lambda url, **_: asked.append(url))
    async with running(app) as pilot:
        await pilot.press("j", "o")  # Beta: one link
        assert asked == ["https://example.net/one"]
        await pilot.press("j", "j", "o", "1")  # Evil: ftp and javascript are refused
        await settle(pilot)
        assert asked == ["https://example.net/one"]
        assert "ftp: links are not opened" in [n.message for n in app._notifications][-1]


async def test_no_browser_outside_a_graphical_session_is_said(make_app, library_dir, monkeypatch) -> None:
    from reader.ui.app import DigestApp

    monkeypatch.setattr("reader.ui.app.has_graphical_session", lambda: False)
    app = DigestApp([library_dir], build_index=False)
    monkeypatch.setattr(app, "open_url", lambda url, **_: pytest.fail("a text browser in our terminal"))
    async with running(app) as pilot:
        await pilot.press("j", "o")
        assert "no browser could be opened here" in [n.message for n in app._notifications][-1].lower()

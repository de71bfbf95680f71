"""SVG snapshots of the main screens (pytest-textual-snapshot). Update with --snapshot-update."""

from __future__ import annotations

import pytest

from .conftest import NARROW, WIDE, settle
from .fakes import FakeIndex


async def quiet(pilot) -> None:
    """Background work done, toasts gone: the picture depends on nothing but the inputs."""
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.core.bookmarks as bookmarks_module

    times = iter(f"2024-03-0{day}T09:00:00+00:00" for day in range(1, 10))
    monkeypatch.setattr(bookmarks_module, "now_iso", lambda: next(times))


def test_main_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=WIDE, run_before=quiet, press=["j", "enter", "k"])


def test_main_screen_80x24(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=NARROW, run_before=quiet)


def test_reading_at_80x24(snap_compare, make_app) -> None:
    async def open_item(pilot) -> None:
        await quiet(pilot)
        await pilot.press("enter")
        await quiet(pilot)

    assert snap_compare(make_app(), terminal_size=NARROW, run_before=open_item)


def test_help_screen(snap_compare, make_app) -> None:
    async def show_help(pilot) -> None:
        await quiet(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=WIDE, run_before=show_help)


def test_bookmarks_view(snap_compare, make_app, fixed_clock) -> None:
    async def bookmarks(pilot) -> None:
        await quiet(pilot)
        await pilot.press("b", "j", "b", "B", "j", "e", *"ml reading", "tab", *"worth a re-read", "enter")
        await quiet(pilot)

    assert snap_compare(make_app(), terminal_size=WIDE, run_before=bookmarks)


def test_search_results(snap_compare, make_app) -> None:
    async def search(pilot) -> None:
        await quiet(pilot)
        await pilot.press("slash", *"transformer")
        await pilot.pause(0.15)
        await quiet(pilot)

    # The stand-in index: the real one's snippets vary between runs (see the lead's notes).
    assert snap_compare(
        make_app(build_index=True, search_index=FakeIndex()), terminal_size=WIDE, run_before=search
    )


def test_search_preview_at_120_columns(snap_compare, make_app) -> None:
    """At 120 columns the highlighted result's text shows beside the list, its hits marked."""

    async def search(pilot) -> None:
        await quiet(pilot)
        await pilot.press("slash", *"transformer")
        await pilot.pause(0.15)
        await quiet(pilot)
        await pilot.press("down")
        await quiet(pilot)

    assert snap_compare(
        make_app(build_index=True, search_index=FakeIndex()), terminal_size=(120, 30), run_before=search
    )


ISSUE_WITH_VIEW = """---
title: Snapshot Weekly 12
author: Ada Reader
url: https://example.com/weekly/12
date: 2024-03-01
---

Welcome to issue 12, with a [guide](https://example.com/guide) to read first.

## A story

Text of the story.

## Another story

More text.

Thanks for reading. See you next week at [our site](https://example.com).
"""


@pytest.fixture
def fixed_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue view names its file: the file's name only, the temporary folder varies."""
    import reader.ui.documents as documents

    monkeypatch.setattr(documents, "display_path", lambda path: path.rsplit("/", 1)[-1])


def test_issue_view(snap_compare, make_app, tmp_path, fixed_paths) -> None:
    folder = tmp_path / "view"
    folder.mkdir()
    (folder / "weekly-12.md").write_text(ISSUE_WITH_VIEW, encoding="utf-8")

    async def about(pilot) -> None:
        await quiet(pilot)
        pilot.app.main.show_issue_view("weekly-12")
        await quiet(pilot)

    assert snap_compare(make_app([folder]), terminal_size=WIDE, run_before=about)


def test_light_theme(snap_compare, make_app) -> None:
    async def light(pilot) -> None:
        await quiet(pilot)
        pilot.app.theme = "textual-light"
        await pilot.press("j", "b", "j", "enter")  # a bookmark, a read item, the text focused
        await quiet(pilot)

    assert snap_compare(make_app(), terminal_size=WIDE, run_before=light)


def test_footer_at_80x24_keeps_help_and_quit(snap_compare, make_app, fixed_clock) -> None:
    async def bookmarks(pilot) -> None:
        await quiet(pilot)
        await pilot.press("b", "B")  # a screen of many keys: the least used ones give way
        await quiet(pilot)

    assert snap_compare(make_app(), terminal_size=NARROW, run_before=bookmarks)


def test_sources_picker(snap_compare, make_app, tmp_path) -> None:
    root = tmp_path / "archive"
    for name, title in (("weekly", "Weekly 1"), ("monthly", "Monthly 1"), ("daily", "Daily 1")):
        (root / name).mkdir(parents=True)
        (root / name / "issue-1.md").write_text(f"# {title}\n\n## Story\n\nText.\n", encoding="utf-8")

    async def pick(pilot) -> None:
        await quiet(pilot)
        await pilot.press("f")
        await quiet(pilot)

    assert snap_compare(make_app([root]), terminal_size=WIDE, run_before=pick)

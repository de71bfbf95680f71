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

"""Where you left off: a relaunch opens the same issue and item, scrolled where you were, with the
same pane focused; kept per library in the settings file (versioned, written atomically)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core import locations
from reader.ui.widgets.detail import DetailPane
from reader.ui.widgets.lists import IssueList

from .conftest import current_item_id, running, settle

LONG = "\n\n".join(f"Paragraph {n}, long enough to take a line of the pane at least." for n in range(80))


@pytest.fixture
def long_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "a.md").write_text("# First\n\n## Intro item\n\nHi.\n", "utf-8")
    (folder / "b.md").write_text(f"# Second\n\n## Short\n\nS.\n\n## Long read\n\n{LONG}\n", "utf-8")
    return folder


async def test_a_relaunch_opens_the_same_item_scrolled_where_it_was(make_app, long_dir) -> None:
    app = make_app([long_dir])
    async with running(app) as pilot:
        app.main.jump_to("b/long-read")
        await settle(pilot)
        for _ in range(3):
            await pilot.press("pagedown")
        line = int(app.main.detail.scroll_y)
        assert line > 20 and isinstance(app.focused, DetailPane)
        await pilot.press("q")  # quitting notes where the text is scrolled to
    saved = json.loads(locations.settings_file().read_text("utf-8"))
    assert saved["version"] == 1 and len(saved["places"]) == 1
    again = make_app([long_dir])
    async with running(again) as pilot:
        main = again.main
        assert main.issue.id == "b" and current_item_id(again) == "b/long-read"
        assert main.detail.item.id == "b/long-read"
        assert int(main.detail.scroll_y) == line
        assert isinstance(again.focused, DetailPane)


async def test_the_issue_view_and_the_issues_pane_come_back_too(make_app, library_dir) -> None:
    app = make_app()
    async with running(app) as pilot:
        app.main.show_issue_view("alpha")
        await pilot.press("shift+tab", "shift+tab")
        assert isinstance(app.focused, IssueList)
        await pilot.press("q")
    again = make_app()
    async with running(again):
        assert again.main.detail.showing_issue and again.main.detail.issue.id == "alpha"
        assert isinstance(again.focused, IssueList)


async def test_each_library_keeps_its_own_place(make_app, library_dir, long_dir) -> None:
    first = make_app([long_dir])
    async with running(first):
        first.main.jump_to("b/short")
    other = make_app([library_dir])
    async with running(other):
        other.main.jump_to("bravo/only-item")
    again = make_app([long_dir])
    async with running(again):
        assert again.main.detail.item.id == "b/short"


async def test_a_place_that_is_gone_or_odd_opens_the_library_as_usual(make_app, library_dir) -> None:
    app = make_app()
    async with running(app):
        app.main.jump_to("bravo/only-item")
    path = locations.settings_file()
    data = json.loads(path.read_text("utf-8"))
    key = next(iter(data["places"]))
    data["places"][key] = {"issue": "gone", "item": "gone/x", "line": "ten", "pane": 5}
    path.write_text(json.dumps(data), "utf-8")
    again = make_app()
    async with running(again):
        assert current_item_id(again) == "alpha/alpha-item"
    data["places"][key] = ["not", "a", "place"]
    path.write_text(json.dumps(data), "utf-8")
    once_more = make_app()
    async with running(once_more):
        assert current_item_id(once_more) == "alpha/alpha-item"


async def test_the_place_is_saved_soon_after_moving_not_only_at_exit(
    make_app, library_dir, monkeypatch
) -> None:
    import reader.ui.app as app_module

    monkeypatch.setattr(app_module, "PLACE_QUIET", 0.05)
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("j", "j")
        await pilot.pause(0.2)
        await settle(pilot)
        saved = json.loads(locations.settings_file().read_text("utf-8"))
        (place,) = saved["places"].values()
        assert place["item"] == "alpha/gamma-item"

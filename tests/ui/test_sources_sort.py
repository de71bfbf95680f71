"""Sources: the issues list narrowed to one source (`f`, and the palette), each issue's source shown
when they are mixed; sorting by date, title or source (`s`), remembered."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from reader.ui.screens.picker import PickerScreen
from reader.ui.settings import Settings

from .conftest import issue_row, running, settle


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An archive of two newsletters, a folder each; undated issues numbered in their file names."""
    root = tmp_path / "archive"
    for name in ("weekly", "monthly"):
        (root / name).mkdir(parents=True)
    for number in (1, 2, 10):
        text = f"# Weekly {number}\n\n## Story {number}\n\nText {number}.\n"
        (root / "weekly" / f"issue-{number}.md").write_text(text, "utf-8")
    (root / "monthly" / "2024-05-01-may.md").write_text("# Alpha Monthly\n\n## Spring\n\nText.\n", "utf-8")
    return root


def titles(app) -> list[str]:
    return [issue.title for issue in app.main.listed]


async def test_undated_issues_sort_by_the_number_in_their_file_name(make_app, archive) -> None:
    app = make_app([archive])
    async with running(app):
        assert titles(app) == ["Alpha Monthly", "Weekly 10", "Weekly 2", "Weekly 1"]


async def test_each_issue_shows_its_source_when_they_are_mixed(make_app, archive) -> None:
    app = make_app([archive])
    async with running(app) as pilot:
        assert issue_row(app, "2024-05-01-may").split("\n")[1] == "monthly · 2024-05-01 · 1 item · 1 unread"
        assert issue_row(app, "issue-10").split("\n")[1].startswith("weekly · undated")
        await pilot.press("f")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        rows = [row.plain for row in picker.rows]
        assert rows == [
            "All sources · 4 issues · 4 unread",
            "monthly · 1 issue · 1 unread",
            "weekly · 3 issues · 3 unread",
        ]
        await pilot.press("3")  # weekly
        await settle(pilot)
        assert app.screen is app.main
        assert titles(app) == ["Weekly 10", "Weekly 2", "Weekly 1"]
        assert "weekly" not in issue_row(app, "issue-10").split("\n")[1], "one source: no need to say it"
        assert app.main.sub_title == "weekly: 3 issues · 3 items · 3 unread"
        assert "weekly" in str(app.main.issues_pane.border_title)
        await pilot.press("f", "1")
        await settle(pilot)
        assert len(titles(app)) == 4


async def test_a_source_from_the_palette(make_app, archive) -> None:
    app = make_app([archive])
    async with running(app) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"monthly")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert titles(app) == ["Alpha Monthly"]
        await pilot.press("ctrl+p", *"sources")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen), "the picker is in the palette too"


async def test_one_source_only_says_so(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await pilot.press("f")
        assert app.screen is app.main
        assert app._notifications and "one source" in list(app._notifications)[-1].message
        assert "· digests" not in issue_row(app, "alpha")


async def test_s_cycles_date_title_source_and_is_remembered(make_app, archive) -> None:
    app = make_app([archive])
    async with running(app) as pilot:
        await pilot.press("s")
        assert titles(app) == ["Alpha Monthly", "Weekly 1", "Weekly 2", "Weekly 10"], "by title, naturally"
        await pilot.press("s")
        assert titles(app) == ["Alpha Monthly", "Weekly 10", "Weekly 2", "Weekly 1"], "by source, then date"
        assert "by source" in str(app.main.issues_pane.border_title)
    assert Settings().sort == "source"
    again = make_app([archive])
    async with running(again) as pilot:
        assert again.main.view.sort == "source"
        await pilot.press("s")
        assert again.main.view.sort == "date"


async def test_a_source_named_like_markup_shows_as_written(make_app, tmp_path) -> None:
    root = tmp_path / "odd"
    for name in ("[bold]loud", "plain"):
        (root / name).mkdir(parents=True)
        (root / name / "x.md").write_text(f"# {name} one\n\n## Item\n\nText.\n", "utf-8")
    app = make_app([root])
    async with running(app) as pilot:
        assert app.main.sources.names == ["[bold]loud", "plain"], app.main.sources.names
        app.main.show_source("[bold]loud")
        await settle(pilot)
        top = app.screen._compositor.render_strips()[1].text  # the panes' top borders, as drawn
        assert "[bold]loud" in top, top
        assert app.main.sub_title.startswith("[bold]loud: 1 issue")

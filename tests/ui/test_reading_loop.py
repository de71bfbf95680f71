"""The reading loop: Space pages and then reads on into the next unread item (across issues),
J / K from the text, m / M / U read marks, h hides read items and issues, counts stay right."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.ui.screens.confirm import ConfirmScreen
from reader.ui.settings import Settings
from reader.ui.widgets.detail import DetailPane

from .conftest import current_item_id, issue_row, item_row, running, settle

LONG = "\n\n".join(
    f"Paragraph {n} of a long item, with enough words to fill a line or two." for n in range(60)
)


@pytest.fixture
def loop_dir(tmp_path: Path) -> Path:
    """Three undated issues in file-number order (newest first: issue-3, issue-2, issue-1)."""
    folder = tmp_path / "loop"
    folder.mkdir()
    (folder / "issue-3.md").write_text(
        f"# Third\n\n## Long one\n\n{LONG}\n\n## Short one\n\nShort.\n", "utf-8"
    )
    (folder / "issue-2.md").write_text("# Second\n\n## Only two\n\nText two.\n", "utf-8")
    (folder / "issue-1.md").write_text("# First\n\n## One a\n\nText.\n\n## One b\n\nMore.\n", "utf-8")
    return folder


def notes(app) -> list[str]:
    return [note.message for note in app._notifications]


async def test_space_pages_down_then_opens_the_next_unread_across_issues(make_app, loop_dir) -> None:
    app = make_app([loop_dir])
    async with running(app) as pilot:
        main = app.main
        assert [issue.title for issue in main.listed] == ["Third", "Second", "First"]
        await pilot.press("enter")  # "Long one" opened, the text focused
        detail = main.detail
        assert isinstance(app.focused, DetailPane) and detail.item.title == "Long one"
        pages = 0
        while detail.item.title == "Long one":
            before = detail.scroll_y
            await pilot.press("space")
            pages += 1
            assert pages < 60, "Space never left the long item"
            if detail.item.title == "Long one":
                assert detail.scroll_y > before, "Space pages down"
        assert pages > 2 and detail.item.title == "Short one"
        assert app.state.read_marks.is_read(detail.item.id)
        await pilot.press("space")  # the end of the issue: on into the next issue with unread items
        assert detail.item.id == "issue-2/only-two" and main.issue.title == "Second"
        assert notes(app)[-1] == "Next unread: Second", "a one-line notice when crossing issues"
        assert current_item_id(app) == "issue-2/only-two", "the lists follow"
        await pilot.press("space")
        assert detail.item.id == "issue-1/one-a"
        app.state.read_marks.mark(["issue-1/one-b"])
        await pilot.press("space")
        assert detail.item.id == "issue-1/one-a", "nothing unread left: it stays"
        assert notes(app)[-1] == "Nothing unread left here."


async def test_space_skips_read_items_and_wraps_around(make_app, loop_dir) -> None:
    app = make_app([loop_dir])
    async with running(app) as pilot:
        app.state.read_marks.mark(["issue-2/only-two", "issue-1/one-a", "issue-1/one-b"])
        app.main.jump_to("issue-1/one-b")
        await settle(pilot)
        await pilot.press("space")
        assert app.main.detail.item.id == "issue-3/long-one", "from the last issue back to the first"


async def test_J_and_K_open_the_next_and_previous_item_from_the_text(make_app, loop_dir) -> None:
    app = make_app([loop_dir])
    async with running(app) as pilot:
        main = app.main
        await pilot.press("enter", "J")
        assert main.detail.item.title == "Short one" and isinstance(app.focused, DetailPane)
        assert app.state.read_marks.is_read(main.detail.item.id)
        await pilot.press("J")  # past the issue's last item: the next issue's first
        assert main.detail.item.id == "issue-2/only-two"
        assert notes(app)[-1] == "Next issue: Second"
        await pilot.press("K")
        assert main.detail.item.title == "Short one" and main.issue.title == "Third"
        await pilot.press("K", "K")
        assert main.detail.item.title == "Long one"
        assert notes(app)[-1] == "This is the first item."


async def test_m_marks_the_issue_read_and_U_undoes_it(make_app, loop_dir) -> None:
    app = make_app([loop_dir])
    async with running(app) as pilot:
        marks = app.state.read_marks
        assert app.main.sub_title == "3 issues · 5 items · 5 unread"
        await pilot.press("m")
        assert marks.is_read("issue-3/long-one") and marks.is_read("issue-3/short-one")
        assert "unread" not in issue_row(app, "issue-3")
        assert app.main.sub_title == "3 issues · 5 items · 3 unread"
        assert "●" not in item_row(app, "issue-3/short-one")
        assert notes(app)[-1] == "Marked 2 items read in “Third”. U undoes it."
        await pilot.press("U")
        assert not marks.is_read("issue-3/long-one") and not marks.is_read("issue-3/short-one")
        assert "2 unread" in issue_row(app, "issue-3")
        assert app.main.sub_title == "3 issues · 5 items · 5 unread"
        await pilot.press("U")
        assert notes(app)[-1].startswith("Nothing to undo")


async def test_M_asks_first_then_marks_everything_listed(make_app, loop_dir) -> None:
    app = make_app([loop_dir])
    async with running(app) as pilot:
        marks = app.state.read_marks
        await pilot.press("M")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question.startswith("Mark 5 unread items in 3 issues read?")
        await pilot.press("n")
        assert app.screen is app.main and not marks.is_read("issue-1/one-a")
        await pilot.press("M", "y")
        await settle(pilot)
        assert all(marks.is_read(item.id) for _, item in app.state.library.items())
        assert app.main.sub_title.endswith("0 unread")
        await pilot.press("U")
        assert not any(marks.is_read(item.id) for _, item in app.state.library.items())


async def test_h_hides_read_items_and_issues_and_is_remembered(make_app, loop_dir) -> None:
    app = make_app([loop_dir])
    async with running(app) as pilot:
        app.state.read_marks.mark(["issue-2/only-two", "issue-3/short-one"])
        app.state.marks_changed()
        await pilot.press("h")
        assert [issue.title for issue in app.main.listed] == ["Third", "First"]
        assert [row.title for row in app.main.items_pane.rows if hasattr(row, "body")] == ["Long one"]
        assert "unread only" in str(app.main.issues_pane.border_title)
        await pilot.press("enter")  # read it: it stays listed while it is open
        assert current_item_id(app) == "issue-3/long-one"
    assert Settings().hide_read is True
    again = make_app([loop_dir])
    async with running(again) as pilot:
        assert again.main.view.hide_read
        assert [issue.title for issue in again.main.listed] == ["Third", "First"], (
            "kept: it is where we left off"
        )
        await pilot.press("h")
        assert [issue.title for issue in again.main.listed] == ["Third", "Second", "First"]
    assert Settings().hide_read is False

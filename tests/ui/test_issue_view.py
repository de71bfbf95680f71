"""The issue view: an "About this issue" row when the issue has an intro, a sign-off or links of its
own; its page shows them with the issue's details; y / o act on its links; a search hit on the
issue opens it."""

from __future__ import annotations

from reader.core.library import Library
from reader.core.model import Issue, Item, Link, assign_item_ids
from reader.ui.screens.picker import PickerScreen
from reader.ui.widgets.lists import AboutRow, SectionRow

from .conftest import running, settle
from .fakes import FakeIndex


def make_issue(issue_id: str, preamble: str = "", footer: str = "", links: list[Link] | None = None) -> Issue:
    items = [
        Item(id="", title="First story", body="Story text.", section="News"),
        Item(id="", title="Second story", body="More text.", section="News"),
    ]
    assign_item_ids(issue_id, items)
    return Issue(
        id=issue_id,
        title=f"Widget Weekly {issue_id}",
        source=f"/digests/{issue_id}.md",
        date="2024-05-06",
        author="Ada Writer",
        preamble=preamble,
        footer=footer,
        links=links or [],
        items=items,
    )


def library() -> Library:
    return Library(
        issues=[
            make_issue(
                "full",
                preamble="Hello readers, this week is about **gizmos**.",
                footer="Thanks for reading! Reply with feedback.",
                links=[
                    Link("https://example.com/archive", "View the archive"),
                    Link("https://example.com/unsub"),
                ],
            ),
            make_issue("bare"),
            make_issue("signoff", footer="See you next week."),
        ]
    )


async def show(app, pilot, lib: Library) -> None:
    app.state.set_library(lib)
    await settle(pilot)


async def test_about_row_only_when_the_issue_has_something_of_its_own(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await show(app, pilot, library())
        items = app.main.items_pane
        assert (
            isinstance(items.rows[0], AboutRow) and items.row_content(0).plain.strip() == "About this issue"
        )
        assert isinstance(items.rows[1], SectionRow)
        assert items.current.title == "First story", "the cursor starts on the first item"
        app.main.show_issue("bare")
        await settle(pilot)
        assert not any(isinstance(row, AboutRow) for row in items.rows)
        app.main.show_issue("signoff")
        await settle(pilot)
        assert isinstance(items.rows[0], AboutRow), "a sign-off alone is worth a row"


async def test_the_issue_page_shows_details_intro_signoff_and_numbered_links(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        await show(app, pilot, library())
        await pilot.press("k")  # up from the first item onto "About this issue"
        await settle(pilot)
        detail = app.main.detail
        assert detail.showing_issue and detail.item is None
        text = detail.document.plain
        for expected in (
            "Widget Weekly full",
            "2024-05-06",
            "by Ada Writer",
            "/digests/full.md",
            "Intro",
            "Hello readers, this week is about gizmos.",
            "Sign-off",
            "Thanks for reading! Reply with feedback.",
            " 1. https://example.com/archive  View the archive",
            " 2. https://example.com/unsub",
        ):
            assert expected in text, expected
        assert text.index("Hello readers") < text.index("Thanks for reading") < text.index("1. https")
        await pilot.press("enter")
        assert app.state.summary().endswith("6 unread"), "the issue page is not an item: nothing marked"


async def test_y_and_o_act_on_the_issues_own_links(make_app, opened) -> None:
    app = make_app()
    async with running(app) as pilot:
        await show(app, pilot, library())
        await pilot.press("k", "y")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("2")
        await settle(pilot)
        assert app.clipboard == "https://example.com/unsub"
        await pilot.press("o", "1")
        await settle(pilot)
        assert opened.urls == ["https://example.com/archive"]
        await pilot.press("Y")
        assert app.clipboard == "https://example.com/archive\nhttps://example.com/unsub"
        await pilot.press("b")
        assert "select one of its items" in list(app._notifications)[-1].message
        app.main.show_issue("signoff")
        await settle(pilot)
        await pilot.press("k", "y")
        assert "This issue has no links." in list(app._notifications)[-1].message


async def test_a_search_hit_on_the_intro_opens_the_issue_view(make_app) -> None:
    app = make_app(search_index=FakeIndex(), build_index=True)
    async with running(app) as pilot:
        await show(app, pilot, library())
        app.state.index.library = app.state.library  # what the stand-in searches
        await pilot.press("slash", *"gizmos")
        await pilot.pause(0.15)
        await settle(pilot)
        results = app.screen.results
        assert [(hit.item_id, hit.issue_id) for hit in results.hits] == [(None, "full")]
        assert "About this issue · Widget Weekly full" in results.row_content(0).plain
        await pilot.press("enter")
        await settle(pilot)
        detail = app.main.detail
        assert app.screen is app.main and detail.showing_issue and detail.issue.id == "full"
        assert [detail.document.plain[a:b] for a, b in detail.matches] == ["gizmos"]
        assert isinstance(app.main.items_pane.current, AboutRow)

"""Big inputs: an issue of 10,000 items (some with the same id) opens and scrolls; with 100,000 items
every key draws only the rows on screen; an item with 100,000 links is built in a worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.model import Issue, Item, Link
from reader.ui.widgets.detail import DetailPane
from reader.ui.widgets.lists import AboutRow, ItemList

from .conftest import running, settle


@pytest.fixture
def huge_digest(tmp_path: Path) -> Path:
    """10,000 items; 'Same', 'Same' and 'Same 2' once gave two items the id 'huge/same-2' (and
    crashed the list, which then keyed its rows by item id)."""
    folder = tmp_path / "huge"
    folder.mkdir()
    lines = ["# Huge Weekly 1", "", "Intro of a huge issue.", ""]
    for number in range(10_000):
        title = {5: "Same", 6: "Same", 7: "Same 2"}.get(number, f"Story number {number} about things")
        lines += [f"## {title}", "", f"Body of story {number}.", ""]
    (folder / "huge.md").write_text("\n".join(lines), encoding="utf-8")
    return folder


@pytest.mark.timeout(240)
async def test_an_issue_of_ten_thousand_items_opens_and_scrolls(make_app, huge_digest: Path) -> None:
    app = make_app([huge_digest])
    async with running(app) as pilot:
        items = app.main.items_pane
        issue = app.state.library.issues[0]
        ids = [item.id for item in issue.items]
        assert len(ids) == 10_000 and len(set(ids)) == len(ids), "ids are unique by construction"
        assert items.row_count == 10_001  # "About this issue", then every item
        await pilot.press("end")
        assert items.current is issue.items[-1]
        assert app.main.detail.item is issue.items[-1]
        await pilot.press("pageup", "k")
        above = items.current
        assert isinstance(above, Item) and issue.items.index(above) < 9_990
        await pilot.press("home")
        assert isinstance(items.current, AboutRow)
        await pilot.press("j", "j", "j", "j", "j", "j", "j", "j", "enter")  # onto the second "Same 2"
        await settle(pilot)
        assert app.main.detail.item is issue.items[7]
        assert app.is_running


def synthetic_issue(count: int) -> Issue:
    items = [
        Item(
            id=f"big/story-{n}",
            title=f"Story {n} with a title long enough to wrap in the pane",
            issue_id="big",
        )
        for n in range(count)
    ]
    for n, item in enumerate(items):
        item.position = n
        item.section = f"Section {n // 1000}"
    return Issue(id="big", title="Big Weekly", source="big.md", preamble="Hello.", items=items)


async def test_with_a_hundred_thousand_items_keys_draw_only_what_is_on_screen(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[int] = []
    real = ItemList.row_content
    monkeypatch.setattr(ItemList, "row_content", lambda self, index: drawn.append(index) or real(self, index))
    issue = synthetic_issue(100_000)
    app = make_app()
    async with running(app) as pilot:
        app.state.set_library(Library(issues=[issue]))
        await settle(pilot)
        items = app.main.items_pane
        assert items.row_count == 100_000 + 100 + 1  # items, section headings, "About this issue"
        counts = []
        for key in ("end", "pageup", "pageup", "home", "pagedown", "j", "k", "end", "enter", "u", "escape"):
            drawn.clear()
            await pilot.press(key)
            await settle(pilot)
            counts.append((key, len(drawn)))
        assert items.current is issue.items[-1]
        assert not app.state.read_marks.is_read("big/story-99999"), "u undid the read mark"
        assert all(count < 400 for _, count in counts), counts  # a screenful is a few dozen rows


async def test_an_item_with_a_hundred_thousand_links_is_built_in_a_worker(make_app) -> None:
    links = [Link(f"https://example.com/{n}", f"link number {n}") for n in range(100_000)]
    item = Item(id="links/many", title="Many links", body="See below.", links=links, issue_id="links")
    issue = Issue(id="links", title="Links Weekly", source="links.md", items=[item])
    app = make_app()
    async with running(app) as pilot:
        app.state.set_library(Library(issues=[issue]))
        detail: DetailPane = app.main.detail
        assert detail.rendering, "the long document is being built in a worker"
        assert "Rendering…" in detail.document.plain
        assert any(worker.description == "Rendering a long document" for worker in app.workers)
        await pilot.press("j")  # keys keep working meanwhile
        for _ in range(200):
            await settle(pilot)
            if not detail.rendering:
                break
        assert not detail.rendering and len(detail.urls) == 100_000
        await pilot.press("tab", "end")
        await settle(pilot)
        assert detail.has_focus
        shown = " ".join(
            " ".join(detail.render_line(y).text for y in range(detail.content_region.height)).split()
        )
        assert shown.endswith("100000. https://example.com/99999 link number 99999"), shown

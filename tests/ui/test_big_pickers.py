"""Pickers of an item with very many links: the list is virtual (only the rows drawn are made) and
`L` counts where the links go elsewhere in a worker, never on the UI thread."""

from __future__ import annotations

import threading

from reader.core.library import Library
from reader.core.link_index import LinkIndex
from reader.core.model import Issue, Item, Link
from reader.ui import linkactions
from reader.ui.messages import LibraryLoaded
from reader.ui.screens.main_discover import ElsewhereCounted
from reader.ui.screens.picker import PickerList, PickerScreen

from .conftest import running, settle

LINKS = 20_000
SHARED = 3_000  # of them, also linked from the other issue


def library() -> Library:
    links = [Link(f"https://example.com/{n}", f"link number {n}") for n in range(LINKS)]
    flood = Item(id="big/links", title="Very many links", body="See below.", links=links, issue_id="big")
    other = Item(id="big/other", title="Another story", body="Nothing.", issue_id="big")
    big = Issue(id="big", title="Big Weekly", source="big.md", date="2024-02-01", items=[flood, other])
    echo = Item(id="echo/1", title="Echoes", body="Again.", links=links[:SHARED], issue_id="echo")
    return Library(
        issues=[big, Issue(id="echo", title="Echo", source="echo.md", date="2024-01-01", items=[echo])]
    )


async def open_big_item(app, pilot) -> None:
    app.on_library_loaded(LibraryLoaded(library(), 0.0))
    await settle(pilot)
    app.main.jump_to("big/links")
    await settle(pilot)


async def test_a_picker_of_many_links_builds_only_the_rows_it_draws(make_app, monkeypatch) -> None:
    made: list[Link] = []
    real_row = linkactions.link_row

    def counting_row(link: Link):
        made.append(link)
        return real_row(link)

    monkeypatch.setattr(linkactions, "link_row", counting_row)
    app = make_app([])
    async with running(app) as pilot:
        await open_big_item(app, pilot)
        await pilot.press("y")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        choices = picker.query_one(PickerList)
        assert choices.row_count == LINKS
        assert 0 < len(made) < 1_000, "rows made as drawn (a few times each), not 20,000"
        await pilot.press("end")
        await pilot.pause()
        assert choices.highlighted == LINKS - 1
        assert f"{LINKS:,}".replace(",", "") + ". https://example.com/19999" in "".join(
            choices.render_line(y).text for y in range(choices.size.height)
        )
        assert len(made) < 2_000
        for digit in str(LINKS):  # typed numbers reach any row
            await pilot.press(digit)
        await settle(pilot)
        assert app.screen is app.main
        assert app.clipboard == f"https://example.com/{LINKS - 1}"


async def test_L_counts_many_links_in_a_worker_and_lists_them_in_a_virtual_picker(
    make_app, monkeypatch
) -> None:
    threads: set[str] = set()
    real_also_in = LinkIndex.also_in

    def also_in(self: LinkIndex, url: str, issue_id: str) -> int:
        threads.add(threading.current_thread().name)
        return real_also_in(self, url, issue_id)

    app = make_app([])
    async with running(app) as pilot:
        await open_big_item(app, pilot)
        monkeypatch.setattr(LinkIndex, "also_in", also_in)
        await pilot.press("L")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert threads and threading.main_thread().name not in threads, "counted in a worker only"
        assert picker.query_one(PickerList).row_count == SHARED, "the links other issues link to"
        assert picker.rows[SHARED - 1].plain.endswith("· also in 1")
        await pilot.press("enter")  # the first link: the places linking there
        await settle(pilot)
        assert [row.plain for row in app.screen.rows] == ["Echo · 2024-01-01 — Echoes"]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main and app.main.detail.item.id == "echo/1"


async def test_L_counts_that_arrive_after_the_user_moved_on_are_dropped(make_app) -> None:
    app = make_app([])
    async with running(app) as pilot:
        await open_big_item(app, pilot)
        issue, item = app.main.current
        app.main.jump_to("big/other")
        await settle(pilot)
        app.main.post_message(ElsewhereCounted(issue, item, [(item.links[0], 1), (item.links[1], 1)]))
        await settle(pilot)
        assert app.screen is app.main, "no picker for an item no longer shown"

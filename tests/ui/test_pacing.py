"""Long work in workers goes in steps: a checkpoint between them stops a superseded worker and gives
way to the UI thread while it answers input; "also in" counts of a long document are never taken on
the UI thread. (What this buys in time is measured in benchmarks/bench_big.py, not here.)"""

from __future__ import annotations

import threading
import time

import pytest
from textual.style import Style

from reader.core.library import Library
from reader.core.model import Issue, Item, Link
from reader.ui import pacing
from reader.ui.documents import BIG_DOCUMENT, LINK_COST, ROLES, build
from reader.ui.pacing import Superseded, checkpoint_for_this_worker, give_way, input_arrived
from reader.ui.widgets.detail import DetailPane
from reader.ui.wrapping import layout_text

from .conftest import running, settle


def links_issue(count: int) -> tuple[Issue, Item]:
    links = [Link(f"https://example.com/{n}", f"link number {n}") for n in range(count)]
    item = Item(id="links/many", title="Many links", body="See below.", links=links, issue_id="links")
    return Issue(id="links", title="Links Weekly", source="links.md", items=[item]), item


def test_building_and_laying_out_a_long_document_pass_checkpoints_that_can_stop_them() -> None:
    issue, item = links_issue(5_000)
    styles = {role: Style() for role in ROLES}
    calls: list[int] = []
    document = build(issue, item, styles, checkpoint=lambda: calls.append(1))
    assert len(calls) >= 5 and document.text.count("https://example.com/") == 5_000, "every link, in steps"
    calls.clear()
    layout_text(document.text, 80, lambda: calls.append(1))
    assert len(calls) >= 5

    def stop() -> None:
        raise Superseded

    with pytest.raises(Superseded):
        build(issue, item, styles, checkpoint=stop)
    with pytest.raises(Superseded):
        layout_text(document.text, 80, stop)


def test_a_checkpoint_gives_way_for_a_moment_after_input() -> None:
    started, passed = threading.Event(), threading.Event()

    def worker_step() -> None:
        started.set()
        give_way()
        passed.set()

    input_arrived()
    thread = threading.Thread(target=worker_step)
    thread.start()
    assert started.wait(30)
    assert not passed.wait(pacing.ANSWER_WINDOW / 10), "waits while the key is answered"
    assert passed.wait(30), "then goes on"
    thread.join(30)
    passed.clear()
    give_way()  # no input since: no wait (nothing to assert in time: it returns)


def test_work_the_user_waits_for_gives_way_only_to_later_input() -> None:
    """`since`: the key that asked for the work is not waited for; a key after it is."""
    input_arrived()
    started = time.monotonic()
    done = threading.Event()
    thread = threading.Thread(target=lambda: (give_way(since=started), done.set()))
    thread.start()
    assert done.wait(pacing.ANSWER_WINDOW / 2), "the key that started it: no wait"
    thread.join(30)
    done.clear()
    input_arrived()  # a key after the work started
    thread = threading.Thread(target=lambda: (give_way(since=started), done.set()))
    thread.start()
    assert not done.wait(pacing.ANSWER_WINDOW / 10), "a later key: waits while it is answered"
    assert done.wait(30)
    thread.join(30)


async def test_a_cancelled_worker_stops_at_its_next_checkpoint(make_app) -> None:
    outcome: list[str] = []
    started = threading.Event()

    def long_work() -> None:
        checkpoint = checkpoint_for_this_worker()
        started.set()
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:
                checkpoint()
                time.sleep(0.001)
            outcome.append("ran to the end")
        except Superseded:
            outcome.append("stopped")

    app = make_app()
    async with running(app) as pilot:
        worker = app.run_worker(long_work, thread=True, group="pacing-test")
        for _ in range(600):
            if started.is_set():
                break
            await pilot.pause(0.05)
        worker.cancel()  # as a newer request of an exclusive group does
        for _ in range(600):
            if outcome:
                break
            await pilot.pause(0.05)
    assert outcome == ["stopped"]


async def test_keys_make_checkpoints_give_way(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        before = pacing._busy_until
        await pilot.press("j")
        assert pacing._busy_until > before, "a key tells the workers to give way"


async def test_counts_of_a_long_document_are_taken_in_a_worker_and_shown_only_if_any(make_app) -> None:
    issue, item = links_issue(BIG_DOCUMENT // LINK_COST + 500)  # long enough to be built in a worker
    app = make_app()
    async with running(app) as pilot:
        app.state.set_library(Library(issues=[issue]))
        detail: DetailPane = app.main.detail
        for _ in range(200):
            await settle(pilot)
            if not detail.rendering and detail.item is item:
                break
        assert detail.item is item and not detail.rendering
        threads: list[int] = []

        def counted(count: int):
            def also_in(issue: Issue, item: Item | None) -> list[int]:
                threads.append(threading.get_ident())
                return [count] * len(item.links if item is not None else issue.links)

            return also_in

        shown = detail.document
        detail.counts_known(counted(0))
        assert not detail.rendering, "the document stays shown meanwhile"
        await settle(pilot)
        assert detail.document is shown, "no counts: nothing to build again"
        detail.counts_known(counted(2))
        await settle(pilot)
        assert "also in 2 issues" in detail.document.plain
        assert threads and threading.get_ident() not in threads, "never counted on the UI thread"

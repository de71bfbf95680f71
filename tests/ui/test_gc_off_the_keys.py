"""No pass over the whole heap on the UI thread when a library is kept: it is frozen at once and the
old one dies by reference counts (workers let go of their arguments), its cycles, if any, collected
when the user pauses. (What this buys in time: benchmarks/bench_big.py.)"""

from __future__ import annotations

import functools
import gc
import threading
import weakref

from reader.core.library import Library
from reader.core.model import Issue, Item, Link
from reader.ui import pacing
from reader.ui.messages import LibraryLoaded

from .conftest import running, settle


class Probe:
    """Weakly referenceable: tells when it was freed."""


class ProbeIssue(Issue):
    """An Issue that can be weakly referenced (Issue has slots)."""


def probe_library(name: str, items: int = 50) -> tuple[Library, weakref.ref]:
    links = [Link(f"https://example.com/{name}/{n}", f"link {n}") for n in range(5)]
    rows = [
        Item(id=f"{name}/{n}", title=f"Story {n}", body="Body.", links=links, issue_id=name)
        for n in range(items)
    ]
    issue = ProbeIssue(id=name, title=f"{name} Weekly", source=f"{name}.md", items=rows)
    return Library(issues=[issue]), weakref.ref(issue)


async def run_and_forget(app, pilot, let_go: bool) -> weakref.ref:
    """A thread worker given an argument; whether the argument outlives the finished worker."""
    probe = Probe()
    gone = weakref.ref(probe)

    def work(_argument: Probe) -> None:
        if let_go:
            pacing.let_go_of_arguments()

    worker = app.run_worker(functools.partial(work, probe), thread=True)
    del probe
    await worker.wait()
    await pilot.pause()
    return gone


async def test_a_finished_worker_keeps_its_arguments_unless_it_lets_go(make_app) -> None:
    app = make_app()
    async with running(app) as pilot:
        gc.disable()  # only reference counts free anything here
        try:
            freed = await run_and_forget(app, pilot, True)
            assert freed() is None, "freed when the worker returned"
            kept = await run_and_forget(app, pilot, False)
            assert kept() is not None, "Textual's finished Worker holds them (why let_go_of_arguments exists)"
        finally:
            gc.enable()


async def test_keeping_a_reloaded_library_runs_no_collection_and_frees_the_old_one(
    make_app, monkeypatch
) -> None:
    app = make_app()
    async with running(app) as pilot:
        first, first_gone = probe_library("first")
        app.on_library_loaded(LibraryLoaded(first, 0.0))
        del first
        await settle(pilot)  # the link index built in a worker from the library
        collections: list[str] = []
        real_collect = gc.collect

        def spy(*args: int) -> int:
            collections.append(threading.current_thread().name)
            return real_collect(*args)

        monkeypatch.setattr(gc, "collect", spy)
        frozen = gc.get_freeze_count()
        second, _ = probe_library("second", items=5_000)
        gc.disable()  # the old library must go by reference counts, not by a collection
        try:
            app.on_library_loaded(LibraryLoaded(second, 0.0))
            assert collections == [], "no collection on the UI thread when a library is kept"
            assert gc.get_freeze_count() > frozen, "the new library frozen at once"
            await settle(pilot)  # the new link index replaces the old one
            assert first_gone() is None, "the old library freed by reference counts"
        finally:
            gc.enable()

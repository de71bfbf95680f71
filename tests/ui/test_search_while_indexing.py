"""Search while a first build runs: "indexing N of M", results marked partial, refreshed when the
build completes; another Digest Reader building the index is waited for and said so. The real
index is exercised too (a small library builds in one commit)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from reader.core.library import Library
from reader.core.search.manifest import BuildStatus
from reader.core.search.results import SearchResults, UpdateReport
from reader.core.search.write.streaming import BuildProgress
from reader.ui.opening import StreamingBackend

from .fakes import FakeIndex
from .test_progressive import dated_dir, gate, release_batch, until

__all__ = ["dated_dir", "gate"]


class StreamingFake(FakeIndex):
    """Builds while the library loads: 'commits' the first batch, then waits for `release`."""

    def __init__(self) -> None:
        super().__init__()
        self.status: BuildStatus | None = None
        self.release = threading.Event()
        self.other_pid: int | None = None  # another process holds the build

    def build_status(self) -> BuildStatus | None:
        return self.status

    def update_while_loading(self, loader, progress=None, on_batch=None, **options):
        library = None
        for batch in loader.batches():
            if on_batch is not None:
                on_batch(batch)
            library = batch.library
            if self.other_pid is not None:
                continue
            self.library = library  # committed: searchable
            items = library.item_count
            self.status = None if batch.final else BuildStatus(batch.done, batch.total, items, os.getpid())
            if progress is not None:
                progress(BuildProgress(batch.done, batch.total, items, items, time.monotonic()))
            if self.status is not None:
                self.release.wait(10)
        if self.other_pid is not None:
            self.status = BuildStatus(1, 5, 2, self.other_pid)
            return library, UpdateReport(
                skipped=True, message="search index not updated: another Digest Reader is building it"
            )
        return library, UpdateReport(added=library.item_count if library else 0)

    def update(self, library: Library, progress=None, rebuild: bool = False, **options) -> UpdateReport:
        self.status = None
        return super().update(library, progress, rebuild)

    def search(self, query: str, limit: int = 20, **options) -> SearchResults:
        results = super().search(query, limit, **options)
        results.partial = self.status is not None
        return results


def search_status(app) -> str:
    return str(app.screen.query_one("#search-status").content)


async def test_search_answers_over_what_is_indexed_and_refreshes_when_done(make_app, dated_dir) -> None:
    index = StreamingFake()
    assert isinstance(index, StreamingBackend)
    app = make_app([dated_dir], search_index=index, build_index=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.index_status.ready)
        assert app.state.index_status.building
        await pilot.press("slash")
        await pilot.press(*"story")
        await until(pilot, lambda: "result" in search_status(app))
        assert "partial: indexing 1 of 5 files" in search_status(app)
        assert len(app.screen.results.hits) == 2, "the newest issue's items, indexed first"
        index.release.set()
        await until(pilot, lambda: not app.state.index_status.building and len(app.screen.results.hits) == 10)
        assert "partial" not in search_status(app)
        assert "10 results" in search_status(app)
        await pilot.press("escape")
        await until(pilot, lambda: app.state.activity is None)


async def test_another_instance_building_is_waited_for_and_said(make_app, dated_dir, monkeypatch) -> None:
    from reader.ui import opening

    monkeypatch.setattr(opening, "OTHER_BUILD_POLL", 0.05)
    index = StreamingFake()
    other = threading.Event()
    index.other_pid = os.getppid()  # alive while the test runs

    def alive(pid: int) -> bool:
        return not other.is_set()

    monkeypatch.setattr(opening, "process_alive", alive)
    app = make_app([dated_dir], search_index=index, build_index=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: "Another Digest Reader" in app.main.status.text)
        notes = " ".join(note.message for note in app._notifications)
        assert "another Digest Reader is building it" in notes
        assert app.state.index_status.building and app.state.index_status.ready
        other.set()  # it has gone: this one brings the index up to date itself
        await until(pilot, lambda: not app.state.index_status.updating and app.state.activity is None)
        assert app.state.index_status.ready and not app.state.index_status.building
        assert index.status is None and index.library is not None


async def test_real_index_builds_while_loading(make_app, dated_dir) -> None:
    app = make_app([dated_dir], build_index=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.state.index_status.ready and not app.state.index_status.updating, 60)
        assert app.state.index.build_status() is None
        await pilot.press("slash")
        await pilot.press(*"story")
        await until(pilot, lambda: "result" in search_status(app))
        assert "10 results" in search_status(app) and "partial" not in search_status(app)
        assert Path(app.state.index.index_dir).exists()


async def test_the_index_is_built_once_every_file_is_listed(make_app, dated_dir, gate) -> None:
    """Building it beside the listing would take the CPUs and the interpreter from the listing."""
    index = StreamingFake()
    index.release.set()
    parsed_when_built: list[int] = []
    real = index.update_while_loading

    def update_while_loading(loader, progress=None, on_batch=None, **options):
        parsed_when_built.append(len(gate.parsed))
        return real(loader, progress, on_batch, **options)

    index.update_while_loading = update_while_loading
    app = make_app([dated_dir], search_index=index, build_index=True)
    async with app.run_test(size=(120, 36)) as pilot:
        for count, stem in enumerate(["2024-01-05", "2024-01-04", "2024-01-03", "2024-01-02"], 1):
            await release_batch(pilot, gate, app, stem, count)
            assert not parsed_when_built, "not while files are still being listed"
        gate.release("2024-01-01")
        await until(pilot, lambda: not app.state.index_status.updating and app.state.index_status.ready)
        assert parsed_when_built == [5] and index.library is not None and len(index.library.issues) == 5

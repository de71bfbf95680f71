"""The index lifecycle: incremental updates, nothing-changed checks, rebuilds, damage, locks."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from reader.core import locations
from reader.core.library import load_library
from reader.core.search import SearchIndex
from reader.core.search.manifest import MANIFEST_NAME, index_snapshot

WELDERS_FILE = "003_28404f703abf928a.txt"
WELDERS = "003-28404f70/who-watches-the"


def built(folder: Path) -> SearchIndex:
    index = SearchIndex()
    report = index.update(load_library([folder]))
    assert report.rebuilt and report.message == "built the search index"
    return index


def items_of(folder: Path, name: str = WELDERS_FILE) -> int:
    return len(load_library([folder / name]).issues[0].items)


def ids(index: SearchIndex, query: str) -> list[str]:
    return [hit.item_id for hit in index.search(query, limit=50).hits]


def whoosh_lock(index: SearchIndex):
    from whoosh.filedb.filestore import FileStorage

    lock = FileStorage(str(index.index_dir)).lock("MAIN_WRITELOCK")
    assert lock.acquire(blocking=False)
    return lock


def test_index_lives_in_the_user_cache_dir(seed_copy: Path, isolated_user_dirs: dict[str, Path]) -> None:
    index = built(seed_copy)
    assert index.index_dir == locations.index_dir()
    assert index.index_dir.is_relative_to(isolated_user_dirs["cache"])
    assert (index.index_dir / MANIFEST_NAME).is_file()


def test_nothing_changed_opens_no_writer(seed_copy: Path) -> None:
    index = built(seed_copy)
    before = index_snapshot(index.index_dir)
    lock = whoosh_lock(index)  # a writer could not even be opened now
    try:
        report = index.update(load_library([seed_copy]))
    finally:
        lock.release()
    total = load_library([seed_copy]).item_count
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, total)
    assert report.message is None and not report.skipped
    assert index_snapshot(index.index_dir) == before
    assert index.is_current(load_library([seed_copy]))


def test_touched_file_with_same_content_is_not_reindexed(seed_copy: Path) -> None:
    index = built(seed_copy)
    before = index_snapshot(index.index_dir)
    os.utime(seed_copy / WELDERS_FILE, ns=(1, 1))
    report = index.update(load_library([seed_copy]))
    assert not report.changed and report.unchanged == load_library([seed_copy]).item_count
    assert index_snapshot(index.index_dir) == before


def test_editing_a_digest_updates_only_its_changed_items(seed_copy: Path) -> None:
    index = built(seed_copy)
    path = seed_copy / WELDERS_FILE
    os.chmod(path, 0o644)
    path.write_text(path.read_text(encoding="utf-8").replace("welders", "riveters"), encoding="utf-8")
    report = index.update(load_library([seed_copy]))
    assert (report.added, report.updated, report.removed) == (0, 1, 0)
    assert report.unchanged == load_library([seed_copy]).item_count - 1
    assert ids(index, "riveters") == [WELDERS]
    assert ids(index, "welders") == [WELDERS]  # the title still says "Welders"
    assert ids(index, "welders -riveters") == []


def test_adding_and_deleting_digests(seed_copy: Path) -> None:
    index = built(seed_copy)
    welders_items = items_of(seed_copy)
    (seed_copy / "new.md").write_text(
        "# New digest\n\n## Zygomorphic flowers\n\nPetals in mirror image.\n\n"
        "## Second item\n\nMore zygomorphic text.\n",
        encoding="utf-8",
    )
    report = index.update(load_library([seed_copy]))
    assert (report.added, report.updated, report.removed) == (2, 0, 0)
    assert report.unchanged == load_library([seed_copy]).item_count - 2
    assert len(ids(index, "zygomorphic")) == 2

    os.chmod(seed_copy / WELDERS_FILE, 0o644)
    (seed_copy / WELDERS_FILE).unlink()
    report = index.update(load_library([seed_copy]))
    assert report.removed == welders_items and report.added == 0
    assert ids(index, "welders") == []
    assert len(ids(index, "zygomorphic")) == 2


def test_a_fresh_object_sees_updates_made_by_another(seed_copy: Path) -> None:
    reader_side, writer_side = built(seed_copy), SearchIndex()
    welders_items = items_of(seed_copy)
    assert ids(reader_side, "welders") == [WELDERS]
    os.chmod(seed_copy / WELDERS_FILE, 0o644)
    (seed_copy / WELDERS_FILE).unlink()
    assert writer_side.update(load_library([seed_copy])).removed == welders_items
    assert ids(reader_side, "welders") == []  # the cached searcher was reopened


def test_corrupted_index_file_is_rebuilt_with_a_message(seed_copy: Path) -> None:
    index = built(seed_copy)
    segment = max(
        (p for p in index.index_dir.iterdir() if p.suffix == ".seg"), key=lambda p: p.stat().st_size
    )
    segment.write_bytes(b"garbage" * 10)
    fresh = SearchIndex()
    report = fresh.update(load_library([seed_copy]))
    assert report.rebuilt and "damaged" in report.message and "moved to" in report.message
    assert ids(fresh, "welders") == [WELDERS] and fresh.error is None
    assert list(index.index_dir.parent.glob("index.damaged-*"))


def test_damage_found_while_searching_is_reported_then_rebuilt(seed_copy: Path) -> None:
    index = built(seed_copy)
    for path in index.index_dir.iterdir():
        if path.suffix == ".seg":
            path.write_bytes(b"\0" * path.stat().st_size)  # same size: only a search notices
    assert index.search("welders").hits == []
    assert index.error and "damaged" in index.error
    report = index.update(load_library([seed_copy]))
    assert report.rebuilt and ids(index, "welders") == [WELDERS] and index.error is None


def test_missing_index_or_manifest_is_rebuilt(seed_copy: Path) -> None:
    index = built(seed_copy)
    (index.index_dir / MANIFEST_NAME).unlink()
    report = index.update(load_library([seed_copy]))
    assert report.rebuilt and "no manifest" in report.message
    (index.index_dir / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    report = index.update(load_library([seed_copy]))
    assert report.rebuilt and "moved it to" in report.message
    assert ids(index, "welders") == [WELDERS]


@pytest.mark.parametrize(
    ("name", "reason"), [("PARSER_VERSION", "parser changed"), ("SCHEMA_VERSION", "format changed")]
)
def test_version_change_rebuilds(
    seed_copy: Path, monkeypatch: pytest.MonkeyPatch, name: str, reason: str
) -> None:
    import reader.core.search.write.updating as updating

    index = built(seed_copy)
    monkeypatch.setattr(updating, name, getattr(updating, name) + 1)
    report = index.update(load_library([seed_copy]))
    assert (
        report.rebuilt and reason in report.message and report.added == load_library([seed_copy]).item_count
    )
    assert not index.update(load_library([seed_copy])).rebuilt


def test_held_write_lock_skips_the_update_but_search_works(seed_copy: Path) -> None:
    index = built(seed_copy)
    welders_items = items_of(seed_copy)
    os.chmod(seed_copy / WELDERS_FILE, 0o644)
    (seed_copy / WELDERS_FILE).unlink()
    lock = whoosh_lock(index)
    try:
        report = index.update(load_library([seed_copy]))
        assert report.skipped and "another Digest Reader" in report.message
        assert ids(index, "welders") == [WELDERS]  # the old index still answers
        assert index.error is None
    finally:
        lock.release()
    assert index.update(load_library([seed_copy])).removed == welders_items


def test_update_lock_held_by_another_process_skips(seed_copy: Path) -> None:
    from filelock import FileLock

    index = built(seed_copy)
    (seed_copy / "new.md").write_text("# N\n\n## Item\n\nquokka\n", encoding="utf-8")
    with FileLock(str(index.index_dir.with_name("index.lock"))):
        assert index.update(load_library([seed_copy])).skipped
    assert index.update(load_library([seed_copy])).added == 1


def test_unwritable_cache_dir_disables_search_without_raising(tmp_path: Path, seeds_dir: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    index = SearchIndex(blocker / "index")
    report = index.update(load_library([seeds_dir]))
    assert report.skipped and index.error and "cannot be written" in index.error
    assert index.search("welders").hits == []


def test_search_while_updating_in_another_thread(seed_copy: Path) -> None:
    index = built(seed_copy)
    (seed_copy / "new.md").write_text("# N\n\n## Item\n\nquokka\n", encoding="utf-8")
    failures: list[BaseException] = []

    def update() -> None:
        try:
            index.update(load_library([seed_copy]))
        except BaseException as exc:  # pragma: no cover - the assertion below reports it
            failures.append(exc)

    worker = threading.Thread(target=update)
    worker.start()
    while worker.is_alive():
        assert ids(index, "welders") == [WELDERS]
    worker.join()
    assert not failures and ids(index, "quokka")


def test_progress_is_reported_up_to_the_total(seed_copy: Path) -> None:
    calls: list[tuple[int, int]] = []
    SearchIndex().update(load_library([seed_copy]), progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1]
    assert all(0 <= done <= total for done, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


@pytest.mark.parametrize("parallel", [True, "spawn"], ids=["forked", "spawned"])
def test_parallel_build_matches_a_serial_one(
    seed_copy: Path, monkeypatch: pytest.MonkeyPatch, parallel
) -> None:
    import reader.core.search.write.building as building

    serial = built(seed_copy)
    expected = {
        query: ids(serial, query) for query in ("welders", "label propagation", "model", "transformer")
    }
    serial.close()
    monkeypatch.setattr(building, "build_processes", lambda items, parallel: 2 if parallel else 1)
    monkeypatch.setattr(building, "SEGMENT_ITEMS", 10)
    started = []
    real_writer = building.writer_for
    monkeypatch.setattr(building, "writer_for", lambda *a, **kw: started.append(kw) or real_writer(*a, **kw))
    index = SearchIndex(parallel=parallel)
    report = index.update(load_library([seed_copy]), rebuild=True)
    assert report.rebuilt and report.added == load_library([seed_copy]).item_count
    assert started and all(kw["procs"] == 2 and kw["spawn"] == (parallel == "spawn") for kw in started)
    assert len(list(index.index_dir.glob("*.seg"))) > 2
    assert {query: ids(index, query) for query in expected} == expected


def test_parallel_false_builds_in_this_process(seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.core.search.write.building as building

    monkeypatch.setattr(building, "PARALLEL_MIN_ITEMS", 1)
    assert building.build_processes(100, parallel=False) == 1
    real, calls = building._build, []
    monkeypatch.setattr(building, "_build", lambda *args, **kw: calls.append(args[3]) or real(*args, **kw))
    SearchIndex(parallel=False).update(load_library([seed_copy]))
    assert calls == [1]


def test_a_lost_parallel_segment_rebuilds_serially(seed_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.core.search.write.building as building

    real, calls = building._build, []

    def flaky(folder, pending, progress, procs, spawn=False):
        calls.append(procs)
        if procs > 1:
            raise building.LostSegment("a writer process died")
        return real(folder, pending, progress, procs, spawn)

    monkeypatch.setattr(building, "build_processes", lambda items, parallel: 2)
    monkeypatch.setattr(building, "_build", flaky)
    index = built(seed_copy)
    assert calls == [2, 1] and ids(index, "welders") == [WELDERS]


@pytest.mark.parametrize("parallel", [True, "spawn"], ids=["forked", "spawned"])
def test_a_writer_process_that_dies_does_not_hang_the_build(
    seed_copy: Path, monkeypatch: pytest.MonkeyPatch, parallel
) -> None:
    """More jobs than the job queue holds, and the writer processes die at once: the build must
    notice (not block on a full queue) and redo the work in this process."""
    import signal

    import reader.core.search.write.building as building
    import reader.core.search.write.writers as indexer
    from reader.core.search.engine_patches import CheckedMpWriter

    monkeypatch.setattr(building, "build_processes", lambda items, parallel: 2 if parallel else 1)
    monkeypatch.setattr(building, "SEGMENT_ITEMS", 40)
    monkeypatch.setattr(indexer, "BATCH_ITEMS", 2)  # 40 jobs per chunk; the queue holds 8
    started = CheckedMpWriter._new_task
    killed: list[int] = []

    def doomed(self):
        task = started(self)
        os.kill(task.pid, signal.SIGKILL)
        killed.append(task.pid)
        return task

    monkeypatch.setattr(CheckedMpWriter, "_new_task", doomed)
    library = load_library([seed_copy])
    index = SearchIndex(parallel=parallel)
    reports = []
    worker = threading.Thread(target=lambda: reports.append(index.update(library, rebuild=True)), daemon=True)
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "the build hung on a dead writer process"
    assert killed and reports[0].added == library.item_count
    assert ids(index, "welders") == [WELDERS]


def test_library_runs_get_their_own_index_and_unused_ones_are_pruned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    from reader.core.search.index import UNUSED_DAYS

    one, two = tmp_path / "one", tmp_path / "two"
    assert SearchIndex.for_library(None).index_dir == locations.index_dir()
    own = SearchIndex.for_library([one, two]).index_dir
    assert own.parent == locations.library_indexes_dir() and own != locations.index_dir()
    assert SearchIndex.for_library([two, one, two]).index_dir == own, "the same paths in any order"
    assert SearchIndex.for_library([one]).index_dir != own
    monkeypatch.setenv("HOME", str(tmp_path))
    assert SearchIndex.for_library([Path("~/one"), two]).index_dir == own, "~ is the home folder"
    (tmp_path / "link").symlink_to(one)
    assert SearchIndex.for_library([tmp_path / "link", two]).index_dir == own, "a symlink is its target"

    parent = locations.library_indexes_dir()
    stale, busy, recent = parent / ("a" * 16), parent / ("b" * 16), parent / ("c" * 16)
    damaged, foreign = parent / f"{'d' * 16}.damaged-20250101-000000", parent / "not-ours"
    for folder in (stale, busy, recent, own, damaged, foreign):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "MAIN_1.toc").write_text("x", encoding="utf-8")
    (parent / f"{'a' * 16}.lock").write_text("", encoding="utf-8")
    old = time.time() - (UNUSED_DAYS + 1) * 86400
    for folder in (stale, busy, own, damaged, foreign):
        os.utime(folder, (old, old))
    with FileLock(str(parent / f"{'b' * 16}.lock"), timeout=0):  # another instance is updating it
        SearchIndex.for_library([one, two])
    assert not stale.exists() and not damaged.exists(), "unused for too long: deleted"
    assert not (parent / f"{'a' * 16}.lock").exists(), "with its lock file"
    assert busy.exists(), "an index being updated is left alone"
    assert recent.exists() and own.exists() and foreign.exists()
    assert own.stat().st_mtime > old, "the one in use is marked as used"


def _build_in_thread(index: SearchIndex, library) -> list:
    reports: list = []
    worker = threading.Thread(target=lambda: reports.append(index.update(library, rebuild=True)), daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "the build hung"
    return reports


def test_writer_processes_that_end_early_or_hang_do_not_hang_the_build(
    seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing
    import signal

    import reader.core.search.engine_patches.processes as mpwriters
    import reader.core.search.write.building as building
    import reader.core.search.write.writers as indexer

    monkeypatch.setattr(building, "build_processes", lambda items, parallel: 2 if parallel else 1)
    monkeypatch.setattr(building, "SEGMENT_ITEMS", 40)
    monkeypatch.setattr(indexer, "BATCH_ITEMS", 2)
    monkeypatch.setattr(mpwriters, "FINISH_WAIT", 1.0)
    library = load_library([seed_copy])

    class EndsAtOnce(mpwriters.QuietSubWriter):
        def run(self) -> None:  # exit code 0 without reading a job: nobody drains the queue
            os._exit(0)

    with monkeypatch.context() as patched:
        patched.setattr(mpwriters.CheckedMpWriter, "task_class", EndsAtOnce)
        reports = _build_in_thread(SearchIndex(parallel=True), library)
    assert reports[0].added == library.item_count

    started = mpwriters.CheckedMpWriter._new_task

    def stopped(self):
        task = started(self)
        if len(self.tasks) == 2:
            os.kill(task.pid, signal.SIGSTOP)  # alive but never finishing
        return task

    monkeypatch.setattr(mpwriters.CheckedMpWriter, "_new_task", stopped)
    index = SearchIndex(parallel=True)
    reports = _build_in_thread(index, library)
    assert reports[0].added == library.item_count and ids(index, "welders") == [WELDERS]
    assert not multiprocessing.active_children(), "no writer process is left behind"


@pytest.mark.parametrize("patches_off", [(), ("term_pool",)])
def test_small_updates_merge_their_segments_without_a_rebuild(
    seed_copy: Path, tmp_path: Path, patches_off: tuple[str, ...]
) -> None:
    """Each one-item update writes a small segment that a later commit merges (Whoosh's
    MERGE_SMALL): the merge must not fail (it once did with rare terms inlined, and the index was
    then rebuilt as "damaged"), with or without the term pool."""
    from reader.core.search import engine_patches

    files = sorted(seed_copy.iterdir())
    with engine_patches.turned_off(*patches_off):
        index = SearchIndex(tmp_path / "index")
        index.update(load_library([seed_copy]))
        for round_ in range(6):
            digest = files[round_ % len(files)]
            digest.write_text(
                digest.read_text(encoding="utf-8") + f"\n\nzebra{round_} appended\n", encoding="utf-8"
            )
            report = index.update(load_library([seed_copy]))
            assert not report.rebuilt and "damaged" not in (report.message or ""), report.message
        for round_ in range(6):
            assert index.search(f"zebra{round_}").hits, f"zebra{round_} not found"
        index.close()

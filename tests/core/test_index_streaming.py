"""A first build fed while the library loads: committed in batches, searchable (partial) while it
runs, resumed after an interruption, built once when two processes start together; nothing
changed is seen without loading the library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from childproc import child_env
from reader.core import library as library_module
from reader.core.library import load_library
from reader.core.loading import LibraryLoader, LoadBatch
from reader.core.search import SearchIndex
from reader.core.search.manifest import ManifestFile
from reader.core.search.write import streaming
from reader.core.search.write.streaming import BuildProgress


def weekly(folder: Path, count: int, items: int = 4) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        sections = "".join(
            f"## Week {n} story {i}\n\nZebrafish number {n}-{i} swims.\n\n" for i in range(items)
        )
        path = folder / f"2020-{1 + n // 4:02d}-{1 + 7 * (n % 4):02d}-weekly.md"
        path.write_text(f"# Week {n}\n\n{sections}", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def small_commits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commit every few items, so a small library is built in several commits."""
    monkeypatch.setattr(streaming, "FIRST_COMMIT_ITEMS", 8)
    monkeypatch.setattr(streaming, "SEGMENT_ITEMS", 8)


def test_a_first_build_is_searchable_and_partial_while_it_runs(tmp_path: Path, small_commits: None) -> None:
    weekly(tmp_path / "lib", 8)
    index = SearchIndex(tmp_path / "index", parallel=False)
    reader = SearchIndex(tmp_path / "index")  # another searcher, as the app's search screen
    seen: list[tuple[int, bool, int]] = []

    def watch(progress: BuildProgress) -> None:  # after each batch the build took (and committed)
        results = reader.search("zebrafish", limit=100)
        status = reader.build_status()
        seen.append((results.total, results.partial, status.files if status else -1))

    library, report = index.update_while_loading(
        LibraryLoader([tmp_path / "lib"], workers=1, batch_seconds=0), progress=watch
    )
    assert report.rebuilt and report.added == 32 and library is not None and library.item_count == 32
    partial = [entry for entry in seen if entry[0]]
    assert partial and all(is_partial for _, is_partial, _ in partial)
    assert any(0 < total < 32 for total, _, _ in partial)  # answers over what is committed so far
    final = reader.search("zebrafish", limit=100)
    assert final.total == 32 and not final.partial and reader.build_status() is None


def test_an_interrupted_first_build_resumes_where_it_stopped(tmp_path: Path, small_commits: None) -> None:
    weekly(tmp_path / "lib", 8)
    index = SearchIndex(tmp_path / "index", parallel=False)

    def quit_after_three(batch: LoadBatch) -> None:
        if batch.done == 3:
            raise KeyboardInterrupt  # the app quits

    with pytest.raises(KeyboardInterrupt):
        index.update_while_loading(
            LibraryLoader([tmp_path / "lib"], workers=1, batch_seconds=0), on_batch=quit_after_three
        )
    manifest, _ = ManifestFile(tmp_path / "index").load()
    assert manifest is not None and manifest.building is not None and 0 < manifest.item_count < 32
    committed = manifest.item_count
    fresh = SearchIndex(tmp_path / "index", parallel=False)
    assert fresh.search("zebrafish", limit=100).total == committed  # what was committed stays searchable
    _, report = fresh.update_while_loading(LibraryLoader([tmp_path / "lib"], workers=1, batch_seconds=0))
    assert "resumed" in (report.message or "") and report.unchanged == committed
    assert report.added == 32 - committed
    assert fresh.search("zebrafish", limit=100).total == 32 and fresh.build_status() is None
    assert not SearchIndex(tmp_path / "index").update(load_library([tmp_path / "lib"])).changed


def test_nothing_changed_is_seen_without_loading_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weekly(tmp_path / "lib", 3)
    index = SearchIndex(tmp_path / "index", parallel=False)
    index.update_while_loading(LibraryLoader([tmp_path / "lib"]))

    def no_loading(*args, **kwargs):
        raise AssertionError("the library was loaded")

    monkeypatch.setattr(LibraryLoader, "batches", no_loading)
    monkeypatch.setattr(library_module, "parse_path", no_loading)
    library, report = index.update_while_loading(
        LibraryLoader([tmp_path / "lib"]), verify=True, need_library=False
    )
    assert library is None and not report.changed and report.unchanged == 12 and not report.skipped


def test_a_changed_file_after_a_streamed_build_is_an_ordinary_update(tmp_path: Path) -> None:
    paths = weekly(tmp_path / "lib", 3)
    index = SearchIndex(tmp_path / "index", parallel=False)
    index.update_while_loading(LibraryLoader([tmp_path / "lib"]))
    paths[0].write_text("# Week 0\n\n## Only story\n\nAardvark.\n", encoding="utf-8")
    library, report = index.update_while_loading(LibraryLoader([tmp_path / "lib"]))
    assert library is not None and (report.removed, report.added, report.updated) == (4, 1, 0)
    assert index.search("aardvark").total == 1


TWO_AT_ONCE = """
import sys, time
from pathlib import Path
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.005)
from reader.cli.main import main
sys.exit(main(["--library", sys.argv[1], "index", "--json"]))
"""


@pytest.mark.timeout(240)
def test_two_processes_starting_at_once_build_the_index_once(tmp_path: Path) -> None:
    import json
    import time

    weekly(tmp_path / "lib", 40, items=10)
    start = str(time.time() + 3)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", TWO_AT_ONCE, str(tmp_path / "lib"), start],
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=200)
        assert child.returncode == 0, err
        outputs.append((json.loads(out), err))
    built = [report for report, _ in outputs if report["rebuilt"]]
    waited = [(report, err) for report, err in outputs if not report["rebuilt"]]
    assert len(built) == 1 and built[0]["added"] == 400
    [(report, err)] = waited
    assert report["added"] == 0 and report["unchanged"] == 400 and not report["skipped"]
    assert "another Digest Reader is building it" in err and "waiting" in err


KILLED_MID_BUILD = """
import os, signal, sys
from pathlib import Path
from reader.core.loading import LibraryLoader
from reader.core.search import SearchIndex
from reader.core.search.write import streaming
streaming.FIRST_COMMIT_ITEMS = streaming.SEGMENT_ITEMS = 8

def killed(progress):
    if progress.items_indexed >= 16:
        os.kill(os.getpid(), signal.SIGKILL)  # mid-build, two commits in

index = SearchIndex(Path(sys.argv[2]), parallel=False)
index.update_while_loading(LibraryLoader([Path(sys.argv[1])], workers=1, batch_seconds=0), killed)
"""


def test_a_build_killed_mid_way_resumes_from_its_last_commit(tmp_path: Path) -> None:
    import signal

    weekly(tmp_path / "lib", 8)
    child = subprocess.run(
        [sys.executable, "-c", KILLED_MID_BUILD, str(tmp_path / "lib"), str(tmp_path / "index")],
        env=child_env(),
        timeout=120,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL
    index = SearchIndex(tmp_path / "index", parallel=False)
    status = index.build_status()
    assert status is not None and status.items == 16 and not status.mine
    assert index.search("zebrafish", limit=100).partial
    _, report = index.update_while_loading(LibraryLoader([tmp_path / "lib"], workers=1))
    assert "resumed" in (report.message or "") and (report.unchanged, report.added) == (16, 16)
    results = index.search("zebrafish", limit=100)
    assert results.total == 32 and not results.partial


def test_issues_retitled_by_a_later_file_are_indexed_with_their_new_titles(
    tmp_path: Path, small_commits: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of issues that all call themselves 'Weekly News': each gets its file's date once
    a second one arrives, after the first was indexed; the index must hold the titles shown."""
    folder = tmp_path / "lib"
    folder.mkdir()
    for n in range(4):
        (folder / f"2021-0{n + 1}-01.md").write_text(
            f"# Weekly News\n\n## Story {n}\n\nOkapi number {n}.\n\n## Other {n}\n\nMore okapi.\n", "utf-8"
        )
    import threading

    taken = threading.Condition()
    done = [0]

    def build_took(progress: BuildProgress) -> None:  # the build thread, after each batch
        with taken:
            done[0] = progress.files_done
            taken.notify_all()

    real_parse = library_module.parse_path
    parsed = [0]

    def one_at_a_time(path: Path):  # the loader thread: a file is parsed once the last one is indexed
        with taken:
            assert taken.wait_for(lambda: done[0] >= parsed[0], timeout=30)
        parsed[0] += 1
        return real_parse(path)

    monkeypatch.setattr(library_module, "parse_path", one_at_a_time)
    index = SearchIndex(tmp_path / "index", parallel=False)
    library, _ = index.update_while_loading(LibraryLoader([folder], workers=1, batch_seconds=0), build_took)
    assert library is not None
    shown = {issue.id: issue.title for issue in library.issues}
    assert len(set(shown.values())) == 4  # told apart by their dates
    hits = index.search("okapi", limit=100).hits
    assert len(hits) == 8 and {hit.issue_title for hit in hits} == set(shown.values())
    assert not SearchIndex(tmp_path / "index").update(load_library([folder])).changed


def test_without_an_early_commit_a_first_build_commits_whole_segments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`digests index` waits for the end: no small first commit (and its writer processes)."""
    monkeypatch.setattr(streaming, "FIRST_COMMIT_ITEMS", 8)
    monkeypatch.setattr(streaming, "SEGMENT_ITEMS", 20)
    weekly(tmp_path / "lib", 8)  # 32 items
    sizes: dict[bool, list[int]] = {}
    for early in (True, False):
        index = SearchIndex(tmp_path / f"index-{early}", parallel=False)
        committed: list[int] = []
        index.update_while_loading(
            LibraryLoader([tmp_path / "lib"], workers=1, batch_seconds=0),
            progress=lambda progress, seen=committed: seen.append(progress.items_indexed),
            early_commit=early,
        )
        sizes[early] = sorted(set(committed) - {0})
        assert index.search("zebrafish", limit=100).total == 32
    assert sizes[True][0] < 20 <= sizes[False][0]

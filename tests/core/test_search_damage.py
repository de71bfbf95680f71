"""Damaged indexes found while searching, leftovers of killed processes, orphaned writer processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.structfile import StructFile

from childproc import child_env, wait_for_file
from reader.core.library import load_library
from reader.core.search import SearchIndex

WELDERS = "003-28404f70/who-watches-the"
ROOT = Path(__file__).resolve().parents[2]


def built(folder: Path) -> SearchIndex:
    index = SearchIndex()
    assert index.update(load_library([folder])).rebuilt
    return index


def flip_bytes(index_dir: Path, every: int = 101, start: float = 0.1, part: str | None = ".pst") -> Path:
    """Flip bytes in the biggest segment file, keeping its size, name and mtime (as a failing disk
    would): inside its sub-file ending in `part` (postings, which a search that finds nothing never
    reads, so where the flips land does not depend on the random segment name), or, with `part=None`,
    from `start` of the whole file to 90%."""
    segment = max(index_dir.iterdir(), key=lambda p: p.stat().st_size if p.suffix == ".seg" else 0)
    stat = segment.stat()
    data = bytearray(segment.read_bytes())
    begin, end = max(16, int(len(data) * start)), len(data) * 9 // 10
    if part is not None:
        with segment.open("rb") as handle:
            storage = CompoundStorage(StructFile(handle), use_mmap=False)
            name = next(name for name in storage.list() if name.endswith(part))
            offset, length = storage.range(name)
        begin, end = offset + int(length * start), offset + length
    for at in range(begin, end, every):
        data[at] ^= 0x5A
    segment.write_bytes(bytes(data))
    os.utime(segment, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return segment


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_flipped_bytes_are_found_by_a_search_then_rebuilt(seed_copy: Path) -> None:
    built(seed_copy)
    flip_bytes(SearchIndex().index_dir, every=13, start=0.0, part=None)  # every part of the segment
    index = SearchIndex()  # a fresh process's view: nothing known yet
    assert index.search("welders").hits == []
    assert index.damaged and index.error and "damaged" in index.error
    assert index.search("welders").hits == []  # still damaged: no answers from it until rebuilt
    report = index.update(load_library([seed_copy]))
    assert report.rebuilt and "damaged" in (report.message or "") and "moved to" in (report.message or "")
    assert [hit.item_id for hit in index.search("welders").hits] == [WELDERS] and index.error is None


def test_a_search_that_finds_nothing_compares_the_files_once(
    seed_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.core.search.read.searchers as searchers

    writer = built(seed_copy)
    checks = []
    real = searchers.checksum_problem
    monkeypatch.setattr(searchers, "checksum_problem", lambda *a: checks.append(1) or real(*a))
    assert writer.search("xyzzyq").total == 0 and not checks  # it has just written them itself
    index = SearchIndex()
    assert index.search("xyzzyq").total == 0 and index.search("plughq").total == 0
    assert len(checks) == 1 and index.damaged is None  # once per opened index; healthy
    flip_bytes(index.index_dir, every=4999)  # a few bytes: the open searcher may read fine
    fresh = SearchIndex()
    fresh.search("xyzzyq")
    assert fresh.damaged and "checksum" in fresh.damaged


def test_index_verify_finds_flipped_bytes_and_the_next_update_rebuilds(seed_copy: Path) -> None:
    index = built(seed_copy)
    assert index.verify() is None
    flip_bytes(index.index_dir, every=7919)
    assert "checksum" in (index.verify() or "")
    assert index.update(load_library([seed_copy])).rebuilt and index.verify() is None


def test_update_with_verify_rebuilds_a_damaged_index(seed_copy: Path) -> None:
    built(seed_copy)
    flip_bytes(SearchIndex().index_dir, every=7919)
    assert not SearchIndex().update(load_library([seed_copy])).rebuilt  # the cheap check sees nothing
    report = SearchIndex().update(load_library([seed_copy]), verify=True)
    assert report.rebuilt and "damaged" in (report.message or "")


def test_leftovers_of_dead_processes_are_removed_at_the_next_start(seed_copy: Path) -> None:
    index_dir = built(seed_copy).index_dir
    parent, dead, alive = index_dir.parent, dead_pid(), os.getpid()
    leftovers = [
        parent / f".index.building-{dead}",
        parent / f".index.old-{dead}",
        parent / f"index.damaged-20200101-000000-pid{dead}",
        parent / "index.damaged-20200101-000000",  # named before copies carried a process id
    ]
    kept = [parent / f".index.building-{alive}", parent / f"index.damaged-20200101-000000-pid{alive}"]
    for folder in leftovers + kept:
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "_MAIN_1.toc").write_bytes(b"x" * 1000)
    report = SearchIndex().update(load_library([seed_copy]))
    assert not report.rebuilt and not report.changed
    assert [p for p in leftovers if p.exists()] == [] and all(p.exists() for p in kept)


def test_an_index_left_only_as_old_by_a_kill_during_the_swap_is_put_back(seed_copy: Path) -> None:
    index_dir = built(seed_copy).index_dir
    old = index_dir.with_name(f".index.old-{dead_pid()}")
    os.replace(index_dir, old)  # killed between the two renames of the swap
    index = SearchIndex()
    report = index.update(load_library([seed_copy]))
    assert not report.rebuilt and not old.exists()
    assert [hit.item_id for hit in index.search("welders").hits] == [WELDERS]


KILL_BEFORE_MANIFEST = """
import os, signal, sys
from pathlib import Path
from reader.core.library import load_library
from reader.core.search import SearchIndex
from reader.core.search.manifest import ManifestFile

def killed(self, manifest):
    os.kill(os.getpid(), signal.SIGKILL)  # after Whoosh's commit, before the manifest is saved

ManifestFile.save = killed
SearchIndex().update(load_library([Path(sys.argv[1])]))
"""


@pytest.mark.timeout(180)
def test_a_kill_between_commit_and_manifest_is_neither_damage_nor_a_rebuild(seed_copy: Path) -> None:
    built(seed_copy)
    (seed_copy / "new.md").write_text("# New\n\n## Quokka news\n\nA quokka smiles.\n", encoding="utf-8")
    os.remove(seed_copy / "003_28404f703abf928a.txt")
    child = subprocess.run(
        [sys.executable, "-c", KILL_BEFORE_MANIFEST, str(seed_copy)], env=child_env(), timeout=120
    )
    assert child.returncode == -signal.SIGKILL
    index = SearchIndex()
    report = index.update(load_library([seed_copy]))
    assert not report.rebuilt and index.damaged is None and "damaged" not in (report.message or "")
    assert [hit.title for hit in index.search("quokka").hits] == ["Quokka news"]
    assert index.search("welders").hits == []
    assert index.is_current(load_library([seed_copy]))
    assert index.verify() is None


ORPHANS = """
import json, sys, time
from pathlib import Path
from reader.core.search.write.writers import create_index, writer_for

ix = create_index(Path(sys.argv[1]))
writer = writer_for(ix, procs=2, spawn=sys.argv[3] == "spawn")
for number in range(600):  # enough batches that both writer processes start
    writer.add_document(key=f"k{number}", kind="item", item_id=f"i/{number}", text="words " * 50)
while len(writer.tasks) < 2 or any(task.pid is None for task in writer.tasks):
    time.sleep(0.05)
Path(sys.argv[2]).write_text(json.dumps([task.pid for task in writer.tasks]))
time.sleep(600)
"""


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_writer_processes_end_when_their_parent_is_killed(tmp_path: Path, start: str) -> None:
    import json

    pids_file = tmp_path / "pids.json"
    parent = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(ORPHANS), str(tmp_path / "index"), str(pids_file), start],
        env=child_env(),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        writers = json.loads(wait_for_file(pids_file, timeout=60, process=parent))
        assert len(writers) == 2 and not any(gone(pid) for pid in writers)
    finally:
        parent.kill()
        parent.wait(10)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not all(gone(pid) for pid in writers):
        time.sleep(0.1)
    assert all(gone(pid) for pid in writers), "writer processes outlived their parent"

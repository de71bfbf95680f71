"""A full build: every item into a fresh index folder, as fast as this machine allows.

Items go in segments of SEGMENT_ITEMS: each segment's postings then fit its writer's memory pool
(one big segment would spill sorted runs to disk and merge them back, measured ~25% slower), and
memory stays bounded. With two or more CPUs and enough items, Whoosh's MpWriter runs one writer
process per CPU (at most MAX_PROCS), each writing its own segment of every chunk. Segments are not
merged afterwards. If a writer process dies, its segment would be silently missing: the item count
is checked after every chunk, and a short count rebuilds in this process alone.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reader.core.model import Issue, Item
from reader.core.search import engine_patches
from reader.core.search.schema import document, entries
from reader.core.search.write.processes import LostSegment
from reader.core.search.write.writers import Progress, commit, create_index, writer_for

SEGMENT_ITEMS = 5000
PARALLEL_MIN_ITEMS = 500  # below this, starting processes costs more than it saves
MAX_PROCS = 4


def build_processes(items: int, parallel: bool | str = True) -> int:
    """Writer processes for a build of `items` items: 1, or one per available CPU (up to MAX_PROCS)."""
    if not parallel or items < PARALLEL_MIN_ITEMS or not engine_patches.enabled("parallel_build"):
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_PROCS))


def build_all(
    folder: Path, issues: list[Issue], progress: Progress | None = None, parallel: bool | str = True
) -> int:
    """Create an index in `folder` holding every document of `issues`; return the item count.

    `parallel`: True forks writer processes, "spawn" starts them afresh (for a process running
    threads, like the app), False keeps the build in this process.
    """
    pending = [(issue, entry) for issue in issues for entry in entries(issue)]
    procs = build_processes(len(pending), parallel)
    try:
        _build(folder, pending, progress, procs, spawn=parallel == "spawn")
    except LostSegment:
        shutil.rmtree(folder, ignore_errors=True)
        _build(folder, pending, progress, 1)
    if progress:
        progress(2 * len(pending), 2 * len(pending))
    return sum(entry is not None for _, entry in pending)


def _build(
    folder: Path,
    pending: list[tuple[Issue, Item | None]],
    progress: Progress | None,
    procs: int,
    spawn: bool = False,
) -> None:
    ix = create_index(folder)
    total = 2 * len(pending)
    size = SEGMENT_ITEMS * procs
    try:
        for start in range(0, len(pending), size):
            chunk = pending[start : start + size]
            writer = writer_for(ix, procs=procs, spawn=spawn)
            try:
                for added, (issue, entry) in enumerate(chunk, 1):
                    writer.add_document(**document(issue, entry))
                    if progress and added % 200 == 0:  # adding (analysing) is about half the work
                        progress(2 * start + added, total)
            except BaseException:
                writer.cancel()
                raise
            if procs == 1:
                commit(writer, len(chunk), 2 * start + len(chunk), progress, total, merge=False)
            else:  # the writer processes write their postings now; no progress until they finish
                try:
                    writer.commit(merge=False)
                except BaseException:
                    writer.cancel()
                    raise
                if progress:
                    progress(2 * (start + len(chunk)), total)
            if ix.doc_count_all() != start + len(chunk):
                raise LostSegment(f"{ix.doc_count_all()} items indexed of {start + len(chunk)}")
    finally:
        ix.close()

"""Writing the index: writers with our codec, and the incremental update of changed files.

One writer per update, one commit at the end. Progress is reported in items: the first half of
the bar while documents are analysed, the second half while the commit writes postings.
(Full builds: building.py.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.writing import SegmentWriter

from reader.core.model import Issue
from reader.core.search.codec import LeanPool, ReaderCodec
from reader.core.search.schema import build_schema, item_document, source_key

Progress = Callable[[int, int], None]
LIMIT_MB = 256  # per writer process; a segment of SEGMENT_ITEMS fits, so the pool never spills
BATCH_ITEMS = 250  # documents per job handed to a writer process


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


def writer_for(ix: FileIndex, timeout: float = 0.0, procs: int = 1, spawn: bool = False) -> SegmentWriter:
    """A writer with our codec; raises whoosh.index.LockError when another writer holds the lock.

    With `procs` > 1, Whoosh's MpWriter: that many processes each analyse and write one segment,
    forked, or with `spawn` started afresh (safe in a process that runs threads; mpwriters.py).
    """
    options = {"timeout": timeout, "limitmb": LIMIT_MB, "codec": ReaderCodec(), "poolclass": LeanPool}
    if procs > 1:
        options.update(procs=procs, multisegment=True, batchsize=BATCH_ITEMS)
        from reader.core.search.mpwriters import CheckedMpWriter, SpawnedMpWriter

        return (SpawnedMpWriter if spawn else CheckedMpWriter)(ix, **options)
    return ix.writer(**options)


def create_index(folder: Path) -> FileIndex:
    folder.mkdir(parents=True, exist_ok=True)
    return FileStorage(str(folder)).create_index(build_schema())


class _CommitProgress:
    """Counts postings into the pool and reports the commit's progress as they are written."""

    def __init__(self, writer: SegmentWriter, report: Callable[[float], None]) -> None:
        self.spilled = 0
        self.report = report
        pool = writer.pool
        save = pool.save

        def counting_save() -> None:
            self.spilled += len(pool.current)
            save()

        pool.save = counting_save
        self.pool = pool
        writer.fieldwriter.on_postings = self.written

    def written(self, count: int) -> None:
        total = self.spilled + len(self.pool.current)
        if total:
            self.report(min(1.0, count / total))


def commit(
    writer: SegmentWriter, units: int, done: int, progress: Progress | None, total: int, **options
) -> None:
    """Commit, mapping the postings written onto progress units [done, done + units]."""
    if progress and units:
        _CommitProgress(writer, lambda fraction: progress(done + int(units * fraction), total))
    writer.commit(**options)


def apply_changes(
    ix: FileIndex,
    changed: dict[str, Issue | None],
    removed: list[str],
    progress: Progress | None = None,
    timeout: float = 0.0,
) -> Counts:
    """Re-index the items of `changed` files (path -> issue, None when it has no items now) and
    drop the items of `removed` files. Unchanged items (same fingerprint) are not rewritten.
    Raises whoosh.index.LockError when another process holds the write lock.
    """
    counts = Counts()
    writer = writer_for(ix, timeout)
    total = 2 * max(1, sum(len(issue.items) for issue in changed.values() if issue))
    try:
        with writer.searcher() as searcher:
            for path in removed:
                counts.removed += writer.delete_by_term("source", source_key(path), searcher=searcher)
            done = 0
            for path, issue in changed.items():
                old = {
                    fields["item_id"]: fields.get("fingerprint")
                    for fields in searcher.documents(source=source_key(path))
                }
                for item in issue.items if issue else []:
                    doc = item_document(issue, item)
                    previous = old.pop(doc["item_id"], None)
                    if previous == doc["fingerprint"]:
                        counts.unchanged += 1
                    else:
                        writer.update_document(**doc)
                        counts.updated += previous is not None
                        counts.added += previous is None
                    done += 1
                for item_id in old:
                    counts.removed += writer.delete_by_term("item_id", item_id, searcher=searcher)
                if progress:
                    progress(done, total)
    except BaseException:
        writer.cancel()
        raise
    if counts.added or counts.updated or counts.removed:
        commit(writer, total // 2, total // 2, progress, total)
        if progress:
            progress(total, total)
    else:
        writer.cancel()
    return counts

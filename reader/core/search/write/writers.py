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
from reader.core.search import engine_patches
from reader.core.search.schema import ITEM, build_schema, documents, source_key

Progress = Callable[[int, int], None]
LIMIT_MB = 256  # per writer process; a segment of SEGMENT_ITEMS fits, so the pool never spills
BATCH_ITEMS = 250  # documents per job handed to a writer process


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    written: int = 0  # documents written or deleted, issue-level entries included


def writer_for(
    ix: FileIndex, timeout: float = 0.0, procs: int = 1, spawn: bool = False, background: bool = False
) -> SegmentWriter:
    """A writer (W3 codec, with the writing patches that are on); raises whoosh.index.LockError
    when another writer holds the lock.

    With `procs` > 1, Whoosh's MpWriter: that many processes each analyse and write one segment,
    forked, or with `spawn` started afresh (safe in a process that runs threads); `background`
    spawns them at a lower priority (a build beside the library's parsing).
    """
    options = {"timeout": timeout, "limitmb": LIMIT_MB, **engine_patches.writer_options()}
    if procs > 1:
        options.update(procs=procs, multisegment=True, batchsize=BATCH_ITEMS)
        if background:
            return engine_patches.BackgroundMpWriter(ix, **options)
        mp_writer = engine_patches.SpawnedMpWriter if spawn else engine_patches.CheckedMpWriter
        return mp_writer(ix, **options)
    return engine_patches.new_writer(ix, **options)


def create_index(folder: Path) -> FileIndex:
    folder.mkdir(parents=True, exist_ok=True)
    return FileStorage(str(folder)).create_index(build_schema())


def commit(
    writer: SegmentWriter, units: int, done: int, progress: Progress | None, total: int, **options
) -> None:
    """Commit, mapping the postings written onto progress units [done, done + units]."""
    if progress and units:
        engine_patches.follow_commit(writer, lambda fraction: progress(done + int(units * fraction), total))
    writer.commit(**options)


def apply_changes(
    ix: FileIndex,
    changed: dict[str, list[Issue]],
    removed: list[str],
    progress: Progress | None = None,
    timeout: float = 0.0,
) -> Counts:
    """Re-index the documents of `changed` files (path -> its issues, none when it has no items
    now) and drop those of `removed` files. Unchanged documents (same fingerprint) are not
    rewritten. Counts are of items (issue-level entries are kept current, not counted).
    Raises whoosh.index.LockError when another process holds the write lock.
    """
    counts = Counts()
    writer = writer_for(ix, timeout)
    total = 2 * max(1, sum(len(issue.items) for issues in changed.values() for issue in issues))
    try:
        with writer.searcher() as searcher:
            for path in removed:
                stored = searcher.documents(source=source_key(path))
                counts.removed += sum(fields.get("kind") == ITEM for fields in stored)
                counts.written += writer.delete_by_term("source", source_key(path), searcher=searcher)
            done = 0
            for path, issues in changed.items():
                old = {
                    fields["key"]: (fields.get("fingerprint"), fields.get("kind"))
                    for fields in searcher.documents(source=source_key(path))
                }
                for issue in issues:
                    for doc in documents(issue):
                        previous, _ = old.pop(doc["key"], (None, None))
                        item = doc["kind"] == ITEM
                        if previous == doc["fingerprint"]:
                            counts.unchanged += item
                        else:
                            writer.update_document(**doc)
                            counts.written += 1
                            counts.updated += item and previous is not None
                            counts.added += item and previous is None
                        done += item
                for key, (_, kind) in old.items():
                    counts.written += writer.delete_by_term("key", key, searcher=searcher)
                    counts.removed += kind == ITEM
                if progress:
                    progress(done, total)
    except BaseException:
        writer.cancel()
        raise
    if counts.written:
        commit(writer, total // 2, total // 2, progress, total)
        if progress:
            progress(total, total)
    else:
        writer.cancel()
    return counts

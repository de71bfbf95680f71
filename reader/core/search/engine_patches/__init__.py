"""Every use of Whoosh's private internals (whoosh-reloaded 2.7.5, pinned), and nowhere else.

Each patch in PATCHES says why it exists and which internals it needs; the rest of the package
uses Whoosh's public API only. tests/core/test_search_engine_contract.py fails with the patch's
name when Whoosh's internals differ from what it expects. At run time a patch whose internals are
missing is off and the public path runs instead (slower, never wrong). For benchmarks and tests,
DIGESTS_SEARCH_PATCHES_OFF="name,name" or `turned_off(...)` switches patches off.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module

from whoosh.codec import whoosh3
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

OFF_VARIABLE = "DIGESTS_SEARCH_PATCHES_OFF"


@dataclass(frozen=True)
class Patch:
    """One patch: why, the benchmark its gain shows in ("build", "query"; "" for a patch that makes
    something safe or visible rather than fast), and what it needs of Whoosh: "module:Class name
    name…" for class attributes (checked at run time), "Class name…" for attributes of live
    objects (checked by the contract test)."""

    why: str
    measured_by: str
    needs: tuple[str, ...]
    instance_needs: tuple[str, ...] = ()

    def classes(self) -> Iterator[tuple[str, str, list[str]]]:
        """(module, class, names) of each class-level need."""
        for need in self.needs:
            where, *names = need.split()
            module, _, owner = where.partition(":")
            yield module, owner, names

    def instances(self) -> Iterator[tuple[str, list[str]]]:
        """(class, names) of each need on live objects."""
        for need in self.instance_needs:
            owner, *names = need.split()
            yield owner, names


W3 = "whoosh.codec.whoosh3"
PATCHES: dict[str, Patch] = {
    "inline_terms": Patch(
        "rare terms stored inside the term table: W3's own inline path fails (set_inline typo)",
        "build",
        (
            f"{W3}:W3PostingsWriter finish_postings written _write_block",
            f"{W3}:W3TermInfo add_block set_inlined set_extent",
        ),
        ("W3PostingsWriter _terminfo _ids _weights _values _inlinelimit _startoffset _postfile",),
    ),
    "lengths_once": Patch(
        "field lengths read once per field, not once per posting, while a commit writes postings",
        "build",
        (f"{W3}:W3FieldWriter start_field start_term finish_term finish_field add_postings",),
        ("W3FieldWriter _postwriter",),
    ),
    "mmap_views": Patch(
        "segment parts read through views of the mmap: Whoosh's BufferFile copies each part",
        "query",
        ("whoosh.filedb.compound:CompoundStorage open_file",),
    ),
    "parallel_build": Patch(
        "one writer process per CPU, which may die or run beside threads without hanging the build",
        "build",
        ("whoosh.multiproc:MpWriter _new_task commit cancel", "multiprocessing.context:SpawnProcess _Popen"),
        ("MpWriter jobqueue resultqueue tasks storage indexname subargs multisegment procs is_closed",),
    ),
    "term_pool": Patch(
        "postings kept by field and written a term at a time: Whoosh sorts every posting as a "
        "tuple and writes them one call each (the same bytes, a third less CPU per posting)",
        "build",
        (
            "whoosh.writing:SegmentWriter add_document _flush_segment",
            "whoosh.writing:PostingPool add iter_postings cleanup",
            "whoosh.multiproc:SubWriterTask run _process_file",
            f"{W3}:W3PostingsWriter add_posting _mini_ids _mini_weights _mini_values",
            f"{W3}:W3TermInfo to_bytes",
            "whoosh.filedb.filetables:OrderedHashWriter add",
        ),
        (
            "SegmentWriter perdocwriter fieldwriter codec schema newsegment _tempstorage",
            "W3FieldWriter _postfile _tindex _fieldid _codec",
        ),
    ),
    "term_table": Patch(
        "the term table written a term per write and a hash table per write (with lengths_once): "
        "Whoosh's writer makes three calls per term and one per hash-table slot (the same bytes)",
        "build",
        ("whoosh.filedb.filetables:OrderedHashWriter add _write_hashes _write_extras",),
        ("OrderedHashWriter dbfile hashtype lastkey buckets directory index",),
    ),
    "commit_progress": Patch(
        "a progress bar that moves while a commit writes postings",
        "",
        ("whoosh.writing:SegmentWriter commit",),
        ("SegmentWriter pool fieldwriter", "PostingPool current"),
    ),
}


def _switched_off() -> set[str]:
    return {name.strip() for name in os.environ.get(OFF_VARIABLE, "").split(",") if name.strip()}


_OFF: set[str] = _switched_off()
_BROKEN: dict[str, bool] = {}


def missing_names(name: str) -> list[str]:
    """The class-level names patch `name` needs that Whoosh lacks ([] when all are there)."""
    missing = []
    for module, owner_name, names in PATCHES[name].classes():
        try:
            owner = getattr(import_module(module), owner_name)
        except (ImportError, AttributeError):
            missing.append(f"{module}.{owner_name}")
            continue
        missing += [f"{module}.{owner_name}.{n}" for n in names if not hasattr(owner, n)]
    return missing


def enabled(name: str) -> bool:
    """True when patch `name` is on: not switched off, and Whoosh has what it needs."""
    if name in _OFF:
        return False
    if name not in _BROKEN:
        _BROKEN[name] = bool(missing_names(name))
    return not _BROKEN[name]


@contextmanager
def turned_off(*names: str) -> Iterator[None]:
    """Switch patches off for a while (benchmarks and tests)."""
    unknown = set(names) - set(PATCHES)
    if unknown:
        raise KeyError(f"no such patch: {sorted(unknown)}")
    added = set(names) - _OFF
    _OFF.update(added)
    try:
        yield
    finally:
        _OFF.difference_update(added)


# -- what the rest of the package calls --------------------------------------------------------------

from reader.core.search.engine_patches import term_pool  # noqa: E402
from reader.core.search.engine_patches.codec import (  # noqa: E402
    BLOCK_LIMIT,
    COMPRESSION,
    ReaderCodec,
    ReaderFieldWriter,
)
from reader.core.search.engine_patches.processes import (  # noqa: E402
    BackgroundMpWriter,
    CheckedMpWriter,
    SpawnedMpWriter,
)
from reader.core.search.engine_patches.term_pool import TermPool, TermPoolWriter  # noqa: E402
from reader.core.search.engine_patches.views import ViewFile  # noqa: E402

__all__ = [
    "PATCHES",
    "BackgroundMpWriter",
    "CheckedMpWriter",
    "SpawnedMpWriter",
    "ViewFile",
    "enabled",
    "follow_commit",
    "missing_names",
    "new_writer",
    "prepare_reading",
    "turned_off",
    "writer_options",
]


def writer_options() -> dict:
    """The codec for a Whoosh writer: W3 itself unless a writing patch is on. Rare terms are
    inlined only with term_pool: merging a segment, Whoosh's own pool rejects the '' that W3's
    reader gives as the value of an inlined posting without one (an ID field's)."""
    inline = enabled("inline_terms") and enabled("term_pool")
    lengths = enabled("lengths_once")
    if inline or lengths:
        return {"codec": ReaderCodec(inline, lengths)}
    return {"codec": whoosh3.W3Codec(blocklimit=BLOCK_LIMIT, compression=COMPRESSION)}


def new_writer(ix, **options):
    """A writer of one process on `ix`: Whoosh's, or with term_pool on, ours."""
    if term_pool.chosen_for(ix.schema):
        return TermPoolWriter(ix, **options)
    return ix.writer(**options)


def follow_commit(writer, report) -> None:
    """Call report(fraction) while `writer`'s commit writes its postings (when patched)."""
    fieldwriter = getattr(writer, "fieldwriter", None)
    if not enabled("commit_progress") or not isinstance(fieldwriter, ReaderFieldWriter):
        return
    pool = writer.pool
    total = pool.count if isinstance(pool, TermPool) else len(pool.current)

    def written(count: int) -> None:
        if total:
            report(min(1.0, count / total))

    fieldwriter.on_postings = written


def prepare_reading() -> None:
    """Before opening a searcher: compound segment parts become views (or Whoosh's copies)."""
    compound.BufferFile = ViewFile if enabled("mmap_views") else BufferFile

"""Every use of Whoosh's private internals (whoosh-reloaded 2.7.5, pinned), and nowhere else.

Each patch in PATCHES says why it exists and which internals it needs; the rest of the package
uses Whoosh's public API only. tests/core/test_search_engine_contract.py fails with the patch's
name when Whoosh's internals differ from what it expects. At run time a patch whose internals are
missing is off and the public path runs instead (slower, never wrong). For benchmarks and tests,
DIGESTS_SEARCH_PATCHES_OFF="name,name" or `turned_off(...)` switches patches off.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from multiprocessing.context import SpawnProcess
from typing import Any

from whoosh.codec import whoosh3
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile
from whoosh.multiproc import MpWriter, SubWriterTask

from reader.core.processes import start_resource_tracker
from reader.core.search.read.memory_file import MemoryViewReader
from reader.core.search.write.processes import CheckedQueue, exit_with_parent

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


# -- writing: the codec --------------------------------------------------------------------------

INLINE_LIMIT = 4  # terms with fewer postings are stored inline
COMPRESSION = 1  # zlib level (public W3Codec option)
BLOCK_LIMIT = 128
PROGRESS_EVERY = 20_000  # postings between progress reports


class InliningPostingsWriter(whoosh3.W3PostingsWriter):
    """W3's postings writer whose inline path works (W3 calls a `set_inline` that does not exist)."""

    _terminfo: Any

    def finish_postings(self):
        terminfo = self._terminfo
        if not self.written() and len(self) < self._inlinelimit:
            terminfo.add_block(self)
            terminfo.set_inlined(self._ids, self._weights, self._values)
        else:
            if self._ids:
                self._write_block(last=True)
            start = self._startoffset
            terminfo.set_extent(start, self._postfile.tell() - start)
        self._terminfo = None
        return terminfo


class ReaderFieldWriter(whoosh3.W3FieldWriter):
    on_postings: Callable[[int], None] | None = None  # callback(count) while writing, for progress bars

    def add_postings(self, schema, lengths, items):
        """Whoosh's FieldWriter.add_postings with each field's lengths read up front."""
        report, count = self.on_postings, 0
        last_field = last_text = None
        table: list[int] | None = None
        add: Any = None
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != last_field:
                if last_text is not None:
                    self.finish_term()
                if last_field is not None:
                    self.finish_field()
                fieldobj = schema[fieldname]
                self.start_field(fieldname, fieldobj)
                last_field, last_text = fieldname, None
                table = _lengths_of(lengths, fieldname) if lengths and fieldobj.scorable else None
                add = self._postwriter.add_posting
            if docnum == -1:  # Whoosh's marker for spelling-only words; we have none
                continue
            if btext != last_text:
                if last_text is not None:
                    self.finish_term()
                self.start_term(btext)
                last_text = btext
            add(docnum, weight, value or b"", table[docnum] if table is not None else 0)
            count += 1
            if report is not None and count % PROGRESS_EVERY == 0:
                report(count)
        if last_text is not None:
            self.finish_term()
        if last_field is not None:
            self.finish_field()


def _lengths_of(lengths, fieldname: str) -> list[int]:
    length = lengths.doc_field_length
    return [length(docnum, fieldname) or 0 for docnum in range(lengths.doc_count_all())]


class ReaderCodec(whoosh3.W3Codec):
    """W3 (same files, read by W3's reader) with the writing patches that are on."""

    def __init__(self, inline: bool, lengths: bool) -> None:
        self.inline, self.lengths = inline, lengths
        super().__init__(
            blocklimit=BLOCK_LIMIT, compression=COMPRESSION, inlinelimit=INLINE_LIMIT if inline else 1
        )

    def field_writer(self, storage, segment):
        if self.lengths:
            return ReaderFieldWriter(self, storage, segment)
        return super().field_writer(storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if not self.inline:
            return super().postings_writer(dbfile, byteids)
        return InliningPostingsWriter(
            dbfile, blocklimit=BLOCK_LIMIT, byteids=byteids, compression=COMPRESSION, inlinelimit=INLINE_LIMIT
        )


def writer_options() -> dict:
    """The codec for a Whoosh writer: W3 itself unless a writing patch is on."""
    inline, lengths = enabled("inline_terms"), enabled("lengths_once")
    if inline or lengths:
        return {"codec": ReaderCodec(inline, lengths)}
    return {"codec": whoosh3.W3Codec(blocklimit=BLOCK_LIMIT, compression=COMPRESSION)}


def follow_commit(writer, report) -> None:
    """Call report(fraction) while `writer`'s commit writes its postings (when patched)."""
    fieldwriter = getattr(writer, "fieldwriter", None)
    if not enabled("commit_progress") or not isinstance(fieldwriter, ReaderFieldWriter):
        return
    pool = writer.pool

    def written(count: int) -> None:
        if pool.current:
            report(min(1.0, count / len(pool.current)))

    fieldwriter.on_postings = written


# -- reading: segment files in place ----------------------------------------------------------------


class ViewFile(BufferFile):
    """Whoosh's BufferFile reading through the memoryview instead of a BytesIO copy of it."""

    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)  # an empty BytesIO: nothing copied
        self._buf = buf
        self.file = MemoryViewReader(buf)


def prepare_reading() -> None:
    """Before opening a searcher: compound segment parts become views (or Whoosh's copies)."""
    compound.BufferFile = ViewFile if enabled("mmap_views") else BufferFile


# -- writing: one writer process per CPU -------------------------------------------------------------

_SPAWN = multiprocessing.get_context("spawn")
FINISH_WAIT = 300.0  # seconds a writer process may take to write its segment at commit (healthy: a few)


class QuietSubWriter(SubWriterTask):
    """A writer process that stays off the terminal, ends with its parent, and is waited for at
    most FINISH_WAIT at commit (its segment is then missing, which the build detects). With a
    `niceness`, it yields the CPUs to the rest (parsing while the library loads, the app)."""

    niceness = 0

    def start(self) -> None:
        self.parent_pid = os.getpid()
        super().start()

    def join(self, timeout: float | None = None) -> None:
        super().join(FINISH_WAIT if timeout is None else timeout)

    def run(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        threading.Thread(target=exit_with_parent, args=(self.parent_pid,), daemon=True).start()
        if self.niceness:
            try:
                os.nice(self.niceness)
            except OSError:
                pass
        super().run()


class SpawnedSubWriter(QuietSubWriter):
    _Popen = staticmethod(SpawnProcess._Popen)  # spawn, not fork: safe in a process running threads


class CheckedMpWriter(MpWriter):
    """Whoosh's MpWriter whose lost processes raise LostSegment instead of hanging the build."""

    task_class: type[SubWriterTask] = QuietSubWriter
    daemon = False

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self._jobs, self.resultqueue = self._queues()  # what the processes read and write
        self.jobqueue = CheckedQueue(self._jobs, self.tasks)  # what MpWriter writes to

    def _queues(self) -> tuple:
        return self.jobqueue, self.resultqueue

    def _new_task(self) -> SubWriterTask:
        task = self.task_class(
            self.storage, self.indexname, self._jobs, self.resultqueue, self.subargs, self.multisegment
        )
        task.daemon = self.daemon
        self.tasks.append(task)
        task.start()
        return task

    def commit(self, *args, **kwargs) -> None:
        try:
            super().commit(*args, **kwargs)
        finally:
            self.stop_tasks()

    def cancel(self) -> None:
        try:
            if not self.is_closed:  # a failed commit may have closed it already
                super().cancel()
        finally:
            self.stop_tasks()

    def stop_tasks(self) -> None:
        for task in self.tasks:
            if task.is_alive():
                task.kill()  # SIGKILL: also ends a stopped or hung process
                task.join(1)


class SpawnedMpWriter(CheckedMpWriter):
    """The same, its processes spawned (daemons: a build abandoned on quit never delays the exit)."""

    task_class = SpawnedSubWriter
    daemon = True

    def _queues(self) -> tuple:
        # MpWriter's queues are the default (fork) kind, whose semaphores a spawned child cannot open.
        start_resource_tracker()
        return _SPAWN.Queue(self.procs * 4), _SPAWN.Queue()


class BackgroundSubWriter(SpawnedSubWriter):
    niceness = 10


class BackgroundMpWriter(SpawnedMpWriter):
    """Spawned writer processes at a lower priority: a build that runs while the library loads
    leaves the CPUs to parsing first."""

    task_class = BackgroundSubWriter

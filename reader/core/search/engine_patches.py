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
import queue
import threading
import time
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from itertools import accumulate
from multiprocessing.context import SpawnProcess
from typing import Any

from whoosh.codec import whoosh3
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile
from whoosh.matching.wrappers import FilterMatcher
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import PostingPool

from reader.core.processes import start_resource_tracker

OFF_VARIABLE = "DIGESTS_SEARCH_PATCHES_OFF"


@dataclass(frozen=True)
class Patch:
    why: str
    measured_by: str  # "build" or "query": the benchmark its gain shows in; "" for a safety patch
    needs: tuple[tuple[str, tuple[str, ...]], ...]  # (module:Class, names the class must have)
    instance_needs: tuple[tuple[str, tuple[str, ...]], ...] = ()  # checked on live objects by the test


PATCHES: dict[str, Patch] = {
    "inline_terms": Patch(
        "rare terms stored inside the term table: W3's own inline path fails (set_inline typo)",
        "build",
        (
            ("whoosh.codec.whoosh3:W3PostingsWriter", ("finish_postings", "written", "_write_block")),
            ("whoosh.codec.whoosh3:W3TermInfo", ("add_block", "set_inlined", "set_extent")),
        ),
        (
            (
                "W3PostingsWriter",
                ("_terminfo", "_ids", "_weights", "_values", "_inlinelimit", "_startoffset", "_postfile"),
            ),
        ),
    ),
    "unchecked_postings": Patch(
        "W3's add_posting without its four type assertions per posting",
        "build",
        (("whoosh.codec.whoosh3:W3PostingsWriter", ("add_posting", "_write_block")),),
        (
            (
                "W3PostingsWriter",
                ("_ids", "_weights", "_values", "_blocklimit", "_maxweight", "_minlength", "_maxlength"),
            ),
        ),
    ),
    "lengths_once": Patch(
        "field lengths read once per field, not once per posting, while a commit writes postings",
        "build",
        (
            (
                "whoosh.codec.whoosh3:W3FieldWriter",
                ("start_field", "start_term", "finish_term", "finish_field", "add_postings"),
            ),
        ),
        (("W3FieldWriter", ("_postwriter",)),),
    ),
    "lean_pool": Patch(
        "the posting pool's add without its per-call checks (same size estimate)",
        "build",
        (("whoosh.writing:PostingPool", ("add", "save")),),
        (("PostingPool", ("currentsize", "limit", "current")),),
    ),
    "mmap_views": Patch(
        "segment parts read through views of the mmap: Whoosh's BufferFile copies each part",
        "query",
        (("whoosh.filedb.compound:CompoundStorage", ("open_file",)),),
    ),
    "block_postings": Patch(
        "prefix unions read postings a block at a time (W3's matcher decodes one by one)",
        "query",
        (("whoosh.codec.whoosh3:W3LeafMatcher", ("_read_data", "_read_weights", "_next_block")),),
        (("W3LeafMatcher", ("_data", "_weights", "_byteids")), ("FilterMatcher", ("_exclude", "_ids"))),
    ),
    "parallel_build": Patch(
        "one writer process per CPU that can die or run beside threads without hanging the build",
        "build",
        (
            ("whoosh.multiproc:MpWriter", ("_new_task", "commit", "cancel")),
            ("multiprocessing.context:SpawnProcess", ("_Popen",)),
        ),
        (
            (
                "MpWriter",
                (
                    "jobqueue",
                    "resultqueue",
                    "tasks",
                    "storage",
                    "indexname",
                    "subargs",
                    "multisegment",
                    "procs",
                    "is_closed",
                ),
            ),
        ),
    ),
    "commit_progress": Patch(
        "a progress bar that moves while a commit writes postings",
        "",
        (("whoosh.writing:SegmentWriter", ("commit",)),),
        (("SegmentWriter", ("pool", "fieldwriter")), ("PostingPool", ("current",))),
    ),
}


def _switched_off() -> set[str]:
    return {name.strip() for name in os.environ.get(OFF_VARIABLE, "").split(",") if name.strip()}


_OFF: set[str] = _switched_off()
_BROKEN: dict[str, bool] = {}


def missing_names(name: str) -> list[str]:
    """The class-level names patch `name` needs that Whoosh lacks ([] when all are there)."""
    missing = []
    for where, names in PATCHES[name].needs:
        module, _, attribute = where.partition(":")
        try:
            owner = getattr(import_module(module), attribute)
        except (ImportError, AttributeError):
            missing.append(where)
            continue
        missing += [f"{where}.{n}" for n in names if not hasattr(owner, n)]
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


class ReaderPostingsWriter(whoosh3.W3PostingsWriter):
    _maxweight: float
    _minlength: int | None
    _maxlength: int
    _terminfo: Any

    def __init__(self, *args, unchecked: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if unchecked:
            self.add_posting = self._add_posting_unchecked

    def _add_posting_unchecked(self, id_, weight, vbytes, length=None):
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def finish_postings(self):
        if self._inlinelimit <= 1:
            return super().finish_postings()
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


class LeanPool(PostingPool):
    def add(self, item):
        self.currentsize += 150 + len(item[1]) * 2 + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)


class ReaderCodec(whoosh3.W3Codec):
    """W3 (same files, read by W3's reader) with the enabled writing patches."""

    def __init__(self, inline: bool, unchecked: bool, lengths: bool) -> None:
        self.inline, self.unchecked, self.lengths = inline, unchecked, lengths
        self.inlinelimit = INLINE_LIMIT if inline else 1
        super().__init__(blocklimit=BLOCK_LIMIT, compression=COMPRESSION, inlinelimit=self.inlinelimit)

    def field_writer(self, storage, segment):
        if self.lengths:
            return ReaderFieldWriter(self, storage, segment)
        return super().field_writer(storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return ReaderPostingsWriter(
            dbfile,
            blocklimit=BLOCK_LIMIT,
            byteids=byteids,
            compression=COMPRESSION,
            inlinelimit=self.inlinelimit,
            unchecked=self.unchecked,
        )


def writer_options() -> dict:
    """Codec and pool options for a Whoosh writer: public W3 unless a writing patch is on."""
    inline, unchecked, lengths = (enabled(n) for n in ("inline_terms", "unchecked_postings", "lengths_once"))
    codec = ReaderCodec(inline, unchecked, lengths) if inline or unchecked or lengths else None
    options: dict = {"codec": codec or whoosh3.W3Codec(compression=COMPRESSION)}
    if enabled("lean_pool"):
        options["poolclass"] = LeanPool
    return options


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


class MemoryViewReader:
    """A read-only, seekable file over a memoryview (what BytesIO offers, without the copy)."""

    __slots__ = ("_pos", "_view", "closed")

    def __init__(self, view) -> None:
        self._view = memoryview(view).cast("B")
        self._pos = 0
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        pos = self._pos
        end = len(self._view) if size is None or size < 0 else min(pos + size, len(self._view))
        if end <= pos:
            return b""
        self._pos = end
        return self._view[pos:end].tobytes()

    def readinto(self, buffer) -> int:
        data = self.read(len(memoryview(buffer)))
        memoryview(buffer).cast("B")[: len(data)] = data
        return len(data)

    def readline(self, size: int = -1) -> bytes:
        view, pos = self._view, self._pos
        limit = len(view) if size is None or size < 0 else min(len(view), pos + size)
        end = pos
        while end < limit:  # lines are only read by pickle, which reads short ones
            end += 1
            if view[end - 1] == 10:
                break
        self._pos = end
        return view[pos:end].tobytes()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: len(self._view)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self.closed = True
        self._view = memoryview(b"")


class ViewFile(BufferFile):
    """Whoosh's BufferFile reading through the memoryview instead of a BytesIO copy of it."""

    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)  # an empty BytesIO: nothing copied
        self._buf = buf
        self.file = MemoryViewReader(buf)


def prepare_reading() -> None:
    """Before opening a searcher: compound segment parts become views (or Whoosh's copies)."""
    compound.BufferFile = ViewFile if enabled("mmap_views") else BufferFile


def read_postings(matcher) -> tuple[array, array]:
    """All (document numbers, weights) of a term matcher, deleted documents left out; a block
    at a time when patched, else one posting at a time through the public matcher API."""
    ids, weights = array("l"), array("f")
    deleted = None
    block = enabled("block_postings")
    if block and isinstance(matcher, FilterMatcher) and matcher._exclude and matcher.boost == 1.0:
        matcher, deleted = matcher.child, matcher._ids
    if block and isinstance(matcher, whoosh3.W3LeafMatcher) and not matcher._byteids:
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            ids.extend(accumulate(matcher._data[0]))  # delta-coded within the block
            if matcher._weights is None:
                matcher._read_weights()
            weights.extend(matcher._weights)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    if deleted:
        kept = [at for at, docnum in enumerate(ids) if docnum not in deleted]
        ids, weights = array("l", (ids[at] for at in kept)), array("f", (weights[at] for at in kept))
    return ids, weights


# -- writing: one writer process per CPU -------------------------------------------------------------

_SPAWN = multiprocessing.get_context("spawn")
PUT_WAIT = 0.2  # seconds between checks that the writer processes are alive, while the queue is full
FINISH_WAIT = 300.0  # seconds a writer process may take to write its segment at commit (healthy: a few)
PARENT_CHECK = 0.5  # seconds between a writer process's checks that its parent still lives


class LostSegment(Exception):
    """A writer process did not deliver its segment."""


def _exit_with_parent(parent: int) -> None:
    """In a writer process: end it as soon as the process that started it is gone."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(1)


class QuietSubWriter(SubWriterTask):
    """A writer process that stays off the terminal, ends with its parent, and is waited for at
    most FINISH_WAIT at commit (its segment is then missing, which the build detects)."""

    def start(self) -> None:
        self.parent_pid = os.getpid()
        super().start()

    def join(self, timeout: float | None = None) -> None:
        super().join(FINISH_WAIT if timeout is None else timeout)

    def run(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        threading.Thread(target=_exit_with_parent, args=(self.parent_pid,), daemon=True).start()
        super().run()


class SpawnedSubWriter(QuietSubWriter):
    _Popen = staticmethod(SpawnProcess._Popen)  # spawn, not fork: safe in a process running threads


class _CheckedQueue:
    """The parent's side of the job queue: `put` gives up when a writer process has died."""

    def __init__(self, jobs, tasks: list) -> None:
        self.jobs, self.tasks = jobs, tasks

    def put(self, item) -> None:
        while True:
            codes = [task.exitcode for task in self.tasks]
            lost = [code for code in codes if code not in (None, 0)]
            if lost:
                raise LostSegment(f"a writer process ended with exit code {lost[0]}")
            if codes and None not in codes:  # all ended, none to read the queue (not a healthy build)
                raise LostSegment("every writer process ended before its work was done")
            try:
                self.jobs.put(item, timeout=PUT_WAIT)
                return
            except queue.Full:
                continue


class CheckedMpWriter(MpWriter):
    """Whoosh's MpWriter whose lost processes raise LostSegment instead of hanging the build."""

    task_class: type[SubWriterTask] = QuietSubWriter
    daemon = False

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self._jobs, self.resultqueue = self._queues()  # what the processes read and write
        self.jobqueue = _CheckedQueue(self._jobs, self.tasks)  # what MpWriter writes to

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

"""The parse cache: each digest file's parsed issues, so unchanged files are not parsed again.

Two files in `locations.parse_cache_dir()`: `parsed.jsonl`, every entry (a header line, then one
line per file), written atomically when a load ends; and `parsed.journal`, one line appended per
file parsed since, so a load that is interrupted (quit, killed, crashed) keeps what it parsed and
the next start resumes from there. Loading reads both; saving folds the journal into
`parsed.jsonl` and removes it. Both are read and written a line at a time.

Each entry is keyed by the file's absolute path and holds its size, mtime and content hash (the
`file_states.FileState` the index manifest records too); the whole cache is tied to
`PARSER_VERSION` and the model's fields. A lookup trusts an unchanged size and mtime; when either
changed (or the file was written so recently that its mtime cannot be trusted) it hashes the
content, once per run, and reuses the entry when that still matches. Issues are stored as plain
arrays. A corrupt or outdated cache is ignored and rebuilt; it never stops the library loading.
"""

from __future__ import annotations

import json
import os
import re
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from reader.core.file_states import FileState, FileStates, key_of
from reader.core.gc_pause import gc_paused
from reader.core.locations import parse_cache_dir
from reader.core.model import Issue, Item, Link
from reader.core.parser_version import PARSER_VERSION
from reader.core.regular_files import read_regular
from reader.core.storage import StorageError, atomic_write_chunks

CACHE_VERSION = 2  # 2: content hashes shared with the index manifest (blake2b-128)
CACHE_NAME = "parsed.jsonl"
LEGACY_NAME = "parsed.json"  # version 1, one JSON document: removed at the first save
JOURNAL_NAME = "parsed.journal"
# A file modified this close to the moment it was cached may change again within the same mtime tick.
RACY_NS = 2_000_000_000
MAX_CACHE_BYTES = 2**31  # the cache of a 20k-item library is about 27 MB
MAX_KEY_BYTES = 1 << 16  # a file path as JSON: the tab after it is looked for in this many bytes

_ISSUE_FIELDS = tuple(f.name for f in fields(Issue))
_ITEM_FIELDS = tuple(f.name for f in fields(Item))
_LINK_FIELDS = tuple(f.name for f in fields(Link))


_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class Parsed:
    """What parsing one file gave: its issues (none when it was skipped), its warnings, and the
    state of the file that was read (None when it could not be read)."""

    issues: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: bool = False
    cacheable: bool = True  # False when parsing failed for a reason a retry might not meet
    state: FileState | None = None


def _encode_links(links: list[Link]) -> list[list[str]]:
    return [[getattr(link, name) for name in _LINK_FIELDS] for link in links]


def _encode(obj: Any, names: tuple[str, ...]) -> list[Any]:
    values = [getattr(obj, name) for name in names]
    for index, name in enumerate(names):
        if name == "links":
            values[index] = _encode_links(values[index])
        elif name == "items":
            values[index] = [_encode(item, _ITEM_FIELDS) for item in values[index]]
    return values


_ISSUE_LINKS = _ISSUE_FIELDS.index("links")
_ISSUE_ITEMS = _ISSUE_FIELDS.index("items")
_ITEM_LINKS = _ITEM_FIELDS.index("links")


_SHARED = [_ITEM_FIELDS.index(name) for name in ("section", "author", "issue_id", "date")]


def _decode_issue(stored: list[Any]) -> Issue:
    """An Issue from its stored arrays (copied: the cache keeps them as plain data). The values
    an issue's items repeat (section, author, issue id, date) share one string each."""
    values = list(stored)
    values[_ISSUE_LINKS] = [Link(*link) for link in values[_ISSUE_LINKS]]
    items = []
    shared: dict[str, str] = {}
    for stored_item in values[_ISSUE_ITEMS]:
        item = list(stored_item)
        item[_ITEM_LINKS] = [Link(*link) for link in item[_ITEM_LINKS]]
        for index in _SHARED:
            if isinstance(value := item[index], str):
                item[index] = shared.setdefault(value, value)
        items.append(Item(*item))
    values[_ISSUE_ITEMS] = items
    return Issue(*values)


def decode_entry(entry: list[Any]) -> Parsed:
    """The Parsed of a cache entry; ValueError (or TypeError...) for a damaged one."""
    size, mtime_ns, digest, _checked_ns, issues, warnings, skipped = entry
    state = FileState(int(size), int(mtime_ns), str(digest))
    return Parsed([_decode_issue(i) for i in issues], list(warnings), bool(skipped), state=state)


DAMAGED = (ValueError, TypeError, IndexError, KeyError, AttributeError)


class ParseCache:
    """Per-file parse results on disk. `load`, then `lookup`/`store` per file, then `save`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or parse_cache_dir() / CACHE_NAME
        self.journal = self.path.with_name(JOURNAL_NAME)
        # Each file's entry: a view of its line as read (decoded only when looked up; all of them
        # views of one buffer, freed at once), or a list once decoded.
        self.entries: dict[str, memoryview | list[Any]] = {}
        self.dirty = False
        self.failure: str | None = None  # why the journal could not be written
        self._touched: set[str] = set()
        self._loaded_stamp: tuple[int, int] | None = None
        self._tag = ""
        self._journal_size = 0

    def schema(self) -> list[Any]:
        return [PARSER_VERSION, list(_ISSUE_FIELDS), list(_ITEM_FIELDS), list(_LINK_FIELDS)]

    def load(self) -> None:
        """Read the cache file and its journal; anything unreadable or outdated just means
        starting empty (or from the entries that are readable)."""
        schema = self.schema()
        self._tag = f"{CACHE_VERSION}:{zlib.crc32(json.dumps(schema).encode()):08x}"
        with gc_paused():
            self.entries = self._read(schema)
            journaled = self._read_journal()
        self.entries.update(journaled)
        self.dirty = bool(journaled)  # saving folds the journal in
        self._journal_size = self._journal_stamp()
        self._loaded_stamp = self._stamp()

    def _journal_stamp(self) -> int:
        """The journal's size: when it is what this process read and appended, nobody else wrote."""
        try:
            return self.journal.stat().st_size
        except OSError:
            return 0

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_size, stat.st_mtime_ns

    def _read(self, schema: list[Any]) -> dict[str, memoryview | list[Any]]:
        """The cache file's entries: a header line, then a line per file (its path as JSON, a
        tab, its entry as JSON), each entry left undecoded until it is looked up (decoding a whole
        27 MB document at once left the process ~60 MB bigger for good)."""
        try:
            data = read_regular(self.path, MAX_CACHE_BYTES)
        except OSError:
            return {}
        lines = _lines(memoryview(data))
        try:
            header = json.loads(bytes(next(lines, memoryview(b""))) or b"null")
        except (ValueError, RecursionError):
            return {}
        if (
            not isinstance(header, dict)
            or header.get("version") != CACHE_VERSION
            or header.get("schema") != schema
        ):
            return {}
        entries: dict[str, memoryview | list[Any]] = {}
        for line in lines:
            tab = bytes(line[:MAX_KEY_BYTES]).find(b"\t")
            try:
                key = json.loads(bytes(line[:tab])) if tab > 0 else None
            except (ValueError, RecursionError):
                continue  # a damaged line: that file is parsed again
            if isinstance(key, str):
                entries[key] = line[tab + 1 :]
        return entries

    def _read_journal(self) -> dict[str, memoryview | list[Any]]:
        """Entries appended since the cache file was written (a torn last line is skipped)."""
        try:
            data = read_regular(self.journal, MAX_CACHE_BYTES)
        except OSError:
            return {}
        found: dict[str, memoryview | list[Any]] = {}
        for line in _lines(memoryview(data)):
            try:
                tag, key, entry = json.loads(bytes(line))
            except (ValueError, TypeError, RecursionError):
                continue
            if tag == self._tag and isinstance(key, str) and isinstance(entry, list):
                found[key] = entry
        return found

    def _entry(self, key: str) -> list[Any] | None:
        """The decoded entry of `key` (None when there is none; DAMAGED errors for a bad one)."""
        entry = self.entries.get(key)
        if isinstance(entry, memoryview):
            entry = json.loads(bytes(entry))
            if not isinstance(entry, list):
                raise ValueError("not an entry")
        return entry

    def cached(self, path: Path | str) -> Parsed | None:
        """The entry of `path` as it is, without looking at the file (warm start); None when
        there is none or it is damaged."""
        try:
            entry = self._entry(key_of(path))
            return None if entry is None else decode_entry(entry)
        except (*DAMAGED, RecursionError):
            return None

    def lookup(self, path: Path | str, states: FileStates) -> Parsed | None:
        """The cached parse of `path` when the file is unchanged, else None. Stats the file (once
        per run, through `states`); hashes it only when its size or mtime moved or is too recent
        to trust. The state found is recorded in `states`."""
        key = key_of(path)
        self._touched.add(key)
        st = states.stat(key)
        if key not in self.entries or st is None:
            return None
        try:
            entry = self._entry(key)
            assert entry is not None
            size, mtime_ns, digest, checked_ns, issues, warnings, skipped = entry
            if size == st.st_size and mtime_ns == st.st_mtime_ns and mtime_ns < checked_ns - RACY_NS:
                states.record(key, FileState(size, mtime_ns, digest))
            else:
                current = states.hashed(key)
                if current is None or not digest or current.sha != digest:
                    return None
                self.entries[key] = [current.size, current.mtime_ns, digest, time.time_ns(), *entry[4:]]
                self.dirty = True
            return Parsed(
                [_decode_issue(i) for i in issues], list(warnings), bool(skipped), state=states.state(key)
            )
        except (*DAMAGED, RecursionError):
            del self.entries[key]  # a damaged entry: parse the file again
            self.dirty = True
            return None

    def store(self, path: Path | str, parsed: Parsed) -> None:
        """Remember a fresh parse (its `state` is the file that was read); appended to the journal
        at once. Call before the issues are changed (ids made unique, etc.)."""
        state = parsed.state
        if state is None or not parsed.cacheable:
            return
        issues = [_encode(issue, _ISSUE_FIELDS) for issue in parsed.issues]
        entry = [
            state.size,
            state.mtime_ns,
            state.sha,
            time.time_ns(),
            issues,
            list(parsed.warnings),
            parsed.skipped,
        ]
        key = key_of(path)
        try:
            encoded = _utf8(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))[:-1]
        except (TypeError, ValueError):
            return  # a value plain JSON cannot hold: parse this file again next time, keep caching the rest
        self.entries[key] = memoryview(encoded)  # encoded once: the save writes it as it is
        self._touched.add(key)
        self.dirty = True
        self._append(_utf8(json.dumps([self._tag, key], ensure_ascii=False))[:-2] + b"," + encoded + b"]\n")

    def _append(self, data: bytes) -> None:
        if self.failure:
            return
        try:
            if not self._journal_size:
                self.journal.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(
                self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644
            )
            try:
                os.write(fd, data)  # one write: lines of two processes appending at once stay whole
                self._journal_size += len(data)
            finally:
                os.close(fd)
        except OSError as exc:
            self.failure = f"could not save the parse cache {self.journal}: {exc.strerror or exc}"

    def save(self) -> str | None:
        """Fold the journal into the cache file if anything changed; a warning instead of raising
        when it cannot be saved."""
        if not self.dirty:
            return self.failure
        # Keep what another process cached meanwhile; drop entries of files that are gone.
        schema = self.schema()
        on_disk = self._read(schema) if self._stamp() != self._loaded_stamp else {}
        theirs = self._read_journal() if self._journal_stamp() != self._journal_size else {}
        merged = {**on_disk, **theirs, **self.entries}
        merged = {k: v for k, v in merged.items() if k in self._touched or os.path.exists(k)}
        try:
            atomic_write_chunks(self.path, _encoded(schema, merged))
        except (StorageError, TypeError, ValueError) as exc:
            return f"could not save the parse cache {self.path}: {exc}"
        try:
            self.path.with_name(LEGACY_NAME).unlink(missing_ok=True)
            self.journal.unlink(missing_ok=True)
        except OSError:
            pass  # read again next time: same entries, no harm
        self.dirty = False
        self._loaded_stamp = self._stamp()
        return None


def _lines(data: memoryview) -> Iterator[memoryview]:
    """The non-empty lines of `data`, one at a time (views: nothing copied)."""
    start = 0
    raw = data.obj
    assert isinstance(raw, bytes)
    while start < len(data):
        end = raw.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end > start:
            yield data[start:end]
        start = end + 1


def _encoded(schema: list[Any], entries: dict[str, memoryview | list[Any]]) -> Iterator[bytes]:
    """The cache file, a line at a time (lone surrogates of non-UTF-8 file names as escapes);
    entries never decoded are written back as they were read."""
    yield _utf8(json.dumps({"version": CACHE_VERSION, "schema": schema}))
    for key, entry in entries.items():
        raw = (
            bytes(entry)
            if isinstance(entry, memoryview)
            else _utf8(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        )
        yield _utf8(json.dumps(key, ensure_ascii=False))[:-1] + b"\t" + raw.rstrip(b"\n") + b"\n"


def _utf8(line: str) -> bytes:
    """A line as UTF-8 with its newline; lone surrogates (file names that are not UTF-8) as JSON
    escapes, so the file stays valid UTF-8."""
    try:
        return line.encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", line).encode("utf-8") + b"\n"

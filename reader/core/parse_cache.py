"""The parse cache: each digest file's parsed issues, so unchanged files are not parsed again.

One JSON file in `locations.parse_cache_dir()`. Each entry is keyed by the file's absolute path and
holds its size, mtime and content hash; the whole cache is tied to `PARSER_VERSION` and the model's
fields. A lookup trusts an unchanged size and mtime; when either changed (or the file was written
so recently that its mtime cannot be trusted) it hashes the content and reuses the entry when that
still matches. Issues are stored as plain arrays: loading 20k items takes a few tens of ms.
A corrupt or outdated cache is ignored and rebuilt; it never stops the library from loading.
"""

from __future__ import annotations

import gc
import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from reader.core.locations import parse_cache_dir
from reader.core.model import Issue, Item, Link
from reader.core.parsing import PARSER_VERSION
from reader.core.regular_files import hash_regular, read_regular
from reader.core.storage import StorageError, atomic_write_text

CACHE_VERSION = 1
CACHE_NAME = "parsed.json"
# A file modified this close to the moment it was cached may change again within the same mtime tick.
RACY_NS = 2_000_000_000
HASH_LIMIT = 256 * 2**20
MAX_CACHE_BYTES = 2**31  # the cache of a 20k-item library is about 27 MB

_ISSUE_FIELDS = tuple(f.name for f in fields(Issue))
_ITEM_FIELDS = tuple(f.name for f in fields(Item))
_LINK_FIELDS = tuple(f.name for f in fields(Link))
_SCHEMA = [PARSER_VERSION, list(_ISSUE_FIELDS), list(_ITEM_FIELDS), list(_LINK_FIELDS)]
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class Parsed:
    """What parsing one file gave: its issues (none when it was skipped) and its warnings."""

    issues: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: bool = False
    cacheable: bool = True  # False when parsing failed for a reason a retry might not meet


def file_digest(path: Path) -> str:
    """Content hash of a regular file ('' for one too large to be worth hashing).

    Reads at most HASH_LIMIT bytes whatever the file does; OSError (regular_files.NotReadable)
    for a FIFO, a device or anything else that is not a regular file.
    """
    return hash_regular(path, HASH_LIMIT, digest_size=64)[:32]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Suspend the cyclic garbage collector while building many objects (3-4x faster at 20k items)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


def _decode_issue(stored: list[Any]) -> Issue:
    """An Issue from its stored arrays (copied: the cache keeps them as plain data)."""
    values = list(stored)
    values[_ISSUE_LINKS] = [Link(*link) for link in values[_ISSUE_LINKS]]
    items = []
    for stored_item in values[_ISSUE_ITEMS]:
        item = list(stored_item)
        item[_ITEM_LINKS] = [Link(*link) for link in item[_ITEM_LINKS]]
        items.append(Item(*item))
    values[_ISSUE_ITEMS] = items
    return Issue(*values)


class ParseCache:
    """Per-file parse results on disk. `load`, then `lookup`/`store` per file, then `save`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or parse_cache_dir() / CACHE_NAME
        self.entries: dict[str, list[Any]] = {}
        self.dirty = False
        self._touched: set[str] = set()
        self._loaded_stamp: tuple[int, int] | None = None

    def load(self) -> None:
        """Read the cache file; anything unreadable or outdated just means starting empty."""
        self.entries, self.dirty = self._read(), False
        self._loaded_stamp = self._stamp()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_size, stat.st_mtime_ns

    def _read(self) -> dict[str, list[Any]]:
        try:
            with gc_paused():
                data = json.loads(read_regular(self.path, MAX_CACHE_BYTES).decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return {}
        if (
            not isinstance(data, dict)
            or data.get("version") != CACHE_VERSION
            or data.get("schema") != _SCHEMA
        ):
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def lookup(self, path: Path, stat: os.stat_result) -> tuple[Parsed | None, str | None]:
        """(cached result or None, content hash when it had to be computed)."""
        key = os.path.abspath(path)
        self._touched.add(key)
        entry = self.entries.get(key)
        if entry is None:
            return None, None
        try:
            size, mtime_ns, digest, checked_ns, issues, warnings, skipped = entry
            trusted = (
                size == stat.st_size and mtime_ns == stat.st_mtime_ns and mtime_ns < checked_ns - RACY_NS
            )
            current = None
            if not trusted:
                current = file_digest(path)
                if not digest or current != digest:
                    return None, current
                self.entries[key] = [
                    stat.st_size,
                    stat.st_mtime_ns,
                    digest,
                    time.time_ns(),
                    issues,
                    warnings,
                    skipped,
                ]
                self.dirty = True
            return Parsed([_decode_issue(i) for i in issues], list(warnings), bool(skipped)), current
        except (ValueError, TypeError, IndexError, KeyError, AttributeError):
            del self.entries[key]  # a damaged entry: parse the file again
            self.dirty = True
            return None, None

    def store(self, path: Path, stat: os.stat_result, digest: str, parsed: Parsed) -> None:
        """Remember a fresh parse. Call before the issues are changed (ids made unique, etc.)."""
        issues = [_encode(issue, _ISSUE_FIELDS) for issue in parsed.issues]
        entry = [
            stat.st_size,
            stat.st_mtime_ns,
            digest,
            time.time_ns(),
            issues,
            list(parsed.warnings),
            parsed.skipped,
        ]
        try:
            json.dumps(entry)
        except (TypeError, ValueError):
            return  # a value plain JSON cannot hold: parse this file again next time, keep caching the rest
        key = os.path.abspath(path)
        self.entries[key] = entry
        self._touched.add(key)
        self.dirty = True

    def save(self) -> str | None:
        """Write the cache if it changed; return a warning instead of raising when it cannot be saved."""
        if not self.dirty:
            return None
        # Keep what another process cached meanwhile; drop entries of files that are gone.
        on_disk = self._read() if self._stamp() != self._loaded_stamp else {}
        merged = {**on_disk, **self.entries}
        merged = {k: v for k, v in merged.items() if k in self._touched or os.path.exists(k)}
        data = {"version": CACHE_VERSION, "schema": _SCHEMA, "entries": merged}
        try:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            # Lone surrogates (file names that are not UTF-8) as JSON escapes, so the file is valid UTF-8.
            atomic_write_text(self.path, _SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text))
        except (StorageError, TypeError, ValueError) as exc:
            return f"could not save the parse cache {self.path}: {exc}"
        self.dirty = False
        return None

"""A versioned JSON file that several running Digest Readers share (bookmarks, read state)."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from reader.core.regular_files import read_regular_stat
from reader.core.storage import (
    MAX_FILE_BYTES,
    StorageError,
    VersionedJsonFile,
    file_lock,
    remove_stale_temp_files,
)

T = TypeVar("T")
R = TypeVar("R")
Signature = tuple[int, int, int, int]


def _signature(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class SharedJsonStore(Generic[T]):
    """A versioned JSON file that several processes share: cheap cached reads, locked read-merge-write.

    Subclasses say how the file's object becomes a value (`decode`, raising ValueError when the
    content is invalid) and back (`encode`). Reads never lock: a `stat` tells whether the file
    changed, and unchanged bytes are never parsed twice. A broken file is moved aside under the
    lock (re-checked there, so a peer's fresh good file is never moved). `message` tells the user
    what happened (file moved aside, save failed); `pop_message()` hands it over once.
    """

    kind = "data"

    def __init__(self, path: Path, version: int) -> None:
        self.file = VersionedJsonFile(path, version)
        self.message: str | None = None
        self._signature: Signature | None = None
        self._raw: bytes | None = None
        self._value: T | None = None
        self._guard = threading.RLock()  # the app may save from a worker thread while it draws
        self.current()  # a broken file is dealt with now, so `message` can be shown at once

    @property
    def path(self) -> Path:
        return self.file.path

    def empty(self) -> T:
        raise NotImplementedError

    def decode(self, data: dict[str, Any]) -> T:
        raise NotImplementedError

    def encode(self, value: T) -> dict[str, Any]:
        raise NotImplementedError

    def pop_message(self) -> str | None:
        message, self.message = self.message, None
        return message

    def current(self) -> T:
        """The file's value, re-read only when the file changed (callers must not mutate it): the
        same object while the file is unchanged, or still missing."""
        with self._guard:
            return self._current()

    def _current(self) -> T:
        try:
            signature = _signature(os.stat(self.path))
        except FileNotFoundError:
            if self._signature is None and self._raw is None and self._value is not None:
                return self._value  # still no file: the same empty value (callers' caches key on it)
            return self._remember(None, None, self.empty())
        except OSError:
            return self._reload_locked()
        if signature == self._signature and self._value is not None:
            return self._value
        try:
            raw, signature = self._read()
        except FileNotFoundError:
            return self._remember(None, None, self.empty())
        except OSError:
            return self._reload_locked()
        value = self._accept(raw, signature)
        return self._reload_locked() if value is None else value

    def _read(self) -> tuple[bytes, Signature]:
        raw, st = read_regular_stat(self.path, MAX_FILE_BYTES)  # a FIFO here must not hang the app
        return raw, _signature(st)

    def _accept(self, raw: bytes, signature: Signature) -> T | None:
        """The value for these bytes (no parsing when they are the ones we know); None when invalid."""
        if raw == self._raw and self._value is not None:
            self._signature = signature
            return self._value
        checked = self.file.check(raw)
        if not isinstance(checked, dict):
            return None
        try:
            value = self.decode(checked)
        except ValueError:
            return None
        self.file.blocked = None
        return self._remember(signature, raw, value)

    def _remember(self, signature: Signature | None, raw: bytes | None, value: T) -> T:
        self._signature, self._raw, self._value = signature, raw, value
        return value

    def _forget(self) -> None:
        self._signature = self._raw = self._value = None

    def _reload_locked(self) -> T:
        try:
            with file_lock(self.path):
                return self._load_fresh()
        except StorageError:  # cannot even lock (read-only folder): look without moving anything
            return self._load_fresh()

    def _load_fresh(self) -> T:
        """The value on disk now, moving a broken file aside (call with the lock held)."""
        raw: bytes | None = None
        try:
            raw, signature = self._read()
        except FileNotFoundError:
            self.file.blocked = None
            return self._remember(None, None, self.empty())
        except OSError:
            pass
        else:
            value = self._accept(raw, signature)
            if value is not None:
                return value
        data, message = self.file.load()  # broken or unreadable: moves it aside, or blocks saving
        value = None
        if data is not None:
            try:
                value = self.decode(data)
            except ValueError as exc:
                _, message = self.file.set_aside(f"not a valid {self.kind} file ({exc})")
        if message:
            self.message = message
        if self.file.blocked and raw is not None:  # left in place: remember it, so it is judged once
            return self._remember(signature, raw, self.empty())
        self._forget()
        return self.empty() if value is None else value

    def modify(self, change: Callable[[T], R], unchanged: Callable[[R], bool] | None = None) -> R:
        """Under the lock: load the file afresh, apply `change` (mutating the value), save atomically.

        No write when `unchanged(result)` says `change` changed nothing.
        Raises StorageError (message set, previous file intact) when it cannot be saved.
        """
        try:
            with self._guard, file_lock(self.path):
                value = self._load_fresh()
                if self.file.blocked:
                    raise StorageError(errno.EEXIST, f"not saving: {self.file.blocked}")
                result = change(value)
                if unchanged is not None and unchanged(result):
                    return result
                remove_stale_temp_files(self.path)
                text = self.file.save(self.encode(value))
                try:
                    signature: Signature | None = _signature(os.stat(self.path))
                except OSError:
                    signature = None
                self._remember(signature, text.encode("utf-8"), value)
                return result
        except BaseException as exc:
            self._forget()  # the cached value may hold the unsaved change: read the file again next time
            if isinstance(exc, StorageError):
                self.message = str(exc)
            raise

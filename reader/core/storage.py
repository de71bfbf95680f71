"""Safe persistence: atomic writes and moving a broken file aside, never overwriting it."""

from __future__ import annotations

import errno
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

_WHY = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


class StorageError(OSError):
    """A file could not be saved; the previous version is intact. The message says why."""

    def __str__(self) -> str:
        return str(self.strerror or (self.args[0] if self.args else "could not save"))


def describe_os_error(exc: OSError) -> str:
    """A short human reason for an OSError, also for a bare `OSError(errno.ENOSPC)`."""
    code = (
        exc.errno
        if exc.errno is not None
        else (exc.args[0] if exc.args and isinstance(exc.args[0], int) else None)
    )
    reason = exc.strerror or (os.strerror(code) if code is not None else str(exc) or type(exc).__name__)
    hint = _WHY.get(code) if code is not None else None
    return f"{reason} ({hint})" if hint and hint.lower() != reason.lower() else reason


def storage_error(exc: OSError, what: str) -> StorageError:
    """StorageError 'could not save X: <reason>; the previous version is kept'."""
    code = (
        exc.errno
        if exc.errno is not None
        else (exc.args[0] if exc.args and isinstance(exc.args[0], int) else None)
    )
    return StorageError(
        code, f"could not save {what}: {describe_os_error(exc)}; the previous version is kept"
    )


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` atomically: temp file in the same dir, fsync, `os.replace`.

    On failure (disk full, read-only) the old file is untouched and `StorageError` is raised.
    """
    path = Path(path)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise StorageError(
            errno.EINVAL, f"could not save {path}: the text is not valid Unicode ({exc.reason})"
        ) from exc
    tmp_name: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_dir(path.parent)
    except OSError as exc:
        raise storage_error(exc, str(path)) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def remove_stale_temp_files(path: Path) -> int:
    """Delete temp files a killed writer of `path` left behind. Call only while holding the file's lock."""
    removed = 0
    try:
        leftovers = list(Path(path).parent.glob(f".{Path(path).name}.*.tmp"))
    except OSError:
        return 0
    for leftover in leftovers:
        try:
            leftover.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _compact(value: Any, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only, separators=(", ", ": "))


def dump_json(data: Any) -> str:
    """Readable, diffable JSON that is quick to write: an object's keys one per line, and each
    element of a list value on its own line (one bookmark a line). Text that cannot be UTF-8
    (lone surrogates) is escaped, not lost."""
    try:
        text = _layout(data, ascii_only=False)
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _layout(data, ascii_only=True)
    return text


def _layout(data: Any, ascii_only: bool) -> str:
    if not isinstance(data, dict) or not data:
        return _compact(data, ascii_only) + "\n"
    fields = []
    for key, value in data.items():
        name = _compact(str(key), ascii_only)
        if isinstance(value, list) and value:
            rows = ",\n".join("    " + _compact(element, ascii_only) for element in value)
            fields.append(f"  {name}: [\n{rows}\n  ]")
        else:
            fields.append(f"  {name}: {_compact(value, ascii_only)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_text(path, dump_json(data))


def move_aside(path: Path, label: str = "corrupt") -> Path:
    """Rename a broken file to `<name>.<label>-<timestamp>` (never overwriting) and return the new path."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    os.replace(path, target)
    return target


@contextmanager
def file_lock(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Cross-process lock `<path>.lock` (filelock); failures become StorageError."""
    from filelock import FileLock, Timeout

    lock_path = Path(f"{path}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_path), timeout=timeout)
        lock.acquire()
    except Timeout as exc:
        raise StorageError(
            errno.EAGAIN,
            f"could not save {path}: another Digest Reader keeps it locked "
            f"({lock_path}); the previous version is kept",
        ) from exc
    except OSError as exc:
        raise storage_error(exc, str(path)) from exc
    try:
        yield
    finally:
        lock.release()


class VersionedJsonFile:
    """A JSON object file with a `"version"` key: loads what it can, moves aside what it cannot.

    When a broken file could not be moved aside (or could not be read), `blocked` says why and
    `save()` refuses to write over it, so nothing is ever silently overwritten.
    """

    def __init__(self, path: Path, version: int) -> None:
        self.path = Path(path)
        self.version = version
        self.blocked: str | None = None

    def load(self) -> tuple[dict[str, Any] | None, str | None]:
        """(data, message). data is None when the file is missing, unreadable or was moved aside."""
        self.blocked = None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            return self._block(f"{self.path} could not be read ({describe_os_error(exc)})")
        problem = self.check(raw)
        if isinstance(problem, str):
            return self.set_aside(problem)
        return problem, None

    def check(self, raw: bytes) -> dict[str, Any] | str:
        """The parsed object, or why it is not a valid file of this version."""
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return "not UTF-8 text"
        except json.JSONDecodeError as exc:
            return f"not valid JSON ({exc.msg} at line {exc.lineno})"
        except (ValueError, RecursionError) as exc:  # a 5000-digit number, nesting too deep
            return f"not valid JSON ({type(exc).__name__})"
        if not isinstance(data, dict):
            return "not a JSON object"
        found = data.get("version")
        if type(found) is not int or found != self.version:
            return f"of unknown version {found!r} (expected {self.version})"
        return data

    def set_aside(self, why: str) -> tuple[None, str]:
        """Move the file aside because it is `why`; if that fails, block saving over it."""
        try:
            moved = move_aside(self.path)
        except FileNotFoundError:
            return None, None  # someone else already moved or replaced it
        except OSError as exc:
            return self._block(
                f"{self.path} is {why} and could not be moved aside ({describe_os_error(exc)}); "
                "it was left as is and will not be saved over"
            )
        return None, f"{self.path} was {why}; moved it to {moved}"

    def _block(self, message: str) -> tuple[None, str]:
        self.blocked = message
        return None, message

    def save(self, data: dict[str, Any]) -> str:
        """Write atomically, `"version"` first, and return the text written.

        StorageError if the last load found a file it must not replace, or the disk refused."""
        if self.blocked and self.path.exists():
            raise StorageError(errno.EEXIST, f"not saving: {self.blocked}")
        self.blocked = None
        body = {key: value for key, value in data.items() if key != "version"}
        text = dump_json({"version": self.version, **body})
        atomic_write_text(self.path, text)
        return text


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
        """The file's value, re-read only when the file changed (callers must not mutate it)."""
        with self._guard:
            return self._current()

    def _current(self) -> T:
        try:
            signature = _signature(os.stat(self.path))
        except FileNotFoundError:
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
        with open(self.path, "rb") as handle:
            return handle.read(), _signature(os.fstat(handle.fileno()))

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

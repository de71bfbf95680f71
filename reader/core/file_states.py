"""Each library file's state in one run: size, mtime and content hash, each found at most once.

The parse cache and the search index's manifest decide "is this file unchanged?" from the same
`FileState`. A run stats each file once (`FileStates.stat`) and hashes it at most once: when its
cached size or mtime moved (`FileStates.hashed`), or when it is parsed, from the very bytes the
parser read (`content_hash`, recorded with `FileStates.record`). The library carries the state of
every file it holds (`Library.states`), which the index manifest records as is.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from reader.core.regular_files import hash_regular

HASH_LIMIT = 256 * 2**20  # a bigger file is never parsed (64 MB cap) nor hashed
DIGEST_SIZE = 16


@dataclass(frozen=True, slots=True)
class FileState:
    """A file as last seen: size, mtime (ns) and content hash ("" when unknown or too large)."""

    size: int
    mtime_ns: int
    sha: str = ""

    def same_stat(self, other: FileState | os.stat_result) -> bool:
        if isinstance(other, FileState):
            return self.size == other.size and self.mtime_ns == other.mtime_ns
        return self.size == other.st_size and self.mtime_ns == other.st_mtime_ns


def content_hash(data: bytes) -> str:
    """The content hash of bytes already read (the same as `hash_file` of a file holding them)."""
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).hexdigest()


def hash_file(path: Path | str) -> str:
    """Content hash of a regular file ('' for one over HASH_LIMIT); OSError for anything else."""
    return hash_regular(path, HASH_LIMIT, digest_size=DIGEST_SIZE)


def key_of(path: Path | str) -> str:
    return os.path.abspath(path)


class FileStates:
    """One run's view of the files: each stat'ed once, each hashed at most once. Thread-safe
    enough for one writer (dict assignments); keys are absolute path strings."""

    def __init__(self) -> None:
        self._stats: dict[str, os.stat_result | None] = {}
        self._states: dict[str, FileState] = {}

    def stat(self, path: Path | str) -> os.stat_result | None:
        """`os.stat` of `path` (through symlinks), once per run; None when it cannot be stat'ed."""
        key = key_of(path)
        if key not in self._stats:
            try:
                self._stats[key] = os.stat(key)
            except OSError:
                self._stats[key] = None
        return self._stats[key]

    def state(self, path: Path | str) -> FileState | None:
        """What is known of `path`: recorded, or its stat (sha "" until hashed)."""
        key = key_of(path)
        known = self._states.get(key)
        if known is not None:
            return known
        st = self.stat(key)
        return None if st is None else FileState(st.st_size, st.st_mtime_ns)

    def hashed(self, path: Path | str) -> FileState | None:
        """The state with its content hash, hashing the file the first time only; None when it
        cannot be read."""
        key = key_of(path)
        known = self._states.get(key)
        if known is not None and known.sha:
            return known
        st = self.stat(key)
        if st is None:
            return None
        try:
            sha = hash_file(key)
        except OSError:
            return None
        state = self._states[key] = FileState(st.st_size, st.st_mtime_ns, sha)
        return state

    def record(self, path: Path | str, state: FileState) -> None:
        """Remember a state found elsewhere: a parse (fstat and hash of the bytes read), a cache
        entry trusted on its size and mtime."""
        self._states[key_of(path)] = state

    def known(self) -> dict[str, FileState]:
        """Every recorded state, by absolute path."""
        return dict(self._states)

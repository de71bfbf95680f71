"""The index manifest: which digest files the index holds, so only changed files are re-indexed.

Per source file: size, mtime, content hash, its issues' ids, item and document counts (a file's
documents are its items and the issue-level entries of its issues); plus the schema and parser
versions and each index file's size, mtime and checksum after our last commit. A file's size,
mtime and hash are those the library read (`Library.states`, shared with the parse cache): the
index never stats or hashes a file the library already has.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.file_states import FileState as ShaState
from reader.core.file_states import FileStates
from reader.core.storage import VersionedJsonFile

MANIFEST_VERSION = 1
# Bump whenever the schema's fields or the way documents are built change: an index of another
# version is rebuilt automatically. (Kept here, not in schema.py, so checking it needs no Whoosh.)
SCHEMA_VERSION = 6  # 2: Snowball stems, array-packed positions; 3: CJK characters are words;
# 4: every entry of a feed file, issue-level documents (intro, sign-off, links), kind and key fields;
# 5: punctuation and '_' split words (glued runs also indexed whole), URLs in the text are words;
# 6: current Snowball English stems ('organization' no longer 'organ', 'added' -> 'add')
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class Holds:
    """What the index holds of one library file: its issues' ids (one line each), its items and
    its documents (items and issue-level entries)."""

    issues: str | None = None
    items: int = 0
    docs: int = 0


@dataclass
class FileState:
    size: int
    mtime_ns: int
    sha: str
    holds: Holds

    def to_json(self) -> list[Any]:
        return [self.size, self.mtime_ns, self.sha, self.holds.issues, self.holds.items, self.holds.docs]

    @classmethod
    def from_json(cls, row: list[Any]) -> FileState:
        size, mtime_ns, sha, issues, items, docs = row
        if not (
            isinstance(size, int)
            and isinstance(mtime_ns, int)
            and isinstance(sha, str)
            and (issues is None or isinstance(issues, str))
            and isinstance(items, int)
            and isinstance(docs, int)
        ):
            raise TypeError("bad file entry")
        return cls(size, mtime_ns, sha, Holds(issues, items, docs))


@dataclass(frozen=True)
class Building:
    """A first build under way (or interrupted): which process, and how many library files it
    had to index. The manifest's `files` are those committed so far."""

    pid: int
    files: int

    def to_json(self) -> list[int]:
        return [self.pid, self.files]


@dataclass(frozen=True)
class BuildStatus:
    """A first build in progress, as a searcher sees it: `files` of `total` library files and
    `items` items indexed so far, by process `pid`."""

    files: int
    total: int
    items: int
    pid: int

    @property
    def mine(self) -> bool:
        return self.pid == os.getpid()

    def describe(self) -> str:
        """'indexing 120 of 667 files (3,400 items so far)', for people."""
        return f"indexing {self.files:,} of {self.total:,} files ({self.items:,} items so far)"


@dataclass
class Manifest:
    schema: int
    parser: int
    files: dict[str, FileState] = field(default_factory=dict)
    index_files: dict[str, list[int]] = field(default_factory=dict)
    building: Building | None = None  # set while a first build commits batch by batch

    @property
    def item_count(self) -> int:
        return sum(state.holds.items for state in self.files.values())

    @property
    def doc_count(self) -> int:
        return sum(state.holds.docs for state in self.files.values())

    def matches(self, snapshot: dict[str, list[int]]) -> bool:
        """True when the index files on disk (`snapshot`: size, mtime) are those recorded."""
        return {name: entry[:2] for name, entry in self.index_files.items()} == snapshot

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "parser": self.parser,
            "index_files": self.index_files,
            "files": {path: state.to_json() for path, state in self.files.items()},
            **({"building": self.building.to_json()} if self.building else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        if int(data["schema"]) != SCHEMA_VERSION:  # rebuilt anyway: its rows may be of another shape
            return cls(int(data["schema"]), int(data["parser"]))
        files = {str(path): FileState.from_json(row) for path, row in data["files"].items()}
        index_files = {str(name): [int(v) for v in pair] for name, pair in data["index_files"].items()}
        building = Building(*(int(v) for v in data["building"])) if data.get("building") else None
        return cls(int(data["schema"]), int(data["parser"]), files, index_files, building)


class ManifestFile:
    """manifest.json inside the index folder, versioned and written atomically."""

    def __init__(self, index_dir: Path) -> None:
        self.file = VersionedJsonFile(Path(index_dir) / MANIFEST_NAME, MANIFEST_VERSION)

    def load(self) -> tuple[Manifest | None, str | None]:
        """(manifest, message): None when missing or broken (a broken one is moved aside)."""
        data, message = self.file.load()
        if data is None:
            return None, message
        try:
            return Manifest.from_json(data), None
        except (KeyError, TypeError, ValueError, AttributeError):
            return self.file.set_aside("not a valid index manifest")

    def peek(self) -> Manifest | None:
        """The manifest, or None when missing or broken; moves nothing (for readers)."""
        try:
            data = self.file.check(self.file.path.read_bytes())
            return None if isinstance(data, str) else Manifest.from_json(data)
        except (OSError, KeyError, TypeError, ValueError, AttributeError):
            return None

    def save(self, manifest: Manifest) -> None:
        self.file.save(manifest.to_json())


@dataclass
class Plan:
    """What an update has to do: files to (re)index, files gone, files only touched.

    `states` holds the new state of each changed file that could be read.
    """

    changed: list[str] = field(default_factory=list)
    states: dict[str, FileState] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    touched: dict[str, FileState] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.changed and not self.removed


def file_state(path: str, holds: Holds, known: ShaState | None = None) -> FileState | None:
    """The manifest row of `path`: its state as the library read it (`known`: size, mtime and the
    hash of the bytes parsed), else as found now (stat and hash); None when it cannot be read."""
    if known is None or not known.sha:
        known = FileStates().hashed(path)
        if known is None:
            return None
    return FileState(known.size, known.mtime_ns, known.sha, holds)


def plan_changes(
    manifest: Manifest, current: dict[str, Holds], states: dict[str, ShaState] | None = None
) -> Plan:
    """Compare the library's files (path -> what the index should hold of it) with the manifest.

    `states`: each file's state as the library read it (`Library.states`); no file is stat'ed or
    hashed again when it is there. Without one a file is stat'ed, and hashed only when its size
    or mtime differ from the manifest's.
    """
    plan = Plan()
    known = manifest.files
    states = states or {}
    for path, holds in current.items():
        entry = known.get(path)
        seen = states.get(path)
        if seen is None:
            try:
                st = os.stat(path)
                seen = ShaState(st.st_size, st.st_mtime_ns)
            except OSError:
                seen = None
        if (
            entry is not None
            and seen is not None
            and entry.size == seen.size
            and entry.mtime_ns == seen.mtime_ns
            and entry.holds == holds
        ):
            plan.unchanged.append(path)
            continue
        state = file_state(path, holds, seen) if seen is not None else None
        if entry is not None and state is not None and state.sha == entry.sha and entry.holds == holds:
            plan.touched[path] = state
        else:
            plan.changed.append(path)
            if state is not None:
                plan.states[path] = state
    plan.removed = [path for path in known if path not in current]
    return plan


def unchanged_files(manifest: Manifest, files: list[str], states: FileStates) -> bool:
    """True when `files` are exactly the manifest's and none has moved (size and mtime): the
    index is current without the library being loaded (its files' issues follow from their
    content and the parser version, which the manifest also records)."""
    if len(files) != len(manifest.files):
        return False
    for path in files:
        entry = manifest.files.get(path)
        st = states.stat(path)
        if entry is None or st is None or entry.size != st.st_size or entry.mtime_ns != st.st_mtime_ns:
            return False
    return True


def index_snapshot(index_dir: Path) -> dict[str, list[int]]:
    """{name: [size, mtime_ns]} of the Whoosh files in `index_dir` (locks and manifest left out)."""
    snapshot: dict[str, list[int]] = {}
    try:
        entries = list(os.scandir(index_dir))
    except OSError:
        return snapshot
    for entry in entries:
        name = entry.name
        if name.endswith("LOCK") or name.startswith((".", MANIFEST_NAME)):
            continue
        try:
            stat = entry.stat()
        except OSError:
            continue
        snapshot[name] = [stat.st_size, stat.st_mtime_ns]
    return snapshot

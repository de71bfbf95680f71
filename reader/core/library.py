"""The library: the digest files of the configured sources, parsed into issues.

`load_library` finds the files, takes each one's issues from the parse cache when the file is
unchanged and parses it otherwise, and never stops for a bad file: what went wrong is kept in
`Library.problems` (and, as text, `Library.warnings`). Loading newest first, in batches, and the
warm start from the parse cache alone: `reader.core.loading`.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.config import Config, load_config
from reader.core.file_states import FileState, content_hash
from reader.core.locations import seeds_dir
from reader.core.model import Issue, Item
from reader.core.parse_cache import Parsed
from reader.core.problems import CONFIG, SOURCE, Problem, json_path
from reader.core.processes import start_resource_tracker, watch_parent
from reader.core.regular_files import NotReadable, read_regular_stat

DIGEST_SUFFIXES = {
    ".txt",
    ".md",
    ".markdown",
    ".mdown",
    ".text",
    ".rst",
    ".html",
    ".htm",
    ".xml",
    ".rss",
    ".atom",
    ".feed",
    ".mdx",
    ".org",
    ".adoc",
    ".asciidoc",
}

_DIGITS = re.compile(r"(\d+)")

Progress = Callable[[int, int, Path], None]
# Parse in worker processes only when there is enough to do: each worker costs ~0.1 s to start.
PARALLEL_MIN_FILES = 32
MAX_WORKERS = 8


@dataclass
class Library:
    issues: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Each file's state as it was read (size, mtime, hash), by absolute path: the index manifest
    # records these, so no file is stat'ed or hashed twice in a run.
    states: dict[str, FileState] = field(default_factory=dict, repr=False, compare=False)
    roots: list[Path] = field(default_factory=list)  # the files and folders it was read from
    _by_id: dict[str, tuple[Issue, Item]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def item_count(self) -> int:
        return sum(len(issue.items) for issue in self.issues)

    def items(self) -> Iterable[tuple[Issue, Item]]:
        for issue in self.issues:
            for item in issue.items:
                yield issue, item

    def issue(self, issue_id: str) -> Issue | None:
        return next((i for i in self.issues if i.id == issue_id), None)

    def find_item(self, item_id: str) -> tuple[Issue, Item] | None:
        """The item with this id, or the only one whose id starts with it."""
        if len(self._by_id) != self.item_count:
            self._by_id = {item.id: (issue, item) for issue, item in self.items()}
        if item_id in self._by_id:
            return self._by_id[item_id]
        matches = [pair for key, pair in self._by_id.items() if key.startswith(item_id)]
        return matches[0] if len(matches) == 1 else None

    def candidates(self, item_id: str, limit: int = 5) -> list[str]:
        """Ids that start with, or contain, `item_id`: for 'did you mean' messages."""
        hits = [item.id for _, item in self.items() if item_id.lower() in item.id.lower()]
        return hits[:limit]


def configured_paths(config: Config | None = None) -> tuple[list[Path], list[Problem]]:
    """The source paths of the user's library (bundled seeds first when enabled), and config problems."""
    config = config or load_config()
    paths = [seeds_dir()] if config.bundled_seeds else []
    paths += config.source_paths()
    return paths, [Problem(str(config.path), w, CONFIG) for w in config.warnings]


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Digest files under `paths` (folders recursively), absolute, sorted, each once; plus problems."""
    found: dict[Path, None] = {}
    problems: list[Problem] = []

    def walk_error(exc: OSError) -> None:
        problems.append(Problem(str(exc.filename), f"cannot read folder ({exc.strerror})", SOURCE))

    for path in paths:
        path = Path(os.path.abspath(Path(path).expanduser()))
        before = len(found)
        if path.is_dir():
            for root, dirs, files in os.walk(path, onerror=walk_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in DIGEST_SUFFIXES:
                        found.setdefault(Path(root, name), None)
            if len(found) == before:
                problems.append(Problem(str(path), "no digest files in this folder", SOURCE))
        elif os.path.exists(path):  # a file (a FIFO or a device is listed, and refused when read)
            found.setdefault(path, None)
        else:
            problems.append(Problem(str(path), "no such file or folder", SOURCE))
    return list(found), problems


def natural_key(text: str) -> tuple[tuple[int, str], ...]:
    """Sort key that orders the numbers inside a name by value: 'issue-9' before 'issue-10'."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in _DIGITS.split(text) if part)


def _file_number(issue: Issue) -> int:
    """The first number in the issue's file name (-1 without one): an undated series' order."""
    match = _DIGITS.search(Path(issue.source).stem)
    return int(match.group(1)) if match else -1


def issue_order(issue: Issue) -> tuple:
    """The sort key of the library's order: newest first where dates are known (ISO dates), files
    in natural path order within a date; then undated issues, highest number in the file name first
    (the newest of a numbered series), those without a number last, in path order."""
    if issue.date:  # descending date: code points negated, a longer date (more precise) first
        return (0, (*(-ord(c) for c in issue.date), 1), natural_key(issue.source))
    return (1, -_file_number(issue), natural_key(issue.source))


def sort_issues(issues: list[Issue]) -> None:
    issues.sort(key=issue_order)


def skipped(path: Path, reason: str, cacheable: bool = False) -> Parsed:
    return Parsed([], [f"{path}: skipped, {reason}"], skipped=True, cacheable=cacheable)


def parse_path(path: Path) -> Parsed:
    """Parse one file into its issues (a feed holds several). Never raises for bad content.

    Only a regular file is read, and at most `parsing.MAX_FILE_BYTES` of it (see regular_files).
    `state` is the file that was read: its fstat and the hash of the bytes parsed.
    """
    from reader.core import parsing  # every parser: imported where files are parsed, not at start

    try:
        data, st = read_regular_stat(path, parsing.MAX_FILE_BYTES)
    except NotReadable as exc:
        return skipped(path, str(exc))
    except OSError as exc:
        return skipped(path, f"cannot read ({exc.strerror or exc})")
    state = FileState(st.st_size, st.st_mtime_ns, content_hash(data))
    try:
        result = parsing.parse_bytes(data, path)
    except Exception as exc:  # a parser bug must not stop the rest of the library
        parsed = skipped(path, f"the parser failed ({type(exc).__name__}: {exc})")
        parsed.state = state
        return parsed
    return Parsed(result.issues, list(result.warnings), skipped=not result.issues, state=state)


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _picklable(function: Callable) -> bool:
    try:
        pickle.dumps(function)
    except Exception:
        return False
    return True


def parse_workers(files: int, workers: int | None = None) -> int:
    """Worker processes worth starting for `files` files (1: parse in this process)."""
    workers = min(workers or _cpu_count(), MAX_WORKERS, files // PARALLEL_MIN_FILES * 2)
    return workers if workers > 1 and _picklable(parse_path) else 1  # a replaced parser (tests) runs here


def start_pool(workers: int) -> ProcessPoolExecutor:
    """Parse worker processes: spawned (safe from threads: the TUI loads in one), each importing
    the parsers once, each ending when this process dies (watch_parent), even by SIGKILL."""
    start_resource_tracker()
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=watch_parent
    )


def parse_paths(paths: list[Path], workers: int | None = None) -> Iterator[Parsed]:
    """Parse `paths` in order; many files are parsed in worker processes (`workers`: default one per CPU)."""
    workers = parse_workers(len(paths), workers)
    done = 0
    if workers > 1:
        pool = None
        try:
            pool = start_pool(workers)
            for parsed in pool.map(parse_path, paths, chunksize=4):
                done += 1
                yield parsed
            return
        except Exception:
            pass
        finally:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
    for path in paths[done:]:
        yield parse_path(path)


def load_library(
    paths: Iterable[Path] | None = None,
    progress: Progress | None = None,
    *,
    use_cache: bool = True,
) -> Library:
    """Parse every digest of `paths` (default: the configured library). Never raises for bad files.

    Unchanged files come from the parse cache; `progress(done, total, path)` is called per file.
    An interrupted load keeps what it parsed (the next one resumes).
    """
    from reader.core.loading import LibraryLoader

    return LibraryLoader(paths, use_cache=use_cache).load(progress)


def source_labels(library: Library, configured: Mapping[str, str] | None = None) -> dict[str, str]:
    """Which source each issue is from, by issue id: the label configured for the file or folder
    of the library it was found in (`configured`: absolute path -> label, default config.toml's),
    else its name. A folder whose digests sit in several subfolders (an archive of newsletters,
    one folder each) counts each subfolder as a source of its own, named after the subfolder."""
    if configured is None:
        configured = load_config().labels_by_path()
    parts: dict[str, tuple[Path, tuple[str, ...]]] = {}
    for issue in library.issues:
        path = Path(issue.source)
        root = next((r for r in library.roots if path == r or path.is_relative_to(r)), path.parent)
        parts[issue.id] = (root, path.relative_to(root).parts if path != root else ())
    subfolders: dict[Path, set[str]] = {}
    for root, rest in parts.values():
        if len(rest) > 1:
            subfolders.setdefault(root, set()).add(rest[0])
    labels: dict[str, str] = {}
    for issue_id, (root, rest) in parts.items():
        split = len(subfolders.get(root, ())) > 1 and len(rest) > 1
        labels[issue_id] = rest[0] if split else (configured.get(str(root)) or root.name or str(root))
    return labels


@dataclass
class SourceSummary:
    """One source of the library with what it holds: for `digests sources`."""

    path: Path
    files: int = 0
    issues: int = 0
    items: int = 0
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "path": json_path(self.path),
            "exists": self.path.exists(),
            "files": self.files,
            "issues": self.issues,
            "items": self.items,
            "problems": [p.to_json() for p in self.problems],
        }


def summarize_sources(library: Library, sources: list[Path]) -> list[SourceSummary]:
    """Counts and problems per source; a file under two sources counts for the first."""
    summaries = [SourceSummary(Path(os.path.abspath(s))) for s in sources]

    def owner(file: str) -> SourceSummary | None:
        path = Path(file)
        return next((s for s in summaries if path == s.path or path.is_relative_to(s.path)), None)

    for file in library.files:
        if summary := owner(str(file)):
            summary.files += 1
    for issue in library.issues:
        if summary := owner(issue.source):
            summary.issues += 1
            summary.items += len(issue.items)
    for problem in library.problems:
        if problem.file and (summary := owner(problem.file)):
            summary.problems.append(problem)
    return summaries

"""The library: the digest files of the configured sources, parsed into issues.

`load_library` finds the files, takes each one's issues from the parse cache when the file is
unchanged and parses it otherwise, and never stops for a bad file: what went wrong is kept in
`Library.problems` (and, as text, `Library.warnings`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.core import parsing
from reader.core.config import Config, load_config
from reader.core.locations import seeds_dir
from reader.core.model import Issue, Item, assign_item_ids
from reader.core.parse_cache import ParseCache, Parsed, file_digest, gc_paused
from reader.core.problems import CACHE, CONFIG, SKIPPED, SOURCE, WARNING, Problem, json_path, problems_from_warnings

DIGEST_SUFFIXES = {
    ".txt", ".md", ".markdown", ".mdown", ".text", ".rst", ".html", ".htm",
    ".xml", ".rss", ".atom", ".feed",
}

Progress = Callable[[int, int, Path], None]


@dataclass
class Library:
    issues: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
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
        if path.is_file():
            found.setdefault(path, None)
        elif path.is_dir():
            for root, dirs, files in os.walk(path, onerror=walk_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and os.path.splitext(name)[1].lower() in DIGEST_SUFFIXES:
                        found.setdefault(Path(root, name), None)
            if len(found) == before:
                problems.append(Problem(str(path), "no digest files in this folder", SOURCE))
        else:
            problems.append(Problem(str(path), "no such file or folder", SOURCE))
    return list(found), problems


def _sort_key(issue: Issue) -> tuple[int, str, str]:
    # Newest first where dates are known, then undated issues in file order.
    return (0, _invert(issue.date), issue.source) if issue.date else (1, "", issue.source)


def _invert(iso: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) if c.isdigit() else c for c in iso)


def parse_path(path: Path) -> Parsed:
    """Parse one file into its issues (a feed holds several). Never raises for bad content."""
    parse_many = getattr(parsing, "parse_file_issues", None)
    try:
        result = parse_many(path) if parse_many else parsing.parse_file(path)
    except Exception as exc:  # a parser bug must not stop the rest of the library
        reason = f"{path}: skipped, the parser failed ({type(exc).__name__}: {exc})"
        return Parsed([], [reason], skipped=True, cacheable=False)
    parsed = Parsed()
    for outcome in result if isinstance(result, list) else [result]:
        issues = getattr(outcome, "issues", None)
        parsed.issues += issues if issues is not None else [outcome.issue] if outcome.issue else []
        parsed.warnings += outcome.warnings
    parsed.skipped = not parsed.issues
    return parsed


def build_library(results: Iterable[tuple[Path, Parsed]], files: list[Path], problems: list[Problem]) -> Library:
    """Assemble parsed files into a library with unique issue ids, newest first."""
    library = Library(files=files, problems=list(problems))
    seen: dict[str, int] = {}
    for path, parsed in results:
        library.problems += problems_from_warnings(path, parsed.warnings, SKIPPED if parsed.skipped else WARNING)
        for issue in parsed.issues:
            seen[issue.id] = seen.get(issue.id, 0) + 1
            if seen[issue.id] > 1:
                issue.id = f"{issue.id}-{seen[issue.id]}"
                assign_item_ids(issue.id, issue.items)
            library.issues.append(issue)
    library.issues.sort(key=_sort_key)
    library.warnings = [str(problem) for problem in library.problems]
    return library


def _load_file(path: Path, cache: ParseCache | None) -> Parsed:
    if cache is None:
        return parse_path(path)
    try:
        stat = path.stat()
        cached, digest = cache.lookup(path, stat)
        if cached is not None:
            return cached
        digest = digest if digest is not None else file_digest(path)
    except OSError:
        return parse_path(path)  # it says why the file cannot be read
    parsed = parse_path(path)
    if parsed.cacheable:
        cache.store(path, stat, digest, parsed)
    return parsed


def load_library(
    paths: Iterable[Path] | None = None,
    progress: Progress | None = None,
    *,
    use_cache: bool = True,
) -> Library:
    """Parse every digest of `paths` (default: the configured library). Never raises for bad files.

    Unchanged files come from the parse cache; `progress(done, total, path)` is called per file.
    """
    problems: list[Problem] = []
    if paths is None:
        paths, problems = configured_paths()
    files, found = discover(paths)
    problems += found
    cache = ParseCache() if use_cache else None
    results = []
    try:
        with gc_paused():
            if cache is not None:
                cache.load()
            for index, path in enumerate(files):
                results.append((path, _load_file(path, cache)))
                if progress:
                    progress(index + 1, len(files), path)
            library = build_library(results, files, problems)
    finally:  # also when interrupted: what was parsed so far is not parsed again
        failure = cache.save() if cache is not None else None
    if failure:
        library.problems.append(Problem("", failure, CACHE))
        library.warnings.append(failure)
    return library


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
            "path": json_path(self.path), "exists": self.path.exists(), "files": self.files,
            "issues": self.issues, "items": self.items, "problems": [p.to_json() for p in self.problems],
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

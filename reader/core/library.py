"""The library: the digest files of the configured sources, parsed into issues."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.config import Config, load_config
from reader.core.locations import seeds_dir
from reader.core.model import Issue, Item, assign_item_ids
from reader.core.parsing import ParseOutcome, parse_file

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
        matches = []
        for issue, item in self.items():
            if item.id == item_id:
                return issue, item
            if item.id.startswith(item_id):
                matches.append((issue, item))
        return matches[0] if len(matches) == 1 else None

    def candidates(self, item_id: str, limit: int = 5) -> list[str]:
        """Ids that start with, or contain, `item_id`: for 'did you mean' messages."""
        hits = [item.id for _, item in self.items() if item_id.lower() in item.id.lower()]
        return hits[:limit]


def configured_paths(config: Config | None = None) -> tuple[list[Path], list[str]]:
    """The source paths of the user's library (bundled seeds first when enabled)."""
    config = config or load_config()
    paths = [seeds_dir()] if config.bundled_seeds else []
    paths += [Path(os.path.expanduser(s)) for s in config.sources]
    return paths, list(config.warnings)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Digest files under `paths` (folders recursively), sorted, each once; plus problems found."""
    found: dict[Path, None] = {}
    warnings: list[str] = []
    for path in paths:
        path = Path(path).expanduser()
        if path.is_file():
            found.setdefault(path, None)
        elif path.is_dir():
            for root, dirs, files in os.walk(path, onerror=lambda e: warnings.append(f"{e.filename}: {e.strerror}")):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in DIGEST_SUFFIXES:
                        found.setdefault(Path(root) / name, None)
        else:
            warnings.append(f"{path}: no such file or folder")
    return list(found), warnings


def _sort_key(issue: Issue) -> tuple[int, str, str]:
    # Newest first where dates are known, then undated issues in file order.
    return (0, _invert(issue.date), issue.source) if issue.date else (1, "", issue.source)


def _invert(iso: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) if c.isdigit() else c for c in iso)


def build_library(outcomes: Iterable[ParseOutcome], files: list[Path], warnings: list[str]) -> Library:
    """Assemble parsed files into a library with unique issue ids."""
    library = Library(files=files, warnings=list(warnings))
    seen: dict[str, int] = {}
    for outcome in outcomes:
        library.warnings.extend(outcome.warnings)
        issue = outcome.issue
        if issue is None:
            continue
        seen[issue.id] = seen.get(issue.id, 0) + 1
        if seen[issue.id] > 1:
            issue.id = f"{issue.id}-{seen[issue.id]}"
            assign_item_ids(issue.id, issue.items)
        library.issues.append(issue)
    library.issues.sort(key=_sort_key)
    return library


def load_library(paths: Iterable[Path] | None = None, progress: Progress | None = None) -> Library:
    """Parse every digest of `paths` (default: the configured library). Never raises for bad files."""
    warnings: list[str] = []
    if paths is None:
        paths, warnings = configured_paths()
    files, found_warnings = discover(paths)
    outcomes = []
    for index, path in enumerate(files):
        outcomes.append(parse_file(path))
        if progress:
            progress(index + 1, len(files), path)
    return build_library(outcomes, files, warnings + found_warnings)

"""What search filters need that the index does not hold: the user's read marks and bookmarks, and
the names of the library's sources. The caller builds a FilterContext and passes it to
`SearchIndex.search(..., context=)` and `count(...)`; the CLI builds it from the stores with
`FilterContext.from_stores`, the app can do the same (or keep one and rebuild it when a store or
the library changes: its sets are frozen, so repeated searches reuse what they resolved).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.bookmarks import BookmarkStore
    from reader.core.library import Library
    from reader.core.readstate import ReadState

MAX_NAMES_SHOWN = 8


@dataclass(frozen=True)
class FilterContext:
    """Item ids read and bookmarked, bookmark tags (tag -> item ids) and source names (name ->
    digest file paths). A part left None makes the filters that need it say so and be ignored."""

    read: frozenset[str] | None = None
    bookmarked: frozenset[str] | None = None
    tags: Mapping[str, frozenset[str]] | None = None
    sources: Mapping[str, frozenset[str]] | None = None
    _all_sources: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fix = object.__setattr__
        if self.read is not None and not isinstance(self.read, frozenset):
            fix(self, "read", frozenset(self.read))
        if self.bookmarked is not None and not isinstance(self.bookmarked, frozenset):
            fix(self, "bookmarked", frozenset(self.bookmarked))
        if self.tags is not None:
            fix(self, "tags", _folded(self.tags.items()))
        if self.sources is not None:
            fix(self, "sources", _folded(self.sources.items()))
            fix(self, "_all_sources", frozenset().union(*self.sources.values()))

    @classmethod
    def from_stores(
        cls,
        library: Library | None = None,
        *,
        read_state: ReadState | None = None,
        bookmarks: BookmarkStore | None = None,
        roots: Iterable[Path | str] = (),
        labels: Mapping[str, str] | None = None,
    ) -> FilterContext:
        """A context from the stores (each left out when not given) and the library's sources
        (`roots`: the configured source paths, `labels`: source path -> label)."""
        tags: dict[str, set[str]] = {}
        marked = None
        if bookmarks is not None:
            marked = set()
            for item_id, bookmark in bookmarks.current().items():
                marked.add(item_id)
                for tag in bookmark.tags:
                    tags.setdefault(tag, set()).add(item_id)
        return cls(
            read=frozenset(read_state.current()) if read_state is not None else None,
            bookmarked=frozenset(marked) if marked is not None else None,
            tags={tag: frozenset(ids) for tag, ids in tags.items()} if bookmarks is not None else None,
            sources=source_names(library, roots, labels) if library is not None else None,
        )

    def source_paths(self, name: str) -> tuple[frozenset[str] | None, str | None]:
        """The digest files `source:name` means, or (None, why not). A name matches a source's
        label, its folder or file name, a folder inside it, or a file's name (any case); failing
        that, the names starting with it; a path matches the files under it."""
        if self.sources is None:
            return None, f"source:{name} cannot be used here (the library's sources are not known)"
        wanted = name.casefold()
        if wanted in self.sources:
            return self.sources[wanted], None
        if os.sep in name or (os.altsep and os.altsep in name):
            root = os.path.abspath(os.path.expanduser(name))
            under = frozenset(
                p for p in self._all_sources if p == root or p.startswith(root.rstrip(os.sep) + os.sep)
            )
            if under:
                return under, None
        starting = [paths for key, paths in self.sources.items() if key.startswith(wanted)]
        if starting:
            return frozenset().union(*starting), None
        widest = sorted(self.sources.items(), key=lambda pair: (-len(pair[1]), pair[0]))
        names = [key for key, _ in widest[:MAX_NAMES_SHOWN]]
        known = f"; sources include {', '.join(names)}" if names else ""
        return None, f"source:{name}: no source has that name{known}"

    def tagged(self, tag: str) -> frozenset[str] | None:
        """Item ids bookmarked with `tag` (any case); None when tags are not known."""
        if self.tags is None:
            return None
        return self.tags.get(tag.casefold(), frozenset())


def _folded(pairs: Iterable[tuple[str, Collection[str]]]) -> dict[str, frozenset[str]]:
    folded: dict[str, set[str]] = {}
    for key, values in pairs:
        folded.setdefault(key.casefold(), set()).update(values)
    return {key: frozenset(values) for key, values in folded.items()}


def source_names(
    library: Library, roots: Iterable[Path | str] = (), labels: Mapping[str, str] | None = None
) -> dict[str, frozenset[str]]:
    """Name (casefolded) -> the digest files it names: each file's name and stem, its source's
    name and label (a configured root holding it), and the folders between that root and the
    file; without a root, the file's folder name."""
    tops = sorted((os.path.abspath(os.path.expanduser(root)) for root in roots), key=len, reverse=True)
    label_of = {os.path.abspath(os.path.expanduser(path)): label for path, label in (labels or {}).items()}
    names: dict[str, set[str]] = {}
    for source in {issue.source for issue in library.issues}:
        path = os.path.abspath(source)
        found = {Path(path).name, Path(path).stem}
        root = next(
            (top for top in tops if path == top or path.startswith(top.rstrip(os.sep) + os.sep)), None
        )
        if root is None:
            found.add(Path(path).parent.name)
        else:
            found.add(Path(root).stem if root == path else Path(root).name)
            found.update(Path(os.path.relpath(os.path.dirname(path), root)).parts if root != path else ())
            if root in label_of:
                found.add(label_of[root])
        for name in found:
            if name and name not in (".", ".."):
                names.setdefault(name.casefold(), set()).add(source)
    return {name: frozenset(paths) for name, paths in names.items()}

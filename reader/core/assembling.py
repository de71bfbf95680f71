"""Parsed files into one library, file by file in any order, with the result of a whole load.

Issues get unique ids and distinct titles the same way whatever order their files arrive in:
where two issues share an id, the one of the file first in the library's own order (`discover`'s
order: folders walked top-down, names sorted) keeps it and the others get `-2`, `-3`...; issues of
one folder sharing a title get their file's number or date added (`labelled_titles`), and those still alike their file's type (`kind_titles`).
When a later file changes an issue already handed out, `add` says so (renamed, retitled).
"""

from __future__ import annotations

import bisect
import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from reader.core.file_states import FileState, key_of
from reader.core.library import Library, issue_order
from reader.core.model import Issue, assign_item_ids, issue_id_for
from reader.core.parse_cache import Parsed
from reader.core.problems import SKIPPED, WARNING, Problem, problems_from_warnings


def walk_key(path: str, sources: list[str]) -> tuple:
    """A file's place in `discover`'s order: the first source holding it, then os.walk's order
    (a folder's files, by name, before its subfolders, by name)."""
    for number, source in enumerate(sources):
        if path == source:
            return (number, ())
        if path.startswith(source.rstrip(os.sep) + os.sep):
            parts = Path(os.path.relpath(path, source)).parts
            return (number, (*((1, part) for part in parts[:-1]), (0, parts[-1])))
    return (len(sources), ((0, path),))


def predicted_base(path: str) -> str:
    """The id a file's (first) issue gets from its name, before any renaming."""
    return issue_id_for(Path(path).stem)


class Assembler:
    """The library being put together from parsed files (`files` in the library's own order)."""

    def __init__(
        self, files: list[Path], problems: Iterable[Problem] = (), roots: Iterable[Path] = ()
    ) -> None:
        self.files = files
        self.roots = [Path(os.path.abspath(Path(root).expanduser())) for root in roots]
        self.place = {key_of(path): number for number, path in enumerate(files)}
        self.base_problems = list(problems)
        self.issues: list[Issue] = []
        self._keys: list[tuple] = []
        self._file_problems: dict[int, list[Problem]] = {}
        self._natural: dict[int, tuple[str, str]] = {}  # id(issue) -> (id, title) as parsed
        self._by_id: dict[str, list[tuple[int, int, Issue]]] = defaultdict(list)
        self._by_title: dict[tuple[str, str], list[Issue]] = defaultdict(list)
        self._stem: dict[int, str] = {}  # id(issue) -> its title with its file's label, if it needs one
        self._stem_key: dict[int, tuple[str, str]] = {}
        self._by_stem: dict[tuple[str, str], list[Issue]] = defaultdict(list)
        self.states: dict[str, FileState] = {}
        self.done = 0

    def add(
        self, path: Path | str, parsed: Parsed
    ) -> tuple[list[Issue], list[tuple[str, Issue]], list[Issue]]:
        """Take one file's parse (call once per file; the parse's issues become the library's).
        Returns (its issues, earlier issues renamed as (old id, issue), earlier issues retitled)."""
        key = key_of(path)
        place = self.place.get(key, len(self.place))
        self.done += 1
        if parsed.state is not None:
            self.states[key] = parsed.state
        kind = SKIPPED if parsed.skipped else WARNING
        warnings = list(dict.fromkeys(parsed.warnings))  # each once (a parse cache may hold repeats)
        self._file_problems[place] = problems_from_warnings(Path(path), warnings, kind)
        renamed: list[tuple[str, Issue]] = []
        retitled: list[Issue] = []
        for position, issue in enumerate(parsed.issues):
            self._natural[id(issue)] = (issue.id, issue.title)
            group = self._by_id[issue.id]
            bisect.insort(group, (place, position, issue), key=lambda entry: entry[:2])
            renamed += self._number(group)
            title_group = self._by_title[(str(Path(issue.source).parent), issue.title.casefold())]
            title_group.append(issue)
            retitled += self._label(title_group)
            order = issue_order(issue)
            at = bisect.bisect_right(self._keys, order)
            self._keys.insert(at, order)
            self.issues.insert(at, issue)
        mine = {id(issue) for issue in parsed.issues}
        return (
            parsed.issues,
            [(old, issue) for old, issue in renamed if id(issue) not in mine],
            [issue for issue in retitled if id(issue) not in mine],
        )

    def _number(self, group: list[tuple[int, int, Issue]]) -> list[tuple[str, Issue]]:
        """Ids of one natural id's issues: the first keeps it, the others get -2, -3..."""
        renamed = []
        for count, (_, _, issue) in enumerate(group, 1):
            natural = self._natural[id(issue)][0]
            wanted = natural if count == 1 else f"{natural}-{count}"
            if issue.id != wanted:
                renamed.append((issue.id, issue))
                issue.id = wanted
                assign_item_ids(wanted, issue.items)
        return renamed

    def _label(self, group: list[Issue]) -> list[Issue]:
        """Titles of one folder's issues sharing a natural title, from different files (a feed's
        entries keep their own titles): `labelled_titles`; then, across the folder, `kind_titles`
        for those whose labelled titles are still alike."""
        natural = [self._natural[id(issue)][1] for issue in group]
        distinct = len(group) > 1 and len({issue.source for issue in group}) == len(group)
        stems = _labelled_titles(group, natural) if distinct else natural
        affected: set[tuple[str, str]] = set()
        for issue, stem in zip(group, stems):
            key = (str(Path(issue.source).parent), stem.casefold())
            old = self._stem_key.get(id(issue))
            self._stem[id(issue)] = stem
            if old != key:
                if old is not None:
                    self._by_stem[old].remove(issue)
                    affected.add(old)
                self._by_stem[key].append(issue)
                self._stem_key[id(issue)] = key
            affected.add(key)
        changed = []
        for key in affected:
            members = self._by_stem[key]
            for issue, title in zip(members, _kind_titles(members, [self._stem[id(i)] for i in members])):
                if issue.title != title:
                    issue.title = title
                    changed.append(issue)
        return changed

    def problems(self) -> list[Problem]:
        found = list(self.base_problems)
        for place in sorted(self._file_problems):
            found += self._file_problems[place]
        return found

    def library(self, extra: Iterable[Problem] = ()) -> Library:
        """The library as assembled so far (a new object; the issues are shared)."""
        problems = self.problems() + list(extra)
        return Library(
            issues=list(self.issues),
            warnings=[str(problem) for problem in problems],
            files=self.files,
            problems=problems,
            states=dict(self.states),
            roots=list(self.roots),
        )


def build_library(
    results: Iterable[tuple[Path, Parsed]], files: list[Path], problems: Iterable[Problem] = ()
) -> Library:
    """Parsed files (in any order) as one library with unique issue ids, newest first."""
    assembler = Assembler(files, problems)
    for path, parsed in results:
        assembler.add(path, parsed)
    return assembler.library()


# The titles module is imported only for issues that share a title: importing it imports every
# parser (its package's __init__), which a warm start from the parse cache never needs.
def _labelled_titles(group: list[Issue], titles: list[str]) -> list[str]:
    from reader.core.parsing.titles import labelled_titles

    return labelled_titles(group, titles)


def _kind_titles(group: list[Issue], titles: list[str]) -> list[str]:
    """`titles.kind_titles`: a title alone stays as it is."""
    if len(group) < 2:
        return list(titles)
    from reader.core.parsing.titles import kind_titles

    return kind_titles(group, titles)

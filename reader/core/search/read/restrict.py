"""Filters resolved to the set of documents a search may return.

Each filter gives the documents it allows (kept) or the documents it rules out (negated filters,
and `tag:` negated); the allowed set is the intersection of the first, minus the union of the
second. Several `source:` filters allow any of their sources. `is:` and `tag:` are about items:
they leave out the issue-level documents. A filter that cannot be applied (an unknown source,
user state the caller did not give) is left out with a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.search.context import FilterContext
from reader.core.search.read.doctable import DocTable
from reader.core.search.read.filters import DATE, SOURCE, STATE, TAG, Filter
from reader.core.search.schema import source_key


@dataclass
class Restriction:
    """The documents a search may return (`allowed` None: any), the filters applied (described
    for people) and why some were left out."""

    allowed: frozenset[int] | None = None
    applied: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    key: tuple = ()  # equal keys allow the same documents (see cache_key)


Meaning = tuple[str, str] | frozenset[str]  # a date range, or digest file paths, or item ids
Resolved = tuple[Filter, Meaning]


def resolve(filters: list[Filter], context: FilterContext | None) -> tuple[list[Resolved], list[str]]:
    """Each filter with what it means in `context` (cheap: no index work), and the problems."""
    context = context or FilterContext()
    resolved: list[Resolved] = []
    problems: list[str] = []
    for spec in filters:
        meaning: Meaning | None = None
        problem = None
        if spec.kind == DATE:
            meaning = spec.date_range
        elif spec.kind == SOURCE:
            meaning, problem = context.source_paths(spec.value)
        elif spec.kind == TAG:
            meaning = context.tagged(spec.value)
            problem = None if meaning is not None else f"{spec.typed}: bookmark tags are not known here"
        elif spec.kind == STATE:
            meaning = context.bookmarked if spec.value == "bookmarked" else context.read
            what = "bookmarks" if spec.value == "bookmarked" else "read marks"
            problem = None if meaning is not None else f"{spec.typed}: {what} are not known here"
        if problem:
            problems.append(problem)
        if meaning is not None:
            resolved.append((spec, meaning))
    return resolved, problems


def cache_key(resolved: list[Resolved]) -> tuple:
    """What makes two resolved filter lists allow the same documents (frozensets hash once)."""
    return tuple((spec.kind, spec.value, spec.negated, meaning) for spec, meaning in resolved)


def restrict(table: DocTable, resolved: list[Resolved]) -> frozenset[int] | None:
    """The live documents the resolved filters allow; None when there are no filters."""
    if not resolved:
        return None
    kept: list[set[int] | frozenset[int]] = []
    ruled_out: set[int] = set()
    sources: set[int] | None = None
    for spec, meaning in resolved:
        if isinstance(meaning, tuple):
            docs = table.dated(*meaning)
        elif spec.kind == SOURCE:
            docs = table.of_sources(source_key(path) for path in meaning)
        else:
            docs = table.of_items(meaning)
        if spec.kind == STATE:  # is:read, is:unread, is:bookmarked: items only
            kept.append(docs if (spec.value != "unread") != spec.negated else table.item_docs() - docs)
        elif spec.negated:
            ruled_out |= docs
        elif spec.kind == SOURCE:
            sources = docs if sources is None else sources | docs
        else:
            kept.append(docs)
    if sources is not None:
        kept.append(sources)
    allowed = set(table.live())
    for each in sorted(kept, key=len):
        allowed &= each
    allowed -= ruled_out
    return frozenset(allowed)

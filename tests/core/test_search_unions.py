"""The flat unions of a prefix's expansions find and score exactly what Whoosh's Or does."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher

from reader.core.library import load_library
from reader.core.search import SearchIndex
from reader.core.search.read import prefix
from reader.core.search.read.unions import read_postings

STEMS = [
    "train",
    "transform",
    "trade",
    "track",
    "tree",
    "trial",
    "gradient",
    "grade",
    "grain",
    "graph",
    "model",
    "modem",
    "mode",
    "modular",
    "data",
    "date",
    "dawn",
    "fine",
    "find",
    "final",
    "tune",
    "turn",
    "turbo",
    "tutor",
]
FILLER = ["the", "of", "and", "a", "in", "with", "for", "on"]


def write_library(folder: Path, issues: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(issues):
        parts = [f"# Synthetic Weekly {number}\n"]
        for item in range(rng.randint(3, 12)):
            words = [
                rng.choice(STEMS) + rng.choice(["", "s", "ing", "ed", "er"])
                if rng.random() < 0.5
                else rng.choice(FILLER)
                for _ in range(rng.randint(5, 80))
            ]
            title = f"Note {rng.choice(STEMS).capitalize()}" if rng.random() < 0.1 else "Note"
            parts.append(f"## {title} {item}\n\n{' '.join(words)}.\n")
        (folder / f"issue-{number:03}.md").write_text("\n".join(parts), encoding="utf-8")


def as_plain_or(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoosh's own Or in place of the flat unions."""
    monkeypatch.setattr(prefix, "LazyUnion", wq.Or)
    monkeypatch.setattr(prefix, "PreloadedUnion", wq.Or)


QUERIES = [
    "tr",
    "tra",
    "fine tu",
    "model tr",
    "gradient gr",
    "data da",
    "grade mod",
    "turn t",
    "the tr",
    "fine -tu",
    "title:tr",
    "transform model gr",
    "date OR tu",
    "tre",
    "graph da",
    "data OR da",
    "(graph OR gr) model",
    "train OR tr",
]


def results(index: SearchIndex, query: str) -> tuple[int, list[tuple[str, float]]]:
    found = index.search(query, as_you_type=True, limit=30)
    return found.total, [(hit.item_id, round(hit.score, 4)) for hit in found.hits]


@pytest.mark.parametrize("edited", [False, True], ids=["fresh", "with-deletions"])
def test_unions_agree_with_whoosh_or(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edited: bool) -> None:
    folder = tmp_path / "library"
    write_library(folder, 40, seed=11)
    index = SearchIndex(tmp_path / "index", parallel=False)
    index.update(load_library([folder]))
    if edited:  # changed digests: their old items stay in the segment as deleted documents
        for name in ("issue-003.md", "issue-017.md", "issue-030.md"):
            path = folder / name
            path.write_text(path.read_text(encoding="utf-8").replace("train", "tutor"), encoding="utf-8")
        report = index.update(load_library([folder]))
        assert report.updated or report.added or report.removed
        index.search("warm", as_you_type=True)
        assert any(leaf.has_deletions() for leaf, _ in index._open.searcher.reader().leaf_readers())
    ours = {query: results(index, query) for query in QUERIES}
    index.close()
    with monkeypatch.context() as patched:
        as_plain_or(patched)
        plain = SearchIndex(tmp_path / "index", parallel=False)
        theirs = {query: results(plain, query) for query in QUERIES}
        plain.close()
    assert any(total for total, _ in ours.values())
    for query in QUERIES:
        assert ours[query][0] == theirs[query][0], query
        assert sorted(ours[query][1]) == sorted(theirs[query][1]), query


def opened_index(tmp_path: Path, issues: int, seed: int) -> SearchIndex:
    """An index of a synthetic library, with its searcher open."""
    folder = tmp_path / "library"
    write_library(folder, issues, seed=seed)
    index = SearchIndex(tmp_path / "index", parallel=False)
    index.update(load_library([folder]))
    index.search("warm", as_you_type=True)
    return index


def test_lazy_union_is_used_inside_an_and_only(tmp_path: Path) -> None:
    index = opened_index(tmp_path, 5, seed=3)
    tools, reader = index._tools_(), index._open.searcher.reader()

    def kinds(query: str) -> set[str]:
        found: set[str] = set()

        def visit(node):
            found.add(type(node).__name__)
            return node

        prefix.as_you_type(query, tools.parser, tools.analyzer, reader).full.accept(visit)
        return found

    assert "LazyUnion" in kinds("fine tu")
    assert "LazyUnion" not in kinds("tu") and "Or" in kinds("tu")
    index.close()


def test_read_postings_matches_the_matcher_one_by_one(tmp_path: Path) -> None:
    index = opened_index(tmp_path, 60, seed=5)
    searcher = index._open.searcher
    checked = 0
    for leaf, _ in searcher.reader().leaf_readers():
        for term in ("train", "transform", "tutor", "graph", "date", "fine"):
            if ("text", term) not in leaf:
                continue
            step = leaf.postings("text", term)
            expected = []
            while step.is_active():
                expected.append((step.id(), step.weight()))
                step.next()
            ids, weights = read_postings(leaf.postings("text", term))
            assert list(zip(ids, weights)) == expected
            deleted = {docnum for docnum, _ in expected[::3]}
            ids, weights = read_postings(FilterMatcher(leaf.postings("text", term), deleted, exclude=True))
            assert list(zip(ids, weights)) == [pair for pair in expected if pair[0] not in deleted]
            checked += len(expected)
    assert checked > 500, "blocks of 128 postings and more were read"
    index.close()

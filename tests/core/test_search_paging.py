"""Every result reachable: pages of any offset, in relevance, newest or oldest order."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reader.core.library import Library, load_library
from reader.core.search import SearchIndex
from reader.core.search.read.searching import QueryTools

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa", "lambda", "sigma", "omega"]


def write_issues(folder: Path, issues: int = 12, items: int = 10, seed: int = 5) -> None:
    """`issues` digests of `items` items each; every item says 'signal' (some in the title), dates
    spread over two years, the last digest undated."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(issues):
        date = (
            f"date: 202{3 + number % 2}-{1 + (number * 5) % 12:02d}-{1 + number:02d}\n"
            if number < issues - 1
            else ""
        )
        lines = ["---", f"title: Digest {number}", *([date.strip()] if date else []), "---", ""]
        for position in range(items):
            title = f"Item {number}-{position} {rng.choice(WORDS)}" + (" signal" if position % 3 == 0 else "")
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40)))
            lines += [
                f"## {title}",
                "",
                f"{body} signal {'signal ' * rng.randint(0, 3)}{rng.choice(WORDS)}.",
                "",
            ]
        (folder / f"digest-{number:02d}.md").write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, SearchIndex]:
    folder = tmp_path_factory.mktemp("paged")
    write_issues(folder)
    library = load_library([folder], use_cache=False)
    index = SearchIndex(tmp_path_factory.mktemp("index"))
    index.update(library)
    return library, index


def walk(index: SearchIndex, query: str, page: int, **options) -> list[str | None]:
    """Every hit, page after page, as a user scrolling would ask for them."""
    seen: list[str | None] = []
    offset = 0
    while True:
        results = index.search(query, limit=page, offset=offset, **options)
        assert results.offset == offset and len(results.hits) <= page
        seen += [hit.item_id for hit in results.hits]
        if not results.has_more:
            return seen
        offset += len(results.hits)
        assert offset < 10_000


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_every_result_is_reachable_page_by_page(paged, sort: str) -> None:
    library, index = paged
    everything = index.search("signal", limit=1000, sort=sort)
    assert everything.total == library.item_count == len(everything.hits) == 120
    for page in (7, 20, 50):
        index.forget_results()
        assert walk(index, "signal", page, sort=sort) == [hit.item_id for hit in everything.hits]


def test_a_page_past_the_end_is_empty(paged) -> None:
    results = paged[1].search("signal", limit=20, offset=500)
    assert results.hits == [] and results.total == 120 and not results.has_more
    last = paged[1].search("signal", limit=20, offset=100)
    assert len(last.hits) == 20 and not last.has_more


def test_dates_order_newest_and_oldest_first_undated_last(paged) -> None:
    library, index = paged
    reading_order = [item.id for _, item in library.items()]
    for sort, descending in (("newest", True), ("oldest", False)):
        hits = index.search("signal", limit=1000, sort=sort).hits
        dated = [hit.date for hit in hits if hit.date]
        assert dated == sorted(dated, reverse=descending)
        assert [hit.date for hit in hits[-10:]] == [None] * 10  # the undated digest comes last
        issue = [hit.item_id for hit in hits if hit.issue_id == hits[0].issue_id]
        assert issue == [i for i in reading_order if i in issue]  # an issue's items in reading order
    relevance = {hit.item_id for hit in index.search("signal", limit=1000).hits}
    assert {hit.item_id for hit in index.search("signal", limit=1000, sort="newest").hits} == relevance


def test_relevance_pages_follow_the_scores(paged) -> None:
    hits = paged[1].search("signal", limit=1000).hits
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]


def test_as_you_type_pages_continue_the_first_page(paged) -> None:
    index = paged[1]
    first = index.search("sig", limit=10, as_you_type=True)
    assert first.total_is_estimate  # titles alone filled the page: the count is an estimate
    whole = index.search("sig", limit=60, offset=0, as_you_type=True)
    index.forget_results()
    pages = [first.hits] + [
        index.search("sig", limit=10, offset=o, as_you_type=True).hits for o in range(10, 60, 10)
    ]
    assert [hit.item_id for page in pages for hit in page] == [hit.item_id for hit in whole.hits]
    titled = [hit for hit in whole.hits if "sig" in hit.title]
    assert 10 < len(titled) < 60 and whole.hits[: len(titled)] == titled  # title matches first
    assert index.search("sig", limit=10, offset=110, as_you_type=True).total == 120  # exact once counted


def test_the_next_page_reuses_the_ranking(paged, monkeypatch: pytest.MonkeyPatch) -> None:
    index = paged[1]
    index.forget_results()
    ranked = []
    original = QueryTools._rank

    def counting(self, *args, **kwargs):
        ranked.append(args[2])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QueryTools, "_rank", counting)
    index.search("signal alpha", limit=10)
    for offset in range(10, 60, 10):
        index.search("signal alpha", limit=10, offset=offset)
    assert ranked == ["signal alpha"]  # the first page ranks the next five too
    index.search("signal alpha", limit=10, offset=60)
    assert ranked == ["signal alpha"] * 2
    index.search("signal alpha", limit=10, sort="newest")
    index.search("signal alpha", limit=10, offset=10, sort="newest")
    assert len(ranked) == 3


def test_an_unknown_sort_is_a_programming_error(paged) -> None:
    with pytest.raises(ValueError, match="sort must be one of"):
        paged[1].search("signal", sort="best")


def test_json_has_the_page(paged) -> None:
    data = paged[1].search("signal", limit=5, offset=5, sort="oldest").to_json()
    assert (
        data["total"] == 120 and len(data["hits"]) == 5 and data["offset"] == 5 and data["sort"] == "oldest"
    )


@pytest.mark.parametrize(
    "query",
    [
        "model",
        "learning OR vision",
        "model -vision",
        '"language model"',
        "title:model",
        "train*",
        "modle~",
        "(deep OR neural) network NOT image",
        "issue:batch model",
    ],
)
def test_date_order_lists_exactly_the_matches_of_relevance(
    seeds_dir: Path, tmp_path: Path, query: str
) -> None:
    """Date order lists matches unscored (a word in title or text looked up in the text alone):
    the same documents as ranking them."""
    index = SearchIndex(tmp_path / "index")
    index.update(load_library([seeds_dir], use_cache=False))
    for as_you_type in (False, True):
        ranked = index.search(query, limit=1000, as_you_type=as_you_type)
        dated = index.search(query, limit=1000, sort="newest", as_you_type=as_you_type)
        key = [(hit.kind, hit.item_id, hit.issue_id) for hit in ranked.hits]
        assert 0 < ranked.total == dated.total == len(key) and sorted(key) == sorted(
            (hit.kind, hit.item_id, hit.issue_id) for hit in dated.hits
        )


def test_a_page_built_in_part_starts_as_the_whole_page(paged, monkeypatch: pytest.MonkeyPatch) -> None:
    """As you type, the app makes only the hits in view (`build`), then the rest of the page
    (offset=build): the same hits and snippets as the whole page asked at once. When the title
    matches alone reach the hits made now, they answer (the text variant is not scored before
    the first hits are shown: the count is an estimate), and the rest of the page ranks the
    text matches too, with the exact count."""
    index = paged[1]
    index.forget_results()
    whole = index.search("sig", limit=60, as_you_type=True)
    assert not whole.total_is_estimate
    index.forget_results()
    ranked, made = [], []
    rank, hit = QueryTools._rank, QueryTools._hit
    monkeypatch.setattr(QueryTools, "_rank", lambda self, *a, **k: ranked.append(a[2]) or rank(self, *a, **k))
    monkeypatch.setattr(QueryTools, "_hit", lambda self, *a, **k: made.append(a[1]) or hit(self, *a, **k))
    first = index.search("sig", limit=60, as_you_type=True, build=5)
    assert len(made) == 5 and first.hits == whole.hits[:5] and first.has_more
    assert first.total_is_estimate and first.total > 0
    rest = index.search("sig", limit=55, offset=5, as_you_type=True)
    assert first.hits + rest.hits == whole.hits
    assert (rest.total, rest.total_is_estimate) == (whole.total, False)
    assert ranked == ["sig", "sig"]  # the rest of the page ranked the text matches
    index.forget_results()
    ranked.clear()
    first = index.search("sig", limit=60, as_you_type=True, build=60)  # more than the titles hold
    assert first.hits == whole.hits and (first.total, first.total_is_estimate) == (whole.total, False)

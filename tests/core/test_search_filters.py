"""Filters in the query language (source:, date:, after:, before:, is:, tag:): valid, malformed,
combined with words and with each other; counts for saved searches."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.library import Library, load_library
from reader.core.search import SearchIndex
from reader.core.search.context import FilterContext, source_names
from reader.core.search.read.filters import split_filters
from search_archive import ASYNC_RUNTIMES, CANDLE, RAYON, SERDE, TOKIO, UNDATED, write_archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Library, SearchIndex]:
    folder = write_archive(tmp_path_factory.mktemp("archive"))
    library = load_library([folder], use_cache=False)
    index = SearchIndex(tmp_path_factory.mktemp("index"))
    index.update(library)
    return folder, library, index


@pytest.fixture(scope="module")
def context(archive) -> FilterContext:
    folder, library, _ = archive
    return FilterContext(
        read=frozenset({SERDE, ASYNC_RUNTIMES}),
        bookmarked=frozenset({RAYON, CANDLE}),
        tags={"Rust": frozenset({RAYON, CANDLE}), "ml": frozenset({CANDLE})},
        sources=source_names(
            library, [folder / "rust-weekly", folder / "ml-news"], {folder / "ml-news": "Machine"}
        ),
    )


def found(index: SearchIndex, query: str, context: FilterContext | None = None, **options) -> set[str | None]:
    results = index.search(query, limit=100, context=context, **options)
    assert not results.problems, results.problems
    return {hit.item_id for hit in results.hits}


CRATES = {SERDE, RAYON, TOKIO, CANDLE, UNDATED, "ml-12/diffusion-models"}


def test_words_alone_find_every_source(archive) -> None:
    assert found(archive[2], "crate") == CRATES


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("crate source:rust-weekly", {SERDE, RAYON, TOKIO}),
        ("crate source:ML-NEWS", {CANDLE, UNDATED, "ml-12/diffusion-models"}),
        ("crate source:machine", {CANDLE, UNDATED, "ml-12/diffusion-models"}),  # the label
        ('crate source:"machine"', {CANDLE, UNDATED, "ml-12/diffusion-models"}),
        ("crate source:twir-510", {RAYON}),  # a file's stem
        ("crate source:twir-510.md", {RAYON}),  # its name
        ("crate source:rust", {SERDE, RAYON, TOKIO}),  # a name's start
        ("crate source:twir-500 source:twir-520", {SERDE, TOKIO}),  # any of them
        ("crate -source:rust-weekly", {CANDLE, UNDATED, "ml-12/diffusion-models"}),
    ],
)
def test_source_filter(archive, context: FilterContext, query: str, expected: set[str]) -> None:
    assert found(archive[2], query, context) == expected


def test_a_source_given_as_a_path(archive, context: FilterContext) -> None:
    folder = archive[0]
    assert found(archive[2], f"crate source:{folder / 'ml-news'}", context) == {
        CANDLE,
        UNDATED,
        "ml-12/diffusion-models",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("crate date:2024", {RAYON, TOKIO, "ml-12/diffusion-models"}),
        ("crate date:2024-03", {RAYON, "ml-12/diffusion-models"}),
        ("crate date:2024-03-04", {RAYON}),
        ("crate date:2023-12..2024-03", {SERDE, RAYON, "ml-12/diffusion-models"}),
        ("crate date:2024-04..", {TOKIO, CANDLE}),
        ("crate date:..2023", {SERDE}),
        ("crate when:2025", {CANDLE}),
        ("crate after:2024-03", {TOKIO, CANDLE}),  # from April 2024 on
        ("crate after:2024-03-04", {"ml-12/diffusion-models", TOKIO, CANDLE}),
        ("crate before:2024", {SERDE}),
        ("crate before:2024-03-15", {SERDE, RAYON}),
        ("crate after:2023 before:2024-06", {RAYON, "ml-12/diffusion-models"}),
        ("crate -date:2024", {SERDE, CANDLE, UNDATED}),  # undated items are not in 2024
        ("crate date:2024/03", {RAYON, "ml-12/diffusion-models"}),
    ],
)
def test_date_filters(archive, query: str, expected: set[str]) -> None:
    assert found(archive[2], query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("crate is:unread", {RAYON, TOKIO, CANDLE, UNDATED, "ml-12/diffusion-models"}),
        ("crate is:read", {SERDE}),
        ("crate -is:read", {RAYON, TOKIO, CANDLE, UNDATED, "ml-12/diffusion-models"}),
        ("crate NOT is:unread", {SERDE}),
        ("crate is:unr", {RAYON, TOKIO, CANDLE, UNDATED, "ml-12/diffusion-models"}),  # as typed so far
        ("crate is:bookmarked", {RAYON, CANDLE}),
        ("crate -is:bookmarked", {SERDE, TOKIO, UNDATED, "ml-12/diffusion-models"}),
        ("crate tag:rust", {RAYON, CANDLE}),
        ("crate tag:ML", {CANDLE}),
        ("crate -tag:ml", CRATES - {CANDLE}),
        ("crate tag:rust tag:ml", {CANDLE}),  # every tag
        ("crate tag:nothing", set()),
    ],
)
def test_state_and_tag_filters(archive, context: FilterContext, query: str, expected: set[str]) -> None:
    assert found(archive[2], query, context) == expected


def test_filters_combine_with_words_and_each_other(archive, context: FilterContext) -> None:
    index = archive[2]
    assert found(index, "crate source:rust-weekly date:2024 is:unread", context) == {RAYON, TOKIO}
    assert found(index, "async OR crate source:rust-weekly date:2024-06", context) == {
        TOKIO,
    }  # a filter applies to the whole query
    assert found(index, "(crate OR async) is:bookmarked -tag:ml", context) == {RAYON}
    results = index.search('"crate of the week" source:rust is:unread', context=context)
    assert {hit.item_id for hit in results.hits} == {RAYON, TOKIO}
    assert results.filters == ["source rust", "unread"]


def test_filters_alone_list_newest_first(archive, context: FilterContext) -> None:
    index = archive[2]
    results = index.search("is:bookmarked", context=context)
    assert [hit.item_id for hit in results.hits] == [CANDLE, RAYON] and results.total == 2
    assert results.sort == "newest"
    results = index.search("source:ml-news", context=context)
    assert [hit.date for hit in results.hits] == [
        "2025-01-06",
        "2025-01-06",
        "2024-03-15",
        "2024-03-15",
        None,
    ]
    oldest = index.search("source:ml-news", context=context, sort="oldest")
    assert [hit.date for hit in oldest.hits] == ["2024-03-15", "2024-03-15", "2025-01-06", "2025-01-06", None]


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("crate date:2024-13", "date:2024-13: there is no month 13"),
        ("crate date:2024-02-30", "2024-02 has no day 30"),
        ("crate date:yesterday", "'yesterday' is not a date"),
        ("crate date:2024-06..2024-01", "the range starts after it ends"),
        ("crate after:2024..2025", "after: takes one date, not a range"),
        ("crate date:..", "a range needs a date on at least one side"),
        ("crate is:starred", "is:starred: not a state"),
        ("crate tag:", "tag: needs a value"),
        ("crate source:nowhere", "source:nowhere: no source has that name; sources include"),
    ],
)
def test_a_malformed_filter_says_what_is_wrong_and_searches_the_rest(
    archive, context: FilterContext, query: str, problem: str
) -> None:
    results = archive[2].search(query, limit=100, context=context)
    assert len(results.problems) == 1 and problem in results.problems[0], results.problems
    assert {hit.item_id for hit in results.hits} == CRATES and results.total == len(CRATES)


def test_filters_needing_user_state_say_so_without_a_context(archive) -> None:
    results = archive[2].search("crate is:unread tag:rust source:ml-news date:2024", limit=100)
    assert results.problems == [
        "is:unread: read marks are not known here",
        "tag:rust: bookmark tags are not known here",
        "source:ml-news cannot be used here (the library's sources are not known)",
    ]
    assert {hit.item_id for hit in results.hits} == {RAYON, TOKIO, "ml-12/diffusion-models"}  # date: applied


def test_filter_words_inside_quotes_are_words() -> None:
    split = split_filters('"source:x is" tag:y')
    assert split.words == '"source:x is"' and [f.typed for f in split.filters] == ["tag:y"]


def test_suggestions_keep_the_filters(archive, context: FilterContext) -> None:
    results = archive[2].search("crat source:rust-weekly", context=context)
    assert results.suggestion == "crate source:rust-weekly"
    corrected = archive[2].search("crat source:rust-weekly", context=context, autocorrect=True)
    assert {hit.item_id for hit in corrected.hits} == {SERDE, RAYON, TOKIO}


def test_highlights_ignore_the_filters(archive) -> None:
    spans = archive[2].match_spans("The crate of the week is ready", "crate is:unread date:2024")
    assert spans == [(4, 9)]


def test_count_matches_search_totals(archive, context: FilterContext) -> None:
    index = archive[2]
    for query in (
        "crate",
        "crate source:rust",
        "is:unread",
        "crate date:2024 -is:read",
        "nothingmatches",
        "",
    ):
        assert index.count(query, context) == index.search(query, context=context).total, query
    assert index.count("crate", context, unread=True) == 5
    assert index.count("", context, unread=True) == 9  # every unread item of the 11
    assert index.count("crate", None, unread=True) == 6  # no read marks: every item is unread


def test_counts_follow_a_changed_context(archive, context: FilterContext) -> None:
    index = archive[2]
    assert index.count("crate", context, unread=True) == 5
    more_read = FilterContext(read=context.read | {RAYON, TOKIO}, sources=context.sources)
    assert index.count("crate", more_read, unread=True) == 3


FILTER_BITS = [
    "source:",
    "date:",
    "after:",
    "before:",
    "is:",
    "tag:",
    "when:",
    "-",
    "NOT ",
    "..",
    "2024",
    "-03",
    "-31",
    '"',
    "(",
    ")",
    " OR ",
    " ",
    "crate",
    "unread",
    "rust",
    "*",
    "~",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.lists(st.sampled_from(FILTER_BITS) | st.text(max_size=4), max_size=14).map("".join),
    as_you_type=st.booleans(),
    sort=st.sampled_from(["relevance", "newest", "oldest"]),
)
def test_any_query_with_filters_never_raises(
    archive, context: FilterContext, query: str, as_you_type: bool, sort: str
) -> None:
    index = archive[2]
    results = index.search(query, limit=5, context=context, as_you_type=as_you_type, sort=sort)
    assert results.total >= len(results.hits) and all(isinstance(p, str) and p for p in results.problems)
    index.count(query, context)
    index.match_spans("a crate about rust", query, as_you_type=as_you_type)
    assert index.error is None


def test_filters_stay_right_as_the_index_changes(tmp_path: Path) -> None:
    """Document tables are kept per segment: an update adds a segment and deletes documents of
    the old one; filters and date order must see both."""
    folder = write_archive(tmp_path / "archive")
    index = SearchIndex(tmp_path / "index")
    index.update(load_library([folder], use_cache=False))

    def context() -> FilterContext:
        library = load_library([folder], use_cache=False)
        return FilterContext(read=frozenset({RAYON}), sources=source_names(library))

    assert found(index, "crate source:twir-510", context()) == {RAYON}
    edited = folder / "rust-weekly" / "twir-510.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("date: 2024-03-04", "date: 2022-05-05")
        + "\n## Crate of the week: clap\n\nArgument parsing crate.\n",
        encoding="utf-8",
    )
    report = index.update(load_library([folder], use_cache=False))
    assert report.updated and not report.rebuilt
    clap = "twir-510/crate-of-the-week-clap"
    assert found(index, "crate source:twir-510", context()) == {RAYON, clap}
    assert found(index, "crate date:2022", context()) == {RAYON, clap}
    assert found(index, "crate date:2024-03") == {"ml-12/diffusion-models"}
    assert found(index, "crate source:twir-510 is:unread", context()) == {clap}
    oldest = index.search("crate", sort="oldest", limit=3).hits
    assert [hit.date for hit in oldest] == ["2022-05-05", "2022-05-05", "2023-12-25"]
    (folder / "rust-weekly" / "twir-500.md").unlink()
    index.update(load_library([folder], use_cache=False))
    assert SERDE not in found(index, "crate", context()) and index.count("crate date:2023") == 0


def test_warming_for_filters_reads_the_tables_once(archive, context: FilterContext, tmp_path: Path) -> None:
    SearchIndex(tmp_path / "none").warm(filters=True)  # no index: nothing to do, no error
    index = archive[2]
    index.warm(filters=True)
    tables = list(index._tools_()._segments._tables.values())
    assert tables and all(t._items is not None and t._keys is not None for t in tables)
    assert found(index, "crate is:unread date:2024", context) == {RAYON, TOKIO, "ml-12/diffusion-models"}


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_narrow_and_wide_filters_agree_across_segments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    """A narrow filter joins the query (DocSet, per segment), a wide one is checked per match:
    both must give the same hits, on an index of several segments."""
    from reader.core.search.read import searching

    folder = write_archive(tmp_path / "archive")
    index = SearchIndex(tmp_path / "index", parallel=False)
    index.update(load_library([folder], use_cache=False))
    for number in range(3):  # each update writes a segment of its own
        (folder / "ml-news" / f"extra-{number}.md").write_text(
            f"---\ntitle: Extra {number}\ndate: 2024-0{number + 1}-20\n---\n\n## Crate extra {number}\n\ncrate\n",
            encoding="utf-8",
        )
        index.update(load_library([folder], use_cache=False))
    searcher, _ = index._open.current()
    assert len(searcher.reader().leaf_readers()) > 1
    library = load_library([folder], use_cache=False)
    context = FilterContext(read=frozenset({RAYON}), sources=source_names(library))
    queries = [
        "crate date:2024",
        "crate source:ml-news",
        "crate -source:ml-news is:unread",
        "crate date:2024-02",
    ]
    answers = {}
    for share in (0.0, 1.0):
        monkeypatch.setattr(searching, "DOCSET_SHARE", share)
        index.forget_results()
        answers[share] = [
            [(hit.item_id, round(hit.score, 6)) for hit in index.search(q, context=context, sort=sort).hits]
            for q in queries
        ]
    assert answers[0.0] == answers[1.0] and all(answers[0.0])
    assert {item for item, _ in answers[1.0][3]} == {"extra-1/crate-extra-1"}


def test_as_you_type_a_word_before_a_filter_is_finished(archive, context: FilterContext) -> None:
    index = archive[2]
    assert found(index, "date:2024 rayo", context, as_you_type=True) == {RAYON}  # the last word: a prefix
    assert found(index, "rayo date:2024", context, as_you_type=True) == set()  # typed before a filter
    assert found(index, "rayo", context, as_you_type=True) == {RAYON}
    assert split_filters("rayo date:2024").words_done and not split_filters("date:2024 rayo").words_done

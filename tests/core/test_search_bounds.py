"""Every query kind is bounded: broad patterns, ranges, many wildcards or fuzzy words and slow
searches answer with what they found and say the results may be incomplete (never by wall time)."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.library import Library, load_library
from reader.core.search import SearchIndex
from reader.core.search.read import bounds


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    from reader.core.locations import seeds_dir

    index = SearchIndex(tmp_path_factory.mktemp("bounds") / "index")
    library: Library = load_library([seeds_dir()], use_cache=False)
    assert index.update(library).added == library.item_count
    return index


def check(results, index: SearchIndex) -> None:
    assert index.error is None and results.total >= len(results.hits)
    for hit in results.hits:
        assert all(0 <= a < b <= len(hit.snippet) for a, b in hit.snippet_spans)


def test_star_alone_is_every_document_and_complete(index: SearchIndex) -> None:
    results = index.search("*", limit=5)
    check(results, index)
    assert results.total == index.search("title:*", limit=5).total > 45 and not results.incomplete


@pytest.mark.parametrize(
    "query",
    [
        "[a TO z]",
        "{a TO z}",
        "title:[a TO z] OR text:[a TO zz]",
        " ".join(f"*{letter}" for letter in string.ascii_lowercase * 12)[:600],
        " OR ".join(f"{letter}*" for letter in string.ascii_lowercase * 6)[:600],
        "a* b* c* d* e* f* g* h* i* j* k* l* m*",
        " ".join(
            f"{word}~2"
            for word in (
                "modle",
                "traning",
                "labl",
                "graf",
                "netwrk",
                "atention",
                "lern",
                "dta",
                "vison",
                "speach",
            )
        ),
    ],
)
@pytest.mark.parametrize("as_you_type", [False, True])
def test_a_query_past_a_bound_returns_and_says_incomplete(
    index: SearchIndex, query: str, as_you_type: bool
) -> None:
    results = index.search(query, limit=10, as_you_type=as_you_type)
    check(results, index)
    assert results.incomplete
    assert results.to_json()["incomplete"] is True


def test_patterns_stand_for_their_most_frequent_terms(index: SearchIndex) -> None:
    results = index.search("[a TO z]", limit=50)
    assert results.incomplete and results.total > 10  # the most frequent words match many items
    narrow = index.search("welder*")
    assert not narrow.incomplete and [hit.title for hit in narrow.hits] == ["Who Watches the Welders?"]


def test_the_deadline_stops_a_search_with_what_it_found(index: SearchIndex) -> None:
    results = index.search("model", deadline=0.0)
    check(results, index)
    assert results.incomplete and results.total < index.search("model").total
    assert not index.search("model").incomplete


def test_a_long_fuzzy_word_is_searched_as_typed(index: SearchIndex) -> None:
    word = "propagationpropagationpropagation"
    assert len(word) > bounds.MAX_FUZZY_LENGTH
    results = index.search(f"{word}~2")
    check(results, index)
    assert results.incomplete and results.total == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.lists(
        st.sampled_from(list('*?ab~2 []{}-":^')) | st.sampled_from(["mo", "tr", " TO ", "OR ", "title:"]),
        max_size=120,
    ).map("".join),
    as_you_type=st.booleans(),
)
def test_any_pattern_soup_returns_without_raising(index: SearchIndex, query: str, as_you_type: bool) -> None:
    results = index.search(query, limit=5, as_you_type=as_you_type)
    check(results, index)
    index.match_spans("a model trains on data", query, as_you_type=as_you_type)

"""Searching the seeds: ranking, stemming, syntax, fuzzy and did-you-mean, as-you-type, snippets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.library import Library, load_library
from reader.core.search import SearchIndex

LABEL_PROPAGATION = "000-c4ff5c47/reviving-classic-ai"


@pytest.fixture
def library(seeds_dir: Path) -> Library:
    return load_library([seeds_dir])


@pytest.fixture
def index(library: Library) -> SearchIndex:
    index = SearchIndex()
    report = index.update(library)
    assert report.added == library.item_count and index.error is None
    return index


def ids(index: SearchIndex, query: str, **options) -> list[str]:
    return [hit.item_id for hit in index.search(query, limit=50, **options).hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("label propagation", LABEL_PROPAGATION),
        ("480M params", "001-f6c8b6d0/87-4-top-1-accuracy"),
        ("welders", "003-28404f70/who-watches-the"),
        ("Direct Preference Optimization", "004-82ebace2/issue-128-reinforcemen"),
        ("Pix2Seq", "002-93599bb9/pix2seq-a-new"),
    ],
)
def test_seed_queries_find_the_right_item_first(index: SearchIndex, query: str, expected: str) -> None:
    results = index.search(query)
    assert results.hits and results.hits[0].item_id == expected
    assert results.total == len(results.hits) >= 1


def test_stemming_finds_other_forms_of_a_word(index: SearchIndex) -> None:
    assert ids(index, "propagating")[0] == LABEL_PROPAGATION
    hit = index.search("propagating").hits[0]
    marked = {hit.snippet[a:b].lower() for a, b in hit.snippet_spans}
    assert "propagation" in marked


def test_all_words_must_match(index: SearchIndex) -> None:
    assert ids(index, "welders") and not ids(index, "welders propagation")


def test_phrase_needs_the_words_in_order(index: SearchIndex) -> None:
    assert ids(index, '"semi-supervised learning"') == [LABEL_PROPAGATION]
    assert ids(index, '"learning semi-supervised"') == []
    assert len(ids(index, '"language model"')) < len(ids(index, "language model"))


def test_field_queries(index: SearchIndex, library: Library) -> None:
    assert ids(index, "title:welders") == ["003-28404f70/who-watches-the"]
    assert ids(index, "title:propagation") == []  # only in bodies
    monthly = {item.id for issue, item in library.items() if "Monthly" in issue.title}
    found = index.search("issue:monthly", limit=50).hits
    assert {hit.item_id for hit in found if hit.kind == "item"} == monthly
    assert {hit.issue_id for hit in found if hit.kind == "issue"} == {"002-93599bb9"}  # its intro
    with_github = {
        item.id for _, item in library.items() if any("github.com" in link.url for link in item.links)
    }
    assert with_github and set(ids(index, "link:github")) == with_github
    assert set(ids(index, "title:pix2seq OR title:welders")) == {
        "002-93599bb9/pix2seq-a-new",
        "003-28404f70/who-watches-the",
    }


def test_not_and_minus_exclude(index: SearchIndex) -> None:
    everything = set(ids(index, "transformer"))
    without = set(ids(index, "transformer -vision"))
    assert without == set(ids(index, "transformer NOT vision"))
    assert without < everything
    assert not without & set(ids(index, "vision"))


def test_title_matches_rank_first(index: SearchIndex) -> None:
    hits = index.search("transformer", limit=50).hits
    in_title = [bool(hit.title_spans) for hit in hits]
    assert in_title[0] and in_title == sorted(in_title, reverse=True)


def test_wildcard_and_fuzzy(index: SearchIndex) -> None:
    assert LABEL_PROPAGATION in ids(index, "propag*")
    assert ids(index, "transfomer") == []
    fuzzy = index.search("transfomer~").hits
    assert fuzzy and any("ransform" in hit.title for hit in fuzzy)


def test_did_you_mean_from_the_index_vocabulary(index: SearchIndex) -> None:
    results = index.search("transfomer")
    assert results.total == 0 and results.suggestion == "transformer"
    assert index.search("label propogation").suggestion == "label propagation"
    assert index.search("welders").suggestion is None
    corrected = index.search("transfomer", autocorrect=True)
    assert corrected.corrected_from == "transfomer" and corrected.query == "transformer" and corrected.hits


@pytest.mark.parametrize("query", ["", "   ", "\x1b[2J"])
def test_empty_query_searches_nothing(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    assert results.total == 0 and results.hits == []


@pytest.mark.parametrize(
    "query",
    [
        "(label propagation",
        'label propagation"',
        "label) propagation",
        "label propagation AND",
        "OR label propagation",
        "title: label propagation",
        "label:: propagation",
    ],
)
def test_malformed_syntax_falls_back_to_plain_words(index: SearchIndex, query: str) -> None:
    assert ids(index, query)[0] == LABEL_PROPAGATION


def test_as_you_type_matches_the_last_word_as_a_prefix(index: SearchIndex) -> None:
    assert ids(index, "propaga") == []
    assert ids(index, "propaga", as_you_type=True)[0] == LABEL_PROPAGATION
    assert ids(index, "label propa", as_you_type=True)[0] == LABEL_PROPAGATION
    assert ids(index, "title:weld", as_you_type=True) == ["003-28404f70/who-watches-the"]
    # a finished word (trailing space) is not a prefix any more
    assert ids(index, "weld ", as_you_type=True) == ids(index, "weld")


def test_snippets_are_plain_text_with_spans_on_matched_words(index: SearchIndex) -> None:
    hit = index.search("label propagation").hits[0]
    assert "[" not in hit.snippet and "](" not in hit.snippet and "**" not in hit.snippet
    words = [hit.snippet[a:b].lower() for a, b in hit.snippet_spans]
    assert words and all(word.startswith(("label", "propag")) for word in words)
    assert [hit.title[a:b] for a, b in hit.title_spans] == []


def test_snippets_are_made_only_for_returned_hits(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.core.search.read.searching as searching

    calls = []
    real = searching.snippet
    monkeypatch.setattr(searching, "snippet", lambda *a: calls.append(1) or real(*a))
    results = index.search("model", limit=3)
    assert results.total > 3 and len(results.hits) == 3 and len(calls) == 3


def test_match_spans_marks_stemmed_matches_in_any_text(index: SearchIndex) -> None:
    text = "We propagate labels; propagation of labeled data. Nothing else."
    spans = index.match_spans(text, "propagating label")
    assert [text[a:b] for a, b in spans] == ["propagate", "labels", "propagation", "labeled"]
    assert [text[a:b] for a, b in index.match_spans(text, "label -propagation")] == ["labels", "labeled"]
    assert index.match_spans(text, "") == []
    assert [text[a:b] for a, b in index.match_spans(text, "propa", as_you_type=True)] == [
        "propagate",
        "propagation",
    ]


def test_search_without_an_index_finds_nothing(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "none")
    assert index.search("welders").hits == [] and index.error is None


def test_importing_the_package_does_not_import_whoosh() -> None:
    code = "import sys, reader.core.search; print('whoosh' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.text(
        alphabet=st.sampled_from(list('ab welders"()*?~:^-+[]{}/\\!ANDORNOT title:issue:link:'))
        | st.characters(),
        max_size=40,
    ),
    as_you_type=st.booleans(),
)
def test_any_query_string_never_raises(index: SearchIndex, query: str, as_you_type: bool) -> None:
    results = index.search(query, limit=5, as_you_type=as_you_type)
    assert results.total >= len(results.hits)
    for hit in results.hits:
        assert all(0 <= a < b <= len(hit.snippet) for a, b in hit.snippet_spans)
    index.match_spans("some text about welders", query, as_you_type=as_you_type)
    assert index.error is None


def test_chinese_and_japanese_words_are_found_inside_sentences(tmp_path: Path) -> None:
    """CJK is written without spaces: a word in the middle of a sentence is still found."""
    from reader.core.library import load_library
    from reader.core.search import SearchIndex

    folder = tmp_path / "cjk"
    folder.mkdir()
    (folder / "zh.md").write_text(
        "# 周刊\n\n## 大型语言模型\n\n研究人员发布了新的语言模型。東京の研究者も参加した。\n\n"
        "## English item\n\nTransformers and attention.\n",
        encoding="utf-8",
    )
    index = SearchIndex(tmp_path / "index")
    index.update(load_library([folder], use_cache=False))
    for query in ("模型", "语言模型", '"语言模型"', "東京", "研究者"):
        for as_you_type in (False, True):
            results = index.search(query, as_you_type=as_you_type)
            assert [hit.title for hit in results.hits] == ["大型语言模型"], (query, as_you_type)
    assert index.search("变压器").total == 0
    hit = index.search("东京 OR 東京").hits[0]
    assert [hit.snippet[a:b] for a, b in hit.snippet_spans] == ["東", "京"]
    assert index.search("transformers").hits[0].title == "English item"


def test_suggestion_for_an_unbalanced_quote_has_no_stray_quote(seeds_dir: Path, tmp_path: Path) -> None:
    from reader.core.library import load_library
    from reader.core.search import SearchIndex

    index = SearchIndex(tmp_path / "index")
    index.update(load_library([seeds_dir], use_cache=False))
    suggestion = index.search('"label propogation').suggestion
    assert suggestion == "label propagation"
    assert index.search('"label propogation"').suggestion == '"label propagation"'


def test_a_title_variant_whoosh_cannot_run_falls_back_to_the_full_query(index: SearchIndex) -> None:
    """Whoosh's AndNot/union matchers raise IndexError on this shape in the title-only variant;
    the search must still answer from the full query instead of finding nothing."""
    query = "to~ ANDNOT images ai"
    found = index.search(query, as_you_type=True)
    tools, searcher = index._tools_(), index._open.searcher
    from reader.core.search.read.searching import collect

    expected = len(collect(searcher, tools.queries(query, searcher, prefix=True).full, 50))
    assert expected > 0 and found.total == expected and index.error is None


def test_as_you_type_a_word_is_corrected_once_per_searcher(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each keystroke of a query that finds nothing asks for a "did you mean": the words typed
    before the last are not looked up again (the same searcher gives the same correction)."""
    from reader.core.search.read import suggest

    index = SearchIndex(tmp_path / "index")
    index.update(load_library([seeds_dir]))
    looked_up: list[str] = []
    real = suggest._correct

    def counting(searcher, reader, word, analyzer, *rest):
        looked_up.append(word)
        return real(searcher, reader, word, analyzer, *rest)

    monkeypatch.setattr(suggest, "_correct", counting)
    typed = [index.search(text, as_you_type=True) for text in ("label propogation", "label propogation x")]
    assert typed[0].suggestion == "label propagation"
    assert typed[1].suggestion and typed[1].suggestion.startswith("label propagation")
    assert looked_up.count("propogation") == 1 and looked_up.count("label") == 1


def test_as_you_type_the_unfinished_word_is_corrected_within_one_edit(
    seeds_dir: Path, tmp_path: Path
) -> None:
    """Two edits cost several times one, on every keystroke, for a word not typed yet: as you
    type the last word gets one; the finished query (and every finished word) gets two, also
    after the unfinished word's miss (which is not remembered)."""
    index = SearchIndex(tmp_path / "index")
    index.update(load_library([seeds_dir], use_cache=False))
    assert index.search("label propogation", as_you_type=True).suggestion == "label propagation"
    assert index.search("label propgation", as_you_type=True).suggestion is None
    assert index.search("label propgation").suggestion == "label propagation"
    assert index.search("propgation label", as_you_type=True).suggestion == "propagation label"

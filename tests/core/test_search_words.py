"""Words as a reader reads them are words the index finds: a phrase copied from a digest, with its
punctuation, underscores, one-letter words, stop words, URLs, emphasis or CJK, finds its item, and
so does an identifier typed whole (first) or as you type."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.library import load_library
from reader.core.search import SearchIndex
from reader.core.search.textprep import plain_text

DIGEST = """# Weekly 12

## Storage news

The `storage.k8s.io/v1alpha1` API is no longer served by default.

## Completion

Clean up `CompletionContext::expected_type` and `move_guard_to_arm_body` in one go.

## Prose about types

The expected type of a completion is shown, and we move guard to arm body when asked.

## Borland days

I built it on a CD with Borland C++ 5.0, which I still have.

## Xcode-Kotlin 2.0 Release

A plugin for debugging Kotlin in Xcode.

## Thanks

Thanks to _Maxim Nikulin_ and _Nicolas Goaziou_ for their patches.

## Build manual

The manual is at https://github.com/ocaml/ocamlbuild/tree/master/manual for now.

## Big Changes Ahead for Deno

\\+ Deno 1.25 ships a new npm compatibility layer.

## Keys

You can now use `<Backspace>` to delete last characters of the pattern.

## 工具

新增记忆文件（类似 claude.md）以记录用户偏好，比如跳过某些文件夹。
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    root = tmp_path_factory.mktemp("words")
    (root / "lib").mkdir()
    (root / "lib" / "weekly-12.md").write_text(DIGEST, encoding="utf-8")
    index = SearchIndex(root / "index")
    index.update(load_library([root / "lib"], use_cache=False))
    return index


def titles(index: SearchIndex, query: str, **kwargs) -> list[str]:
    return [hit.title for hit in index.search(query, **kwargs).hits]


@pytest.mark.parametrize(
    "phrase, title",
    [
        # words joined by punctuation or underscores are split as a reader splits them
        ("storage k8s io v1alpha1 api is no longer served", "Storage news"),
        ("clean up completioncontext expected type", "Completion"),
        ("expected type and move guard to arm body in one go", "Completion"),
        # one-letter words and stop words: left out on both sides, the phrase still matches
        ("cd with borland c 5 0 which i", "Borland days"),
        ("xcode kotlin 2 0 release", "Xcode-Kotlin 2.0 Release"),
        # Markdown emphasis is not part of the words
        ("maxim nikulin and nicolas goaziou", "Thanks"),
        # a URL written in the text is words of the text
        ("github com ocaml ocamlbuild tree master manual", "Build manual"),
        # a phrase from an item's title into its body
        ("changes ahead for deno deno 1 25", "Big Changes Ahead for Deno"),
        ("类似 claude md 以记录用户偏好", "工具"),
        # a tag written as code is text
        ("now use backspace to delete last characters", "Keys"),
    ],
)
def test_a_phrase_as_a_reader_reads_it_finds_its_item(index: SearchIndex, phrase: str, title: str) -> None:
    assert titles(index, f'"{phrase}"') == [title]


def test_punctuation_typed_in_a_phrase_splits_the_same_way(index: SearchIndex) -> None:
    assert titles(index, '"storage.k8s.io/v1alpha1 API is no longer served"') == ["Storage news"]
    assert titles(index, '"Borland C++ 5.0, which"') == ["Borland days"]


def test_an_identifier_typed_whole_ranks_its_own_item_first(index: SearchIndex) -> None:
    # Both items hold the words in sequence; the one with the identifier itself comes first.
    assert titles(index, "move_guard_to_arm_body") == ["Completion", "Prose about types"]
    assert set(titles(index, "expected_type")) == {"Completion", "Prose about types"}
    assert titles(index, "CompletionContext::expected_type") == ["Completion"]
    assert titles(index, "storage.k8s.io") == ["Storage news"]


def test_a_number_with_a_dot_is_found_whole(index: SearchIndex) -> None:
    assert titles(index, "2.0") == ["Xcode-Kotlin 2.0 Release"]
    assert titles(index, "5.0") == ["Borland days"]


@pytest.mark.parametrize(
    "typed, title",
    [
        ("storage.k8", "Storage news"),
        ("move_gu", "Completion"),
        ("xcode-ko", "Xcode-Kotlin 2.0 Release"),
        ("CompletionContext::exp", "Completion"),
    ],
)
def test_a_glued_word_is_found_as_you_type(index: SearchIndex, typed: str, title: str) -> None:
    assert titles(index, typed, as_you_type=True) == [title]
    excluded = titles(index, f"-{typed}", as_you_type=True, limit=50)
    assert title not in excluded and len(excluded) == index.search("-nothingsuch", limit=50).total - 1


def test_the_snippet_shows_emphasised_words_without_markup(index: SearchIndex) -> None:
    hit = index.search("Nikulin").hits[0]
    assert "Maxim Nikulin and Nicolas Goaziou" in hit.snippet
    assert "_" not in hit.snippet
    start, end = hit.snippet_spans[0]
    assert hit.snippet[start:end] == "Nikulin"


def test_plain_text_drops_emphasis_and_tags_but_not_code() -> None:
    assert plain_text("_Maxim Nikulin_ and snake_case, `<Backspace>` <b>bold</b>") == (
        "Maxim Nikulin and snake_case, <Backspace> bold"
    )


def test_plain_text_reads_links_as_shown() -> None:
    # a link text wrapped onto a new line is still a link text (its URL is not shown); an
    # autolink of any scheme is its URL, not a tag to drop
    assert plain_text("See the [structure\nREADME](https://github.com/x#y). If not, jump") == (
        "See the structure README. If not, jump"
    )
    assert (
        plain_text("at <ftp://ftp.inria.fr/INRIA/caml-light/> now")
        == "at ftp://ftp.inria.fr/INRIA/caml-light/ now"
    )


def test_an_identifier_is_highlighted_whole_and_its_words_in_prose(index: SearchIndex) -> None:
    code, prose = index.search("move_guard_to_arm_body").hits
    assert [code.snippet[a:b] for a, b in code.snippet_spans] == ["move_guard_to_arm_body"]
    assert [prose.snippet[a:b] for a, b in prose.snippet_spans] == ["move", "guard", "arm", "body"]


def test_words_near_a_glued_run_still_get_suggestions(tmp_path: Path, index: SearchIndex) -> None:
    assert index.search("borlnd").suggestion == "borland"


def test_a_glued_run_found_as_you_type_is_highlighted_whole(index: SearchIndex) -> None:
    hit = index.search("move_gu", as_you_type=True).hits[0]
    assert [hit.snippet[a:b] for a, b in hit.snippet_spans] == ["move_guard_to_arm_body"]
    hit = index.search("xcode-ko", as_you_type=True).hits[0]
    assert [hit.title[a:b] for a, b in hit.title_spans] == ["Xcode-Kotlin"]

"""Snippets: matched words located exactly as the tokenizer sees them, best passages chosen."""

from __future__ import annotations

import random

import pytest

from reader.core.search.analysis import stemmed_words
from reader.core.search.read.query import TermMatcher
from reader.core.search.read.snippets import (
    CHAR_LIMIT,
    ELLIPSIS,
    SNIPPET_CHARS,
    Verdicts,
    matched_words,
    snippet,
)

ANALYZER = stemmed_words()


def matcher(*words: str) -> TermMatcher:
    return TermMatcher(exact={ANALYZER.term(word) for word in words})


def reference(text: str, matches) -> list[tuple[int, int, str]]:
    """What the analyzer's own word-by-word pass finds (the slow, obvious way)."""
    return [(start, end, term) for term, start, end in ANALYZER.spans(text) if matches(term)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Model training; the model.", ["Model", "model"]),
        ("xmodel and modelx are other words; v1.model, model_x and (model) are not", ["model"] * 3),
        ("Models modelled MODEL", ["Models", "modelled", "MODEL"]),
        ("model.v2 is two words, as the index splits it", ["model"]),
        ("東京のmodel", ["model"]),
    ],
)
def test_matched_words_respect_word_boundaries(text: str, expected: list[str]) -> None:
    found = matched_words(text, matcher("model"), ANALYZER)
    assert [text[a:b] for a, b, _ in found] == expected
    assert found == reference(text, matcher("model"))


def test_matched_words_agree_with_the_analyzer_on_random_text() -> None:
    rng = random.Random(7)
    vocabulary = [
        "model",
        "models",
        "Modeling",
        "data",
        "dataset",
        "the",
        "a",
        "x",
        "v1.2",
        "東",
        "京",
        "naïve",
        "İstanbul",
        "model_card",
        "re-model",
        "(model)",
        "model.",
        "3d",
        "ÆON",
        "ß",
        "ΟΔΥΣΣΕΥΣ",
        "ΟΔΥΣΣΕΥΣ'",
        "e.g.",
        "U.S.A.",
        "model\u0301",
        "MODEL’S",
    ]
    separators = [" ", "  ", ". ", ", ", "\n", "-", ".", "/", "_"]
    query = matcher("model", "data", "東", "naïve", "istanbul", "οδυσσευς", "usa")
    for _ in range(300):
        text = "".join(rng.choice(vocabulary) + rng.choice(separators) for _ in range(rng.randint(0, 40)))
        assert matched_words(text, query, ANALYZER) == reference(text, query), text


def test_shared_verdicts_give_the_same_answers() -> None:
    query = matcher("gradient")
    verdicts = Verdicts(query, ANALYZER)
    texts = ["Gradient descent, gradients.", "No match here.", "A gradient; gradual is not one."]
    for text in texts:
        assert matched_words(text, query, ANALYZER, verdicts) == reference(text, query)


def test_snippet_prefers_the_passage_with_more_distinct_matches() -> None:
    filler = "lorem ipsum dolor sit amet " * 12
    text = f"Intro about attention. {filler}Here attention and transformers meet. {filler}The end."
    shown, spans = snippet(text, matcher("attention", "transformer"), ANALYZER)
    marked = [shown[a:b] for a, b in spans]
    assert marked == ["attention", "attention", "transformers"]
    assert shown.startswith(ELLIPSIS) is False and f" {ELLIPSIS} " in shown  # two passages, in text order
    assert shown.index("Intro about attention") < shown.index("transformers meet")


def test_snippet_passages_are_whole_words_of_bounded_length() -> None:
    words = ["alpha", "beta", "gamma", "delta", "epsilon"] * 60
    text = " ".join(words[:150]) + " target " + " ".join(words[150:])
    shown, spans = snippet(text, matcher("target"), ANALYZER)
    assert [shown[a:b] for a, b in spans] == ["target"]
    assert shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS)
    inner = shown.strip(ELLIPSIS).split()
    assert all(word in {"alpha", "beta", "gamma", "delta", "epsilon", "target"} for word in inner)
    assert len(shown) <= SNIPPET_CHARS


def test_snippet_without_a_match_is_the_opening() -> None:
    text = "word " * 100
    shown, spans = snippet(text, matcher("absent"), ANALYZER)
    assert spans == [] and shown.endswith(ELLIPSIS) and text.startswith(shown[:-1])


@pytest.mark.parametrize("filler", ["x ", "İ "], ids=["fast path", "word by word"])
def test_a_word_cut_by_the_scan_limit_is_not_highlighted(filler: str) -> None:
    head = filler * ((CHAR_LIMIT - 5) // len(filler))
    text = head + " " * (CHAR_LIMIT - 5 - len(head)) + "modeling modeling"
    assert text[CHAR_LIMIT - 5 : CHAR_LIMIT] == "model", "cut there, the word's start would match too"
    assert matched_words(text, matcher("modeling"), ANALYZER) == []


def test_other_word_rules_are_followed_too() -> None:
    from reader.core.search.analysis import link_words

    links = link_words()
    query = TermMatcher(exact={"bar"})
    assert matched_words("foo_bar baz", query, links) == [(4, 7, "bar")]

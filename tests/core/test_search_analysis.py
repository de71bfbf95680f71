"""The index's word handling: the fast indexing path agrees with the token path queries use."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.search.analysis import FastPositions, WordAnalyzer, link_words, stemmed_words
from reader.core.search.textprep import plain_text

WORDS = st.text(alphabet=st.sampled_from(list("abcdeéİß ing.the-and of\n'’2024 *_:東")), max_size=200)


def token_positions(analyzer: WordAnalyzer, text: str) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for token in analyzer(text, positions=True):
        positions.setdefault(token.text, []).append(token.pos)
    return positions


@settings(max_examples=300, deadline=None)
@given(text=WORDS | st.text(max_size=120))
def test_indexing_and_query_paths_give_the_same_terms(text: str) -> None:
    for analyzer in (stemmed_words(), link_words()):
        assert dict(analyzer.term_positions(text)) == token_positions(analyzer, text)
        assert [term for term, _, _ in analyzer.spans(text)] == [t.text for t in analyzer(text, mode="query")]


@settings(max_examples=200, deadline=None)
@given(positions=st.lists(st.integers(0, 2**31), min_size=1, max_size=20, unique=True).map(sorted))
def test_positions_round_trip(positions: list[int]) -> None:
    fmt = FastPositions()
    encoded = fmt.encode(positions)
    assert fmt.decode_positions(encoded) == positions
    assert fmt.decode_frequency(encoded) == len(positions)


def test_stemming_joins_word_forms() -> None:
    analyzer = stemmed_words()
    assert {analyzer.term(w) for w in ("propagating", "propagation", "propagated")} == {"propag"}
    assert analyzer.term("the") is None and analyzer.term("a") is None
    # current Snowball rules: words of different meaning no longer share a stem
    assert analyzer.term("organization") == analyzer.term("organizers") != analyzer.term("organ")
    assert analyzer.term("university") != analyzer.term("universal")
    assert analyzer.term("added") == analyzer.term("adding") == "add"
    assert list(link_words().term_positions("https://github.com/sec-ai/label_propagation")) == [
        "https",
        "github",
        "com",
        "sec",
        "ai",
        "label",
        "propagation",
    ]


def test_plain_text_keeps_words_and_drops_markup() -> None:
    markdown = (
        "## Heading\n\n**Bold** and `code` with [a link](https://example.com/x?y=(1)) and "
        "<https://auto.link> plus <b>tags</b>.\n\n- bullet one\n1. numbered\n\n---\n> quote"
    )
    assert plain_text(markdown) == (
        "Heading Bold and code with a link and https://auto.link plus tags . bullet one numbered quote"
    )
    assert plain_text("\x1b[31mred\x1b[0m") == "red"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab _*`~\n.é")), max_size=40))
def test_the_fast_markup_patterns_match_their_plain_forms(text: str) -> None:
    from reader.core.search import textprep

    assert textprep._EMPHASIS.sub("", text) == re.sub(r"\*{1,3}|_{2,3}|~~|`+", "", text)
    plain_underscores = r"(?<![^\W_])_(?=[^\W_])|(?<=[^\W_])_(?![^\W_])"
    assert textprep._UNDERSCORE_EMPHASIS.sub("", text) == re.sub(plain_underscores, "", text)


def test_a_glued_run_is_analysed_once_and_gives_the_same_terms_again() -> None:
    analyzer = stemmed_words()
    text = "Fix `move_guard_to_arm_body` in storage.k8s.io, then move_guard_to_arm_body again"
    first = dict(analyzer.term_positions(text))
    assert "move_guard_to_arm_body" in analyzer._runs
    assert dict(analyzer.term_positions(text)) == first == token_positions(analyzer, text)
    assert first["move_guard_to_arm_body"] == [first["move"][0], first["move"][1]]


MARKDOWN_LINES = st.lists(
    st.text(alphabet=st.sampled_from(list(" \t#>-*+_1.)ab")), max_size=12), max_size=8
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(text=MARKDOWN_LINES)
def test_line_patterns_match_what_line_anchored_ones_match(text: str) -> None:
    """The newline-led rule and line-marker patterns drop what '(?m)^...$' patterns drop."""
    import reader.core.search.textprep as textprep

    rule = re.compile(r"(?m)^[ \t]*(?:[-*_][ \t]*){3,}$")
    markers = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+(?=\S)|\d{1,3}[.)][ \t]+(?=\S))")
    expected = markers.sub("", rule.sub(" ", text))
    found = textprep._LINE_MARKERS.sub("\n", textprep._RULE.sub("\n ", "\n" + text))
    assert found.split() == expected.split()


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list('![]()" ab:/.\n')), max_size=60))
def test_link_texts_replace_links_and_images_by_their_text(text: str) -> None:
    from reader.core.search.textprep import link_texts

    image_or_link = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
    assert link_texts(text) == image_or_link.sub(r"\1", text)
    assert (
        link_texts("see ![a chart](c.png) and [the paper](https://x.org/p)!") == "see a chart and the paper!"
    )

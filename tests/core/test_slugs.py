"""Slugs for ids: ASCII titles take a short path that must give what the folding path gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.model import _folded_slug, slugify


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_titles_slug_as_the_folding_path_would(text: str) -> None:
    assert slugify(text, max_len=10_000) == _folded_slug(text)


def test_slugs_of_every_script() -> None:
    assert slugify("Who Watches the Welders?") == "who-watches-the-welders"
    assert slugify("Café zählt") == "cafe-zahlt"
    assert slugify("大型语言模型") == "大型语言模型"
    assert slugify("καλημέρα κόσμε") == "καλημέρα-κόσμε"
    assert slugify("a" * 30 + " " + "b" * 30, 40) == "a" * 30

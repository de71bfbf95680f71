"""Markdown nested deeper than markdown-it renders is flattened, never dropped."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reader.core.nesting import flatten_deep_nesting

_MD = MarkdownIt("commonmark")


def shown(source: str) -> str:
    """Every piece of text markdown-it renders from `source` (after flattening)."""
    tokens = _MD.parse(flatten_deep_nesting(source))
    return " ".join(t.content for t in tokens if t.type in ("inline", "code_block", "fence", "html_block"))


def test_a_thousand_deep_quote_keeps_its_text() -> None:
    assert shown("> " * 1000 + "deep words here") == "deep words here"
    assert flatten_deep_nesting("> " * 1000 + "deep") == "> " * 8 + "deep"


def test_twenty_level_lists_show_every_level() -> None:
    for indent, marker in ((2, "-"), (4, "1."), (3, "*")):
        source = "\n".join(" " * (indent * n) + f"{marker} level{n}" for n in range(20))
        words = shown(source).split()
        assert words == [f"level{n}" for n in range(20)], (indent, marker)


def test_shallow_text_and_fenced_code_are_left_alone() -> None:
    normal = "# T\n\n- a\n    - b\n        - c\n\n> q\n> > qq\n\n    code\n\n```\n" + " " * 40 + "x\n```\n"
    assert flatten_deep_nesting(normal) == normal
    fenced = "```\n" + "> " * 30 + "quoted code\n```"
    assert flatten_deep_nesting(fenced) == fenced


_PREFIX = st.lists(st.sampled_from(["> ", "- ", "1. ", "  ", "    ", "\t", "* "]), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_PREFIX, st.booleans()), min_size=1, max_size=25))
def test_every_word_of_any_nesting_is_shown(lines: list[tuple[list[str], bool]]) -> None:
    source = "\n".join(
        "".join(prefix) + f"word{n}" + ("\n" if blank else "") for n, (prefix, blank) in enumerate(lines)
    )
    text = shown(source)
    for n in range(len(lines)):
        assert f"word{n}" in text, (n, source)

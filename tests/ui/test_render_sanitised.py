"""The app's Markdown renderer: entity-encoded bidi and invisible characters never reach the
screen (cleaned after rendering), and nesting too deep to render is flattened, never dropped."""

from __future__ import annotations

from textual.style import Style

from reader.ui.markdown_render import MarkdownRenderer

INVISIBLE = ("\u202e", "\u202c", "\u200f", "\u200e", "\u2066", "\u2069", "\ufeff", "\u2028", "\x1b")


def render(source: str) -> str:
    out, _urls = MarkdownRenderer(lambda role: Style()).render(source)
    return out.build().plain


def test_entity_encoded_bidi_and_invisible_characters_are_removed_after_rendering() -> None:
    text = render(
        "Hello &#x202E;evil&#x202C; &rlm;mark&lrm; &#x2066;iso&#x2069; &#xFEFF;&#x2028; "
        "[&#x202E;link](https://example.com/) `code &#x202E;` &#27;[2J end"
    )
    for char in INVISIBLE:
        assert char not in text, repr(char)
    assert "Hello evil mark iso" in text and "link" in text and "end" in text


def test_a_thousand_deep_quote_and_twenty_level_lists_stay_visible() -> None:
    assert "bottom of the quote" in render("> " * 1000 + "bottom of the quote")
    lists = "\n".join("  " * n + f"- level{n}" for n in range(20))
    words = [word for word in render(lists).split() if word.startswith("level")]
    assert words == [f"level{n}" for n in range(20)]

"""The parser's shortcuts through markdown-it give exactly markdown-it's own reading.

`mdfast.plain_inline` reads plain text with `[text](url)` links without markdown-it's inline
parser; `normalize_link` skips its URL normalisation for plain http(s) URLs. Both are held
here to markdown-it's result on generated text (seeded) and on every digest under tests/data.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.rules_core.normalize import normalize
from markdown_it.rules_core.state_core import StateCore

from reader.core.parsing import mdblocks
from reader.core.parsing.mdfast import normalize_link, normalize_source, plain_inline
from reader.core.sanitize import clean_line, clean_text

DATA = Path(__file__).resolve().parents[1] / "data" / "digests"
_MD = MarkdownIt("commonmark", {"html": True}).enable(["table"])

_PIECES = [
    "word",
    "Ünïcödé",
    "大型语言模型",
    " ",
    "  ",
    "\t",
    "\n",
    "  \n",
    " \n   ",
    "\n\t",
    ".",
    "!",
    "(",
    ")",
    "]",
    "#",
    ":",
    "R&D",
    "1、",
    "2.",
    "🔥 ",
    "*",
    "_",
    "`",
    "\\",
    "<",
    "&amp;",
    "&#42;",
    "[",
    "\x9b1 ",  # an escape sequence that a line break (read as a space) lets run on
    "q",
]
_LABELS = [
    "title",
    "two words",
    "line\nbreak",
    "trailing  \n next",
    "!",
    "R&D",
    "a*b",
    "`c`",
    "x_y",
    " ",
    "ü",
]
_URLS = [
    "https://example.com/a_b*c",
    "https://example.com/path?q=1&r=2#frag",
    "http://ex-ample.org",
    "https://example.com/%E2%9C%93",
    "https://example.com/%zz",
    "https://例子.com/路径",
    "https://example.com/a|b",
    "https://EXAMPLE.com/",
    "https://" + "a" * 64 + ".com/",
    "relative/path.html",
    "/root",
    "mailto:someone@example.com",
    "javascript:alert(1)",
    "https://example.com/a&amp;b",
    "https://example.com/[x]",
    "https://user@example.com:8080/p",
]


# Where line breaks show: an escape sequence runs on over the space a break is read as.
_BREAKS = ["a \x9b1 \nq [x](https://a.org)", "[t \x9b2\n  q](https://a.org) b", "🔥\n[x](https://a.org)"]


def _generated(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = list(_BREAKS)
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(0, 12)):
            if rng.random() < 0.3:
                gap = rng.choice(["", "", " ", "\n"])
                parts.append(f"[{rng.choice(_LABELS)}]{gap}({rng.choice(_URLS)})")
            else:
                parts.append(rng.choice(_PIECES) if rng.random() < 0.4 else rng.choice(_PIECES[:3]))
        texts.append("".join(parts).strip())
    return texts


def _data_contents() -> list[str]:
    contents = []
    for path in sorted(DATA.iterdir()):
        if path.suffix in (".md", ".mdx", ".txt"):
            contents += [t.content for t in _MD.parse(path.read_text(encoding="utf-8")) if t.type == "inline"]
    return contents


def _readings(content: str) -> tuple[object, ...] | None:
    """What the parser takes from `content` through the shortcut (None when it is not plain)."""
    plain = plain_inline(content, mdblocks._MD.normalizeLink, mdblocks._MD.validateLink)
    if plain is None:
        return None
    lead = plain.lead(mdblocks._is_marker)
    assert plain.lead(mdblocks._is_marker, plain.links()) == lead  # the links given to share
    return plain.text(), plain.links(), lead, plain.lead(None), (None, False)


def _markdown_it_readings(content: str) -> tuple[object, ...]:
    children = _MD.parseInline(content)[0].children or []
    return (
        mdblocks.tokens_text(children),
        mdblocks.tokens_links(children),
        mdblocks.tokens_lead(children, marker=True),
        mdblocks.tokens_lead(children, marker=False),
        mdblocks.tokens_bold(children),
    )


@pytest.mark.parametrize("source", ["generated", "tests/data"])
def test_plain_inline_reads_as_markdown_it_does(source: str) -> None:
    contents = _generated(4000) if source == "generated" else _data_contents()
    taken = 0
    for content in contents:
        readings = _readings(content)
        if readings is not None:
            taken += 1
            assert readings == _markdown_it_readings(content), content
    assert taken >= len(contents) // 5  # the shortcut is really exercised


def test_plain_inline_refuses_what_it_does_not_read() -> None:
    for content in [
        "*a* [b](https://x.org)",
        "`[b](https://x.org)`",
        "\\[b](https://x.org)",
        "![b](https://x.org)",
    ]:
        assert plain_inline(content, normalizeLink, mdblocks._MD.validateLink) is None
    for content in [
        "<https://x.org>",
        "[b][ref]",
        '[b](https://x.org "title")',
        "a &amp; b",
        "[b](javascript:x)",
    ]:
        assert plain_inline(content, normalizeLink, mdblocks._MD.validateLink) is None


def test_normalize_link_is_markdown_its() -> None:
    rng = random.Random(3)
    alphabet = "aZ09-_.~:/?#@!$&'()*+,;=%[]{}|\\^`\"<> éü\u3002\tK"
    urls = list(_URLS)
    for _ in range(20000):
        host = "".join(rng.choice("abcXYZ019-_.") for _ in range(rng.randint(0, 70)))
        path = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        scheme = rng.choice(["http://", "https://", "HTTPS://", "https:/", "ftp://"])
        urls.append(scheme + host + rng.choice(["", "/", "?", "#", ":80/", "@x/"]) + path)
    assert [normalize_link(url) for url in urls] == [normalizeLink(url) for url in urls]
    assert mdblocks._MD.normalizeLink is not MarkdownIt.normalizeLink


def test_normalize_source_is_markdown_its() -> None:
    for text in ["plain\ntext", "dos\r\nlines\rand\0nul", ""]:
        ours, theirs = StateCore(text, _MD, {}), StateCore(text, _MD, {})
        normalize_source(ours)
        normalize(theirs)
        assert ours.src == theirs.src


def test_clean_line_takes_plain_ascii_as_it_is_and_cleans_the_rest() -> None:
    rng = random.Random(5)
    alphabet = [
        "a",
        "Z",
        "1",
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\x1b[2J",
        "\x7f",
        "\x1c",
        "\x85",
        "\u202e",
        "é",
        "~",
    ]
    texts = ["", " ", "a", " a", "a ", "a  b", "plain title", *_generated(500)]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    for text in texts:
        assert clean_line(text) == " ".join(clean_text(text).split()), repr(text)


def test_bare_urls_outside_links_skip_only_what_cannot_change_the_result() -> None:
    from reader.core.parsing import markdown_units
    from reader.core.parsing.common import bare_urls

    rng = random.Random(11)
    pieces = ["a", " ", "\n", ":", ".", "/", "//", "](", ")", "<", ">", "http", "https://x.org/p", "www", "w"]
    pieces += ["mailto", "MAILTO:", 'href="', '"', "]:", "[r]: ", "   [", "]", "[", "ſ", "\u0130"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    found = 0
    for text in texts:
        expected = bare_urls(markdown_units._MD_LINK.sub("", text))
        assert markdown_units._bare_urls(text) == expected, repr(text)
        found += bool(expected)
    assert found >= 1000  # URLs are really found, some only once link syntax is cut out

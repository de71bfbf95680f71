"""Item text as the index sees it: Markdown reduced to the words a reader sees, on one line."""

from __future__ import annotations

import re

from reader.core.sanitize import clean_text

# A link '[text](url "title")'; an image is one with '!' in front. Written to start with '[' (a
# literal start lets the regex engine skip to it; '!?\[' tried every position, 2.5x slower).
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]+)>")  # CommonMark: any scheme
_CODE_SPAN = re.compile(r"(`+[^`\n]+`+)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
# '*' to '***', '__' or '___', '~~', backtick runs. Written to start with a character class (the
# regex engine then skips to those characters): the plain alternation tried every position, 20x slower.
_EMPHASIS = re.compile(r"[*_~`](?:(?<=\*)\*{0,2}|(?<=_)_{1,2}|(?<=~)~|(?<=`)`*)")
# '_words_' emphasis: an underscore opening before a word or closing after one, not inside a word
_UNDERSCORE_EMPHASIS = re.compile(r"_(?:(?<![^\W_]_)(?=[^\W_])|(?<=[^\W_]_)(?![^\W_]))")
# Line-start patterns begin with a newline (the text gets one in front) rather than '(?m)^': the
# regex engine then jumps from newline to newline instead of trying every position, 4x faster.
_LINE_MARKERS = re.compile(r"\n[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+(?=\S)|\d{1,3}[.)][ \t]+(?=\S))")
_RULE = re.compile(r"\n[ \t]*(?:[-*_][ \t]*){3,}(?=\n|\Z)")
_BARE_URL = re.compile(r"\b(?:https?://|www\.)\S+")


def plain_text(markdown: str) -> str:
    """Readable one-line text of a Markdown body: link texts kept, URLs, markup and tags dropped.

    Used for the stored snippet source and for indexing, so snippets read like prose.
    """
    text = clean_text(markdown or "")
    if "](" in text:
        text = link_texts(text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = "".join(  # a tag written as code ('`<Backspace>`') is text, shown as written
            piece if index % 2 else _HTML_TAG.sub(" ", piece)
            for index, piece in enumerate(_CODE_SPAN.split(text))
        )
    text = _LINE_MARKERS.sub("\n", _RULE.sub("\n ", "\n" + text))
    text = _EMPHASIS.sub("", text)
    if "_" in text:
        text = _UNDERSCORE_EMPHASIS.sub("", text)
    return " ".join(text.split())


def link_texts(markdown: str) -> str:
    """`markdown` with each link and image replaced by its text."""
    pieces: list[str] = []
    last = 0
    for link in _LINK.finditer(markdown):
        start = link.start()
        if start and markdown[start - 1] == "!":  # an image ('!' cannot end the link before)
            start -= 1
        pieces += (markdown[last:start], link.group(1))
        last = link.end()
    if not pieces:
        return markdown
    pieces.append(markdown[last:])
    return "".join(pieces)


def without_urls(text: str) -> str:
    """`text` with bare URLs removed (where their parts would be noise: related items' keywords)."""
    return _BARE_URL.sub(" ", text)


def one_line(text: str | None) -> str:
    return " ".join(clean_text(text or "").split())


MAX_QUERY_CHARS = 1000


def usable_text(text: str) -> str:
    """At most MAX_QUERY_CHARS of `text`, without lone surrogates (Whoosh cannot encode them)."""
    return text[:MAX_QUERY_CHARS].encode("utf-8", "ignore").decode("utf-8")

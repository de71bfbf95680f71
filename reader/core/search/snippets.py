"""Plain-text snippets with the spans of matched words, made with Whoosh's highlighter pieces.

Whoosh's ContextFragmenter picks the passages around matches and its BasicFragmentScorer ranks
them; instead of markup, our formatter returns the passage text and (start, end) spans, so the
CLI and the TUI style matched words on a rich Text without parsing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from whoosh.highlight import BasicFragmentScorer, ContextFragmenter, Fragment

from reader.core.search.analysis import WordAnalyzer
from reader.core.search.results import Span

SNIPPET_CHARS = 200
SURROUND_CHARS = 60
FRAGMENTS = 2
ELLIPSIS = "…"
_CLOSING = ".,;:!?)]\"'’”"
_FRAGMENTER = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=SURROUND_CHARS)
_SCORER = BasicFragmentScorer()


def match_spans(text: str, matches: Callable[[str], bool], analyzer: WordAnalyzer) -> list[Span]:
    """Character spans in `text` of the words whose index term `matches` accepts."""
    if not text or not matches:
        return []
    return [(start, end) for term, start, end in analyzer.spans(text) if matches(term)]


class _Token:
    """The little of a Whoosh Token that the fragmenter and scorer read, made cheaply."""

    __slots__ = ("text", "startchar", "endchar", "matched", "boost")

    def __init__(self, text: str | None, startchar: int, endchar: int, matched: bool) -> None:
        self.text, self.startchar, self.endchar, self.matched, self.boost = text, startchar, endchar, matched, 1.0

    def copy(self) -> _Token:
        return _Token(self.text, self.startchar, self.endchar, self.matched)


def _tokens(text: str, matches: Callable[[str], bool], analyzer: WordAnalyzer) -> Iterator[_Token]:
    for term, start, end in analyzer.all_spans(text):
        yield _Token(term, start, end, term is not None and matches(term))


def snippet(text: str, matches: Callable[[str], bool], analyzer: WordAnalyzer) -> tuple[str, list[Span]]:
    """The best passages of `text` around matched words (joined with '…'), and their spans.

    Without any match, the start of the text.
    """
    fragments: list[Fragment] = []
    if text and matches:
        fragments = list(_FRAGMENTER.fragment_tokens(text, _tokens(text, matches, analyzer)))
    if not fragments:
        return _opening(text), []
    for fragment in fragments:
        fragment.score = _SCORER(fragment)
    best: list[Fragment] = []
    for fragment in sorted(fragments, key=lambda f: f.score, reverse=True):
        if not any(f.startchar < fragment.endchar and fragment.startchar < f.endchar for f in best):
            best.append(fragment)
        if len(best) == FRAGMENTS:
            break
    best.sort(key=lambda f: f.startchar)
    return _format(text, best)


def _format(text: str, fragments: list[Fragment]) -> tuple[str, list[Span]]:
    parts: list[str] = []
    spans: list[Span] = []
    length = 0
    end = 0
    for index, fragment in enumerate(fragments):
        start, end = _whole_words(text, fragment)
        lead = ELLIPSIS if start > 0 and index == 0 else (f" {ELLIPSIS} " if index else "")
        parts.append(lead)
        length += len(lead)
        spans.extend((length + t.startchar - start, length + t.endchar - start) for t in fragment.matches)
        piece = text[start:end]
        parts.append(piece)
        length += len(piece)
    if end < len(text):
        parts.append(ELLIPSIS)
    return "".join(parts), spans


def _whole_words(text: str, fragment: Fragment) -> tuple[int, int]:
    """The fragment's bounds moved inwards so that it neither starts nor ends inside a word."""
    start, end = fragment.startchar, fragment.endchar
    first = min((t.startchar for t in fragment.matches), default=start)
    last = max((t.endchar for t in fragment.matches), default=end)
    if 0 < start < len(text) and not text[start - 1].isspace() and text[start].isalnum():
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if 0 < end < len(text) and text[end - 1].isalnum() and not text[end].isspace() and text[end] not in ".,;:!?)":
        space = text.rfind(" ", last, end)
        end = space if space != -1 else end
    while end < len(text) and text[end] in _CLOSING:
        end += 1
    return start, end


def _opening(text: str, limit: int = SNIPPET_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + ELLIPSIS

"""The words a digest's author wrote, read independently of the parser, and the words a parsed
issue shows: for the fidelity checks (tests and `benchmarks/bench_fidelity.py`).

Markdown is rendered by markdown-it and read as plain text, HTML by html.parser, feeds by
feedparser; other text is read as it is, less the lines that are only markup (reST directives,
Org keywords and drawers, AsciiDoc attributes and delimiters, mail headers' names) and HTML tags;
an Org link reads as its description (its target when it has none).
Mojibake (UTF-8 once decoded as Windows-1252, -1253 or -1251: "β€”" for "—") is read as the text
it was, as a reader shows it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import feedparser
from markdown_it import MarkdownIt

WORD = re.compile(r"[^\W_]+")
_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_FRONT = re.compile(r"\A(?:---|\+\+\+)\n(.*?)\n(?:---|\+\+\+|\.\.\.)\n", re.S)
_KEPT_KEYS = {"title", "subtitle", "description", "summary", "author", "date"}
_MARKUP_LINE = re.compile(
    r"^(?:\.\. [\w|-]+::.*|\s+:[\w-]+:.*|\.\. _[^:]+:.*|#\+(?!title|subtitle|author|date|caption)[\w-]+:?.*"
    r"|\s*:(?:PROPERTIES|END|[A-Z_]+):.*|\s*#\+(?:begin|end)_\w+.*|:[\w!-]+:.*|\[[\w,.\s\"=#-]*\]\s*"
    r"|(?:----|\.\.\.\.|____|====|\*\*\*\*|\+\+\+\+|////)\s*|\s*//.*|#\s.*-\*-.*-\*-.*)$",
    re.I,
)
_HEADER = re.compile(r"^(?:From|To|Cc|Subject):\s?", re.I)
_META_HEADER = re.compile(
    r"^(?:Message|Date|Message-ID|In-Reply-To|References|Content-[\w-]+|MIME-Version):\s", re.I
)
_KEYWORD = re.compile(r"^(?:#\+[\w-]+:|[A-Z][\w -]{0,30}:(?=\s))\s*")  # Org keywords, Pelican keys
_ENUMERATOR = re.compile(r"(?m)^(\s*\|?\s*)\d{1,3}[、.)]\s*")
_MACRO = re.compile(r"\bimage::?(?=\S)")
_EMAIL = re.compile(r"<?[\w.+-]+@[\w.-]+>?")
_ORG_LINK = re.compile(r"\[\[([^\[\]]+)\](?:\[([^\[\]]+)\])?\]")  # [[target][description]]
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>", re.S)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")
# Codepages a UTF-8 text is mis-decoded with; a byte a codepage leaves undefined reads as cp1252's.
_MOJIBAKE_CODEPAGES = (("cp1252",), ("cp1253", "cp1252"), ("cp1251", "cp1252"), ("latin-1",))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):
        pass
    return "".join(parser.parts)


def _as_utf8(match: re.Match[str]) -> str:
    """A run of non-ASCII characters as the UTF-8 text it spells in a Windows codepage, if it does."""
    run = match.group(0)
    for codepages in _MOJIBAKE_CODEPAGES:
        data = bytearray()
        try:
            for char in run:
                data += next(e for e in (_encoded(char, cp) for cp in codepages) if e is not None)
            return data.decode("utf-8")
        except (StopIteration, UnicodeDecodeError):
            continue
    return run


def _encoded(char: str, codepage: str) -> bytes | None:
    try:
        return char.encode(codepage)
    except UnicodeEncodeError:
        return None


def _decode(data: bytes) -> str:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    try:
        return _NON_ASCII_RUN.sub(_as_utf8, data.decode("utf-8"))
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _markdown_text(text: str, mdx: bool) -> str:
    kept = ""
    front = _FRONT.match(text)
    if front:
        values = [line.partition(":") for line in front.group(1).split("\n")]
        kept = "\n".join(v for k, _, v in values if k.strip().lower() in _KEPT_KEYS)
        text = text[front.end() :]
    elif re.match(r"\A(?:[A-Z][\w -]{0,30}:[^\n]*\n)+\n", text):  # Pelican `Key: value` lines
        head, _, text = text.partition("\n\n")
        kept = "\n".join(_KEYWORD.sub("", line) for line in head.split("\n"))
    if mdx:
        text = re.sub(r"^(?:import|export)\s.*$", "", text, flags=re.M)
    return kept + "\n" + _ENUMERATOR.sub(r"\1", html_text(_MD.render(text)))


def _plain_text(text: str) -> str:
    lines = []
    head = True
    explicit = False  # inside a reST explicit markup block: a directive, target or comment
    for line in text.split("\n"):
        head = head and bool(line.strip())
        if line.startswith(".. "):
            explicit = not line.startswith((".. note::", ".. warning::", ".. admonition::"))
            if explicit:
                continue
        elif explicit and (not line.strip() or line[:1] in " \t"):
            continue
        explicit = False
        if _MARKUP_LINE.match(line) or _META_HEADER.match(line):
            continue
        header = _HEADER.match(line)
        if header:
            line = _EMAIL.sub(" ", line[header.end() :])
        elif line.startswith("#+") or head:
            line = _KEYWORD.sub("", line)
        lines.append(_MACRO.sub("", line))
    text = _ENUMERATOR.sub(r"\1", "\n".join(lines))
    return _TAG.sub(" ", _ORG_LINK.sub(lambda m: m.group(2) or m.group(1), text))


def source_text(path: Path) -> str:
    """The text of a digest file as a reader should see it, without markup."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in (".xml", ".rss", ".atom", ".feed"):
        feed = feedparser.parse(data)
        if feed.entries:
            parts = []
            for entry in feed.entries:
                content = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
                parts += [entry.get("title", ""), html_text(content)]
            return "\n".join(parts)
        return html_text(_decode(data))
    text = _decode(data).replace("\r\n", "\n")
    if suffix in (".html", ".htm"):
        return html_text(text)
    if suffix in (".md", ".markdown", ".mdown", ".mdx"):
        return _markdown_text(text, suffix == ".mdx")
    return _plain_text(text)


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


def shown_text(issue_json: dict) -> str:
    """Every text `digests show ISSUE --json` gives a reader (not ids or the source path)."""
    parts = [issue_json.get(k) or "" for k in ("title", "date", "author", "intro", "outro")]
    parts += [f"{link['url']} {link['text']}" for link in issue_json["links"]]
    for item in issue_json["items"]:
        parts += [item.get(k) or "" for k in ("title", "section", "author", "date", "body")]
        parts += [f"{link['url']} {link['text']}" for link in item["links"]]
    return "\n".join(parts)


def coverage(source: list[str], shown: set[str]) -> tuple[float, list[str]]:
    """Share of the source's words (counted with repeats) that are shown, and the missing ones."""
    if not source:
        return 1.0, []
    missing = [w for w in source if w not in shown]
    return 1 - len(missing) / len(source), missing

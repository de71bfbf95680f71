"""HTML newsletters: converted to Markdown (headings, paragraphs, lists, links), then read as Markdown.

`<script>`, `<style>`, `<head>`, hidden preheaders, images (tracking pixels among them) and
comments are dropped. Layout tables become paragraphs. Uses the standard library's html.parser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reader.core.parsing.common import Draft, find_date
from reader.core.parsing.htmltext import feed_html
from reader.core.parsing.markdown_format import parse_markdown
from reader.core.parsing.source import Source
from reader.core.sanitize import clean_line

_DROP = {
    "script",
    "style",
    "head",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "button",
    "form",
    "select",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "center",
    "blockquote",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "address",
}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|max-height\s*:\s*0|font-size\s*:\s*0", re.I)
_ESCAPE = re.compile(r"([\\`*_\[\]<>])")
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_TAGS = re.compile(r"</?(?:p|div|h[1-6]|table|td|a|br|span|ul|li)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True for an HTML document, or text that is mostly HTML markup."""
    if _HTML_START.match(text[:4096]):
        return True
    head = text[:20000].lstrip()
    return head.startswith("<") and len(_TAGS.findall(head)) >= 5


class _MarkdownWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.title: list[str] = []
        self.meta: dict[str, str] = {}
        self._skip: list[str] = []
        self._in_title = False
        self._pre = 0
        self._lists: list[str] = []
        self._link: tuple[str, int] | None = None  # href, where its text starts in `out`

    def _block(self, text: str = "") -> None:
        self.out.append("\n\n" + text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (values.get("name") or values.get("property") or "").lower()
            if key and values.get("content"):
                self.meta[key] = values["content"]
        if tag == "title":
            self._in_title = True
            return
        if self._skip:
            if tag not in _VOID:
                self._skip.append(tag)
            return
        if tag in _DROP or "hidden" in values or _HIDDEN.search(values.get("style", "")) or tag == "img":
            if tag not in _VOID:
                self._skip.append(tag)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._block("#" * int(tag[1]) + " ")
        elif tag in _BLOCKS:
            self._block()
        elif tag == "br":
            self.out.append("  \n" if not self._pre else "\n")
        elif tag == "hr":
            self._block("---\n\n")
        elif tag in ("ul", "ol"):
            self._lists.append(tag)
            self._block()
        elif tag == "li":
            depth = max(len(self._lists) - 1, 0)
            marker = "1." if self._lists and self._lists[-1] == "ol" else "-"
            self.out.append("\n" + "   " * depth + marker + " ")
        elif tag == "pre":
            self._pre += 1
            self._block("```\n")
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "a" and values.get("href", "").strip():
            self._link = (values["href"].strip(), len(self.out))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.pop()
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") or tag in _BLOCKS:
            self._block()
        elif tag in ("ul", "ol") and self._lists:
            self._lists.pop()
            self._block()
        elif tag == "pre" and self._pre:
            self._pre -= 1
            self.out.append("\n```\n\n")
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "a" and self._link:
            href, at = self._link
            text = " ".join("".join(self.out[at:]).split())
            del self.out[at:]
            if text.strip("* "):
                url = f"<{href}>" if re.search(r"[\s()]", href) else href
                self.out.append(f"[{text}]({url})")
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.out.append(data if self._pre else _ESCAPE.sub(r"\\\1", re.sub(r"\s+", " ", data)))


def html_to_markdown(html: str) -> tuple[str, str, dict[str, str]]:
    """(Markdown text, the document's <title>, its <meta> name -> content)."""
    writer = _MarkdownWriter()
    feed_html(writer, html)
    lines: list[str] = []
    fenced = False
    for line in "".join(writer.out).split("\n"):
        if line.strip() == "```":
            fenced = not fenced
        keep_indent = fenced or line.lstrip().startswith(("- ", "1. "))
        lines.append(line.rstrip() if keep_indent else line.strip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, clean_line("".join(writer.title)), writer.meta


def parse_html(text: str) -> Draft:
    markdown, title, meta = html_to_markdown(text)
    draft = parse_markdown(markdown)
    draft.format = "html"
    draft.title = draft.title or title or None
    draft.author = draft.author or meta.get("author") or None
    when = meta.get("article:published_time") or meta.get("date") or meta.get("dc.date")
    draft.date = draft.date or (find_date(when, draft.warnings) if when else None)
    return draft


MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdx", ".mkd", ".mdown"})


def detect(source: Source) -> float:
    """An HTML document, or HTML-looking text; a Markdown file that opens with an HTML block (a card
    of tags, then Markdown) is Markdown, whose parser renders those blocks."""
    if source.suffix in MARKDOWN_SUFFIXES and not _HTML_START.match(source.text[:4096]):
        return 0.0
    return 0.9 if looks_like_html(source.text) else 0.0


def parse(source: Source) -> Draft:
    return parse_html(source.text)

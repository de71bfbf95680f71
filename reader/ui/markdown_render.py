"""Render an item's Markdown body to Textual `Content`, fast and without markup.

Textual's Markdown widget takes 0.4–0.8 s for a 15 KB document; this renderer walks markdown-it's
token stream once and emits one `Content` with styled spans (a few ms for 5 KB). Styles come from
the caller (component classes in styles/*.tcss), so no colour is chosen here. Links become
clickable through an `@click` action that carries only an index, never the URL itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from textual.content import Content, Span
from textual.style import Style

from reader.core.nesting import flatten_deep_nesting
from reader.core.sanitize import clean_text
from reader.ui.text import steady

StyleFor = Callable[[str], Style]
# Roles the caller maps to styles: heading, strong, emphasis, strike, code, code-block, link, quote,
# bullet, rule, table-head.

if TYPE_CHECKING:
    from markdown_it.token import Token


@cache
def _parser():
    from markdown_it import MarkdownIt  # imported at the first render, not at start

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


class ContentBuilder:
    """Accumulates text and style spans; `build()` makes one Content."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.length = 0

    def add(self, text: str, style: Style | None = None) -> None:
        # After rendering too: markdown-it decodes entities such as &#x202E; (and &#xFE0F;).
        text = steady(clean_text(text))
        if not text:
            return
        if style is not None:
            self.spans.append(Span(self.length, self.length + len(text), style))
        self.parts.append(text)
        self.length += len(text)

    def build(self) -> Content:
        return Content("".join(self.parts), self.spans, strip_control_codes=False)


class MarkdownRenderer:
    def __init__(self, style_for: StyleFor, link_action: str = "open_url_index") -> None:
        self.style_for = style_for
        self.link_action = link_action

    def render(self, source: str, out: ContentBuilder | None = None) -> tuple[ContentBuilder, list[str]]:
        """Render `source` (untrusted Markdown) into `out`; returns it and the URLs of its links."""
        self.out = out or ContentBuilder()
        self.urls: list[str] = []
        self.start = self.out.length
        self.lists: list[list] = []  # [ordered, next number, tight, first item]
        self.quotes = 0
        self.after_marker = False
        self.table_cell = 0
        self.in_head = False
        self.heading = False
        self.first_row = True
        tokens = _parser().parse(flatten_deep_nesting(clean_text(source)))
        for index, token in enumerate(tokens):
            self._block(token, tokens, index)
        return self.out, self.urls

    # -- blocks -------------------------------------------------------------------------------
    def _newline(self, depth: int | None = None) -> None:
        """A line break inside a block, keeping the quote bars and list indent."""
        self.out.add("\n")
        if self.quotes:
            self.out.add("▌ " * self.quotes, self.style_for("quote"))
        depth = len(self.lists) if depth is None else depth
        if depth:
            self.out.add("   " * depth)

    def _start_block(self, tight: bool = False, depth: int | None = None) -> None:
        if self.after_marker:
            self.after_marker = False
            return
        if self.out.length > self.start:
            if not tight:
                self.out.add("\n")
            self._newline(depth)

    def _block(self, token: Token, tokens: list[Token], index: int) -> None:
        kind = token.type
        if kind in ("paragraph_open", "heading_open"):
            self._start_block(tight=token.hidden)
            self.heading = kind == "heading_open"
        elif kind == "inline":
            base = "heading" if self.heading else ("table-head" if self.in_head else None)
            self._inline(token.children or [], base)
        elif kind == "heading_close":
            self.heading = False
        elif kind in ("bullet_list_open", "ordered_list_open"):
            tight = index + 2 < len(tokens) and tokens[index + 2].hidden
            start = int(token.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else 0
            self.lists.append([kind == "ordered_list_open", start, tight, True])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            ordered, number, tight, first = self.lists[-1]
            self.lists[-1][1:4:2] = [number + 1, False]
            # A blank line before a top-level list, none between the items of a tight one.
            self._start_block(tight=tight and not (first and len(self.lists) == 1), depth=len(self.lists) - 1)
            self.out.add(f"{number}. ".ljust(3) if ordered else "•  ", self.style_for("bullet"))
            self.after_marker = True
        elif kind == "blockquote_open":
            self._start_block()
            self.quotes += 1
            self.out.add("▌ ", self.style_for("quote"))
            self.after_marker = True
        elif kind == "blockquote_close":
            self.quotes -= 1
        elif kind in ("fence", "code_block"):
            self._start_block()
            code = self.style_for("code-block")
            for number, line in enumerate(token.content.rstrip("\n").split("\n")):
                if number:
                    self._newline()
                self.out.add(f" {line} ", code)
        elif kind == "hr":
            self._start_block()
            self.out.add("─" * 24, self.style_for("rule"))
        elif kind == "table_open":
            self._start_block()
            self.first_row = True
        elif kind in ("thead_open", "thead_close"):
            self.in_head = kind == "thead_open"
        elif kind == "tr_open":
            if not self.first_row:
                self._newline()
            self.first_row = False
            self.table_cell = 0
        elif kind in ("th_open", "td_open"):
            if self.table_cell:
                self.out.add(" │ ", self.style_for("rule"))
            self.table_cell += 1
        elif kind == "html_block":
            self._start_block()
            self.out.add(token.content.rstrip("\n"))

    # -- inline -------------------------------------------------------------------------------
    def _inline(self, children: list[Token], base: str | None) -> None:
        stack: list[Style] = [self.style_for(base)] if base else []

        def current() -> Style | None:
            if not stack:
                return None
            style = stack[0]
            for extra in stack[1:]:
                style = style + extra
            return style

        for child in children:
            kind = child.type
            if kind == "text" or kind == "html_inline":
                self.out.add(child.content, current())
            elif kind == "softbreak":  # a source line break inside a paragraph: it reflows
                self.out.add(" ", current())
            elif kind == "hardbreak":
                self._newline()
            elif kind == "code_inline":
                code = self.style_for("code")
                self.out.add(child.content, code if not stack else current() + code)
            elif kind in ("strong_open", "em_open", "s_open"):
                stack.append(
                    self.style_for({"strong_open": "strong", "em_open": "emphasis"}.get(kind, "strike"))
                )
            elif kind in ("strong_close", "em_close", "s_close", "link_close"):
                if stack:
                    stack.pop()
            elif kind == "link_open":
                self.urls.append(str(child.attrs.get("href", "")))
                click = Style.from_meta({"@click": f"{self.link_action}({len(self.urls) - 1})"})
                stack.append(self.style_for("link") + click)
            elif kind == "image":
                alt = "".join(c.content for c in child.children or []) or "image"
                self.out.add(f"(image: {alt})", self.style_for("emphasis"))
            elif child.content:
                self.out.add(child.content, current())

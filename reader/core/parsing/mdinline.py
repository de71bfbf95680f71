"""Text as the author meant it: inline HTML in Markdown becomes Markdown, never raw tags.

`<br>` is a line break, `<a href>` a link, `<b>`/`<i>`/`<code>` their Markdown, an image its alt
text, any other tag (`<small>`, `<span>`, JSX like `<Support />`) just its text. A link written
`[text] (<url>)`, as plain-text digests do, becomes `[text](url)`. Code spans and fenced code are
left alone.
"""

from __future__ import annotations

import html
import re

from reader.core.parsing.common import Draft

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)[^`]*?\1")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*?)?)(/?)>")
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_ANCHOR = re.compile(r"<a\s([^<>]*)>(.*?)</a\s*>", re.I | re.S)
_BR = re.compile(r"<br\s*/?>[ \t]*\n?", re.I)
_PLAIN_LINK = re.compile(r"\[([^\]\n]{1,300})\][ \t]+\(<?((?:https?://|mailto:)[^\s<>()]+)>?\)", re.I)
_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`", "s": "~~", "del": "~~", "strike": "~~"}


def _attrs(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(text)
    }


def _anchor(match: re.Match[str]) -> str:
    href = _attrs(match.group(1)).get("href", "").strip()
    text = _TAG.sub(_tag, match.group(2)).strip()
    if not href:
        return text
    if not text:
        return f"<{href}>"
    target = f"<{href}>" if re.search(r"[\s()<>]", href) else href
    return f"[{' '.join(text.split())}]({target})"


def _tag(match: re.Match[str]) -> str:
    name = match.group(2).lower()
    if name in _MARKS:
        return _MARKS[name]
    if name == "img":
        return _attrs(match.group(3)).get("alt", "")
    return ""


def _convert(text: str) -> str:
    if "<" in text:
        text = _BR.sub("  \n", text)
        text = _ANCHOR.sub(_anchor, text)
        text = _TAG.sub(_tag, text)
    if "] (" in text or "]\t(" in text:
        text = _PLAIN_LINK.sub(r"[\1](\2)", text)
    return text


def _outside_code_spans(line: str) -> str:
    out, cursor = [], 0
    for match in _CODE_SPAN.finditer(line):
        out.append(_convert(line[cursor : match.start()]))
        out.append(match.group(0))
        cursor = match.end()
    out.append(_convert(line[cursor:]))
    return "".join(out)


def tidy_markdown(text: str) -> str:
    """`text` with inline HTML turned into Markdown and `[text] (<url>)` links mended."""
    if "<" not in text and "] (" not in text and "]\t(" not in text:
        return text
    out: list[str] = []
    chunk: list[str] = []
    fence = ""
    for line in text.split("\n"):
        opener = _FENCE.match(line)
        if fence:
            out.append(line)
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = ""
            continue
        if opener:
            out.append(_outside_code_spans("\n".join(chunk))) if chunk else None
            chunk = []
            fence = opener.group(1)
            out.append(line)
            continue
        chunk.append(line)
    if chunk:
        out.append(_outside_code_spans("\n".join(chunk)))
    return "\n".join(out)


def strip_tags(title: str) -> str:
    """A one-line title without HTML tags."""
    return (
        " ".join(_TAG.sub(lambda m: "" if m.group(2).lower() != "img" else _tag(m), title).split())
        if "<" in title
        else title
    )


def tidy_draft(draft: Draft) -> None:
    """Apply `tidy_markdown` to every text of a draft (titles are plain already: see
    `markdown_units.plain_title`)."""
    draft.preamble = tidy_markdown(draft.preamble)
    draft.footer = tidy_markdown(draft.footer)
    for item in draft.items:
        item.body = tidy_markdown(item.body)

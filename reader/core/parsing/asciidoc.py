"""AsciiDoc digests, converted to Markdown and read by the Markdown outline.

`= Title` is the issue title and `:author:`/`:revdate:` attributes its facts; `==` headings are
sections; `*`/`-`/`.` lists are lists (a section made only of list entries gives one item per
entry), `+` continuations stay with their entry; `link:url[text]`, `url[text]`, images and
listing, literal and quote blocks become their Markdown. Other inline macros (`pr:123[]`) keep
their target as text. Attribute lines, block attributes and comments are not reading text.
"""

from __future__ import annotations

import re

from reader.core.parsing.common import Draft
from reader.core.parsing.frontmatter import apply_front_matter
from reader.core.parsing.markdown_format import parse_markdown
from reader.core.parsing.source import Source

_TITLE = re.compile(r"^(=+)[ \t]+(\S.*)$")
_ATTRIBUTE = re.compile(r"^:(!?[\w-]+!?):[ \t]*(.*)$")
_BLOCK_ATTRIBUTES = re.compile(r"^\[[^\[\]]*\]\s*$")
_BLOCK_TITLE = re.compile(r"^\.(?=[^\s.])(.*)$")
_LIST = re.compile(r"^[ \t]*(\*{1,5}|-|\.{1,5})[ \t]+(\S.*)$")
_DELIMITERS = {
    "----": "code",
    "....": "code",
    "____": "quote",
    "====": "plain",
    "****": "plain",
    "++++": "plain",
}
_URL_MACRO = re.compile(r"(?:link:)?((?:https?|mailto|ftp):[^\s\[\]]+)\[([^\]]*)\]")
_IMAGE = re.compile(r"image::?([^\s\[\]]+)\[([^\]]*)\]")
_MACRO = re.compile(r"\b([a-z][\w-]*):([^\s\[\]]*)\[([^\]]*)\]")
_XREF = re.compile(r"<<[^,>]+,([^>]+)>>|<<([^>]+)>>")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_PASS = re.compile(r"(?<![\w+])\+(?=\S)([^+\n]*?\S)\+(?![\w+])")
_FACTS = {"author": "author", "revdate": "date", "date": "date", "description": "description"}


def detect(source: Source) -> float:
    if source.suffix in (".adoc", ".asciidoc", ".asc"):
        return 0.9
    title = _TITLE.match(source.text[:4096].split("\n")[0])
    has_sections = re.search(r"^==[ \t]+\S", source.text, re.M) and re.search(r"^:[\w-]+:", source.text, re.M)
    return 0.85 if title and len(title.group(1)) == 1 and has_sections else 0.0


def _inline(line: str) -> str:
    if line.endswith(" +"):
        line = line[:-2] + "  "  # a hard line break
    line = _IMAGE.sub(lambda m: f"![{m.group(2).split(',')[0]}]({m.group(1)})", line)
    line = _URL_MACRO.sub(
        lambda m: f"[{m.group(2)}]({m.group(1)})" if m.group(2) else f"<{m.group(1)}>", line
    )
    line = _MACRO.sub(lambda m: m.group(3) or f"{m.group(1)}:{m.group(2)}", line)
    line = _XREF.sub(lambda m: m.group(1) or m.group(2), line)
    if "`" not in line:
        line = _PASS.sub(r"\1", _BOLD.sub(r"**\1**", line))
    return line


def asciidoc_to_markdown(text: str) -> tuple[str, dict[str, str]]:
    """(Markdown, the issue's facts: its title and header attributes)."""
    meta: dict[str, str] = {}
    out: list[str] = []
    block: tuple[str, str] | None = None  # (delimiter, kind)
    comment = False
    indent = ""  # a `+` continuation: the entry's text indent for the lines that follow
    for line in text.split("\n"):
        stripped = line.strip()
        if comment:
            comment = stripped != "////"
            continue
        if block is not None:
            if stripped == block[0]:
                out.append("```" if block[1] == "code" else "")
                block = None
            else:
                out.append(
                    indent
                    + (line if block[1] == "code" else ("> " if block[1] == "quote" else "") + _inline(line))
                )
            continue
        if stripped == "////":
            comment = True
            continue
        if line.startswith("//"):
            continue
        if stripped in _DELIMITERS or (
            len(stripped) >= 4 and stripped[:4] in _DELIMITERS and len(set(stripped)) == 1
        ):
            block = (stripped, _DELIMITERS[stripped[:4]])
            out.append(indent + "```" if block[1] == "code" else "")
            continue
        if stripped == "+":
            continue
        if not stripped:
            indent = ""
            out.append("")
            continue
        title = _TITLE.match(line)
        if title:
            level = len(title.group(1))
            if level == 1 and "title" not in meta:
                meta["title"] = _inline(title.group(2).strip())
            out.extend(["", "#" * min(level, 6) + " " + _inline(title.group(2).strip()), ""])
            continue
        attribute = _ATTRIBUTE.match(line)
        if attribute:
            key = attribute.group(1).lower()
            if key in _FACTS and attribute.group(2).strip():
                meta.setdefault(_FACTS[key], attribute.group(2).strip())
            continue
        if _BLOCK_ATTRIBUTES.match(stripped):
            continue
        block_title = _BLOCK_TITLE.match(line)
        if block_title and not _LIST.match(line):
            out.append(f"*{_inline(block_title.group(1).strip())}*")
            continue
        entry = _LIST.match(line)
        if entry:
            marker, rest = entry.groups()
            depth = len(marker) - 1 if marker != "-" else 0
            bullet = "1." if marker.startswith(".") else "-"
            indent = "  " * depth + " " * (len(bullet) + 1)
            out.append("  " * depth + f"{bullet} {_inline(rest)}")
            continue
        out.append(indent + _inline(line) if (out and out[-1].strip()) or indent else _inline(line))
    return "\n".join(out), meta


def parse(source: Source) -> Draft:
    markdown, meta = asciidoc_to_markdown(source.text)
    draft = parse_markdown(markdown, known_title=meta.get("title"), plain_lists=True)
    draft.format = "asciidoc"
    apply_front_matter(draft, meta)
    return draft

"""Org-mode digests, converted to Markdown and read by the Markdown outline.

`#+title`, `#+date`, `#+author` and `#+subtitle` are the issue's facts; `*` headlines are
headings; `+`/`-`/`1.` lists are lists (a section made only of list entries gives one item per
entry); `[[url][text]]` links, `*bold*`, `/italic/`, `=verbatim=`/`~code~`, source, example and
quote blocks and tables become their Markdown. Property drawers, comments and export settings
are not reading text and are left out; captions are kept.
"""

from __future__ import annotations

import re

from reader.core.parsing.common import Draft
from reader.core.parsing.frontmatter import apply_front_matter
from reader.core.parsing.markdown_format import parse_markdown
from reader.core.parsing.source import Source

_KEYWORD = re.compile(r"^[ \t]*#\+(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
_HEADLINE = re.compile(
    r"^(?P<stars>\*+)[ \t]+(?:(?:TODO|DONE)[ \t]+)?(?P<title>.*?)(?:[ \t]+:[\w@#%:]+:)?[ \t]*$"
)
_BLOCK = re.compile(r"^[ \t]*#\+begin_(?P<kind>\w+)[ \t]*(?P<args>.*)$", re.I)
_BLOCK_END = re.compile(r"^[ \t]*#\+end_\w+", re.I)
_DRAWER = re.compile(r"^[ \t]*:[\w-]+:[ \t]*$")
_COMMENT = re.compile(r"^[ \t]*#(?:[ \t].*)?$")
_TABLE_RULE = re.compile(r"^([ \t]*)\|[-+]+\|?[ \t]*$")
_LINK = re.compile(r"\[\[([^\[\]]+)\](?:\[([^\[\]]+)\])?\]")
# A link whose description runs onto the next lines of its paragraph (no blank line inside).
_WRAPPED_LINK = re.compile(r"\[\[([^\[\]\n]+)\]\[(?=[^\[\]]*\n)((?:[^\[\]\n]|\n(?![ \t]*\n))+)\]\]")
_EMPHASIS = (
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])"), r"**\1**"),
    (re.compile(r"(?<![\w/:])/(?=\S)([^/\n]*?\S)/(?![\w/])"), r"*\1*"),
    (re.compile(r"(?<![\w=~])([=~])(?=\S)((?:(?!\1)[^\n])*?\S)\1(?![\w=~])"), r"`\2`"),
    (re.compile(r"(?<![\w+])\+(?=\S)([^+\n]*?\S)\+(?![\w+])"), r"~~\1~~"),
)
_FACTS = {"title", "subtitle", "author", "date"}
_KEPT = {"caption", "name"}


def detect(source: Source) -> float:
    head = source.text[:4096]
    if re.search(r"^#\+title:", head, re.I | re.M):
        return 0.9
    if source.suffix == ".org" and re.search(r"^\*+ \S", source.text, re.M):
        return 0.9
    return 0.0


def _link(match: re.Match[str]) -> str:
    target, text = match.group(1), match.group(2)
    if re.match(r"(?:https?|mailto):", target):
        return f"[{text or target}](<{target}>)" if text else f"<{target}>"
    return text or target.removeprefix("file:")


def _inline(line: str) -> str:
    line = _LINK.sub(_link, line)
    if "`" in line:
        return line
    for pattern, replacement in _EMPHASIS:
        line = pattern.sub(replacement, line)
    return line


def _wrapped_links(lines: list[str]) -> list[str]:
    """`lines` with links whose description is wrapped over lines made Markdown links (the line
    breaks kept), outside source, example and other blocks."""
    out: list[str] = []
    run: list[str] = []
    block = False
    for line in [*lines, "#+begin_end"]:
        if block or _BLOCK.match(line):
            if run:
                out += _WRAPPED_LINK.sub(_link, "\n".join(run)).split("\n")
                run = []
            block = not _BLOCK_END.match(line) if block else True
            out.append(line)
        else:
            run.append(line)
    return out[:-1]


def org_to_markdown(text: str) -> tuple[str, dict[str, str]]:
    """(Markdown, the issue's facts from `#+title` and the like)."""
    meta: dict[str, str] = {}
    out: list[str] = []
    block: str | None = None
    in_drawer = False
    lines = text.split("\n")
    for line in _wrapped_links(lines) if "][" in text else lines:
        if block is not None:
            if _BLOCK_END.match(line):
                out.append("```" if block in ("src", "example") else "")
                block = None
            else:
                out.append(
                    line
                    if block in ("src", "example")
                    else ("> " if block == "quote" else "") + _inline(line)
                )
            continue
        if in_drawer:
            in_drawer = line.strip().lower() != ":end:"
            continue
        keyword = _KEYWORD.match(line)
        if keyword:
            key = keyword.group("key").lower()
            if key in _FACTS and key not in meta:
                meta[key] = _inline(keyword.group("value").strip())
            elif key in _KEPT:
                out.append(f"*{_inline(keyword.group('value').strip())}*")
            continue
        opener = _BLOCK.match(line)
        if opener:
            block = opener.group("kind").lower()
            out.append(f"```{opener.group('args').split(' ')[0]}" if block in ("src", "example") else "")
            continue
        if _DRAWER.match(line) and line.strip().lower() == ":properties:":
            in_drawer = True
            continue
        if _COMMENT.match(line):
            continue
        headline = _HEADLINE.match(line)
        if headline and headline.group("title"):
            level = min(len(headline.group("stars")), 6)
            out.extend(["", "#" * level + " " + _inline(headline.group("title")), ""])
            continue
        rule = _TABLE_RULE.match(line)
        if rule:
            out.append(rule.group(1) + "|---|")
            continue
        out.append(_inline(line))
    return "\n".join(out), meta


def parse(source: Source) -> Draft:
    markdown, meta = org_to_markdown(source.text)
    draft = parse_markdown(markdown, known_title=meta.get("title"), plain_lists=True)
    draft.format = "org"
    apply_front_matter(draft, meta)
    return draft

"""reStructuredText digests: section titles (underlined, optionally overlined) and links, as Markdown.

Heading levels follow the order in which adornment styles first appear, as docutils does; the
converted text is then read by the Markdown parser.
"""

from __future__ import annotations

import re

from reader.core.parsing.common import Draft
from reader.core.parsing.markdown_format import parse_markdown
from reader.core.parsing.source import Source

_ADORNMENT = re.compile(r"""^([=\-~^"'`#*+:.<>_])\1{2,}\s*$""")
_ADORNMENT_LINE = re.compile(r"""^([=\-~^"'`#*+:.<>_])\1{2,}[ \t]*$""", re.M)
_RST_MARKUP = re.compile(r"^\.\. (?:_[^:]+:|\w[\w-]*::)|`[^`\n]+<[^>\n]+>`__?", re.M)
_INLINE_LINK = re.compile(r"`([^`<]+?)\s*<([^>\n]+)>`__?")
_NAMED_REF = re.compile(r"`([^`<]+)`__?|\b(\w[\w.-]*?)__?(?![\w-])")
_TARGET = re.compile(r"^\.\. _(`[^`]+`|[^:]+):[ \t]*(\S*)[ \t]*$")
_SUBSTITUTION = re.compile(r"\|([^|\s][^|]*)\|(?:__?)?")
_DIRECTIVE = re.compile(r"^\.\.(?: |$)")
_ROLE = re.compile(r":[\w-]+:`([^`]+)`")
_LITERAL = re.compile(r"``([^`]+)``")


def _headings(lines: list[str]) -> list[tuple[int, int, str, tuple[str, bool]]]:
    """(first line, end line, title, style) of each section title."""
    found = []
    i = 0
    while i < len(lines) - 1:
        line = lines[i]
        over = _ADORNMENT.match(line)
        if over and i + 2 < len(lines) and lines[i + 1].strip() and lines[i + 2].strip() == line.strip():
            title = lines[i + 1].strip()
            if len(line.strip()) >= len(title):
                found.append((i, i + 3, title, (line.strip()[0], True)))
                i += 3
                continue
        under = _ADORNMENT.match(lines[i + 1])
        if (
            line.strip()
            and not line[0].isspace()
            and not _ADORNMENT.match(line)
            and under
            and len(lines[i + 1].strip()) >= len(line.strip())
            and (i == 0 or not lines[i - 1].strip())
        ):
            found.append((i, i + 2, line.strip(), (lines[i + 1].strip()[0], False)))
            i += 2
            continue
        i += 1
    return found


def looks_like_rst(text: str) -> bool:
    """True when section titles use reST-only adornments, or reST markup sits next to them."""
    if not _ADORNMENT_LINE.search(text):
        return False
    headings = _headings(text.split("\n"))
    if not headings:
        return False
    if any(over or char not in "=-" for _, _, _, (char, over) in headings):
        return True
    return bool(_RST_MARKUP.search(text))


def _targets(lines: list[str]) -> dict[str, str]:
    """Named hyperlink targets (`.. _name: url`), the URL also on an indented line below."""
    targets = {}
    for index, line in enumerate(lines):
        match = _TARGET.match(line)
        if not match:
            continue
        url = match.group(2)
        following = lines[index + 1 : index + 4]
        while not url and following and following[0].startswith((" ", "\t")):
            url = following.pop(0).strip()
        if url:
            targets[" ".join(match.group(1).strip("`").split()).lower()] = url
    return targets


def rst_to_markdown(text: str) -> str:
    targets = _targets(text.split("\n"))
    lines = _resolve(text, targets).split("\n")
    styles: list[tuple[str, bool]] = []
    out: list[str] = []
    cursor = 0
    for first, end, title, style in _headings(lines):
        out.extend(_body_lines(lines[cursor:first], targets))
        if style not in styles:
            styles.append(style)
        out.extend(["", "#" * min(styles.index(style) + 1, 6) + " " + _inline(title, targets), ""])
        cursor = end
    out.extend(_body_lines(lines[cursor:], targets))
    return "\n".join(out)


def _body_lines(lines: list[str], targets: dict[str, str]) -> list[str]:
    out: list[str] = []
    skipping = False
    for line in lines:
        if _DIRECTIVE.match(line):
            skipping = True  # comments, targets, images and other directives are not reading text
            continue
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = False
        out.append(_inline(line, targets))
    return out


def _inline(line: str, targets: dict[str, str]) -> str:
    line = _ROLE.sub(r"\1", line)
    line = _LITERAL.sub(r"`\1`", line)
    return _SUBSTITUTION.sub(r"\1", line)


def _resolve(text: str, targets: dict[str, str]) -> str:
    """Links written inline and named references (`` `text`_ ``, `word_`) as Markdown links, also
    across line breaks; an unresolved reference is left as its text. Literals and directives stay."""

    def named(match: re.Match[str]) -> str:
        name = " ".join((match.group(1) or match.group(2)).split())
        url = targets.get(name.lower())
        return f"[{name}]({url})" if url else name

    def inline(match: re.Match[str]) -> str:
        return f"[{' '.join(match.group(1).split())}]({match.group(2).strip()})"

    parts = re.split(r"(``.+?``|^\.\. [^\n]*$)", text, flags=re.S | re.M)
    return "".join(
        part if index % 2 else _NAMED_REF.sub(named, _INLINE_LINK.sub(inline, part))
        for index, part in enumerate(parts)
    )


def parse_rst(text: str) -> Draft:
    draft = parse_markdown(rst_to_markdown(text))
    draft.format = "rst"
    return draft


def detect(source: Source) -> float:
    return 0.85 if looks_like_rst(source.text) else 0.0


def parse(source: Source) -> Draft:
    return parse_rst(source.text)

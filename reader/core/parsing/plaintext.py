"""Helpers for plain-text digests: turning their lines into Markdown bodies, header facts."""

from __future__ import annotations

import itertools
import re

from reader.core.parsing.common import URL_RE, Draft, find_date, merge_links, posted_by, text_links

BULLET_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>[•◦▪‣·\-*+]|\d{1,3}[.)])[ \t]+(?P<text>\S.*)$")
_RULE_LINE = re.compile(r"^\s*([=\-~_*#^])\1{2,}\s*$")
_MD_SPECIAL = re.compile(r"^(\s*)([#>]|\d+[.)]\s|[-*+]\s|={3,}|-{3,})")


def indent_width(text: str) -> int:
    return len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip(" "))


def lines_to_markdown(lines: list[str]) -> str:
    """Plain-text lines to Markdown: bullets of any depth become nested `-` lists."""
    out: list[str] = []
    bullet_indents: list[int] = []
    for raw in lines:
        line = raw.rstrip()
        if not line.strip() or _RULE_LINE.match(line):  # rules and underlines only separate
            if out and out[-1] != "":
                out.append("")
            continue
        match = BULLET_RE.match(line)
        if match and match.group("mark") in "•◦▪‣·-*+":
            indent = indent_width(match.group("indent"))
            while bullet_indents and bullet_indents[-1] > indent:
                bullet_indents.pop()
            if not bullet_indents or bullet_indents[-1] < indent:
                bullet_indents.append(indent)
            depth = len(bullet_indents) - 1
            if out and out[-1] == "" and len(out) > 1 and out[-2].lstrip().startswith("- "):
                out.pop()  # keep one list together across the blank lines plain text puts between bullets
            out.append("  " * depth + "- " + match.group("text").strip())
            continue
        if match:  # a numbered line: keep its number, nested by its indent
            depth = 1 if indent_width(match.group("indent")) >= 2 else 0
            out.append("   " * depth + f"{match.group('mark')} {match.group('text').strip()}")
            continue
        bullet_indents.clear()
        stripped = line.strip()
        if out and out[-1] and (out[-1].lstrip().startswith("- ") or re.match(r"^\s*\d", out[-1])):
            out.append("")
        out.append(escape_markdown_line(stripped))
        out.append("")
    return "\n".join(out).strip("\n")


def escape_markdown_line(line: str, keep_quotes: bool = False) -> str:
    """A plain-text line that Markdown must not read as a heading, list, rule or (unless kept) quote."""
    match = _MD_SPECIAL.match(line)
    if not match or (keep_quotes and match.group(2) == ">"):
        return line
    mark = match.group(2)
    if mark[0].isdigit():  # "1. " -> "1\. "
        cut = match.start(2) + len(mark.rstrip()) - 1
        return line[:cut] + "\\" + line[cut:]
    return line[: match.start(2)] + "\\" + line[match.start(2) :]


def plain_markdown(lines: list[str]) -> str:
    """Plain text as Markdown that reads the same: paragraphs reflow, `>` quotes stay quotes,
    nothing else is read as markup."""
    return "\n".join(escape_markdown_line(line.rstrip(), keep_quotes=True) for line in lines).strip("\n")


def header_facts(draft: Draft, header_lines: list[str]) -> None:
    """Fill author and date from the lines before the first item ('Posted by X on DATE')."""
    head = "\n".join(header_lines)
    author, when = posted_by(head)
    draft.author = draft.author or author
    draft.date = draft.date or when
    draft.prose_date = draft.prose_date or find_date(URL_RE.sub(" ", head), draft.warnings)
    if not draft.author:
        draft.author = repeated_name(header_lines)


def repeated_name(lines: list[str]) -> str | None:
    """A byline printed twice in a row ('Daniel Bourke' / 'Daniel Bourke'), as newsletters do."""
    content = [line.strip() for line in lines if line.strip()]
    for first, second in itertools.pairwise(content):
        words = first.split()
        if first == second and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            return first
    return None


_TITLE_WORDS = re.compile(
    r"\b(newsletter|digest|monthly|weekly|daily|issue|edition|bulletin|roundup)\b", re.I
)
_PROMO = re.compile(r"\b(gift|sale|discount|sponsor|advert|unsubscribe|% off)\b", re.I)
_SYMBOLS = re.compile(r"[^\w\s.,:;!?&/#'’()\-–—+]")


def plain_title(header_lines: list[str]) -> str | None:
    """The title line of a plain-text digest's header, when it has one that names the newsletter."""
    for line in [line.strip() for line in header_lines if line.strip()][:6]:
        if len(line) <= 100 and _TITLE_WORDS.search(line) and not _PROMO.search(line):
            title = " ".join(_SYMBOLS.sub(" ", line).split())
            return re.sub(r"\s+newsletter$", "", title, flags=re.I) or None
    return None


_SIGN_OFF = re.compile(
    r"^(see you (next|soon|in|then)|until next (time|week|month)|that'?s (all|it) for|thanks for reading"
    r"|subscribe to |unsubscribe|more from |happy (learning|reading|hacking)\b|(cheers|best|regards),?$)",
    re.I,
)


def sign_off_start(lines: list[str], start: int) -> int:
    """Index of the sign-off line ('See you next month!', 'Subscribe to ...') at or after `start`.

    It must stand at the left margin after a blank line; `len(lines)` when there is none.
    """
    for index in range(max(start, 1), len(lines)):
        line = lines[index]
        if (
            line[:1].strip()
            and len(line) <= 80
            and not lines[index - 1].strip()
            and _SIGN_OFF.match(line.strip())
        ):
            return index
    return len(lines)


def set_footer(draft: Draft, footer_lines: list[str]) -> None:
    """The text after the last item becomes the issue's footer; its links become issue links."""
    draft.footer = lines_to_markdown(footer_lines)
    draft.links = merge_links(draft.links, text_links(draft.footer))

"""Pieces every digest format shares: draft structures, links in text, dates, derived titles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from reader.core.model import Link
from reader.core.sanitize import clean_line


@dataclass
class DraftItem:
    title: str
    body: str = ""
    links: list[Link] = field(default_factory=list)
    section: str | None = None
    author: str | None = None
    date: str | None = None


@dataclass
class Draft:
    """What a format parser found; `parse_text` turns it into an `Issue` with ids."""

    format: str
    title: str | None = None
    date: str | None = None  # from front matter or a header: wins over the file name
    author: str | None = None
    preamble: str = ""
    footer: str = ""
    links: list[Link] = field(default_factory=list)
    items: list[DraftItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    prose_date: str | None = None  # a date written in the intro's prose: used after the file name's
    url: str | None = None  # the issue's web version, when the digest names one


# A bare URL in plain text; trailing punctuation that usually ends a sentence is not part of it.
URL_RE = re.compile(r"(?=[hmw])(?:https?://|mailto:|www\.)[^\s<>\"'`\]\[(){}|\\^]+", re.IGNORECASE)
_TRAILING = ".,;:!?*_~"


def _may_hold_url(text: str) -> bool:
    """False when `URL_RE` cannot match: no `://`, and ASCII text without `mailto:` or `www.` in any
    case (in other text, case-insensitive matching also takes letters like 'ı' and 'ſ')."""
    if "://" in text or not text.isascii():
        return True
    lower = text.lower()
    return "mailto:" in lower or "www." in lower


def bare_urls(text: str) -> list[Link]:
    """Links written as bare URLs in `text`, in order, without duplicates."""
    found: list[Link] = []
    if not _may_hold_url(text):
        return found
    seen: set[str] = set()
    for match in URL_RE.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        if url.lower().startswith("www."):
            url = "https://" + url
        if url not in seen and len(url) > 10:
            seen.add(url)
            found.append(Link(url=url, text=""))
    return found


# `[text](url)`, `[text] (url)` and `[text] (<url>)` as plain-text digests write them.
_PLAIN_LINK = re.compile(
    r"\[([^\]\n]{1,300})\][ \t]?\(<?((?:https?://|mailto:|www\.)[^\s<>()]+(?:\([^\s<>()]*\))?)>?\)", re.I
)


def text_links(text: str) -> list[Link]:
    """Links of plain text in order: `[text] (<url>)`-style links with their text, then bare URLs."""
    found: list[tuple[int, Link]] = []
    taken: list[tuple[int, int]] = []
    for match in _PLAIN_LINK.finditer(text):
        url = match.group(2)
        url = "https://" + url if url.lower().startswith("www.") else url
        found.append((match.start(), Link(url=url, text=clean_line(match.group(1)))))
        taken.append(match.span())
    if not taken:
        return bare_urls(text)
    for match in URL_RE.finditer(text):
        if not any(a <= match.start() < b for a, b in taken):
            found.extend((match.start(), link) for link in bare_urls(match.group(0)))
    return merge_links([link for _, link in sorted(found, key=lambda pair: pair[0])])


_EMPTY_GROUP = re.compile(r"[(\[]\s*(?:[,;/|]\s*)*[)\]]")


def title_without_links(text: str) -> str:
    """A title with its link markup taken out: a leading `[text] (<url>)` keeps its text, others go."""
    stripped = _PLAIN_LINK.sub(lambda m: m.group(1) if m.start() == 0 else "", text)
    stripped = URL_RE.sub("", stripped)
    stripped = _EMPTY_GROUP.sub("", _EMPTY_GROUP.sub("", stripped))  # "(, )" where links were cut out
    stripped = " ".join(stripped.split()).rstrip(" -–—:|,")
    return stripped or text


def merge_links(*groups: list[Link]) -> list[Link]:
    """Concatenate link lists, keeping the first occurrence of each URL."""
    out: list[Link] = []
    seen: set[str] = set()
    for group in groups:
        for link in group:
            if link.url not in seen:
                seen.add(link.url)
                out.append(link)
    return out


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(?<!\d-)(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    # "(June 23 - June 29) - 2025", "June 23 - 29, 2025": a range of days, dated by its first
    re.compile(
        rf"\b(?P<mon>{_MONTH_RE})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to)\s*(?:(?:{_MONTH_RE})\.? )?"
        r"\d{1,2}(?:st|nd|rd|th)?\)?\s*(?:-|–|,)?\s*(?P<y>(?:19|20)\d\d)\b",
        re.I,
    ),
    re.compile(rf"\b(?P<mon>{_MONTH_RE})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?P<mon>{_MONTH_RE})\.?,? (?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(
        r"^\s*(?P<m>\d{1,2})[-/](?P<d>\d{1,2})[-/](?P<y>(?:19|20)\d\d)\s*$"
    ),  # a bare MM-DD-YYYY value
)


def find_date(text: str, warnings: list[str] | None = None) -> str | None:
    """The first date written in `text`, as ISO YYYY-MM-DD. Impossible dates are reported."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = int(parts["m"]) if parts.get("m") else _MONTHS[parts["mon"].lower()]
            try:
                return date(int(parts["y"]), month, int(parts["d"])).isoformat()
            except ValueError:
                if warnings is not None:
                    warnings.append(f"impossible date {match.group(0)!r} ignored")
    return None


_POSTED_BY = re.compile(
    r"^\s*(?:posted|written|published)\s+by\s+(?P<author>.+?)(?:\s+on\s+(?P<when>.+?))?\s*$", re.I | re.M
)


def posted_by(text: str) -> tuple[str | None, str | None]:
    """(author, ISO date) from a 'Posted by X on DATE' line, when there is one."""
    match = _POSTED_BY.search(text)
    if not match:
        return None, None
    when = find_date(match.group("when") or "")
    return clean_line(match.group("author")), when


_NAME = r"(?:The )?[A-Z][\w.&/-]*(?: (?:[A-Z][\w.&/-]*|of|in|for))*"
_NAME_PATTERNS = (
    re.compile(rf"(?:^|[\s(])(?P<name>{_NAME}) [Nn]ewsletter\b"),
    re.compile(rf"\b(?:edition|issue) of (?P<name>{_NAME})"),
    re.compile(rf"\b[Ss]ubscribe to (?P<name>{_NAME})"),
    re.compile(r"\b(?P<name>(?:[A-Z][\w/&.-]*\s){0,4}(?:Weekly|Monthly|Daily|News|Digest|Bulletin))\b"),
)


def newsletter_name(text: str) -> str | None:
    """The newsletter's own name as the text writes it ('The Batch'), when it can be told."""
    for pattern in _NAME_PATTERNS:
        match = pattern.search(text)
        if match:
            return match.group("name").strip()
    return None


_ISSUE_NUMBERS = re.compile(r"\bissues?\s+#?(\d{1,4})(?:\s*(?:-|–|to)\s*(\d{1,4}))?", re.I)
_ORDINAL_ISSUE = re.compile(r"\b(\d{1,4})(?:st|nd|rd|th) issue\b", re.I)


def issue_numbers(text: str) -> list[int]:
    """Issue numbers the text names ('Issue 45', 'issues 41-45', '28th issue'), sorted."""
    numbers: set[int] = set()
    for match in _ISSUE_NUMBERS.finditer(text):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if 0 <= last - first <= 100:
            numbers.update(range(first, last + 1))
    numbers.update(int(m.group(1)) for m in _ORDINAL_ISSUE.finditer(text))
    return sorted(numbers)


def derive_title(draft: Draft, full_text: str, file_stem: str) -> str:
    """A meaningful title for a digest that has no title line of its own.

    The newsletter's name with the issue numbers it covers, or with its lead story; else the
    first sentence of the preamble; the file name only as a last resort.
    """
    if len(full_text) > 60_000:  # the name and numbers are told at the top or in the sign-off
        full_text = full_text[:50_000] + "\n" + full_text[-10_000:]
    name = newsletter_name(full_text)
    numbers = issue_numbers(full_text)
    if name and len(numbers) > 1:
        return f"{name} — issues {numbers[0]}–{numbers[-1]}"
    if name and numbers:
        return f"{name} #{numbers[0]}"
    stories = [item.title for item in draft.items if item.section != "Letter"]
    lead = stories[0] if stories else (draft.items[0].title if draft.items else "")
    if name and lead:
        return f"{name} — {lead}"
    if name:
        return name
    first = _first_line(draft.preamble) or lead
    if first:
        return first
    return file_stem.replace("_", " ").replace("-", " ").strip() or "Digest"


def _first_line(text: str) -> str:
    """The preamble's first line when it reads as a title, else its first sentence."""
    lines = [
        line for line in text.split("\n") if any(c.isalnum() for c in line) and not _POSTED_BY.match(line)
    ]
    if lines and len(lines[0].strip()) <= 90 and not lines[0].rstrip().endswith((".", ":", ",")):
        return first_sentence(lines[0])
    return first_sentence("\n".join(lines))


def first_sentence(text: str, limit: int = 80) -> str:
    """The first sentence of `text` on one line, shortened to about `limit` characters."""
    flat = clean_line(re.sub(r"[#*_`>\[\]]", "", text))
    if not flat:
        return ""
    sentence = re.split(r"(?<=[.!?])\s|(?<=[。！？])", flat, maxsplit=1)[0]
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


def split_author(title: str) -> tuple[str, str | None]:
    """'Pix2Seq: ... by Google AI' -> ('Pix2Seq: ...', 'Google AI') when the tail looks like a name."""
    head, sep, tail = title.rpartition(" by ")
    if not sep or not head.strip():
        return title, None
    words = tail.split()
    if (
        1 <= len(words) <= 4
        and all(w[:1].isupper() or w[:1].isdigit() for w in words)
        and not tail.endswith(".")
    ):
        return head.strip(), tail.strip()
    return title, None


def tidy_title(text: str) -> str:
    """One clean line, without a trailing colon or semicolon."""
    return clean_line(text).rstrip(":;,").strip()

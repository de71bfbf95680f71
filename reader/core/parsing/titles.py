"""An issue's title and date a person can use: never a greeting, a paragraph or link syntax.

The title the text gives wins when it is usable; else one is derived (the newsletter's name with
its issue numbers or lead story, the intro's first line), and a derived title carries the number
or date of the file name ("Widget Weekly 54"). Dates come from front matter and headers, then the
title, then the file name, and only then from the prose.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from reader.core.model import Issue
from reader.core.parsing.common import Draft, derive_title, find_date, issue_numbers, newsletter_name
from reader.core.sanitize import clean_line

MAX_TITLE = 120
_GREETING = re.compile(
    r"^\W*(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening)|dear\b|welcome\b"
    r"|bonjour|hola|salut|thanks? (?:you )?for)\b",
    re.I,
)
_LINK_SYNTAX = re.compile(r"\]\s?\(|\[[^\]]*\]\s*\(|<https?://|https?://\S+")
_STEM_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]((?:\d{1,2})|[A-Za-z]{3,9})[-_.](\d{1,2})(?!\d)")


def usable_title(title: str | None) -> str | None:
    """`title` on one line, or None when it is a greeting, a whole paragraph or holds link syntax."""
    if not title:
        return None
    flat = clean_line(title).strip()
    if not flat or len(flat) > MAX_TITLE or _prose(flat):
        return None
    if not any(c.isalnum() for c in flat):
        return None
    return flat


def _prose(line: str) -> bool:
    """A greeting or text holding link syntax: never a title."""
    return bool(_GREETING.match(line) or _LINK_SYNTAX.search(line))


def shortened_title(title: str | None) -> str | None:
    """A long one-line title the text gives (front matter listing every topic of the issue) cut at
    its last separator before `MAX_TITLE`, or at a word with an ellipsis; None when the title is
    fine as it is or is no title at all (a paragraph: sentences, several lines)."""
    if not title or "\n" in title.strip():
        return None
    flat = clean_line(title).strip()
    if len(flat) <= MAX_TITLE or _prose(flat):
        return None
    if re.search(r"\w[.!?]\s+\w", flat[:MAX_TITLE]):
        return None  # sentences: a paragraph, not a title
    head = flat[: MAX_TITLE + 1]
    for separator in (" | ", " — ", " – ", " - ", "; ", ": "):  # the strongest break that leaves enough
        cut = head.rfind(separator)
        if cut >= MAX_TITLE // 3:
            return head[:cut].rstrip(" ,;:|-—–")
    return head.rsplit(" ", 1)[0].rstrip(" ,;:|-—–") + "…"


def file_label(path: Path) -> str | None:
    """The issue number or date a file name carries: '2024-06-04', '#54' -> '54', 'TWN55' -> '55'."""
    stem = path.stem
    date = find_date(_date_text(stem))
    if date:
        return date
    if re.search(r"[0-9a-f]{8,}", stem.lower()):
        return None  # a file named by a hash: its numbers are no issue number
    numbers = re.findall(r"\d{1,6}", stem)
    return (numbers[0].lstrip("0") or "0") if numbers else None


def _date_text(stem: str) -> str:
    match = _STEM_DATE.search(stem)
    if not match:
        return ""
    year, month, day = match.groups()
    return f"{month} {day}, {year}" if month.isalpha() else f"{year}-{month}-{day}"


def issue_title(draft: Draft, path: Path) -> str:
    """The title the text gives when usable, else a derived one carrying the file's number or date."""
    given = usable_title(draft.title) or shortened_title(draft.title)
    if given:
        return given
    text = "\n\n".join([draft.preamble] + [f"{d.title}\n{d.body}" for d in draft.items] + [draft.footer])
    label = file_label(path)
    name = newsletter_name(text[:20_000])
    if name and label and not issue_numbers(text[:20_000]):  # the name alone does not tell issues apart
        return f"{name} {label}"
    derived = usable_title(derive_title(draft, text, "")) or ""
    if derived:
        return derived
    return path.stem.replace("_", " ").strip() or "Digest"


def issue_date(draft: Draft, path: Path) -> str | None:
    """Front matter and headers, then the title, then the file name, then the prose."""
    return (
        draft.date
        or (find_date(_no_urls(draft.title)) if draft.title else None)
        or find_date(_date_text(path.stem))
        or find_date(path.stem.replace("_", "-").replace(".", "-"), draft.warnings)
        or draft.prose_date
    )


def _no_urls(text: str) -> str:
    return re.sub(r"\S+://\S+", " ", text)


def disambiguate_titles(issues: Iterable[Issue]) -> None:
    """Issues of one folder that share a title, from different files, get titles a reader can tell
    apart: `labelled_titles`, then `kind_titles` for those still alike."""
    issues = list(issues)
    for step in (labelled_titles, kind_titles):
        for group in _same_titles(issues):
            for issue, title in zip(group, step(group, [issue.title for issue in group])):
                issue.title = title


def labelled_titles(group: list[Issue], titles: list[str]) -> list[str]:
    """Titles of issues of different files sharing a title: each file's number or date added
    (unless the title says that date already)."""
    labelled = []
    for issue, title in zip(group, titles):
        label = file_label(Path(issue.source)) or issue.date
        if label and label not in title and find_date(_no_urls(title)) != label:
            title = f"{title} {label}"
        labelled.append(title)
    return labelled


def kind_titles(group: list[Issue], titles: list[str]) -> list[str]:
    """Titles still alike for issues of different files (one issue saved in several formats): each
    file's type added, or its name when types repeat."""
    if len(group) < 2 or len({issue.source for issue in group}) < len(group):
        return list(titles)
    kinds = [Path(issue.source).suffix.lstrip(".").lower() for issue in group]
    if not all(kinds) or len(set(kinds)) < len(kinds):
        kinds = [Path(issue.source).name for issue in group]
    return [f"{title} ({kind})" for title, kind in zip(titles, kinds)]


def _same_titles(issues: list[Issue]) -> list[list[Issue]]:
    """Groups of issues from different files of one folder that share a title (one file's feed
    entries keep their own titles)."""
    groups: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in issues:
        groups[(str(Path(issue.source).parent), issue.title.casefold())].append(issue)
    return [g for g in groups.values() if len(g) > 1 and len({issue.source for issue in g}) == len(g)]

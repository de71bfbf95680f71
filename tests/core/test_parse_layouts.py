"""Unusual Markdown layouts never lose text: every visible line of the input is in the parsed issue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader.core.decoding import decode_bytes
from reader.core.model import Issue
from reader.core.parsing import parse_file, parse_text
from reader.core.parsing.common import find_date
from reader.core.sanitize import clean_text

_WORD = re.compile(r"\w+")
_URL = re.compile(r"https?://[^\s)<>\]\"']+")
_LINK_TARGET = re.compile(r"\]\(([^)\s]*)[^)]*\)")
_RULE = re.compile(r"^\s*(?:[-=*_]\s*){3,}$")
_TAG = re.compile(r"<[^>]*>?")
_MARKER = re.compile(r"^\s*(?:#{1,6}|[-*+•◦▪]|\d{1,9}[.)])\s")


def _words(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(text)}


def visible_lines(text: str) -> list[tuple[str, tuple[set[str], list[str]]]]:
    """Each non-blank visible line with its (words, urls) visible line; front matter keeps only its values, HTML tags
    only their URLs, list markers and heading marks nothing."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---" and "---" in lines[1:]:
        close = lines.index("---", 1)
        lines = [line.partition(":")[2] for line in lines[1:close]] + lines[close + 1 :]
    out = []
    for line in lines:
        if not line.strip() or _RULE.match(line):
            continue
        urls = _URL.findall(line)
        words = _words(_URL.sub(" ", _LINK_TARGET.sub("] ", _TAG.sub(" ", _MARKER.sub("", line)))))
        if words or urls:
            out.append((line, (words, urls)))
    return out


def issue_fields(issue: Issue) -> list[str]:
    """Every piece of text the parsed issue holds; an item's title, body, section and links are one."""
    fields = [issue.title, issue.preamble, issue.footer, issue.author or "", issue.date or ""]
    fields += [link.text for link in issue.links]
    for item in issue.items:
        parts = [item.title, item.body, item.section or "", f"by {item.author}" if item.author else ""]
        fields.append("\n".join(parts + [link.text for link in item.links]))
    return fields


def _is_byline(words: set[str], line: str, issue: Issue) -> bool:
    """'Posted by X on <date>': the issue's author and date hold it."""
    return bool(issue.author) and _words(issue.author or "") <= words and find_date(line) == issue.date


def missing_lines(text: str, issue: Issue) -> list[str]:
    """Input lines whose words are not all in one field of `issue`, or whose URLs it lost."""
    fields = [_words(field) for field in issue_fields(issue)]
    joined = "\n".join(issue_fields(issue))
    urls = {link.url for link in issue.links} | {link.url for item in issue.items for link in item.links}
    missing = []
    for line, (words, line_urls) in visible_lines(text):
        if words and not any(words <= field for field in fields) and not _is_byline(words, line, issue):
            missing.append(" ".join(sorted(words)))
        missing += [url for url in line_urls if url not in urls and url not in joined]
    return missing


TITLE_AFTER_INTRO = (
    "Intro line\n\n# My Newsletter\n\nWelcome.\n\n## Item A\n\nBody A.\n\n## Item B\n\nBody B.\n"
)
LINKS_UNDER_TOP_HEADING = (
    "Intro\n\n# Links\n\n* [First](https://a.example/1)\n* [Second](https://a.example/2)\n\n"
    "## Tools\n\n* [Third](https://a.example/3)\n"
)
FRONT_MATTER_SETEXT_LINKS = (
    "---\ntitle: Weekly Links\n---\nIntro\n\nLinks\n=====\n\n* [First](https://a.example/1)\n"
    "* [Second](https://a.example/2)\n\n## Tools\n\n* [Third](https://a.example/3)\n"
)
SECTION_WITH_TEXT = (
    "# Digest\n\n## News\n\nA short note about the news.\n\n### Item one\n\nBody one.\n\n"
    "### Item two\n\nBody two.\n\n## Tools\n\n### Item three\n\nBody three.\n"
)
SINGLE_LINK_ARTICLE = (
    "# Digest\n\n## Article\n\n* [Read more](https://b.example/read)\n\n## Other\n\nA plain paragraph here.\n"
)
LAYOUTS = {
    "title_after_intro": TITLE_AFTER_INTRO,
    "links_under_top_heading": LINKS_UNDER_TOP_HEADING,
    "front_matter_setext_links": FRONT_MATTER_SETEXT_LINKS,
    "section_with_text": SECTION_WITH_TEXT,
    "single_link_article": SINGLE_LINK_ARTICLE,
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_no_visible_line_is_lost(name: str) -> None:
    text = LAYOUTS[name]
    issue, _ = parse_text(text, "x.md")
    assert missing_lines(text, issue) == []


def test_seeds_lose_no_visible_line(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.iterdir()):
        issue = parse_file(path).issue
        assert issue is not None
        text = clean_text(decode_bytes(path.read_bytes())[0])  # as the parser reads it (mojibake repaired)
        assert missing_lines(text, issue) == [], path.name


def test_the_helper_notices_a_lost_line() -> None:
    issue, _ = parse_text("# Title\n\n## A\n\nKept body.\n", "x.md")
    assert missing_lines("# Title\n\n## A\n\nKept body.\n\nDropped words\n", issue) == ["dropped words"]


def test_single_top_heading_after_an_intro_is_the_title() -> None:
    issue, _ = parse_text(TITLE_AFTER_INTRO, "x.md")
    assert issue.title == "My Newsletter"
    assert "Intro line" in issue.preamble and "Welcome." in issue.preamble
    assert [item.title for item in issue.items] == ["Item A", "Item B"]


@pytest.mark.parametrize("text", [LINKS_UNDER_TOP_HEADING, FRONT_MATTER_SETEXT_LINKS])
def test_link_bullets_under_a_section_heading_are_items(text: str) -> None:
    issue, _ = parse_text(text, "x.md")
    assert [(item.title, item.section) for item in issue.items] == [
        ("First", "Links"),
        ("Second", "Links"),
        ("Third", "Links › Tools"),  # a one-bullet section splits like the others
    ]
    assert [link.url for item in issue.items for link in item.links] == [
        "https://a.example/1",
        "https://a.example/2",
        "https://a.example/3",
    ]


def test_front_matter_title_wins_over_setext_section() -> None:
    issue, _ = parse_text(FRONT_MATTER_SETEXT_LINKS, "x.md")
    assert issue.title == "Weekly Links"
    assert issue.preamble == "Intro"


def test_section_text_before_its_items_is_an_item_of_that_section() -> None:
    issue, _ = parse_text(SECTION_WITH_TEXT, "x.md")
    assert issue.title == "Digest"
    assert [(item.title, item.section) for item in issue.items] == [
        ("News", "News"),
        ("Item one", "News"),
        ("Item two", "News"),
        ("Item three", "Tools"),
    ]
    assert issue.items[0].body == "A short note about the news."


def test_a_lone_link_bullet_without_link_lists_elsewhere_stays_in_its_item() -> None:
    issue, _ = parse_text(SINGLE_LINK_ARTICLE, "x.md")
    assert [item.title for item in issue.items] == ["Article", "Other"]
    assert [link.url for link in issue.items[0].links] == ["https://b.example/read"]


LONG_TOPICS = " | ".join(
    ["Widget Weekly #7: Alpha, Beta, Gamma, Delta, Epsilon", "Zeta, Eta, Theta, Iota"] * 4
)


def test_a_long_front_matter_title_is_cut_at_a_separator_and_kept_whole_in_the_intro() -> None:
    issue, _ = parse_text(f'---\ntitle: "{LONG_TOPICS}"\n---\n\nHello all.\n\n## News\n\n- one\n', "294.md")
    assert issue.title == "Widget Weekly #7: Alpha, Beta, Gamma, Delta, Epsilon | Zeta, Eta, Theta, Iota"
    assert issue.preamble.startswith(LONG_TOPICS + "\n\nHello all.")


def test_a_long_paragraph_is_still_no_title() -> None:
    long = "We shipped a lot this week. " * 8
    issue, _ = parse_text(f"---\ntitle: {long.strip()}\n---\n\n## News\n\n- one\n", "widget-54.md")
    assert "shipped" not in issue.title


HTML_CARD_THEN_MARKDOWN = """<h3 id="undo">
  <a href="#undo">
    <span class="icon"><i class="fa-solid fa-book"></i></span>
    <span>highlight-undo.nvim</span>
  </a>
</h3>

![shot](https://example.com/shot.png)

Highlight changed text after *Undo*.

- [GitHub](https://github.com/example/undo)
"""


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".mdx"])
def test_a_markdown_file_opening_with_an_html_card_is_read_as_markdown(suffix: str) -> None:
    issue, _ = parse_text(HTML_CARD_THEN_MARKDOWN, f"x{suffix}")
    item = issue.items[0]
    assert item.title == "highlight-undo.nvim"
    assert "\\[" not in item.body and "Highlight changed text" in item.body
    assert "https://github.com/example/undo" in [link.url for link in item.links]


def test_an_html_card_over_a_list_of_links_is_one_markdown_item_not_raw_html() -> None:
    text = HTML_CARD_THEN_MARKDOWN + "- [Docs](https://a.example/1)\n- [Reddit](https://a.example/2)\n"
    issue, _ = parse_text(text, "x.md")
    assert issue.format == "markdown"
    assert issue.title == "highlight-undo.nvim"
    assert [item.title for item in issue.items] == ["GitHub", "Docs", "Reddit"]
    assert "Highlight changed text" in issue.preamble


def test_the_same_text_in_an_html_file_is_still_html() -> None:
    issue, _ = parse_text(HTML_CARD_THEN_MARKDOWN, "x.html")
    assert issue.format == "html"


SPONSOR = """# Weekly

## Sponsor

[![Ship it faster](/img/ad.jpg)](https://ad.example/ship?utm_source=weekly)

**[Ship it faster](https://ad.example/ship?utm_source=weekly)**

A story about shipping, told at length.

[Read the post →](https://ad.example/ship?utm_source=weekly)

## News

- [One](https://one.example) - the first.
- [Two](https://two.example) - the second.
"""


def test_a_link_back_to_the_item_s_own_target_stays_in_that_item() -> None:
    issue, _ = parse_text(SPONSOR, "x.md")
    sponsor = [item for item in issue.items if item.section == "Sponsor" or item.title == "Sponsor"]
    assert len(sponsor) == 1, [item.title for item in issue.items]
    assert "A story about shipping" in sponsor[0].body and "Read the post" in sponsor[0].body
    assert [item.title for item in issue.items][-2:] == ["One", "Two"]


TABLE_OF_CONTENTS = """# Weekly News

## Table of Contents

- [First story](#first)
- [Second story](#second)
- [Third story](#third)

## First story

Text of the first.

## Second story

Text of the second.

## Third story

Text of the third.
"""


def test_a_list_of_links_to_places_in_the_page_is_a_table_of_contents_not_items() -> None:
    issue, _ = parse_text(TABLE_OF_CONTENTS, "x.md")
    titles = [item.title for item in issue.items]
    assert titles == ["Table of Contents", "First story", "Second story", "Third story"]
    assert "Second story" in issue.items[0].body  # still shown, as the section's text

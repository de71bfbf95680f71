"""An issue's web version: front matter `url` or `link`, a feed entry's link; only http(s)."""

from __future__ import annotations

from reader.core.parsing import parse_bytes, parse_text

FEED = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Feed</title>
<item><title>Issue 7</title><link>https://example.com/7</link><description>Text.</description></item>
<item><title>Issue 6</title><link>javascript:alert(1)</link><description>Text.</description></item>
</channel></rss>"""


def test_front_matter_url_or_link() -> None:
    issue, _ = parse_text("---\ntitle: T\nurl: https://example.com/t\n---\n\n## A\n\nx\n", "t.md")
    assert issue.url == "https://example.com/t"
    issue, _ = parse_text("---\ntitle: T\nlink: http://example.com/l\n---\n\n## A\n\nx\n", "t.md")
    assert issue.url == "http://example.com/l"


def test_no_url_or_an_unsafe_one_is_none() -> None:
    issue, _ = parse_text("# T\n\n## A\n\nx\n", "t.md")
    assert issue.url is None
    issue, _ = parse_text("---\ntitle: T\nurl: javascript:alert(1)\n---\n\n## A\n\nx\n", "t.md")
    assert issue.url is None


def test_a_feed_entry_s_link() -> None:
    issues = parse_bytes(FEED, "feed.xml").issues
    assert [issue.url for issue in issues] == ["https://example.com/7", None]

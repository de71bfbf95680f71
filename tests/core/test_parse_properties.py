"""Parsing never raises: arbitrary text, arbitrary bytes, and text built from digest-like pieces."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.model import Issue
from reader.core.parsing import parse_bytes, parse_text
from reader.core.sanitize import is_clean

PIECES = [
    "# Title\n",
    "## Section\n",
    "### Item\n",
    "Setext\n======\n",
    "Under\n-----\n",
    "---\ntitle: T\ndate: 2021-2-29\n---\n",
    "Title: X\nDate: 2021-06-21\n\n",
    "* [a link](https://e.com/x) tail\n",
    "- plain bullet\n",
    "  - nested\n",
    "  • bullet\n",
    "    • deeper\n",
    "1. Entry by Someone\n",
    "2. Next\n",
    "**Bold.** text\n",
    "__T.__ x\n",
    "| a | b |\n|---|---|\n| [c](http://d) | e |\n",
    "[ref]: http://r.example\n",
    "[t][ref]\n",
    "<https://auto.link>\n",
    "<!-- comment -->\n",
    "<div><a href='http://x'>Go</a></div>\n",
    "<script>x</script>\n",
    "```\ncode\n",
    "Dear friends,\n",
    "Headline Words Here\n",
    "Posted by A on March 3, 2020\n",
    "\n",
    "\n\n",
    "text line\n",
    "`rst <http://r>`_\n",
    "=====\nOver\n=====\n",
    "β€™ πŸ’» ",
    "中文标题\n",
    "\t\x1b[31m\r\n",
    "[x] (<http://p>)\n",
    "<rss><channel><item><title>t</title></item></channel></rss>",
]


def check(issue: Issue) -> None:
    assert issue.title.strip()
    ids = [item.id for item in issue.items]
    assert len(ids) == len(set(ids))
    for item in issue.items:
        assert item.id.startswith(issue.id + "/")
        assert item.title.strip() and "\n" not in item.title
        assert is_clean(item.title) and is_clean(item.body)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=1500))
def test_parse_text_never_raises_on_arbitrary_text(text: str) -> None:
    issue, warnings = parse_text(text, "any.md")
    check(issue)
    assert all(isinstance(w, str) for w in warnings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_parse_text_never_raises_on_digest_like_text(pieces: list[str]) -> None:
    issue, _ = parse_text("".join(pieces), "2021-6-21-121.md")
    check(issue)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_decode_and_parse_never_raise_on_arbitrary_bytes(data: bytes) -> None:
    outcome = parse_bytes(data, "blob.txt")
    assert all(w.startswith("blob.txt: ") for w in outcome.warnings)
    if not outcome.issues:
        assert outcome.warnings
    for issue in outcome.issues:
        check(issue)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=20), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_encoded_digest_like_bytes_never_raise(pieces: list[str], encoding: str) -> None:
    data = "".join(pieces).encode(encoding, errors="replace")
    outcome = parse_bytes(data, "x.md")
    for issue in outcome.issues:
        check(issue)

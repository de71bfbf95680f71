"""Parsing never raises: arbitrary text, arbitrary bytes, and text built from digest-like pieces."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
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


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=60))
def test_item_ids_are_unique_for_any_titles(titles: list[str]) -> None:
    from reader.core.model import Item, assign_item_ids

    items = [Item(id="", title=title) for title in titles]
    assign_item_ids("issue", items)
    assert len({item.id for item in items}) == len(items)
    assert all(item.id.startswith("issue/") for item in items)


def test_ten_thousand_items_with_colliding_titles_get_unique_ids() -> None:
    from reader.core.model import Item, assign_item_ids

    titles = ["News", "News 2", "news-2", "News", "Item"] * 2000
    items = [Item(id="", title=title) for title in titles]
    assign_item_ids("big", items)
    assert len({item.id for item in items}) == 10_000
    text = "# Big\n\n" + "".join(f"## {title}\n\nBody {n}.\n\n" for n, title in enumerate(titles))
    issue, _ = parse_text(text, "big.md")
    assert len(issue.items) == 10_000 and len({item.id for item in issue.items}) == 10_000


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=8).map(" ".join)
_BLOCKS = st.one_of(
    _SENTENCE.map(lambda s: f"{s}\n"),
    _SENTENCE.map(lambda s: f"## {s}\n"),
    _SENTENCE.map(lambda s: f"### {s}\n"),
    _SENTENCE.map(lambda s: f"# {s}\n"),
    st.tuples(_SENTENCE, _WORDS).map(lambda p: f"* [{p[0]}](https://example.com/{p[1]}) {p[1]}\n"),
    _SENTENCE.map(lambda s: f"- {s}\n"),
    _SENTENCE.map(lambda s: f"**{s}.** {s}\n"),
    _SENTENCE.map(lambda s: f"1. {s}\n"),
    _SENTENCE.map(lambda s: f"> {s}\n"),
    st.tuples(_SENTENCE, _SENTENCE).map(
        lambda p: f"| {p[0]} | {p[1]} |\n| --- | --- |\n| {p[1]} | {p[0]} |\n"
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BLOCKS, min_size=1, max_size=25), st.sampled_from(["x.md", "x.txt"]))
@example(["- aaa\n", "* [aaa](https://example.com/aaa) aaa\n", "- aaa\n", "aab\n"], "x.md")  # a closing line
def test_every_word_of_a_generated_digest_is_shown(blocks: list[str], name: str) -> None:
    from fidelity_words import shown_text, words
    from reader.cli.browse import whole_issue_json

    text = "\n".join(blocks)
    issue, _ = parse_text(text, name)
    shown = set(words(shown_text(whole_issue_json(issue))))
    assert [w for w in words(text) if w not in shown and not w.isdigit()] == []

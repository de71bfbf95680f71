"""URL normalisation: what counts as the same link, and that it is idempotent and never raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.link_keys import is_tracking_parameter, link_key, normalize_url

SAME = [
    ("https://example.com/a", "http://example.com/a"),
    ("https://example.com/a", "https://www.example.com/a"),
    ("https://example.com/a", "https://example.com/a/"),
    ("https://example.com/a", "HTTPS://WWW.Example.COM/a"),
    ("https://example.com/a", "https://example.com./a"),
    ("https://example.com/a", "https://example.com:443/a"),
    ("https://example.com/a", "http://example.com:80/a"),
    ("https://example.com/a", "https://user:secret@example.com/a"),
    ("https://example.com/a", "https://example.com/a?utm_source=news&utm_medium=email&UTM_Campaign=x"),
    ("https://example.com/a", "https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=5"),
    ("https://example.com/a", "https://example.com/a#section-2"),
    ("https://example.com/a", "https://example.com/a/#:~:text=hello"),
    ("https://example.com/a", "  https://example.com/a  "),
    ("https://example.com/a", "example.com/a"),
    ("https://example.com/a", "www.example.com/a/"),
    ("https://example.com/a", "//example.com/a"),
    ("https://example.com/a?b=1&c=2", "https://example.com/a/?utm_term=z&b=1&&c=2#top"),
    ("https://example.com/a%2Fb", "https://example.com/a%2fb"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com", "https://www.example.com?utm_source=x"),
    ("mailto:Editor@Example.com", "MAILTO:editor@example.com"),
]

DIFFERENT = [
    ("https://example.com/a", "https://example.com/b"),
    ("https://example.com/a", "https://example.com/A"),  # paths are case-sensitive
    ("https://example.com/a?id=1", "https://example.com/a?id=2"),
    ("https://example.com/a?x=1&y=2", "https://example.com/a?y=2&x=1"),  # order can matter to a site
    ("https://example.com/a", "https://example.com:8080/a"),
    ("https://example.com/a", "https://blog.example.com/a"),
    ("https://example.com/app#/inbox", "https://example.com/app#/settings"),  # client-side routes
    ("https://example.com/#!page1", "https://example.com/#!page2"),
    ("https://www.com/a", "https://com/a"),  # www. is the name itself here
    ("https://example.com/a?reference=1", "https://example.com/a"),  # only `ref` itself is tracking
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_same_link(one: str, other: str) -> None:
    assert normalize_url(one) == normalize_url(other)
    assert link_key(one) == link_key(other) is not None


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_links(one: str, other: str) -> None:
    assert normalize_url(one) != normalize_url(other)


def test_key_shape() -> None:
    assert normalize_url("https://www.Example.com/a/?utm_source=x&b=2#frag") == "example.com/a?b=2"
    assert normalize_url("https://example.com/app/#/route/1") == "example.com/app#/route/1"
    assert normalize_url("http://[::1]:8080/x/") == "[::1]:8080/x"
    assert normalize_url("ftp://Files.example.com/pub/") == "ftp://Files.example.com/pub/"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "/relative/path",
        "#top",
        "../up",
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "http://localhost:8000/x",  # the same name on another machine is another host
        "http://",
        "https:///path",
        "http://[::1",
        "https://" + "a" * 9000 + ".com",
    ],
)
def test_links_not_worth_comparing_have_no_key(url: str) -> None:
    assert link_key(url) is None
    normalize_url(url)  # never raises


def test_tracking_parameters() -> None:
    for name in ("utm_source", "UTM_MEDIUM", "utm%5Fcampaign", "fbclid", "gclid", "mc_cid", "mc_eid", "ref"):
        assert is_tracking_parameter(name), name
    for name in ("id", "q", "page", "reference", "utm"):
        assert not is_tracking_parameter(name), name


def test_non_text_is_empty() -> None:
    assert normalize_url(None) == ""  # type: ignore[arg-type]
    assert link_key(42) is None  # type: ignore[arg-type]


_PIECES = st.sampled_from(
    ["http://", "https://", "HTTP://", "//", "www.", "WWW.", "example.com", "Ex.AMPLE.org", ".", "/", "?",
     "&", "=", "#", "#/", "#!", "utm_source=x", "ref=1", "a=b", ":", ":80", ":443", ":8080", "@", "u:p@",
     "[", "]", "[::1]", "%2f", " ", "\t", "\n", "İ", "ß", "mailto:", "javascript:", "\u3000", "\x00",
     "ｅ", "／", "％", "..", "-"]
)  # fmt: skip
_URLISH = st.one_of(
    st.text(),
    st.text(st.characters(exclude_categories=())),  # lone surrogates too
    st.lists(_PIECES, max_size=12).map("".join),
    st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=10).map("".join),
)


@settings(max_examples=600, deadline=None)
@given(_URLISH)
def test_normalisation_is_idempotent_and_never_raises(url: str) -> None:
    once = normalize_url(url)
    assert normalize_url(once) == once
    key = link_key(url)
    if key is not None:
        assert key == once and link_key(key) == key  # a printed key can be looked up again


_LABEL = st.text("aZ0-wW", min_size=1, max_size=4)
_PLAIN_WEB = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["http://", "HTTPS://", "http://www.", "https://WWW.", "https://Www."]),
        st.lists(_LABEL, min_size=1, max_size=4).map(".".join),
        st.one_of(st.just(""), st.text("aZ/.~!$'()*+,;=:@-_%?#", max_size=8).map(lambda p: "/" + p)),
    ),
)


@settings(max_examples=400, deadline=None)
@given(_PLAIN_WEB)
def test_the_short_way_for_plain_web_links_gives_the_long_ways_key(url: str) -> None:
    from reader.core.link_keys import _normalize, _normalize_parsed

    assert _normalize(url) == _normalize_parsed(url)

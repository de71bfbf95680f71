"""Only http, https and mailto links are opened or copied; everything else is refused with a reason."""

from __future__ import annotations

import sys
import webbrowser

import pytest

from reader.core import links
from reader.core.links import ALLOWED_SCHEMES, open_url, refusal_reason


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a?b=c#d",
        "http://example.com",
        "HTTPS://EXAMPLE.COM/x",
        "mailto:me@example.com",
        "  https://example.com/padded  ",
        "https://例え.jp/パス",
    ],
)
def test_safe_links_are_allowed(url: str) -> None:
    assert refusal_reason(url) is None
    assert ALLOWED_SCHEMES == ("http", "https", "mailto")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("javascript:alert(1)", "javascript: links are not opened"),
        ("JavaScript:alert(1)", "javascript: links are not opened"),
        ("  javascript:alert(1)", "javascript: links"),
        ("java\tscript:alert(1)", "control characters"),
        ("java\nscript:alert(1)", "control characters"),
        ("file:///etc/passwd", "file: links are not opened"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data: links are not opened"),
        ("vbscript:msgbox", "vbscript: links"),
        ("ftp://example.com/file", "ftp: links"),
        ("https://example.com/\x1b]52;c;aGk=\x07", "control characters"),
        ("https://example.com/\x00", "control characters"),
        ("https://exa\u202emple.com", "control characters"),
        ("https://example.com/\x9b2J", "control characters"),
        ("http:///etc/passwd", "has no host"),
        ("www.example.com", "not a web link"),
        ("/relative/path", "not a web link"),
        ("", "empty link"),
        ("   ", "empty link"),
        ("https://example.com/" + "a" * 9000, "longer than"),
    ],
)
def test_unsafe_links_are_refused_with_a_reason(url: str, words: str) -> None:
    reason = refusal_reason(url)
    assert reason is not None and words in reason
    assert "\x1b" not in reason and "\n" not in reason
    assert words.replace("opened", "copied") in (refusal_reason(url, "copied") or "")


def test_open_url_refuses_without_calling_the_opener() -> None:
    called: list[str] = []
    ok, message = open_url("javascript:alert(1)", opener=lambda url: called.append(url) or True)
    assert not ok and called == [] and "javascript:" in message


def test_open_url_uses_the_opener_and_reports() -> None:
    called: list[str] = []
    ok, message = open_url(" https://example.com/x ", opener=lambda url: called.append(url) or True)
    assert ok and called == ["https://example.com/x"] and "https://example.com/x" in message


def test_open_url_failure_shows_the_link() -> None:
    ok, message = open_url("https://example.com/x", opener=lambda url: False)
    assert not ok and "no browser" in message and "https://example.com/x" in message

    def broken(url: str) -> bool:
        raise webbrowser.Error("could not locate runnable browser")

    ok, message = open_url("https://example.com/y", opener=broken)
    assert not ok and "could not locate runnable browser" in message and "https://example.com/y" in message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the no-display guard is for Linux")
def test_default_opener_does_not_start_a_text_browser_in_our_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    monkeypatch.setattr(links.platform, "release", lambda: "6.1.0-generic")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    ok, message = open_url("https://example.com/z")
    assert not ok and opened == [] and "https://example.com/z" in message
    monkeypatch.setenv("DISPLAY", ":0")
    ok, _ = open_url("https://example.com/z")
    assert ok and opened == ["https://example.com/z"]

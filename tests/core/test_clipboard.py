"""Copying: pyperclip first, the terminal's OSC 52 when it raises, and the text always shown."""

from __future__ import annotations

import base64
import io

import pyperclip
import pytest

from reader.core.clipboard import copy_links, copy_text, osc52_sequence, tty_terminal_copy


@pytest.fixture
def no_system_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    def raise_like_headless_linux(text: str) -> None:
        raise pyperclip.PyperclipException(
            "Pyperclip could not find a copy/paste mechanism for your system. For more information, please visit "
            "https://pyperclip.readthedocs.io/en/latest/index.html#not-implemented-error"
        )

    monkeypatch.setattr(pyperclip, "copy", raise_like_headless_linux)


@pytest.fixture
def system_clipboard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    return copied


def test_system_clipboard_is_used_first(system_clipboard: list[str]) -> None:
    terminal: list[str] = []
    result = copy_text("https://example.com/a", terminal.append)
    assert result.ok and result.method == "system" and system_clipboard == ["https://example.com/a"]
    assert terminal == [] and "https://example.com/a" in result.message


@pytest.mark.usefixtures("no_system_clipboard")
def test_terminal_clipboard_when_pyperclip_raises_and_the_message_says_so() -> None:
    terminal: list[str] = []
    result = copy_text("https://example.com/a", terminal.append)
    assert result.ok and result.method == "terminal" and terminal == ["https://example.com/a"]
    assert "OSC 52" in result.message and "could not find a copy/paste mechanism" in result.message
    assert "https://example.com/a" in result.message and "readthedocs" not in result.message
    assert "OSC 52" in result.summary and "https://example.com/a" not in result.summary


@pytest.mark.usefixtures("no_system_clipboard")
def test_no_clipboard_at_all_still_shows_the_text() -> None:
    result = copy_text("https://example.com/a")
    assert not result.ok and result.method == "none" and result.text == "https://example.com/a"
    assert "by hand" in result.message and "https://example.com/a" in result.message

    def broken_terminal(text: str) -> None:
        raise OSError("no tty")

    result = copy_text("https://example.com/a", broken_terminal)
    assert (
        result.method == "none" and "no tty" in result.message and "https://example.com/a" in result.message
    )


def test_copy_links_refuses_unsafe_schemes(system_clipboard: list[str]) -> None:
    result = copy_links(["javascript:alert(1)"])
    assert not result.ok and system_clipboard == [] and "javascript: links are not copied" in result.message
    result = copy_links(["file:///etc/passwd", "data:text/html,x"])
    assert not result.ok and system_clipboard == [] and "None of the 2 links" in result.message
    result = copy_links([])
    assert not result.ok and "no link" in result.message


def test_copy_links_joins_safe_ones_and_says_what_was_left_out(system_clipboard: list[str]) -> None:
    result = copy_links(
        ["https://a.example/1", "java\tscript:x", "mailto:x@example.com", "https://a.example/1"]
    )
    assert result.ok and system_clipboard == ["https://a.example/1\nmailto:x@example.com"]
    assert "1 link left out" in result.message and "control characters" in result.message


def test_osc52_sequence_carries_the_text_in_base64() -> None:
    sequence = osc52_sequence("https://example.com/é")
    assert sequence.startswith("\x1b]52;c;") and sequence.endswith("\x07")
    assert base64.b64decode(sequence[7:-1]).decode("utf-8") == "https://example.com/é"


def test_cli_terminal_copy_only_when_stdout_is_a_tty() -> None:
    assert tty_terminal_copy(io.StringIO()) is None

    class FakeTty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert callable(tty_terminal_copy(FakeTty()))

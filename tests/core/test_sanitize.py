"""clean_text / clean_line: nothing a terminal would act on survives; readable text is kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.sanitize import clean_line, clean_text, is_clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("red \x1b[31mtext\x1b[0m", "red text"),
        ("copy \x1b]52;c;aGVsbG8=\x07 this", "copy  this"),
        ("title \x1b]0;pwned\x1b\\ end", "title  end"),
        ("dcs \x1bPq#0;2;0;0;0\x1b\\ end", "dcs  end"),
        ("c1 \u009b2J csi", "c1  csi"),
        ("bidi \u202eevil\u202c and \u2066iso\u2069", "bidi evil and iso"),
        ("bell\x07 nul\x00 del\x7f bom\ufeff", "bell nul del bom"),
        ("crlf\r\nlone\rcr", "crlf\nlone\ncr"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert is_clean(clean_text(raw))


def test_readable_text_is_kept() -> None:
    text = "Καλημέρα 中文 👩‍💻 family 👨‍👩‍👧 café — “quotes” ½"
    assert clean_text(text) == text
    assert is_clean(text)


def test_clean_line_is_one_line() -> None:
    assert clean_line("  a\n\tb \x1b[1m c\r\n") == "a b c"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_escape_or_control_survives(text: str) -> None:
    cleaned = clean_text(text)
    assert not any(c in cleaned for c in "\x1b\x9b\x9d\x07\x00\r\u202e\u2066")
    assert clean_text(cleaned) == cleaned
    assert "\n" not in clean_line(text)

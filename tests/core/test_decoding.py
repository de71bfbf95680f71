"""Bad input: every encoding and line-end class reads right; empty, binary and huge files never crash."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from reader.core.decoding import UnreadableFile, decode_bytes
from reader.core.parsing import parse_bytes, parse_file

DIGEST = """Weekly AI Digest — café edition

Posted by Zoë on 2021-06-21

## Ça marche: first story
Some text with “quotes” — and a [link](https://example.com/a).

## Second story ½
More text.
"""


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def titles(path: Path) -> list[str]:
    outcome = parse_file(path)
    assert outcome.issue is not None, outcome.warnings
    return [it.title for it in outcome.issue.items]


EXPECTED = ["Ça marche: first story", "Second story ½"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.md", DIGEST.encode("utf-8")),
        ("utf8-bom.md", codecs.BOM_UTF8 + DIGEST.encode("utf-8")),
        ("utf16le.md", codecs.BOM_UTF16_LE + DIGEST.encode("utf-16-le")),
        ("utf16be.md", codecs.BOM_UTF16_BE + DIGEST.encode("utf-16-be")),
        ("cp1252.md", DIGEST.encode("cp1252")),
        ("crlf.md", DIGEST.replace("\n", "\r\n").encode("utf-8")),
        ("cr.md", DIGEST.replace("\n", "\r").encode("utf-8")),
    ],
)
def test_encodings_and_line_ends_read_the_same(tmp_path: Path, name: str, data: bytes) -> None:
    outcome = parse_file(write(tmp_path, name, data))
    issue = outcome.issue
    assert issue is not None and outcome.warnings == []
    assert [it.title for it in issue.items] == EXPECTED
    assert issue.title == "Weekly AI Digest — café edition"
    assert (issue.author, issue.date) == ("Zoë", "2021-06-21")
    assert issue.items[0].body.startswith("Some text with “quotes” — and a [link]")
    every = issue.title + issue.preamble + "".join(it.title + it.body for it in issue.items)
    assert "\r" not in every and "\ufeff" not in every


def test_latin1_bytes(tmp_path: Path) -> None:
    text = "Digest\n\n## Façade déjà vu\nNaïve × ÷ ± ¿ Ñ ß ÿ\n\n## Ünïcode\nþorn\n"
    issue = parse_file(write(tmp_path, "latin1.md", text.encode("latin-1"))).issue
    assert issue is not None
    assert [it.title for it in issue.items] == ["Façade déjà vu", "Ünïcode"]
    assert issue.items[0].body == "Naïve × ÷ ± ¿ Ñ ß ÿ"


def test_cp1252_punctuation_and_undefined_bytes(tmp_path: Path) -> None:
    data = b"Note\n\n## Quotes \x93here\x94\nPrice \x80 5 \x97 it\x92s \x81fine\n\n## Two\nx\n"
    issue = parse_file(write(tmp_path, "cp.md", data)).issue
    assert issue is not None
    assert issue.items[0].title == "Quotes “here”"
    assert issue.items[0].body == "Price € 5 — it’s fine"  # 0x81 (undefined, then a C1 control) is dropped


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t  "], ids=["zero-bytes", "whitespace"])
def test_empty_file_is_skipped_with_a_warning_naming_it(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "empty digest.txt", data)
    outcome = parse_file(path)
    assert outcome.issues == [] and outcome.issue is None
    assert len(outcome.warnings) == 1
    assert str(path) in outcome.warnings[0] and "empty" in outcome.warnings[0]


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        bytes((i * 37 + 11) % 32 for i in range(4000)),  # control bytes, no NUL
    ],
    ids=["png", "controls"],
)
def test_binary_file_is_skipped_with_a_warning_naming_it(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "picture,1.md", data)
    outcome = parse_file(path)
    assert outcome.issues == []
    assert len(outcome.warnings) == 1
    assert str(path) in outcome.warnings[0] and "binary" in outcome.warnings[0]


def test_bad_utf16_after_bom_is_skipped_not_raised(tmp_path: Path) -> None:
    path = write(tmp_path, "odd.txt", codecs.BOM_UTF16_LE + b"a\x00\x00\xd8")  # lone surrogate
    outcome = parse_file(path)
    assert outcome.issues == [] and "utf-16" in outcome.warnings[0]


def test_unreadable_path_is_a_warning(tmp_path: Path) -> None:
    outcome = parse_file(tmp_path / "missing.md")
    assert outcome.issues == [] and "cannot read" in outcome.warnings[0]


def test_decode_bytes_reports_the_encoding() -> None:
    assert decode_bytes("é".encode())[1] == "utf-8"
    assert decode_bytes(b"caf\xe9")[1] == "cp1252"
    assert decode_bytes(codecs.BOM_UTF16_BE + "hi".encode("utf-16-be")) == ("hi", "utf-16-be")
    with pytest.raises(UnreadableFile):
        decode_bytes(b"\x00\x01\x02" * 100)


def test_escape_sequences_never_survive_decoding() -> None:
    raw = "Title\x1b[31m red \x1b]52;c;aGVsbG8=\x07 \x9b2J end \u202eevil\n".encode()
    text, _ = decode_bytes(raw)
    assert text == "Title red   end evil\n"
    assert decode_bytes(b"caf\xe9 \x9b")[0] == "café ›"  # not UTF-8: 0x9B is cp1252's '›', harmless


def test_ten_megabyte_text_file_parses(tmp_path: Path) -> None:
    paragraph = (
        "Paragraph {n} of a very long plain digest, with words and a link https://example.com/{n} in it.\n\n"
    )
    chunks, size, n = [], 0, 0
    while size < 10 * 2**20:
        chunk = paragraph.format(n=n)
        chunks.append(chunk)
        size += len(chunk)
        n += 1
    path = write(tmp_path, "huge.txt", "".join(chunks).encode())
    assert path.stat().st_size >= 10 * 2**20
    outcome = parse_bytes(path.read_bytes(), path)
    assert outcome.warnings == []
    issue = outcome.issue
    assert issue is not None and len(issue.items) == 1
    assert issue.items[0].body.endswith(f"https://example.com/{n - 1} in it.")

"""Turn a digest file's bytes into clean text, whatever encoding it was saved in.

UTF-8 (with or without BOM), UTF-16/32 with BOM, else cp1252 with Latin-1 for its gaps. Binary
and empty files are refused with a reason. Line ends become `\\n`, mojibake is repaired and
terminal control sequences are stripped (see `sanitize`).
"""

from __future__ import annotations

import codecs

from reader.core.mojibake import repair_mojibake
from reader.core.sanitize import clean_text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF = 8192


class UnreadableFile(ValueError):
    """A file that holds no digest text (empty or binary); the message says which."""


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SNIFF]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 20)


def _decode_fallback(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five bytes undefined; read those as Latin-1 so nothing is ever dropped.
    return data.decode("cp1252", errors="latin1fallback"), "cp1252"


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("latin-1"), error.end


codecs.register_error("latin1fallback", _latin1_fallback)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (clean text, encoding name). Raise `UnreadableFile` for empty or binary data."""
    if not data.strip():
        raise UnreadableFile("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"invalid {encoding} after its byte-order mark ({exc.reason})") from exc
            break
    else:
        if _looks_binary(data):
            raise UnreadableFile("binary file (not text)")
        text, encoding = _decode_fallback(data)
    text = clean_text(repair_mojibake(text))
    if not text.strip():
        raise UnreadableFile("empty file (no text)")
    return text, encoding

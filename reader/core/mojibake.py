"""Repair text that was UTF-8 but got decoded as a Windows code page (cp1253 or cp1252).

Seed 002 shows the damage: `β€™` for `’`, `πŸ’»` for `💻`, mixed with correct UTF-8 on the same
line. `ftfy` leaves it alone, so we repair it run by run: each maximal run of characters that the
code page maps to high bytes is turned back into bytes, and every complete UTF-8 sequence in it is
decoded. Characters that do not form such a sequence are left exactly as they were, so text that
was right (Greek letters, a lone `’`) is never touched.
"""

from __future__ import annotations

import re
from functools import cache

_CODEPAGES = ("cp1253", "cp1252")


@cache
def _reverse_table(codepage: str) -> dict[str, int]:
    """char -> byte for bytes 0x80..0xFF as a sloppy decoder would have shown them.

    Bytes the code page leaves undefined were shown by the damaging tool as cp1252 characters
    (seed 002 has `Ÿ` and `œ`, undefined in cp1253), or else as the C1 control of that value.
    """
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        raw = bytes([byte])
        for codec in (codepage, "cp1252", "latin-1"):
            try:
                char = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            table.setdefault(char, byte)
            break
    return table


@cache
def _run_pattern(codepage: str) -> re.Pattern[str]:
    chars = "".join(re.escape(c) for c in _reverse_table(codepage))
    return re.compile(f"[{chars}]{{2,}}")


def _sequence_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _plausible(decoded: str, length: int, lead: int) -> bool:
    """Accept 3/4-byte sequences; 2-byte ones only for Latin-1 letters and signs (Ã© -> é)."""
    if length >= 3:
        return True
    return lead in (0xC2, 0xC3) and decoded.isprintable() and ord(decoded) >= 0xA0


def _repair_run(run: str, table: dict[str, int]) -> str:
    data = [table[c] for c in run]
    out: list[str] = []
    repaired = False
    i = 0
    while i < len(data):
        length = _sequence_length(data[i])
        chunk = bytes(data[i : i + length]) if length else b""
        if length and len(chunk) == length:
            try:
                decoded = chunk.decode("utf-8")
            except UnicodeDecodeError:
                decoded = ""
            if decoded and _plausible(decoded, length, data[i]):
                out.append(decoded)
                repaired = True
                i += length
                continue
        if repaired and length >= 3 and 1 < len(chunk) < length and all(0x80 <= b <= 0xBF for b in chunk[1:]):
            # In a run already proven damaged, a sequence cut short (the damage dropped its last
            # bytes) is a lost character: say so with U+FFFD rather than keep the garbage.
            out.append("\ufffd")
            i += len(chunk)
            continue
        out.append(run[i])
        i += 1
    return "".join(out)


def repair_mojibake(text: str) -> str:
    """Return `text` with UTF-8-read-as-cp1253/cp1252 runs decoded; other text unchanged."""
    if text.isascii():
        return text
    for codepage in _CODEPAGES:
        table = _reverse_table(codepage)
        text = _run_pattern(codepage).sub(lambda m: _repair_run(m.group(0), table), text)
    return text

"""Repair text that was UTF-8 but got decoded as a Windows code page (cp1253 or cp1252).

Seed 002 shows the damage: `β€™` for `’`, `πŸ’»` for `💻`, mixed with correct UTF-8 on the same
line. `ftfy` leaves it alone, so we repair it run by run: each maximal run of characters that the
code page maps to high bytes is turned back into bytes, and every complete UTF-8 sequence in it is
decoded. Characters that do not form such a sequence are left exactly as they were, so text that
was right (Greek letters, a lone `’`) is never touched.

The damaging decoders mixed tables: seed 002 shows `€` for byte 0xA4 (ISO-8859-7) as well as for
0x80 (cp1253), so a character may stand for more than one byte; of the decodings a sequence allows,
the most plausible character wins (an emoji over a mahjong tile), the code page's own byte on ties.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache

# Each Windows code page with the ISO sibling whose bytes the same damage sometimes used.
_CODEPAGES = (("cp1253", "iso8859_7"), ("cp1252", "iso8859_15"))
_COMMON_RANGES = (
    (0x00A0, 0x024F),
    (0x0370, 0x052F),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x2BFF),
    (0x3000, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0x1F300, 0x1FAFF),
)


@cache
def _reverse_table(codepage: str, sibling: str) -> dict[str, tuple[int, ...]]:
    """char -> the bytes 0x80..0xFF it may stand for, as a sloppy decoder would have shown them.

    Bytes the code page leaves undefined were shown by the damaging tool as cp1252 characters
    (seed 002 has `Ÿ` and `œ`, undefined in cp1253), or else as the C1 control of that value.
    The code page's own byte comes first; the sibling's byte for the same character second.
    """
    table: dict[str, tuple[int, ...]] = {}
    for byte in range(0x80, 0x100):
        raw = bytes([byte])
        for codec in (codepage, "cp1252", "latin-1"):
            try:
                char = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            table.setdefault(char, (byte,))
            break
    for byte in range(0xA0, 0x100):
        try:
            char = bytes([byte]).decode(sibling)
        except UnicodeDecodeError:
            continue
        if char in table and byte not in table[char]:
            table[char] += (byte,)
    return table


# Characters that follow letters in right text; a lone sequence of only these is left alone
# unless its lead is one that damage typically shows (â/β for punctuation, ð/π for emoji, Ã/Â).
_TYPOGRAPHIC = set("’‘“”–—…")
_DAMAGE_LEADS = set("âβðπÃΓÂΒ")


def _plausibility(char: str) -> int:
    """2 for characters of common scripts, punctuation, symbols and emoji; 1 for other assigned ones."""
    code = ord(char)
    if unicodedata.category(char) in ("Cn", "Co", "Cs", "Cc"):
        return 0
    return 2 if any(low <= code <= high for low, high in _COMMON_RANGES) else 1


@cache
def _run_pattern(codepage: str, sibling: str) -> re.Pattern[str]:
    chars = "".join(re.escape(c) for c in _reverse_table(codepage, sibling))
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


def _best_decoding(options: list[tuple[int, ...]]) -> str:
    """The most plausible character these byte options decode to as one UTF-8 sequence, or ''."""
    best, best_score = "", 0
    for combo in itertools.product(*options):
        try:
            decoded = bytes(combo).decode("utf-8")
        except UnicodeDecodeError:
            continue
        score = _plausibility(decoded)
        if score > best_score:
            best, best_score = decoded, score
    return best


def _repair_run(run: str, table: dict[str, tuple[int, ...]]) -> str:
    options = [table[c] for c in run]
    data = [choices[0] for choices in options]
    out: list[str] = []
    repaired = False
    lone_doubt = False  # the run's only repair might be right text: 'é’’' is not '钒'
    i = 0
    while i < len(data):
        length = _sequence_length(data[i])
        chunk = bytes(data[i : i + length]) if length else b""
        if length and len(chunk) == length:
            decoded = _best_decoding(options[i : i + length])
            if decoded and _plausible(decoded, length, data[i]):
                lone_doubt = not repaired and all(c in _TYPOGRAPHIC for c in run[i + 1 : i + length])
                lone_doubt = lone_doubt and run[i] not in _DAMAGE_LEADS
                if repaired:
                    lone_doubt = False
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
    return run if lone_doubt else "".join(out)


@cache
def _any_run_pattern() -> re.Pattern[str]:
    chars = set().union(*(_reverse_table(cp, sibling) for cp, sibling in _CODEPAGES))
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]{2,}")


def _repair_any(run: str) -> str:
    """Repair a run with the first code page that changes it; never feed one's output to the next."""
    for codepage, sibling in _CODEPAGES:
        table = _reverse_table(codepage, sibling)

        def repair(match: re.Match[str], table: dict[str, tuple[int, ...]] = table) -> str:
            return _repair_run(match.group(0), table)

        fixed = _run_pattern(codepage, sibling).sub(repair, run)
        if fixed != run:
            return fixed
    return run


def repair_mojibake(text: str) -> str:
    """Return `text` with UTF-8-read-as-cp1253/cp1252 runs decoded; other text unchanged."""
    if text.isascii():
        return text
    return _any_run_pattern().sub(lambda m: _repair_any(m.group(0)), text)

"""Problems found while loading the library: which file (or setting), and why.

A problem never stops the rest of the library from loading; `digests doctor` and the TUI's problems
view list them. File names come from the user's disk and may hold anything (newlines, ESC, bytes
that are not UTF-8): `display_path` makes one printable and unambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.core.sanitize import clean_text

# What a problem is about. A skipped file added nothing to the library; a warning file loaded.
SKIPPED = "skipped"
WARNING = "warning"
CONFIG = "config"
SOURCE = "source"
CACHE = "cache"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong: `file` is the path concerned ('' when none), `reason` says what."""

    file: str
    reason: str
    kind: str = WARNING

    def __str__(self) -> str:
        """One line for people: the file name shown with `display_path`."""
        reason = f"skipped, {self.reason}" if self.kind == SKIPPED else self.reason
        return f"{display_path(self.file)}: {reason}" if self.file else reason

    def to_json(self) -> dict[str, str]:
        return {"file": json_path(self.file), "reason": clean_text(self.reason), "kind": self.kind}


def problems_from_warnings(path: Path | str, warnings: Iterable[str], kind: str = WARNING) -> list[Problem]:
    """Structured problems from the parser's `"<path>: reason"` warning strings."""
    prefix = f"{path}: skipped, " if kind == SKIPPED else f"{path}: "
    return [Problem(str(path), w.removeprefix(prefix).removeprefix(f"{path}: "), kind) for w in warnings]


# C0/C1 controls, DEL, bidi controls, line/paragraph separators, BOM, and lone surrogates
# (bytes of a file name that were not UTF-8).
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a raw byte kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def display_path(path: Path | str) -> str:
    """A file name fit for a terminal: control characters and undecodable bytes shown as escapes.

    'a\\nb.md' stays one line ('a\\\\nb.md'); spaces, commas and non-ASCII letters are kept as they are.
    """
    return clean_text(_UNPRINTABLE.sub(_escape, str(path)))


def json_path(path: Path | str) -> str:
    """A path for JSON output: exact where it is valid Unicode, undecodable bytes as escapes."""
    return _SURROGATES.sub(_escape, str(path))

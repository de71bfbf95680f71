"""Neutralise untrusted text: terminal escape sequences, control characters, bidi overrides.

Digests come from the internet. Everything parsed from them passes through `clean_text`, so no
byte that a terminal would act on (ESC, CSI, OSC 52 clipboard writes, C1 controls) survives.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?            # CSI ... final byte
  | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?  # OSC ... BEL or ST (e.g. OSC 52 clipboard write)
  | \x1b[PX^_][^\x1b]*(?:\x1b\\)?       # DCS / SOS / PM / APC strings
  | \x1b[ -/]*[0-~]?                    # other two-byte escapes, or a lone ESC
  | \x9b[0-?]*[ -/]*[@-~]?              # 8-bit CSI
  | [\x90\x98\x9d\x9e\x9f][^\x07\x9c]*[\x07\x9c]?  # 8-bit string controls
    """,
    re.VERBOSE,
)
# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# zero-width joiners used for spoofing are kept (emoji need them), BOM/ZWNBSP and line/para seps.
# Lone surrogates (valid in JSON as "\ud800", but no encoder writes them) are matched too and
# replaced by U+FFFD instead of removed: one scan of the text for both.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u2028\u2029\ud800-\udfff]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")


def _drop_or_replace(match: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= match.group(0) <= "\udfff" else ""


def replace_surrogates(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD, so it can always be encoded."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def clean_text(text: str) -> str:
    """Remove escape sequences and control characters, replace lone surrogates; keep newlines and tabs."""
    if not text or not _CONTROLS.search(text):  # every sequence and CR starts with a control
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCES.sub("", text)
    return _CONTROLS.sub(_drop_or_replace, text)


def clean_line(text: str) -> str:
    """`clean_text` for one-line fields (titles, names): newlines and tabs become spaces."""
    if text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # printable ASCII: no control to drop, and its only blanks are single inner spaces
    return " ".join(clean_text(text).split())


def is_clean(text: str) -> bool:
    """True when `text` holds nothing `clean_text` would remove (CR aside)."""
    return clean_text(text) == text.replace("\r\n", "\n").replace("\r", "\n")

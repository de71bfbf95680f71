"""Which links may be opened or copied, and opening them in the system browser.

Digests are untrusted: only `http`, `https` and `mailto` links leave the app. Anything else
(`javascript:`, `file:`, `data:`, no scheme at all) and any URL holding control or bidi characters
is refused with a short reason the UI can show.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import webbrowser
from collections.abc import Callable
from urllib.parse import urlsplit

from reader.core.sanitize import clean_line

ALLOWED_SCHEMES = ("http", "https", "mailto")
MAX_URL_LENGTH = 8192

# C0 controls (tab and newline too: browsers drop them, so "java\tscript:" would slip through),
# DEL, C1 controls, bidi marks/overrides/isolates, line/paragraph separators, BOM.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def scheme_of(url: str) -> str:
    """The lower-cased scheme of `url` ('' when it has none)."""
    match = _SCHEME.match(url.strip())
    return match.group(1).lower() if match else ""


def refusal_reason(url: str, verb: str = "opened") -> str | None:
    """None when `url` is safe to open or copy; else a short human reason ('... are not <verb>')."""
    if not isinstance(url, str) or not url.strip():
        return "empty link"
    if _CONTROL.search(url):
        return f"links with control characters are not {verb}"
    if len(url) > MAX_URL_LENGTH:
        return f"links longer than {MAX_URL_LENGTH} characters are not {verb}"
    url = url.strip()
    scheme = scheme_of(url)
    if not scheme:
        return f"'{shorten(url)}' is not a web link (only http, https and mailto are {verb})"
    if scheme not in ALLOWED_SCHEMES:
        return f"{scheme}: links are not {verb} (only http, https and mailto)"
    if scheme in ("http", "https"):
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
        if not host:
            return f"'{shorten(url)}' has no host"
    return None


def shorten(text: str, limit: int = 80) -> str:
    """One clean line, cut with an ellipsis, for messages."""
    text = clean_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def has_graphical_session() -> bool:
    """Whether a browser opened from here shows outside this terminal."""
    if not (sys.platform.startswith("linux") or "bsd" in sys.platform):
        return True
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("BROWSER"):
        return True
    return "microsoft" in platform.release().lower()  # WSL opens the Windows browser


def system_opener(url: str) -> bool:
    """`webbrowser.open`, except where it could only start a text browser inside our own terminal."""
    if not has_graphical_session():
        return False
    return webbrowser.open(url)


def open_url(url: str, opener: Callable[[str], bool] | None = None) -> tuple[bool, str]:
    """Open a safe link with the system browser. (ok, message); the message always shows the link."""
    reason = refusal_reason(url)
    if reason is not None:
        return False, reason
    url = url.strip()
    shown = shorten(url, 200)
    try:
        opened = (system_opener if opener is None else opener)(url)
    except Exception as exc:  # webbrowser.Error, OSError from a broken browser command
        return False, f"could not open a browser ({shorten(str(exc))}); the link: {shown}"
    if not opened:
        return False, f"no browser could be opened here; the link: {shown}"
    return True, f"opened {shown}"

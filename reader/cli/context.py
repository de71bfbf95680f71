"""What every CLI command shares: consoles, safe text, JSON output, the library for this run."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from rich.console import Console
from rich.text import Text

from reader.core.library import Library, load_library
from reader.core.sanitize import clean_text

MAX_WARNINGS = 8
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# What must never reach the terminal but that rich's own output never holds: C1 controls, bidi
# marks, overrides and isolates, line/paragraph separators, BOM (ESC is kept: rich styles with it).
_INVISIBLE = re.compile("[\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")


class CommandError(Exception):
    """A failure to report as one line on stderr, with an exit code (1 by default)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def safe(text: object) -> Text:
    """Untrusted text as a rich Text: never parsed as markup, control sequences removed."""
    return Text(clean_text(str(text)))


def to_json(data: Any, ascii_only: bool = False) -> str:
    """JSON with every control, C1 and bidi character escaped, so none reaches a terminal raw."""
    dumped = json.dumps(data, ensure_ascii=ascii_only, indent=2)
    return _UNSAFE_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)


def tolerant_output() -> None:
    """Make printing never fail on encoding, whatever the locale: characters stdout cannot encode
    (a C locale, PYTHONIOENCODING=ascii, a lone surrogate) become '?' and stderr shows them as
    escapes. Called once, first thing, by the `digests` entry point."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        try:
            stream.reconfigure(errors=errors)  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # not a TextIOWrapper (None, a test double)
            pass


def _encodable(text: str) -> bool:
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class CleanStream:
    """stdout or stderr (looked up at each write, as rich does) minus `_INVISIBLE` characters.

    Sanitising after rendering: text is cleaned when parsed, but rendering Markdown decodes
    entities (`&#x202E;`, `&rlm;`, `&#x2066;`) into the very characters cleaning removed.
    """

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr

    @property
    def stream(self) -> Any:
        """The stream to write to; the real one behind rich's FileProxy (a live progress bar)."""
        stream = sys.stderr if self._stderr else sys.stdout
        return getattr(stream, "rich_proxied_file", stream)

    def write(self, text: str) -> int:
        return self.stream.write(_INVISIBLE.sub("", text))

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, flush: the stream's own
        if name == "rich_proxied_file":  # rich would write to that file, past the filter
            raise AttributeError(name)
        return getattr(self.stream, name)


def _clean(stderr: bool = False) -> IO[str]:
    return cast(IO[str], CleanStream(stderr))


@dataclass
class Context:
    library_paths: list[Path] | None = None
    out: Console = field(default_factory=lambda: Console(file=_clean(), highlight=False, soft_wrap=False))
    err: Console = field(
        default_factory=lambda: Console(file=_clean(stderr=True), highlight=False, soft_wrap=True)
    )
    _library: Library | None = None

    def library(self, *, quiet_warnings: bool = False) -> Library:
        """Load the library for this run once (progress bar when slow); warnings go to stderr."""
        if self._library is None:
            self._library = self.load_library(self.library_paths)
            if not quiet_warnings:
                self.report_warnings(self._library.warnings)
        return self._library

    def adopt_library(self, library: Library) -> None:
        """Use a library loaded elsewhere (by the index update) as this run's; its warnings go to
        stderr as `library()`'s do."""
        if self._library is None:
            self._library = library
            self.report_warnings(library.warnings)

    def load_library(self, paths: list[Path] | None) -> Library:
        from reader.cli.progress import loading_progress

        with loading_progress(self.err) as progress:
            return load_library(paths, progress)

    def report_warnings(self, warnings: list[str], limit: int = MAX_WARNINGS) -> None:
        """Print up to `limit` warnings, then a count pointing at `digests doctor`."""
        for warning in warnings[:limit]:
            self.warn(warning)
        if len(warnings) > limit:
            self.warn(f"{len(warnings) - limit} more problems; see 'digests doctor' for all of them")

    def warn(self, message: str) -> None:
        self.err.print(Text("warning: ", style="yellow") + safe(message))

    def print_json(self, data: Any) -> None:
        """JSON on stdout; as ASCII with \\u escapes when stdout cannot encode it (nothing is lost)."""
        text = to_json(data)
        if not _encodable(text):
            text = to_json(data, ascii_only=True)
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

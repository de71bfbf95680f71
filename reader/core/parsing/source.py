"""What a format's detector and parser read: one file's bytes, its decoded text and its front matter.

Everything is computed on first use and kept, so the detectors of several formats can look at
the same file without decoding or splitting it twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.decoding import decode_bytes
from reader.core.parsing.frontmatter import split_metadata


@dataclass
class Source:
    """One digest file as the formats see it. `text` raises `UnreadableFile` for empty or binary data."""

    path: Path
    data: bytes | None = None
    _text: str | None = None
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str, path: Path) -> Source:
        return cls(path=path, _text=text)

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @property
    def head(self) -> bytes:
        """The first 4 KiB as bytes (for sniffing XML roots and declarations)."""
        if self.data is not None:
            return self.data[:4096]
        return (self._text or "")[:4096].encode("utf-8", "replace")

    @property
    def text(self) -> str:
        """The whole text: decoded, line ends `\\n`, mojibake repaired, control characters gone."""
        if self._text is None:
            self._text = decode_bytes(self.data or b"")[0]
        return self._text

    def _split(self) -> tuple[dict[str, str], str]:
        if "meta" not in self.cache:
            self.cache["meta"] = split_metadata(self.text)
        meta: tuple[dict[str, str], str] = self.cache["meta"]
        return meta

    @property
    def meta(self) -> dict[str, str]:
        """Front matter (YAML, TOML or Pelican `Key: value` lines), lower-case keys."""
        return self._split()[0]

    @property
    def body(self) -> str:
        """The text after its front matter."""
        return self._split()[1]

    @property
    def body_lines(self) -> list[str]:
        if "body_lines" not in self.cache:
            self.cache["body_lines"] = self.body.split("\n")
        lines: list[str] = self.cache["body_lines"]
        return lines

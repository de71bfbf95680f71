"""A library folder full of bad and oddly named files, shared by the core and CLI tests."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

GOOD = (
    "# {title}\n\n## First story of {title}\n\nSome text.\n\n## Second story of {title}\n\nMore text, café.\n"
)

ODD_NAMES = [
    "with spaces in it.md",
    "commas, and, more.md",
    "ünïcødé 日本語 دیجست.md",
    "esc\x1b[31mred.md",
    "new\nline.md",
    os.fsdecode(b"latin1 caf\xe9.md"),
]

# name -> (bytes, words the problem's reason must hold); None: loads without a problem
BAD_FILES: dict[str, tuple[bytes, str | None]] = {
    "empty.md": (b"", "empty"),
    "blank.txt": (b"  \n\n \t \n", "empty"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n" + bytes(4000), "binary"),
    "bad-utf16.txt": (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "invalid"),
    "truncated-utf8.md": ("## Déjà vu\n\nCut in the middle of a multibyte char: €".encode()[:-2], None),
    "truncated.md": (b"# Cut short\n\n## A story\n\nThe text stops mid-sent", None),
    "cp1252.txt": ("# Windows\n\n## Café “quoted”\n\nSaved in cp1252.\n".encode("cp1252"), None),
    "utf16.txt": (
        codecs.BOM_UTF16_LE + "# Wide\n\n## Café story\n\nUTF-16 text.\n".encode("utf-16-le"),
        None,
    ),
}
BIG_BYTES = 10 * 2**20


def write_bad_library(folder: Path, big: bool = True) -> Path:
    """The bad-file set plus good digests (some oddly named) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.md").write_text(GOOD.format(title="Good"), encoding="utf-8")
    for number, name in enumerate(ODD_NAMES):
        (folder / name).write_text(GOOD.format(title=f"Odd {number}"), encoding="utf-8")
    for name, (data, _reason) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "dangling.md").symlink_to(folder / "missing-target.md")
    (folder / "folder.md").mkdir()
    (folder / "folder.md" / "inside.md").write_text(GOOD.format(title="Inside"), encoding="utf-8")
    if big:
        (folder / "big.txt").write_text(("lorem ipsum dolor sit amet " * (BIG_BYTES // 27 + 1))[:BIG_BYTES])
    return folder

"""Hostile digest content shared by the safety tests: escapes, controls, bidi, fake markup."""

from __future__ import annotations

from pathlib import Path

ESC = "\x1b"
OSC52 = f"{ESC}]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07"
FORBIDDEN = (
    *(ESC, "\x07", "\x9b", "\x9d", "\x90", "\x00", "\x08"),
    *("\u202e", "\u202d", "\u202c", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\ufeff", "\u2028"),
)
# The same characters written as HTML entities: Markdown rendering decodes them after cleaning ran.
ENTITIES = "&#x202E;right-to-left&#x202C; &rlm;mark&lrm; &#x2066;isolate&#x2069; &#xFEFF;&#x2028;&#8207;"
MARKUP = ("[bold red]loud[/bold red]", "[link=file:///etc/passwd]x[/link]", "[@click=app.quit]quit[/]")

HOSTILE_MARKDOWN = f"""# Zapper {ESC}[2J weekly [bold red]loud[/bold red]

Preamble {OSC52} with a clipboard write.

## Evil {ESC}[31mred{ESC}[0m headline [@click=app.quit]quit[/]

Body with {ESC}]0;pwned title\x07 and C1 \x9b31m control, bidi \u202eevil\u202c and backspace\x08.
Fake markup: [bold red]loud[/bold red] and [link=file:///etc/passwd]x[/link].
Entities: {ENTITIES}.
Links: [script](javascript:alert(1)), [file](file:///etc/passwd), [good](https://example.com/good).

## Second zapper item

Plain words about zapper transformers {ESC}P1;2|payload{ESC}\\ done.
"""


def write_hostile_library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.md").write_text(HOSTILE_MARKDOWN, encoding="utf-8")
    return folder


def assert_clean(output: str) -> None:
    """No byte that a terminal would act on may reach the output."""
    for char in FORBIDDEN:
        assert char not in output, f"{char!r} reached the output"

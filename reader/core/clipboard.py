"""Copying text: the system clipboard (pyperclip) first, then the terminal's (OSC 52).

pyperclip raises on headless Linux and over SSH (no xclip/xsel/wl-clipboard). The terminal way,
OSC 52, reaches the local clipboard through SSH and tmux in most terminals, but nothing can tell
whether it arrived; so every message names the way used and shows the text to copy by hand.
"""

from __future__ import annotations

import base64
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

from reader.core.links import refusal_reason, shorten
from reader.core.sanitize import clean_text

TerminalCopy = Callable[[str], None]


@dataclass
class CopyResult:
    ok: bool
    method: str  # "system" | "terminal" | "none"
    message: str
    text: str
    summary: str = ""  # the message without the copied text (for a CLI that prints the text itself)


def _system_copy(text: str) -> None:
    import pyperclip

    pyperclip.copy(text)


def _shown(text: str) -> str:
    lines = [shorten(line, 200) for line in clean_text(text).splitlines() if line.strip()]
    return "\n".join(lines) if len(lines) > 1 else (lines[0] if lines else "")


def _reason(exc: BaseException) -> str:
    """The first sentence of the error, short: pyperclip's own runs on with a web address."""
    first = str(exc).strip().splitlines()[0].split(". ")[0] if str(exc).strip() else ""
    return shorten(first, 100) or type(exc).__name__


def copy_text(text: str, terminal_copy: TerminalCopy | None = None) -> CopyResult:
    """Copy `text`: pyperclip, else `terminal_copy` (OSC 52), else say so. The message shows the text."""
    shown = _shown(text)
    sep = "\n" if "\n" in shown else " "
    try:
        _system_copy(text)
    except Exception as exc:  # PyperclipException, or a clipboard tool that failed to start
        system_problem = _reason(exc)
    else:
        return CopyResult(
            True, "system", f"Copied to the clipboard:{sep}{shown}", text, "Copied to the clipboard."
        )
    if terminal_copy is not None:
        try:
            terminal_copy(text)
        except Exception as exc:
            terminal_problem = f"; the terminal clipboard failed too ({_reason(exc)})"
        else:
            summary = (
                f"No system clipboard ({system_problem}); sent to the terminal clipboard (OSC 52), "
                "which most terminals pass on."
            )
            return CopyResult(
                True,
                "terminal",
                f"{summary} If it did not arrive, copy it by hand:{sep}{shown}",
                text,
                summary,
            )
    else:
        terminal_problem = ""
    summary = f"No clipboard could be reached ({system_problem}{terminal_problem})."
    return CopyResult(False, "none", f"{summary} Copy it by hand:{sep}{shown}", text, summary)


def copy_links(urls: list[str], terminal_copy: TerminalCopy | None = None) -> CopyResult:
    """Copy safe links, one per line; unsafe ones are left out and the message says why."""
    if not urls:
        return CopyResult(False, "none", "There is no link to copy.", "", "There is no link to copy.")
    safe: list[str] = []
    refused: list[str] = []
    for url in urls:
        reason = refusal_reason(url, "copied")
        if reason is None:
            safe.append(url.strip())
        else:
            refused.append(reason)
    if not safe:
        message = (
            refused[0]
            if len(refused) == 1
            else f"None of the {len(refused)} links can be copied: {refused[0]}"
        )
        return CopyResult(False, "none", message, "", message)
    result = copy_text("\n".join(dict.fromkeys(safe)), terminal_copy)
    if refused:
        left_out = f"{len(refused)} link{'s' if len(refused) > 1 else ''} left out: {refused[0]}"
        result.message = f"{result.message}\n({left_out})"
        result.summary = f"{result.summary} ({left_out})"
    return result


def osc52_sequence(text: str) -> str:
    """The OSC 52 escape that asks a terminal to put `text` on the clipboard."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{payload}\x07"


def tty_terminal_copy(stream=None) -> TerminalCopy | None:
    """For the CLI: a terminal_copy writing OSC 52 to the controlling terminal, only when stdout is a TTY."""
    stream = stream or sys.stdout
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None

    def write_osc52(text: str) -> None:
        sequence = osc52_sequence(text)
        if os.environ.get("TMUX"):  # raw reaches tmux's set-clipboard; wrapped, its allow-passthrough
            sequence += "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
        with open("/dev/tty", "w", encoding="ascii") as tty:
            tty.write(sequence)
            tty.flush()

    return write_osc52

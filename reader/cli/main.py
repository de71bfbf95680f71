"""`digests`: open the app, or run one of the commands for scripts and quick looks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.text import Text

from reader import __version__
from reader.cli import (
    bookmarks_cmd,
    browse,
    doctor_cmd,
    index_cmd,
    links_cmd,
    related_cmd,
    saved_cmd,
    search_cmd,
    sources_cmd,
)
from reader.cli.context import CommandError, Context, safe, tolerant_output

# Each module adds its sub-commands: register(subparsers, parent) and sets `handler`.
COMMAND_MODULES = [
    browse,
    search_cmd,
    related_cmd,
    index_cmd,
    bookmarks_cmd,
    sources_cmd,
    doctor_cmd,
    saved_cmd,
    links_cmd,
]


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as one line (exit 2), not a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    library_help = (
        "read these digest files/folders instead of the configured library (repeatable; this run only)"
    )
    # Sub-commands parse into a namespace of their own, so `--library` after the command gets its own
    # dest and is added to any given before the command (see library_paths).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library", action="append", type=Path, metavar="PATH", dest="library_after", help=library_help
    )
    parser = _Parser(
        prog="digests",
        description="Read, search and bookmark newsletter digests. With no command, opens the app.",
    )
    parser.add_argument("--library", action="append", type=Path, metavar="PATH", help=library_help)
    parser.add_argument("--version", action="version", version=f"digests {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub, common)
    return parser


def library_paths(args: argparse.Namespace) -> list[Path] | None:
    """Every --library given, before and after the command; None when there was none."""
    paths = (getattr(args, "library", None) or []) + (getattr(args, "library_after", None) or [])
    return paths or None


def main(argv: list[str] | None = None) -> int:
    tolerant_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context(library_paths=library_paths(args))
    try:
        if args.command is None:
            from reader.ui.launch import run_app

            return run_app(ctx.library_paths)
        return int(args.handler(args, ctx) or 0)
    except CommandError as exc:
        ctx.err.print(Text("error: ", style="bold red") + safe(exc))
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The `digests` command's entry point. The CLI is imported only when the command runs: the worker
processes that multiprocessing spawns (parsing, index writers) import the command's script again,
and each would otherwise load the whole CLI (rich, markdown, every command) for nothing."""

from __future__ import annotations


def main() -> int:
    from reader.cli.main import main as run

    return run()

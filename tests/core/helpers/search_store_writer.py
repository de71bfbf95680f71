"""Adds saved searches or search history entries to one file in a loop, printing each once saved.

    python search_store_writer.py saved|history FILE PREFIX COUNT [--wait]

Used by tests/core/test_search_stores_processes.py to run several writers side by side. A printed
name is acknowledged: it must be in the file. With --wait it starts only after reading a line on
stdin (so several writers start together).
"""

from __future__ import annotations

import sys
from pathlib import Path

from reader.core.saved_searches import SavedSearchStore
from reader.core.search_history import SearchHistory


def main(argv: list[str]) -> int:
    wait = "--wait" in argv
    kind, path, prefix, count = [a for a in argv if a != "--wait"]
    if wait:
        sys.stdin.readline()
    saved = SavedSearchStore(Path(path)) if kind == "saved" else None
    history = SearchHistory(Path(path)) if kind == "history" else None
    for n in range(int(count)):
        name = f"{prefix}-{n}"
        if saved is not None:
            saved.add(name, f"query {n} of {prefix}")
        elif history is not None:
            history.record(name)
        sys.stdout.write(name + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Adds bookmarks to one file in a loop, printing each item id once its add has returned.

    python bookmark_writer.py BOOKMARKS_FILE PREFIX [COUNT] [--wait]

Used by tests/core/test_bookmarks_processes.py: killed with SIGKILL at random moments, or run side by
side with other writers. A printed id is an acknowledged bookmark: it must be in the file.
With --wait it starts only after reading a line on stdin (so several writers start together).
"""

from __future__ import annotations

import sys
from pathlib import Path

from reader.core.bookmarks import BookmarkStore
from reader.core.model import Issue, Item, Link


def main(argv: list[str]) -> int:
    wait = "--wait" in argv
    args = [a for a in argv if a != "--wait"]
    path, prefix = Path(args[0]), args[1]
    count = int(args[2]) if len(args) > 2 else None
    if wait:
        sys.stdin.readline()
    store = BookmarkStore(path)
    issue = Issue(id=prefix, title=f"Issue {prefix}", source=f"{prefix}.md")
    n = 0
    while count is None or n < count:
        item = Item(
            id=f"{prefix}/item-{n}",
            title=f"Item {n} of {prefix}",
            issue_id=prefix,
            links=[Link(f"https://example.com/{prefix}/{n}", f"link {n}")],
        )
        store.add(issue, item, tags=["writer"], note=f"written by {prefix}")
        sys.stdout.write(item.id + "\n")
        sys.stdout.flush()
        n += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The same items and queries on SQLite FTS5 (porter stemming, bm25 with title x3, snippets):
the reference the Whoosh figures are compared with in bench_search.py."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from reader.core.library import Library
from reader.core.search.textprep import one_line, plain_text


def build(library: Library, path: Path) -> tuple[sqlite3.Connection, float]:
    """An FTS5 table of every item in a fresh database file; returns it and the build seconds."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path, check_same_thread=False)
    db.execute(
        "CREATE VIRTUAL TABLE items USING fts5(item_id UNINDEXED, title, body, issue, link, "
        "tokenize='porter unicode61')"
    )
    started = time.perf_counter()
    rows = (
        (
            item.id,
            item.title,
            plain_text(item.body),
            one_line(issue.title),
            " ".join(f"{link.url} {link.text}" for link in item.links),
        )
        for issue, item in library.items()
    )
    with db:
        db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?)", rows)
    return db, time.perf_counter() - started


def fts_query(kind: str, words: list[str]) -> str | None:
    """The FTS5 spelling of one benchmark query (None: FTS5 has no such query)."""
    quoted = [f'"{w}"' for w in words]
    if kind in ("single word", "two words"):
        return " ".join(quoted)
    if kind == "phrase":
        return '"' + " ".join(words) + '"'
    if kind == "as-you-type prefix":
        return " ".join([*quoted[:-1], f'"{words[-1]}"*'])
    return None  # fuzzy: FTS5 has no edit-distance matching


def search(db: sqlite3.Connection, match: str, limit: int = 20) -> int:
    """Top `limit` rows by bm25 (title weighted 3x) with a snippet each, plus the total count."""
    rows = db.execute(
        "SELECT item_id, title, snippet(items, 2, '\x02', '\x03', '…', 24) FROM items WHERE items MATCH ? "
        "ORDER BY bm25(items, 0, 3.0, 1.0, 1.0, 1.0) LIMIT ?",
        (match, limit),
    ).fetchall()
    total = db.execute("SELECT count(*) FROM items WHERE items MATCH ?", (match,)).fetchone()[0]
    assert total >= len(rows)
    return total

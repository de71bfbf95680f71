"""A small archive for search tests: two sources, issues over three years, one undated.

rust-weekly/  twir-500 (2023-12-25), twir-510 (2024-03-04), twir-520 (2024-06-10)
ml-news/      ml-12 (2024-03-15), ml-30 (2025-01-06), notes (no date)
"""

from __future__ import annotations

from pathlib import Path

ISSUES = {
    "rust-weekly/twir-500.md": (
        "This Week in Rust 500",
        "2023-12-25",
        [
            ("Async runtimes compared", "Tokio and smol compared for async servers."),
            ("Crate of the week: serde", "Serde serializes everything you give it."),
        ],
    ),
    "rust-weekly/twir-510.md": (
        "This Week in Rust 510",
        "2024-03-04",
        [
            ("Crate of the week: rayon", "Data parallelism with rayon, one crate of many."),
            ("Async closures stabilised", "Async closures land in stable Rust."),
        ],
    ),
    "rust-weekly/twir-520.md": (
        "This Week in Rust 520",
        "2024-06-10",
        [
            ("Crate of the week: tokio", "The async runtime most crates build on."),
            ("Borrow checker improvements", "Polonius makes the borrow checker smarter."),
        ],
    ),
    "ml-news/ml-12.md": (
        "ML News 12",
        "2024-03-15",
        [
            ("Diffusion models explained", "Denoising diffusion from scratch, with a crate of examples."),
            ("Async data loading", "Async loaders keep the GPU busy."),
        ],
    ),
    "ml-news/ml-30.md": (
        "ML News 30",
        "2025-01-06",
        [
            ("Candle: machine learning in Rust", "A crate for running models in Rust, async friendly."),
            ("Evaluation harnesses", "How to evaluate language models fairly."),
        ],
    ),
    "ml-news/notes.md": (
        "Reading notes",
        None,
        [("Undated crate notes", "A crate list kept without any date.")],
    ),
}

# item ids as the parser makes them (issue id / title slug)
SERDE = "twir-500/crate-of-the-week"
RAYON = "twir-510/crate-of-the-week"
TOKIO = "twir-520/crate-of-the-week"
ASYNC_RUNTIMES = "twir-500/async-runtimes"
CANDLE = "ml-30/candle-machine"
UNDATED = "notes/undated-crate-notes"


def write_archive(folder: Path) -> Path:
    """Write the archive into `folder` and return it."""
    for name, (title, date, items) in ISSUES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        head = ["---", f"title: {title}"] + ([f"date: {date}"] if date else []) + ["---", ""]
        body = [f"## {item_title}\n\n{text}\n" for item_title, text in items]
        path.write_text("\n".join(head + body), encoding="utf-8")
    return folder

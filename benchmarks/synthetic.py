"""A realistic synthetic digest library for benchmarks: Markdown newsletters over a Zipf vocabulary.

`generate_library(target, n_items)` writes digest files (`## ` sections, each an item with a few
paragraphs, bullet lists and links) that reader.core.parsing reads as one issue per file. Word
frequencies follow a Zipf law over a vocabulary of real newsletter words (the most frequent ranks)
and invented words (the long tail), so index sizes, postings lengths and prefix expansions look
like a real library's. The same seed always writes the same files.
"""

from __future__ import annotations

import argparse
import itertools
import random
from datetime import date, timedelta
from pathlib import Path

# Frequent words first: rank decides frequency, so function words lead, then domain words.
_COMMON = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "is",
    "that",
    "for",
    "it",
    "on",
    "with",
    "as",
    "was",
    "by",
    "this",
    "are",
    "be",
    "at",
    "from",
    "or",
    "an",
    "have",
    "which",
    "not",
    "but",
    "they",
    "their",
    "can",
    "more",
    "has",
    "were",
    "we",
    "you",
    "new",
    "also",
    "one",
    "its",
    "about",
    "all",
    "will",
    "been",
    "into",
    "than",
    "other",
    "these",
    "model",
    "models",
    "data",
    "learning",
    "training",
    "trained",
    "train",
    "network",
    "networks",
    "neural",
    "deep",
    "language",
    "large",
    "paper",
    "research",
    "researchers",
    "results",
    "performance",
    "method",
    "methods",
    "approach",
    "task",
    "tasks",
    "dataset",
    "datasets",
    "accuracy",
    "benchmark",
    "benchmarks",
    "transformer",
    "transformers",
    "attention",
    "layer",
    "layers",
    "inference",
    "image",
    "images",
    "vision",
    "text",
    "tokens",
    "token",
    "parameters",
    "params",
    "code",
    "open",
    "source",
    "release",
    "released",
    "team",
    "company",
    "companies",
    "users",
    "system",
    "systems",
    "tool",
    "tools",
    "library",
    "framework",
    "pytorch",
    "tensorflow",
    "python",
    "gpu",
    "gpus",
    "compute",
    "cluster",
    "scaling",
    "scale",
    "efficient",
    "efficiency",
    "faster",
    "speed",
    "memory",
    "optimization",
    "optimizer",
    "gradient",
    "loss",
    "fine",
    "tuning",
    "pretrained",
    "pretraining",
    "embedding",
    "embeddings",
    "retrieval",
    "search",
    "query",
    "generation",
    "generative",
    "diffusion",
    "reinforcement",
    "policy",
    "agent",
    "agents",
    "reward",
    "robot",
    "robotics",
    "speech",
    "audio",
    "video",
    "multimodal",
    "translation",
    "transfer",
    "transformation",
    "transition",
    "transparent",
    "transit",
    "transcript",
    "trans",
    "transient",
    "classification",
    "detection",
    "segmentation",
    "recognition",
    "prediction",
    "forecasting",
    "regression",
    "clustering",
    "graph",
    "propagation",
    "label",
    "labels",
    "labeled",
    "supervised",
    "unsupervised",
    "semi",
    "evaluation",
    "metric",
    "metrics",
    "production",
    "deployment",
    "serving",
    "latency",
    "throughput",
    "hardware",
    "chip",
    "chips",
    "startup",
    "funding",
    "investors",
    "policy",
    "regulation",
    "safety",
    "alignment",
    "bias",
    "fairness",
    "privacy",
    "security",
    "ethics",
    "governance",
    "report",
    "survey",
    "tutorial",
    "course",
    "lecture",
    "book",
    "blog",
    "post",
    "thread",
    "article",
    "interview",
    "podcast",
    "newsletter",
    "weekly",
    "issue",
]

_SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "tan",
    "vel",
    "sor",
    "pex",
    "lin",
    "dra",
    "qua",
    "zen",
    "bor",
    "fi",
    "tal",
    "mon",
    "ges",
    "ru",
    "plo",
    "ne",
    "vax",
    "tri",
    "sul",
    "cor",
    "den",
    "har",
    "lum",
    "pri",
    "sta",
    "gor",
    "nel",
    "tov",
    "bri",
    "cas",
    "fen",
    "jor",
    "kul",
    "mar",
    "nox",
    "pol",
    "ryn",
    "sef",
    "tur",
    "vin",
    "wal",
    "xen",
    "yor",
    "zel",
]

_TLDS = ("com", "org", "io", "ai", "dev")
_HOSTS = ("arxiv.org/abs", "github.com", "huggingface.co", "blog", "news", "paperswithcode.com")


def _invented_words(count: int, rng: random.Random) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < count:
        words.setdefault("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))), None)
    return list(words)


class _Vocabulary:
    """Words drawn with Zipf(s=1.07) frequencies over `size` ranks."""

    def __init__(self, rng: random.Random, size: int = 40_000) -> None:
        invented = [w for w in _invented_words(size, rng) if w not in _COMMON]
        self.words = list(dict.fromkeys(_COMMON)) + invented[: size - len(_COMMON)]
        weights = [1.0 / (rank**1.07) for rank in range(1, len(self.words) + 1)]
        self.cumulative = list(itertools.accumulate(weights))
        self.rng = rng

    def sample(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=k)

    def rare(self) -> str:
        """A word from the long tail: names, products and paper titles."""
        return self.words[self.rng.randint(len(_COMMON), len(self.words) - 1)]


def _sentence(vocab: _Vocabulary, rng: random.Random) -> str:
    words = vocab.sample(rng.randint(8, 24))
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice(".....!?")


def _link(vocab: _Vocabulary, rng: random.Random) -> str:
    text = " ".join(vocab.sample(rng.randint(1, 4)))
    host = rng.choice(_HOSTS)
    if host == "blog" or host == "news":
        host = f"{host}.{vocab.rare()}.{rng.choice(_TLDS)}"
    return f"[{text}](https://{host}/{vocab.rare()}-{rng.randint(1, 9999)})"


def _paragraph(vocab: _Vocabulary, rng: random.Random, min_chars: int = 0) -> str:
    sentences = [_sentence(vocab, rng) for _ in range(rng.randint(2, 5))]
    while sum(len(s) + 1 for s in sentences) < min_chars:
        sentences.append(_sentence(vocab, rng))
    if rng.random() < 0.6:
        sentences.insert(rng.randint(0, len(sentences)), f"See {_link(vocab, rng)}.")
    return " ".join(sentences)


def _title(vocab: _Vocabulary, rng: random.Random) -> str:
    words = vocab.sample(rng.randint(3, 8))
    words.insert(rng.randint(0, len(words)), vocab.rare().capitalize())
    return " ".join(w.capitalize() if i == 0 else w for i, w in enumerate(words))


def _item(vocab: _Vocabulary, rng: random.Random, paragraphs: tuple[int, int] = (1, 4)) -> str:
    parts = [f"## {_title(vocab, rng)}", ""]
    for _ in range(rng.randint(*paragraphs)):
        parts += [_paragraph(vocab, rng), ""]
    if rng.random() < 0.35:
        parts += [f"- {_sentence(vocab, rng)} {_link(vocab, rng)}" for _ in range(rng.randint(2, 4))] + [""]
    return "\n".join(parts)


def _digest(
    number: int,
    n_items: int,
    vocab: _Vocabulary,
    rng: random.Random,
    paragraphs: tuple[int, int] = (1, 4),
    day: date | None = None,
) -> str:
    day = day or date(2019, 1, 7) + timedelta(days=7 * number)
    head = [
        f"# {rng.choice(['The Weekly', 'ML Monthly', 'Data Digest', 'AI Notes'])} #{number + 1}",
        "",
        f"Published {day.isoformat()}. {_paragraph(vocab, rng)}",
        "",
    ]
    return "\n".join(head + [_item(vocab, rng, paragraphs) for _ in range(n_items)])


def digest_path(target: Path, number: int) -> Path:
    """Where `generate_library` writes digest number `number`."""
    return Path(target) / f"digest-{number:05d}.md"


def generate_library(
    target: Path,
    n_items: int,
    items_per_file: int = 30,
    seed: int = 0,
    paragraphs: tuple[int, int] = (1, 4),
    long_items: bool = False,
) -> list[Path]:
    """Write about `n_items` items as Markdown digests of `items_per_file` items into `target`.

    Items have `paragraphs` (a range) paragraphs: the default gives ~1.2 kB items, (4, 9) ~2.8 kB
    items like real digests' (`long_items` is the same as (4, 9): 10,000 items in 200 files of 50
    make the 28 MB library of issue 15). Returns the written files in order. The same arguments
    always write byte-identical files.
    """
    if long_items:
        paragraphs = (4, 9)
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    vocab = _Vocabulary(rng)
    paths: list[Path] = []
    remaining, number = n_items, 0
    while remaining > 0:
        count = min(items_per_file, remaining)
        path = digest_path(target, number)
        path.write_text(_digest(number, count, vocab, rng, paragraphs), encoding="utf-8")
        paths.append(path)
        remaining -= count
        number += 1
    return paths


def generate_archive(
    target: Path, files: int = 667, first_kb: float = 5, last_kb: float = 40, seed: int = 0
) -> list[Path]:
    """A weekly's archive: `files` digests named by date (`YYYY-MM-DD-issue-N.md`, one a week),
    growing geometrically from about `first_kb` to `last_kb` kB over the years as real weeklies
    do, of items of ~2.3 kB (the default is ~12 MB, ~4,900 items). File mtimes are the checkout's (all the same), as in a cloned
    archive. Returns the written files, oldest first."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    vocab = _Vocabulary(rng)
    start = date(2013, 1, 7)
    paths: list[Path] = []
    for number in range(files):
        kb = first_kb * (last_kb / first_kb) ** (number / max(1, files - 1))
        day = start + timedelta(days=7 * number)
        path = Path(target) / f"{day.isoformat()}-issue-{number + 1}.md"
        items = max(1, round((kb - 0.6) / 2.3))
        path.write_text(_digest(number, items, vocab, rng, (3, 8), day), encoding="utf-8")
        paths.append(path)
    return paths


def rewrite_digest(path: Path, seed: int = 1) -> None:
    """Change one digest in place (new words in every item, same item titles count): an edit."""
    rng = random.Random(seed)
    text = Path(path).read_text(encoding="utf-8")
    edited = [
        line + f" {rng.choice(_COMMON)} edited{seed}" if line and not line.startswith("#") else line
        for line in text.split("\n")
    ]
    Path(path).write_text("\n".join(edited), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--per-file", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--long-items", action="store_true", help="items of 3-6 paragraphs of ~500 characters"
    )
    args = parser.parse_args()
    paths = generate_library(args.target, args.items, args.per_file, args.seed, args.long_items)
    print(f"wrote {len(paths)} digest files ({args.items} items) to {args.target}")


if __name__ == "__main__":
    main()

"""repair_mojibake: UTF-8 read as cp1253/cp1252 is repaired, text that was right is left alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.mojibake import repair_mojibake


def damage(text: str, codepage: str = "cp1253") -> str:
    """What a sloppy tool shows for UTF-8 `text` read as `codepage` (cp1252/Latin-1 for its gaps)."""
    out = []
    for byte in text.encode("utf-8"):
        raw = bytes([byte])
        for codec in (codepage, "cp1252", "latin-1"):
            try:
                out.append(raw.decode(codec))
                break
            except UnicodeDecodeError:
                continue
    return "".join(out)


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("I’m", "I’m"),
        ("β€™", "’"),
        ("β€œquoted textβ€\u009d", "“quoted text”"),
        ("course (coming soon) β€” I’m", "course (coming soon) — I’m"),
        ("Newsletter πŸ’»πŸ€–", "Newsletter 💻🤖"),  # seed 002: '€' stands for byte 0xA4 here (ISO-8859-7)
        ("My work πŸ‘‡", "My work 👇"),
        ("DALLβ€’E", "DALL\u2012E"),
        ("π’»", "π’»"),  # no lead byte of a 4-byte sequence there: left alone
    ],
)
def test_seed_002_damage_is_repaired(damaged: str, repaired: str) -> None:
    assert repair_mojibake(damaged) == repaired


def test_cp1252_damage_is_repaired() -> None:
    assert repair_mojibake("itâ€™s cafÃ© time ðŸŽ‰") == "it’s café time 🎉"


def test_mixed_right_and_damaged_on_one_line() -> None:
    line = "🎁 Gift — β€œcaféβ€\u009d πŸ’» καλημέρα ’"
    assert repair_mojibake(line) == "🎁 Gift — “café” 💻 καλημέρα ’"


def test_truncated_sequence_in_a_damaged_run_becomes_replacement_character() -> None:
    # Seed 002's last emoji lost its two last bytes (undefined in cp1253): only 'πŸ' is left.
    assert repair_mojibake("Newsletter πŸ’»πŸ preview") == "Newsletter 💻\ufffd preview"


CORRECT_TEXTS = [
    "Η γρήγορη καφέ αλεπού πηδάει πάνω από τον τεμπέλη σκύλο.",
    "ΑΥΤΟ ΕΙΝΑΙ ΕΝΑ ΤΕΣΤ ΜΕ ΚΕΦΑΛΑΙΑ, ΆΛΛΑ ΚΑΙ ΈΝΑ ΌΧΙ.",
    "Ελλάδα · Αθήνα » Θεσσαλονίκη «",
    "Français: « déjà vu », crème brûlée, naïve façade — œuvre.",
    "Deutsch: Größe, Übermaß, Straße; Ärger über Öl.",
    "Русский текст: съешь же ещё этих мягких французских булок.",
    "中文：机器学习月刊 第28期，日本語のテキスト、한국어 문장.",
    "Emoji 💻🤖👇🎁 and ‘quotes’ “here” — dash… ellipsis € 5 ¥ 3 £ 2 © ® ™ ° ± µ ¶ §",
    "Symbols: α ∈ (0, 1), C · (1 − α), x² ≤ y³, ½ ¼ ¾",
    "Português: São Paulo, ação, coração, Ã-la-carte",
    "Español: ¿Qué tal? ¡Muy bien! Año, niño, señor.",
    "Quoted ‘café’’ and «naïve“” ones» stay as written.",
]


@pytest.mark.parametrize("text", CORRECT_TEXTS)
def test_correct_text_is_never_altered(text: str) -> None:
    assert repair_mojibake(text) == text


GREEK_WORDS = [
    "καλημέρα",
    "Ελλάδα",
    "ΆΛΛΑ",
    "όχι",
    "ήταν",
    "είναι",
    "ΌΤΑΝ",
    "Ένας",
    "μία",
    "Ή",
    "αύριο",
    "ΰ",
    "ΐ",
    "ώρα",
    "ΏΡΑ",
    "Ύψος",
    "υγεία",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([*GREEK_WORDS, "—", "’", "•", "«", "»", "·", "–", "…"]), min_size=1, max_size=12)
)
def test_greek_prose_is_never_altered(words: list[str]) -> None:
    text = " ".join(words)
    assert repair_mojibake(text) == text


REPAIRABLE = [
    "’",
    "‘",
    "“",
    "”",
    "—",
    "–",
    "…",
    "•",
    "é",
    "ü",
    "ñ",
    "💻",
    "🤖",
    "👇",
    "🎉",
    "✅",
    "€",
    "中文",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([*REPAIRABLE, "a", " ", "word", "x."]), min_size=1, max_size=15),
    st.sampled_from(["cp1253", "cp1252"]),
)
def test_damaged_text_round_trips(parts: list[str], codepage: str) -> None:
    text = "".join(parts)
    assert repair_mojibake(damage(text, codepage)) == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_ascii_is_untouched(text: str) -> None:
    result = repair_mojibake(text)
    assert isinstance(result, str)
    ascii_only = "".join(c for c in text if c.isascii())
    assert repair_mojibake(ascii_only) == ascii_only

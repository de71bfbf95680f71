"""The five bundled seeds parse the way their authors meant: titles, items, bodies, links, facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.model import Issue
from reader.core.parsing import parse_file

SEED_000 = "000_c4ff5c4700212468.txt"
SEED_001 = "001_f6c8b6d058287792.txt"
SEED_002 = "002_93599bb911c5852b.txt"
SEED_003 = "003_28404f703abf928a.txt"
SEED_004 = "004_82ebace2c9f9c022.txt"

ISSUE_TITLES = {
    SEED_000: "The Batch — issues 41–45",
    SEED_001: "2019 DS/ML digest 20",
    SEED_002: "Machine Learning Monthly #28",
    SEED_003: "The Batch — Labeling Errors Everywhere",
    SEED_004: "Exploring Cutting-Edge AI Advancements in The Batch Issues",
}

ITEM_TITLES = {
    SEED_000: [
        "Reviving Classic AI Techniques for Modern Wins",
        "Scaling Up Vision Transformers Like a Boss",
        "Unsupervised Object Detection: No Labels Needed!",
        "Rethinking Batch Normalization for the Win",
        "Efficient NLP with ELECTRA: Discriminator Power",
        "Bridging Issues: Real-World AI Deployment Stories",
        "Bonus Insights & Future-Proofing",
    ],
    SEED_001: [
        "Unsupervised pitch estimation",
        "OCR in Yandex. A legit article",
        "87.4% top-1 accuracy on Imagenet",
        "Pixel phones now can make long exposure night sky photos",
        "Top trends from ICLR",
        "Google uses RL in recommendations",
        "Open Images 2019 solutions",
        "Why you should not get a PhD",
        "AI circus eof 2019 update",
        "Train pose estimation on radio vs images",
        "Differentiable Convex Optimization Layers",
        "Rigging the Lottery: Making All Tickets Winners",
        "Hybrid Composition with IdleBlock: More Efficient Networks for Image Recognition",
        "A visual guide to BERT",
        "New transformers released by HuggingFace (ALBERT / CamemBERT / DistilRoBERTa / GPT-2 XL)",
    ],
    SEED_002: [
        "All Roads Lead to Rome: The Machine Learning Job Market in 2022",
        "Tweet Thread: The second order effects of large language models",
        "Optimize your PyTorch code for speed and memory efficiency with these 18 tips",
        "Pix2Seq: A New Language Interface for Object Detection",
        "Resources to improve your Python and Research Software Engineering Skills",
        "DALLE\u20122 creates crazy wild images + an explanation + an open source version",
        "Meta AI’s self-supervised learning demo for images",
        "Solving ImageNet with a Unified Training Scheme",
        "Why we should be using synthetic data in (robust) machine learning",
        "From the archives: The Bitter Lesson",
    ],
    SEED_003: [
        "Dear friends",
        "Labeling Errors Everywhere",
        "Image Generation Transformed",
        "Who Watches the Welders?",
        "Large Language Models for Chinese",
        "Motion Mapper",
    ],
    SEED_004: [
        "Issue 126: Scaling Laws and Efficient Training",
        "Issue 127: Multimodal Models Take Center Stage",
        "Issue 128: Reinforcement Learning from Human Feedback (RLHF) Evolves",
        "Issue 129: Open-Source Momentum with Llama 2",
        "Issue 130: AI Agents and Tool Use",
        "Issue 131: Synthetic Data Revolution",
        "Broader Trends Across Issues",
    ],
}


@pytest.fixture(scope="module")
def seeds() -> dict[str, Issue]:
    root = Path(__file__).resolve().parents[2] / "seeds"
    parsed = {}
    for name in ITEM_TITLES:
        outcome = parse_file(root / name)
        assert outcome.issue is not None, outcome.warnings
        assert outcome.warnings == []
        parsed[name] = outcome.issue
    return parsed


def item(issue: Issue, title: str):
    return next(it for it in issue.items if it.title == title)


@pytest.mark.parametrize("name", sorted(ITEM_TITLES))
def test_issue_title(seeds: dict[str, Issue], name: str) -> None:
    assert seeds[name].title == ISSUE_TITLES[name]


@pytest.mark.parametrize("name", sorted(ITEM_TITLES))
def test_item_titles_in_order(seeds: dict[str, Issue], name: str) -> None:
    assert [it.title for it in seeds[name].items] == ITEM_TITLES[name]


@pytest.mark.parametrize("name", sorted(ITEM_TITLES))
def test_ids_unique_and_stable_across_reparses(seeds: dict[str, Issue], name: str, seeds_dir: Path) -> None:
    issue = seeds[name]
    ids = [it.id for it in issue.items]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith(issue.id + "/") for i in ids)
    assert all(len(i) <= 64 for i in ids)
    again = parse_file(seeds_dir / name).issue
    assert again is not None
    assert again.id == issue.id
    assert [it.id for it in again.items] == ids
    assert [it.position for it in again.items] == list(range(len(ids)))


def test_issue_ids_come_from_file_names(seeds: dict[str, Issue]) -> None:
    assert seeds[SEED_001].id == "001-f6c8b6d0"
    assert item(seeds[SEED_001], "87.4% top-1 accuracy on Imagenet").id == "001-f6c8b6d0/87-4-top-1-accuracy"


def test_no_item_body_holds_raw_html_or_the_resource_button(seeds: dict[str, Issue]) -> None:
    for issue in seeds.values():
        for it in issue.items:
            assert "<div" not in it.body and "<a " not in it.body, it.title
            assert "View Full Resource" not in it.body
        assert "View Full Resource" not in issue.preamble


# --- 000 and 004: Markdown sections -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "url"),
    [
        (SEED_000, "https://www.deeplearning.ai/the-batch/page/5/"),
        (SEED_004, "https://www.deeplearning.ai/the-batch/page/21/"),
    ],
)
def test_markdown_resource_button_is_an_issue_link(seeds: dict[str, Issue], name: str, url: str) -> None:
    issue = seeds[name]
    assert [(lk.url, lk.text) for lk in issue.links] == [(url, "View Full Resource")]
    assert all(lk.url != url for it in issue.items for lk in it.links)
    assert issue.date is None and issue.author is None


def test_000_links_per_item(seeds: dict[str, Issue]) -> None:
    links = {it.title: [(lk.url, lk.text) for lk in it.links] for it in seeds[SEED_000].items}
    assert links == {
        "Reviving Classic AI Techniques for Modern Wins": [
            ("https://github.com/sec-ai/label-propagation", "GitHub repo for propagation methods")
        ],
        "Scaling Up Vision Transformers Like a Boss": [
            ("https://github.com/facebookresearch/deit", "here on GitHub")
        ],
        "Unsupervised Object Detection: No Labels Needed!": [
            ("https://github.com/DetReg/DetReg", "DetReg GitHub")
        ],
        "Rethinking Batch Normalization for the Win": [("https://github.com/BNES-official/BNES", "here")],
        "Efficient NLP with ELECTRA: Discriminator Power": [
            ("https://github.com/google-research/electra", "ELECTRA GitHub")
        ],
        "Bridging Issues: Real-World AI Deployment Stories": [],
        "Bonus Insights & Future-Proofing": [
            ("https://github.com/microsoft/graphormer", "Graphormer"),
            ("https://github.com/microsoft/Swin-Transformer", "Swin Transformer GitHub"),
        ],
    }


def test_000_preamble_and_bodies(seeds: dict[str, Issue]) -> None:
    issue = seeds[SEED_000]
    assert issue.preamble.startswith(
        "Explore the thrilling highlights from The Batch newsletter issues 41-45"
    )
    table = item(issue, "Rethinking Batch Normalization for the Win").body
    assert "| ResNet-50 (BNES) | 95.2% | 77.3% |" in table
    code = item(issue, "Scaling Up Vision Transformers Like a Boss").body
    assert "distill_loss = distillation_loss(student_logits, teacher_logits)" in code
    bridging = item(issue, "Bridging Issues: Real-World AI Deployment Stories").body
    assert "* Graphs too big? Sample mini-batches smartly." in bridging
    assert "(Word count: ~1050)" in item(issue, "Bonus Insights & Future-Proofing").body


def test_004_title_heading_is_not_an_item_and_bodies_hold_code(seeds: dict[str, Issue]) -> None:
    issue = seeds[SEED_004]
    assert issue.preamble.startswith("The Batch, published by deeplearning.ai, delivers weekly digests")
    assert (
        "def dpo_loss(pi_theta, pi_ref, preferences):"
        in item(issue, "Issue 128: Reinforcement Learning from Human Feedback (RLHF) Evolves").body
    )
    assert (
        "Track scaling via public benchmarks like LMSYS Arena."
        in item(issue, "Broader Trends Across Issues").body
    )
    assert all(it.links == [] for it in issue.items)


# --- 001: nested bullets ---------------------------------------------------------------------


def test_001_author_date_and_sections(seeds: dict[str, Issue]) -> None:
    issue = seeds[SEED_001]
    assert (issue.author, issue.date) == ("snakers41", "2019-12-23")
    sections = [it.section for it in issue.items]
    assert sections[:3] == [None, None, None]
    assert sections[3:] == ["ML in general"] * 12
    assert all(it.title != "ML in general" for it in issue.items)


def test_001_byline_is_shown_as_written_in_the_intro(seeds: dict[str, Issue]) -> None:
    assert " ".join(seeds[SEED_001].preamble.split()) == "Posted by snakers41 on December 23, 2019"


def test_001_sub_bullets_belong_to_their_top_level_bullet(seeds: dict[str, Issue]) -> None:
    issue = seeds[SEED_001]
    imagenet = item(issue, "87.4% top-1 accuracy on Imagenet").body
    assert "- 480M params" in imagenet
    assert "- 3.5B weakly labeled Instagram images" in imagenet
    assert not any("480M" in it.title for it in issue.items)
    lottery = item(issue, "Rigging the Lottery: Making All Tickets Winners").body
    assert "  - You have to train a large network first, so you are limited by it" in lottery  # depth 2
    assert "  - Infrequently using instantaneous gradient information" in lottery
    idle = item(
        issue, "Hybrid Composition with IdleBlock: More Efficient Networks for Image Recognition"
    ).body
    assert "Active branch x1 with C · (1 − α) channels" in idle
    assert "Key idea - you need relative pitch" in item(issue, "Unsupervised pitch estimation").body
    assert len(issue.items) == 15


# --- 002: numbered entries, mojibake ---------------------------------------------------------


def test_002_authors_split_off(seeds: dict[str, Issue]) -> None:
    authors = [it.author for it in seeds[SEED_002].items]
    assert authors == [
        "Eric Jang",
        "Russell Kaplan",
        "Jack Lin",
        "Google AI",
        None,
        None,
        None,
        None,
        "Vikash Sehwag",
        "Rich Sutton",
    ]
    assert seeds[SEED_002].author == "Daniel Bourke"


def test_002_nested_numbered_entries_stay_in_their_item(seeds: dict[str, Issue]) -> None:
    issue = seeds[SEED_002]
    resources = issue.items[4]
    assert resources.title == "Resources to improve your Python and Research Software Engineering Skills"
    assert "1. Calmcode.io — short, easy to digest Python-based tutorials" in resources.body
    assert "2. Research Software Engineering with Python by Alan Turing Institute" in resources.body
    assert not any(it.title.startswith("Calmcode") for it in issue.items)
    assert "[y_min, x_min, y_max, x_max, class_label]" in issue.items[3].body


def test_002_bare_twitter_url_is_a_link_of_its_item(seeds: dict[str, Issue]) -> None:
    tweet = seeds[SEED_002].items[1]
    url = "https://twitter.com/russelljkaplan/status/1513128014879490050?s=20&t=6oFSQF-Gm8Qk2YTsI1K-1A"
    assert [lk.url for lk in tweet.links] == [url]


def test_002_mojibake_is_repaired_everywhere(seeds: dict[str, Issue]) -> None:
    issue = seeds[SEED_002]
    text = "\n".join(
        [issue.title, issue.preamble, issue.footer] + [it.title + "\n" + it.body for it in issue.items]
    )
    for damaged in ("β€", "πŸ", "Ÿ", "â€", "ðŸ"):
        assert damaged not in text
    for repaired in ("’", "“", "”", "—", "💻", "🤖", "👇", "…"):
        assert repaired in text
    assert "Machine Learning Monthly Newsletter 💻🤖" in issue.preamble
    assert "I’m working on a hands-on introduction to PyTorch course" in issue.preamble
    assert (
        "“which company has the largest technological lead towards artificial general intelligence (AGI)”"
        in (issue.items[0].body)
    )
    assert "🎁 Give the #1 gift request of 2024" in issue.preamble  # right UTF-8 on the same lines stays


def test_002_sign_off_and_promotions_are_the_footer_not_the_last_item(seeds: dict[str, Issue]) -> None:
    issue = seeds[SEED_002]
    last = issue.items[-1].body
    assert last.endswith("the more bitter things will taste when a more general method comes along.")
    assert "Zero To Mastery" not in last
    assert issue.footer.startswith("See you next month!")
    assert "ZTM Career Paths" in issue.footer
    assert "https://www.mrdbourke.com" in [lk.url for lk in issue.links]
    assert issue.items[-1].links == []


# --- 003: letter and headlines ---------------------------------------------------------------


def test_003_letter_and_stories(seeds: dict[str, Issue]) -> None:
    issue = seeds[SEED_003]
    letter = issue.items[0]
    assert letter.section == "Letter"
    assert letter.body.startswith("Machine learning development is highly iterative.")
    assert letter.body.rstrip().endswith("Keep learning!")
    assert "Lifecycle of an ML project" in letter.body
    assert [it.section for it in issue.items[1:]] == ["News"] * 5
    welders = item(issue, "Who Watches the Welders?").body
    assert welders.startswith("*Image: Operators working with factory machinery*")
    assert "- When it detects a bad weld, it stops the robot and alerts human workers." in welders
    assert "CogView home website" not in welders
    assert item(issue, "Large Language Models for Chinese").body.startswith("*Image: CogView home website*")


def test_003_image_captions_are_not_items(seeds: dict[str, Issue]) -> None:
    titles = [it.title for it in seeds[SEED_003].items]
    for caption in (
        "Model identifying erroneous labels in popular datasets",
        "A generative adversarial network (GAN)",
        "Operators working with factory machinery",
        "CogView home website",
        "System designed to isolate changes in the pose of a two-dimensional figure",
        "Lifecycle of an ML project",
    ):
        assert caption not in titles


def test_003_subscribe_footer_is_not_in_the_last_story(seeds: dict[str, Issue]) -> None:
    issue = seeds[SEED_003]
    assert "Subscribe to The Batch" not in issue.items[-1].body
    assert issue.items[-1].body.endswith("Definitely a new toy for remix culture.")
    assert issue.footer.startswith("Subscribe to The Batch")

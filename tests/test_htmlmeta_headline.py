"""The headline: an <h1> with chrome around the title, and an <h1> that is not about the story."""

from __future__ import annotations

import pytest

from dateline.pages import htmlmeta
from dateline.pages.headline import title_over_h1, trimmed_h1


def _headline(h1: str, title: str, og: str | None = None) -> str | None:
    og_tag = f'<meta property="og:title" content="{og}">' if og else ""
    html = (
        f"<html><head><title>{title}</title>{og_tag}</head><body>"
        f"<article><h1>{h1}</h1><p>Some words of the story follow here.</p></article>"
        "</body></html>"
    )
    tree = htmlmeta.parse_html(html)
    assert tree is not None
    return htmlmeta.read_meta(tree, "https://www.example.org/story").headline


@pytest.mark.parametrize(
    ("h1", "title", "expected"),
    [
        # a section or site after a separator in the <h1>
        (
            "Ten tips for new gardeners | Opinion",
            "Ten tips for new gardeners",
            "Ten tips for new gardeners",
        ),
        (
            "Ten tips for new gardeners – Garden Weekly",
            "Ten tips for new gardeners",
            "Ten tips for new gardeners",
        ),
        # a label, a date or a byline written into the <h1>
        (
            "Blog: Ten tips for new gardeners",
            "Ten tips for new gardeners",
            "Ten tips for new gardeners",
        ),
        (
            "Dec 18 2025 Ten tips for new gardeners",
            "Ten tips for new gardeners",
            "Ten tips for new gardeners",
        ),
        (
            "Ten tips for new gardeners Posted on July 1, 2024 by admin",
            "Ten tips for new gardeners",
            "Ten tips for new gardeners",
        ),
        # a site or section heading that shares no word with the title
        (
            "Antoyo's Blog",
            "Progress report on the compiler backend",
            "Progress report on the compiler backend",
        ),
        # the <h1> differs in wording only: it stays the headline
        (
            "Ten tips for every new gardener",
            "Ten tips for new gardeners",
            "Ten tips for every new gardener",
        ),
        # a colon inside the headline's own words is not chrome
        (
            "Mobile design: the ultimate guide for 2025",
            "Mobile design",
            "Mobile design: the ultimate guide for 2025",
        ),
    ],
)
def test_headline_rules(h1: str, title: str, expected: str) -> None:
    assert _headline(h1, title) == expected


def test_og_title_is_the_candidate_checked_first() -> None:
    got = _headline("Day 7", "Advent notes - Example", og="Advent of Code week two")
    assert got == "Advent of Code week two"


def test_trimmed_h1_variants() -> None:
    assert "Story of the day" in list(trimmed_h1("Story of the day (example.com)"))
    assert list(trimmed_h1("Plain headline without chrome")) == []
    assert title_over_h1("Plain headline", []) is None

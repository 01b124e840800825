"""Byline names without lead-ins, roles, dates and site names."""

from __future__ import annotations

import pytest
from lxml.etree import _Element

from dateline.pages import htmlmeta
from dateline.pages.bylines import clean_names, visible_bylines
from dateline.pages.htmlpage import HtmlPage
from dateline.records import Article, RawInput


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["Author Isaiah Shelton"], ["Isaiah Shelton"]),
        (["Recipe by PJ Hamel"], ["PJ Hamel"]),
        (["Read more about The Upwork Team"], ["The Upwork Team"]),
        # dates and update notes after the name
        (["Jordana Cepelewicz December"], ["Jordana Cepelewicz"]),
        (["Haley Hoekstra • March"], ["Haley Hoekstra"]),
        (["Ziyi Xu, Dec 17"], ["Ziyi Xu"]),
        (["Cazzy Magennis Last Updated August 1"], ["Cazzy Magennis"]),
        (["Shelby Loos Reviewed by Molly Price"], ["Shelby Loos"]),
        # roles
        (["Linda Rosencrance Contributing Writer"], ["Linda Rosencrance"]),
        (["Matt Check Head Winemaker, Co-Founder"], ["Matt Check"]),
        (["Mayank Gupta, CEO"], ["Mayank Gupta"]),
        (["Justin Meserole, Trial Attorney"], ["Justin Meserole"]),
        # a desk's byline is kept whole
        (["Podium Staff"], ["Podium Staff"]),
        # no name at all
        (["Updated January"], []),
        (["Sat, 20 Dec"], []),
        (["Written By"], []),
        (["The Author"], []),
        # names that look like months are names
        (["Tom May"], ["Tom May"]),
        (["April Smith and John Roe"], ["April Smith", "John Roe"]),
    ],
)
def test_clean_names(raw: list[str], expected: list[str]) -> None:
    assert clean_names(raw) == expected


def test_site_name_beside_people_is_dropped_but_kept_alone() -> None:
    people = ["Manoj Jain", "Jagpreet Chhatwal", "The Commercial Appeal"]
    assert clean_names(people, "The Commercial Appeal") == ["Manoj Jain", "Jagpreet Chhatwal"]
    assert clean_names(["Corti", "Joakim Edin"], None, "https://www.corti.ai/x") == ["Joakim Edin"]
    assert clean_names(["Silverback Strategies"], "Silverback Strategies") == [
        "Silverback Strategies"
    ]


def test_page_byline_is_cleaned() -> None:
    body = "".join(
        f"<p>Paragraph {i} of the story tells what the council decided about the bridge "
        "and what the engineers said about the cracks they found.</p>"
        for i in range(3)
    )
    html = (
        '<html><head><title>Bridge closed</title><meta name="author" '
        'content="Rachel MacDonald Writer"></head><body><article><h1>Bridge closed</h1>'
        f"{body}</article></body></html>"
    )
    art = Article(id="t", raw=RawInput(content=html, format="html", uri=None))
    assert HtmlPage(min_body_words=0, use_htmldate=False)(art).byline == ["Rachel MacDonald"]


def _tree(body: str) -> _Element:
    tree = htmlmeta.parse_html(f"<html><body>{body}</body></html>")
    assert tree is not None
    return tree


def test_visible_byline_elements() -> None:
    page = (
        "<p>By clicking Subscribe you agree to our terms and our privacy policy.</p>"
        "<h1>Bridge closed</h1><p class='meta'>Written by Amy Wilhelm</p>"
    )
    assert visible_bylines(_tree(page)) == ["Amy Wilhelm"]
    assert visible_bylines(_tree("<div>Author: Moses Kim and Kate Shokurova</div>")) == [
        "Moses Kim",
        "Kate Shokurova",
    ]
    # a sentence that starts with "by" is not a byline; a lower-case word is not a name
    assert visible_bylines(_tree("<p>By the river</p><p>By far the longest bridge</p>")) == []

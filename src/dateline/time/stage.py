"""dateline.times.v1 — TIMEX3 time expressions of the clean text, anchored on the publication date."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from dateline.language import detect
from dateline.records import Article
from dateline.registry import register
from dateline.time import confidence, french, timex

log = logging.getLogger(__name__)


@register("dateline.times.v1", requires=("text", "sentences"), assigns=("times",))
class Times:
    """Tag and normalise time expressions (TimeML TIMEX3) against ``published_date``.

    Relative expressions ("on Sunday", "nine months ago") are resolved against the
    publication date; without one they keep unresolved values (``XXXX-XX-XX``).  With
    ``use_doc`` the spaCy parse (if the article has one) decides past/future tense; off by
    default because on TBAQ the lexical cues scored better (value F1 0.799 vs 0.789, measured
    before the time-v2 tense rules; not re-measured since).  The parse, when there is one,
    is always used to reject calendar words in a non-date reading (:mod:`dateline.time.reading`).
    Chrome lines are not part of ``Article.text``, so they are never tagged.  Each English
    expression gets its calibrated ``probability`` (:mod:`dateline.time.confidence`).
    """

    def __init__(self, use_doc: bool = False) -> None:
        self.use_doc = use_doc

    def __call__(self, article: Article) -> Article:
        dct: date | None = None
        if article.published_date:
            try:
                dct = date.fromisoformat(article.published_date[:10])
            except ValueError:
                log.warning("unreadable published_date %r", article.published_date)
        # the parse always tells the calendar words' other readings apart ("the fall of
        # Aleppo", modal "May"); it decides tense only with ``use_doc``
        if detect.primary(article.language) == "fr":
            # French pages: French patterns resolved by dateparser (the TIMEX rules are English)
            times = french.tag(article.text, dct, doc=article.doc)
        else:
            tagged: list[dict[str, Any]] = []
            times = timex.tag(
                article.text, dct, doc=article.doc, doc_tense=self.use_doc, signals=tagged
            )
            confidence.assign(times, confidence.signals(times, tagged))
        if article.sentences:
            for t in times:
                t.sentence = article.sentence_at(t.start)
        article.times = times
        return article

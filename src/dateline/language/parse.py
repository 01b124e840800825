"""dateline.parse.v1 — spaCy analysis of the clean text; sentences with offsets."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from contextlib import AbstractContextManager, ExitStack
from typing import Any

from dateline.errors import RejectedDocument
from dateline.language import detect, nlp
from dateline.records import Article, Sentence
from dateline.registry import register


def ensure_doc(article: Article, model: str | None = None) -> object:
    """The article's spaCy Doc, parsed now if it was not yet (e.g. after unpickling)."""
    if article.doc is None or article.doc.text != article.text:
        article.doc = nlp.load(model or nlp.model_for(article.language))(article.text)
    return article.doc


@register("dateline.parse.v1", requires=("text",), assigns=("doc", "sentences", "language"))
class Parse:
    """Parse the clean text with spaCy and record sentence spans (never across paragraphs).

    The pipeline is the article's language's (:data:`nlp.MODELS`), the language detected from
    the text when the page did not state it.  A page in another language (stated by the page
    or detected with confidence) is rejected, ``DL113`` "not analysed: language xx", never
    analysed as English; a language only assumed is parsed with the English pipeline and the
    article says so in its warnings.  ``model`` forces one pipeline.
    """

    def __init__(self, model: str | None = None) -> None:
        self.model = model

    def zone(self) -> AbstractContextManager[Any]:
        """spaCy's memory zone of the model's vocabulary, entered by the pipeline around one
        document: what the document adds to the vocabulary is freed after it."""
        nlp.load(self.model or nlp.DEFAULT_MODEL)
        stack = ExitStack()
        for pipeline in nlp.loaded():  # each language's vocabulary the document may grow
            stack.enter_context(pipeline.memory_zone())
        return stack

    def parse_batch(self, articles: Sequence[Article]) -> None:
        """Parse several articles at once (``nlp.pipe``, one batch per language's pipeline) and
        keep each Doc on its article, for :meth:`__call__` to use: the pipeline calls this
        inside the memory zones, between the stages before the parse and the parse itself."""
        groups: dict[str, list[Article]] = {}
        for a in articles:
            if a.text and (a.doc is None or a.doc.text != a.text):
                language = detect.ensure_language(a)
                if self.model is None and not nlp.supported(language):
                    continue  # rejected or warned about by __call__, which parses it if need be
                model = self.model or nlp.model_for(language)
                groups.setdefault(model, []).append(a)
        for model, group in groups.items():
            pipeline = nlp.load(model)
            docs = pipeline.pipe([a.text for a in group], batch_size=len(group))
            for a, doc in zip(group, docs, strict=True):
                a.doc = doc

    def __call__(self, article: Article) -> Article:
        language = detect.ensure_language(article)
        if self.model is None and not nlp.supported(language):
            if article.language_source != "default":
                # stated by the page or detected with confidence: never analysed as English
                raise RejectedDocument(
                    f"not analysed: language {language!r} (dateline analyses"
                    f" {', '.join(sorted(nlp.MODELS))}; found from {article.language_source})",
                    code="DL113",
                )
            article.warnings.append(
                f"language {language!r} is not supported: analysed with the English pipeline"
            )
        return self._sentences(article)

    def _sentences(self, article: Article) -> Article:
        doc = ensure_doc(article, self.model)
        text = article.text
        para_starts = [p.start for p in article.paragraphs]
        sents: list[Sentence] = []
        for s in doc.sents:  # type: ignore[attr-defined]
            start, end = s.start_char, s.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start >= end:
                continue
            para = bisect.bisect_right(para_starts, start) - 1 if para_starts else None
            sec = article.section_of(start)
            sents.append(
                Sentence(
                    start=start,
                    end=end,
                    paragraph=para if para is not None and para >= 0 else None,
                    section_kind=sec.kind if sec else "body",
                )
            )
        if detect.primary(article.language) == "fr":
            sents = join_fragments(text, sents)
        article.sentences = sents
        return article


#: a sentence ends with one of these (a closing quotation mark or bracket after them)
_TERMINAL = ".!?…:;—–"


def join_fragments(text: str, sents: list[Sentence]) -> list[Sentence]:
    """Join a sentence that does not end a sentence to the next one of its paragraph.

    The French model's parser splits off fragments (« Samedi » from « , des centaines … »,
    an opening « from the quotation); a fragment ends without terminal punctuation and the next
    piece starts in the same paragraph.  A dateline (« BAMAKO, Mali — ») stays apart."""
    out: list[Sentence] = []
    for s in sents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.paragraph == s.paragraph
            and prev.section_kind == s.section_kind
            and text[s.start] not in "—–"  # « MAIDUGURI — Des soldats … »: a dateline
            and re.sub(r"[»”)\]'\"\s]+$", "", text[prev.start : prev.end])[-1:] not in _TERMINAL
        ):
            out[-1] = prev.model_copy(update={"end": s.end})
            continue
        out.append(s)
    return out

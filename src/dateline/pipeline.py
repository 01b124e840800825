"""Build and run a checked sequence of registered stages over one Article."""

from __future__ import annotations

import itertools
import json
import logging
import time
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dateline import limits as L
from dateline import registry
from dateline.errors import PipelineError, RejectedDocument
from dateline.records import Article, Rejection
from dateline.registry import DEFAULT_STAGES as DEFAULT_STAGES

log = logging.getLogger(__name__)

#: fields present on an Article before any stage runs
INITIAL_FIELDS = ("raw", "id", "source")

#: the default analysis, in order


@dataclass
class Pipeline:
    """A checked sequence of stages; ``limits`` bound each document (see :mod:`dateline.limits`).

    Between stages a document whose clean text is longer than ``limits.max_text_chars`` is
    rejected (``DL104``), and one that has used its time budget (``limits.doc_seconds``) is
    rejected before the next stage; the whole run of one document is under a hard deadline
    (``limits.hard_seconds`` of CPU time, and a wall-clock guard ``limits.wall_seconds``,
    both armed in a main thread).  Time limits count CPU time so that the outcome does not
    depend on how loaded the machine is.  ``limits=None`` takes
    :func:`dateline.limits.current` when the pipeline is built.
    """

    stage_names: tuple[str, ...] = DEFAULT_STAGES
    config: dict[str, dict[str, Any]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    limits: L.Limits | None = None
    #: keep the spaCy Doc on the returned article (``article.doc``).  By default the Doc is
    #: dropped at the end and each document runs inside the stages' memory zones (spaCy's
    #: ``memory_zone``: the strings and lexemes a document adds to the vocabulary are freed
    #: after it), so a worker's memory stays flat over millions of documents.
    keep_doc: bool = False

    def __post_init__(self) -> None:
        self.stage_names = tuple(self.stage_names)
        available: set[str] = set(INITIAL_FIELDS)
        self._stages = []
        for name in self.stage_names:
            spec = registry.get(name)
            missing = [r for r in spec.requires if r not in available]
            if missing:
                raise PipelineError(
                    f"stage {name} requires {', '.join(missing)}, which no earlier stage assigns"
                )
            available.update(spec.assigns)
            self._stages.append(spec.factory(**self.config.get(name, {})))
        self.timings = {n: 0.0 for n in self.stage_names}
        self._zones = [z for st in self._stages if callable(z := getattr(st, "zone", None))]
        #: the stage that can analyse a batch at once (the parse: ``parse_batch``), if any
        self._batch_at = next(
            (i for i, st in enumerate(self._stages) if callable(getattr(st, "parse_batch", None))),
            None,
        )
        self._warm: set[str] = set()
        if self.limits is None:
            self.limits = L.current()

    def __call__(self, article: Article) -> Article:
        lim = self.limits or L.Limits()
        with ExitStack() as zones:
            if not self.keep_doc:
                for zone in self._zones:
                    zones.enter_context(zone())
            article, _ = self._run_span(article, 0, len(self._stages), _Clock(), lim)
            if not self.keep_doc:
                article.doc = None  # before the zone frees what the Doc points to
        return article

    def run_batch(self, articles: Sequence[Article]) -> list[Article]:
        """Analyse several documents, with one batched parse (``nlp.pipe``) for all of them.

        Each document runs the stages before the parse on its own, then the surviving ones are
        parsed together inside one set of memory zones, then each runs the rest on its own: the
        time budget and the hard deadline stay per document (a document is charged its share of
        the batched parse, by length), and a document that fails or times out is one rejection.
        If the batched parse itself fails or overruns, every document is parsed on its own
        instead, so one bad page never loses the batch.  Same results as calling the pipeline
        on each document.
        """
        at = self._batch_at
        if self.keep_doc or at is None or len(articles) < 2:
            return [self(a) for a in articles]
        lim = self.limits or L.Limits()
        out = list(articles)
        clocks = [_Clock() for _ in out]
        with ExitStack() as zones:
            for zone in self._zones:
                zones.enter_context(zone())
            alive: list[int] = []
            for i, a in enumerate(out):
                out[i], ok = self._run_span(a, 0, at, clocks[i], lim)
                if ok:
                    alive.append(i)
            self._batch_parse([out[i] for i in alive], [clocks[i] for i in alive], lim)
            for i in alive:
                out[i], _ = self._run_span(out[i], at, len(self._stages), clocks[i], lim)
                out[i].doc = None
            for a in out:
                a.doc = None
        return out

    def _batch_parse(self, articles: list[Article], clocks: list[_Clock], lim: L.Limits) -> None:
        """Parse ``articles`` in one batch, charging each its share of the CPU time."""
        if len(articles) < 2:
            return
        stage: Any = self._stages[self._batch_at or 0]
        c0 = L.cpu_clock()
        try:
            with L.hard_deadline(lim.hard_seconds, lim.wall_seconds):
                stage.parse_batch(articles)
        except L.DocumentTimeout as e:
            log.warning(
                "batched parse of %d documents stopped (%s); parsing one by one", len(articles), e
            )
            for a in articles:
                a.doc = None
            return
        except Exception:  # a parser bug on one page: each page is parsed (and fails) alone
            log.exception("batched parse of %d documents failed; parsing one by one", len(articles))
            for a in articles:
                a.doc = None
            return
        spent = L.cpu_clock() - c0
        total = sum(len(a.text or "") for a in articles) or 1
        for a, clock in zip(articles, clocks, strict=True):
            clock.used += spent * len(a.text or "") / total

    def _run_span(
        self, article: Article, lo: int, hi: int, clock: _Clock, lim: L.Limits
    ) -> tuple[Article, bool]:
        """Run stages ``lo`` to ``hi - 1`` on one document under what is left of its hard
        deadline; ``False`` when the document ended (rejected or timed out)."""
        started = [L.cpu_clock() - clock.used]
        name = self.stage_names[lo] if lo < len(self.stage_names) else ""
        # a stage's first call loads its models (seconds to a minute on a busy machine): that
        # time is not charged to the document, and the hard deadline allows for it
        cold = len(self._warm) < len(self.stage_names)
        grace = L.COLD_START_SECONDS if cold and lim.hard_seconds else 0
        hard = max(lim.hard_seconds - clock.used, 0.5) + grace if lim.hard_seconds else 0
        ok = True
        try:
            with L.hard_deadline(hard, lim.wall_seconds + grace):
                for name, stage in zip(self.stage_names[lo:hi], self._stages[lo:hi], strict=True):
                    article, ok = self._run_stage(name, stage, article, started, lim)
                    if not ok:
                        break
                    article.stages.append(name)
        except L.DocumentTimeout as e:
            log.warning("time limit on %s at %s: %s", article.source, name, e)
            article.rejection = Rejection(
                code=L.TIMEOUT_CODE, reason=f"time limit: {e}", stage=name
            )
            article.doc = None
            ok = False
        clock.used = L.cpu_clock() - started[0]
        return article, ok

    def _run_stage(
        self,
        name: str,
        stage: Any,
        article: Article,
        started: list[float],
        lim: L.Limits,
    ) -> tuple[Article, bool]:
        """Run one stage; ``False`` (with ``article.rejection`` set) ends the document."""
        spent = L.cpu_clock() - started[0]
        if spent > lim.doc_seconds:
            article.rejection = Rejection(
                code=L.TIMEOUT_CODE,
                reason=f"time budget: {spent:.1f} s of CPU time used of {lim.doc_seconds:g} s"
                " before this stage",
                stage=name,
            )
            log.warning("time budget used up on %s before %s", article.source, name)
            return article, False
        t0 = time.perf_counter()
        c0 = L.cpu_clock()
        try:
            article = stage(article)
        except RejectedDocument as e:
            article.rejection = Rejection(code=e.code, reason=str(e.args[0]), stage=name)
            log.info("rejected %s at %s: %s", article.source, name, e)
            return article, False
        except Exception as e:  # a stage bug must reject one document, not end the run
            log.exception("stage %s failed on %s", name, article.source)
            article.rejection = Rejection(
                code="DL201", reason=f"{type(e).__name__}: {e}"[:500], stage=name
            )
            return article, False
        finally:
            took = time.perf_counter() - t0
            self.timings[name] += took
            if name not in self._warm:
                self._warm.add(name)
                started[0] += (
                    L.cpu_clock() - c0
                )  # the first call (model loading) is not the document's
        n_chars = len(article.text or "")
        if n_chars > lim.max_text_chars:
            article.rejection = Rejection(
                code=L.TOO_LARGE_CODE,
                reason=f"clean text of {n_chars} characters is more than the limit of"
                f" {lim.max_text_chars}",
                stage=name,
            )
            article.doc = None
            return article, False
        return article, True

    def __reduce__(self) -> tuple[Any, tuple[tuple[str, ...], str, L.Limits | None, bool]]:
        # ship the recipe, not the stage objects: a worker builds each pipeline once
        return (
            _pipeline_from_spec,
            (self.stage_names, json.dumps(self.config, sort_keys=True), self.limits, self.keep_doc),
        )

    def pipe(self, articles: Iterable[Article], batch_size: int = 8) -> Iterable[Article]:
        it = iter(articles)
        while batch := list(itertools.islice(it, batch_size)):
            yield from self.run_batch(batch)


@dataclass
class _Clock:
    """One document's CPU time in the pipeline, across the spans of a batched run."""

    used: float = 0.0


@lru_cache(maxsize=16)
def _pipeline_from_spec(
    stage_names: tuple[str, ...],
    config_json: str,
    limits: L.Limits | None = None,
    keep_doc: bool = False,
) -> Pipeline:
    return Pipeline(stage_names, json.loads(config_json), limits=limits, keep_doc=keep_doc)


def process_text(
    content: str, *, uri: str | None = None, pipeline: Pipeline | None = None, **meta: Any
) -> Article:
    """Analyse one plain-text page."""
    pipe = pipeline or default_pipeline()
    return pipe(Article.from_raw(content, fmt="text", uri=uri, **meta))


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT

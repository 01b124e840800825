"""Build and run a checked sequence of registered stages over one Article."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dateline import registry
from dateline.errors import PipelineError, RejectedDocument
from dateline.records import Article, Rejection

log = logging.getLogger(__name__)

#: fields present on an Article before any stage runs
INITIAL_FIELDS = ("raw", "id", "source")

#: the default analysis, in order
DEFAULT_STAGES: tuple[str, ...] = (
    "dateline.textpage.v1",
    "dateline.parse.v1",
    "dateline.times.v1",
    "dateline.places.v1",
    "dateline.entities.v1",
    "dateline.quotes.v1",
    "dateline.events.v1",
)


@dataclass
class Pipeline:
    stage_names: tuple[str, ...] = DEFAULT_STAGES
    config: dict[str, dict[str, Any]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

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

    def __call__(self, article: Article) -> Article:
        for name, stage in zip(self.stage_names, self._stages, strict=True):
            t0 = time.perf_counter()
            try:
                article = stage(article)
            except RejectedDocument as e:
                article.rejection = Rejection(code=e.code, reason=str(e.args[0]), stage=name)
                log.info("rejected %s at %s: %s", article.source, name, e)
                return article
            except Exception as e:  # a stage bug must reject one document, not end the run
                log.exception("stage %s failed on %s", name, article.source)
                article.rejection = Rejection(
                    code="DL201", reason=f"{type(e).__name__}: {e}"[:500], stage=name
                )
                return article
            finally:
                self.timings[name] += time.perf_counter() - t0
            article.stages.append(name)
        return article

    def __reduce__(self) -> tuple[Any, tuple[tuple[str, ...], str]]:
        # ship the recipe, not the stage objects: a worker builds each pipeline once
        return (_pipeline_from_spec, (self.stage_names, json.dumps(self.config, sort_keys=True)))

    def pipe(self, articles: Iterable[Article]) -> Iterable[Article]:
        for a in articles:
            yield self(a)


@lru_cache(maxsize=16)
def _pipeline_from_spec(stage_names: tuple[str, ...], config_json: str) -> Pipeline:
    return Pipeline(stage_names, json.loads(config_json))


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

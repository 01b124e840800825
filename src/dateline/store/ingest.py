"""Ingest: read documents, analyse the new ones, store articles and rejections, count."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from dateline.readers import Item, Rejected
from dateline.records import Article
from dateline.store.duckdb_store import AddResult, Store

log = logging.getLogger(__name__)

#: picks the pipeline (a callable Article -> Article) for one document, e.g. by its site's zone
PipelineFor = Callable[[Article], Callable[[Article], Article]]


@dataclass
class IngestResult:
    run_id: int
    counts: Counter[str] = field(default_factory=Counter)
    rejections: list[tuple[str, str, str]] = field(default_factory=list)  # (uri, code, reason)

    @property
    def stored(self) -> int:
        return self.counts["stored"]

    @property
    def duplicate(self) -> int:
        return self.counts["duplicate"]

    @property
    def rejected(self) -> int:
        return self.counts["rejected"]


def ingest(
    store: Store,
    items: Iterable[Item],
    pipeline_for: PipelineFor,
    *,
    paths: Sequence[str] = (),
    stages: Sequence[str] = (),
    on_result: Callable[[Item, AddResult], None] | None = None,
) -> IngestResult:
    """Analyse and store every item; a document already stored is not analysed again.

    The run and its counts are recorded in the ``runs`` table, also when interrupted.
    """
    result = IngestResult(run_id=store.start_run(paths, stages))
    try:
        for item in items:
            outcome: AddResult
            if isinstance(item, Rejected):
                outcome = store.add_rejection(
                    item.uri, item.rejection, content_hash=item.content_hash, run_id=result.run_id
                )
                result.rejections.append((item.uri, item.rejection.code, item.rejection.reason))
            elif store.has(item.id):
                outcome = "duplicate"
            else:
                article = pipeline_for(item)(item)
                outcome = store.add(article, run_id=result.run_id)
                if article.rejection is not None and outcome == "rejected":
                    rej = article.rejection
                    result.rejections.append((article.source or "", rej.code, rej.reason))
            result.counts[outcome] += 1
            log.debug("%s: %s", getattr(item, "uri", None) or getattr(item, "source", ""), outcome)
            if on_result is not None:
                on_result(item, outcome)
    finally:
        store.finish_run(result.run_id, result.counts)
    return result

"""Ingest: read documents, analyse the new ones, store articles and rejections, count."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from dateline.errors import StoreError
from dateline.executors import Executor, InProcessExecutor
from dateline.pages.readers import Item, Rejected
from dateline.records import Article, Rejection
from dateline.store.duckdb_store import AddResult, Store

log = logging.getLogger(__name__)

#: picks the pipeline (a callable Article -> Article) for one document, e.g. by its site's zone
PipelineFor = Callable[[Article], Callable[[Article], Article]]


@dataclass
class IngestResult:
    run_id: int
    counts: Counter[str] = field(default_factory=Counter)
    rejections: list[tuple[str, str, str]] = field(default_factory=list)  # (uri, code, reason)
    stored_ids: list[str] = field(default_factory=list)  # articles stored by this run

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
    executor: Executor | None = None,
) -> IngestResult:
    """Analyse and store every item; a document already stored is not analysed again.

    Analysis runs on ``executor`` (in this process by default; see :mod:`dateline.executors`);
    this process is the single writer.  The run and its counts are recorded in the ``runs``
    table, also when interrupted; a rerun skips every document already stored.
    """
    executor = executor or InProcessExecutor()
    result = IngestResult(run_id=store.start_run(paths, stages))

    def record(item: Item, outcome: AddResult) -> None:
        result.counts[outcome] += 1
        log.debug("%s: %s", getattr(item, "uri", None) or getattr(item, "source", ""), outcome)
        if on_result is not None:
            on_result(item, outcome)

    def new_articles() -> Iterator[Article]:
        # rejections and duplicates are settled here; only new documents go to the executor
        for item in items:
            if isinstance(item, Rejected):
                outcome = store.add_rejection(
                    item.uri, item.rejection, content_hash=item.content_hash, run_id=result.run_id
                )
                result.rejections.append((item.uri, item.rejection.code, item.rejection.reason))
                record(item, outcome)
            elif store.has(item.id):
                record(item, "duplicate")
            else:
                yield item

    try:
        for article in executor.map(pipeline_for, new_articles()):
            try:
                outcome = store.add(article, run_id=result.run_id)
            except StoreError as e:
                # one document the database refuses (e.g. a value it cannot hold) is
                # recorded as rejected; the database itself failing still ends the run
                log.error("could not store %s: %s", article.source, e)
                article.rejection = Rejection(
                    code="DL300", reason=f"could not store: {e}"[:500], stage="store"
                )
                outcome = store.add_rejection(
                    article.source, article.rejection, content_hash=article.id, run_id=result.run_id
                )
            if article.rejection is not None and outcome == "rejected":
                rej = article.rejection
                result.rejections.append((article.source or "", rej.code, rej.reason))
            if outcome == "stored":
                result.stored_ids.append(article.id)
            record(article, outcome)
    finally:
        store.finish_run(result.run_id, result.counts)
    return result

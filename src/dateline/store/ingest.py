"""Ingest: read documents, analyse the new ones, store articles and rejections, count."""

from __future__ import annotations

import itertools
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from dateline.errors import StoreError
from dateline.executors import Executor, InProcessExecutor
from dateline.pages.readers import Item, Rejected
from dateline.records import Article
from dateline.store.duckdb_store import AddResult, Store

log = logging.getLogger(__name__)

#: picks the pipeline (a callable Article -> Article) for one document, e.g. by its site's zone
PipelineFor = Callable[[Article], Callable[[Article], Article]]

#: documents whose stored ids are looked up in one query
_LOOKUP_CHUNK = 64


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
    batch_size: int = 64,
    batch_seconds: float = 2.0,
) -> IngestResult:
    """Analyse and store every item; a document already stored is not analysed again.

    Analysis runs on ``executor`` (in this process by default; see :mod:`dateline.executors`);
    this process is the single writer.  Analysed articles are stored in one transaction per
    ``batch_size`` articles or per ``batch_seconds`` since the first of them, whichever comes
    first (:meth:`Store.add_many`); their outcomes (``on_result`` calls included) are reported
    when their batch is written.  The run and its counts are recorded in the ``runs`` table,
    also when interrupted (the articles already analysed are stored first); a rerun skips
    every document already stored.
    """
    executor = executor or InProcessExecutor()
    result = IngestResult(run_id=store.start_run(paths, stages))

    def record(item: Item, outcome: AddResult) -> None:
        result.counts[outcome] += 1
        log.debug("%s: %s", getattr(item, "uri", None) or getattr(item, "source", ""), outcome)
        if on_result is not None:
            on_result(item, outcome)

    def new_articles() -> Iterator[Article]:
        # rejections and duplicates are settled here; only new documents go to the executor.
        # Stored ids are looked up for a chunk of documents at once (one query, not one each)
        it = iter(items)
        while chunk := list(itertools.islice(it, _LOOKUP_CHUNK)):
            stored = store.stored_ids([i.id for i in chunk if not isinstance(i, Rejected)])
            for item in chunk:
                if isinstance(item, Rejected):
                    outcome = store.add_rejection(
                        item.uri,
                        item.rejection,
                        content_hash=item.content_hash,
                        run_id=result.run_id,
                    )
                    result.rejections.append((item.uri, item.rejection.code, item.rejection.reason))
                    record(item, outcome)
                elif item.id in stored:
                    record(item, "duplicate")
                else:
                    yield item

    buffer: list[Article] = []
    first_at = 0.0

    def flush() -> None:
        # one transaction for the buffered articles (Store.add_many); outcomes in order
        batch = buffer[:]
        buffer.clear()
        outcomes = store.add_many(batch, run_id=result.run_id)
        for article, outcome in zip(batch, outcomes, strict=True):
            if article.rejection is not None and outcome == "rejected":
                rej = article.rejection
                result.rejections.append((article.source or "", rej.code, rej.reason))
            if outcome == "stored":
                result.stored_ids.append(article.id)
            record(article, outcome)

    try:
        for article in executor.map(pipeline_for, new_articles()):
            if not buffer:
                first_at = time.monotonic()
            buffer.append(article)
            if len(buffer) >= batch_size or time.monotonic() - first_at >= batch_seconds:
                flush()
        flush()
    finally:
        if buffer:  # interrupted: keep what was analysed
            try:
                flush()
            except StoreError as e:
                log.error("could not store %d analysed articles: %s", len(buffer), e)
        store.finish_run(result.run_id, result.counts)
    return result

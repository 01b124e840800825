"""Executors: where the stages run — in this process, in N worker processes, or on Dask.

Stages stay pure and picklable; an executor only decides where ``pipeline(article)`` is
called.  Every executor yields results **in input order**, so a run gives the same stored
results whichever executor ran it.  Workers build each pipeline once (its spaCy model and
gazetteer are cached per process) and receive only the raw Article; the spaCy ``Doc`` never
crosses a process boundary.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol

from dateline.errors import PipelineError
from dateline.records import Article

log = logging.getLogger(__name__)

#: picks the pipeline (a picklable callable Article -> Article) for one document
PipelineFor = Callable[[Article], Callable[[Article], Article]]


class Executor(Protocol):
    name: str

    def map(self, pipeline_for: PipelineFor, articles: Iterable[Article]) -> Iterator[Article]: ...

    def close(self) -> None: ...


def _run_batch(batch: list[tuple[Callable[[Article], Article], Article]]) -> list[Article]:
    """Worker side: analyse a batch (module-level so that it pickles)."""
    out = []
    for pipeline, article in batch:
        result = pipeline(article)
        result.doc = None  # never ship the spaCy Doc back
        out.append(result)
    return out


def _batches(
    pipeline_for: PipelineFor, articles: Iterable[Article], size: int
) -> Iterator[list[tuple[Callable[[Article], Article], Article]]]:
    it = iter(articles)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield [(pipeline_for(a), a) for a in chunk]


class InProcessExecutor:
    """Run every document in this process (the default; simplest to debug)."""

    name = "inprocess"

    def map(self, pipeline_for: PipelineFor, articles: Iterable[Article]) -> Iterator[Article]:
        for a in articles:
            yield pipeline_for(a)(a)

    def close(self) -> None:
        return None


class _Windowed:
    """Submit batches with a bounded number in flight; yield results in input order."""

    name = "windowed"
    batch_size = 4
    window = 4

    def _submit(self, batch: list[tuple[Callable[[Article], Article], Article]]) -> Any:
        raise NotImplementedError

    @staticmethod
    def _result(future: Any) -> list[Article]:
        return list(future.result())

    def map(self, pipeline_for: PipelineFor, articles: Iterable[Article]) -> Iterator[Article]:
        pending: deque[Any] = deque()
        for batch in _batches(pipeline_for, articles, self.batch_size):
            pending.append(self._submit(batch))
            if len(pending) >= self.window:
                yield from self._result(pending.popleft())
        while pending:
            yield from self._result(pending.popleft())


class MultiprocessExecutor(_Windowed):
    """N worker processes (each loads the models once); results in input order."""

    name = "multiprocessing"

    def __init__(self, workers: int | None = None, batch_size: int = 4) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.batch_size = batch_size
        self.window = 2 * self.workers
        # "spawn" keeps workers clean of the parent's threads (DuckDB, rich)
        import multiprocessing

        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")
        )

    def _submit(self, batch: list[tuple[Callable[[Article], Article], Article]]) -> Future[Any]:
        return self._pool.submit(_run_batch, batch)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor(_Windowed):
    """A Dask distributed cluster: ``scheduler`` address, or a LocalCluster when None."""

    name = "dask"

    def __init__(
        self, scheduler: str | None = None, workers: int | None = None, batch_size: int = 4
    ) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as e:
            raise PipelineError("the Dask executor needs dask[distributed] installed") from e
        self.batch_size = batch_size
        self._cluster = None
        if scheduler:
            self._client = Client(scheduler)
        else:
            n = workers or os.cpu_count() or 1
            self._cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self._client = Client(self._cluster)
        n_workers = len(self._client.scheduler_info().get("workers", {})) or 1
        self.window = 2 * n_workers

    def _submit(self, batch: list[tuple[Callable[[Article], Article], Article]]) -> Any:
        return self._client.submit(_run_batch, batch, pure=False)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(
    kind: str = "inprocess", *, workers: int | None = None, scheduler: str | None = None
) -> Executor:
    if kind == "inprocess" or (kind == "multiprocessing" and workers == 1):
        return InProcessExecutor()
    if kind == "multiprocessing":
        return MultiprocessExecutor(workers)
    if kind == "dask":
        return DaskExecutor(scheduler, workers)
    raise PipelineError(f"unknown executor {kind!r} (inprocess, multiprocessing, dask)")

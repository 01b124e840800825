"""Executors: where the stages run — in this process, in N worker processes, or on Dask.

Stages stay pure and picklable; an executor only decides where ``pipeline(article)`` is
called.  Every executor yields results **in input order**, so a run gives the same stored
results whichever executor ran it.  Workers build each pipeline once (its spaCy model and
gazetteer are cached per process) and receive only the raw Article; the spaCy ``Doc`` never
crosses a process boundary.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
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

    def worker_peak_rss_mib(self) -> dict[str, float]: ...

    def close(self) -> None: ...


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` (None elsewhere)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def release_memory() -> None:
    """Give the heap's free pages back to the system after a batch: the pages of a 1 MB HTML
    tree or a long parse are otherwise kept by the allocator, and a worker's resident memory
    ratchets up to the largest document it has seen."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _vm_hwm_mib(pid: int | str = "self") -> float | None:
    """Peak resident memory from /proc (Linux), in MiB; None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def peak_rss_mib() -> float:
    """This process's peak resident memory (MiB).

    ``VmHWM`` where /proc exists: ``getrusage``'s ``ru_maxrss`` survives ``exec`` on Linux,
    so a spawned worker would report its parent's peak as its own.
    """
    hwm = _vm_hwm_mib()
    if hwm is not None:
        return hwm
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _run_batch(batch: list[tuple[Callable[[Article], Article], Article]]) -> list[Article]:
    """Worker side: analyse a batch (module-level so that it pickles).  Consecutive documents
    of one pipeline that can run a batch (``run_batch``: one ``nlp.pipe`` for all) run
    together; results keep the input order."""
    out: list[Article] = []
    for pipeline, group in itertools.groupby(batch, key=lambda pa: pa[0]):
        articles = [a for _, a in group]
        run = getattr(pipeline, "run_batch", None)
        results = run(articles) if callable(run) else [pipeline(a) for a in articles]
        for result in results:
            result.doc = None  # never ship the spaCy Doc back
            out.append(result)
    release_memory()
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

    batch_size = 8

    def map(self, pipeline_for: PipelineFor, articles: Iterable[Article]) -> Iterator[Article]:
        for batch in _batches(pipeline_for, articles, self.batch_size):
            yield from _run_batch(batch)

    def worker_peak_rss_mib(self) -> dict[str, float]:
        return {"main": peak_rss_mib()}

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


Batch = list[tuple[Callable[[Article], Article], Article]]


class MultiprocessExecutor(_Windowed):
    """N worker processes (each loads the models once); results in input order.

    The last line of the per-document time limits (:mod:`dateline.limits`): when the oldest
    batch in flight has not come back ``hard_seconds`` (wall clock) per document (plus ``startup_seconds``
    for a fresh worker to load its models) after it became the oldest, or a worker dies
    (crash, out of memory), the pool is killed and replaced.  The batch's documents are then
    retried one by one; a single document that overruns (or kills its worker) again is
    returned rejected (``DL105``) and the run goes on.  Results stay in input order.
    """

    name = "multiprocessing"

    def __init__(
        self,
        workers: int | None = None,
        batch_size: int = 4,
        *,
        hard_seconds: float | None = None,
        startup_seconds: float = 120.0,
    ) -> None:
        from dateline import limits

        self.workers = workers or default_workers()
        self.batch_size = batch_size
        self.window = 2 * self.workers
        lim = limits.current()
        # a worker's own deadlines (CPU, then wall clock) fire first; this catches what they
        # cannot interrupt
        self.hard_seconds = hard_seconds if hard_seconds is not None else lim.wall_seconds + 30
        self.startup_seconds = startup_seconds
        self.restarts = 0
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # "spawn" keeps workers clean of the parent's threads (DuckDB, rich)
        import multiprocessing

        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")
        )

    def _submit(self, batch: Batch) -> Future[Any]:
        return self._pool.submit(_run_batch, batch)

    def _kill_pool(self) -> None:
        """Kill every worker now (a stuck one never returns) and start a fresh pool."""
        procs = list(getattr(self._pool, "_processes", {}).values())
        for proc in procs:
            if proc.is_alive():
                proc.kill()
        self._pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            proc.join(timeout=10)
        self.restarts += 1
        self._pool = self._new_pool()

    def map(self, pipeline_for: PipelineFor, articles: Iterable[Article]) -> Iterator[Article]:
        # each job: [batch, future, retried one by one?]
        pending: deque[tuple[Batch, Future[Any], bool]] = deque()
        for batch in _batches(pipeline_for, articles, self.batch_size):
            pending.append((batch, self._submit(batch), False))
            while len(pending) >= self.window:
                yield from self._collect(pending)
        while pending:
            yield from self._collect(pending)

    def _collect(self, pending: deque[tuple[Batch, Future[Any], bool]]) -> Iterator[Article]:
        """Yield the oldest job's results, or recover from a stuck or dead worker."""
        from concurrent.futures import TimeoutError as FutureTimeout
        from concurrent.futures.process import BrokenProcessPool

        batch, fut, single = pending[0]
        wait = self.hard_seconds * len(batch) + self.startup_seconds
        try:
            results = list(fut.result(timeout=wait))
        except (FutureTimeout, BrokenProcessPool) as e:
            what = "timed out" if isinstance(e, FutureTimeout) else "died"
            log.warning("a worker %s on a batch of %d documents: restarting", what, len(batch))
            pending.popleft()
            self._kill_pool()
            rest = [(b, s) for b, _, s in pending]
            pending.clear()
            if single:
                yield _overran(batch[0][1], what, wait)
            else:
                # retry the batch's documents one by one, first, to find the one at fault
                for item in batch:
                    pending.append(([item], self._submit([item]), True))
            for b, s in rest:
                pending.append((b, self._submit(b), s))
            return
        pending.popleft()
        yield from results

    def worker_peak_rss_mib(self) -> dict[str, float]:
        """Peak resident memory of each live worker (Linux: ``VmHWM`` from /proc)."""
        out: dict[str, float] = {}
        for pid in list(getattr(self._pool, "_processes", {})):
            hwm = _vm_hwm_mib(pid)
            if hwm is not None:
                out[str(pid)] = hwm
        return out

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _overran(article: Article, what: str, seconds: float) -> Article:
    from dateline import limits
    from dateline.records import Rejection

    article.rejection = Rejection(
        code=limits.TIMEOUT_CODE,
        reason=f"time limit: the worker analysing this document {what} (limit {seconds:g} s)",
        stage="executor",
    )
    article.doc = None
    return article


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
            n = workers or default_workers()
            self._cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self._client = Client(self._cluster)
        n_workers = len(self._client.scheduler_info().get("workers", {})) or 1
        self.window = 2 * n_workers

    def _submit(self, batch: list[tuple[Callable[[Article], Article], Article]]) -> Any:
        return self._client.submit(_run_batch, batch, pure=False)

    def worker_peak_rss_mib(self) -> dict[str, float]:
        """Peak resident memory of each Dask worker process."""
        return {str(k): float(v) for k, v in self._client.run(peak_rss_mib).items()}

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


#: the most worker processes chosen by default: each holds its own models (~0.9 GiB)
MAX_DEFAULT_WORKERS = 8

KINDS = ("inprocess", "multiprocessing", "dask")


def usable_cores() -> int:
    """The cores this process may run on: ``os.process_cpu_count`` (Python 3.13), else the
    scheduler's affinity mask (a container's or ``taskset``'s limit), else ``os.cpu_count``."""
    count = getattr(os, "process_cpu_count", None)
    if count is not None:
        n = count()
    elif hasattr(os, "sched_getaffinity"):
        n = len(os.sched_getaffinity(0))
    else:
        n = os.cpu_count()
    return max(1, n or 1)


def default_workers() -> int:
    """Worker processes when none are asked for: the usable cores, at most 8."""
    return min(usable_cores(), MAX_DEFAULT_WORKERS)


def choose_executor(
    kind: str | None = None, workers: int | None = None, *, documents: int | None = None
) -> tuple[str, int]:
    """The executor and number of workers a command runs with — every command asks here.

    ``kind`` None picks for the user: ``workers`` (default :func:`default_workers`) worker
    processes, capped by ``documents`` when the number of documents is known; more than one
    runs on the multiprocessing executor, one runs in this process.  An explicit kind is
    kept, but ``inprocess`` with ``workers`` > 1 says (a logged warning) that it runs one
    process.  Results are the same whatever is chosen: every executor keeps input order.
    """
    if kind is not None and kind not in KINDS:
        raise PipelineError(f"unknown executor {kind!r} ({', '.join(KINDS)})")
    asked = workers
    n = workers or default_workers()
    if kind == "inprocess":
        if asked is not None and asked > 1:
            log.warning(
                "--executor inprocess analyses every document in this one process: --workers %d"
                " is not used (leave --executor out, or give --executor multiprocessing)",
                asked,
            )
        return "inprocess", 1
    if kind == "dask":
        return "dask", n
    if documents is not None and n > max(documents, 1):
        n = max(documents, 1)
        log.info("%d document(s): %d worker process(es)", documents, n)
    if n > 1:
        log.info("analysing on %d worker processes (multiprocessing)", n)
        return "multiprocessing", n
    if asked is not None and asked > 1:
        log.warning(
            "--workers %d: only %d document(s), analysed in this process", asked, documents or 0
        )
    return "inprocess", 1


def make_executor(
    kind: str | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    hard_seconds: float | None = None,
    documents: int | None = None,
) -> Executor:
    """The executor :func:`choose_executor` picks (``kind`` None: multiprocessing when more
    than one worker, else in process)."""
    kind, n = choose_executor(kind, workers, documents=documents)
    if kind == "inprocess":
        return InProcessExecutor()
    if kind == "multiprocessing":
        return MultiprocessExecutor(n, hard_seconds=hard_seconds)
    return DaskExecutor(scheduler, n)

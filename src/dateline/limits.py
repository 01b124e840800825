"""Per-document resource limits: size, decompression and time (the "sandbox" of one page).

Crawled news is hostile input: empty files, binaries, 50 MB dumps, zip bombs, HTML nested
10 000 deep, pages that send a parser into a pathological case.  One such document must
never end a run, exhaust memory or stall it.  Like trafilatura's and datatrove's guards,
dateline bounds every document on four axes:

* **raw size** (:attr:`Limits.max_raw_bytes`): a file (or WARC record, JSONL line) larger
  than this is rejected (``DL104``) from its size alone, before it is read;
* **decompressed size** (:attr:`Limits.max_decompressed_bytes`): compressed inputs are read
  through a bounded ``read(n + 1)``, so a zip bomb is never inflated past the limit; a
  compressed container whose inflated size passes :attr:`Limits.max_ratio` times its size on
  disk is abandoned (``DL104``) instead of being inflated to the end;
* **clean text** (:attr:`Limits.max_text_chars`): after the page stage, a story longer than
  this is rejected (``DL104``) before spaCy sees it;
* **time**, in three layers.  The first two count *CPU* time, not wall time, so that a
  document's fate does not depend on how busy the machine is: the same page is kept (or
  rejected) whether it runs alone, beside another worker, or on a shared Dask cluster.

  1. a *soft budget* (:attr:`Limits.doc_seconds`, CPU seconds of the thread running the
     pipeline) checked by :class:`~dateline.pipeline.Pipeline` between stages: a document
     that has used it up is rejected (``DL105``, "time budget") before the next stage starts
     (the first call of each stage, which loads its models, is not charged to the document);
  2. a *hard deadline* (:attr:`Limits.hard_seconds` of process CPU time, plus
     :data:`COLD_START_SECONDS` while a pipeline's stages have not all been called yet) armed
     with ``SIGPROF`` (:func:`hard_deadline`) around the whole pipeline when it runs in a
     process's main thread (the CLI, each worker process): it interrupts a stage stuck in
     Python code.  Beside it a wall-clock guard (:attr:`Limits.wall_seconds`, ``SIGALRM``)
     interrupts a stage that waits without using CPU (a hang, not a slow document);
  3. the :class:`~dateline.executors.MultiprocessExecutor` kills and replaces a worker whose
     batch overruns the wall-clock guard (C code that never returns to the interpreter, a
     crash, memory exhaustion), retries the batch's other documents one by one and rejects
     the one that overran.

The defaults can be overridden with environment variables (``DATELINE_DOC_SECONDS``,
``DATELINE_HARD_SECONDS``, ``DATELINE_WALL_SECONDS``, ``DATELINE_MAX_TEXT_CHARS``, ``DATELINE_MAX_BYTES``), read by
:func:`current`.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: error code of a document that ran out of time (a stage could not finish it)
TIMEOUT_CODE = "DL105"
#: error code of a document over a size limit
TOO_LARGE_CODE = "DL104"
#: extra hard-deadline time while a pipeline's stages are first called (models load)
COLD_START_SECONDS = 180.0


@dataclass(frozen=True)
class Limits:
    """Bounds on one document (see the module docstring)."""

    max_raw_bytes: int = 5_000_000
    max_decompressed_bytes: int = 5_000_000
    #: inflated/compressed ratio above which a compressed container is abandoned
    max_ratio: int = 200
    #: bytes of an over-long JSONL line skipped before the rest of the file is given up
    max_skip_bytes: int = 64_000_000
    max_text_chars: int = 100_000
    #: soft budget, CPU seconds
    doc_seconds: float = 20.0
    #: hard deadline, CPU seconds
    hard_seconds: float = 60.0
    #: wall-clock guard against a stage that hangs without using CPU
    wall_seconds: float = 180.0


def cpu_clock() -> float:
    """The clock the soft budget is counted on: CPU seconds of the calling thread."""
    return time.thread_time()


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        log.warning("ignoring %s=%r (not a number)", name, value)
        return default


def current() -> Limits:
    """The default limits, with environment overrides applied."""
    base = Limits()
    max_bytes = int(_env_number("DATELINE_MAX_BYTES", base.max_raw_bytes))
    return Limits(
        max_raw_bytes=max_bytes,
        max_decompressed_bytes=max_bytes,
        max_ratio=base.max_ratio,
        max_skip_bytes=base.max_skip_bytes,
        max_text_chars=int(_env_number("DATELINE_MAX_TEXT_CHARS", base.max_text_chars)),
        doc_seconds=_env_number("DATELINE_DOC_SECONDS", base.doc_seconds),
        hard_seconds=_env_number("DATELINE_HARD_SECONDS", base.hard_seconds),
        wall_seconds=_env_number("DATELINE_WALL_SECONDS", base.wall_seconds),
    )


class DocumentTimeout(BaseException):  # noqa: N818 (like KeyboardInterrupt: not an Exception)
    """Raised by :func:`hard_deadline` in the stage that overran.

    A ``BaseException`` so that a stage's own ``except Exception`` cannot swallow it; the
    pipeline turns it into a rejection of the document.
    """

    def __init__(self, seconds: float, clock: str = "CPU") -> None:
        what = "CPU time" if clock == "CPU" else "wall-clock time, waiting"
        super().__init__(f"took more than {seconds:g} s of {what} (hard time limit)")
        self.seconds = seconds
        self.clock = clock


def can_alarm() -> bool:
    """Whether deadlines can be armed here (Unix, main thread, neither timer running)."""
    if not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    return (
        signal.getitimer(signal.ITIMER_REAL)[0] == 0
        and signal.getitimer(signal.ITIMER_PROF)[0] == 0
    )


@contextmanager
def hard_deadline(seconds: float | None, wall_seconds: float | None = None) -> Iterator[bool]:
    """Raise :class:`DocumentTimeout` in the body if it uses more than ``seconds`` of process
    CPU time (``SIGPROF``), or runs longer than ``wall_seconds`` of wall-clock time
    (``SIGALRM``; by default three times ``seconds``).

    Only where :func:`can_alarm` (elsewhere, e.g. in a server's worker thread, the body runs
    unbounded and only the soft budget applies); yields whether the deadline is armed.  The
    signals interrupt Python code; C code that never returns is the executors' job.
    """
    if not seconds or seconds <= 0 or not can_alarm():
        yield False
        return
    wall = wall_seconds if wall_seconds and wall_seconds > 0 else 3 * seconds
    armed = True

    def on_cpu(signum: int, frame: object) -> None:
        if armed:
            raise DocumentTimeout(seconds, "CPU")

    def on_wall(signum: int, frame: object) -> None:
        if armed:
            raise DocumentTimeout(wall, "wall")

    previous_prof = signal.signal(signal.SIGPROF, on_cpu)
    previous_alrm = signal.signal(signal.SIGALRM, on_wall)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, wall)
    try:
        yield True
    finally:
        armed = False  # a signal already on its way after this point does nothing
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, previous_prof)
        signal.signal(signal.SIGALRM, previous_alrm)

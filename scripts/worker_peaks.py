"""Peak resident memory of each worker: N real pages through the multiprocessing executor.

The same pages and pipeline as ``scripts/bench.py --only pipeline`` (WCXB dev HTML first), 2
workers, models loaded inside the workers as in a real run; prints the wall time and each
worker's peak RSS (``VmHWM``).  Run it with the interpreter of the install to measure, e.g. one
without the training extra (no torch)::

    PYTHONPATH=src .venv/bin/python scripts/worker_peaks.py [N] [WORKERS]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402  (the benchmark's pages and pipeline)

from dateline.executors import make_executor  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    pages = bench.corpus(n, bench.html_available())
    ex = make_executor("multiprocessing", workers=workers)
    t0 = time.perf_counter()
    out = list(ex.map(bench.pipeline_for_format, bench.to_articles(pages, bench.html_available())))
    seconds = time.perf_counter() - t0
    peaks = ex.worker_peak_rss_mib()
    ex.close()
    print(
        json.dumps({"pages": len(out), "seconds": round(seconds, 1), "worker_peak_rss_mib": peaks})
    )


if __name__ == "__main__":
    main()

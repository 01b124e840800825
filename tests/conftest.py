"""Shared fixtures. Evaluation data is read from ../shared/data/eval (or DATELINE_EVAL_DATA)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "data" / "seed" / "gleaner-2016-12-12-palmyra.txt"
EVAL_DATA = Path(os.environ.get("DATELINE_EVAL_DATA", SHARED / "data" / "eval"))
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed page not found at {SEED} (set DATELINE_SHARED)")
    return SEED


@pytest.fixture(scope="session")
def eval_data() -> Path:
    if not EVAL_DATA.exists():
        pytest.skip(f"evaluation data not found at {EVAL_DATA} (set DATELINE_EVAL_DATA)")
    return EVAL_DATA


@pytest.fixture(scope="session")
def golden_dir() -> Path:
    return GOLDEN

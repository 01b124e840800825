"""Storage of analysed articles (DuckDB)."""

from dateline.store.duckdb_store import (
    ACLED_COLUMNS,
    DEFAULT_DB,
    EXTRA_COLUMNS,
    AddResult,
    Store,
)
from dateline.store.ingest import IngestResult, ingest

__all__ = [
    "ACLED_COLUMNS",
    "DEFAULT_DB",
    "EXTRA_COLUMNS",
    "AddResult",
    "IngestResult",
    "Store",
    "ingest",
]

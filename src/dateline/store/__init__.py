"""Store: analysed articles, their records, rejections and ingest runs in DuckDB, and the queries on them."""

from dateline.store.duckdb_store import DEFAULT_DB, AddResult, Store
from dateline.store.ingest import IngestResult, ingest
from dateline.store.schema import ACLED_COLUMNS, EXTRA_COLUMNS

__all__ = [
    "ACLED_COLUMNS",
    "DEFAULT_DB",
    "EXTRA_COLUMNS",
    "AddResult",
    "IngestResult",
    "Store",
    "ingest",
]

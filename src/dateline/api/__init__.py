"""The REST API (FastAPI) over a dateline database, and the web page it serves."""

from dateline.api.app import create_app

__all__ = ["create_app"]

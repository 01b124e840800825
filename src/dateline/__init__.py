"""dateline: recover sourced, dated, geocoded events from raw news pages."""

from dateline.records import Article

__all__ = ["Article", "__version__"]
__version__ = "0.1.0"

"""The web page served by ``dateline serve`` (static files in ``static/``, built from ``web/``)."""

"""The guards of the API's write endpoints: a bearer token and a JSON body.

- :func:`bearer` checks ``Authorization: Bearer TOKEN`` in constant time (401 otherwise).  The
  token travels in a header, never a cookie, so a page of another origin cannot make the
  browser send it (a cross-site form post or ``fetch`` carries no such header, and a
  cross-origin ``fetch`` that sets one needs a CORS preflight this API never answers).
- :func:`json_body` refuses a request whose ``Content-Type`` is not ``application/json``
  (415): an HTML form can only send ``application/x-www-form-urlencoded``,
  ``multipart/form-data`` or ``text/plain``.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import HTTPException, Request


def bearer(token: str) -> Callable[[Request], None]:
    """A FastAPI dependency that lets through only requests bearing ``token``."""
    expected = token.encode("utf-8")

    def authorised(request: Request) -> None:
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        ok = scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode("utf-8"), expected
        )
        if not ok:
            raise HTTPException(
                401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"}
            )

    return authorised


def json_body(request: Request) -> None:
    """A FastAPI dependency that refuses bodies not declared ``application/json`` (415)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(415, "the body must be application/json")

"""One catalogue of dateline's error codes.

Every rejection of a document and every user-facing error carries one of these
codes, so that counts can be grouped and stored (see ``store``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorCode:
    code: str
    summary: str


CATALOGUE: dict[str, ErrorCode] = {
    e.code: e
    for e in [
        ErrorCode("DL100", "input file not found"),
        ErrorCode("DL101", "input could not be read or decoded"),
        ErrorCode("DL102", "input is empty"),
        ErrorCode("DL103", "input format not supported"),
        ErrorCode("DL104", "input too large"),
        ErrorCode("DL105", "document exceeded its time limit"),
        ErrorCode("DL110", "no story text found on the page"),
        ErrorCode("DL111", "story too short to analyse"),
        ErrorCode("DL112", "page is not in English"),
        ErrorCode("DL113", "page is in a language dateline does not analyse (not analysed)"),
        ErrorCode("DL120", "record is not HTML (skipped)"),
        ErrorCode("DL121", "record is truncated or malformed"),
        ErrorCode(
            "DL122", "WARC record without a target URI, with a broken header or a truncated payload"
        ),
        ErrorCode("DL200", "pipeline misconfigured (stage order or unknown stage)"),
        ErrorCode("DL201", "stage failed on a document"),
        ErrorCode("DL300", "database error"),
        ErrorCode("DL301", "article not found"),
        ErrorCode("DL302", "database held by another process"),
        ErrorCode("DL400", "evaluation data not found"),
        ErrorCode("DL401", "evaluation data malformed"),
    ]
}


class DatelineError(Exception):
    """Base error: carries a catalogue code and a one-line message."""

    code = "DL000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        if self.code not in CATALOGUE and self.code != "DL000":
            raise ValueError(f"unknown error code {self.code}")

    def __str__(self) -> str:
        return f"[{self.code}] {self.args[0]}"


class InputError(DatelineError):
    code = "DL101"


class RejectedDocument(DatelineError):
    """Raised by a stage when a document cannot be analysed; it becomes a Rejection."""

    code = "DL110"


class PipelineError(DatelineError):
    code = "DL200"


class StageError(DatelineError):
    code = "DL201"


class StoreError(DatelineError):
    code = "DL300"


class DatabaseLocked(StoreError):
    """Another process holds the database (DuckDB allows one writer, or many readers)."""

    code = "DL302"


class NotFound(DatelineError):
    code = "DL301"


class EvalDataError(DatelineError):
    code = "DL400"

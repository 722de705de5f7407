"""What every legal-value parser shares: the `Invalid` error and `clean` (absent values are None).

A parser of a structured field raises `Invalid(reason)` on a value that is present but wrong; an
absent value (empty, `-`, `无` …) is None, never an error. Callers decide whether absence is fatal.
"""

from __future__ import annotations

import unicodedata
from typing import ClassVar

from graph.errors import CreditGraphError, ErrorCode


class Invalid(CreditGraphError):
    """A value that is present but cannot be accepted; `reason` is what the quarantine shows.

    `field` and `value` (when the caller knows them) travel as the error's fields.
    """

    code: ClassVar[ErrorCode] = ErrorCode.BAD_USER_INPUT

    def __init__(self, reason: str, *, field: str | None = None, value: str | None = None) -> None:
        super().__init__(reason, field=field, value=value)
        self.reason = reason


_ABSENT = {"", "-", "--", "—", "无", "null", "NULL", "None", "/", "暂无"}


def clean(value: str | None) -> str | None:
    """Width-folded (NFKC), trimmed text; placeholders for "nothing" become None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    return None if text in _ABSENT else text

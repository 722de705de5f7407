"""The registry of every Cypher statement the product runs.

Statements are module-level constants made with `statement(text, **example_params)`, or families
of them made at import time with `statements(keys, build, **example_params)`: one per label,
relationship type or allowed depth, built from the model's closed enums, never from run-time
values. One test imports every module, collects `REGISTRY` and runs Neo4j's own linter over all
of it, with the example parameters as the linter's `dbSchema.parameters`.

The text is a `LiteralString` (PEP 675), so the driver's `Query` takes it as it is. A family's
pieces stay literal by construction: the templates are literals, a label or type is spliced in as
`member.value` (literal, since every enum member is declared with a literal string: the member
itself in an f-string is a plain `str`), and a depth as `digits(depth)`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import LiteralString, TypeVar

K = TypeVar("K")


@dataclass(frozen=True)
class Statement:
    text: LiteralString
    example: dict[str, object] = field(default_factory=dict)
    origin: str = ""

    def __str__(self) -> str:
        return self.text


REGISTRY: list[Statement] = []


def _register(text: LiteralString, example: dict[str, object], origin: str) -> Statement:
    stmt = Statement(text.strip(), example, origin)
    REGISTRY.append(stmt)
    return stmt


def _caller() -> str:
    # not inspect.stack(): that reads every frame's source, seconds per import
    frame = sys._getframe(2)
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"


def statement(text: LiteralString, **example: object) -> Statement:
    """Register a statement; `example` gives a plausible value for each `$parameter`."""
    return _register(text, dict(example), _caller())


def statements(
    keys: Iterable[K], build: Callable[[K], LiteralString], **example: object
) -> dict[K, Statement]:
    """Register one statement per key (a label, a relationship type, a depth), in key order.

    `build` turns a key into the statement's text; it runs here, at import, once per key.
    """
    origin = _caller()
    return {key: _register(build(key), dict(example), f"{origin} [{key}]") for key in keys}


_DIGITS: tuple[LiteralString, ...] = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")


def digits(number: int) -> LiteralString:
    """A non-negative int as literal digits, for variable-length bounds (`*..3`): those cannot be
    parameters, so each allowed depth is its own statement."""
    if number < 0:
        raise ValueError(f"a depth is never negative: {number}")
    return "".join(_DIGITS[int(d)] for d in str(number))

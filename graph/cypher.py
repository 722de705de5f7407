"""The registry of every Cypher statement the product runs.

Statements are module-level constants made with `statement(text, **example_params)`. One test
imports every module, collects `REGISTRY` and runs Neo4j's own linter over all of it, with the
example parameters as the linter's `dbSchema.parameters`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Statement:
    text: str
    example: dict[str, object] = field(default_factory=dict)
    origin: str = ""

    def __str__(self) -> str:
        return self.text


REGISTRY: list[Statement] = []


def statement(text: str, **example: object) -> Statement:
    """Register a statement; `example` gives a plausible value for each `$parameter`."""
    caller = sys._getframe(1)  # not inspect.stack(): that reads every frame's source, seconds per import
    stmt = Statement(text.strip(), dict(example), f"{caller.f_code.co_filename}:{caller.f_lineno}")
    REGISTRY.append(stmt)
    return stmt

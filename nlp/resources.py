"""Rule data: `nlp/patterns/*.jsonl`, one JSON object per line, loaded once per process."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"


@dataclass(frozen=True)
class Found:
    """An extracted value and its range in the normalised text (mapped to the original later)."""

    value: object
    start: int
    end: int


@cache
def load(name: str) -> tuple[dict[str, str], ...]:
    path = PATTERNS_DIR / name
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return tuple(rows)


def words(name: str, kind: str) -> tuple[str, ...]:
    return tuple(row["word"] for row in load(name) if row.get("kind") == kind)


@cache
def regex(name: str, key: str, value: str, field: str = "pattern") -> re.Pattern[str]:
    """The alternation of all rows with row[key] == value."""
    parts = [row[field] for row in load(name) if row.get(key) == value]
    return re.compile("|".join(f"(?:{p})" for p in parts))

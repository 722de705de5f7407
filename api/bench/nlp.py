"""Throughput: decisions per second through `nlp.pipe` on one core (a function, not a test)."""

from __future__ import annotations

import time
from pathlib import Path

from nlp.extract import Extractor
from nlp.readers import read_text


def decisions_per_s(directory: Path, repeat: int = 25, extractor: Extractor | None = None) -> float:
    """Run every .txt in `directory` `repeat` times through `extract_many`; return docs/s.

    spaCy's `pipe` runs in this process only (no n_process), so this is one core.
    """
    extractor = extractor or Extractor()
    texts = [(read_text(p), p.name) for p in sorted(directory.glob("*.txt"))]
    items = texts * repeat
    list(extractor.extract_many(texts))  # warm caches (patterns, OpenCC dictionaries)
    start = time.perf_counter()
    count = sum(1 for _ in extractor.extract_many(items))
    return count / (time.perf_counter() - start)


if __name__ == "__main__":
    import sys

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data/decisions")
    print(f"{decisions_per_s(folder):.0f} decisions/s")

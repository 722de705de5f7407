"""How big one benchmark run is: the generated firms and the number of timed calls per measure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    entities: int
    naive_records: int
    bidder_runs: int
    path_runs: int
    nlp_repeat: int


QUICK = Size(entities=4_000, naive_records=300, bidder_runs=20, path_runs=40, nlp_repeat=3)
FULL = Size(entities=100_000, naive_records=1_000, bidder_runs=50, path_runs=100, nlp_repeat=10)

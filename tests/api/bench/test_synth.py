"""The synthetic generator: deterministic for a seed, realistically shaped, and clean through ingest."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path

from api.bench.synth import MANIFEST, generate
from graph.store import GraphStore
from tests.conftest import Run


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    generate(tmp_path / "a", 300, seed=7)
    generate(tmp_path / "b", 300, seed=7)
    generate(tmp_path / "c", 300, seed=8)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_shape_has_hubs_shared_reps_and_listings(tmp_path: Path) -> None:
    manifest = generate(tmp_path, 3000, seed=1)
    assert (tmp_path / MANIFEST).exists()
    groups = sorted(manifest["holding_groups"].values(), reverse=True)
    assert groups[0] >= 200 and groups[0] > 2 * groups[-1]  # power law: one group dominates
    basic = _rows(tmp_path / "registry_basic.csv")
    reps = Counter(r["法定代表人证件号码"] for r in basic if r["法定代表人证件号码"])
    assert reps.most_common(1)[0][1] >= 10  # someone represents many firms
    addresses = Counter(r["住所"] for r in basic)
    assert addresses.most_common(1)[0][1] >= 50  # a registered-agent address
    black = [r for r in _rows(tmp_path / "lists.csv") if r["名单类别"] == "黑名单"]
    assert 0.01 <= len(black) / len(basic) <= 0.03
    assert all(r["列入日期"] for r in black)
    fines = [float(r["罚款金额(万元)"]) for r in _rows(tmp_path / "penalties.csv") if r["罚款金额(万元)"]]
    assert min(fines) < 1 < max(fines)
    assert manifest["bidder_sets"] and all(len(s) == 10 for s in manifest["bidder_sets"])


def test_output_ingests_with_only_the_deliberately_bad_rows_quarantined(
    tmp_path: Path, run: Run, store: GraphStore
) -> None:
    clean = generate(tmp_path / "clean", 150, seed=3)
    reports = run(tmp_path / "clean")
    assert [r.error for r in reports] == [None] * len(reports)
    assert sum(r.quarantined for r in reports) == 0
    assert sum(r.rows_read for r in reports) == sum(clean["rows"].values())

    store.delete_all()
    bad = generate(tmp_path / "bad", 150, seed=3, bad_rate=0.2)
    reports = run(tmp_path / "bad")
    assert sum(bad["bad"].values()) > 0
    assert sum(r.quarantined for r in reports) == sum(bad["bad"].values())

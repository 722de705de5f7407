"""Registry snapshots date the changes they show: a legal-representative change between two bid
deadlines gives different bidder verdicts for the two dates (through the real ingest path)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph.cypher import statement
from graph.store import GraphStore
from ingest.pipeline import Ingest, Options
from ingest.quarantine import IngestState
from queries.bidders import Verdict, run_bidder_check
from tests.conftest import SECRET
from tests.ingest.synth import id_no, uscc, write_csv

HEADER = ["统一社会信用代码", "企业名称", "企业类型", "法定代表人", "法定代表人证件号码", "成立日期"]
K, L = uscc(7001), uscc(7002)
X, Y = id_no(7001), id_no(7002, birth="19800202")

DATED = statement(
    "MATCH (p:Person)-[x:LEGAL_REP_OF]->(e:Entity {uscc: $uscc}) "
    "RETURN p.name AS name, x.since AS since, x.until AS until ORDER BY name",
    uscc=K,
)


def load(store: GraphStore, path: Path, snapshot: date, tmp_path: Path) -> None:
    state = IngestState(tmp_path / f"state-{snapshot}.sqlite")
    reports = Ingest(store, state, SECRET, Options(snapshot=snapshot)).run([path])
    state.close()
    assert all(r.quarantined == 0 and not r.error for r in reports), reports


def test_a_representative_change_between_two_deadlines(store: GraphStore, tmp_path: Path) -> None:
    first = write_csv(
        tmp_path / "basic-2025-01.csv",
        HEADER,
        [
            [K, "甲建设有限公司", "有限责任公司", "许强", X, "2010-01-01"],
            [L, "乙建设有限公司", "有限责任公司", "许强", X, "2011-01-01"],
        ],
    )
    second = write_csv(
        tmp_path / "basic-2025-09.csv",
        HEADER,
        [
            [K, "甲建设有限公司", "有限责任公司", "周敏", Y, "2010-01-01"],
            [L, "乙建设有限公司", "有限责任公司", "许强", X, "2011-01-01"],
        ],
    )
    load(store, first, date(2025, 1, 1), tmp_path)
    load(store, second, date(2025, 9, 1), tmp_path)
    load(store, second, date(2025, 9, 1), tmp_path)  # the same snapshot again changes nothing

    assert store.read(DATED, uscc=K) == [
        {"name": "周敏", "since": date(2025, 9, 1), "until": None},
        {"name": "许强", "since": None, "until": date(2025, 9, 1)},
    ]
    before = run_bidder_check(store, [K, L], date(2025, 6, 30))
    after = run_bidder_check(store, [K, L], date(2025, 10, 31))
    assert [p.verdict for p in before.pairs] == [Verdict.BARRED]
    assert after.pairs == []

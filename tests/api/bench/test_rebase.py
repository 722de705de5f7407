"""The sample moved in time: on any day, `make run`'s bundle shows live penalties, listings in
effect and a barred bidder pair (issue 18: the committed sample had aged out of its windows)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from api.bench.rebase import shift_dates
from api.bench.sample import REFERENCE, main
from graph.store import GraphStore
from queries.bidders import Verdict, run_bidder_check
from queries.profile import entity_ids_by_uscc, entity_profiles
from tests.conftest import Run

FUTURE = date(2031, 5, 5)  # a "today" years after the sample's dates
EXAMPLE = "91350102MA2Y00108R"  # C10, the README's example: 罚款 + 责令停产停业 of 2024-02-20
TENDER_BIDDERS = ["91350102MA2Y0001X6", "91350102MA2Y000286"]  # C01, C02: one legal representative


def test_every_form_of_date_moves_and_nothing_else_does() -> None:
    days = (date(2024, 3, 12) - date(2024, 3, 11)).days
    text = (
        "2024-03-11,2024/3/11,20240311,2024年3月11日,二〇二四年三月十一日,2019-11-06 10:00:00,"
        "2099-12-31,350102197803150118,6217000000000000120,0591-87001001,91350102MA2Y0001X6"
    )
    assert shift_dates(text, days) == (
        "2024-03-12,2024/3/12,20240312,2024年3月12日,二〇二四年三月十二日,2019-11-07 10:00:00,"
        "2099-12-31,350102197803150118,6217000000000000120,0591-87001001,91350102MA2Y0001X6"
    )
    assert shift_dates("2024-12-31 二〇二四年十二月三十一日", 1) == "2025-01-01 二〇二五年一月一日"


def test_a_rebased_sample_shows_live_cases_listings_and_a_barred_pair(
    tmp_path: Path, run: Run, store: GraphStore
) -> None:
    main([str(tmp_path), "--today", FUTURE.isoformat()])
    reports = run(tmp_path)
    assert sum(r.quarantined for r in reports) == 0
    ids = entity_ids_by_uscc(store, [EXAMPLE, "91350102MA2Y00124F"])
    profiles = entity_profiles(store, list(ids.values()), FUTURE)
    example = profiles[ids[EXAMPLE]]
    assert [c.case.decision_no for c in example.cases if c.visible] == ["榕建罚〔2024〕12号"]
    listed = profiles[ids["91350102MA2Y00124F"]]  # C12 on 严重失信主体名单
    assert any(v.listing.list_name == "严重失信主体名单" and v.in_effect for v in listed.listings)
    check = run_bidder_check(store, TENDER_BIDDERS, FUTURE)
    assert [p.verdict for p in check.pairs] == [Verdict.BARRED]
    # The dates really moved: on the sample's own reference day nothing of it has happened yet.
    before = entity_profiles(store, [ids[EXAMPLE]], REFERENCE)[ids[EXAMPLE]]
    assert [c for c in before.cases if c.visible] == []

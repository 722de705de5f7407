"""Legal representatives linking black-listed firms, called directly (no HTTP)."""

from __future__ import annotations

from datetime import date

from graph.ids import person_id_scoped
from graph.store import GraphStore
from queries.common import Page
from queries.linking import linking_reps
from tests.queries.graphs import USCC, eid

DAY = date(2026, 1, 1)


def test_homonyms_are_two_persons_and_a_delisted_firm_does_not_count(graph: GraphStore) -> None:
    # The two 张伟 (no ID number) are scoped to their own records; B was delisted in 2025.
    assert linking_reps(graph, 2, DAY, Page(0, 50)) == ([], 0)
    reps, total = linking_reps(graph, 1, DAY, Page(0, 50))
    assert total == 3
    found = {r.person.id: sorted(f.id for f in r.firms) for r in reps}
    zhang_c = person_id_scoped("张伟", f"registry:{USCC['C']}")
    zhang_d = person_id_scoped("张伟", f"registry:{USCC['D']}")
    assert zhang_c != zhang_d
    assert found == {"p:wang": [eid("A")], zhang_c: [eid("C")], zhang_d: [eid("D")]}
    wang = next(r for r in reps if r.person.id == "p:wang")
    assert wang.person.name == "王强" and wang.person.verified
    assert wang.person.masked_id == "4101**********1234"
    assert [x.list_name for x in wang.firms[0].listings] == ["严重失信主体名单"]
    zhang = next(r for r in reps if r.person.id == zhang_c)
    assert zhang.person.name == "张伟" and not zhang.person.verified and zhang.person.masked_id is None


def test_the_representative_of_two_listed_firms_at_the_as_of_date(graph: GraphStore) -> None:
    # In mid-2024 both of 王强's firms were black-listed (B's entry was removed on 2025-01-01).
    reps, total = linking_reps(graph, 2, date(2024, 6, 1), Page(0, 50))
    assert total == 1
    [rep] = reps
    assert rep.person.id == "p:wang"
    firms = {f.uscc: [(x.list_name, x.removed_on) for x in f.listings] for f in rep.firms}
    assert firms == {
        USCC["A"]: [("严重失信主体名单", None)],
        USCC["B"]: [("严重失信主体名单", date(2025, 1, 1))],
    }


def test_paging_keeps_the_order_and_the_total(graph: GraphStore) -> None:
    first, total = linking_reps(graph, 1, DAY, Page(0, 2))
    rest, total_again = linking_reps(graph, 1, DAY, Page(2, 2))
    assert total == total_again == 3
    assert len(first) == 2 and len(rest) == 1
    everyone, _ = linking_reps(graph, 1, DAY, Page(0, 50))
    assert [r.person.id for r in first + rest] == [r.person.id for r in everyone]
    # min_firms below 1 is read as 1.
    assert linking_reps(graph, 0, DAY, Page(0, 50))[1] == 3

"""Listing rules per list, as data in the list catalogue, on the real ingest path: a 严重失信主体名单
entry without 移出日期 stops counting at its list's maximum (linking representatives, the bidder
check, the profile), repair is refused before the minimum, and `maintain --date D` replays a day
under the operator's rules."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from api.cli import records as record_commands
from graph.lifecycle.errors import RepairTooEarly
from graph.lifecycle.listings import ListingRule, listing_window
from graph.lifecycle.maintenance import maintain
from graph.lifecycle.records import repair
from graph.settings import GraphSettings
from graph.store import GraphStore
from ingest.catalogue import CatalogueError, ListCatalogue, product_catalogue
from queries.bidders import run_bidder_check
from queries.common import Page
from queries.linking import linking_reps
from queries.profile import entity_profiles
from tests.conftest import Run
from tests.ingest import synth

A, B = synth.uscc(1711), synth.uscc(1712)
REP_ID = synth.id_no(1713)
LISTED = date(2021, 1, 1)


def _load(run: Run, tmp_path: Path) -> None:
    registry = synth.write_csv(
        tmp_path / "registry_basic.csv",
        ["统一社会信用代码", "企业名称", "企业类型", "法定代表人", "法定代表人证件号码", "成立日期"],
        [[A, "甲规则工程有限公司", "有限责任公司", "赵敏", REP_ID, "2015-01-01"],
         [B, "乙规则工程有限公司", "有限责任公司", "赵敏", REP_ID, "2016-01-01"]],
    )  # fmt: skip
    lists = synth.write_csv(
        tmp_path / "lists.csv",
        ["名单名称", "名单类别", "主体名称", "统一社会信用代码", "认定部门", "列入日期"],
        [["严重失信主体名单", "", name, code, "某市发展和改革委员会", LISTED.isoformat()]
         for name, code in (("甲规则工程有限公司", A), ("乙规则工程有限公司", B))],
    )  # fmt: skip
    run(registry, lists)


def _counted(store: GraphStore, day: date) -> tuple[int, list[str], bool]:
    """Linking representatives, bidders listed, and whether A's profile shows its listing in effect."""
    reps = linking_reps(store, 2, day, Page(0, 50))[1]
    check = run_bidder_check(store, [A, B], day)
    listed = sorted(check.bidders[i].uscc or "" for i in check.listed)
    profile = next(iter(entity_profiles(store, [f"e:{A}"], day).values()))
    return reps, listed, any(v.in_effect for v in profile.listings)


def test_the_catalogue_carries_each_lists_rules() -> None:
    serious = product_catalogue().rule_for("严重失信主体名单")
    assert serious == ListingRule(12, 36, "认定部门")
    assert product_catalogue().rule_for("纳税信用A级纳税人") is None  # a red list: no such rules
    window = listing_window(LISTED, serious)
    assert (window.min_end, window.max_end) == (date(2022, 1, 1), date(2024, 1, 1))


def test_a_listing_past_its_lists_maximum_stops_counting(run: Run, store: GraphStore, tmp_path: Path) -> None:
    _load(run, tmp_path)
    assert _counted(store, date(2023, 12, 31)) == (1, [A, B], True)
    assert _counted(store, date(2024, 1, 1)) == (0, [], False)  # no 移出日期, yet no longer counted
    [listing] = [v.listing for v in next(iter(entity_profiles(store, [f"e:{A}"], LISTED).values())).listings]
    assert (listing.min_end, listing.max_end, listing.repaired_by) == (
        date(2022, 1, 1),
        date(2024, 1, 1),
        "认定部门",
    )
    with pytest.raises(RepairTooEarly) as early:  # the example: 5 months after listing
        repair(store, listing.id, date(2021, 6, 1), "信用中国", "test")
    assert early.value.possible_from == date(2022, 1, 1)


def test_maintain_replays_a_day_under_the_operators_rules(
    run: Run, store: GraphStore, tmp_path: Path, graph_settings: GraphSettings, env_for_cli: dict[str, str]
) -> None:
    _load(run, tmp_path)
    operator = graph_settings.home / "lists.json"
    operator.write_text(
        json.dumps({"lists": [{"name": "严重失信主体名单", "polarity": "black", "repair_after_months": 12,
                               "max_months": 24, "repaired_by": "认定部门"}]}, ensure_ascii=False),
        encoding="utf-8",
    )  # fmt: skip
    try:
        app = typer.Typer()
        record_commands.register(app)
        replay = CliRunner().invoke(app, ["maintain", "--date", "2023-01-01", "--json"], env=env_for_cli)
        assert replay.exit_code == 0, replay.output
        report = json.loads(replay.output)
        assert report["listing_windows_written"] == 2
        assert sorted((x["list_name"], x["ended"]) for x in report["listings_ended"]) == [
            ("严重失信主体名单", "2023-01-01")] * 2  # fmt: skip
        assert _counted(store, date(2023, 1, 1)) == (0, [], False)
        assert _counted(store, date(2022, 12, 31)) == (1, [A, B], True)
        # The day after, nothing new ended; the same rules write nothing again.
        again = maintain(store, date(2023, 1, 2), ListCatalogue.load(graph_settings.home).rule_for)
        assert (again.listing_windows_written, again.listings_ended) == (0, ())
    finally:
        operator.unlink()


def test_a_rule_the_catalogue_cannot_use_names_the_entry(tmp_path: Path) -> None:
    bad = tmp_path / "lists.json"
    bad.write_text(json.dumps({"lists": [{"name": "某名单", "polarity": "black", "max_months": "三年"}]}))
    with pytest.raises(CatalogueError) as refused:
        ListCatalogue.load(tmp_path)
    assert "某名单" in str(refused.value) and "max_months" in str(refused.value)


def test_repair_from_the_command_line_records_the_method_once_the_minimum_has_passed(
    run: Run, store: GraphStore, tmp_path: Path, env_for_cli: dict[str, str]
) -> None:
    _load(run, tmp_path)
    [view] = next(iter(entity_profiles(store, [f"e:{A}"], LISTED).values())).listings
    app = typer.Typer()
    record_commands.register(app)
    base = ["repair", view.listing.id, "--source", "某市发改委"]

    def cli(day: str, method: str) -> Result:
        return CliRunner().invoke(app, [*base, "--date", day, "--method", method], env=env_for_cli)

    unknown = cli("2022-01-01", "缴纳罚款")
    assert unknown.exit_code == 2 and "修复方式" in unknown.output
    early = cli("2021-12-31", "信用整改")
    assert early.exit_code == 1 and "2022-01-01" in early.output
    done = cli("2022-01-01", "信用整改")
    assert done.exit_code == 0, done.output
    [after] = next(iter(entity_profiles(store, [f"e:{A}"], LISTED).values())).listings
    assert after.listing.repaired_on == date(2022, 1, 1)
    assert json.loads(after.listing.history[-1])["method"] == "信用整改"
    assert _counted(store, date(2022, 1, 1))[0] == 0  # B alone is listed: no linking representative

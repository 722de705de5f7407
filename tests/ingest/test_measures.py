"""The measures catalogue: every list of the list catalogue has measures, red lists trigger 激励,
the operator's file replaces the product's measures for one list and matter, bad files are refused."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.catalogue import CatalogueError, ListCatalogue
from ingest.catalogue.measures import MeasureCatalogue, lists_without_measures


def test_every_list_has_measures_and_polarity_decides_the_kind() -> None:
    catalogue = MeasureCatalogue.load()
    assert catalogue.version.startswith("measures-")
    assert lists_without_measures(catalogue) == []
    lists = ListCatalogue.load()
    for (name, _matter), measures in catalogue.by_list.items():
        polarity = lists.lookup(name).polarity  # type: ignore[union-attr]
        expected = "激励" if polarity == "red" else "惩戒"
        assert {m.kind for m in measures} == {expected}, name
        assert all(m.basis for m in measures)


def test_lookup_by_alias_and_matter_alias() -> None:
    catalogue = MeasureCatalogue.load()
    assert catalogue.matter("资金扶持") == "财政资金"
    assert catalogue.matter("不存在的事项") is None
    measures = catalogue.for_list("政府采购严重违法失信名单", "政府采购")  # an alias
    assert measures and measures[0].mandatory and "第七十七条" in measures[0].basis


def test_penalty_rule_counts_three_years_from_the_decision() -> None:
    catalogue = MeasureCatalogue.load()
    hits = catalogue.for_penalty("政府采购", "一般", ["责令停产停业"], date(2024, 1, 10), date(2026, 12, 1))
    assert [rule.name for rule, _ in hits] == ["重大违法记录 (政府采购)"]
    assert (
        catalogue.for_penalty("政府采购", "一般", ["责令停产停业"], date(2023, 1, 10), date(2026, 12, 1))
        == []
    )
    assert catalogue.for_penalty("政府采购", "一般", ["罚款"], date(2026, 1, 10), date(2026, 12, 1)) == []


def test_operator_file_replaces_one_list_and_matter(tmp_path: Path) -> None:
    (tmp_path / "measures.json").write_text(
        json.dumps(
            {
                "matters": {"科技项目": []},
                "lists": {
                    "严重失信主体": [
                        {
                            "matter": "招标投标",
                            "kind": "惩戒",
                            "measure": "本地措施",
                            "basis": "某市办法",
                            "mandatory": True,
                        },
                        {
                            "matter": "科技项目",
                            "kind": "惩戒",
                            "measure": "不予立项",
                            "basis": "某市办法",
                            "mandatory": False,
                        },
                    ]
                },
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    catalogue = MeasureCatalogue.load(tmp_path)
    assert [m.measure for m in catalogue.for_list("严重失信主体名单", "招标投标")] == ["本地措施"]
    assert catalogue.for_list("严重失信主体名单", "政府采购")  # untouched
    assert catalogue.matter("科技项目") == "科技项目"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ({"lists": {"不存在的名单": []}}, "不在名单目录"),
        (
            {
                "lists": {
                    "失信被执行人": [{"matter": "招标投标", "kind": "惩戒", "measure": "x", "basis": "y"}]
                }
            },
            "mandatory",
        ),
        (
            {
                "lists": {
                    "失信被执行人": [
                        {"matter": "月球", "kind": "惩戒", "measure": "x", "basis": "y", "mandatory": True}
                    ]
                }
            },
            "不在 matters",
        ),
    ],
)
def test_bad_operator_files_are_refused_naming_the_entry(
    tmp_path: Path, content: dict[str, object], reason: str
) -> None:
    (tmp_path / "measures.json").write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        MeasureCatalogue.load(tmp_path)
    assert reason in str(error.value) and "measures.json" in str(error.value)

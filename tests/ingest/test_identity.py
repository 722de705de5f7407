"""Identity rules: persons without an ID never merge by name; one full ID (x or X) is one person."""

from __future__ import annotations

from pathlib import Path

from graph.cypher import statement
from graph.store import GraphStore
from tests.conftest import Run
from tests.ingest import synth

PERSONS = statement(
    "MATCH (p:Person) RETURN p.id AS id, p.name AS name, p.verified AS verified, p.masked_id AS masked, "
    "p.id_hash AS hash, p.scope AS scope, properties(p) AS props ORDER BY id"
)
HEADER = [
    "行政相对人名称",
    "行政相对人类别",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "处罚类别",
    "处罚决定日期",
    "处罚机关",
]


def test_two_zhang_wei_without_id_are_two_persons(run: Run, store: GraphStore, tmp_path: Path) -> None:
    path = synth.write_csv(
        tmp_path / "p.csv",
        HEADER,
        [
            ["张伟", "自然人", "", "", "豫罚〔2024〕1号", "警告", "2024-01-02", "郑州市公安局"],
            [
                "张伟",
                "自然人",
                "身份证",
                "4101**********1234",
                "豫罚〔2024〕2号",
                "警告",
                "2024-01-03",
                "郑州市公安局",
            ],
        ],
    )
    run(path)
    persons = store.read(PERSONS)
    assert [p["name"] for p in persons] == ["张伟", "张伟"]
    assert len({p["id"] for p in persons}) == 2
    assert all(p["verified"] is False and p["scope"] for p in persons)
    assert {p["masked"] for p in persons} == {None, "4101**********1234"}


def test_same_full_id_with_lower_and_upper_x_is_one_person(
    run: Run, store: GraphStore, tmp_path: Path
) -> None:
    full = synth.id_no(3)  # born 1970 in 410102 (a county created 1983): valid all the same
    assert full.endswith("X")
    path = synth.write_csv(
        tmp_path / "p.csv",
        HEADER,
        [
            [
                "李雷",
                "自然人",
                "身份证",
                full[:-1] + "x",
                "豫罚〔2024〕1号",
                "警告",
                "2024-01-02",
                "郑州市公安局",
            ],
            ["李雷", "自然人", "身份证", full, "豫罚〔2024〕2号", "罚款", "2024-01-03", "郑州市公安局"],
        ],
    )
    assert run(path)[0].quarantined == 0
    (person,) = store.read(PERSONS)
    assert person["verified"] is True and person["id"].startswith("p:")
    assert person["masked"] == full[:4] + "*" * 10 + full[-4:]
    assert person["hash"] and full not in person["hash"]
    assert all(full not in str(v) and full[:-1] not in str(v) for v in person["props"].values())


def test_registry_scopes_own_people_to_the_company_only(run: Run, store: GraphStore, tmp_path: Path) -> None:
    a, b = synth.uscc(1), synth.uscc(2)
    basic = synth.write_csv(
        tmp_path / "basic.csv",
        ["统一社会信用代码", "企业名称", "法定代表人", "成立日期", "注册资本(万元)"],
        [[a, "甲公司", "王芳", "2010-01-01", "100"], [b, "乙公司", "王芳", "2011-01-01", "100"]],
    )
    people = synth.write_csv(
        tmp_path / "people.csv",
        ["统一社会信用代码", "姓名", "职务", "证件号码"],
        [[a, "王芳", "执行董事", ""], [b, "王芳", "执行董事", ""]],
    )
    run(basic, people)
    persons = store.read(PERSONS)
    assert len(persons) == 2  # one 王芳 per company, not one across both
    assert {p["scope"] for p in persons} == {f"uscc:{a}", f"uscc:{b}"}

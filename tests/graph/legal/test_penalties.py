"""Art. 9 penalty types: the structured reading, and the free-text wordings checked against it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.legal.penalties import ART9, penalty_types

# The free-text wordings nlp finds in decisions (rows {"type", "pattern"}); read as data, so this
# check needs no spaCy.
NLP_TABLE = Path(__file__).resolve().parents[3] / "nlp" / "patterns" / "penalties.jsonl"


def _nlp_wordings() -> list[tuple[str, re.Pattern[str]]]:
    rows = [json.loads(line) for line in NLP_TABLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["type"], re.compile(row["pattern"])) for row in rows if "type" in row]


def test_penalty_types_map_to_article_nine() -> None:
    assert penalty_types("警告;罚款；没收违法所得、没收非法财物") == [
        "警告",
        "罚款",
        "没收违法所得",
        "没收非法财物",
    ]
    assert penalty_types("暂扣或者吊销许可证") == ["暂扣许可证件"]
    assert penalty_types("暂扣或者吊销执照", "吊销营业执照") == ["吊销许可证件"]
    assert penalty_types("责令停产停业,行政拘留,通报批评") == ["责令停产停业", "行政拘留", "通报批评"]
    assert penalty_types("责令改正") == ["其他"]


def test_the_free_text_table_speaks_the_same_vocabulary() -> None:
    types = [t for t, _ in _nlp_wordings()]
    assert len(types) == len(set(types)), "one row per type"
    assert set(types) == set(ART9) - {"其他"}


@pytest.mark.parametrize("kind", [t for t in ART9 if t != "其他"])
def test_each_type_is_read_as_itself_by_both_tables(kind: str) -> None:
    wording = dict(_nlp_wordings())[kind]
    assert wording.search(kind), f"nlp wording for {kind} misses the type's own name"
    assert penalty_types(kind) == [kind]


@pytest.mark.parametrize(
    ("wording", "kind"),
    [
        ("责令停业整顿", "责令停产停业"),
        ("责令停产停业", "责令停产停业"),
        ("吊销营业执照", "吊销许可证件"),
        ("暂扣安全生产许可证", "暂扣许可证件"),
        ("没收违法所得", "没收违法所得"),
        ("没收非法财物", "没收非法财物"),
        ("禁止从业", "限制从业"),
        ("行政拘留", "行政拘留"),
        ("罚款", "罚款"),
    ],
)
def test_common_wordings_agree(wording: str, kind: str) -> None:
    found = [t for t, pattern in _nlp_wordings() if pattern.search(wording)]
    assert found[:1] == [kind]
    assert penalty_types(wording) == [kind]

"""Synthetic identifiers with correct check digits, and writers for test input files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import Workbook

# The one identifier maker of the tree (also the generators'), re-exported for the tests.
from api.bench.codes import bad_check, id_no, uscc

__all__ = ["bad_check", "id_no", "uscc", "write_csv", "write_json", "write_penalties", "write_xlsx"]


def write_csv(path: Path, header: list[str], rows: list[list[object]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    book.save(path)
    return path


def write_json(path: Path, header: list[str], rows: list[list[object]], lines: bool = False) -> Path:
    objects = [dict(zip(header, row, strict=True)) for row in rows]
    with path.open("w", encoding="utf-8") as handle:
        if lines:
            for obj in objects:
                handle.write(json.dumps(obj, ensure_ascii=False) + "\n")
        else:
            json.dump(objects, handle, ensure_ascii=False)
    return path


# The formats.md §1 mandatory items a test file of 双公示 penalties does not care about, with valid
# values: appended by `write_penalties`, so a row is 合规 unless the test makes it otherwise.
MANDATORY_FILLERS: list[tuple[str, object]] = [
    ("行政相对人类别", "法人及非法人组织"),
    ("法定代表人", "张三"),
    ("违法行为类型", "其他"),
    ("违法事实", "未按规定办理"),
    ("处罚依据", "《中华人民共和国行政处罚法》第二十八条"),
    ("处罚内容", "依法处罚"),
    ("公示截止期", "2099-12-31"),
    ("处罚机关统一社会信用代码", uscc(9001)),
    ("数据来源单位", "测试数据来源单位"),
    ("数据来源单位统一社会信用代码", uscc(9002)),
]


def write_penalties(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    """A 双公示 penalty CSV with `header`/`rows` plus every mandatory item the header lacks."""
    extra = [(column, value) for column, value in MANDATORY_FILLERS if column not in header]
    return write_csv(path, header + [c for c, _ in extra], [[*row, *(v for _, v in extra)] for row in rows])

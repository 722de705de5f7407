"""Bidder lists: XLSX, CSV in UTF-8 / UTF-8-BOM / GBK and TXT give the same codes; rows that
cannot be used are named, and the list is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from ingest.bidders import read_bidders
from ingest.errors import UnreadableFile
from tests.queries.graphs import NAMES, USCC

HEADER = ["项目编号", "标段", "投标人名称", "投标人统一社会信用代码"]
KEYS = "ABCD"


def rows(keys: str = KEYS) -> list[list[str]]:
    return [["FZCG-2024-0088", "1", NAMES[k], USCC[k]] for k in keys]


def csv_text(table: list[list[str]]) -> str:
    return "".join(",".join(r) + "\r\n" for r in [HEADER, *table])


def xlsx(path: Path, table: list[list[object]], header: list[str] | None = HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    for row in [header, *table] if header else table:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_every_encoding_gives_the_codes_and_the_tender(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bids.csv"
    path.write_bytes(csv_text(rows()).encode(encoding))
    found = read_bidders(path, 50)
    assert found.problems == ()
    assert found.usccs == [USCC[k] for k in KEYS]
    assert [b.name for b in found.bidders] == [NAMES[k] for k in KEYS]
    assert found.tender == "FZCG-2024-0088/1"


def test_xlsx_with_numbers_and_a_second_lot(tmp_path: Path) -> None:
    table: list[list[object]] = [[2024088, 1, NAMES["A"], USCC["A"]], [2024088, 2, NAMES["B"], USCC["B"]]]
    found = read_bidders(xlsx(tmp_path / "bids.xlsx", table), 50)
    assert found.problems == () and found.usccs == [USCC["A"], USCC["B"]]
    assert found.tender is None  # two lots: the tender is left to the person


def test_txt_and_header_less_lists(tmp_path: Path) -> None:
    (tmp_path / "list.txt").write_bytes(f"{USCC['A']} {NAMES['A']}\n\n{USCC['B'].lower()}\n".encode("gbk"))
    assert read_bidders(tmp_path / "list.txt", 50).usccs == [USCC["A"], USCC["B"]]
    (tmp_path / "codes.csv").write_text(f"{USCC['C']}\n{USCC['D']}\n", encoding="utf-8")
    assert read_bidders(tmp_path / "codes.csv", 50).usccs == [USCC["C"], USCC["D"]]
    sheet = xlsx(tmp_path / "codes.xlsx", [[USCC["A"]], [USCC["B"]], [USCC["A"]]], header=None)
    assert read_bidders(sheet, 50).usccs == [USCC["A"], USCC["B"]]  # a repeat counts once


def test_rows_that_cannot_be_used_are_named(tmp_path: Path) -> None:
    table = [
        *rows("AB"),
        ["FZCG-2024-0088", "1", "坏码公司", "911100000000000000"],
        ["FZCG-2024-0088", "1", "无码公司", ""],
    ]
    table.append(["FZCG-2024-0088", "1", "脱敏公司", "91350102MA2Y****8R"])
    path = tmp_path / "bids.csv"
    path.write_bytes(csv_text(table).encode("gbk"))
    found = read_bidders(path, 50, name="投标人.csv")
    assert found.problems == (
        "第4行（坏码公司）：统一社会信用代码 911100000000000000 无效：校验码错误（GB 32100）",
        "第5行：无码公司缺少统一社会信用代码（“投标人统一社会信用代码”列为空）",
        "第6行（脱敏公司）：统一社会信用代码 91350102MA2Y****8R 已脱敏，无法核查",
    )
    (tmp_path / "list.txt").write_text(f"{USCC['A']}\n某某公司\n{USCC['B']}\n", encoding="utf-8")
    assert read_bidders(tmp_path / "list.txt", 50).problems == (
        "第2行：没有找到18位统一社会信用代码（“某某公司”）",
    )


def test_the_bidder_limit_and_the_minimum(tmp_path: Path) -> None:
    path = tmp_path / "bids.csv"
    path.write_text(csv_text(rows("ABCDEFGHIJ")), encoding="utf-8")
    assert read_bidders(path, 10).problems == ()
    assert read_bidders(path, 9).problems == ("文件中有 10 个投标人，超过单次核查上限 9 个，请分批核查",)
    path.write_text(csv_text(rows("A")), encoding="utf-8")
    assert read_bidders(path, 50).problems == ("文件中只有 1 个投标人，关联核查至少需要 2 个",)


def test_unreadable_files_say_why_in_chinese(tmp_path: Path) -> None:
    for name, data, reason in (
        ("bids.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
        ("bids.xlsx", b"not a zip", "无法读取 XLSX 工作簿"),
        ("bids.pdf", b"%PDF", "不支持的文件类型（.pdf）"),
        ("bids.csv", b"\n\n", "文件为空"),
    ):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(UnreadableFile) as refused:
            read_bidders(tmp_path / name, 50, name=f"上传-{name}")
        assert reason in refused.value.reason and refused.value.file == f"上传-{name}"

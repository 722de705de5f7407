"""The pages' uploads over real HTTP: decision files → text for the review desk, bidder lists →
codes for the bidder check; roles, the body limit and every refusal in Chinese."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import httpx
from openpyxl import Workbook
from pypdf import PdfWriter

from api.bench.codes import uscc
from api.roles import Role
from tests.api.conftest import TOKENS, Api
from tests.conftest import DATA
from tests.nlp.test_readers import write_pdf
from tests.queries.graphs import NAMES, USCC

DECISION = (DATA / "decisions" / "029.txt").read_text(encoding="utf-8")


def send(api: Api, path: str, name: str, data: bytes, role: Role = Role.REVIEWER) -> httpx.Response:
    headers = {"Authorization": f"Bearer {TOKENS[role]}"} if role in TOKENS else {}
    return httpx.post(f"{api.url}{path}", files={"file": (name, data)}, headers=headers, timeout=60)


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_decision_files_come_back_as_text(api: Api, tmp_path: Path) -> None:
    write_pdf(tmp_path / "d.pdf", "行政处罚决定书\n当事人:汨罗市恒锋新材料有限公司")
    for name, data in (
        ("029-gbk.txt", DECISION.encode("gbk")),
        ("029.txt", DECISION.encode("utf-8")),
        ("029.docx", docx_bytes(DECISION)),
    ):
        answer = send(api, "/review/upload", name, data)
        assert answer.status_code == 200, answer.text
        assert answer.json()["name"] == name and answer.json()["text"].strip() == DECISION.strip()
    pdf = send(api, "/review/upload", "d.pdf", (tmp_path / "d.pdf").read_bytes()).json()
    assert "汨罗市恒锋新材料有限公司" in pdf["text"]


def test_decision_uploads_are_refused_with_a_reason(api: Api) -> None:
    scan = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=400, height=300)
    writer.write(scan)
    for name, data, status, reason in (
        ("扫描件.pdf", scan.getvalue(), 415, "扫描件.pdf：PDF 没有文字层"),
        ("a.rtf", b"{\\rtf1}", 415, "不支持的文件类型（.rtf）"),
        ("old.doc", b"\xd0\xcf\x11\xe0", 415, "另存为 .docx"),
        ("empty.txt", b"", 400, "文件为空"),
    ):
        answer = send(api, "/review/upload", name, data)
        assert answer.status_code == status and reason in answer.json()["error"], answer.text
    for role in (Role.PUBLIC, Role.INVESTIGATOR):
        refused = send(api, "/review/upload", "029.txt", DECISION.encode(), role)
        assert refused.status_code == 403 and "审核人员" in refused.json()["error"]


def test_an_upload_over_the_body_limit_is_refused_before_it_is_read(api: Api) -> None:
    limit = api.settings.max_body_bytes
    answer = send(api, "/review/upload", "big.txt", DECISION.encode() * (limit // len(DECISION.encode()) + 1))
    assert answer.status_code == 413 and answer.json()["limit"] == limit
    assert "请求体过大" in answer.json()["error"]


def test_bidder_lists_in_xlsx_gbk_csv_and_txt(api: Api) -> None:
    book = Workbook()
    book.active.append(["投标人名称", "投标人统一社会信用代码"])
    for key in "AB":
        book.active.append([NAMES[key], USCC[key]])
    sheet = io.BytesIO()
    book.save(sheet)
    csv = "项目编号,标段,投标人名称,投标人统一社会信用代码\n" + "".join(
        f"FZCG-1,2,{NAMES[k]},{USCC[k]}\n" for k in "CDE"
    )
    for name, data, codes, tender in (
        ("投标人.xlsx", sheet.getvalue(), "AB", None),
        ("投标人.csv", csv.encode("gbk"), "CDE", "FZCG-1/2"),
        ("list.txt", f"{USCC['F']}\n{USCC['G']}\n".encode(), "FG", None),
    ):
        answer = send(api, "/bidders/upload", name, data, Role.INVESTIGATOR)
        assert answer.status_code == 200, answer.text
        assert answer.json()["usccs"] == [USCC[k] for k in codes] and answer.json()["tender"] == tender
        assert answer.json()["problems"] == [] and answer.json()["error"] is None


def test_a_bidder_list_with_bad_rows_is_refused_naming_them(api: Api) -> None:
    csv = f"投标人名称,统一社会信用代码\n{NAMES['A']},{USCC['A']}\n坏码公司,911100000000000000\n"
    answer = send(api, "/bidders/upload", "投标人.csv", csv.encode("gbk"), Role.INVESTIGATOR)
    assert answer.status_code == 200 and answer.json()["usccs"] == [USCC["A"]]  # read, but not usable
    assert answer.json()["error"].startswith("投标人.csv 中有 1 处问题")
    assert answer.json()["problems"] == [
        "第3行（坏码公司）：统一社会信用代码 911100000000000000 无效：校验码错误（GB 32100）"
    ]
    limit = api.settings.max_bidders
    many = "\n".join(uscc(i) for i in range(limit + 1)).encode()
    over = send(api, "/bidders/upload", "list.txt", many, Role.INVESTIGATOR)
    assert f"超过单次核查上限 {limit} 个" in over.json()["problems"][0]
    public = send(api, "/bidders/upload", "list.txt", csv.encode(), Role.PUBLIC)
    assert public.status_code == 403 and "调查人员" in public.json()["error"]
    xls = send(api, "/bidders/upload", "old.xls", b"\xd0\xcf\x11\xe0", Role.INVESTIGATOR)
    assert xls.status_code == 415 and "另存为 .xlsx" in xls.json()["error"]

"""Verification codes and the register of issued reports, without a database: a keyed code, an
edited register line no longer counts, and a code belongs to one report only."""

from __future__ import annotations

import json
from pathlib import Path

from api.verification import REGISTER, by_code, issued_reports, register, verification_code, verify_pdf

CONTENT = {"report_no": "XYBG-20261202-00000001", "issued_at": "2026-12-02T10:00:00+00:00",
           "as_of": "2026-12-01", "subjects": [{"name": "某公司", "uscc": "91350102MA2Y00124F"}]}  # fmt: skip


def test_the_code_is_keyed_and_depends_on_the_content(tmp_path: Path) -> None:
    code = verification_code(tmp_path, CONTENT)
    assert len(code) == 24 and code.count("-") == 4
    assert verification_code(tmp_path, CONTENT) == code
    assert verification_code(tmp_path, {**CONTENT, "as_of": "2026-12-02"}) != code
    other = tmp_path / "other-home"
    assert verification_code(other, CONTENT) != code  # another key, another code
    assert (tmp_path / "report.key").stat().st_mode & 0o777 == 0o600


def test_an_edited_register_line_is_not_an_issued_report(tmp_path: Path) -> None:
    code = verification_code(tmp_path, CONTENT)
    pdf = b"%PDF-1.4 fake " + code.encode()
    issued = register(tmp_path, CONTENT, code, pdf)
    assert by_code(tmp_path, code) == issued and by_code(tmp_path, "0000-0000-0000-0000-0000") is None
    path = tmp_path / REGISTER
    line = json.loads(path.read_text(encoding="utf-8"))
    line["subjects"] = ["别的公司（91350102MA2Y00132A）"]
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert issued_reports(tmp_path) == [] and by_code(tmp_path, code) is None
    assert not verify_pdf(tmp_path, pdf).genuine

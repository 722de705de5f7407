"""Verification of 信用报告: a keyed code per report, the register of issued reports, and `verify`.

The verification code is the HMAC-SHA256 (key `report.key` in the graph home, 0600, like the
audit key) of the report's canonical content, printed on every page. When a PDF is issued its
SHA-256 digest is appended to `reports.jsonl` (home) with the code, the 报告编号, the subjects and
the date, each line MAC'd under the same key. `verify_pdf` confirms that a file is genuine and
unchanged: its digest is registered under a valid MAC and the code printed in it is that line's.
A changed byte changes the digest; the code found in it then tells which report it claims to be.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from graph.settings import secret_file

KEY_FILE = "report.key"
REGISTER = "reports.jsonl"
CODE = re.compile(r"\b([0-9A-F]{4}(?:-[0-9A-F]{4}){4})\b")


def _key(home: Path) -> bytes:
    return secret_file(home, KEY_FILE, 32).encode()


def canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def verification_code(home: Path, content: dict[str, Any]) -> str:
    """Five groups of four hex digits of the content's HMAC (80 bits)."""
    digest = hmac.new(_key(home), canonical(content), hashlib.sha256).hexdigest().upper()
    return "-".join(digest[i : i + 4] for i in range(0, 20, 4))


@dataclass(frozen=True)
class Issued:
    report_no: str
    code: str
    sha256: str
    subjects: list[str]  # "name（USCC）"
    issued_at: str
    as_of: str


def _line_mac(home: Path, fields: dict[str, Any]) -> str:
    return hmac.new(_key(home), canonical(fields), hashlib.sha256).hexdigest()


def register(home: Path, content: dict[str, Any], code: str, pdf: bytes) -> Issued:
    """Record an issued PDF (its digest) in the register; the record."""
    issued = Issued(
        report_no=str(content["report_no"]),
        code=code,
        sha256=hashlib.sha256(pdf).hexdigest(),
        subjects=[f"{s['name']}（{s['uscc']}）" for s in content["subjects"]],
        issued_at=str(content["issued_at"]),
        as_of=str(content["as_of"]),
    )
    fields = dict(issued.__dict__)
    line = json.dumps({**fields, "mac": _line_mac(home, fields)}, ensure_ascii=False, sort_keys=True)
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / REGISTER, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return issued


def issued_reports(home: Path) -> list[Issued]:
    """The register's lines whose MAC holds (an edited or forged line is not an issued report)."""
    path = home / REGISTER
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            fields = json.loads(line)
            mac = fields.pop("mac")
            issued = Issued(**fields)
        except (ValueError, KeyError, TypeError):
            continue
        if hmac.compare_digest(str(mac), _line_mac(home, fields)):
            found.append(issued)
    return found


def by_code(home: Path, code: str) -> Issued | None:
    wanted = code.strip().upper()
    return next((r for r in issued_reports(home) if hmac.compare_digest(r.code, wanted)), None)


@dataclass(frozen=True)
class Verification:
    genuine: bool
    message: str  # for people, in Chinese
    issued: Issued | None = None


def printed_codes(pdf: bytes) -> set[str]:
    try:
        reader = PdfReader(io.BytesIO(pdf))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError):
        return set()
    return set(CODE.findall(text))


def verify_pdf(home: Path, pdf: bytes) -> Verification:
    digest = hashlib.sha256(pdf).hexdigest()
    issued = issued_reports(home)
    codes = printed_codes(pdf)
    match = next((r for r in issued if hmac.compare_digest(r.sha256, digest)), None)
    if match is not None and match.code in codes:
        return Verification(
            True,
            f"真实且未被改动：报告编号 {match.report_no}，{'、'.join(match.subjects)}，"
            f"数据截止 {match.as_of}，出具于 {match.issued_at}，验证码 {match.code}",
            match,
        )
    claimed = next((r for r in issued for c in codes if r.code == c), None)
    if claimed is not None:
        return Verification(
            False,
            f"文件已被改动：验证码 {claimed.code} 属于报告 {claimed.report_no}"
            f"（出具于 {claimed.issued_at}），"
            "但本文件与出具的文件不一致",
            claimed,
        )
    return Verification(False, "未找到出具记录：本文件不是本系统出具的信用报告，或其验证码无法识别")

"""Synthetic identifiers with correct check digits, and writers for test input files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import Workbook
from stdnum.cn.uscc import calc_check_digit

from ingest.validate import id_check_char, org_code_check


def uscc(n: int, prefix: str = "91", region: str = "410102") -> str:
    body = f"T{n:07d}"
    code = prefix + region + body + org_code_check(body)
    return code + calc_check_digit(code)


def id_no(n: int, birth: str = "19700101", region: str = "410102") -> str:
    body = f"{region}{birth}{n % 1000:03d}"
    return body + id_check_char(body)


def bad_check(code: str) -> str:
    """The same code with a wrong last character."""
    last = code[-1]
    return code[:-1] + ("1" if last != "1" else "2")


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

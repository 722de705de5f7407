"""Synthetic identifiers with correct check digits, and writers for test input files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import Workbook

# The one identifier maker of the tree (also the generators'), re-exported for the tests.
from api.bench.codes import bad_check, id_no, uscc

__all__ = ["bad_check", "id_no", "uscc", "write_csv", "write_json", "write_xlsx"]


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

"""Writing untrusted text into Excel workbooks without formula injection (CSV/formula injection).

List names, reasons and evidence come from outside data; a value that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return would be a live formula once typed, pasted or re-saved (OWASP
"CSV Injection"). Every export writes its rows through `append_row`: each text cell is stored as
a string (never parsed as a formula) and such a value gets a leading apostrophe, so even a copy
of the text into another sheet stays text.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """The text as a spreadsheet shows it safely: an apostrophe before a formula start."""
    return "'" + value if value.startswith(FORMULA_START) else value


def append_row(sheet: Worksheet, values: Iterable[object]) -> None:
    """`sheet.append` for exports: text cells are strings, neutralised; other values as given."""
    sheet.append([text_cell(sheet, v) if isinstance(v, str) else v for v in values])


def text_cell(sheet: Worksheet, value: str) -> Cell:
    """A string cell (data type "s") holding the neutralised text."""
    cell = Cell(sheet, value=neutralise(value))
    cell.data_type = "s"
    return cell

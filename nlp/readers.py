"""Decision files → text: .txt (UTF-8 or GBK), .docx (paragraphs and tables), .pdf (text layer)."""

from __future__ import annotations

from pathlib import Path

from graph.errors import InvalidInput


class UnsupportedFile(InvalidInput):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; GB18030, a superset of GBK, otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def read_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return decode(path.read_bytes())
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.append(" | ".join(cell.text for cell in row.cells))
        return "\n".join(lines)
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    raise UnsupportedFile(path, f"unsupported file type {suffix!r}")

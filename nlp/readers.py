"""Decision files → text: .txt (UTF-8 or GBK), .docx (paragraphs and tables), .pdf (text layer).

One reader for every way a decision arrives: a path (the CLI, evaluation, training) or the bytes
of an upload (the review desk). What cannot be read is an `UnsupportedFile` whose reason, in
Chinese, tells the person what to do.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import InvalidInput

if TYPE_CHECKING:
    from pypdf import PdfReader

SUFFIXES = (".txt", ".docx", ".pdf")
_GARBLED = 0.05  # more replacement characters than this share of the text: not a text file


class UnsupportedFile(InvalidInput):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; GB18030, a superset of GBK, otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")  # Windows Notepad's "Unicode"
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def read_text(path: Path) -> str:
    return read_bytes(path.read_bytes(), path)


def read_bytes(data: bytes, path: Path) -> str:
    """The text of a decision file's bytes; `path` gives the type (its suffix) and the name."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        text = decode(data)
        if "\x00" in text or text.count("\ufffd") > _GARBLED * max(len(text), 1):
            raise UnsupportedFile(path, "无法识别文本编码：文本文件应为 UTF-8 或 GBK/GB18030 编码")
        return text
    if suffix == ".docx":
        return _docx(data, path)
    if suffix == ".pdf":
        return _pdf(data, path)
    if suffix in (".doc", ".wps"):
        raise UnsupportedFile(path, f"不支持旧版 Word 格式（{suffix}）：请另存为 .docx 后上传")
    raise UnsupportedFile(
        path, f"不支持的文件类型（{suffix or '无扩展名'}）：请上传 .txt（UTF-8 或 GBK）、.docx 或 .pdf 文件"
    )


def _docx(data: bytes, path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnsupportedFile(path, "无法读取 .docx 文件：文件已损坏或不是 Word 文档") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _pdf(data: bytes, path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opened(reader):
            raise UnsupportedFile(path, "PDF 文件已加密：请先解除密码保护再上传")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise UnsupportedFile(path, "无法读取 .pdf 文件：文件已损坏或不是 PDF") from exc
    if not text.strip():
        raise UnsupportedFile(
            path, "PDF 没有文字层（可能是扫描件或图片）：请先做文字识别（OCR），或上传文本、Word 文件"
        )
    return text


def _opened(reader: PdfReader) -> bool:
    """An encrypted PDF that opens without a password (only printing or copying restricted)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # pypdf raises several kinds here (missing AES support, bad key …)
        return False

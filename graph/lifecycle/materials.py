"""Materials of 信用修复 applications: uploaded files kept under the graph home, checked by type and size.

A file is accepted when its declared material type is one the workflow knows, its content is a PDF,
PNG or JPEG by its first bytes (the name's extension is not trusted), and it is within the size
limit. It is written to `$CREDIT_GRAPH_HOME/repairs/<application>/<n>-<sha256 prefix>.<ext>`, never
under the name the sender gave (which is kept as metadata only), readable by the owner only.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from graph.lifecycle.errors import MaterialRefused

FOLDER = "repairs"


class MaterialType(StrEnum):
    COMMITMENT = "信用承诺书"
    RECTIFICATION = "整改报告"
    TRAINING = "培训证明"
    CREDIT_REPORT = "信用报告"
    CHARITY = "公益证明"


# First bytes → extension. Office documents are refused: a scan or a PDF is what offices take.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
)


@dataclass(frozen=True)
class Upload:
    """One file as the applicant sent it."""

    type: str
    filename: str
    content: bytes


@dataclass(frozen=True)
class StoredMaterial:
    type: MaterialType
    filename: str  # as sent (metadata only)
    path: str  # relative to the graph home
    size: int
    sha256: str


def kind_of(content: bytes) -> str | None:
    return next((ext for magic, ext in MAGIC if content.startswith(magic)), None)


def check(uploads: list[Upload], max_bytes: int, max_files: int) -> list[tuple[Upload, MaterialType, str]]:
    """Every upload's type and extension, or `MaterialRefused` naming the file and the reason."""
    if not uploads:
        raise MaterialRefused("", "至少需要一份修复材料（信用承诺书等）")
    if len(uploads) > max_files:
        raise MaterialRefused("", f"最多 {max_files} 份材料，收到 {len(uploads)} 份")
    checked = []
    for upload in uploads:
        name = upload.filename or "（无文件名）"
        try:
            kind = MaterialType(upload.type)
        except ValueError as exc:
            known = "、".join(t.value for t in MaterialType)
            raise MaterialRefused(name, f"材料类型「{upload.type}」不在 {known} 之中") from exc
        if len(upload.content) > max_bytes:
            raise MaterialRefused(name, f"文件 {len(upload.content)} 字节，超过上限 {max_bytes} 字节")
        ext = kind_of(upload.content)
        if ext is None:
            raise MaterialRefused(name, "只接受 PDF、PNG 或 JPEG 文件（按文件内容判断）")
        checked.append((upload, kind, ext))
    return checked


def store_materials(
    home: Path, application: str, uploads: list[Upload], max_bytes: int, max_files: int
) -> list[StoredMaterial]:
    """Check all, then write all: a refused file leaves nothing behind."""
    checked = check(uploads, max_bytes, max_files)
    folder = home / FOLDER / application.replace(":", "-")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored = []
    for number, (upload, kind, ext) in enumerate(checked, 1):
        digest = hashlib.sha256(upload.content).hexdigest()
        path = folder / f"{number}-{digest[:16]}.{ext}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(upload.content)
        stored.append(
            StoredMaterial(
                kind, upload.filename[:200], str(path.relative_to(home)), len(upload.content), digest
            )
        )
    return stored

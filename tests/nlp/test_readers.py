"""Readers: GBK text and .docx decisions reach the extractor as text."""

from __future__ import annotations

from pathlib import Path

import docx

from nlp.readers import read_text

SAMPLE = "行政处罚决定书\n岳环罚决字〔2021〕136号\n当事人:汨罗市恒锋新材料有限公司"


def test_gbk_and_utf8_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(SAMPLE.encode("gbk"))
    (tmp_path / "b.txt").write_bytes(SAMPLE.encode("utf-8-sig"))
    assert read_text(tmp_path / "a.txt") == SAMPLE
    assert read_text(tmp_path / "b.txt") == SAMPLE


def test_docx(tmp_path: Path) -> None:
    document = docx.Document()
    for line in SAMPLE.split("\n"):
        document.add_paragraph(line)
    document.save(str(tmp_path / "c.docx"))
    assert read_text(tmp_path / "c.docx") == SAMPLE

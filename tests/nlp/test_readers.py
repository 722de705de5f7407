"""Readers: GBK text, .docx and .pdf decisions reach the extractor as text; the rest is refused in Chinese."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from nlp.readers import UnsupportedFile, read_bytes, read_text

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


def write_pdf(path: Path, text: str) -> None:
    """A one-page PDF whose text layer is `text`: a Type0 font with a ToUnicode map, so the
    characters are real Unicode in the file (no glyphs needed to read the layer)."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    chars = sorted(set(text))
    cid = {c: i + 1 for i, c in enumerate(chars)}
    cmap = DecodedStreamObject()
    body = "\n".join(f"<{cid[c]:04X}> <{ord(c):04X}>" for c in chars)
    cmap.set_data(
        (
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CMapName /T def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{len(chars)} beginbfchar\n{body}\nendbfchar endcmap\n"
            "CMapName currentdict /CMap defineresource pop end end"
        ).encode()
    )
    writer = PdfWriter()
    page = writer.add_blank_page(width=400, height=300)
    descendant = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): NameObject("/X"),
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): NameObject("/Adobe"), NameObject("/Ordering"): NameObject("/Identity"),
        }),
    })  # fmt: skip
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): NameObject("/X"), NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([writer._add_object(descendant)]),
        NameObject("/ToUnicode"): writer._add_object(cmap),
    })  # fmt: skip
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    lines = " ".join(f"<{''.join(f'{cid[c]:04X}' for c in line)}> Tj 0 -20 Td" for line in text.split("\n"))
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 12 Tf 20 250 Td {lines} ET".encode())
    page[NameObject("/Contents")] = writer._add_object(content)
    with path.open("wb") as fh:
        writer.write(fh)


def test_pdf_text_layer(tmp_path: Path) -> None:
    write_pdf(tmp_path / "d.pdf", SAMPLE)
    text = read_text(tmp_path / "d.pdf")
    assert [line.strip() for line in text.split("\n") if line.strip()] == SAMPLE.split("\n")


def test_gb18030_beyond_gbk_and_unsupported(tmp_path: Path) -> None:
    sample = SAMPLE + "\n法定代表人:王𠀾"  # 𠀾 exists in GB18030, not in GBK
    (tmp_path / "e.txt").write_bytes(sample.encode("gb18030"))
    assert read_text(tmp_path / "e.txt") == sample
    (tmp_path / "f.rtf").write_text(SAMPLE, encoding="utf-8")
    with pytest.raises(UnsupportedFile):
        read_text(tmp_path / "f.rtf")


def test_uploaded_bytes_read_as_the_file_would(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(SAMPLE)
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_bytes(buffer.getvalue(), Path("上传.docx")) == SAMPLE
    assert read_bytes(SAMPLE.encode("gbk"), Path("a.TXT")) == SAMPLE
    assert read_bytes(SAMPLE.encode("utf-16"), Path("notepad.txt")) == SAMPLE  # Notepad's "Unicode"
    write_pdf(tmp_path / "d.pdf", SAMPLE)
    assert "当事人" in read_bytes((tmp_path / "d.pdf").read_bytes(), Path("d.pdf"))


def _refusal(data: bytes, name: str) -> str:
    with pytest.raises(UnsupportedFile) as refused:
        read_bytes(data, Path(name))
    assert refused.value.path == Path(name)
    return refused.value.reason


def test_what_cannot_be_read_is_refused_with_a_reason_in_chinese(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    scan = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=400, height=300)  # a page with no text layer, like a scan
    writer.write(scan)
    assert "没有文字层" in _refusal(scan.getvalue(), "扫描件.pdf")
    assert "不支持的文件类型（.rtf）" in _refusal(b"{\\rtf1}", "a.rtf")
    assert "无扩展名" in _refusal(SAMPLE.encode(), "README")
    assert "另存为 .docx" in _refusal(b"\xd0\xcf\x11\xe0", "old.doc")
    assert "不是 Word 文档" in _refusal(b"not a zip", "broken.docx")
    assert "不是 PDF" in _refusal(b"%PDF-1.4 garbage", "broken.pdf")
    assert "文本编码" in _refusal(bytes(range(256)) * 4, "binary.txt")

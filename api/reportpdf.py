"""The 信用报告 as PDF (fpdf2), with a CJK font embedded so its text can be extracted and searched.

The font is WenQuanYi Micro Hei (文泉驿微米黑, a TrueType collection; upstream licence Apache-2.0
or GPLv3 with font exception), shipped by the pinned PyPI package `paperang-p2-fonts-cjk`, so
nothing is downloaded at run time; fpdf2 embeds the subset of glyphs used. (Noto Sans SC from
PyPI is CFF-flavoured OpenType: fpdf2 2.8.9 writes wrong widths for it, so pypdf extracts its text
with a space between every character.) The verification code and the 报告编号 are in the footer
of every page.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT_PACKAGE = "paperang_p2_fonts_cjk"
FONT_FILE = "fonts/wqy-microhei.ttc"
DEBIAN_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT = "wqy"
NOTICE = (
    "本报告依据公共信用信息在数据截止时点的记录生成，仅供所述用途使用；联合奖惩措施以有权机关依法认定为准。"
    "报告真伪与完整性可凭验证码在本系统 /verify 页面或以 credit-graph report verify 核验。"
)


def font_path() -> Path:
    """The CJK font: the pinned PyPI package's, else the Debian package fonts-wqy-microhei's."""
    try:
        path = Path(str(resources.files(FONT_PACKAGE).joinpath(FONT_FILE)))
    except ModuleNotFoundError:
        path = DEBIAN_FONT
    if not path.is_file():
        raise FileNotFoundError(f"找不到中文字体 {path}：请安装 paperang-p2-fonts-cjk（见 pyproject.toml）")
    return path


class _Report(FPDF):
    def __init__(self, code: str, report_no: str) -> None:
        super().__init__(format="A4")
        self.code = code
        self.report_no = report_no
        self.set_auto_page_break(auto=True, margin=22)
        self.add_font(FONT, "", str(font_path()), collection_font_number=0)
        self.set_font(FONT, size=10)

    def footer(self) -> None:
        self.set_y(-16)
        self.set_font(FONT, size=8)
        self.set_text_color(90, 90, 90)
        self.cell(
            0, 4, f"报告编号 {self.report_no}    验证码 {self.code}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.cell(0, 4, f"第 {self.page_no()} 页 / 共 {{nb}} 页    凭验证码在 /verify 核验", align="L")
        self.set_text_color(0, 0, 0)


def _heading(pdf: _Report, text: str, size: int = 12) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, size=size)
    pdf.set_fill_color(232, 238, 246)
    pdf.cell(0, 8, text, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=10)
    pdf.ln(1)


def _line(pdf: _Report, text: str) -> None:
    pdf.multi_cell(0, 6, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # not justified: CJK


def _pairs(pdf: _Report, rows: list[list[str]]) -> None:
    for label, value in rows:
        pdf.set_text_color(80, 80, 80)
        pdf.cell(36, 6, label)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(0, 6, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _items(pdf: _Report, items: list[str], empty: str) -> None:
    if not items:
        pdf.set_text_color(90, 90, 90)
        _line(pdf, empty)
        pdf.set_text_color(0, 0, 0)
    for item in items:
        _line(pdf, "· " + item)


def _subject(pdf: _Report, number: int, s: dict[str, Any]) -> None:
    _heading(pdf, f"{number}. {s['name']}（{s['uscc']}）", size=13)
    _heading(pdf, "一、基本登记信息")
    _pairs(pdf, s["basic"])
    _heading(pdf, "二、行政处罚（公示期内）")
    _items(
        pdf,
        [
            f"{c['decision_no']}  {c['authority']}  决定日期 {c['decided_on']}  处罚类别 {c['types']}  "
            f"罚款 {c['fine']}  （{c['severity']}，公示至 {c['publicity_end']} 前）"
            for c in s["cases"]
        ],
        "无公示期内的行政处罚记录。",
    )
    _heading(pdf, "三、名单信息（失信黑名单与守信红名单，在效）")
    _items(
        pdf,
        [
            f"【{li['polarity']}】{li['list_name']}  列入日期 {li['listed_on']}  认定部门 {li['authority']}  "
            f"原因 {li['reason']}"
            for li in s["listings"]
        ],
        "未列入在效的黑名单或红名单。",
    )
    _heading(pdf, "四、行政许可")
    _items(
        pdf,
        [
            f"{li['name']}  编号 {li['number']}  {li['authority']}  有效期 {li['valid']}"
            for li in s["licences"]
        ],
        "无行政许可记录。",
    )
    _heading(pdf, "五、股权结构与实际控制人")
    _items(pdf, [f"股东 {h['holder']}  持股 {h['ratio']}" for h in s["shareholders"]], "无股东登记信息。")
    _items(
        pdf,
        [f"{c['kind']} {c['name']}  穿透持股 {c['share']}  （{c['declared']}）" for c in s["controllers"]],
        "未识别出控股股东或实际控制人。",
    )
    _heading(pdf, "六、关联关系")
    _items(pdf, [f"{a['relation']}：{a['with']}" for a in s["associations"]], "无一度关联。")
    _items(
        pdf,
        [f"{r['hops']} 步内的在列失信主体：{r['via']}（{r['lists']}）" for r in s["risk"]],
        "两步之内无在列失信主体。",
    )
    verdict = s["verdict"]
    if verdict is not None:
        _heading(pdf, f"七、联合奖惩措施（事项：{verdict['matter']}）")
        _items(
            pdf,
            [
                f"【{m['kind']}·{m['mandatory']}】{m['measure']}；依据：{m['basis']}；触发记录：{m['record']}"
                for m in verdict["measures"]
            ],
            "未触发联合奖惩措施。",
        )


def render(content: dict[str, Any], code: str) -> bytes:
    pdf = _Report(code, str(content["report_no"]))
    pdf.set_title(f"{content['title']} {content['report_no']}")
    pdf.set_creator("credit-graph")
    pdf.add_page()
    pdf.set_font(FONT, size=18)
    pdf.cell(0, 12, content["title"], align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=10)
    head = [
        ["报告编号", content["report_no"]],
        ["验证码", code],
        ["数据截止", f"{content['as_of']}（截止日）；最近一次数据导入 {content['last_ingest']}"],
        ["查询用途", content["purpose"]],
        ["查询人", content["requester"]],
        ["出具时间", content["issued_at"]],
        ["措施目录版本", content["catalogue_version"]],
    ]
    if content.get("tender"):
        head.append(["招标项目", f"{content['tender']}（投标人 {len(content['subjects'])} 家，每家一节）"])
    if content.get("matter"):
        head.append(["核查事项", content["matter"]])
    _pairs(pdf, head)
    pdf.set_text_color(90, 90, 90)
    pdf.set_font(FONT, size=8)
    _line(pdf, NOTICE)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, size=10)
    for number, subject in enumerate(content["subjects"], 1):
        if number > 1:
            pdf.add_page()
        _subject(pdf, number, subject)
    return bytes(pdf.output())

"""Penalty items (行政处罚法 art. 9 types) and their amounts, from the decision part only.

A penalty counts only inside a decision region: after a marker (决定/给予/作出如下行政处罚/处罚
种类) up to the end of the sentence, or for a list (…如下:) up to the remedies (如不服/逾期/
缴纳). Quoted statute text is masked, so ranges (一万元以上三万元以下), facts (货值金额,
违法所得 as found), proposals (拟), daily surcharges (加处罚款), waivers (免于罚款) and stated
totals (合计) never become items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from graph.legal.amounts import AMOUNT_RE, as_number, parse_amount, parse_amount_field
from graph.legal.numerals import CN_CHARS
from graph.legal.values import Invalid
from nlp import layout
from nlp.resources import load, regex
from nlp.text import Normalized

_RANGE = re.compile(r"以上|以下|至|~|-|不足|倍")
# List numbering: 1、 1. 1) (一) 一、 ① — a period after a list number is not a sentence end.
_LIST_ITEM = re.compile(r"\s*(?:\d+[、.)]|[(][一二三四五六七八九十\d]+[)]|[一二三四五六七八九十]+、|[①-⑳])")
_SENTENCE_END = re.compile(r"。|(?<![\d\n])\.(?!\d)")
_TITLE_PENALTY = re.compile(r"关于(?P<what>.{2,60}?)的(?:行政)?处罚决定书")
_STATUTE_RANGE = re.compile(r"(?<!处)以上|以下|不足|不超过")  # not 处以上一年度收入…的罚款
_MAX_REGION = 600
# Statute text recited without quotes (…第四十六条规定:违反本条例规定的,由县级以上…给予警告,可以
# 并处…) and earlier penalties told as facts (曾于2022年被给予警告): the words that show it.
_RECITED = re.compile(
    r"违反本(?:法|条例|规定|办法|细则)|由[^,。;]{0,20}?(?:县级以上|人民政府|主管部门|管理部门)"
    r"|有下列[^,。;]{0,8}之一的|可以(?:并)?处|可以给予|并可以|情节严重的|逾期不改正的|曾(?:于|经|因|被|在)|此前"
)
# What starts the decision itself after a citation in the same sentence (…”的规定,决定罚款…).
_RESET = re.compile(r"的规定|之规定|决定|作出如下|如下")
_CONTENT_HEADER = re.compile(r"(?:行政)?处罚(?:决定)?(?:内容|结果|种类|类别|决定)(?:及执行情况)?")
_TOTAL_SENTENCE = re.compile(r"\s*(?:以上|上述)?[一二三四五六七八九十两\d]*项?(?:合计|共计|总计)")
_CELL_PENALTY = re.compile(r"(?m)^(?:罚款(?:人民币)?[\d.,]+万?元整?|警告)$")
# A stated total of the fines (合并 20,000 元 / 罚款共计壹万贰仟元); 罚没款合计 also counts the
# confiscations, so it is not a total of fines.
_STATED = re.compile(
    r"(?<!罚没款)(?<!罚没)(?<!罚没金额)(?:合计|合并|共计|总计)(?:处|罚款|人民币|给予)*"
    r"((?:人民币)?(?:[\d.,]+万?|[" + CN_CHARS + r"]+)元)"
)
# A revocation (撤销行政处罚决定书) recites the penalties it revokes, and a 不予行政处罚决定书
# imposes none: the title settles it.
_NO_PENALTY_TITLE = re.compile(r"(?m)^[^\n。]{0,40}(?:不予(?:行政)?处罚决定书|撤销[^\n。]{0,30}决定书?)$")
# 对当事人一、当事人二、当事人三分别处以/作出…: every item applies to each listed party.
_EACH = re.compile(r"对((?:[^,;。、:\n]{1,20}、)+[^,;。、:\n]{1,20}?)分别")
# 对道衡投资责令改正,给予警告,并处以250万元罚款;对刘建军给予警告…: items go to their addressee.
_ADDRESSEE = re.compile(
    r"对([^,;。:、\n对()]{2,30}?)(?:依法)?(?:作出|给予|处以|并处|处罚款|责令|罚款|警告|没收)"
)


@dataclass(frozen=True)
class Item:
    type: str
    amount: int | float | None
    start: int  # normalised range of the phrase (type word … amount)
    end: int
    cut: bool = False  # the amount runs into the end of a cut-off page
    addressee: tuple[int, int] | None = None  # Y of the governing 对Y给予/处以… (several parties)


def _recited(masked: str, pos: int) -> bool:
    """Is the penalty word at `pos` part of recited statute text or of a past case?"""
    start = max(masked.rfind("。", 0, pos), masked.rfind("\n", 0, pos)) + 1
    lead = masked[start:pos]
    resets = [m.end() for m in _RESET.finditer(lead)]
    return _RECITED.search(lead, resets[-1] if resets else 0) is not None


def _types() -> list[tuple[str, re.Pattern[str]]]:
    return [(row["type"], re.compile(row["pattern"])) for row in load("penalties.jsonl") if "type" in row]


def _list_end(masked: str, pos: int, end: int) -> int:
    """A list runs over the first line after "如下:" and then over item lines (1、 (二) ①) or
    lines continuing an unfinished one (…;), blank lines skipped, up to the region end."""
    line_end = masked.find("\n", pos, end)
    first = True
    if line_end < 0 or masked[pos:line_end].strip(" :"):
        inline = _SENTENCE_END.search(masked, pos, end)  # 决定给予:1、警告;2、罚款3000元。
        intro = line_end >= 0 and masked[pos:line_end].rstrip().endswith(":")
        if line_end >= 0 and (inline is None or inline.start() > line_end) and not intro:
            return line_end  # a field value (处罚内容:罚款壹万元整) ends with its line
        if intro and (inline is None or inline.start() > line_end):
            return _items_end(masked, line_end + 1, end)  # …作如下处罚:\n1.没收…;\n2.罚款…
        if inline is None or _LIST_ITEM.match(masked, inline.end()) is None:
            return inline.end() if inline else end
        pos, first = inline.end(), False
    last = ""
    while pos < end:
        nl = masked.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = masked[pos:stop].strip()
        if line:
            if not first and _LIST_ITEM.match(line) is None and last not in (";", ",", "、"):
                return pos
            first, last = False, line[-1]
        pos = stop + 1
    return end


def _items_end(masked: str, pos: int, end: int) -> int:
    """The end of the numbered item lines starting at `pos`."""
    while pos < end:
        nl = masked.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = masked[pos:stop].strip()
        if line and _LIST_ITEM.match(line) is None:
            return pos
        pos = stop + 1
    return end


def regions(masked: str) -> list[tuple[int, int]]:
    """Decision regions in the quote- and title-masked normalised text."""
    marker = regex("penalties.jsonl", "kind", "marker")
    proposal = regex("penalties.jsonl", "kind", "proposal")
    end_re = regex("penalties.jsonl", "kind", "end")
    out: list[tuple[int, int]] = []
    for m in marker.finditer(masked):
        if out and m.start() < out[-1][1]:
            continue
        sentence_start = max(masked.rfind(c, 0, m.start()) for c in "。;\n") + 1
        if proposal.search(masked, sentence_start, m.start()):
            continue  # 拟作出 / 告知…: the proposal, not the decision
        pos = m.end()
        stop = end_re.search(masked, pos)
        end = min(len(masked), stop.start() if stop else len(masked), pos + _MAX_REGION)
        colon = re.match(r"[^。;\n]{0,30}?:", masked[pos : pos + 40])
        if masked.startswith("\n", pos + (colon.end() if colon else 0)) and not masked[pos:end].strip(":\n"):
            end = pos  # a heading with nothing after it
        elif colon or masked[pos : pos + 2].lstrip(":").startswith("\n"):
            # "…如下:" + list, or a heading "二、处罚决定" whose paragraph follows
            body = pos + (colon.end() if colon else 0)
            if not colon:
                body += len(masked[body:]) - len(masked[body:].lstrip(":\n"))
            end = _list_end(masked, body, end)
        else:
            dot = re.compile(r"。|(?<!\d)\.(?!\d)|\n").search(masked, pos, end)
            end = dot.start() if dot else end
        out.append((m.start(), end))
    # A flattened table: the cell under a penalty-content header (处罚内容 → 警告、罚款0.21万元).
    for name, start, end in layout.column_cells(masked):
        if _CONTENT_HEADER.fullmatch(name) and not any(lo <= start < hi for lo, hi in out):
            out.append((start, end))
    # A results column of a flattened table: a cell that is only the penalty (罚款 5,000 元).
    for m in _CELL_PENALTY.finditer(masked):
        if not any(lo <= m.start() < hi for lo, hi in out):
            out.append((m.start(), m.end()))
    out.sort()
    return out


# A labelled amount field of a disclosure row: 罚款金额(万元) | 0.5 / 罚款金额:10000元 / 处罚金额:5万元.
# 罚没金额 counts the confiscations too and is not read.
_AMOUNT_FIELD = re.compile(
    r"(?<!罚没)(?<!拟)(?<!拟处)(?P<label>罚款|处罚)(?:金额|数额)(?:\((?P<unit>万?元)\))?(?:[:|\n]|为)+"
    r"(?P<value>(?:人民币)?[\d.,]+(?:万?元)?)(?=[|\n。;]|$)"
)


_GAIN_FIELD = re.compile(
    r"没收违法所得(?:、没收(?:非法|违法)财物)?的?(?:金额|数额)(?:\((?P<unit>万?元)\))?(?:[:|\n]|为)+"
    r"(?P<value>(?:人民币)?[\d.,]+(?:万?元)?)(?=[|\n。;]|$)"
)


def _field_value(m: re.Match[str]) -> int | float | None:
    try:
        yuan = parse_amount_field(m.group("value").removeprefix("人民币"), m.group("unit") == "万元")
    except Invalid:
        return None
    return None if not yuan else (int(yuan) if yuan == int(yuan) else yuan)


def amount_field(masked: str) -> tuple[str, int | float] | None:
    """(label, yuan) of the first positive fine-amount field, or None."""
    for m in _AMOUNT_FIELD.finditer(masked):
        if (yuan := _field_value(m)) is not None:
            return m.group("label"), yuan
    return None


def stated_total(masked: str) -> int | float | None:
    """The largest total a decision states (合并/合计 20,000 元), or None."""
    best: int | float | None = None
    for lo, hi in regions(masked):
        for m in _STATED.finditer(masked, lo, hi):
            value = parse_amount(m.group(1))
            if value is not None and (best is None or as_number(value) > best):
                best = as_number(value)
    return best


def _amount_after(masked: str, pos: int) -> tuple[int | float | None, int, bool]:
    """The amount directly after a penalty word: 罚款人民币3000元整 / 没收违法所得20元."""
    # 罚款人民币3000元 / 罚款:5000元 / 罚款金额为2万元 / 处…的罚款,计71,333.34元 / 罚款(人民币500元)
    lead = re.match(r"(?:[(:]|金额|为|人民币|共计|计|即|[,,](?=计|即|共计))*", masked[pos:])
    m = AMOUNT_RE.match(masked, pos + (lead.end() if lead else 0))
    if m:
        value = parse_amount(m.group())
        return (None if value is None else as_number(value)), m.end(), False
    cut = re.match(r"(?:人民币)?[\d.,]*$", masked[pos:])
    return None, pos, cut is not None and masked[pos:].strip() != ""


# 处以697㎡×11元/㎡=7667元(柒仟陆佰陆拾柒元整)的罚款 / 两项合计6565元(…)的罚款: the result.
_CALCULATED = re.compile(
    r"(?:=|合计|共计|总计)((?:人民币)?[\d.,]+万?元)(?:整)?(?:\([^()\n]{1,20}\))?(?:的)?$"
)


_LATER = re.compile(r"[^。;\n罚没警合共总]{0,40}?(?:即|(?<![合共总累])计(?!算)|金额为)(?:人民币)?")


def _amount_later(masked: str, pos: int) -> tuple[int | float, int] | None:
    """The amount a fine's sentence states after its calculation: …计算,即12,500元."""
    lead = _LATER.match(masked, pos)
    if lead is None or _RANGE.search(lead.group()):
        return None
    m = AMOUNT_RE.match(masked, lead.end())
    value = None if m is None else parse_amount(m.group())
    return None if m is None or value is None else (as_number(value), m.end())


def _amount_before(masked: str, start: int) -> tuple[int | float | None, int] | None:
    """处人民币2万元罚款 / 处2万元的罚款; not a rate (处以每平方米20元的罚款)."""
    window = masked[max(0, start - 24) : start]
    m = re.search(r"(?:处以?|并处)((?:人民币)?[^,;。处]{1,16}?元)(?:整)?(?:的)?$", window)
    if m is None:
        wide_start = max(0, start - 80, max(masked.rfind(c, 0, start) for c in "。\n") + 1)
        calc = _CALCULATED.search(masked, wide_start, start)
        if calc is None:
            return None
        value = parse_amount(calc.group(1))
        return (None if value is None else as_number(value)), calc.start(1)
    if _RANGE.search(m.group(1)) or re.match(r"每", m.group(1)):
        return None
    value = parse_amount(m.group(1))
    return (None if value is None else as_number(value)), max(0, start - 24) + m.start()


def penalties(norm: Normalized, masked: str) -> tuple[list[Item], list[str]]:
    """Items in document order, and warnings (cut-off amounts)."""
    items: list[Item] = []
    warnings: list[str] = []
    total = regex("penalties.jsonl", "kind", "total")
    taken: set[tuple[str, int]] = set()
    if _NO_PENALTY_TITLE.search(masked[:400]):
        return items, warnings
    # An appendix (附:相关行政职权目录, 附件:裁量标准) quotes ranges and standards, not the decision.
    body = masked[: layout.body_end(masked)]
    for lo, hi in regions(body):
        seen_types: set[tuple[str, int]] = set()
        first_item = len(items)
        sentence_start = max(masked.rfind(c, 0, lo) for c in "。\n") + 1
        addressees = list(_ADDRESSEE.finditer(masked, sentence_start, hi))
        for type_, pattern in _types():
            for m in pattern.finditer(masked, lo, hi):
                if (type_, m.start()) in taken:
                    continue
                to = next((a for a in reversed(addressees) if a.start() < m.start()), None)
                segment = -1 if to is None else to.start()
                clause_start = max(masked.rfind(c, lo, m.start()) for c in ",,;:、") + 1
                clause = masked[max(lo, clause_start) : m.start()]
                opening = masked[max(masked.rfind(c, 0, m.start()) for c in "。;\n") + 1 : m.start()]
                if (total.search(clause) or _TOTAL_SENTENCE.match(opening)) and (
                    type_ != "罚款" or any(i.type == "罚款" and i.amount is not None for i in items)
                ):
                    continue  # 合计…罚款: the stated total, not an item (unless it is the only fine)
                if type_ == "罚款" and _STATUTE_RANGE.search(clause):
                    continue  # 并处货值金额十倍以上二十倍以下罚款: a paraphrased statutory range
                if _recited(masked, m.start()):
                    continue  # statute text recited without quotes, or a penalty of the past
                amount: int | float | None = None
                start, end, cut = m.start(), m.end(), False
                if type_ in ("罚款", "没收违法所得", "没收非法财物"):
                    amount, end, cut = _amount_after(masked, m.end())
                    after = masked[m.end() : end]
                    if _RANGE.search(after):
                        continue
                    if amount is None and type_ == "罚款" and (before := _amount_before(masked, m.start())):
                        amount, start = before
                    if (
                        amount is None
                        and type_ == "罚款"
                        and not cut
                        and (later := _amount_later(masked, m.end()))
                    ):
                        amount, end = later  # 处以罚款,罚款金额按工程造价的5%计算,即12,500元
                if amount is None and not cut and (type_, segment) in seen_types:
                    continue
                if cut:
                    warnings.append(f"amount of {type_} cut off at the end of the text")
                seen_types.add((type_, segment))
                taken.update((type_, k) for k in range(m.start(), m.end()))
                span = None if to is None else (to.start(1), to.end(1))
                items.append(Item(type_, amount, start, max(end, m.end()), cut, span))
        items[first_item:] = _each_party(masked, lo, hi, items[first_item:])
    items.extend(_from_title(norm, masked, items))
    # A bare mention (…缴纳罚款) next to an item with an amount is the same penalty.
    typed = {i.type for i in items if i.amount is not None}
    items = [i for i in items if i.amount is not None or i.cut or i.type not in typed]
    # 给予警告 restated per violation for the same addressee is one warning.
    bare: set[tuple[str, str]] = set()
    kept = []
    for i in sorted(items, key=lambda i: i.start):
        key = (i.type, "" if i.addressee is None else masked[i.addressee[0] : i.addressee[1]])
        if i.amount is None and not i.cut and key in bare:
            continue
        if i.amount is None:
            bare.add(key)
        kept.append(i)
    items = kept
    if regex("penalties.jsonl", "kind", "no_gain").search(masked):
        items = [i for i in items if not (i.type == "没收违法所得" and i.amount is None)]
    items.sort(key=lambda i: i.start)
    return _with_field_amount(body, items), warnings


def _with_field_amount(masked: str, items: list[Item]) -> list[Item]:
    """A disclosure row states the type in one field and the amount in another (处罚类别 | 罚款 …
    罚款金额(万元) | 0.5): the one fine without an amount takes it; a 罚款金额 field alone is the fine."""
    gains = [i for i in items if i.type == "没收违法所得"]
    if len(gains) == 1 and gains[0].amount is None and not any(i.type == "没收非法财物" for i in items):
        gain = next((v for m in _GAIN_FIELD.finditer(masked) if (v := _field_value(m)) is not None), None)
        if gain is not None:  # 没收违法所得、没收非法财物的金额(万元) | 0.12
            items = [replace(i, amount=gain) if i is gains[0] else i for i in items]
    field = amount_field(masked)
    if field is None:
        return items
    label, yuan = field
    fines = [i for i in items if i.type == "罚款"]
    if len(fines) == 1 and fines[0].amount is None:
        return [replace(i, amount=yuan, cut=False) if i is fines[0] else i for i in items]
    if not fines and label == "罚款":
        m = _AMOUNT_FIELD.search(masked)
        assert m is not None
        return sorted([*items, Item("罚款", yuan, m.start(), m.end())], key=lambda i: i.start)
    return items


def _from_title(norm: Normalized, masked: str, items: list[Item]) -> list[Item]:
    """关于暂扣X安全生产许可证的行政处罚决定书: the title names the penalty of a cut-off page."""
    head = masked[:300]
    m = _TITLE_PENALTY.search(head)
    if m is None:
        return []
    out = []
    have = {i.type for i in items}
    for type_, pattern in _types():
        hit = pattern.search(masked, m.start("what"), m.end("what"))
        if hit and type_ not in have and type_ != "罚款":
            out.append(Item(type_, None, hit.start(), hit.end()))
    del norm
    return out


def _each_party(masked: str, lo: int, hi: int, found: list[Item]) -> list[Item]:
    """A region's items once per party when they are imposed on several parties 分别
    (对A公司、B公司、王某分别处以…): each copy carries its own addressee."""
    sentence_start = max(masked.rfind(c, 0, lo) for c in "。;\n") + 1
    m = _EACH.search(masked, sentence_start, min(hi, lo + 80))
    if m is None or not found:
        return found
    spans, pos = [], m.start(1)
    for name in m.group(1).split("、"):
        spans.append((pos, pos + len(name)))
        pos += len(name) + 1
    return [replace(i, addressee=span) for span in spans for i in found]

"""Header fields: decision number, issuing authority and decision date.

Genre knowledge: the issuer names itself in the title line (…局行政处罚决定书, …厅关于…的行政
处罚决定书), in the line above a bare title, in page metadata (发布机构/发文单位) or above the
signature date; bodies only named in the text (我局, 复议机关, 移送单位) are not the issuer. The
decision date is the signature date or a 成文日期/发文日期 field, never a publication date.
"""

from __future__ import annotations

import itertools
import re

from graph.legal.dates import DATE_RE, parse_date_match
from graph.legal.docnumbers import find_numbers, is_penalty_number
from nlp import layout
from nlp.recognise import narrative_authority
from nlp.resources import Found, regex, words
from nlp.text import Normalized

_TITLE = re.compile(r"(?:行政)?处罚决定书|关于.{2,60}?的(?:行政)?处罚决定")
# Kind words between the issuer and the title: 税务行政处罚决定书, 不予行政处罚决定书, 当场…
_TITLE_KIND = re.compile(
    r"(?:税务|不予|当场|简易程序|一般程序|听证程序|公安交通管理|交通管理|公安|治安管理|劳动保障监察)+$"
)
# Tickets of the simple procedure (公安交通管理简易程序处罚决定书) carry a bare serial, no year.
_BARE_SERIAL = re.compile(r"(?m)^(?:决定书)?编号:(\d{10,20})$")
# A notice (告知书) or a draft is not a decision: it has no decision date.
_NOTICE_TITLE = re.compile(r"(?m)^[^\n]{0,40}(?:告知书|意见书|听证通知书)$")
_REFERENCE_VERB = re.compile(r"(?:撤销|变更|纠正|作出的)$")
_SEAL = re.compile(r"\((?:印章|盖章|公章|章|签章|签名盖章)\)$")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{3,40}")


def decision_number(norm: Normalized) -> Found | None:
    reject = words("numbers.jsonl", "reject")
    prefer = words("numbers.jsonl", "prefer")
    best: tuple[int, bool, int] | None = None
    chosen = None
    for number in find_numbers(norm.text):
        if not is_penalty_number(number, reject):
            continue
        before = norm.text[max(0, number.start - 2) : number.start]
        if "》" in before:
            continue  # 《…决定书》(X号): a reference to another document
        if _REFERENCE_VERB.search(norm.text, max(0, number.start - 4), number.start):
            continue  # 决定撤销X〔2023〕386号: the decision this one revokes or amends
        score = sum(1 for w in prefer if w in number.prefix)
        # A news lead quotes the number; the decision itself sets it on a line of its own.
        line_start = norm.text.rfind("\n", 0, number.start) + 1
        line_end = len(norm.text) if (e := norm.text.find("\n", number.end)) < 0 else e
        around = norm.text[line_start : number.start] + norm.text[number.end : line_end]
        alone = not around.strip("|: ")
        key = (-score, not alone, number.start)
        if best is None or key < best:
            best, chosen = key, number
    if chosen is None:
        for name, start, end in layout.column_cells(norm.text):  # 处罚文号 | 第Z4003028号行政处罚决定书
            cell = _SERIAL_CELL.fullmatch(norm.text, start, end)
            if _NUMBER_HEADER.fullmatch(name) and cell:
                return Found(norm.verbatim(start, cell.end(1)), start, cell.end(1))
        titled = _TITLED_NUMBER.search(norm.text)
        if titled:
            return Found(norm.verbatim(titled.start(1), titled.end(1)), titled.start(1), titled.end(1))
        bare = _BARE_SERIAL.search(norm.text, 0, 400)
        if bare and _TITLE.search(norm.text, 0, bare.start()):
            return Found(norm.verbatim(bare.start(1), bare.end(1)), bare.start(1), bare.end(1))
        return None
    start = chosen.start
    lead = _CITING.match(norm.text, start, chosen.end)  # 根据兴消行罚决字〔2023〕…号《行政处罚决定书》
    if lead:
        start = lead.end()
    return Found(norm.verbatim(start, chosen.end), start, chosen.end)


# 收到西藏监管局《行政处罚决定书》〔2022〕1号: the title of this decision, then its bare number
_TITLED_NUMBER = re.compile(
    r"收到[\u4e00-\u9fff]{2,30}《(?:行政)?处罚决定书》([〔\[(](?:19|20)\d\d[〕\])]第?\d{1,6}号)"
)
_NUMBER_HEADER = re.compile(r"(?:行政)?(?:处罚)?(?:决定书)?文号|处罚决定书编号")
_SERIAL_CELL = re.compile(r"(第?[0-9A-Za-z\-]{3,20}号)(?:行政处罚决定书|处罚决定书|决定书)?")
_CITING = re.compile(r"(?:根据|依据|依照|按照|经)")


def _authority_like(name: str) -> bool:
    suffix = regex("organisations.jsonl", "kind", "authority_suffix")
    bad = regex("organisations.jsonl", "kind", "not_authority")
    return (
        _CJK_NAME.fullmatch(name) is not None
        and re.search(f"{suffix.pattern}$", name) is not None
        and bad.search(name) is None
    )


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _strip_name(line: str, start: int) -> tuple[int, str]:
    """Drop table residue and labels before a name: '| 发布机构 | X', '- X', '[ 发布机构 ] X'."""
    m = re.search(r"[\u4e00-\u9fff]+$", line)
    if m is None:
        return start + len(line), ""
    return start + m.start(), m.group()


def authority(norm: Normalized) -> Found | None:
    text = norm.text
    lines = _lines(text)
    # 1. The title: "X行政处罚决定书", "X关于…的行政处罚决定书", or X on the line above a bare title.
    for i, (pos, line) in enumerate(lines[:60]):
        m = _TITLE.search(line)
        if m is None:
            continue
        head = _TITLE_KIND.sub("", line[: m.start()])
        cut = head.find("关于")
        if cut > 0 and _TITLE.match(line, cut) is not None:
            head = head[:cut]
        start, name = _strip_name(head, pos)
        if name and _authority_like(name):
            return Found(norm.verbatim(start, start + len(name)), start, start + len(name))
        if not head.strip("|-[] "):
            for prev_pos, prev in reversed(lines[max(0, i - 3) : i]):
                if prev.strip():
                    start, name = _strip_name(prev, prev_pos)
                    if name and name == prev.strip() and _authority_like(name):
                        return Found(norm.verbatim(start, start + len(name)), start, start + len(name))
                    break
            # 行政处罚决定书 / 某某市某某局 / 某罚〔2024〕1号: the issuer on the line under the title
            under = next(((p, ln) for p, ln in lines[i + 1 : i + 3] if ln.strip()), None)
            if under is not None and _authority_like(body := under[1].strip()):
                start = under[0] + under[1].index(body)
                return Found(norm.verbatim(start, start + len(body)), start, start + len(body))
    # 2. Metadata fields and summary forms: 发布机构 | X, 发文单位:|X, 三、处罚部门\nX.
    label = regex("labels.jsonl", "label", "AUTHORITY")
    for m in label.finditer(text):
        tail = re.match(r"[\s:|\]\-]*([\u4e00-\u9fff]{2,40})", text[m.end() : m.end() + 60])
        if tail and _authority_like(tail.group(1)):
            start = m.end() + tail.start(1)
            return Found(norm.verbatim(start, start + len(tail.group(1))), start, start + len(tail.group(1)))
    # 2b. A flattened table: the cell under an authority header.
    for name, start, end in layout.column_cells(text):
        value = text[start:end].strip("| ")
        if label.fullmatch(name) and _authority_like(value):
            return Found(norm.verbatim(start, start + len(value)), start, start + len(value))
    # 3. The signature: an authority line directly above a date line.
    for (pos, line), (_, nxt) in itertools.pairwise(lines):
        date = DATE_RE.fullmatch(nxt.strip())
        name = _SEAL.sub("", line.strip())  # 某某局(印章) / 某某局(盖章)
        if date and name and _authority_like(name):
            start = pos + line.index(name)
            return Found(norm.verbatim(start, start + len(name)), start, start + len(name))
    # 4. A disclosure page headed by its body alone (牟定县市场监督管理局\n行政处罚案件名称…).
    first = next(((pos, line) for pos, line in lines[:3] if line.strip()), None)
    if first is not None and _authority_like(first[1].strip()) and len(lines) > 3:
        pos, line = first
        start = pos + line.index(line.strip())
        return Found(norm.verbatim(start, start + len(line.strip())), start, start + len(line.strip()))
    # 5. Narrative and summary texts: the body that acts (X对Y给予…, 被X处以…).
    found = narrative_authority(text)
    if found is not None:
        return Found(norm.verbatim(*found), *found)
    # 6. A body-only copy: 本机关…向你单位送达《X关于…告知书》 — the notice this body issued.
    own = _OWN_NOTICE.search(text)
    if own and _authority_like(own.group(1)):
        return Found(norm.verbatim(own.start(1), own.end(1)), own.start(1), own.end(1))
    return None


_SELF = r"(?:本|我)(?:机关|局|厅|委|关|队|大队|支队|院|部|府|办)"
_OWN_NOTICE = re.compile(
    rf"{_SELF}[^。《]{{0,40}}?(?:下达|送达|作出|制发|发出)(?:了)?《([\u4e00-\u9fff]{{3,40}}?)关于[^《》]{{2,80}}?(?:告知书|通知书|决定书)》"
)


_REPORTED = re.compile(r"[,\s]*[\u4e00-\u9fff]{3,40}?(?:向|对)[^,;。]{2,30}?作出《?(?:行政)?处罚决定")
_AFTER_DECISION = re.compile(r"复议|诉讼|作出如下|处罚如下|决定给予|决定对")


def decision_date(norm: Normalized) -> Found | None:
    text = norm.text
    head = text[:300]
    if _NOTICE_TITLE.search(head) and _TITLE.search(head) is None:
        return None
    label = regex("labels.jsonl", "label", "DATE")
    for m in label.finditer(text):
        d = DATE_RE.match(text, m.end() + len(re.match(r"[\s:|\]\-]*", text[m.end() :]).group()))  # type: ignore[union-attr]
        if d and (value := parse_date_match(d)):
            return Found(value.isoformat(), d.start(), d.end())
    decided = _AFTER_DECISION.search(text)
    if decided is None:
        # News: "2023年3月24日,X向Y作出《行政处罚决定书》" — the date of the act reported.
        for d in DATE_RE.finditer(text):
            if _REPORTED.match(text, d.end()) and (value := parse_date_match(d)):
                return Found(value.isoformat(), d.start(), d.end())
        return None
    signature = None
    for d in DATE_RE.finditer(text, decided.end()):
        line_end = text.find("\n", d.end())
        rest = text[d.end() : len(text) if line_end < 0 else line_end]
        before = text[text.rfind("\n", 0, d.start()) + 1 : d.start()]
        if rest.strip("()") or not (before == "" or before[-1] in "。.)" or _authority_like(before)):
            continue
        value = parse_date_match(d)
        if value is not None:
            signature = Found(value.isoformat(), d.start(), d.end())
    return signature

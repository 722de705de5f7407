"""The violation a decision describes (gold field `violation`; read by reviewers, not scored).

Genre knowledge, most specific first: a labelled field (违法行为类型: / 案由: / 违法行为: X), the act
named in the finding sentence (当事人X的行为违反了… / 存在X的违法行为 / 属于X的违法行为), the case
name (涉嫌X一案 / X案), and failing those the first sentence of the facts (经查 / 现查明 /
发现…). Rules run on the quote- and title-masked view, so statute text quoted inside the sentence
never becomes the violation; the value is cut from the original text with its offsets.
"""

from __future__ import annotations

import re

from nlp.resources import Found
from nlp.text import Normalized

_MAX = 160  # a violation longer than this is a facts paragraph, not a description
_LABELLED = re.compile(
    r"(?:违法行为类型|违法行为名称|违法行为|主要违法事实|违法事实|案由|案件名称)[:]([^\n。□]{4,160})"
    r"|(?:以下|如下)(?:环境)?违法(?:行为|事实)[:]\n?([^\n。□]{4,400})"  # …实施了以下环境违法行为:\nX
)
_ACT = re.compile(
    r"(?:(?<=存在)|(?<=实施了)|(?<=属于)|(?<=构成)|(?<=有))(?P<act>[^。;:\n□《]{4,120}?)的(?:环境)?违法行为"
    r"|(?P<act2>[^。;:\n□《]{4,200}?)的(?:违法)?行为[,]?(?:已|均)?(?:涉嫌)?违反"
)
_CASE = re.compile(
    r"涉嫌(?P<act>[^。;:\n□《]{4,80}?)(?:的行为(?:予以|进行)?立案|一案)"
    r"|对(?:当事人|你单位|你公司|你)?(?P<act2>[^。;:\n□《]{4,80}?)的行为(?:予以|进行)?立案"
)
_FACTS = re.compile(r"(?:经查实|经查明|经查|现查明|查明|发现)[,:]?(?P<act>[^。\n]{6,400})")
# Sentences about the procedure, not the act.
_PROCEDURE = re.compile(r"审查终结|立案|调查终结|以下|如下|违反|证据")
# Words that only point back at the facts (上述行为, 该行为) or introduce them.
_EMPTY = re.compile(r"(?:上述|以上|前述|该|此|其|这一|这些|你单位|你公司|你|当事人|和证据|及证据|以下)+")
_SUBJECT = re.compile(
    r"(?:经查|经查明|综上|本局认为|本机关认为|我局认为|[,]|当事人[一二三四五六七八九十]?|你单位|你公司|你厂|你店|你诊所|你"
    r"|\(单位\)|该(?:单位|公司|厂|店|企业)|的|涉嫌|上述|其|存在|实施了)+"
)


def _clean(norm: Normalized, start: int, end: int) -> Found | None:
    text = norm.text
    lead = _SUBJECT.match(text, start, end)
    if lead:
        start = lead.end()
    while end > start and text[end - 1] in ",;:、 ":
        end -= 1
    value = text[start:end]
    if end - start < 4 or _EMPTY.fullmatch(value) or "□" in value or _PROCEDURE.search(value):
        return None
    if end - start > _MAX:
        cut = text.rfind(",", start, start + _MAX)
        if cut <= start:
            return None
        end = cut
    return Found(norm.verbatim(start, end), start, end)


def violation(norm: Normalized, masked: str) -> Found | None:
    for m in _LABELLED.finditer(masked):
        index = 1 if m.group(1) else 2
        found = _clean(norm, m.start(index), m.end(index))
        if found is not None:
            return found
    for m in _ACT.finditer(masked):
        if m.group("act"):
            found = _clean(norm, m.start("act"), m.end("act"))
        else:  # the whole clause before 的行为违反, not only what the lazy match began with
            start = max(masked.rfind(c, 0, m.end("act2")) for c in "。;\n:") + 1
            found = _clean(norm, start, m.end("act2"))
        if found is not None:
            return found
    for m in _CASE.finditer(masked):
        group = "act" if m.group("act") else "act2"
        if (found := _clean(norm, m.start(group), m.end(group))) is not None:
            return found
    for m in _FACTS.finditer(masked):
        if (found := _clean(norm, m.start("act"), m.end("act"))) is not None:
            return found
    return None

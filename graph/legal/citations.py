"""Legal citations: 《…》第X条第X款第X项, split into violated and applied provisions.

Works on the normalised view with quoted statute text masked ('□', see `nlp.text.quote_mask`).
A *scope* starts at a trigger (违反 → violated; 依据/根据/依照 → basis) and ends at 的规定/之规定,
a sentence end or the next trigger. Inside a scope one law may carry several articles
(第二十四条第一款、第三十条; compact 第四十一、五十一、七十四条); a law without an article is kept
only when the text says so (…》的规定) or the page ends there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

NUM = r"[0-9零〇一二三四五六七八九十百千两]+(?:\.[0-9]+)*"
LAW_RE = re.compile(
    r"(?P<std>(?:GB/T|GB|HJ|DB\d*)[0-9.]+-\d{4})?《(?P<law>[^《》\n□]{1,80})》(?P<qual>\([^()\n□]{1,40}\))?"
)
ART_RE = re.compile(
    rf"第?(?P<nums>{NUM}(?:[、,]{NUM})*)(?:条|(?=第{NUM}款))"
    rf"(?P<para>第{NUM}款)?(?P<item>第\(?{NUM}\)?项)?(?P<sub>第{NUM}目)?"
)
ITEM_RE = re.compile(rf"第\(?{NUM}\)?项(?!第)")
SEP_RE = re.compile(r"[、,和及与以:□关于]+")
LAW_SUFFIX = re.compile(r"(?:法|条例|规定|办法|细则|规则|决定|标准|规程|规范|解释|通则)(?:\([^()]*\))?$")
SAYS_SO = re.compile(r"^(?:的相关规定|的有关规定|的规定|之规定|规定|$)")


@dataclass(frozen=True)
class Citation:
    """One provision. `text` is the citation as the decision writes it (law + article parts);
    `pieces` are the normalised-text ranges it was assembled from (for offsets)."""

    law: str
    text: str
    pieces: tuple[tuple[int, int], ...]
    role: str = ""  # violated | basis


@dataclass
class _Scope:
    role: str
    start: int
    end: int
    citations: list[Citation] = field(default_factory=list)


def _keep_qualifier(qual: str | None) -> bool:
    return bool(qual) and "简称" not in (qual or "") and re.search(r"修正|修订|年", qual or "") is not None


def scan_scope(text: str, start: int, end: int, verbatim: object = None) -> list[Citation]:
    """Citations in text[start:end] (quote-masked normalised text)."""
    out: list[Citation] = []
    pos = start
    law: str | None = None
    law_piece: tuple[int, int] = (0, 0)
    law_text = ""
    law_has_article = False
    attached = False  # may a bare 第X条 still attach to `law`?
    while pos < end:
        m = LAW_RE.match(text, pos)
        if m and m.end() <= end:
            law = m.group("law")
            keep_q = _keep_qualifier(m.group("qual"))
            law_end = m.end() if keep_q else m.end("law") + 1
            law_piece = (m.start(), law_end)
            law_text = text[m.start() : law_end]
            law_has_article = False
            attached = True
            pos = m.end()
            if not ART_RE.match(text, pos) and SAYS_SO.match(
                text[pos:end] if end < len(text) else text[pos:]
            ):
                out.append(Citation(law, law_text, (law_piece,)))
            continue
        item = ITEM_RE.match(text, pos)
        if item and item.end() <= end and law is not None and attached and out and out[-1].law == law:
            # 第二十七条第一款第(一)项、第(二)项: the item list repeats the same article and paragraph
            base = re.sub(r"第\(?[^()第]+\)?项$", "", out[-1].text)
            if base != out[-1].text:
                out.append(Citation(law, base + item.group(), (law_piece, (item.start(), item.end()))))
                pos = item.end()
                continue
        a = ART_RE.match(text, pos)
        if a and a.end() <= end and law is not None and attached:
            rest = "".join(g for g in (a.group("para"), a.group("item"), a.group("sub")) if g)
            nums = re.split(r"[、,]", a.group("nums"))
            for num in nums:
                body = f"第{num}条{rest}" if num == nums[-1] else f"第{num}条"
                out.append(Citation(law, law_text + body, (law_piece, (a.start(), a.end()))))
            law_has_article = True
            pos = a.end()
            continue
        s = SEP_RE.match(text, pos)
        if s:
            pos = s.end()
            continue
        attached = False
        pos += 1
    del law_has_article
    return out


def is_statute(law: str, exclude: Sequence[str]) -> bool:
    """Laws, regulations, rules and standards; not discretion tables or procedural rules."""
    return LAW_SUFFIX.search(law) is not None and not any(word in law for word in exclude)


# 不再具备…第4条规定的条件 and 其行为符合…规定的追责情形 state the breached provision too.
VIOLATED_TRIGGER = re.compile(r"涉嫌违反了?|违反了?|违反的具体国家标准:?|不再具备|不具备|行为符合")
BASIS_TRIGGER = re.compile(r"依据:?|根据|依照|按照|参照|据此")
# The decision verb right after a 依据 scope: what follows is the decision itself, so remedy
# words further on (缴纳, 退还) do not make the scope a payment citation.
_DECIDED = re.compile(r"决定(?:给予|撤销|变更|作出|如下)")
TERMINATOR = re.compile(r"的相关规定|的有关规定|的规定|之规定|规定|。|;|\n|\.(?!\d)")


def classify(
    quoted: str,
    masked: str,
    exclude: Sequence[str],
    not_basis: Sequence[str],
    classifying: Sequence[str],
) -> list[Citation]:
    """All violated/basis citations of a document.

    `quoted`: normalised text with quotes masked; `masked`: also with 《…》 contents masked
    (so 规定 inside a law name is not a terminator). `not_basis`: words after a 依据 scope that
    show it supports something other than the penalty (扣押, 复议, 缴纳 …); `classifying`: words
    that show the cited provision classifies the act (按劣药论处) and so counts as violated.
    """
    triggers = sorted(
        [(m.start(), m.end(), "violated") for m in VIOLATED_TRIGGER.finditer(masked)]
        + [(m.start(), m.end(), "basis") for m in BASIS_TRIGGER.finditer(masked)]
    )
    out: list[Citation] = []
    for i, (t_start, t_end, role) in enumerate(triggers):
        limit = triggers[i + 1][0] if i + 1 < len(triggers) else len(masked)
        limit = min(limit, t_end + 220)
        term = TERMINATOR.search(masked, t_end, limit)
        end = term.start() if term else limit
        found = scan_scope(quoted, t_end, end)
        if not found:
            continue
        if role == "basis":
            sentence = masked[max(masked.rfind(c, 0, t_start) for c in "。;\n") + 1 : t_start]
            if "移送" in sentence:
                continue  # 已将案件移送公安机关,依照…予以行政拘留: another body's basis, not ours
            stop = re.compile(r"。|;|\n").search(masked, end)
            window = masked[end : min(stop.start() if stop else len(masked), end + 45)]
            decided = _DECIDED.search(window)
            if decided:  # 依据…的规定,本局决定撤销…已缴纳的罚没款予以退还: the basis of this decision
                window = window[: decided.start()]
            if any(word in window for word in not_basis):
                continue
            if any(word in window for word in classifying):
                role = "violated"
        for c in found:
            if is_statute(c.law, exclude):
                out.append(Citation(c.law, c.text, c.pieces, role))
    return out

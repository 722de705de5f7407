"""Legal citations: one grammar for 《…》第X条(之X)第X款第X项, used on structured columns and free text.

- `citations(text)`: every provision of a structured 处罚依据 value, numbers read as Arabic
  (`Citation.article == "124"`); `provision(citation)` makes the graph's Provision of one.
- `classify(...)`: the violated and applied provisions of a decision's free text.

Both read `LAW_RE` and `ART_RE`, and numbers through `numerals.parse_integer`.

`classify` works on the normalised view with quoted statute text masked ('□', see `nlp.text.quote_mask`).
A *scope* starts at a trigger (违反 → violated; 依据/根据/依照 → basis) and ends at 的规定/之规定,
a sentence end or the next trigger. Inside a scope one law may carry several articles
(第二十四条第一款、第三十条; compact 第四十一、五十一、七十四条); a law without an article is kept
only when the text says so (…》的规定) or the page ends there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from graph.ids import make_id, normalise
from graph.legal.numerals import parse_integer
from graph.model import Provision

# Full-width digits only occur in structured values (free text is width-folded first).
NUM = r"[0-9０-９零〇一二三四五六七八九十百千两]+(?:\.[0-9]+)*"
LAW_RE = re.compile(
    r"(?P<std>(?:GB/T|GB|HJ|DB\d*)[0-9.]+-\d{4})?《(?P<law>[^《》\n□]{1,80})》(?P<qual>\([^()\n□]{1,40}\))?"
)
ART_RE = re.compile(
    rf"第?(?P<nums>{NUM}(?:[、,]{NUM})*)(?:条(?:之(?P<sub_art>{NUM}))?|(?=第{NUM}款))"
    rf"(?P<para>第(?P<para_no>{NUM})款)?(?P<item>第[(（]?(?P<item_no>{NUM})[)）]?项)?(?P<sub>第{NUM}目)?"
)
ITEM_RE = re.compile(rf"第[(（]?(?P<item_no>{NUM})[)）]?项(?!第)")
# A paragraph after an article of the same law: 第三十四条第二款、第三款(第一项).
PARA_RE = re.compile(
    rf"第(?P<para_no>{NUM})款(?P<item>第[(（]?(?P<item_no>{NUM})[)）]?项)?(?P<sub>第{NUM}目)?(?!第{NUM}条)"
)
# Compact paragraph or item lists: 第二、三款 / 第(一)、(二)项 / 第一项和第三项 is ITEM_RE twice.
LIST_RE = re.compile(rf"第(?P<nums>[(（]?{NUM}[)）]?(?:[、,和及][(（]?{NUM}[)）]?)+)(?P<unit>[款项])")
# A law referred to instead of named (该法第五十七条, 同法第八十六条): the last law named before.
REF_RE = re.compile(
    r"(?P<ref>该法|本法|同法|上述法律|前述法律|该条例|本条例|上述条例|前述条例|该办法|本办法|上述办法|"
    r"该规定|该细则|本细则|上述细则)(?=第)"
)
# A law named without 《》 (双公示 rows, news): 中华人民共和国道路运输条例第六十三条. Only where a
# citation is expected: right after the trigger or after a separator that follows a citation.
BARE_LAW_RE = re.compile(
    rf"(?P<law>(?:中华人民共和国)?[\u4e00-\u9fff]{{2,30}}?(?:法|条例|细则|办法|规定|规则))(?=第?{NUM}条)"
)
_NOT_A_NAME = re.compile(r"[的和及与或对其被由为是应按依据照违反]|^(?:上述|前述|该|本|同|相关|有关)")
SEP_RE = re.compile(r"[、,和及以:□关于\u2060]+")
LAW_SUFFIX = re.compile(r"(?:法|条例|规定|办法|细则|规则|决定|标准|规程|规范|解释|通则|基准)(?:\([^()]*\))?$")
_CUT_ARTICLE = re.compile(r"第?[0-9零〇一二三四五六七八九十百千两]*")  # a page cut inside 第X条
SAYS_SO = re.compile(r"^(?:的相关规定|的有关规定|的规定|之规定|规定|$)")


def number(text: str | None) -> str | None:
    """A citation number as Arabic digits (一百二十四 → "124"); what is not a numeral stays as written."""
    if not text:
        return None
    value = parse_integer(text)
    return text if value is None else str(value)


@dataclass(frozen=True)
class Citation:
    """One provision. `text` is the citation as the text writes it (law + article parts);
    `pieces` are the normalised-text ranges it was assembled from (for offsets, free text only).
    `article` (`"74"`, `"13-1"` for 第十三条之一), `paragraph` and `item` are Arabic."""

    law: str
    text: str
    pieces: tuple[tuple[int, int], ...] = ()
    role: str = ""  # violated | basis
    article: str | None = None
    paragraph: str | None = None
    item: str | None = None

    @property
    def canonical(self) -> str:
        """《law》第74条第2款第1项: the form provisions are stored under."""
        parts = [f"《{self.law}》"]
        if self.article:
            parts.append(f"第{self.article}条")
        if self.paragraph:
            parts.append(f"第{self.paragraph}款")
        if self.item:
            parts.append(f"第{self.item}项")
        return "".join(parts)


def _articles(a: re.Match[str]) -> list[tuple[str, str | None, str | None, str | None]]:
    """(text, article, paragraph, item) per article of one `ART_RE` match; in a compact list
    (第四十一、五十一条第二款) 之X, the paragraph and the item belong to the last article."""
    nums = re.split(r"[、,]", a.group("nums"))
    rest = "".join(g for g in (a.group("para"), a.group("item"), a.group("sub")) if g)
    sub_art = a.group("sub_art")
    out: list[tuple[str, str | None, str | None, str | None]] = []
    for num in nums:
        if num != nums[-1]:
            out.append((f"第{num}条", number(num), None, None))
            continue
        article = f"{number(num)}-{number(sub_art)}" if sub_art else number(num)
        body = f"第{num}条" + (f"之{sub_art}" if sub_art else "") + rest
        out.append((body, article, number(a.group("para_no")), number(a.group("item_no"))))
    return out


@dataclass
class _Scope:
    role: str
    start: int
    end: int
    citations: list[Citation] = field(default_factory=list)


def _keep_qualifier(qual: str | None) -> bool:
    """A version note belongs to the law ((2004年8月28日第二次修正)); an abbreviation or the
    publishing notice ((海关总署公告2023年第182号)) does not."""
    q = qual or ""
    return re.search(r"修正|修订|年", q) is not None and re.search(r"简称|公告|号|令", q) is None


def _referred_law(text: str, pos: int, ref: str) -> re.Match[str] | None:
    """The last law named before `pos` that `ref` can mean: 该法 → …法 (not …办法), 该条例 → …条例."""
    kind = "条例" if "条例" in ref else "办法" if "办法" in ref else "规定" if "规定" in ref else "细则"
    if ref.endswith(("法", "法律")) and "办法" not in ref:
        kind = "法"
    found = None
    for m in LAW_RE.finditer(text, 0, pos):
        name = re.sub(r"\([^()]*\)$", "", m.group("law"))
        if name.endswith(kind) and not (kind == "法" and name.endswith("办法")):
            found = m
    return found


def scan_scope(text: str, start: int, end: int, verbatim: object = None) -> list[Citation]:
    """Citations in text[start:end] (quote-masked normalised text).

    A law carries the articles after it (第X条…、第Y条), a paragraph list (第二款、第三款), an item
    list (第(一)项、第(二)项 / 第一、三项) and an item without an article (《细则》第2项). A law
    named without an article is kept when the text says so (…》的规定, or the scope ends there) or
    when another law follows in the same list (《A条例》和《B条例》第五十条); 该法/同法/该条例
    第X条 resolve to the last law of that kind named before."""
    del verbatim
    out: list[Citation] = []
    pos = start
    law: str | None = None
    law_piece: tuple[int, int] = (0, 0)
    law_text = ""
    law_done = True  # the current law has an article or was kept bare
    attached = False  # may a bare 第X条 still attach to `law`?

    def tail_of(prev: Citation, unit: str) -> str | None:
        """prev.text without its trailing 款/项 parts (the base a list repeats)."""
        pattern = (
            r"(?:第\(?[^()第]+\)?款)?(?:第\(?[^()第]+\)?项)?(?:第[^第]+目)?$"
            if unit == "款"
            else (r"(?:第\(?[^()第]+\)?项)(?:第[^第]+目)?$")
        )
        base = re.sub(pattern, "", prev.text)
        return base if base != prev.text else None

    while pos < end:
        m = LAW_RE.match(text, pos)
        if m and m.end() <= end:
            if law is not None and attached and not law_done:
                out.append(Citation(law, law_text, (law_piece,)))  # 《A条例》和《B条例》第五十条
            law = m.group("law")
            keep_q = _keep_qualifier(m.group("qual"))
            law_end = m.end() if keep_q else m.end("law") + 1
            law_piece = (m.start(), law_end)
            law_text = text[m.start() : law_end]
            law_done = False
            attached = True
            pos = m.end()
            if (
                not ART_RE.match(text, pos)
                and not ITEM_RE.match(text, pos)
                and (SAYS_SO.match(text[pos:end].lstrip("□")) or _CUT_ARTICLE.fullmatch(text, pos))
            ):  # …》的规定, or the page ends in the article number (…》第一百二十)
                out.append(Citation(law, law_text, (law_piece,)))
                law_done = True
            continue
        bare = None
        if (pos == start or (attached and law is not None)) and text[pos] != "第":
            bare = BARE_LAW_RE.match(text, pos, end)
            if bare and _NOT_A_NAME.search(bare["law"].removeprefix("中华人民共和国")):
                bare = None
        if bare is not None:  # 依据中华人民共和国食品安全法第一百二十四条
            if law is not None and attached and not law_done:
                out.append(Citation(law, law_text, (law_piece,)))
            law, law_piece, law_text = bare["law"], (bare.start(), bare.end()), bare["law"]
            law_done, attached, pos = False, True, bare.end()
            continue
        ref = REF_RE.match(text, pos)
        if ref and ref.end() <= end and (named := _referred_law(text, pos, ref.group("ref"))) is not None:
            if law is not None and attached and not law_done:
                out.append(Citation(law, law_text, (law_piece,)))
            law = named.group("law")
            law_end = named.end() if _keep_qualifier(named.group("qual")) else named.end("law") + 1
            law_piece = (named.start(), law_end)
            law_text = text[named.start() : law_end]
            law_done, attached, pos = True, True, ref.end()
            continue
        if law is not None and attached:
            same = [c for c in out if c.law == law and c.article is not None]
            prev = same[-1] if same and out[-1] is same[-1] else None
            listed = LIST_RE.match(text, pos)
            if listed and listed.end() <= end and prev is not None:
                has = prev.paragraph if listed["unit"] == "款" else prev.item
                base = tail_of(prev, listed["unit"]) if has else prev.text
                if base is not None:  # 第二、三款 / 第(一)、(二)项: one citation each
                    if not has:
                        out.pop()  # 第二十八条 + 第一、二款: the list refines the article just read
                    for num in re.split(r"[、,和及]", listed["nums"]):
                        no = number(num.strip("()（）"))
                        para_no = no if listed["unit"] == "款" else prev.paragraph
                        item_no = no if listed["unit"] == "项" else None
                        body = f"{base}第{num}{listed['unit']}"
                        pieces = (law_piece, (listed.start(), listed.end()))
                        out.append(Citation(law, body, pieces, "", prev.article, para_no, item_no))
                    pos = listed.end()
                    continue
            pm = PARA_RE.match(text, pos)
            if pm and pm.end() <= end and prev is not None and prev.paragraph is not None:
                base = tail_of(prev, "款")
                if base is not None:  # 第三十四条第二款、第三款: the article repeats
                    pieces = (law_piece, (pm.start(), pm.end()))
                    more = replace(
                        prev, text=base + pm.group(), pieces=pieces,
                        paragraph=number(pm["para_no"]), item=number(pm["item_no"]),
                    )  # fmt: skip
                    out.append(more)
                    pos = pm.end()
                    continue
            item = ITEM_RE.match(text, pos)
            if item and item.end() <= end:
                base = tail_of(prev, "项") if prev is not None else None
                if prev is not None and base is not None:
                    # 第二十七条第一款第(一)项、第(二)项: the item list repeats the same article and paragraph
                    pieces = (law_piece, (item.start(), item.end()))
                    more = replace(
                        prev, text=base + item.group(), pieces=pieces, item=number(item["item_no"])
                    )
                    out.append(more)
                    pos = item.end()
                    continue
                if not law_done:  # 《…裁量细则》第2项: an item without an article
                    pieces = (law_piece, (item.start(), item.end()))
                    out.append(
                        Citation(
                            law, law_text + item.group(), pieces, "", None, None, number(item["item_no"])
                        )
                    )
                    law_done, pos = True, item.end()
                    continue
        a = ART_RE.match(text, pos)
        if a and a.end() <= end and law is not None and attached:
            for body, article, para_no, item_no in _articles(a):
                pieces = (law_piece, (a.start(), a.end()))
                out.append(Citation(law, law_text + body, pieces, "", article, para_no, item_no))
            law_done = True
            pos = a.end()
            continue
        s = SEP_RE.match(text, pos)
        if s:
            pos = s.end()
            continue
        attached = False
        pos += 1
    return out


def is_statute(law: str, exclude: Sequence[str]) -> bool:
    """Laws, regulations, rules and standards; not discretion tables or procedural rules."""
    return LAW_SUFFIX.search(law) is not None and not any(word in law for word in exclude)


# 不再具备…第4条规定的条件 and 其行为符合…规定的追责情形 state the breached provision too.
# 违法依据 / 定性依据 (disclosure rows) name the violated provisions; 处罚依据 the applied ones.
VIOLATED_TRIGGER = re.compile(
    r"涉嫌违反了?|违反了?|违反的具体国家标准:?|不再具备|不具备|行为符合|触犯了?|(?:违法|定性)依据[:|]?"
)
BASIS_TRIGGER = re.compile(r"(?<!违法)(?<!定性)依据:?|根据|依照|按照|参照|据此|[依按](?=《)")
# The decision verb right after a 依据 scope: what follows is the decision itself, so remedy
# words further on (缴纳, 退还) do not make the scope a payment citation.
_DECIDED = re.compile(r"决定(?:给予|撤销|变更|作出|如下)")
# Where a scope may end: 的规定, a sentence or line end, a clause comma. After 的规定 or a comma
# the scope goes on when another citation follows at once (…的规定和《B》第五条 / …第二款,2019年《证券法》…).
_SCOPE_END = re.compile(r"的相关规定|的有关规定|的规定|之规定|规定|。|;|\n|\.(?!\d)|,")
_CONTINUES = re.compile(
    r"(?:[、,和及与]|以及|并|同时|结合)*(?:(?:19|20)\d\d年)?(?:《|第|" + REF_RE.pattern.split("(?=")[0] + r"|"
    r"(?:GB/T|GB|HJ|DB\d*)[0-9.]+-\d{4}《)"
)
TERMINATOR = re.compile(r"的相关规定|的有关规定|的规定|之规定|规定|。|;|\n|\.(?!\d)")
# A citation broken over lines (PDF text, table cells): 《消防法》第\n十六条第一款第(四)\n项.
_NUM_CHARS = "0-9零〇一二三四五六七八九十百千两"
_BROKEN = re.compile(
    rf"(?<=[第条款项》、之)(:{_NUM_CHARS}])\n(?=[第条款项《之、]|的规定|之规定|[{_NUM_CHARS}]+[条款项]|\([{_NUM_CHARS}]+\)项)"
)


def _scope_end(masked: str, start: int, limit: int) -> int:
    pos = start
    while True:
        term = _SCOPE_END.search(masked, pos, limit)
        if term is None:
            return limit
        if term.group() in "。;\n." or not _CONTINUES.match(masked, term.end()):
            return term.start()
        pos = term.end()


def _join_lines(text: str) -> tuple[str, list[int] | None]:
    """`text` without line breaks inside citations, and the map back to `text` (None: unchanged)."""
    if _BROKEN.search(text) is None:
        return text, None
    keep = [True] * len(text)
    for m in _BROKEN.finditer(text):
        keep[m.start()] = False
    back = [i for i, k in enumerate(keep) if k]
    return "".join(c for c, k in zip(text, keep, strict=True) if k), back


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

    A scope runs from its trigger to the end of its clause (`_scope_end`), however long the
    statute text quoted inside it; line breaks inside a citation are read through.
    """
    quoted, back = _join_lines(quoted)
    if back is not None:
        masked = "".join(masked[i] for i in back)
    triggers = sorted(
        [(m.start(), m.end(), "violated") for m in VIOLATED_TRIGGER.finditer(masked)]
        + [(m.start(), m.end(), "basis") for m in BASIS_TRIGGER.finditer(masked)]
    )
    out: list[Citation] = []
    for i, (t_start, t_end, role) in enumerate(triggers):
        limit = triggers[i + 1][0] if i + 1 < len(triggers) else len(masked)
        end = _scope_end(masked, t_end, limit)
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
                out.append(replace(c, role=role))
    if back is not None:
        out = [replace(c, pieces=tuple((back[a], back[b - 1] + 1) for a, b in c.pieces)) for c in out]
    return out


# -- structured values (处罚依据 columns, reviewed extractions) ----------------------------------

# Between two articles of one law: separators and a version note (2019年修正).
_JOIN = re.compile(r"[\s、，,和及以及或(（]*(?:\d{4}年[^)）]*[)）])?[\s、，,和及以及或]*")


def law_key(law: str) -> str:
    """One law under its long and short title: 《中华人民共和国药品管理法》 = 《药品管理法》."""
    return normalise(law).removeprefix("中华人民共和国")


@lru_cache(maxsize=4096)  # 处罚依据 texts repeat across an authority's decisions
def citations(text: str | None) -> tuple[Citation, ...]:
    """Every 《law》 and the articles that follow it (`第七十四条、第七十五条第二款`), once each."""
    out: list[Citation] = []
    if not text:
        return ()
    laws = list(LAW_RE.finditer(text))
    for index, law in enumerate(laws):
        end = laws[index + 1].start() if index + 1 < len(laws) else len(text)
        position, clauses = law.end(), 0
        while True:
            gap = _JOIN.match(text, position, end)
            position = gap.end() if gap else position
            clause = ART_RE.match(text, position, end)
            if clause is None:
                break
            for body, article, para, item in _articles(clause):
                out.append(Citation(law["law"], f"《{law['law']}》{body}", (), "", article, para, item))
            position, clauses = clause.end(), clauses + 1
        if clauses == 0:
            out.append(Citation(law["law"], f"《{law['law']}》"))
    unique: dict[tuple[str, str | None, str | None, str | None], Citation] = {}
    for c in out:
        unique.setdefault((law_key(c.law), c.article, c.paragraph, c.item), c)
    return tuple(unique.values())


_VIOLATED_CLAUSE = re.compile(r"违反(?:了)?([^。；;]*)")


def violated(text: str | None) -> tuple[Citation, ...]:
    """The citations after 违反 in a structured 处罚事由 value, clause by clause."""
    return tuple(c for clause in _VIOLATED_CLAUSE.findall(text or "") for c in citations(clause))


def provision(citation: Citation) -> Provision:
    return Provision(
        id=make_id("prov", law_key(citation.law), citation.article, citation.paragraph, citation.item),
        law=citation.law,
        article=citation.article,
        paragraph=citation.paragraph,
        item=citation.item,
        citation=citation.canonical,
    )

"""Registered spaCy components. Each reads and fills `doc._.credit` (one `State` per doc).

The pipeline (see `nlp/config.cfg`) runs on `spacy.blank("zh")` with character segmentation:
normalise → header → parties → citations → penalties. Rules live in `nlp/patterns/*.jsonl`;
the components only orchestrate, so the same rules are unit-testable without spaCy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from graph.legal import citations
from nlp import header, layout, parties, penalties, violation
from nlp.resources import Found, words
from nlp.text import Normalized, normalize, quote_mask, repair_mojibake, title_mask


@dataclass
class State:
    norm: Normalized
    quoted: str  # quotes masked
    masked: str  # quotes and law names masked
    decision_no: Found | None = None
    authority: Found | None = None
    decision_date: Found | None = None
    parties: list[parties.Party] = field(default_factory=list)
    citations: list[citations.Citation] = field(default_factory=list)
    penalties: list[penalties.Item] = field(default_factory=list)
    violation: Found | None = None
    warnings: list[str] = field(default_factory=list)


if not Doc.has_extension("credit"):
    Doc.set_extension("credit", default=None)


def state(doc: Doc) -> State:
    value = doc._.credit
    if not isinstance(value, State):
        raise ValueError("credit_normalize must run first")
    return value


@Language.component("credit_normalize")
def credit_normalize(doc: Doc) -> Doc:
    text, repaired = repair_mojibake(doc.text)
    norm = normalize(text)
    quoted = quote_mask(norm.text)
    doc._.credit = State(norm, quoted, title_mask(quoted))
    if repaired:
        doc._.credit.warnings.append(
            f"文本含乱码(UTF-8 被按 GBK/Latin-1 读入),已修复 {repaired} 处;字段的位置指修复后的文本"
        )
    return doc


@Language.component("credit_header")
def credit_header(doc: Doc) -> Doc:
    st = state(doc)
    st.decision_no = header.decision_number(st.norm)
    st.authority = header.authority(st.norm)
    st.decision_date = header.decision_date(st.norm)
    return doc


@Language.component("credit_parties")
def credit_parties(doc: Doc) -> Doc:
    st = state(doc)
    st.parties = parties.parties(st.norm)
    return doc


@Language.factory("credit_citations", default_config={"patterns": "citations.jsonl"})
def make_citations(nlp: Language, name: str, patterns: str) -> CitationFinder:
    return CitationFinder(patterns)


class CitationFinder:
    def __init__(self, patterns: str) -> None:
        self.exclude = words(patterns, "exclude_law")
        self.not_basis = words(patterns, "not_basis")
        self.classifying = words(patterns, "classifying")

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        quoted, masked = citation_view(st.quoted), citation_view(st.masked)
        st.citations = citations.classify(quoted, masked, self.exclude, self.not_basis, self.classifying)
        # 第一百二十四条第一款“…”第五项: the item after the quoted paragraph belongs to it.
        for i, c in enumerate(st.citations):
            if len(c.pieces) == 2 and not re.search(r"项$", c.text):
                item = _ITEM_AFTER_QUOTE.match(quoted, c.pieces[1][1])
                if item:
                    piece = (item.start(1), item.end(1))
                    st.citations[i] = citations.Citation(
                        c.law, c.text + item.group(1), (*c.pieces, piece), c.role
                    )
        # A flattened table's 处罚依据 / 违法依据 column: the header is the trigger.
        have = {c.text for c in st.citations}
        for header_name, start, end in layout.column_cells(quoted):
            role = {"处罚依据": "basis", "法律依据": "basis", "违法依据": "violated", "违反条款": "violated"}
            if header_name in role:
                for c in citations.scan_scope(quoted, start, end):
                    if c.text not in have and citations.is_statute(c.law, self.exclude):
                        st.citations.append(citations.Citation(c.law, c.text, c.pieces, role[header_name]))
                        have.add(c.text)
        return doc


# Length-preserving rewrites for the citation scanner (offsets stay valid):
# - 违反了1.《建筑法》第七条、2.《条例》…: list numbers between the laws are separators;
# - a 违法行为类型 field of a 双公示 row lists the violated provisions: it reads as 违反;
# - commentary after the decision (三、法律解说 / 相关规定: / 法条链接) quotes law, cites nothing.
_LIST_NUMBER = re.compile(r"(?<=[了、,;:])\d{1,2}[.、](?=《)")
_VIOLATION_FIELD = re.compile(r"违法行为类型(?=[:|]*《)")


_BRACKETED_PARAGRAPH = re.compile(r"(?<=第)\(([0-9一二三四五六七八九十]{1,4})\)(?=款)")  # 第(二)款
_ITEM_AFTER_QUOTE = re.compile(r"□{4,}(第\(?[0-9一二三四五六七八九十]{1,4}\)?项)")
_BASIS_HEADING = re.compile(r"(?m)(?<=^处罚依据)\n(?=《)")  # 处罚依据\n《…》: heading, then its value
_BARE_ITEM = re.compile(r"(?<=条)\((?=[0-9一二三四五六七八九十]{1,4}\)项)")  # 第五十三条(二)项


def citation_view(text: str) -> str:
    text = _LIST_NUMBER.sub(lambda m: "、" * len(m.group()), text)
    text = _BRACKETED_PARAGRAPH.sub(lambda m: f"〇{m.group(1)}〇", text)
    text = _BARE_ITEM.sub("第", text)
    text = _VIOLATION_FIELD.sub("违反□□□□", text)
    text = _BASIS_HEADING.sub(":", text)
    cut = layout.body_end(text)  # appendix or commentary: quoted law, nothing cited
    return text[:cut] + "\n" * (len(text) - cut)


@Language.component("credit_penalties")
def credit_penalties(doc: Doc) -> Doc:
    st = state(doc)
    st.penalties, warnings = penalties.penalties(st.norm, st.masked)
    st.warnings.extend(warnings)
    return doc


@Language.component("credit_violation")
def credit_violation(doc: Doc) -> Doc:
    st = state(doc)
    st.violation = violation.violation(st.norm, st.masked)
    return doc

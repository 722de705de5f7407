"""`Extractor`: text → `Extraction` (the JSON of formats.md §7 plus spans and confidence)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from graph.legal.citations import Citation
from nlp import components, penalties  # registers the factories
from nlp.resources import Found
from nlp.text import Normalized

EXTRACTOR_VERSION = "nlp-rules/0.5.0"
CONFIG = Path(__file__).resolve().parent / "config.cfg"
Span = tuple[int, int]
# Complete decisions end with the remedies, a signature date (二〇二四年二月六日 too) or, for a
# 双公示 row, its source column. Matched on the simplified view so 復議/訴訟 count.
_CN = "[\\d〇零○一二三四五六七八九十]"
_EDITION = re.compile(r"(?:依据|根据|依照|按照|、|,|和|及)((?:19|20)\d\d年)")
_EDITION_AFTER = re.compile(r"\((?:19|20)\d\d年?(?:修订|修正)?\)")
_ENDING = re.compile(rf"复议|诉讼|此件|抄送|数据来源单位|{_CN}{{4}}年{_CN}{{1,3}}月{_CN}{{1,3}}日\s*$")


@dataclass
class Extraction:
    source_file: str
    decision_no: str | None = None
    authority: str | None = None
    decision_date: str | None = None
    parties: list[dict[str, Any]] = field(default_factory=list)
    violation: str | None = None
    legal_basis: list[str] = field(default_factory=list)
    violated_provisions: list[str] = field(default_factory=list)
    penalties: list[dict[str, Any]] = field(default_factory=list)
    total_fine_yuan: int | float | None = None
    spans: dict[str, Any] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "source_file": self.source_file,
            "extractor_version": EXTRACTOR_VERSION,
            "decision_no": self.decision_no,
            "authority": self.authority,
            "decision_date": self.decision_date,
            "parties": self.parties,
            "violation": self.violation,
            "legal_basis": self.legal_basis,
            "violated_provisions": self.violated_provisions,
            "penalties": self.penalties,
            "total_fine_yuan": self.total_fine_yuan,
            "spans": self.spans,
            "confidence": self.confidence,
            "warnings": self.warnings,
        }


def load_pipeline(config: Path = CONFIG) -> Language:
    cfg = spacy.util.load_config(config)
    return spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)


class Extractor:
    """Loads the pipeline once; `extract` for one text, `extract_many` streams with `nlp.pipe`."""

    def __init__(self, config: Path = CONFIG) -> None:
        self.nlp = load_pipeline(config)

    def extract(self, text: str, source_file: str = "") -> Extraction:
        return to_extraction(self.nlp(text), source_file)

    def extract_many(self, items: Iterable[tuple[str, str]], batch_size: int = 64) -> Iterator[Extraction]:
        """`items`: (text, source_file) pairs; results come back in order."""
        for doc, source in self.nlp.pipe(items, as_tuples=True, batch_size=batch_size):
            yield to_extraction(doc, source)


def to_extraction(doc: Doc, source_file: str) -> Extraction:
    st = components.state(doc)
    norm = st.norm
    out = Extraction(source_file=source_file, warnings=list(st.warnings))

    def span(found: Found | None) -> Span | None:
        return None if found is None else norm.span(found.start, found.end)

    def scalar(name: str, found: Found | None, confidence: float) -> None:
        if found is None:
            return
        setattr(out, name, found.value)
        out.spans[name] = span(found)
        out.confidence[name] = confidence

    scalar("decision_no", st.decision_no, 0.9)
    scalar("authority", st.authority, 0.85)
    scalar("decision_date", st.decision_date, 0.85)
    scalar("violation", st.violation, 0.6)
    for party in st.parties:
        fields = {"name": party.name, "uscc": party.uscc, "legal_rep": party.legal_rep,
                  "id_number": party.id_number, "address": party.address}  # fmt: skip
        prow: dict[str, Any] = {k: (None if v is None else v.value) for k, v in fields.items()}
        prow["kind"] = party.kind
        keys = ("name", "kind", "uscc", "legal_rep", "id_number", "address")
        out.parties.append({k: prow[k] for k in keys})
        out.spans.setdefault("parties", []).append({k: span(v) for k, v in fields.items() if v is not None})
    if st.parties:
        out.confidence["parties"] = 0.8
    view = components.citation_view(norm.text)
    cited: set[tuple[str, str, str]] = set()
    for c in st.citations:
        text = citation_text(norm, c, view)
        key = "violated_provisions" if c.role == "violated" else "legal_basis"
        target: list[str] = getattr(out, key)
        # One provision once, however the text spaces or glosses its repetitions, and whether
        # it names the law with or without 中华人民共和国 (the first form is kept).
        # (c.text is read from the normalised view: no spaces or glosses; the edition year is not in it)
        same = (key, text[: max(0, text.find("《"))], c.text.replace("中华人民共和国", ""))
        if same not in cited:
            cited.add(same)
            target.append(text)
            out.spans.setdefault(key, []).append([norm.span(a, b) for a, b in c.pieces])
    for key in ("violated_provisions", "legal_basis"):
        if getattr(out, key):
            out.confidence[key] = 0.85
    truncated = not _ENDING.search(norm.text[-400:])  # doc.text rebuilds the string per call
    if truncated:
        out.warnings.append("text appears cut off: fields after the cut are missing")
    fines = [p for p in st.penalties if p.type == "罚款"]
    # Multi-party: several parties, or items addressed to several (对银行…;对相关责任人…).
    addressees = {norm.text[a:b] for a, b in (i.addressee for i in st.penalties if i.addressee)}
    several = len(st.parties) > 1 or len(addressees) > 1
    for item in st.penalties:
        row: dict[str, Any] = {"type": item.type, "amount_yuan": item.amount}
        if several:  # multi-party decisions: whose penalty it is (the addressee, as written)
            said = None if item.addressee is None else norm.verbatim(*item.addressee)
            row["party"] = _party_of(said, [p["name"] for p in out.parties if p["name"]])
        out.penalties.append(row)
        out.spans.setdefault("penalties", []).append(norm.span(item.start, item.end))
    if st.penalties:
        out.confidence["penalties"] = 0.3 if any(p.cut for p in st.penalties) else 0.85
    if fines and all(p.amount is not None for p in fines):
        # A later violation whose penalty is cut off leaves the total unknown.
        later = [
            c
            for c in st.citations
            if c.role == "violated" and c.pieces[0][0] > fines[-1].end and not _in_table_row(norm.text, c)
        ]
        if not (truncated and later):
            out.total_fine_yuan = sum(p.amount for p in fines if p.amount is not None)
            stated = penalties.stated_total(st.masked)
            if stated is not None and stated > out.total_fine_yuan:
                out.total_fine_yuan = stated  # 合并 20,000 元: an item the page lost is in the total
            out.confidence["total_fine_yuan"] = 0.8
        else:
            out.warnings.append("a later violation's penalty is cut off: total fine unknown")
    return out


def _party_of(said: str | None, names: list[str]) -> str | None:
    """The party an item is addressed to: its name when the addressee is a short form of exactly
    one party (贵阳银行六盘水分行 → 贵阳银行股份有限公司六盘水分行), else the addressee as written."""
    if said is None:
        return None
    said = re.sub(r"^[\d一二三四五六七八九十]+名", "", said)  # 对1名相关责任人
    if said in names or len(said) < 4:
        return said

    def covers(name: str) -> bool:
        chars = iter(name)
        return all(ch in chars for ch in said)

    found = [n for n in names if covers(n)]
    return found[0] if len(found) == 1 else said


def _in_table_row(text: str, citation: Citation) -> bool:
    """A field of a 双公示 row (违法行为类型 | 《…》), not a later violation of the narrative."""
    start = citation.pieces[0][0]
    line = text[
        text.rfind("\n", 0, start) + 1 : text.find("\n", start) if "\n" in text[start:] else len(text)
    ]
    return "|" in line


def citation_text(norm: Normalized, citation: Citation, view: str | None = None) -> str:
    """Verbatim law + article; a compact list item (第四十一、五十一条) is rebuilt per article."""
    law_start, law_end = citation.pieces[0]
    law = norm.verbatim(law_start, law_end)
    # 依据2005年《证券法》…、2019年《证券法》…: the edition year belongs to the citation.
    year = _EDITION.search(norm.text, max(0, law_start - 8), law_start)
    if year is not None and year.end() == law_start:
        law = norm.verbatim(year.start(1), law_start) + law
    edition = _EDITION_AFTER.match(norm.text, law_end)  # 《广告法》(2018)第二十八条
    if edition is not None and not citation.text.startswith(norm.text[law_start : edition.end()]):
        law += norm.verbatim(law_end, edition.end())
    body = citation.text[law_end - law_start :]
    if len(citation.pieces) == 1:
        return law
    a, b = citation.pieces[1]
    view = norm.text if view is None else view  # the text the scanner read (components.citation_view)
    if view[a:b] == body:
        return law + norm.verbatim(a, b)
    if len(citation.pieces) == 3:  # article, then an item after a quote (第一款“…”第五项)
        c, d = citation.pieces[2]
        if view[a:b] + view[c:d] == body:
            return law + norm.verbatim(a, b) + norm.verbatim(c, d)
    if view[a:b] == body[1:]:  # 和9.3.8条: the 第 is implied
        return law + "第" + norm.verbatim(a, b)
    return law + body

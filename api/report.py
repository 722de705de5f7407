"""What a 信用报告 says: one subject's (or each bidder's of a tender) facts at an as-of date, as plain data.

The content is built from the read side only — the profile (registry data, penalties in their
publicity window, listings, licences, shareholders), controllers (queries/control.py),
one-hop associations and listed subjects within two hops (queries/paths.py), and the measures
catalogue's verdict for the chosen matter (queries/credit.py). It is a JSON-able dict so the
verification code (api/verification.py) is a keyed hash of exactly what the PDF shows.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from api.audit import AuditLog
from api.reportpdf import render
from api.verification import Issued, register, verification_code
from graph.cypher import statement
from graph.ids import entity_id_for_uscc
from graph.store import GraphStore
from ingest.catalogue.measures import MeasureCatalogue
from ingest.quarantine import state_path
from queries.common import EntityRef, Hops, PersonRef
from queries.control import controllers
from queries.credit import credit_check
from queries.paths import associated_risk, neighbourhood
from queries.profile import EntityProfile, entity_ids_by_uscc, entity_profiles

Content = dict[str, Any]

TENDER_BIDDERS = statement(
    """
MATCH (t:Tender {project_no: $tender})<-[:BID_FOR]-(:Bid)<-[:SUBMITTED]-(e:Entity)
WHERE e.uscc IS NOT NULL
RETURN DISTINCT e.uscc AS uscc ORDER BY uscc
""",
    tender="FZCG-2024-0088",
)

KINDS = {"company": "企业", "individual_business": "个体工商户", "organisation": "机关事业单位/社会组织"}
RELATIONS = {
    "LEGAL_REP_OF": "法定代表人",
    "SHAREHOLDER_OF": "股东",
    "OFFICER_OF": "主要人员",
    "ACTUAL_CONTROLLER_OF": "实际控制人",
    "LOCATED_AT": "住所",
    "HAS_PHONE": "联系电话",
    "HAS_EMAIL": "电子邮箱",
    "SUBMITTED": "投标",
}
SHOWN_ELSEWHERE = {"Case", "Listing", "Licence", "Bid"}


class ReportError(ValueError):
    """A report that cannot be made (the message is for people, in Chinese)."""


@dataclass(frozen=True)
class ReportRequest:
    usccs: list[str]
    purpose: str
    requester: str
    as_of: date
    matter: str | None = None  # a catalogue matter; None: 招标投标 for a tender, else no verdict
    tender: str | None = None


def report_number(now: datetime) -> str:
    return f"XYBG-{now:%Y%m%d}-{secrets.token_hex(4).upper()}"


def last_ingest(home: Path) -> str:
    """When the graph was last loaded: the ingest state's last change (ingest.sqlite), or 未知."""
    path = state_path(home)
    if not path.exists():
        return "未知（本图谱主目录中没有导入记录）"
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")


def tender_bidders(store: GraphStore, tender: str) -> list[str]:
    return [str(row["uscc"]) for row in store.read(TENDER_BIDDERS, tender=tender)]


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _yuan(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f} 元"


def _who(holder: EntityRef | PersonRef) -> str:
    if isinstance(holder, EntityRef):
        return f"{holder.name}（{holder.uscc}）" if holder.uscc else holder.name
    return f"{holder.name}（{holder.masked_id}）" if holder.masked_id else holder.name


def _section(
    store: GraphStore, profile: EntityProfile, day: date, matter: str | None, catalogue: MeasureCatalogue
) -> Content:
    e = profile.entity
    cases = [
        {
            "decision_no": v.case.decision_no,
            "authority": v.authority or v.case.authority or "—",
            "decided_on": _day(v.case.decision_date),
            "types": "、".join(s.type for s in v.sanctions) or "—",
            "fine": _yuan(v.case.total_fine_yuan),
            "severity": v.case.severity or "未分类",
            "publicity_end": _day(v.case.publicity_end),
        }
        for v in profile.cases
        if v.visible and v.case.published
    ]
    listings = [
        {
            "list_name": v.listing.list_name,
            "polarity": {"black": "黑名单", "red": "红名单"}.get(v.listing.polarity, "重点关注"),
            "listed_on": _day(v.listing.listed_on),
            "authority": v.authority or v.listing.authority or "—",
            "reason": v.listing.reason or "—",
        }
        for v in profile.listings
        if not v.listing.suppressed(day)
        and (v.in_effect or (v.listing.polarity != "black" and v.listing.removed_on is None))
    ]
    licences = [
        {
            "name": li.cert_name or li.doc_no,
            "number": li.licence_no or li.doc_no,
            "authority": li.authority or "—",
            "valid": "长期" if li.indefinite else f"{_day(li.decided_on)} 至 {_day(li.valid_to)}",
        }
        for li in profile.licences
    ]
    shareholders = [
        {"holder": _who(s.holder), "ratio": "—" if s.ratio is None else f"{s.ratio * 100:.2f}%"}
        for s in profile.shareholders
    ]
    control = [
        {
            "name": c.subject.name or c.subject.id,
            "kind": c.kind,
            "share": f"{c.effective_share * 100:.2f}%",
            "declared": "登记为实际控制人" if c.declared else "按持股推定",
        }
        for c in controllers(store, e.id, day)
    ]
    around = neighbourhood(store, e.id, 0, 40, day)
    associations = []
    for path in around.paths if around else ():
        other, rel = path.nodes[1], path.rels[0]
        if other.kind in SHOWN_ELSEWHERE:
            continue
        label = RELATIONS.get(rel.type, rel.type)
        direction = "本主体" if rel.start == e.id else (other.name or other.id)
        shown = {"relation": label, "with": other.name or other.id, "from": direction}
        if shown not in associations:  # records naming a person without an ID each scope their own node
            associations.append(shown)
    risk = [
        {
            "subject": hit.subject,
            "lists": "、".join(hit.lists),
            "hops": str(hit.path.length),
            "via": " → ".join(n.name or n.id for n in hit.path.nodes),
        }
        for hit in associated_risk(store, e.id, Hops.TWO, day, limit=20)
    ]
    verdict: Content | None = None
    if matter is not None and e.uscc:
        (result,) = credit_check(store, [e.uscc], matter, day, catalogue)
        verdict = {
            "matter": matter,
            "measures": [
                {
                    "measure": m.measure.measure,
                    "kind": m.measure.kind,
                    "basis": m.measure.basis,
                    "mandatory": "依法必须" if m.measure.mandatory else "裁量",
                    "record": m.record.label,
                }
                for m in result.measures
            ],
        }
    return {
        "uscc": e.uscc or "—",
        "name": e.name,
        "basic": [
            ["企业名称", e.name],
            ["统一社会信用代码", e.uscc or "—"],
            ["主体类型", KINDS.get(e.kind or "", e.kind or "—")],
            ["登记状态", e.status or "—"],
            ["成立日期", _day(e.founded_on)],
            ["注册资本", _yuan(e.registered_capital_yuan)],
            ["法定代表人", "、".join(dict.fromkeys(_who(p) for p in profile.legal_reps)) or "—"],
            ["住所", "；".join(dict.fromkeys(profile.addresses)) or "—"],
        ],
        "cases": cases,
        "listings": listings,
        "licences": licences,
        "shareholders": shareholders,
        "controllers": control,
        "associations": associations,
        "risk": risk,
        "verdict": verdict,
    }


def build_report(
    store: GraphStore, home: Path, request: ReportRequest, catalogue: MeasureCatalogue, now: datetime
) -> Content:
    """The report's content; raises ReportError for a subject the graph does not hold."""
    usccs = list(request.usccs)
    if request.tender:
        usccs = tender_bidders(store, request.tender)
        if not usccs:
            raise ReportError(f"图谱中没有项目编号为 {request.tender} 的投标人")
    ids = entity_ids_by_uscc(store, usccs)
    missing = [u for u in usccs if u not in ids]
    if missing:
        raise ReportError(f"图谱中没有统一社会信用代码为 {'、'.join(missing)} 的主体")
    profiles = entity_profiles(store, [ids[u] for u in usccs], request.as_of)
    matter = request.matter or ("招标投标" if request.tender else None)
    sections = [_section(store, profiles[ids[u]], request.as_of, matter, catalogue) for u in usccs]
    return {
        "title": "信用报告" if not request.tender else "投标人信用报告",
        "report_no": report_number(now),
        "issued_at": now.isoformat(timespec="seconds"),
        "as_of": request.as_of.isoformat(),
        "last_ingest": last_ingest(home),
        "purpose": request.purpose,
        "requester": request.requester,
        "matter": matter,
        "tender": request.tender,
        "catalogue_version": catalogue.version,
        "subjects": sections,
    }


@dataclass(frozen=True)
class IssuedReport:
    pdf: bytes
    content: Content
    issued: Issued


def issue(
    store: GraphStore,
    home: Path,
    request: ReportRequest,
    catalogue: MeasureCatalogue,
    audit: AuditLog,
    who: tuple[str, str, str],
) -> IssuedReport:
    """Build, sign, render and register one report, and audit it with its purpose.
    `who`: (key id, role, remote address) for the audit entry."""
    content = build_report(store, home, request, catalogue, datetime.now(UTC))
    code = verification_code(home, content)
    pdf = render(content, code)
    issued = register(home, content, code, pdf)
    subjects = [entity_id_for_uscc(s["uscc"]) for s in content["subjects"] if s["uscc"] != "—"]
    key_id, role, remote = who
    audit.record(
        key_id,
        role,
        "creditReport",
        [*subjects, "report:" + issued.report_no],
        remote,
        purpose=request.purpose,
    )
    return IssuedReport(pdf, content, issued)

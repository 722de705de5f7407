"""企业登记信息: basic info, shareholders and key people → Entity, Person and their relations.

Every registry row needs the company's valid USCC: it is the key the three tables share.

Identity exception (documented in formats.md terms): a company's own people without a full ID —
the legal representative of 企业基本信息 and the names in 主要人员信息 — are scoped to the company
(`uscc:<USCC>`), not to the row, so the 法定代表人 and the same name listed as 执行董事 of that
company are one person. They are still never merged with anyone outside the company. Shareholders
without a full ID stay scoped to their own row (a shareholder is not "the company's own").
"""

from __future__ import annotations

from graph.identity import NameRank, address, email, entity, person, phones
from graph.ids import entity_id_for_uscc
from graph.legal.codes import parse_uscc
from graph.legal.values import Invalid
from graph.model import Link, Node, Record, Rel
from ingest.fields import Row

LOADER = "ingest.registry/1"


def _company_scope(uscc: str) -> str:
    return f"uscc:{uscc}"


def map_basic_row(row: Row) -> Record:
    uscc = row.uscc("uscc")
    if uscc is None and not row.errors:
        row.error("uscc", "missing 统一社会信用代码 (registry rows are keyed by it)")
    name = row.required("name", "企业名称 (company name)")
    founded_on = row.date("founded_on")
    capital = row.wan("capital_wan")
    enterprise_type = row.text("enterprise_type")
    row.facts.name, row.facts.authority = name, row.text("registry_authority")
    row.reject_if_errors()
    assert uscc is not None

    company = entity(
        name,
        uscc,
        category=enterprise_type,
        name_rank=NameRank.REGISTRY,
        enterprise_type=enterprise_type,
        status=row.text("status"),
        founded_on=founded_on,
        registered_capital_yuan=capital,
        registry_authority=row.text("registry_authority"),
        extra_json=row.extra_json(),
    )
    if enterprise_type and ("个体" in enterprise_type) != uscc.startswith("92"):
        row.warn("enterprise_type", f"企业类型 {enterprise_type} does not fit USCC prefix {uscc[:2]}")
    nodes: list[Node] = [company]
    links: list[Link] = []
    if rep := row.text("legal_rep"):
        rep_person = person(
            rep, row.id_number("legal_rep_id"), _company_scope(uscc), row.ctx.secret, NameRank.REGISTRY
        )
        nodes.append(rep_person)
        links.append(Link(Rel.LEGAL_REP_OF, rep_person.id, company.id))
    if controller := _actual_controller(row, uscc):
        nodes.append(controller)
        links.append(Link(Rel.ACTUAL_CONTROLLER_OF, controller.id, company.id))
    if text := row.text("address"):
        place = address(text)
        nodes.append(place)
        links.append(Link(Rel.LOCATED_AT, company.id, place.id))
    for phone in phones(row.text("phone") or ""):
        nodes.append(phone)
        links.append(Link(Rel.HAS_PHONE, company.id, phone.id))
    if (text := row.text("email")) and "@" in text:
        mail = email(text)
        nodes.append(mail)
        links.append(Link(Rel.HAS_EMAIL, company.id, mail.id))
    return row.record(nodes, links)


def _actual_controller(row: Row, uscc: str) -> Node | None:
    """实际控制人 (formats.md §5): an organisation when its 证件号码 is a valid USCC, else a person
    identified like the legal representative (ID hash, or scoped to the company without a full ID)."""
    name = row.text("actual_controller")
    if name is None:
        return None
    code = row.text("actual_controller_id")
    if code and "*" not in code:
        try:
            org = parse_uscc(code)
        except Invalid:
            org = None
        if org is not None:
            return entity(name, org)
    id_number = row.id_number("actual_controller_id")
    return person(name, id_number, _company_scope(uscc), row.ctx.secret)


def _company(row: Row) -> str | None:
    uscc = row.uscc("uscc")
    if uscc is None and not row.errors:
        row.error("uscc", "missing 统一社会信用代码 of the company")
    return uscc


def map_shareholder_row(row: Row) -> Record:
    uscc = _company(row)
    holder_name = row.required("holder_name", "股东名称 (shareholder name)")
    holder_type = row.text("holder_type") or ""
    code = row.text("holder_code")
    ratio = row.ratio("ratio")
    subscribed = row.wan("subscribed_wan")
    row.facts.name = holder_name
    natural = "自然人" in holder_type or (code is not None and len(code) in (15, 18) and "*" in code)
    holder_uscc = None
    if not natural and code:
        try:
            holder_uscc = parse_uscc(code)
        except Invalid as exc:
            row.error("holder_code", exc.reason)
    id_number = row.id_number("holder_code") if natural else None
    row.reject_if_errors()
    assert uscc is not None

    holder: Node = (
        person(holder_name, id_number, row.scope, row.ctx.secret, NameRank.REGISTRY_MENTION)
        if natural
        else entity(holder_name, holder_uscc, name_rank=NameRank.REGISTRY_MENTION)
    )
    target = entity_id_for_uscc(uscc)
    props: dict[str, object] = {
        "ratio": ratio,
        "subscribed_yuan": subscribed,
        "holder_type": holder_type or None,
        "extra_json": row.extra_json(),
    }
    return row.record([holder], [Link(Rel.SHAREHOLDER_OF, holder.id, target, props)])


def map_people_row(row: Row) -> Record:
    uscc = _company(row)
    name = row.required("name", "姓名 (name)")
    id_number = row.id_number("id_no")
    row.facts.name = name
    row.reject_if_errors()
    assert uscc is not None

    officer = person(name, id_number, _company_scope(uscc), row.ctx.secret, NameRank.REGISTRY)
    props: dict[str, object] = {"role": row.text("role"), "extra_json": row.extra_json()}
    return row.record([officer], [Link(Rel.OFFICER_OF, officer.id, entity_id_for_uscc(uscc), props)])


def companies_needed(record: Record) -> set[str]:
    """Shareholder and officer rows link to a company they do not describe: it must exist already
    (loaded from 企业基本信息), else the link would silently match nothing."""
    return {link.target for link in record.links if link.type in (Rel.SHAREHOLDER_OF, Rel.OFFICER_OF)}

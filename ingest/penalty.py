"""双公示 行政处罚 rows (both generations) → Case, party, Authority, Sanctions, Provisions.

Shape: party -PARTY_TO-> Case -DECIDED_BY-> Authority; Case -IMPOSES-> Sanction {type, amount_yuan};
Case -APPLIED-> Provision (from 处罚依据) and Case -VIOLATED-> Provision (citations after 违反 in
违法事实); a named 法定代表人 of an organisation party -LEGAL_REP_OF-> the party.
"""

from __future__ import annotations

from graph.identity import NameRank, authority, entity, person, region_of
from graph.ids import case_id, make_id
from graph.legal import citations, penalties
from graph.legal.codes import category_warning, parse_org_code, parse_uscc
from graph.legal.values import Invalid
from graph.model import Case, Entity, Link, Node, Person, Record, Rel, Sanction
from ingest.fields import Row

LOADER = "ingest.penalty/1"


def party(row: Row) -> tuple[list[Node], list[Link], Entity | Person]:
    """The 行政相对人: a person for 自然人 (or an ID and no code), else an entity."""
    name = row.required("name", "行政相对人名称 (party name)")
    if name and set(name) <= {"*"}:
        row.error("name", "party name is masked")
    category = row.text("category")
    uscc = row.uscc("uscc")
    id_number = row.id_number("id_no")
    row.facts.name = name
    if category and "自然人" in category and not uscc:
        return [], [], person(name, id_number, row.scope, row.ctx.secret, NameRank.DISCLOSURE)
    row.warn("category", category_warning(category, uscc))
    codes = []
    if (org := row.text("org_code")) and not uscc:
        try:
            codes.append(parse_org_code(org))
        except Invalid as exc:
            row.warn("org_code", str(exc))
    codes += [c for k in ("reg_no", "tax_no", "inst_no", "socorg_no") if (c := row.text(k))]
    region = row.text("region_code") or region_of(row.text("authority_uscc") or row.text("data_source_uscc"))
    subject = entity(name, uscc, region, category, NameRank.DISCLOSURE, other_codes=tuple(codes))
    nodes: list[Node] = []
    links: list[Link] = []
    if (rep := row.text("legal_rep")) and not set(rep) <= {"*"}:
        rep_id = row.id_number("legal_rep_id")
        rep_person = person(rep, rep_id, row.scope, row.ctx.secret, NameRank.DISCLOSURE)
        nodes.append(rep_person)
        links.append(Link(Rel.LEGAL_REP_OF, rep_person.id, subject.id))
    return nodes, links, subject


# formats.md §1 mandatory items that do not identify the row: a miss is a warning (the row loads).
_ALWAYS = [
    ("category", "行政相对人类别"),
    ("violation_type", "违法行为类型"),
    ("facts", "违法事实"),
    ("basis", "处罚依据"),
    ("content", "处罚内容"),
    ("publicity_until", "公示截止期"),
    ("data_source", "数据来源单位"),
]
_TYPES = ("types", "types1", "types2")


def check_mandatory(
    row: Row, subject: Entity | Person, types_text: str, fine: float | None, auth_uscc: str | None
) -> None:
    """Warn on every mandatory item the row lacks or holds invalid, naming the item."""
    for key, item in _ALWAYS:
        if not row.text(key):
            row.mandatory(key, item)
    if not types_text:
        row.mandatory(next((k for k in _TYPES if k in row.headers), "types"), "处罚类别")
    elif "罚款" in penalties.penalty_types(types_text) and fine is None:
        row.mandatory("fine_wan" if "fine_wan" in row.headers else "fine_yuan", "罚款金额")
    if isinstance(subject, Person):
        for key, item in (("id_type", "证件类型"), ("id_no", "证件号码")):
            if not row.text(key):
                row.mandatory(key, item)
    elif subject.kind != "individual_business":
        if not subject.uscc:
            row.mandatory("uscc", "统一社会信用代码")
        if not row.text("legal_rep"):
            row.mandatory("legal_rep", "法定代表人")
    for key, item, code in (
        ("authority_uscc", "处罚机关统一社会信用代码", auth_uscc),
        ("data_source_uscc", "数据来源单位统一社会信用代码", None),
    ):
        if not row.text(key):
            row.mandatory(key, item)
        elif code is None:
            try:
                parse_uscc(row.values.get(key))
            except Invalid as exc:
                row.mandatory(key, item, exc.reason)


def map_row(row: Row) -> Record:
    nodes, links, subject = party(row)
    decision_no = row.required("decision_no", "行政处罚决定书文号 (decision number)")
    authority_name = row.required("authority", "处罚机关 (authority)")
    row.facts.authority = authority_name or None
    decided_on = row.date("decision_date")
    if decided_on is None and not row.text("decision_date"):
        row.error("decision_date", "缺少处罚决定日期（标识一条处罚的必填项）")
    row.facts.decision_date = decided_on
    row.facts.disclosed_on = row.date("disclosed_on")
    valid_until, _ = row.end_date("valid_until")
    publicity_until, _ = row.end_date("publicity_until")
    fine = row.wan("fine_wan")
    if fine is None:
        fine = row.yuan("fine_yuan")
    confiscated = row.wan("confiscated_wan")
    auth_uscc = row.uscc_soft("authority_uscc")
    types_text = "、".join(t for k in ("types", "types1", "types2") if (t := row.text(k)))
    content = row.text("content")
    check_mandatory(row, subject, types_text, fine, auth_uscc)
    row.reject_if_errors()

    the_case = Case(
        id=case_id(authority_name, decision_no),
        decision_no=decision_no,
        authority=authority_name,
        decision_date=decided_on,
        case_name=row.text("case_name"),
        violation_type=row.text("violation_type"),
        facts=row.text("facts"),
        basis_text=row.text("basis"),
        content=content,
        total_fine_yuan=fine,
        confiscated_yuan=confiscated,
        licence_action=row.text("licence_action"),
        valid_until=valid_until,
        publicity_until=publicity_until,
        disclosed_on=row.facts.disclosed_on,
        data_source=row.text("data_source"),
        # 当前状态 (CF_ZT) is the publisher's word; `status` stays the product's own publication state.
        extra_json=row.extra_json(
            power_code=row.text("power_code"),
            updated_at=row.text("updated_at"),
            note=row.text("note"),
            penalty_types_raw=types_text or None,
            publisher_status=row.text("status"),
        ),
    )
    body = authority(authority_name, auth_uscc)
    nodes += [subject, the_case, body]
    links += [Link(Rel.PARTY_TO, subject.id, the_case.id), Link(Rel.DECIDED_BY, the_case.id, body.id)]
    confiscation_left = confiscated
    for kind in penalties.penalty_types(types_text or None, content):
        amount = None
        if kind == "罚款":
            amount = fine
        elif kind.startswith("没收") and confiscation_left is not None:
            amount, confiscation_left = confiscation_left, None  # one amount column for both
        sanction = Sanction(
            id=make_id("sanction", the_case.id, subject.id, kind), type=kind, amount_yuan=amount, text=content
        )
        nodes.append(sanction)
        links.append(Link(Rel.IMPOSES, the_case.id, sanction.id))
    for citation in citations.citations(row.text("basis")):
        provision = citations.provision(citation)
        nodes.append(provision)
        links.append(Link(Rel.APPLIED, the_case.id, provision.id))
    for citation in citations.violated(row.text("facts")):
        provision = citations.provision(citation)
        nodes.append(provision)
        links.append(Link(Rel.VIOLATED, the_case.id, provision.id))
    return row.record(nodes, links)

"""Black/red list rows and 失信被执行人 rows → dated Listing nodes.

subject -LISTED_IN-> Listing -LISTED_BY-> Authority. The Listing key is list + subject + listed_on
(plus the case number for 失信被执行人, where one debtor may be listed for several cases). Columns
the model has no field for ride on LISTED_IN as `extra_json`, so nothing in the file is lost.
"""

from __future__ import annotations

from graph.identity import authority, entity, person
from graph.ids import make_id
from graph.legal.codes import is_masked, parse_org_code
from graph.legal.values import Invalid
from graph.model import Link, Listing, Node, Record, Rel
from ingest.fields import Row

LOADER = "ingest.lists/1"
DISHONEST_LIST = "失信被执行人"


def polarity(text: str | None) -> str:
    return "red" if text and ("红" in text or "red" in text.lower()) else "black"


def map_list_row(row: Row) -> Record:
    list_name = row.required("list_name", "名单名称 (list name)")
    name = row.required("name", "主体名称 (subject name)")
    uscc = row.uscc("uscc")
    listed_on = row.date("listed_on")
    removed_on = row.date("removed_on")
    body_name = row.text("authority")
    row.facts.authority, row.facts.name, row.facts.decision_date = body_name, name, listed_on
    if listed_on and removed_on and removed_on < listed_on:
        row.error("removed_on", f"removed ({removed_on}) before listed ({listed_on})")
    row.reject_if_errors()

    subject = entity(name, uscc)
    listing = Listing(
        id=make_id("listing", list_name, subject.id, listed_on.isoformat() if listed_on else None),
        list_name=list_name,
        polarity=polarity(row.text("polarity")),
        listed_on=listed_on,
        removed_on=removed_on,
        reason=row.text("reason"),
        removal_reason=row.text("removal_reason"),
        authority=body_name,
    )
    nodes: list[Node] = [subject, listing]
    links = [Link(Rel.LISTED_IN, subject.id, listing.id, {"extra_json": row.extra_json()})]
    if body_name:
        body = authority(body_name)
        nodes.append(body)
        links.append(Link(Rel.LISTED_BY, listing.id, body.id))
    if rep := row.text("legal_rep"):
        rep_person = person(rep, None, row.scope, row.ctx.secret)
        nodes.append(rep_person)
        links.append(Link(Rel.LEGAL_REP_OF, rep_person.id, subject.id))
    return row.record(nodes, links)


def map_dishonest_row(row: Row) -> Record:
    """A debtor is a person when the row has sex/age or an ID-shaped code, else an organisation."""
    name = row.required("name", "被执行人姓名/名称 (debtor name)")
    court = row.required("court", "执行法院 (court)")
    code = row.text("code")
    province = row.text("province")
    published_on = row.date("published_on")
    filed_on = row.date("filed_on")
    removed_on = row.date("removed_on")
    row.facts.authority, row.facts.name = court or None, name
    row.facts.decision_date, row.facts.disclosed_on = filed_on, published_on
    looks_personal = bool(row.text("sex") or row.text("age")) or bool(code and is_masked(code))
    nodes: list[Node] = []
    links: list[Link] = []
    if looks_personal:
        subject: Node = person(name, row.id_number("code"), row.scope, row.ctx.secret)
    else:
        uscc: str | None = None
        other: tuple[str, ...] = ()
        if code and len(code.replace("-", "")) == 18:
            uscc = row.uscc("code")
        elif code:
            try:
                other = (parse_org_code(code),)
            except Invalid as exc:
                row.error("code", exc.reason)
        subject = entity(name, uscc, province, other_codes=other)
        if rep := row.text("legal_rep"):
            rep_person = person(rep, None, row.scope, row.ctx.secret)
            nodes.append(rep_person)
            links.append(Link(Rel.LEGAL_REP_OF, rep_person.id, subject.id))
    row.reject_if_errors()

    case_no = row.text("case_no")
    listed_on = published_on or filed_on
    listing = Listing(
        id=make_id("listing", DISHONEST_LIST, subject.id, case_no, str(listed_on or "")),
        list_name=DISHONEST_LIST,
        polarity="black",
        listed_on=listed_on,
        removed_on=removed_on,
        reason=row.text("behaviour"),
        authority=court,
        court=court,
        case_no=case_no,
        basis_no=row.text("basis_no"),
        obligation=row.text("obligation"),
        performance=row.text("performance"),
        behaviour=row.text("behaviour"),
        published_on=published_on,
    )
    body = authority(court)
    nodes += [subject, listing, body]
    extra = row.extra_json(
        filed_on=filed_on.isoformat() if filed_on else None,
        basis_unit=row.text("basis_unit"),
        province=province,
        sex=row.text("sex"),
        age=row.text("age"),
    )
    links += [
        Link(Rel.LISTED_IN, subject.id, listing.id, {"extra_json": extra}),
        Link(Rel.LISTED_BY, listing.id, body.id),
    ]
    return row.record(nodes, links)

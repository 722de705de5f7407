"""Black/red list rows and 失信被执行人 rows → dated Listing nodes.

subject -LISTED_IN-> Listing -LISTED_BY-> Authority. The Listing key is list + subject + listed_on
(plus the case number for 失信被执行人, where one debtor may be listed for several cases). Columns
the model has no field for ride on LISTED_IN as `extra_json`, so nothing in the file is lost.
"""

from __future__ import annotations

from graph.identity import NameRank, authority, entity, person
from graph.ids import make_id
from graph.legal.codes import is_masked, parse_org_code
from graph.legal.values import Invalid
from graph.lifecycle.listings import listing_window
from graph.model import Link, Listing, Node, Polarity, Record, Rel
from ingest.fields import Row

LOADER = "ingest.lists/1"
DISHONEST_LIST = "失信被执行人"


EXPLICIT = "名单类别"
CATALOGUE = "名单目录"


def stated_polarity(text: str | None) -> str | None:
    """名单类别 as written: 黑名单 / 红名单 / 重点关注名单 (and plain black/red); None when unreadable."""
    if not text:
        return None
    lowered = text.lower()
    if "重点关注" in text or lowered == "watch":
        return Polarity.WATCH
    if "红" in text or "守信" in text or lowered == "red":
        return Polarity.RED
    if "黑" in text or "失信" in text or lowered == "black":
        return Polarity.BLACK
    return None


def polarity(row: Row, list_name: str) -> tuple[str, str] | None:
    """(polarity, what decided it): explicit 名单类别, else the catalogue; None records the error."""
    text = row.text("polarity")
    known = row.ctx.catalogue.lookup(list_name) if list_name else None
    if text:
        stated = stated_polarity(text)
        if stated is None:
            row.error("polarity", f"名单类别「{text}」无法识别（应为 黑名单、红名单 或 重点关注名单）")
            return None
        if known is not None and known.polarity != stated:
            row.warn(
                "polarity",
                f"名单类别「{text}」与名单目录中「{known.name}」的类别（{known.polarity}）不一致，按名单类别处理",
            )
        return stated, EXPLICIT
    if known is not None:
        return known.polarity, CATALOGUE
    if list_name:
        row.error("polarity", f"名单类别为空，且名单目录中没有「{list_name}」：无法判断是黑名单还是红名单")
    return None


def map_list_row(row: Row) -> Record:
    list_name = row.required("list_name", "名单名称 (list name)")
    name = row.required("name", "主体名称 (subject name)")
    uscc = row.uscc("uscc")
    listed_on = row.date("listed_on")
    removed_on = row.date("removed_on")
    valid_until, _ = row.end_date("valid_until")
    decided = polarity(row, list_name)
    body_name = row.text("authority")
    row.facts.authority, row.facts.name, row.facts.decision_date = body_name, name, listed_on
    if listed_on and removed_on and removed_on < listed_on:
        row.error("removed_on", f"removed ({removed_on}) before listed ({listed_on})")
    if listed_on and valid_until and valid_until < listed_on:
        row.error("valid_until", f"有效期至 {valid_until} 早于列入日期 {listed_on}")
    row.reject_if_errors()
    assert decided is not None

    subject = entity(name, uscc, name_rank=NameRank.LISTS)
    window = listing_window(listed_on, row.ctx.catalogue.rule_for(list_name))
    listing = Listing(
        id=make_id("listing", list_name, subject.id, listed_on.isoformat() if listed_on else None),
        list_name=list_name,
        polarity=decided[0],
        polarity_basis=decided[1],
        listed_on=listed_on,
        valid_until=valid_until,
        removed_on=removed_on,
        reason=row.text("reason"),
        removal_reason=row.text("removal_reason"),
        authority=body_name,
        min_end=window.min_end,
        max_end=window.max_end,
        repaired_by=window.repaired_by,
    )
    nodes: list[Node] = [subject, listing]
    links = [Link(Rel.LISTED_IN, subject.id, listing.id, {"extra_json": row.extra_json()})]
    if body_name:
        body = authority(body_name)
        nodes.append(body)
        links.append(Link(Rel.LISTED_BY, listing.id, body.id))
    if rep := row.text("legal_rep"):
        rep_person = person(rep, None, row.scope, row.ctx.secret, name_rank=NameRank.LISTS)
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
        subject: Node = person(name, row.id_number("code"), row.scope, row.ctx.secret, NameRank.LISTS)
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
        subject = entity(name, uscc, province, other_codes=other, name_rank=NameRank.LISTS)
        if rep := row.text("legal_rep"):
            rep_person = person(rep, None, row.scope, row.ctx.secret, NameRank.LISTS)
            nodes.append(rep_person)
            links.append(Link(Rel.LEGAL_REP_OF, rep_person.id, subject.id))
    row.reject_if_errors()

    case_no = row.text("case_no")
    listed_on = published_on or filed_on
    window = listing_window(listed_on, row.ctx.catalogue.rule_for(DISHONEST_LIST))
    listing = Listing(
        id=make_id("listing", DISHONEST_LIST, subject.id, case_no, str(listed_on or "")),
        list_name=DISHONEST_LIST,
        polarity=Polarity.BLACK,
        polarity_basis=CATALOGUE,
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
        min_end=window.min_end,
        max_end=window.max_end,
        repaired_by=window.repaired_by,
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

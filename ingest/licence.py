"""双公示 行政许可 rows → Licence: holder -HOLDS-> Licence -ISSUED_BY-> Authority.

The key is authority + 行政许可决定文书号 (许可编号 stands in when the document number is absent).
有效期至 2099-12-31 is 长期: `valid_to` stays empty and `indefinite` is true.
"""

from __future__ import annotations

from graph.identity import authority
from graph.ids import make_id
from graph.model import Licence, Link, Rel
from graph.model import Record as GraphRecord
from ingest.fields import Row
from ingest.penalty import party

LOADER = "ingest.licence/1"


def map_row(row: Row) -> GraphRecord:
    nodes, links, holder = party(row)
    doc_no = row.text("doc_no") or row.text("licence_no")
    if doc_no is None:
        row.error("doc_no", "missing 行政许可决定文书号 and 许可编号")
    authority_name = row.required("authority", "许可机关 (licensing authority)")
    row.facts.authority = authority_name or None
    decided_on = row.date("decision_date")
    row.facts.decision_date, row.facts.disclosed_on = decided_on, row.date("disclosed_on")
    valid_from = row.date("valid_from")
    valid_to, indefinite = row.end_date("valid_to")
    auth_uscc = row.uscc_soft("authority_uscc")
    if valid_from and valid_to and valid_to < valid_from:
        row.error("valid_to", f"valid to {valid_to} before valid from {valid_from}")
    row.reject_if_errors()
    assert doc_no is not None

    licence = Licence(
        id=make_id("licence", authority_name, doc_no),
        doc_no=doc_no,
        authority=authority_name,
        doc_name=row.text("doc_name"),
        category=row.text("licence_category"),
        cert_name=row.text("cert_name"),
        licence_no=row.text("licence_no"),
        content=row.text("content"),
        decided_on=decided_on,
        valid_from=valid_from,
        valid_to=valid_to,
        indefinite=indefinite,
        status=row.text("status"),
    )
    body = authority(authority_name, auth_uscc)
    nodes += [holder, licence, body]
    links += [
        Link(Rel.HOLDS, holder.id, licence.id, {"extra_json": row.extra_json()}),
        Link(Rel.ISSUED_BY, licence.id, body.id),
    ]
    return row.record(nodes, links)

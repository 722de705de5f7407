"""One node of any kind as the explorer's details panel shows it: properties and provenance, by role."""

from __future__ import annotations

from datetime import date

import strawberry

from api.gql.context import Context
from api.roles import MASKED_IDS, PERSONAL_CONTACT, mask_phone
from graph.legal.penalties import ART9
from graph.model import Label
from queries.common import NodeRef
from queries.nodes import NodeDetails

Info = strawberry.Info[Context, None]


@strawberry.type(description="One property of a node: its stored key and its value as text.")
class NodeProperty:
    key: str
    value: str


@strawberry.type(description="Where a node came from (ingest provenance).")
class NodeProvenance:
    source: str | None = strawberry.field(description="The dataset or document first seen in.")
    record: str | None = strawberry.field(description="The record (row, span) in that source.")
    loader: str | None
    first_seen: date | None
    last_seen: date | None
    sources: list[str] = strawberry.field(description="Every source that has named it.")


@strawberry.type(description="A penalty item of a case (type and amount in yuan).")
class NodeSanction:
    type: str = strawberry.field(description="One of: " + "、".join(ART9) + " (行政处罚法 art. 9).")
    amount_yuan: float | None


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "；".join(_text(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@strawberry.type(description="A node of any kind with all the properties the caller's role may see.")
class NodeDetail:
    id: strawberry.ID
    kind: Label
    name: str | None
    properties: list[NodeProperty]
    provenance: NodeProvenance
    sanctions: list[NodeSanction]
    authorities: list[str]
    subjects: list[str] = strawberry.field(description="Parties of a case, holders of a licence or listing.")

    @classmethod
    def of(cls, found: NodeDetails, info: Info) -> NodeDetail:
        role = info.context.role
        kind = NodeRef(found.id, found.labels, found.name).kind
        shown: list[NodeProperty] = []
        for key, value in found.properties:
            if key == "masked_id" and role not in MASKED_IDS:
                continue
            if kind == "Phone" and key == "number" and role not in PERSONAL_CONTACT:
                value = mask_phone(str(value))
            shown.append(NodeProperty(key=key, value=_text(value)))
        name = found.name
        if kind == "Phone" and name and role not in PERSONAL_CONTACT:
            name = mask_phone(name)
        prov = found.provenance
        return cls(
            id=strawberry.ID(found.id),
            kind=Label(kind),
            name=name,
            properties=shown,
            provenance=NodeProvenance(
                source=prov.source,
                record=prov.record,
                loader=prov.loader,
                first_seen=prov.first_seen,
                last_seen=prov.last_seen,
                sources=list(prov.sources),
            ),
            sanctions=[NodeSanction(type=t, amount_yuan=a) for t, a in found.sanctions],
            authorities=list(found.authorities),
            subjects=list(found.subjects),
        )

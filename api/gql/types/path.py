"""Association paths and neighbourhoods as GraphQL (masked below the roles that may see contacts)."""

from __future__ import annotations

import strawberry

from api.gql.context import Context
from api.gql.errors import bad_input
from api.roles import MASKED_IDS, PERSONAL_CONTACT, mask_phone
from graph.model import Label, Rel
from queries.common import Hops, NodeRef, PathResult, RelRef
from queries.paths import RiskHit


def check_hops(info: strawberry.Info[Context, None], max_hops: int, limit: int | None = None) -> Hops:
    """The cost cap of path queries: variable-length depth is bounded by configuration."""
    cap = min(limit or info.context.settings.max_hops, info.context.settings.max_hops)
    if not 1 <= max_hops <= cap:
        raise bad_input(f"参数 maxHops（关联步数）须在 1 到 {cap} 之间，收到 {max_hops}")
    return Hops(max_hops)


@strawberry.type
class PathNode:
    id: strawberry.ID
    kind: Label
    name: str | None
    uscc: str | None
    masked_id: str | None
    verified: bool | None = strawberry.field(
        description="Persons: true when identified by a full ID number (身份已核验); false when scoped "
        "to one record (未核验，仅限本条记录): two such nodes of one name are never merged."
    )
    scope: str | None = strawberry.field(description="A record-scoped person's record.")

    @classmethod
    def from_ref(cls, ref: NodeRef, info: strawberry.Info[Context, None]) -> PathNode:
        role = info.context.role
        name = ref.name
        if ref.kind == "Phone" and name and role not in PERSONAL_CONTACT:
            name = mask_phone(name)
        return cls(
            id=strawberry.ID(ref.id),
            kind=Label(ref.kind),
            name=name,
            uscc=ref.uscc,
            masked_id=ref.masked_id if role in MASKED_IDS else None,
            verified=ref.verified if ref.kind == "Person" else None,
            scope=ref.scope if ref.kind == "Person" else None,
        )


@strawberry.type
class PathRelationship:
    type: Rel
    start: strawberry.ID
    end: strawberry.ID
    role: str | None
    ratio: float | None
    source: str | None = strawberry.field(description="Provenance: the dataset or document it came from.")

    @classmethod
    def from_ref(cls, ref: RelRef) -> PathRelationship:
        return cls(
            type=Rel(ref.type),
            start=strawberry.ID(ref.start),
            end=strawberry.ID(ref.end),
            role=ref.role,
            ratio=ref.ratio,
            source=ref.source,
        )


@strawberry.type
class Path:
    length: int
    nodes: list[PathNode]
    relationships: list[PathRelationship]

    @classmethod
    def from_result(cls, path: PathResult, info: strawberry.Info[Context, None]) -> Path:
        return cls(
            length=path.length,
            nodes=[PathNode.from_ref(n, info) for n in path.nodes],
            relationships=[PathRelationship.from_ref(r) for r in path.rels],
        )


@strawberry.type(description="A black-listed subject associated with the entity, and how.")
class RiskItem:
    subject: PathNode
    lists: list[str]
    path: Path

    @classmethod
    def from_hit(cls, hit: RiskHit, info: strawberry.Info[Context, None]) -> RiskItem:
        target = next((n for n in hit.path.nodes if n.id == hit.subject), hit.path.nodes[-1])
        return cls(
            subject=PathNode.from_ref(target, info),
            lists=list(hit.lists),
            path=Path.from_result(hit.path, info),
        )


@strawberry.type(description="One page of a subject's direct neighbours; `more` counts the rest.")
class Neighbourhood:
    total: int
    more: int
    items: list[Path]

"""信用修复 applications over GraphQL: `RepairQuery` and `RepairMutation`.

Anyone may apply (`submitRepair`, rate-limited per client address) and follow an application by its
id and contact (`repairStatus`); reviewers and admins list (`repairApplications`) and decide them
(`decideRepair`). Materials come as base64 inside the request (bounded by the body limit), are
checked by content and size, and are stored under the graph home.
"""

from __future__ import annotations

import base64
import binascii

import strawberry

from api.gql.context import Context, run
from api.gql.errors import ApiError, ApiErrorCode, bad_input
from api.gql.fields import field
from api.gql.permissions import ObjectionHandlers
from api.gql.records import _RateLimit
from api.gql.types.connection import Connection, connection, page
from api.gql.types.repair import MaterialInput, RepairApplication, RepairDecision
from graph.lifecycle import repairs
from graph.lifecycle.materials import Upload
from graph.lifecycle.records import record_subjects

Info = strawberry.Info[Context, None]
REPAIRS_PER_HOUR = 5
REPAIR_LIMIT = _RateLimit(REPAIRS_PER_HOUR, 3600.0)


def _uploads(materials: list[MaterialInput]) -> list[Upload]:
    uploads = []
    for item in materials:
        try:
            content = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise bad_input(f"{item.filename}: contentBase64 不是有效的 base64") from exc
        uploads.append(Upload(item.type.value, item.filename, content))
    return uploads


async def _submit_repair(
    info: Info,
    uscc: str,
    record: str,
    contact: str,
    method: repairs.RepairMethod,
    materials: list[MaterialInput],
) -> RepairApplication:
    if not contact.strip() or len(contact) > 200:
        raise bad_input("联系方式（contact）为必填，不超过 200 字")
    if not REPAIR_LIMIT.allow(info.context.remote or info.context.key_id):
        raise ApiError(
            f"同一地址每小时最多提交 {REPAIRS_PER_HOUR} 件信用修复申请，请稍后再试",
            ApiErrorCode.RATE_LIMITED,
        )
    ctx = info.context
    ctx.touch(record, *await run(record_subjects, ctx.store, record))
    home = ctx.settings.graph.home
    found = await run(
        repairs.submit_repair, ctx.store, home, uscc, record, contact, method, _uploads(materials)
    )
    return RepairApplication.from_application(found, None)


async def _decide_repair(
    info: Info, id: strawberry.ID, decision: RepairDecision, reason: str | None = None
) -> RepairApplication:
    ctx = info.context
    state = repairs.RepairState(decision.value)
    found = await run(repairs.move_repair, ctx.store, str(id), state, ctx.key_id, reason)
    ctx.touch(found.subject, found.record)
    return RepairApplication.from_application(found, ctx.role)


@strawberry.type
class RepairMutation:
    submit_repair: RepairApplication = strawberry.mutation(
        resolver=_submit_repair,
        description="Apply for 信用修复 of one of the subject's records, with materials. Anyone may.",
    )
    decide_repair: RepairApplication = strawberry.mutation(
        resolver=_decide_repair,
        description="Accept for review, approve (repairs the record with its 修复方式) or reject.",
        permission_classes=[ObjectionHandlers],
    )


@strawberry.type
class RepairQuery:
    @field("The applicant's view of an application: by its id and the contact given (else null).")
    async def repair_status(self, info: Info, id: strawberry.ID, contact: str) -> RepairApplication | None:
        found = await run(repairs.repair_status, info.context.store, str(id), contact)
        return RepairApplication.from_application(found, None) if found else None

    @field(
        "Repair applications, oldest first (reviewers and admins).", permission_classes=[ObjectionHandlers]
    )
    async def repair_applications(
        self,
        info: Info,
        state: list[repairs.RepairState] | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> Connection[RepairApplication]:
        at = page(info, first, after)
        items, total = await run(repairs.list_repairs, info.context.store, state, at.offset, at.limit)
        info.context.touch(*(a.subject for a in items))
        role = info.context.role
        return connection([RepairApplication.from_application(a, role) for a in items], total, at)

"""The 联合奖惩 credit check over GraphQL: `creditCheck` and the business systems' `reportMeasureApplied`.

For investigators, admins and the `system` role (business systems: 公共资源交易, 政府采购 …). A
system key may call these two fields and nothing else (`SystemScope`): no profiles, no persons.
Every check is audited with its purpose and recorded for the feedback rate (api/feedback.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

import strawberry
from graphql import FieldNode, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from api.feedback import CheckLog, FeedbackError, department_of
from api.gql.context import Context, run
from api.gql.errors import ApiError, ApiErrorCode, bad_input
from api.gql.fields import field
from api.gql.limits import MAX_PURPOSE
from api.gql.permissions import CreditCheckers
from api.gql.public import _checked_uscc
from api.gql.types.credit import CreditCheckItem, FeedbackReceipt
from api.roles import SYSTEM_FIELDS, Role
from graph.ids import entity_id_for_uscc
from ingest.catalogue import OPERATOR_FILE as LISTS_FILE
from ingest.catalogue.measures import OPERATOR_FILE as MEASURES_FILE
from ingest.catalogue.measures import MeasureCatalogue
from queries.common import as_of as default_as_of
from queries.credit import credit_check

Info = strawberry.Info[Context, None]


def _stamp(path: Path) -> int:
    return path.stat().st_mtime_ns if path.is_file() else 0


@lru_cache(maxsize=8)
def _catalogue(home: Path, _lists: int, _measures: int) -> MeasureCatalogue:
    return MeasureCatalogue.load(home)


def measures_catalogue(home: Path) -> MeasureCatalogue:
    """The catalogue of `home`, read again when the operator changes either of its files."""
    return _catalogue(home, _stamp(home / LISTS_FILE), _stamp(home / MEASURES_FILE))


@lru_cache(maxsize=8)
def check_log(home: Path) -> CheckLog:
    """One check log per graph home for the process (SQLite, thread-safe behind its lock)."""
    return CheckLog(home)


def matter_of(catalogue: MeasureCatalogue, matter: str) -> str:
    known = catalogue.matter(matter)
    if known is None:
        names = "、".join(catalogue.known_matters)
        raise ApiError(
            f"未知事项「{matter}」；已知事项：{names} / unknown matter {matter!r}",
            ApiErrorCode.BAD_USER_INPUT,
            {"argument": "matter", "value": matter, "known": names},
        )
    return known


@strawberry.type
class CreditQuery:
    @field(
        "The 联合奖惩 credit check of business systems: for each USCC the measures (惩戒 and 激励) its "
        "listings in force and its penalty decisions in their publicity window trigger for `matter` "
        "(招标投标, 政府采购, 行政审批 …; an unknown matter is BAD_USER_INPUT naming the known ones), "
        "each with its legal basis, whether it is mandatory and the record behind it. A subject with "
        "none (or unknown to the graph) has an empty `measures` list. `purpose` (查询用途) is required "
        "and audited.",
        permission_classes=[CreditCheckers],
    )
    async def credit_check(
        self, info: Info, usccs: list[str], matter: str, purpose: str, as_of: date | None = None
    ) -> list[CreditCheckItem]:
        ctx = info.context
        codes = list(dict.fromkeys(_checked_uscc(u) for u in usccs))
        if not 1 <= len(codes) <= ctx.settings.max_check_subjects:
            raise bad_input(
                f"统一社会信用代码须为 1 至 {ctx.settings.max_check_subjects} 个（不重复），"
                f"收到 {len(codes)} 个"
            )
        home = ctx.settings.graph.home
        catalogue = measures_catalogue(home)
        known = matter_of(catalogue, matter)
        ctx.set_purpose(purpose)  # validates it (blank, too long) and keeps it for the audit entry
        ctx.touch(*(entity_id_for_uscc(c) for c in codes))
        day = default_as_of(as_of)
        results = await run(credit_check, ctx.store, codes, known, day, catalogue)
        log, who = check_log(home), department_of(ctx.key_id)
        items = []
        for result in results:
            measures = [m.measure.measure for m in result.measures]
            check_id = await asyncio.to_thread(
                log.record_check, who, known, result.uscc, measures, ctx.purpose
            )
            items.append(CreditCheckItem.from_result(result, check_id, known, day, catalogue.version))
        return items


@strawberry.type
class CreditMutation:
    @field(
        "Feedback of a business system on one measure of a credit check: applied or not (then "
        "`reason` is required), its own case or project number, the matter, the subject and the "
        "measure (as creditCheck named it). `checkId` ties it to one check; without it, the latest "
        "check of the same caller, subject and matter that triggered measures.",
        permission_classes=[CreditCheckers],
    )
    async def report_measure_applied(
        self,
        info: Info,
        uscc: str,
        matter: str,
        measure: str,
        applied: bool,
        case_no: str,
        reason: str | None = None,
        check_id: strawberry.ID | None = None,
    ) -> FeedbackReceipt:
        ctx = info.context
        code = _checked_uscc(uscc)
        known = matter_of(measures_catalogue(ctx.settings.graph.home), matter)
        ctx.touch(entity_id_for_uscc(code))
        log = check_log(ctx.settings.graph.home)
        try:
            done = await asyncio.to_thread(
                log.report,
                department_of(ctx.key_id),
                code,
                known,
                measure,
                applied,
                case_no,
                reason,
                str(check_id) if check_id else None,
            )
        except FeedbackError as error:
            raise ApiError(str(error), ApiErrorCode.BAD_USER_INPUT, {"argument": error.field}) from error
        # The audit entry carries the purpose the check was registered with, and the business
        # system's own case number: `audit --purpose` finds the check and its feedback together.
        ctx.set_purpose(f"{done.purpose}（反馈 {case_no.strip()}）"[:MAX_PURPOSE])
        return FeedbackReceipt(id=done.id, check_id=strawberry.ID(done.check_id), at=done.at)


class SystemScope(SchemaExtension):
    """A `system` key (a business system) may call the credit check and its feedback only:
    any other root field is refused (FORBIDDEN) before anything runs."""

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        role = getattr(ctx.context, "role", Role.PUBLIC)
        document = ctx.graphql_document
        if role is Role.SYSTEM and document is not None and ctx.pre_execution_errors is None:
            asked = {
                selection.name.value
                for definition in document.definitions
                if isinstance(definition, OperationDefinitionNode)
                for selection in definition.selection_set.selections
                if isinstance(selection, FieldNode)
            }
            other = sorted(asked - SYSTEM_FIELDS)
            if other:
                ctx.pre_execution_errors = [
                    ApiError(
                        "业务系统密钥只能调用 creditCheck 和 reportMeasureApplied，"
                        f"不能调用 {', '.join(other)} / "
                        "a system key may call creditCheck and reportMeasureApplied only",
                        ApiErrorCode.FORBIDDEN,
                        {"fields": ", ".join(other)},
                    )
                ]
        yield

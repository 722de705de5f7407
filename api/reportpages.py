"""信用报告 over HTTP: `POST /report.pdf` streams a report to investigators (audited); `/verify` is public.

The profile page (explore) posts the subject, the purpose and the matter; the PDF is issued as
`credit-graph report` issues it (api/report.py), with the caller as requester. /verify says only
whether a code was issued, and for which 报告编号, subject and date.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from api.gql.credit import measures_catalogue
from api.gql.limits import MAX_PURPOSE
from api.pages import _page
from api.report import ReportError, ReportRequest, issue
from api.roles import Role
from api.settings import Settings
from api.verification import CODE, by_code
from graph.legal.codes import parse_uscc
from queries.common import as_of as default_as_of

# Who may have a report made from the profile page.
REPORTERS = frozenset({Role.INVESTIGATOR, Role.ADMIN})


def _text(message: str, status: int) -> Response:
    return Response(message, status_code=status, media_type="text/plain; charset=utf-8")


def report_routes(settings: Settings) -> list[BaseRoute]:
    home = settings.graph.home

    async def report_pdf(request: Request) -> Response:
        role = getattr(request.state, "role", Role.PUBLIC)
        if role not in REPORTERS:
            return _text("只有调查人员可以出具信用报告，请先登录。", 403)
        form = await request.form()
        code = parse_uscc(str(form.get("uscc", "")).strip().upper())
        purpose = str(form.get("purpose", "")).strip()
        matter_text = str(form.get("matter", "")).strip()
        if code is None:
            return _text("统一社会信用代码无效。", 400)
        if not purpose or len(purpose) > MAX_PURPOSE:
            return _text(f"须说明查询用途（不超过 {MAX_PURPOSE} 字）。", 400)
        catalogue = measures_catalogue(home)
        matter = catalogue.matter(matter_text) if matter_text else None
        if matter_text and matter is None:
            return _text(f"未知事项「{matter_text}」；已知事项：{'、'.join(catalogue.known_matters)}", 400)
        who = getattr(request.state, "key_id", "anonymous")
        remote = request.client.host if request.client else ""
        wanted = ReportRequest([code], purpose, who, default_as_of(None), matter)
        store: Any = request.app.state.store
        try:
            made = await asyncio.to_thread(
                issue, store, home, wanted, catalogue, request.app.state.audit, (who, role.value, remote)
            )
        except ReportError as error:
            return _text(str(error), 404)
        name = f"{made.issued.report_no}.pdf"
        return Response(
            made.pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
        )

    async def verify(request: Request) -> Response:
        code = request.query_params.get("code", "").strip().upper()[:40]
        issued = by_code(home, code) if code and CODE.fullmatch(code) else None
        return _page(request, "verify.html", "信用报告核验", code=code, issued=issued)

    return [
        Route("/report.pdf", report_pdf, methods=["POST"]),
        Route("/verify", verify, methods=["GET"]),
    ]

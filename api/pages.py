"""Web pages for people: login, explorer, 股权穿透, bidder check, review desk, and the bidder check as Excel.

The pages hold no data of their own: their scripts call /graphql with the `cg_key` cookie, so
roles, masking and the audit log are exactly those of API callers. The cookie holds a random
session id (api/sessions.py), never the key; it is HttpOnly, Secure behind a TLS proxy
(`tls_proxy`), and SameSite=Strict: a browser never sends it with a request started by another
site, which is the CSRF protection of the pages' POSTs to /graphql and /bidders/export.xlsx.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from strawberry.asgi import GraphQL

from api.excel import append_row
from api.gql.context import Context
from api.roles import Role
from api.sessions import SessionStore, key_id
from api.settings import Settings
from api.users import Users

COOKIE = "cg_key"
HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")

ROLE_NAMES = {
    Role.PUBLIC: "公众（未登录）",
    Role.INVESTIGATOR: "调查人员",
    Role.REVIEWER: "审核人员",
    Role.ADMIN: "管理员",
    Role.SYSTEM: "业务系统",
}
VERDICT_NAMES = {
    "BARRED": "禁止同标段投标",
    "DEEMED_COLLUSION": "视为串通投标",
    "SUSPECTED": "涉嫌关联",
    "CONNECTED": "存在关联",
}
USCC_SPLIT = re.compile(r"[\s,，;；、]+")

BIDDER_CHECK = """query BidderCheckExport(
  $usccs: [String!]!, $purpose: String!, $asOf: Date, $tender: String
) {
  bidderCheck(usccs: $usccs, purpose: $purpose, asOf: $asOf, tender: $tender) {
    asOf disclaimer unknownUsccs
    pairs { verdict legalBasis a { uscc name } b { uscc name }
      evidence { kind verdict description } }
    listedBidders { entity { uscc name } listings { listName listedOn reason inEffect } }
  }
}"""


def _role(request: Request) -> Role:
    return getattr(request.state, "role", Role.PUBLIC)


def _page(request: Request, template: str, title: str, **extra: Any) -> Response:
    role = _role(request)
    context = {"title": title, "role": role.value, "role_name": ROLE_NAMES[role], "path": request.url.path}
    return templates.TemplateResponse(request, template, {**context, **extra})


def _next(value: str | None) -> str:
    """Only same-site paths: an open redirect after login would be a phishing aid."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/explore"


def page_routes(
    graphql: GraphQL[Context, None], settings: Settings, sessions: SessionStore, users: Users
) -> list[BaseRoute]:
    """The pages; `graphql` is the app's GraphQL endpoint (the export runs its schema with its
    context), `settings.api_keys` and `users` the keys /login accepts, `sessions` where logins are
    kept; the upload fields tell the browser the request body limit (api/uploads.py parses the files)."""
    keys = settings.api_keys
    upload_limit = settings.max_body_bytes

    async def login_form(request: Request) -> Response:
        return _page(request, "login.html", "登录", next=_next(request.query_params.get("next")))

    async def login(request: Request) -> Response:
        form = await request.form()
        key, target = str(form.get("key", "")).strip(), _next(str(form.get("next", "")))
        user = None if key in keys else users.authenticate(key)
        if key not in keys and user is None:
            response = _page(request, "login.html", "登录", next=target, error="密钥无效，请重新输入。")
            response.status_code = 401
            return response
        response = RedirectResponse(target, status_code=303)
        secure = settings.tls_proxy or request.url.scheme == "https"
        role, who = (user.role, f"user:{user.name}") if user else (keys[key], key_id(key))
        if role is Role.SYSTEM:  # a business system's key is for /api/v1/credit-check and creditCheck only
            message = "业务系统密钥只用于接口调用（creditCheck、/api/v1/credit-check），不能登录页面。"
            refused = _page(request, "login.html", "登录", next=target, error=message)
            refused.status_code = 403
            return refused
        sid = sessions.create(role, who)
        age = int(settings.session_max_s)
        response.set_cookie(
            COOKIE, sid, max_age=age, httponly=True, samesite="strict", path="/", secure=secure
        )
        return response

    async def logout(request: Request) -> Response:
        sessions.delete(request.cookies.get(COOKIE, ""))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response

    async def explore(request: Request) -> Response:
        return _page(request, "explore.html", "关联图谱浏览")

    async def ownership(request: Request) -> Response:
        return _page(request, "ownership.html", "股权穿透")

    async def bidders(request: Request) -> Response:
        return _page(request, "bidders.html", "投标人关联核查", upload_limit=upload_limit)

    async def review(request: Request) -> Response:
        return _page(request, "review.html", "决定书审核台", upload_limit=upload_limit)

    async def export(request: Request) -> Response:
        """The bidder check as .xlsx, from the same GraphQL query the page runs (same role checks,
        same purpose: the page puts the session's 查询事由 into the form's `purpose` field)."""
        form = await request.form()
        usccs = [u for u in USCC_SPLIT.split(str(form.get("usccs", "")).upper()) if u]
        purpose = str(form.get("purpose", ""))
        as_of = str(form.get("asOf", "")).strip() or None
        tender = str(form.get("tender", "")).strip() or None
        context = await graphql.get_context(request, Response())
        result = await graphql.schema.execute(
            BIDDER_CHECK,
            variable_values={"usccs": usccs, "purpose": purpose, "asOf": as_of, "tender": tender},
            context_value=context,
            operation_name="BidderCheckExport",
        )
        if result.errors or not result.data:
            messages = "; ".join(e.message for e in result.errors or [])
            status = 403 if _role(request) is Role.PUBLIC else 400
            return Response(messages or "no result", status_code=status, media_type="text/plain")
        body = workbook(result.data["bidderCheck"])
        name = f"bidder-check-{result.data['bidderCheck']['asOf']}.xlsx"
        return Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return [
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["GET", "POST"]),
        Route("/explore", explore),
        Route("/ownership", ownership),
        Route("/bidders", bidders),
        Route("/bidders/export.xlsx", export, methods=["POST"]),
        Route("/review", review),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]


def workbook(check: dict[str, Any]) -> bytes:
    """Two sheets: the verdict per pair (legal basis, evidence) and the listed bidders."""
    book = Workbook()
    sheet = book.active
    sheet.title = "关联核查"
    head = Font(bold=True)
    barred = PatternFill("solid", fgColor="F8D7DA")
    append_row(sheet, [f"核查基准日：{check['asOf']}"])
    append_row(sheet, [check["disclaimer"]])
    append_row(sheet, [])
    append_row(
        sheet, ["投标人A", "A统一社会信用代码", "投标人B", "B统一社会信用代码", "结论", "法律依据", "证据"]
    )
    for cell in sheet[4]:
        cell.font = head
    for pair in check["pairs"]:
        evidence = "\n".join(
            f"[{VERDICT_NAMES.get(e['verdict'], e['verdict'])}] {e['description']}" for e in pair["evidence"]
        )
        append_row(
            sheet,
            [
                pair["a"]["name"],
                pair["a"]["uscc"],
                pair["b"]["name"],
                pair["b"]["uscc"],
                VERDICT_NAMES.get(pair["verdict"], pair["verdict"]),
                pair["legalBasis"],
                evidence,
            ],
        )
        if pair["verdict"] == "BARRED":
            for cell in sheet[sheet.max_row]:
                cell.fill = barred
    for column, width in zip("ABCDEFG", (28, 22, 28, 22, 16, 60, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if check["unknownUsccs"]:
        append_row(sheet, [])
        append_row(sheet, ["图谱中未找到的代码", "、".join(check["unknownUsccs"])])
    listed = book.create_sheet("失信投标人")
    append_row(listed, ["投标人", "统一社会信用代码", "名单", "列入日期", "原因", "仍有效"])
    for cell in listed[1]:
        cell.font = head
    for item in check["listedBidders"]:
        for li in item["listings"]:
            append_row(
                listed,
                [
                    item["entity"]["name"],
                    item["entity"]["uscc"],
                    li["listName"],
                    li["listedOn"],
                    li["reason"],
                    "是" if li["inEffect"] else "否",
                ],
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""The credit check for business systems without GraphQL: `POST /api/v1/credit-check`, JSON in and out.

The same query as `creditCheck` runs through the same schema, so authentication (the API key in
`Authorization: Bearer …`), permissions, limits, audit (with the purpose) and the answer's shape
are the GraphQL endpoint's. Errors are JSON with a Chinese message: 401 without a key, 403 for a
role that may not run checks, 400 for bad input, 413 above the body limit (app.BodyLimitMiddleware).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from api.roles import Role

PATH = "/api/v1/credit-check"

QUERY = """query CreditCheckJson($usccs: [String!]!, $matter: String!, $asOf: Date, $purpose: String!) {
  creditCheck(usccs: $usccs, matter: $matter, asOf: $asOf, purpose: $purpose) {
    checkId matter asOf catalogueVersion
    subject { uscc name found }
    measures { measure kind basis basisNote mandatory record { kind id name authority since label } }
  }
}"""

STATUS = {"FORBIDDEN": 403, "BAD_USER_INPUT": 400, "UNAVAILABLE": 503, "TIMEOUT": 504}


def _error(status: int, message: str, **more: Any) -> JSONResponse:
    return JSONResponse({"error": message, **more}, status_code=status)


def _variables(body: Any) -> dict[str, Any] | str:
    """The query's variables from the body, or what is wrong with it (in Chinese)."""
    if not isinstance(body, dict):
        return (
            '请求体应为 JSON 对象：{"usccs": [...], "matter": "招标投标", "purpose": "...", '
            '"asOf": "YYYY-MM-DD"}'
        )
    usccs = body.get("usccs")
    if not isinstance(usccs, list) or not usccs or not all(isinstance(u, str) for u in usccs):
        return "字段 usccs 应为统一社会信用代码的非空列表"
    for name in ("matter", "purpose"):
        if not isinstance(body.get(name), str) or not body[name].strip():
            return f"缺少字段 {name}（字符串）"
    as_of = body.get("asOf")
    if as_of is not None and not isinstance(as_of, str):
        return "字段 asOf 应为日期字符串 YYYY-MM-DD"
    unknown = sorted(set(body) - {"usccs", "matter", "purpose", "asOf"})
    if unknown:
        return f"未知字段：{', '.join(unknown)}"
    return {"usccs": usccs, "matter": body["matter"], "purpose": body["purpose"], "asOf": as_of}


def credit_check_routes(graphql: GraphQL[Any, None]) -> list[Route]:
    async def credit_check(request: Request) -> Response:
        if getattr(request.state, "role", Role.PUBLIC) is Role.PUBLIC:
            return _error(401, "需要 API 密钥：请在请求头 Authorization: Bearer <密钥> 中提供业务系统密钥")
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return _error(400, "请求体不是有效的 JSON")
        variables = _variables(body)
        if isinstance(variables, str):
            return _error(400, variables)
        context = await graphql.get_context(request, Response())
        result = await graphql.schema.execute(
            QUERY, variable_values=variables, context_value=context, operation_name="CreditCheckJson"
        )
        if result.errors:
            first = result.errors[0]
            code = str((first.extensions or {}).get("code") or "INTERNAL_SERVER_ERROR")
            fields = {k: v for k, v in (first.extensions or {}).items() if k != "code"}
            return _error(STATUS.get(code, 500), first.message, code=code, **fields)
        data = result.data or {}
        return JSONResponse({"creditCheck": data.get("creditCheck", [])})

    return [Route(PATH, credit_check, methods=["POST"])]

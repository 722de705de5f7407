"""Uploads of the pages, parsed on the server and answered as JSON: decision documents for the
review desk (nlp/readers) and bidder lists for the bidder check (ingest/bidders).

Nothing is stored: the review desk submits the returned text through `submitDecision`, the bidder
check runs on the returned codes. The request body limit (`max_body_bytes`) bounds every upload;
its 413 is answered before these handlers run.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.roles import ASSOCIATIONS, REVIEW, Role
from api.settings import Settings
from graph.errors import InvalidInput
from ingest.bidders import BidderList, read_bidders
from nlp.readers import read_bytes


def _refuse(message: str, status: int, **more: Any) -> Response:
    return JSONResponse({"error": message, **more}, status_code=status)


async def _upload(request: Request, roles: frozenset[Role], who: str) -> tuple[str, bytes] | Response:
    """The one file of a multipart form (field `file`), or the refusal to answer."""
    if getattr(request.state, "role", Role.PUBLIC) not in roles:
        return _refuse(f"上传需要{who}权限，请登录。", 403)
    try:
        form = await request.form(max_files=1, max_fields=4)
    except Exception:  # starlette raises its own and python-multipart's errors for a broken form
        return _refuse("上传格式有误：请通过页面的文件选择框上传一个文件。", 400)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _refuse("请选择一个文件。", 400)
    data = await upload.read()
    await form.close()
    if not data:
        return _refuse(f"{upload.filename}：文件为空。", 400)
    return Path(upload.filename).name, data


def upload_routes(settings: Settings) -> list[Route]:
    async def decision(request: Request) -> Response:
        """A decision file → its text (or why it cannot be read)."""
        got = await _upload(request, REVIEW, "审核人员或管理员")
        if isinstance(got, Response):
            return got
        name, data = got
        try:
            text = await asyncio.to_thread(read_bytes, data, Path(name))
        except InvalidInput as exc:
            return _refuse(f"{name}：{getattr(exc, 'reason', exc)}", 415)
        limit = settings.max_decision_text
        if len(text) > limit:
            return _refuse(f"{name}：决定书文本过长（{len(text)} 字符，上限 {limit} 字符）。", 413)
        if not text.strip():
            return _refuse(f"{name}：文件中没有文字。", 422)
        return JSONResponse({"name": name, "text": text, "characters": len(text)})

    async def bidders(request: Request) -> Response:
        """A bidder list file → its codes and tender, and every row that cannot be used (`problems`:
        the list is usable only without any)."""
        got = await _upload(request, ASSOCIATIONS, "调查人员及以上")
        if isinstance(got, Response):
            return got
        name, data = got
        try:
            found = await asyncio.to_thread(_bidders, name, data, settings.max_bidders)
        except InvalidInput as exc:
            return _refuse(f"{name}：{getattr(exc, 'reason', exc)}", 415)
        # A list with bad rows was still read: 200, with the rows named (the page fills nothing).
        problems = list(found.problems)
        message = f"{name} 中有 {len(problems)} 处问题，未填入代码，请改正后重新上传：" if problems else None
        return JSONResponse(
            {
                "name": name,
                "usccs": found.usccs,
                "names": [b.name for b in found.bidders],
                "tender": found.tender,
                "problems": problems,
                "error": message,
            }
        )

    return [
        Route("/review/upload", decision, methods=["POST"]),
        Route("/bidders/upload", bidders, methods=["POST"]),
    ]


def _bidders(name: str, data: bytes, limit: int) -> BidderList:
    """The ingest readers read paths: the upload goes to a private temporary file first."""
    with tempfile.TemporaryDirectory(prefix="cg-upload-") as folder:
        path = Path(folder) / f"upload{Path(name).suffix.lower()}"
        path.write_bytes(data)
        return read_bidders(path, limit, name)

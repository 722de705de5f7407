"""信用报告: a PDF from the sample (text extracted with pypdf), verified genuine; a modified PDF fails;
the tender batch; the audit with purpose; /report.pdf for investigators and the public /verify page."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from api.audit import AuditLog
from api.cli.main import app
from api.roles import Role
from api.settings import Settings
from api.verification import verify_pdf
from graph.settings import GraphSettings
from graph.store import GraphStore
from tests.api.conftest import serve
from tests.conftest import SAMPLE, Run

C12 = ("福州鼎盛示例工程有限公司", "91350102MA2Y00124F")
AS_OF = "2024-07-01"


@pytest.fixture
def sample(run: Run, store: GraphStore) -> GraphStore:
    run(SAMPLE)
    return store


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _report(env: dict[str, str], out: Path, *args: str) -> str:
    result = CliRunner().invoke(
        app,
        ["report", *args, "--purpose", "政府采购供应商资格审查", "--output", str(out), "--as-of", AS_OF],
        env=env,
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_report_pdf_from_the_sample_is_verified_and_a_modified_copy_fails(
    sample: GraphStore, env_for_cli: dict[str, str], graph_settings: GraphSettings, tmp_path: Path
) -> None:
    env = {**env_for_cli, "USER": "tester"}
    out = tmp_path / "c12.pdf"
    said = _report(env, out, C12[1], "--matter", "招标投标")
    number = re.search(r"XYBG-\d{8}-[0-9A-F]{8}", said).group(0)  # type: ignore[union-attr]
    text = _text(out.read_bytes())
    for expected in (
        *C12,
        "严重失信主体名单",
        "政府采购供应商资格审查",
        number,
        "限制参与招标投标活动",
        "孙杰",
        "cli:tester",
    ):
        assert expected in text, expected
    assert f"{AS_OF}（截止日）" in text and "最近一次数据导入" in text

    runner = CliRunner()
    genuine = runner.invoke(app, ["report", "verify", str(out)], env=env)
    assert genuine.exit_code == 0 and "真实且未被改动" in genuine.output and number in genuine.output

    # The same pages rewritten (a new title): the code is still printed, the file is not the one issued.
    writer = PdfWriter(clone_from=PdfReader(out))
    writer.add_metadata({"/Title": "改过的报告"})
    buffer = io.BytesIO()
    writer.write(buffer)
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(buffer.getvalue())
    refused = runner.invoke(app, ["report", "verify", str(tampered)], env=env)
    assert refused.exit_code == 1 and "已被改动" in refused.output and number in refused.output
    # One byte changed inside the file.
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    assert not verify_pdf(graph_settings.home, bytes(data)).genuine
    stranger = tmp_path / "other.pdf"
    stranger.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert runner.invoke(app, ["report", "verify", str(stranger)], env=env).exit_code == 1

    entry = [
        e for e in AuditLog(graph_settings.home / "audit.log").entries() if e.operation == "creditReport"
    ][-1]
    assert entry.purpose == "政府采购供应商资格审查" and f"report:{number}" in entry.subjects


def test_tender_batch_has_one_section_per_bidder(
    sample: GraphStore, env_for_cli: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "tender.pdf"
    _report(env_for_cli, out, "--tender", "FZCG-2024-0088")
    text = _text(out.read_bytes())
    names = ["福州榕信建设工程有限公司", "福州闽安建材贸易有限公司", C12[0]]
    assert all(n in text for n in names) and "投标人 5 家" in text
    assert text.count("一、基本登记信息") == 5
    assert "七、联合奖惩措施（事项：招标投标）" in text  # a tender's verdict is for 招标投标


def test_report_refuses_bad_input(sample: GraphStore, env_for_cli: dict[str, str], tmp_path: Path) -> None:
    runner = CliRunner()
    out = str(tmp_path / "x.pdf")
    unknown = runner.invoke(
        app, ["report", C12[1], "--purpose", "p", "--output", out, "--matter", "月球"], env=env_for_cli
    )
    assert unknown.exit_code == 1 and "已知事项" in unknown.output
    no_purpose = runner.invoke(app, ["report", C12[1], "--output", out], env=env_for_cli)
    assert no_purpose.exit_code == 1 and "--purpose" in no_purpose.output


@pytest.fixture
def served(
    graph_settings: GraphSettings, sample: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Settings]]:
    audit = tmp_path_factory.mktemp("audit") / "audit.log"
    settings = Settings(
        graph=graph_settings, api_keys={"inv-key": Role.INVESTIGATOR, "sys-key": Role.SYSTEM}, audit_log=audit
    )
    for url in serve(settings, sample):
        yield url, settings


def test_profile_page_report_and_public_verify_page(served: tuple[str, Settings]) -> None:
    url, settings = served
    form = {"uscc": C12[1], "purpose": "评优评先审核", "matter": "评优评先"}
    answer = httpx.post(
        f"{url}/report.pdf", data=form, headers={"Authorization": "Bearer inv-key"}, timeout=60
    )
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    text = _text(answer.content)
    assert C12[0] in text and "评优评先审核" in text
    code = re.search(r"验证码\s*([0-9A-F]{4}(?:-[0-9A-F]{4}){4})", text).group(1)  # type: ignore[union-attr]
    entry = [e for e in AuditLog(settings.audit_path).entries() if e.operation == "creditReport"][-1]
    assert entry.role == "investigator" and entry.purpose == "评优评先审核"
    assert verify_pdf(settings.graph.home, answer.content).genuine

    for key in (None, "sys-key"):
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        assert httpx.post(f"{url}/report.pdf", data=form, headers=headers, timeout=30).status_code == 403

    page = httpx.get(f"{url}/verify", params={"code": code}, timeout=30)
    assert page.status_code == 200 and "对应本系统出具的信用报告" in page.text and C12[1] in page.text
    assert "评优评先审核" not in page.text  # the page says which report, nothing more
    forged = httpx.get(f"{url}/verify", params={"code": "0000-0000-0000-0000-0000"}, timeout=30)
    assert "未找到该验证码的出具记录" in forged.text

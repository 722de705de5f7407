"""Code validators: USCC, organisation code, ID numbers, category warnings (no database)."""

from __future__ import annotations

import pytest
from stdnum.cn import ric
from stdnum.cn.uscc import calc_check_digit

from graph.legal import codes as v
from graph.legal.values import Invalid
from ingest.kinds import Kind, detect, norm_header
from tests.ingest import synth


def test_uscc_checks_gb32100_and_the_inner_gb11714_code() -> None:
    good = synth.uscc(5)
    assert v.parse_uscc(good.lower()) == good
    assert v.parse_uscc("") is None and v.parse_uscc("9141**********") is None
    with pytest.raises(Invalid, match="wrong check digit"):
        v.parse_uscc(synth.bad_check(good))
    # outer check digit right, inner organisation-code check wrong: stdnum alone would accept it
    body = good[:16] + ("0" if good[16] != "0" else "1")
    forged = body + calc_check_digit(body)
    with pytest.raises(Invalid, match="GB 11714"):
        v.parse_uscc(forged)
    assert v.parse_uscc("91230500MA1B3N1N2M") == "91230500MA1B3N1N2M"  # a real published code


def test_id_number_region_is_only_a_hint() -> None:
    full = synth.id_no(12, birth="19700101", region="410102")  # 郑州市中原区, created 1983
    assert not ric.is_valid(full)  # the pitfall: stdnum rejects it
    parsed = v.parse_id_number(full)
    assert parsed is not None and parsed.full == full and parsed.masked == full[:4] + "*" * 10 + full[-4:]
    with pytest.raises(Invalid, match="check digit"):
        v.parse_id_number(synth.bad_check(full))
    with pytest.raises(Invalid, match="birth date"):
        v.parse_id_number("410102" + "19701332" + "001" + "X")
    masked = v.parse_id_number("4101**********1234")
    assert masked is not None and masked.full is None
    fifteen = v.parse_id_number("410102700101123")  # first generation: widened to 18 with a check digit
    assert fifteen is not None and fifteen.full is not None and fifteen.full.startswith("41010219700101123")


def test_category_warning() -> None:
    assert v.category_warning("个体工商户", synth.uscc(1, prefix="91")) is not None
    assert v.category_warning("法人及非法人组织", synth.uscc(1, prefix="92")) is not None
    assert v.category_warning("法人及非法人组织", synth.uscc(1)) is None


def test_headers_normalise_and_detect() -> None:
    assert norm_header("罚款金额（万元）") == norm_header("罚款金额(万元)")
    assert norm_header(" cf_wsh ") == "CF_WSH"
    assert detect(["CF_WSH", "CF_XDR_MC", "CF_JDRQ"]) is Kind.PENALTY
    assert detect(["XK_WSH", "XK_XDR_MC"]) is Kind.LICENCE
    assert detect(["统一社会信用代码", "姓名", "职务"]) is Kind.REGISTRY_PEOPLE
    assert detect(["统一社会信用代码", "股东名称", "出资比例"]) is Kind.REGISTRY_SHAREHOLDERS
    assert detect(["统一社会信用代码", "企业名称", "成立日期"]) is Kind.REGISTRY_BASIC
    assert detect(["名单名称", "主体名称", "列入日期"]) is Kind.LIST
    assert detect(["被执行人姓名/名称", "执行法院", "案号"]) is Kind.DISHONEST
    assert detect(["项目编号", "投标人名称"]) is Kind.BIDS
    assert detect(["a", "b"]) is None

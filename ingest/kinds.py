"""The kinds of structured file (formats.md §1–6): column aliases per kind and detection by header.

Headers are compared after NFKC (full-width → half-width, （） → ()), dropping white space and
a leading `*` (templates mark required columns so) and upper-casing codes (`cf_wsh` = `CF_WSH`).
Each alias maps to one canonical field name; a column that maps to none is kept as an extra.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from enum import StrEnum


class Kind(StrEnum):
    REGISTRY_BASIC = "registry-basic"
    REGISTRY_SHAREHOLDERS = "registry-shareholders"
    REGISTRY_PEOPLE = "registry-people"
    PENALTY = "penalty"
    LICENCE = "licence"
    DISHONEST = "dishonest"
    LIST = "list"
    BIDS = "bids"


# Load order inside a directory: nodes before the rows that link to them.
LOAD_ORDER = [
    Kind.REGISTRY_BASIC,
    Kind.REGISTRY_SHAREHOLDERS,
    Kind.REGISTRY_PEOPLE,
    Kind.PENALTY,
    Kind.LICENCE,
    Kind.LIST,
    Kind.DISHONEST,
    Kind.BIDS,
]


def norm_header(header: str) -> str:
    text = unicodedata.normalize("NFKC", header).replace("\ufeff", "")
    text = "".join(text.split()).lstrip("*")
    return text.upper() if text.isascii() else text


_SUBJECT_CODES = {
    "uscc": ["行政相对人代码_1(统一社会信用代码)", "行政相对人代码_1", "统一社会信用代码"],
    "reg_no": ["行政相对人代码_2(工商注册号)", "行政相对人代码_2", "工商注册号"],
    "org_code": ["行政相对人代码_3(组织机构代码)", "行政相对人代码_3", "组织机构代码"],
    "tax_no": ["行政相对人代码_4(税务登记号)", "行政相对人代码_4", "税务登记号"],
    "inst_no": ["行政相对人代码_5(事业单位证书号)", "行政相对人代码_5", "事业单位证书号"],
    "socorg_no": ["行政相对人代码_6(社会组织登记证号)", "行政相对人代码_6", "社会组织登记证号"],
    "name": ["行政相对人名称"],
    "category": ["行政相对人类别"],
    "legal_rep": ["法定代表人", "法定代表人姓名"],
    "legal_rep_id_type": ["法定代表人证件类型"],
    "legal_rep_id": ["法定代表人证件号码"],
    "id_type": ["证件类型"],
    "id_no": ["证件号码"],
    "note": ["备注", "BZ"],
    "data_source": ["数据来源单位"],
    "data_source_uscc": ["数据来源单位统一社会信用代码"],
    "region_code": ["地方编码", "DFBM"],
}

_PENALTY = {
    "name": ["CF_XDR_MC", "被处罚单位名称", "违法企业名称或违法自然人姓名"],
    "category": ["CF_XDR_LB"],
    "uscc": ["CF_XDR_SHXYM"],
    "reg_no": ["CF_XDR_GSZC", "CF_XDR_GSDJ", "工商登记码"],
    "org_code": ["CF_XDR_ZZJG", "CF_XDR_ZDM"],
    "tax_no": ["CF_XDR_SWDJ"],
    "inst_no": ["CF_XDR_SYDW"],
    "socorg_no": ["CF_XDR_SHZZ"],
    "legal_rep": ["CF_FRDB", "CF_FR"],
    "legal_rep_id_type": ["CF_FR_ZJLX"],
    "legal_rep_id": ["CF_FR_ZJHM"],
    "id_type": ["CF_XDR_ZJLX"],
    "id_no": ["CF_XDR_ZJHM", "CF_XDR_SFZ", "居民身份证号"],
    "decision_no": ["行政处罚决定书文号", "CF_WSH", "决定书文号"],
    "violation_type": ["违法行为类型", "CF_WFXW"],
    "facts": ["违法事实", "CF_SY", "处罚事由"],
    "basis": ["处罚依据", "CF_YJ"],
    "types": ["处罚类别", "CF_CFLB"],
    "types1": ["CF_CFLB1", "处罚类别1"],
    "types2": ["CF_CFLB2", "处罚类别2"],
    "content": ["处罚内容", "CF_NR", "CF_JG", "处罚结果"],
    "fine_wan": ["罚款金额(万元)", "CF_NR_FK"],
    "fine_yuan": ["罚款金额(元)"],
    "confiscated_wan": ["没收违法所得、没收非法财物的金额(万元)", "CF_NR_WFFF"],
    "licence_action": ["暂扣或吊销证照名称及编号", "CF_NR_ZKDX"],
    "decision_date": ["处罚决定日期", "CF_JDRQ"],
    "valid_until": ["处罚有效期", "CF_YXQ"],
    "publicity_until": ["公示截止期", "CF_GSJZQ"],
    "authority": ["处罚机关", "CF_CFJG", "CF_XZJG"],
    "authority_uscc": ["处罚机关统一社会信用代码", "CF_CFJGDM"],
    "data_source": ["CF_SJLY"],
    "data_source_uscc": ["CF_SJLYDM"],
    "case_name": ["案件名称", "CF_AJMC", "CF_CFMC"],
    "power_code": ["权力编码", "CF_BM"],
    "status": ["当前状态", "CF_ZT"],
    "updated_at": ["更新时间戳", "CF_SJC"],
    # Not in the national template, but the only way to measure 及时率: accepted when present.
    "disclosed_on": [
        "公示日期",
        "公示时间",
        "发布日期",
        "信息公示日期",
        "CF_GSRQ",
        "noticeDate",
        "publicDate",
    ],
}

# Field names of data-API dumps seen in shared/data/records (README crosswalk): same meanings.
_PENALTY_API = {
    "name": ["companyName", "COMP_NAME"],
    "decision_no": ["documentNumber", "docNo"],
    "authority": ["competentDepartment", "officeName"],
    "decision_date": ["penaltyDate"],
    "fine_wan": ["penaltyAmount"],
    "types": ["penaltyResult", "penaltyType"],
    "basis": ["relevantLaw"],
    "violation_type": ["reasonForViolation"],
    "content": ["approvalSummary", "content"],
    "case_name": ["title"],
}

_LICENCE = {
    "name": ["XK_XDR_MC"],
    "category": ["XK_XDR_LB"],
    "uscc": ["XK_XDR_SHXYM"],
    "reg_no": ["XK_XDR_GSZC"],
    "org_code": ["XK_XDR_ZZJG"],
    "tax_no": ["XK_XDR_SWDJ"],
    "inst_no": ["XK_XDR_SYDW"],
    "socorg_no": ["XK_XDR_SHZZ"],
    "legal_rep": ["XK_FRDB"],
    "legal_rep_id_type": ["XK_FR_ZJLX"],
    "legal_rep_id": ["XK_FR_ZJHM"],
    "id_type": ["XK_XDR_ZJLX"],
    "id_no": ["XK_XDR_ZJHM"],
    "doc_name": ["行政许可决定文书名称", "XK_XKWS"],
    "doc_no": ["行政许可决定文书号", "XK_WSH"],
    "licence_category": ["许可类别", "XK_XKLB"],
    "cert_name": ["许可证书名称", "XK_XKZS"],
    "licence_no": ["许可编号", "XK_XKBH"],
    "content": ["许可内容", "XK_NR"],
    "decision_date": ["许可决定日期", "XK_JDRQ"],
    "valid_from": ["有效期自", "XK_YXQZ"],
    "valid_to": ["有效期至", "XK_YXQZI"],
    "authority": ["许可机关", "XK_XKJG"],
    "authority_uscc": ["许可机关统一社会信用代码", "XK_XKJGDM"],
    "status": ["当前状态", "XK_ZT"],
    "data_source": ["XK_SJLY"],
    "data_source_uscc": ["XK_SJLYDM"],
    "disclosed_on": ["公示日期", "公示时间", "发布日期"],
}

_DISHONEST = {
    "name": ["被执行人姓名/名称", "被执行人姓名", "被执行人名称"],
    "sex": ["性别"],
    "age": ["年龄"],
    "code": ["身份证号码/组织机构代码", "身份证号码", "组织机构代码", "统一社会信用代码"],
    "legal_rep": ["法定代表人或者负责人姓名", "法定代表人", "负责人"],
    "court": ["执行法院"],
    "province": ["省份"],
    "basis_no": ["执行依据文号"],
    "filed_on": ["立案时间"],
    "case_no": ["案号"],
    "basis_unit": ["做出执行依据单位"],
    "obligation": ["生效法律文书确定的义务"],
    "performance": ["被执行人的履行情况"],
    "behaviour": ["失信被执行人行为具体情形"],
    "published_on": ["发布时间"],
    "removed_on": ["移除时间"],
}

_LIST = {
    "list_name": ["名单名称"],
    "polarity": ["名单类别"],
    "name": ["主体名称"],
    "uscc": ["统一社会信用代码"],
    "legal_rep": ["法定代表人"],
    "reason": ["列入原因", "认定依据"],
    "authority": ["认定部门"],
    "listed_on": ["列入日期"],
    "valid_until": ["有效期至", "有效截止日期", "有效期截止日期"],
    "removed_on": ["移出日期"],
    "removal_reason": ["移出原因"],
}

_BASIC = {
    "uscc": ["统一社会信用代码"],
    "name": ["企业名称"],
    "enterprise_type": ["企业类型"],
    "legal_rep": ["法定代表人"],
    "legal_rep_id": ["法定代表人证件号码"],
    "founded_on": ["成立日期"],
    "capital_wan": ["注册资本(万元)"],
    "status": ["登记状态"],
    "address": ["住所"],
    "phone": ["联系电话"],
    "email": ["电子邮箱"],
    "registry_authority": ["登记机关"],
    "actual_controller": ["实际控制人"],
    "actual_controller_id": ["实际控制人证件号码"],
}

_SHAREHOLDERS = {
    "uscc": ["统一社会信用代码"],
    "holder_name": ["股东名称"],
    "holder_type": ["股东类型"],
    "holder_code": ["股东证照号码"],
    "subscribed_wan": ["认缴出资额(万元)"],
    "ratio": ["出资比例"],
}

_PEOPLE = {"uscc": ["统一社会信用代码"], "name": ["姓名"], "role": ["职务"], "id_no": ["证件号码"]}

_BIDS = {
    "project_no": ["项目编号"],
    "lot": ["标段"],
    "bidder": ["投标人名称"],
    "uscc": ["投标人统一社会信用代码"],
    "manager": ["项目负责人"],
    "manager_id": ["项目负责人证件号码"],
    "contact": ["联系人"],
    "phone": ["联系电话"],
    "agent": ["代理机构"],
    "deposit_account": ["保证金缴纳账户"],
    "machine_code": ["文件制作机器码"],
    "file_id": ["文件创建标识码"],
    "lock_serial": ["加密锁序列号"],
    "ip": ["投标IP"],
}


def _build(*tables: dict[str, list[str]]) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for table in tables:
        for canonical, names in table.items():
            for name in names:
                aliases.setdefault(norm_header(name), canonical)
    return aliases


COLUMNS: dict[Kind, dict[str, str]] = {
    Kind.PENALTY: _build(_PENALTY, _SUBJECT_CODES, _PENALTY_API),
    Kind.LICENCE: _build(_LICENCE, _SUBJECT_CODES),
    Kind.DISHONEST: _build(_DISHONEST),
    Kind.LIST: _build(_LIST),
    Kind.REGISTRY_BASIC: _build(_BASIC),
    Kind.REGISTRY_SHAREHOLDERS: _build(_SHAREHOLDERS),
    Kind.REGISTRY_PEOPLE: _build(_PEOPLE),
    Kind.BIDS: _build(_BIDS),
}

# A kind is a candidate only when one of its signature fields is present.
_SIGNATURE: dict[Kind, set[str]] = {
    Kind.PENALTY: {"decision_no", "types", "types1", "fine_wan"},
    Kind.LICENCE: {"doc_no", "licence_no", "cert_name", "licence_category"},
    Kind.DISHONEST: {"court", "behaviour", "performance"},
    Kind.LIST: {"list_name", "listed_on"},
    Kind.REGISTRY_BASIC: {"enterprise_type", "founded_on", "capital_wan", "registry_authority"},
    Kind.REGISTRY_SHAREHOLDERS: {"holder_name"},
    Kind.REGISTRY_PEOPLE: {"role"},
    Kind.BIDS: {"bidder", "project_no"},
}


def detect(headers: Iterable[str]) -> Kind | None:
    """The kind whose aliases cover most headers, among those whose signature is present."""
    normalised = [norm_header(h) for h in headers]
    best: tuple[int, Kind] | None = None
    for kind in LOAD_ORDER:
        fields = {COLUMNS[kind][h] for h in normalised if h in COLUMNS[kind]}
        if not fields & _SIGNATURE[kind]:
            continue
        score = len(fields)
        if best is None or score > best[0]:
            best = (score, kind)
    return best[1] if best else None


def column_map(kind: Kind, headers: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """header → canonical field (the first header wins a field), and the extra headers."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    extras: list[str] = []
    for header in headers:
        canonical = COLUMNS[kind].get(norm_header(header))
        if canonical is None or canonical in taken:
            extras.append(header)
        else:
            mapping[header] = canonical
            taken.add(canonical)
    return mapping, extras

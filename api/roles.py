"""Roles and what each may see. Full ID numbers are never stored, so never returned."""

from __future__ import annotations

import re
from enum import StrEnum


class Role(StrEnum):
    PUBLIC = "public"
    INVESTIGATOR = "investigator"
    REVIEWER = "reviewer"
    ADMIN = "admin"
    SYSTEM = "system"  # a business system (公共资源交易, 政府采购 …): the credit check and its feedback only


# May run association queries (bidder check, linking representatives, paths, persons).
ASSOCIATIONS = frozenset({Role.INVESTIGATOR, Role.REVIEWER, Role.ADMIN})
# May see masked ID numbers (public sees none at all).
MASKED_IDS = frozenset({Role.INVESTIGATOR, Role.REVIEWER, Role.ADMIN})
# May see records no longer in effect (removed listings, history).
HISTORY = frozenset({Role.INVESTIGATOR, Role.REVIEWER, Role.ADMIN})
# May see pending and rejected extractions.
REVIEW = frozenset({Role.REVIEWER, Role.ADMIN})
# May run the 联合奖惩 credit check (creditCheck, POST /api/v1/credit-check) and report feedback.
CREDIT_CHECK = frozenset({Role.INVESTIGATOR, Role.ADMIN, Role.SYSTEM})
# The only root fields a business system may call: nothing about persons, no profiles or searches.
SYSTEM_FIELDS = frozenset({"creditCheck", "reportMeasureApplied", "__typename", "__schema", "__type"})
# May see natural persons' phones and addresses unmasked.
PERSONAL_CONTACT = frozenset({Role.ADMIN})

_PHONE = re.compile(r"^(\+?86)?(1\d{2})(\d{4})(\d{4})$")


def mask_phone(number: str) -> str:
    """Mobile numbers keep the first 3 and last 4 digits (138****5678); others keep the last 4."""
    digits = re.sub(r"[\s-]", "", number)
    match = _PHONE.match(digits)
    if match:
        return f"{match.group(2)}****{match.group(4)}"
    return "*" * max(len(digits) - 4, 0) + digits[-4:]


def mask_address(address: str) -> str:
    """Keep the administrative part up to the county/district, hide the rest."""
    match = re.match(r"^(.*?(?:省|自治区|市))?(.*?(?:市|州|盟))?(.*?(?:区|县|旗))?", address)
    kept = "".join(g for g in (match.groups() if match else ()) if g)
    return (kept or address[:2]) + "****"

"""Deterministic node ids from natural keys (followthemoney's `make_entity_id`).

Every write is a MERGE on `id`, so re-running a load changes nothing. Ids are readable where
the key is public (a USCC), hashed where it is long or personal. Never engine element ids.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans(
    {"（": "(", "）": ")", "〔": "[", "〕": "]", "﹝": "[", "﹞": "]", "【": "[", "】": "]"}
)


def normalise(text: str) -> str:
    """Width-fold (NFKC), unify brackets, drop all white space: the form names are compared in."""
    folded = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return _SPACE.sub("", folded)


def make_id(prefix: str, *keys: str | None) -> str:
    """`prefix:` + a 20-hex digest of the normalised keys; a None key is kept as empty."""
    digest = hashlib.sha1()
    for key in keys:
        digest.update(normalise(key or "").encode("utf-8"))
        digest.update(b"\x1f")
    return f"{prefix}:{digest.hexdigest()[:20]}"


def entity_id_for_uscc(uscc: str) -> str:
    return f"e:{uscc.upper()}"


def entity_id_unverified(name: str, region: str | None) -> str:
    return make_id("e-u", name, region)


def person_id_for_hash(id_hash: str) -> str:
    return f"p:{id_hash[:24]}"


def person_id_scoped(name: str, scope: str) -> str:
    """A person without a full ID exists only inside the record that names them."""
    return make_id("p-s", scope, name)


def keyed_hash(secret: bytes, id_number: str) -> str:
    """HMAC-SHA256 of a normalised ID number: linkable across sources, not reversible by lookup."""
    return hmac.new(secret, id_number.strip().upper().encode("ascii"), hashlib.sha256).hexdigest()


def case_id(authority: str, decision_no: str) -> str:
    return make_id("case", authority, decision_no)


def authority_id(name: str) -> str:
    return make_id("auth", name)

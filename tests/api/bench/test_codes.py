"""The one identifier maker: every series validates as real codes do, and the series never collide."""

from __future__ import annotations

import pytest

from api.bench.codes import bad_check, id_no, uscc
from graph.legal import codes as v


@pytest.mark.parametrize(
    ("prefix", "region", "series"),
    [("91", "410102", "T"), ("92", "350102", "MA2Y"), ("11", "350100", "MA2Y"), ("91", "350102", "B")],
)
def test_every_series_makes_valid_distinct_codes(prefix: str, region: str, series: str) -> None:
    made = [uscc(n, prefix, region, series) for n in (0, 1, 9, 999)]
    assert [v.parse_uscc(code) for code in made] == made
    assert len(set(made)) == len(made)
    assert all(code.startswith(prefix + region + series) for code in made)
    with pytest.raises(v.Invalid):
        v.parse_uscc(bad_check(made[0]))


def test_series_do_not_collide_and_a_number_too_large_is_refused() -> None:
    assert uscc(1) != uscc(1, series="B") != uscc(1, series="MA2Y")
    with pytest.raises(ValueError, match="does not fit"):
        uscc(10_000, series="MA2Y")


def test_id_numbers_validate_with_birth_date_and_sequence() -> None:
    full = id_no(12, birth="19780315", region="350102")
    assert full.startswith("35010219780315012")
    parsed = v.parse_id_number(full)
    assert parsed is not None and parsed.full == full
    with pytest.raises(v.Invalid, match="wrong check digit"):
        v.parse_id_number(bad_check(full))

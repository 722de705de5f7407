"""legal_basis / violated_provisions through the whole extractor, on forms written for these tests."""

from __future__ import annotations

from nlp.extract import Extractor


def test_a_provision_repeated_with_pdf_spaces_is_listed_once() -> None:
    text = (
        "经查,你单位未按规定设置消防安全标志,违反了《中华人民共和国消防法》第十六条第一款第(二)项的规定。\n"
        "上述事实有现场检查记录为证。"
        "你单位的行为违 反了《中华人民共和国消防法》第 十六条第一款第(二) 项的规定,"
        "依据《中华人民共和国消防法》第六十条第一款第(一)项的规定,决定罚款人民币伍仟元整。"
    )
    result = Extractor().extract(text, "x.txt").to_json()
    assert result["violated_provisions"] == ["《中华人民共和国消防法》第十六条第一款第(二)项"]
    assert result["legal_basis"] == ["《中华人民共和国消防法》第六十条第一款第(一)项"]


def test_short_and_long_title_of_one_law_are_one_provision() -> None:
    text = (
        "你单位违反了《中华人民共和国大气污染防治法》第四十八条第一款的规定。"
        "依据《大气污染防治法》第一百零八条第(一)项的规定,本局认为你单位违反了《大气污染防治法》第四十八条第一款的规定,"
        "决定罚款人民币叁万元整。"
    )
    result = Extractor().extract(text, "x.txt").to_json()
    assert result["violated_provisions"] == ["《中华人民共和国大气污染防治法》第四十八条第一款"]
    assert result["legal_basis"] == ["《大气污染防治法》第一百零八条第(一)项"]

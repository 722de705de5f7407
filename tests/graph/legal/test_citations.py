"""Citations: one grammar (《…》第X条之X第X款第X项) for structured values and free text."""

from __future__ import annotations

from graph.legal.citations import ART_RE, LAW_RE, citations, classify, provision, violated


def test_citations() -> None:
    found = citations(
        "依据《中华人民共和国食品安全法》第一百二十四条第一款第（二）项、第一百二十六条和《行业准入规定》"
    )
    assert [(c.law, c.article, c.paragraph, c.item) for c in found] == [
        ("中华人民共和国食品安全法", "124", "1", "2"),
        ("中华人民共和国食品安全法", "126", None, None),
        ("行业准入规定", None, None, None),
    ]


def test_provisions_are_stored_in_arabic_whatever_the_text_says() -> None:
    (short,) = citations("《药品管理法》第七十四条")
    (long,) = citations("《中华人民共和国药品管理法》第74条")
    assert provision(short).id == provision(long).id
    assert provision(short).citation == "《药品管理法》第74条"
    (sub,) = citations("《行政处罚法》第十三条之一第二款")
    assert (sub.article, sub.paragraph) == ("13-1", "2")


def test_one_grammar_serves_columns_and_free_text() -> None:
    text = "违反了《中华人民共和国产品质量法》第三十九条第一款第(二)项的规定"
    assert LAW_RE.search(text) and ART_RE.search(text)
    (column,) = citations(text)
    (free,) = classify(text, text, (), (), ())
    assert (free.law, free.article, free.paragraph, free.item, free.role) == (
        "中华人民共和国产品质量法",
        "39",
        "1",
        "2",
        "violated",
    )
    assert (column.law, column.article, column.paragraph, column.item) == (
        free.law,
        free.article,
        free.paragraph,
        free.item,
    )
    assert free.text == "《中华人民共和国产品质量法》第三十九条第一款第(二)项"


def test_violated_clauses_of_a_structured_facts_value() -> None:
    found = violated(
        "当事人违反了《产品质量法》第三十九条。另违反《食品安全法》第三十四条第一款；依据《行政处罚法》第二十八条"
    )
    assert [(c.law, c.article, c.paragraph) for c in found] == [
        ("产品质量法", "39", None),
        ("食品安全法", "34", "1"),
    ]

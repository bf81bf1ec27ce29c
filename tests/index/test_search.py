"""Search behaviour on a small real index."""

from __future__ import annotations

import datetime

import pytest

from index import QueryError, SearchIndex, SearchRequest, highlight_terms
from index.analysis import fold_tokens, tokenize

from .conftest import CORPUS, make_doc


def ids(ix: SearchIndex, q: str, **kw) -> list[str]:
    return [h.id for h in ix.search(SearchRequest(q=q, **kw)).hits]


def test_accentless_query_finds_all_spellings(index: SearchIndex) -> None:
    assert set(ids(index, "duong")) == {"2", "3", "4"}
    assert set(ids(index, "cai cach hanh chinh")) == {"1", "10"}


def test_accented_query_ranks_exact_spelling_first(index: SearchIndex) -> None:
    assert ids(index, "đường")[0] == "2"
    assert ids(index, "dương")[0] == "3"
    assert ids(index, "đương")[0] == "4"
    assert set(ids(index, "đường")) == {"2", "3", "4"}  # the others still found


@pytest.mark.parametrize("q", ["hòa giải", "hoà giải", "ủy quyền", "uỷ quyền", "thủy lợi"])
def test_tone_placement_variants(index: SearchIndex, q: str) -> None:
    assert ids(index, q)[0] == "6"


@pytest.mark.parametrize(
    "q", ["2629/QĐ-UBND", "2629/qd-ubnd", "2629 QĐ UBND", "2629 qd ubnd", "so:2629/qd-ubnd"]
)
def test_number_in_every_spelling(index: SearchIndex, q: str) -> None:
    assert ids(index, q)[0] == "1"


@pytest.mark.parametrize("q", ["ở", "an", "in"])
def test_short_words_are_indexed(index: SearchIndex, q: str) -> None:
    assert ids(index, q)


def test_phrase_is_exact_and_adjacency_ranks_first(index: SearchIndex) -> None:
    # doc 10 has "cải cách" and "hành chính" on page 2 apart, and the phrase on page 3
    assert set(ids(index, '"cai cach hanh chinh"')) == {"1", "10"}
    assert ids(index, '"hanh chinh cong"') == ["10"]
    assert ids(index, '"chinh hanh"') == []
    ix_ids = ids(index, "hanh chinh cai cach")
    assert set(ix_ids) == {"1", "10"}


def test_filters(index: SearchIndex) -> None:
    assert ids(index, "loai:quyet") == ["1"]
    assert ids(index, 'loai:"quyết định"') == ["1"]
    assert set(ids(index, 'coquan:"hau giang" cai cach')) == {"1", "10"}
    assert ids(index, 'coquan:"uy ban" nguoiky:lap') == ["1"]
    assert len(ids(index, "coquan:ubnd", per_page=20)) == 7  # parent issuer counts too
    assert ids(index, "nam:2019") == ["6"]
    assert set(ids(index, "nam:2018-2019")) == {"6", "7"}
    assert set(ids(index, "nam:[2018 to 2019]")) == {"6", "7"}


@pytest.mark.parametrize(
    "q",
    [
        "ngay:[2021-12-31 to 2022-03-01]",
        "ngay:[31/12/2021 to 01/03/2022]",
        "ngay:[31/12/2021 đến 1/3/2022]",
    ],
)
def test_date_ranges(index: SearchIndex, q: str) -> None:
    assert set(ids(index, q)) == {"2", "3"}


def test_single_date_and_open_range(index: SearchIndex) -> None:
    assert ids(index, "ngay:15/06/2020") == ["4"]
    assert set(ids(index, "ngay:[to 2019-02-02]")) == {"6", "7"}


def test_explicit_filters_from_facets(index: SearchIndex) -> None:
    req = SearchRequest(q="", filters={"doc_type": "Công văn"})
    assert [h.id for h in index.search(req).hits] == ["4"]
    req = SearchRequest(q="", filters={"date_from": datetime.date(2023, 1, 1), "year": 2023})
    assert {h.id for h in index.search(req).hits} == {"1", "5", "10"}


def test_facets_count_visible_matches(index: SearchIndex) -> None:
    res = index.search(SearchRequest(q="", per_page=3))
    assert res.total == 8  # two classified documents hidden
    assert dict(res.facets["doc_type"]) == {"Thông báo": 5, "Quyết định": 1, "Công văn": 1, "Kết luận": 1}
    assert dict(res.facets["year"])["2023"] == 3
    assert len(res.hits) == 3


def test_sort_by_date_and_pagination(index: SearchIndex) -> None:
    dates = [h.issued_date for h in index.search(SearchRequest(q="", sort="date", per_page=20)).hits]
    assert dates == sorted(dates, reverse=True)
    page1 = index.search(SearchRequest(q="", sort="date", per_page=3, page=1)).hits
    page2 = index.search(SearchRequest(q="", sort="date", per_page=3, page=2)).hits
    assert not {h.id for h in page1} & {h.id for h in page2}
    assert len(page2) == 3


def test_snippet_shows_accented_original_for_accentless_query(index: SearchIndex) -> None:
    hit = index.search(SearchRequest(q="cai cach hanh chinh")).hits
    by_id = {h.id: h for h in hit}
    assert "<mark>cải cách hành chính</mark>" in by_id["1"].snippet  # one phrase, one mark
    assert by_id["1"].page == 2
    assert by_id["10"].page == 3  # the page holding the whole phrase wins


def test_snippet_is_html_escaped(tmp_path) -> None:
    ix = SearchIndex(tmp_path / "ix")
    ix.update([make_doc("1", "<script>alert(1)</script> ngân sách & chi tiêu")])
    snippet = ix.search("ngan sach").hits[0].snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>ngân sách</mark> &amp;" in snippet


def test_the_subject_is_never_shown_twice(tmp_path) -> None:
    ix = SearchIndex(tmp_path / "ix")
    ix.update([make_doc("1", "Điều 1. Giao chỉ tiêu biên chế năm 2024.",
                        subject="Về việc giao chỉ tiêu biên chế")])
    listed = ix.search(SearchRequest(q="")).hits[0]  # no query: the subject alone, no snippet
    assert listed.subject == "Về việc giao chỉ tiêu biên chế" and listed.snippet == ""
    found = ix.search("giao chi tieu").hits[0]  # a query: the body's words, on their page
    assert "<mark>" in found.snippet and found.page == 1


def test_did_you_mean_restores_diacritics(index: SearchIndex) -> None:
    res = index.search("quyet dinh ngan sach")
    assert res.suggestion == "quyết định ngân sách"
    assert index.search("quyết định ngân sách").suggestion is None


def test_highlight_terms() -> None:
    assert highlight_terms('Cải cách "hành chính" so:2629 nam:2023') == ["cai", "cach", "hanh", "chinh"]
    assert highlight_terms('"unbalanced') == []


@pytest.mark.parametrize(
    "q",
    [
        '"cai cach',
        "ngay:[2023-01-01 to",
        "ngay:[2023-13-45 to 2023-12-31]",
        "nam:abc",
        "so:",
        'loai:"quyet',
        "ngay:[2024-01-01 to 2023-01-01]",
        "ngay:hôm qua",
        "coquan:[a to b]",
    ],
)
def test_bad_syntax_is_a_query_error(index: SearchIndex, q: str) -> None:
    with pytest.raises(QueryError) as err:
        index.search(q)
    assert "Cú pháp" in str(err.value)


@pytest.mark.parametrize("q", ["a:b", "Hà Nội: quy hoạch", "V/v:", "***", ":", "((", "nam:"[:3]])
def test_odd_input_never_crashes(index: SearchIndex, q: str) -> None:
    index.search(q)


def test_clearance_hides_everywhere(index: SearchIndex) -> None:
    public = index.search(SearchRequest(q="cai cach hanh chinh", clearance=0))
    assert "8" not in [h.id for h in public.hits] and public.total == 2
    assert index.search(SearchRequest(q="xyzzy", clearance=2)).total == 0
    assert index.search(SearchRequest(q="xyzzy", clearance=2)).suggestion is None
    assert all(n < 8 for _v, n in index.search("").facets["doc_type"])
    secret = index.search(SearchRequest(q="cai cach hanh chinh", clearance=1))
    assert "8" in [h.id for h in secret.hits] and secret.total == 3
    assert [h.id for h in index.search(SearchRequest(q="xyzzy", clearance=3)).hits] == ["9"]
    # a suggestion never reveals words found only in hidden documents
    assert index.search(SearchRequest(q="quoc phong", clearance=0)).suggestion is None
    assert index.search(SearchRequest(q="quoc phong", clearance=1)).suggestion == "quốc phòng"


def test_update_replaces_and_delete_removes(index: SearchIndex) -> None:
    index.update([make_doc("2", "Nội dung đã sửa về thủy điện")])
    assert ids(index, "thuy dien") == ["2"]
    assert "2" not in ids(index, "con duong")
    index.delete(["2", "does-not-exist"])
    assert ids(index, "thuy dien") == []
    assert index.count() == 9 and "2" not in index.doc_ids()


def test_to_dict_contract(index: SearchIndex) -> None:
    out = index.search("2629/qd-ubnd").to_dict()
    assert set(out) >= {"total", "hits", "facets", "suggestion"}
    assert set(out["hits"][0]) == {
        "id",
        "score",
        "number",
        "issued_date",
        "issuer",
        "parent_issuer",
        "doc_type",
        "subject",
        "snippet",
        "page",
    }
    assert out["hits"][0]["issued_date"] == "2023-05-02"


def test_common_long_phrase_checks_every_hit(tmp_path, monkeypatch) -> None:
    from index import search

    ix = SearchIndex(tmp_path / "ix")
    ix.update(
        [
            make_doc("a", "đẩy mạnh cải cách hành chính"),
            make_doc("b", "cải cách nhỏ; phương cách hành xử"),  # both pairs, not together
        ]
    )
    exact = ix.search('"cai cach hanh"')
    assert (exact.total, exact.total_exact, [h.id for h in exact.hits]) == (1, True, ["a"])
    monkeypatch.setattr(search, "VERIFY_LIMIT", 0)  # too many candidates to check them all
    approx = ix.search('"cai cach hanh"')
    assert (approx.total, approx.total_exact, [h.id for h in approx.hits]) == (2, False, ["a"])


def _has_phrase(doc, phrase: str) -> bool:
    """Brute force: the folded syllables of ``phrase`` stand together in the document."""
    want = fold_tokens(tokenize(phrase))
    meta = [doc.number, doc.doc_type, doc.subject, doc.issuer]
    for text in [m for m in meta if m] + doc.pages:
        have = fold_tokens(tokenize(text))
        if any(have[i : i + len(want)] == want for i in range(len(have))):
            return True
    return False


PHRASE_DOCS = CORPUS + [
    make_doc("p1", "cải cách nhỏ; phương cách hành xử chính đáng", confidentiality=None),
    make_doc("p2", "cách hành chính cải cách", subject="Hành chính"),
    make_doc("p3", "Cải Cách Hành Chính, bộ phận một cửa liên thông"),
    make_doc("p4", "bộ phận một; cửa hàng"),
]


@pytest.mark.parametrize(
    "phrase",
    [
        "cai cach hanh chinh",
        "cải cách hành",
        "bo phan mot cua",
        "hanh chinh",
        "cach hanh chinh cai",
        "mot cua",
    ],
)
@pytest.mark.parametrize("verify_limit", [800, 0])
def test_phrase_by_pairs_equals_exact_phrase(tmp_path, monkeypatch, phrase: str, verify_limit: int) -> None:
    """Phrases answered through syllable pairs (then checked on the text) give what an exact
    positional match gives; past VERIFY_LIMIT the total is an upper bound, the hits exact."""
    from index import search

    monkeypatch.setattr(search, "VERIFY_LIMIT", verify_limit)
    ix = SearchIndex(tmp_path / "ix")
    ix.update(PHRASE_DOCS)
    expected = {d.id for d in PHRASE_DOCS if _has_phrase(d, phrase) and not d.confidentiality}
    res = ix.search(SearchRequest(q=f'"{phrase}"', per_page=50))
    assert {h.id for h in res.hits} == expected
    if res.total_exact:
        assert res.total == len(expected)
    else:
        assert verify_limit == 0 and res.total >= len(expected)


def test_facets_by_bitmaps_equal_counts_per_document(index: SearchIndex, monkeypatch) -> None:
    from index import search

    queries = ["", "cai cach", "coquan:ubnd", "nam:2020-2023"]
    by_bits = [index.search(SearchRequest(q=q, clearance=3)).facets for q in queries]
    monkeypatch.setattr(search, "MANY_VALUES", 0)  # count document by document instead
    assert [index.search(SearchRequest(q=q, clearance=3)).facets for q in queries] == by_bits


def test_preselection_keeps_totals_and_finds_the_best(index: SearchIndex, monkeypatch) -> None:
    from index import search

    full = index.search(SearchRequest(q="cai cach hanh chinh"))
    monkeypatch.setattr(search, "SCORE_ALL", 0)
    monkeypatch.setattr(search, "PRESELECT", 1)  # score only as many documents as shown
    cut = index.search(SearchRequest(q="cai cach hanh chinh", per_page=1))
    assert (cut.total, cut.facets) == (full.total, full.facets)
    assert [h.id for h in cut.hits] == [h.id for h in full.hits][:1]


def test_newest_first_by_date_order_walk(index: SearchIndex, monkeypatch) -> None:
    from index import search

    req = SearchRequest(q="", sort="date", per_page=20)
    by_heap = [h.id for h in index.search(req).hits]
    monkeypatch.setattr(search, "NEWEST_BY_HEAP", 0)  # walk the cached date order instead
    assert [h.id for h in index.search(req).hits] == by_heap


@pytest.mark.parametrize("q", ["ngay:[2000-01-01 to 2030-01-01] xyzzy", "ngay:[2023-01-01 to 2023-12-31]"])
def test_date_filter_small_and_large_matches(index: SearchIndex, q: str) -> None:
    hits = index.search(SearchRequest(q=q, clearance=3, per_page=20)).hits
    expected = {"9"} if "xyzzy" in q else {"1", "5", "8", "9", "10"}
    assert {h.id for h in hits} == expected


def test_replaced_document_leaves_totals_and_facets(index: SearchIndex) -> None:
    before = index.search("con duong")
    assert before.total == 1 and dict(before.facets["doc_type"]) == {"Thông báo": 1}
    index.update([make_doc("2", "Nội dung mới", doc_type="Công văn")])  # a new segment
    after = index.search("con duong")
    assert (after.total, after.hits, after.facets["doc_type"]) == (0, [], [])
    assert dict(index.search("").facets["doc_type"])["Công văn"] == 2

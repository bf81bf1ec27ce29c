"""Issuer facets under the parent body, multi-select facets, and phrase highlighting, on a
real Whoosh index on disk."""

from __future__ import annotations

import re

import pytest

from index import (
    SCHEMA_VERSION,
    SearchIndex,
    SearchRequest,
    highlighter_for,
    issuer_facet_key,
    layout,
    split_issuer_key,
)

from .conftest import make_doc

PROVINCES = ["UBND TỈNH HẬU GIANG", "UBND TỈNH AN GIANG", "UBND THÀNH PHỐ CẦN THƠ"]


def noi_vu_docs() -> list:
    """Three Sở Nội vụ of three provinces, and bodies without a parent."""
    docs = [make_doc(f"snv{i}", "Thông báo lịch họp giao ban.", parent_issuer=parent,
                     doc_type="Thông báo" if i else "Công văn")
            for i, parent in enumerate(PROVINCES)]
    docs.append(make_doc("snv3", "Thông báo lịch họp.", parent_issuer=PROVINCES[0]))
    docs.append(make_doc("bnv", "Công văn về lưu trữ.", issuer="BỘ NỘI VỤ", parent_issuer=None,
                         doc_type="Công văn"))
    docs += [make_doc(f"x{i}", "Thông báo khác.", issuer=f"SỞ SỐ {i}", parent_issuer=None)
             for i in range(4)]
    return docs


@pytest.fixture
def noi_vu(tmp_path) -> SearchIndex:
    ix = SearchIndex(tmp_path / "ix")
    ix.update(noi_vu_docs())
    return ix


def key(parent: str | None, issuer: str = "SỞ NỘI VỤ") -> str:
    return issuer_facet_key(issuer, parent)


def ids(ix: SearchIndex, **kw) -> set[str]:
    return {h.id for h in ix.search(SearchRequest(per_page=50, **kw)).hits}


def test_issuer_facet_keeps_bodies_of_the_same_name_apart(noi_vu: SearchIndex) -> None:
    facet = dict(noi_vu.search("").facets["issuer"])
    assert facet[key("UBND TỈNH HẬU GIANG")] == 2
    assert facet[key("UBND TỈNH AN GIANG")] == 1 and facet[key("UBND THÀNH PHỐ CẦN THƠ")] == 1
    assert facet["BỘ NỘI VỤ"] == 1  # no parent: the issuer alone
    assert "SỞ NỘI VỤ" not in facet
    assert split_issuer_key(key("UBND TỈNH AN GIANG")) == ("UBND TỈNH AN GIANG", "SỞ NỘI VỤ")
    assert split_issuer_key("BỘ NỘI VỤ") == (None, "BỘ NỘI VỤ")


def test_hits_carry_the_parent_body(noi_vu: SearchIndex) -> None:
    hit = noi_vu.search(SearchRequest(filters={"issuer": key("UBND TỈNH AN GIANG")})).hits[0]
    assert (hit.id, hit.issuer, hit.parent_issuer) == ("snv1", "SỞ NỘI VỤ", "UBND TỈNH AN GIANG")
    assert noi_vu.search("bo noi vu").to_dict()["hits"][0]["parent_issuer"] is None


def test_clicking_an_issuer_value_filters_on_issuer_and_parent(noi_vu: SearchIndex) -> None:
    assert ids(noi_vu, filters={"issuer": key("UBND TỈNH HẬU GIANG")}) == {"snv0", "snv3"}
    assert ids(noi_vu, filters={"issuer": key("UBND THÀNH PHỐ CẦN THƠ")}) == {"snv2"}
    # an issuer alone (older links, API callers) still finds every body of that name
    assert ids(noi_vu, filters={"issuer": "SỞ NỘI VỤ"}) == {"snv0", "snv1", "snv2", "snv3"}


def test_facet_values_stay_offered_and_combine(noi_vu: SearchIndex) -> None:
    chosen = key("UBND TỈNH AN GIANG")
    res = noi_vu.search(SearchRequest(filters={"issuer": chosen}))
    assert res.total == 1
    issuers = dict(res.facets["issuer"])
    assert issuers[chosen] == 1 and issuers[key("UBND TỈNH HẬU GIANG")] == 2  # others still there
    assert dict(res.facets["doc_type"]) == {"Thông báo": 1}  # other facets follow the choice
    both = [chosen, key("UBND THÀNH PHỐ CẦN THƠ")]
    assert ids(noi_vu, filters={"issuer": both}) == {"snv1", "snv2"}
    assert ids(noi_vu, filters={"issuer": both, "doc_type": "Công văn"}) == set()
    assert ids(noi_vu, filters={"issuer": both, "doc_type": ["Công văn", "Thông báo"]}) == \
        {"snv1", "snv2"}
    # the doc type facet is counted over the chosen issuers only
    res = noi_vu.search(SearchRequest(filters={"issuer": both, "doc_type": "Công văn"}))
    assert dict(res.facets["doc_type"]) == {"Thông báo": 2}
    assert dict(res.facets["issuer"]) == {key(PROVINCES[0]): 1, "BỘ NỘI VỤ": 1}


def test_a_selected_value_is_listed_even_past_the_facet_size(noi_vu: SearchIndex,
                                                             monkeypatch) -> None:
    from index import search

    monkeypatch.setattr(search, "FACET_SIZE", 2)
    assert len(noi_vu.search("").facets["issuer"]) == 2
    rare = "SỞ SỐ 3"
    listed = dict(noi_vu.search(SearchRequest(filters={"issuer": rare})).facets["issuer"])
    assert len(listed) == 3 and listed[rare] == 1


def test_outdated_index_is_rebuilt_with_the_parent_facet(noi_vu: SearchIndex) -> None:
    layout.write_version(layout.current_dir(noi_vu.path), SCHEMA_VERSION - 1)
    assert noi_vu.check() == "outdated"
    assert noi_vu.rebuild(noi_vu_docs(), procs=2) == len(noi_vu_docs())
    assert noi_vu.check() == "ok"
    facet = dict(noi_vu.search("").facets["issuer"])
    assert facet[key("UBND TỈNH HẬU GIANG")] == 2 and facet[key("UBND TỈNH AN GIANG")] == 1


# --- highlighting: phrases as phrases ---------------------------------------------------

BODY = ("Căn cứ Nghị định số 30/2020/NĐ-CP; theo quy định hiện hành.\n"
        "Điều 1. Ban hành kèm theo Quyết\nđịnh này Quy định về văn thư.")


def marks(snippet: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", snippet)


@pytest.fixture
def decree(tmp_path) -> SearchIndex:
    ix = SearchIndex(tmp_path / "ix")
    ix.update([
        make_doc("qd", "Trang đầu không liên quan.", BODY, subject="Về công tác văn thư"),
        make_doc("apart", "Quyết tâm thực hiện Nghị định mới.", subject="Kế hoạch"),
    ])
    return ix


@pytest.mark.parametrize("q", ["quyet dinh", "QUYẾT ĐỊNH", "quyết định", '"quyet dinh"'])
def test_a_phrase_query_marks_the_phrase_not_its_words_elsewhere(decree: SearchIndex,
                                                                 q: str) -> None:
    hit = next(h for h in decree.search(q).hits if h.id == "qd")
    assert hit.page == 2
    assert marks(hit.snippet) == ["Quyết định"]  # across the line break, one mark
    assert "Nghị <mark>" not in hit.snippet and "<mark>định</mark>" not in hit.snippet


def test_words_apart_are_marked_where_they_never_stand_together(decree: SearchIndex) -> None:
    hit = next(h for h in decree.search("quyet dinh").hits if h.id == "apart")
    assert marks(hit.snippet) == ["Quyết", "định"]
    hit = decree.search('"quy dinh"').hits[0]
    assert marks(hit.snippet) == ["quy định", "Quy định"]


def test_single_word_query_marks_every_occurrence(decree: SearchIndex) -> None:
    hit = next(h for h in decree.search("dinh").hits if h.id == "qd")
    assert [m.lower() for m in marks(hit.snippet)] == ["định", "định", "định", "định"]


def test_longer_runs_mark_their_adjacent_pieces(tmp_path) -> None:
    ix = SearchIndex(tmp_path / "ix")
    ix.update([make_doc("1", "Kế hoạch cải cách hành chính; cải tiến thủ tục hành chính công.")])
    snippet = ix.search("cai cach hanh chinh").hits[0].snippet
    assert marks(snippet) == ["cải cách hành chính", "hành chính"]
    assert "<mark>cải</mark> tiến" not in snippet


def test_word_boxes_are_marked_as_phrases() -> None:
    page1 = ["Căn", "cứ", "Nghị", "định;", "theo", "quy", "định."]
    page2 = ["Ban", "hành", "theo", "Quyết", "định", "này", "(QUYẾT", "ĐỊNH)"]
    assert highlighter_for("quyet dinh").words([page1, page2]) == [set(), {3, 4, 6, 7}]
    assert highlighter_for('"quy dinh"').words([page1, page2]) == [{5, 6}, set()]
    assert highlighter_for("dinh").words([page1]) == [{3, 6}]
    assert highlighter_for('"unbalanced').words([page1]) == [set()]
    # a number printed as one word is matched inside it
    assert highlighter_for("2629/QĐ-UBND").words([["Số:", "2629/QĐ-UBND", "ngày"]]) == [{1}]

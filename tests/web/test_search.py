"""Search pages: no-diacritics queries, facets, filters, sort, pages, suggestion, clearance."""

from __future__ import annotations

import re

import pytest


def hit_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'class="hit" data-id="(\d+)"', html)]


def total(html: str) -> int:
    return int(re.search(r'data-total="(\d+)"', html).group(1))


def test_search_without_diacritics(client, as_user, doc_ids):
    as_user("canbo")
    html = client.get("/search?q=cai+cach+hanh+chinh").get_data(as_text=True)
    assert hit_ids(html) == [doc_ids["public"]]
    assert "<mark>cải cách hành chính</mark>" in html  # the phrase, marked as one
    assert f'/documents/{doc_ids["public"]}?q=cai+cach+hanh+chinh&amp;page=1"' in html  # the hit's page


def test_search_by_number(client, as_user, doc_ids):
    as_user("canbo")
    html = client.get("/search?q=2629/QĐ-UBND").get_data(as_text=True)
    assert hit_ids(html)[0] == doc_ids["public"]


def test_home_lists_newest_documents_with_facets(client, as_user, doc_ids):
    as_user("canbo")
    html = client.get("/").get_data(as_text=True)
    assert set(hit_ids(html)) == {doc_ids["public"], doc_ids["hostile"]}
    assert 'data-facet="doc_type"' in html and "Quyết định" in html and 'data-facet="year"' in html
    # with no query each subject is printed once (it was also repeated as the snippet)
    assert html.count("Về việc ban hành Kế hoạch cải cách hành chính năm 2023") == 1


def test_facet_and_date_filters(client, as_user, doc_ids):
    as_user("canbo")
    html = client.get("/search?doc_type=Quyết+định").get_data(as_text=True)
    assert hit_ids(html) == [doc_ids["public"]]
    assert "Bỏ lọc" in html
    html = client.get("/search?year=2024").get_data(as_text=True)
    assert hit_ids(html) == [doc_ids["hostile"]]
    html = client.get("/search?date_from=2023-01-01&date_to=2023-12-31").get_data(as_text=True)
    assert hit_ids(html) == [doc_ids["public"]]
    html = client.get("/search?sort=date").get_data(as_text=True)
    assert hit_ids(html) == [doc_ids["hostile"], doc_ids["public"]]


def test_pagination(client, as_user, catalog, tmp_path):
    from tests.web.conftest import DOCS, add_document

    for i in range(22):
        spec = dict(DOCS["public"], fields=dict(DOCS["public"]["fields"], number=f"{i + 1}/QĐ-UBND"),
                    review=set())
        add_document(catalog, tmp_path, f"extra{i}", spec, 50 + i)
    as_user("canbo")
    first = client.get("/search?q=cai+cach").get_data(as_text=True)
    assert total(first) == 23 and len(hit_ids(first)) == 20 and 'rel="next"' in first
    second = client.get("/search?q=cai+cach&page=2").get_data(as_text=True)
    assert len(hit_ids(second)) == 3 and not set(hit_ids(first)) & set(hit_ids(second))
    assert client.get("/search?q=cai+cach&page=abc").status_code == 200


def test_did_you_mean(client, as_user):
    as_user("canbo")
    html = client.get("/search?q=ke+hoach+cai+cach").get_data(as_text=True)
    assert "Có phải bạn muốn tìm" in html and "kế hoạch cải cách" in html.lower()


def test_bad_query_gets_a_clear_message(client, as_user):
    as_user("canbo")
    response = client.get('/search?q="cai+cach')
    assert response.status_code == 400  # the page, with its form and what to fix
    assert "Thiếu dấu ngoặc kép đóng" in response.get_data(as_text=True)
    assert "Năm không hợp lệ" in client.get("/search?year=abc").get_data(as_text=True)


def test_empty_archive_searches_fine(tmp_path):
    from archive_service.web import create_app
    from tests.conftest import make_config
    from tests.web.conftest import login

    app = create_app({"TESTING": True, "ARCHIVE_CONFIG": make_config(tmp_path / "empty")})
    from archive_service.users import Users

    Users(app.extensions["archive_catalog"]).add("a", "staff", password="12345678")
    client = app.test_client()
    login(client, "a", "12345678")
    html = client.get("/search?q=abc").get_data(as_text=True)
    assert "Không tìm thấy văn bản nào" in html


# --- clearance: a Mật document is invisible below its level, everywhere -------------------

@pytest.mark.parametrize(("user", "sees_secret", "sees_topsecret"), [
    ("canbo", False, False), ("vanthu0", False, False), ("canbo_mat", True, False),
    ("vanthu", True, False), ("quantri", True, True),
])
def test_results_and_totals_respect_clearance(client, as_user, doc_ids, user, sees_secret,
                                              sees_topsecret):
    as_user(user)
    html = client.get("/search?q=cai+cach+hanh+chinh").get_data(as_text=True)
    assert (doc_ids["secret"] in hit_ids(html)) == sees_secret
    assert total(html) == 1 + sees_secret
    html = client.get("/search?q=phong+thu").get_data(as_text=True)
    assert (doc_ids["topsecret"] in hit_ids(html)) == sees_topsecret
    assert total(html) == int(sees_topsecret)


def test_hidden_documents_leave_no_trace_for_staff(client, as_user):
    as_user("canbo")
    for q in ["", "cai cach", "quan su", "vu khi", "so:45/UBND-NC", "coquan:\"cong an\""]:
        html = client.get("/search", query_string={"q": q}).get_data(as_text=True)
        html = html.split('<div class="layout">')[1]  # what the archive says, not the query echoed
        html = re.sub(r'(value|href)="[^"]*"', "", html)
        for leak in ("CÔNG AN", "Bình Định", "BÌNH ĐỊNH", "quân sự", "vũ khí", "45/UBND-NC",
                     "Công văn", "2022", "Kế hoạch diễn tập", "BỘ CHỈ HUY"):
            assert leak not in html, (q, leak)


def test_facets_count_only_visible_documents(client, as_user):
    as_user("canbo_mat")
    html = client.get("/").get_data(as_text=True)
    assert "CÔNG AN TỈNH BÌNH ĐỊNH" in html and "Công văn" in html
    assert "BỘ CHỈ HUY QUÂN SỰ" not in html


def test_suggestion_never_reveals_a_hidden_word(client, as_user):
    as_user("canbo")
    assert "Có phải bạn muốn tìm" not in client.get("/search?q=quan+su").get_data(as_text=True)
    as_user("canbo_mat")
    html = client.get("/search?q=quan+su").get_data(as_text=True)
    assert "<mark>quân sự</mark>" in html
    assert "Có phải bạn muốn tìm" in html and ">quân sự</a>" in html

"""Dates are typed dd/mm/yyyy (issue 14): the search's date range on the page and in the API,
read on the server, with a Vietnamese message for a date that does not exist."""

from __future__ import annotations

from datetime import date

import pytest

from archive_service.users import Users
from archive_service.web.search import typed_date
from index import QueryError


@pytest.mark.parametrize(("text", "day"), [("12/01/2023", date(2023, 1, 12)),
                                           ("1/2/2023", date(2023, 2, 1)),
                                           ("05.03.2020", date(2020, 3, 5)),
                                           (" 2023-01-12 ", date(2023, 1, 12))])
def test_typed_dates_are_read_day_first(text, day):
    assert typed_date(text) == day


@pytest.mark.parametrize("text", ["31/02/2023", "12/13/2023", "2023-1-12", "12/01/23", "hôm qua",
                                  "١٢/٠١/٢٠٢٣"])
def test_a_date_that_does_not_exist_is_explained(text):
    with pytest.raises(QueryError, match="Hãy viết ngày theo dạng ngày/tháng/năm, ví dụ 12/01/2023"):
        typed_date(text)


def test_search_page_filters_by_typed_dates(client, as_user, doc_ids):
    as_user("canbo")
    html = client.get("/search?q=cai+cach&date_from=01/01/2023&date_to=31/12/2023").get_data(
        as_text=True)
    assert f'data-id="{doc_ids["public"]}"' in html and 'class="hit"' in html
    assert html.count('class="hit"') == 1
    assert 'value="01/01/2023"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert 'type="date"' not in html
    response = client.get("/search?q=cai+cach&date_from=30/02/2023")
    assert response.status_code == 400
    assert "Ngày không hợp lệ: «30/02/2023»" in response.get_data(as_text=True)
    response = client.get("/search?q=cai+cach&date_from=01/02/2023&date_to=01/01/2023")
    assert response.status_code == 400
    assert "sau ngày kết thúc" in response.get_data(as_text=True)


def test_api_search_reads_both_iso_and_typed_dates(client, app, doc_ids):
    token = Users(app.extensions["archive_catalog"]).create_token("canbo")
    headers = {"Authorization": f"Bearer {token}"}
    for lo, hi in (("2023-01-01", "2023-12-31"), ("01/01/2023", "31/12/2023")):
        body = client.get(f"/api/v1/search?q=cai+cach&date_from={lo}&date_to={hi}",
                          headers=headers).get_json()
        assert [hit["id"] for hit in body["hits"]] == [doc_ids["public"]]
    response = client.get("/api/v1/search?date_from=2023-02-30", headers=headers)
    assert response.status_code == 400 and "Ngày không hợp lệ" in response.get_json()["error"]

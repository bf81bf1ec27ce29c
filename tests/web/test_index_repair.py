"""Searches over a lost, damaged or incomplete index say so and the index repairs itself
from the catalog (issue 12.1): never a silent 0."""

from __future__ import annotations

import shutil
import time

import pytest

from archive_service.users import Users
from index import SearchIndex, layout

QUERY = "/search?q=cai+cach+hanh+chinh"


def index_dir(catalog):
    return catalog.config.index_dir


def lose(catalog) -> None:
    shutil.rmtree(index_dir(catalog))


def garble_toc(catalog) -> None:
    max(layout.current_dir(index_dir(catalog)).glob("*.toc")).write_bytes(b"\x00garbage" * 40)


def truncate_segment(catalog) -> None:
    seg = max(layout.current_dir(index_dir(catalog)).glob("*.seg"), key=lambda p: p.stat().st_size)
    seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])


def drop_one(catalog) -> None:
    """A commit lost: the index lacks one processed document."""
    SearchIndex(index_dir(catalog)).delete([min(SearchIndex(index_dir(catalog)).doc_ids())])


def wait_repaired(catalog, expected: set[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        index = SearchIndex(index_dir(catalog))
        if index.check() == "ok" and not index.rebuilding() and index.doc_ids() == expected:
            return
        time.sleep(0.2)
    raise AssertionError("the index was not repaired")


@pytest.mark.parametrize("damage", [lose, garble_toc, truncate_segment])
def test_a_lost_or_damaged_index_is_reported_and_rebuilt(as_user, catalog, doc_ids, damage,
                                                         caplog) -> None:
    client = as_user("quantri")
    damage(catalog)
    html = client.get(QUERY).get_data(as_text=True)
    assert "bị mất hoặc hỏng và đang được tự động xây dựng lại" in html
    assert "does not match the catalog" in caplog.text
    wait_repaired(catalog, {str(i) for i in doc_ids.values()})
    response = client.get(QUERY)
    html = response.get_data(as_text=True)
    assert f'data-id="{doc_ids["public"]}"' in html and "flash error" not in html
    assert "X-Archive-Index-Missing" not in response.headers


def test_the_api_answers_503_while_the_index_is_rebuilt(app, catalog, doc_ids) -> None:
    token = Users(catalog).create_token("quantri")
    headers = {"Authorization": f"Bearer {token}"}
    api = app.test_client()
    lose(catalog)
    response = api.get("/api/v1/search?q=cai+cach+hanh+chinh", headers=headers)
    assert response.status_code == 503 and response.get_json()["error"]
    wait_repaired(catalog, {str(i) for i in doc_ids.values()})
    found = api.get("/api/v1/search?q=cai+cach+hanh+chinh", headers=headers).get_json()
    assert doc_ids["public"] in [h["id"] for h in found["hits"]]


def test_an_incomplete_index_answers_from_what_remains_and_says_so(as_user, catalog,
                                                                   doc_ids) -> None:
    client = as_user("quantri")
    SearchIndex(index_dir(catalog)).delete([str(doc_ids["public"])])  # a lost commit
    response = client.get(QUERY)
    html = response.get_data(as_text=True)
    assert "đang thiếu 1 văn bản" in html
    assert response.headers["X-Archive-Index-Missing"] == "1"
    assert f'data-id="{doc_ids["secret"]}"' in html  # answered from what remains
    wait_repaired(catalog, {str(i) for i in doc_ids.values()})
    html = client.get(QUERY).get_data(as_text=True)
    assert f'data-id="{doc_ids["public"]}"' in html and "đang thiếu" not in html


def test_status_shows_the_index_and_where_the_worker_runs(as_user, catalog, doc_ids) -> None:
    client = as_user("quantri")
    html = client.get("/status").get_data(as_text=True)
    assert 'data-index="ok"' in html and 'data-worker="apart"' in html
    lose(catalog)
    html = client.get("/status").get_data(as_text=True)
    assert 'data-index="repairing"' in html
    wait_repaired(catalog, {str(i) for i in doc_ids.values()})


@pytest.mark.parametrize("damage", [lose, truncate_segment, drop_one])
def test_serve_start_notices_a_damaged_index_and_repairs_it(catalog, doc_ids, damage,
                                                           caplog) -> None:
    from archive_service.web.commands import _check_index

    damage(catalog)
    _check_index(catalog)
    assert "search index does not match the catalog" in caplog.text
    wait_repaired(catalog, {str(i) for i in doc_ids.values()})


def test_serve_start_leaves_a_matching_index_alone(catalog, doc_ids, caplog) -> None:
    from archive_service.web.commands import _check_index

    directory = layout.current_dir(index_dir(catalog))
    _check_index(catalog)
    assert "does not match" not in caplog.text
    assert layout.current_dir(index_dir(catalog)) == directory

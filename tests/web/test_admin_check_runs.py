"""The administration page shows the last integrity check's result (issue 13)."""

from __future__ import annotations

import os

from archive_service import fixity


def test_admin_page_shows_the_last_check_run(client, catalog, as_user, doc_ids):
    as_user("quantri")
    html = client.get("/admin").get_data(as_text=True)
    assert "Kiểm tra toàn vẹn kho" in html and "Chưa có lần kiểm tra nào" in html
    fixity.run_check(catalog, by="nightly")
    html = client.get("/admin").get_data(as_text=True)
    assert "Tất cả tệp còn nguyên vẹn." in html and "do nightly chạy: 4 tệp của 4 văn bản" in html
    path = catalog.store.path_for(catalog.get(doc_ids["secret"]).sha256)
    os.chmod(path, 0o644)
    path.write_bytes(path.read_bytes() + b"x")
    fixity.run_check(catalog, by="quantri")
    html = client.get("/admin").get_data(as_text=True)
    assert "1 tệp bị mất, bị thay đổi hoặc không thuộc văn bản nào." in html
    assert f'#{doc_ids["secret"]}</a>' in html and "bị thay đổi" in html
    english = client.get("/admin?lang=en").get_data(as_text=True)
    assert "Integrity check of the stored files" in english and "altered" in english


def test_only_administrators_see_it(client, as_user):
    as_user("vanthu")
    response = client.get("/admin")
    assert response.status_code in (302, 403)

"""End to end in Debian's Chromium (Playwright) against a real ``archive serve``: an archivist
creates a phông and a hồ sơ, checks two search hits, files them, and sees them in order on the
hồ sơ page, then pages through the whole hồ sơ in its viewer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archive_service.catalog import Catalog
from archive_service.users import Users
from tests.conftest import make_config
from tests.faults.server import open_server
from tests.web.conftest import PASSWORD
from tests.web.test_browser import CHROMIUM, SHOTS, chromium

pytestmark = pytest.mark.browser


if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (make test installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(archive_template, tmp_path_factory):
    """``archive serve`` over a copy of the session's small archive (no OCR needed)."""
    work = tmp_path_factory.mktemp("filing-e2e")
    shutil.copytree(archive_template[0], work / "data")
    catalog = Catalog(make_config(work / "data"))
    Users(catalog).add("admin", "admin", password=PASSWORD, clearance=3)  # open_server's token
    catalog.db.dispose()
    with open_server(work) as running:
        yield running


@pytest.fixture
def page(server, tmp_path):
    with chromium(tmp_path / "profile") as context:
        yield context.new_page()


def test_create_file_check_two_hits_file_them_and_page_through_the_file(page, server, doc_ids):
    base = server.base
    page.goto(base + "/login")
    page.fill("input[name=username]", "vanthu")  # archivist, Mật clearance
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(base + "/search")

    page.click("nav >> text=Phông, hồ sơ")
    page.fill("#fonds-new-code", "HG")
    page.fill("#fonds-new-name", "Ủy ban nhân dân tỉnh Hậu Giang")
    page.click("#fonds-new-form button[type=submit]")
    page.wait_for_url("**/fonds/*")
    assert "Đã tạo phông HG." in page.locator(".flash").inner_text()

    page.goto(base + "/files?fonds=HG")
    page.fill("#file-new-code", "HG.2023.01")
    page.fill("#file-new-title", "Hồ sơ cải cách hành chính năm 2023")
    page.fill("#file-new-retention_years", "20")
    page.click("#file-new-form button[type=submit]")
    page.wait_for_url("**/files/*")
    file_url = page.url

    page.goto(base + "/search?q=cai+cach+hanh+chinh")
    hits = page.locator("li.hit")
    assert hits.count() == 2
    ids = [hits.nth(i).get_attribute("data-id") for i in range(2)]
    assert set(ids) == {str(doc_ids["public"]), str(doc_ids["secret"])}
    for i in range(2):
        hits.nth(i).locator("input.pick").check()
    page.select_option("#search-file-into-code", "HG.2023.01")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "filing-01-search-checked.png"), full_page=True)
    page.click("#search-file-into button[type=submit]")
    page.wait_for_url("**/search?q=cai+cach+hanh+chinh")
    assert "Đã lập 2 văn bản vào hồ sơ HG.2023.01." in page.locator(".flash").inner_text()

    page.goto(file_url)
    rows = page.locator("table.file-documents tbody tr")
    assert [rows.nth(i).get_attribute("data-id") for i in range(2)] == ids  # order as checked
    assert [rows.nth(i).locator("td.position").inner_text() for i in range(2)] == ["1", "2"]
    first = rows.nth(0).inner_text() if ids[0] == str(doc_ids["public"]) else rows.nth(1).inner_text()
    assert "2629/QĐ-UBND" in first and "12/01/2023" in first and "cải cách hành chính" in first
    derived = page.locator('tr[data-field="document_count"] td').inner_text()
    assert derived == "2"
    page.screenshot(path=str(SHOTS / "filing-02-file-page.png"), full_page=True)

    # the viewer pages through all pages of all documents in order (2 + 1 pages)
    assert "Trang 1 / 3 của hồ sơ" in page.locator(".viewer-nav").inner_text()
    seen = [page.locator(".viewer img").get_attribute("src")]
    for _ in range(2):
        page.click(".viewer-nav a[rel=next]")
        page.wait_for_load_state()
        seen.append(page.locator(".viewer img").get_attribute("src"))
    assert len(set(seen)) == 3 and page.locator(".viewer-nav a[rel=next]").count() == 0
    image = page.locator(".viewer img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert seen[0].startswith(f"/documents/{ids[0]}/pages/1.jpg")

    # take the Quyết định out of the hồ sơ on its page: the hồ sơ is proposed, one click files it
    page.goto(base + f"/documents/{doc_ids['public']}")
    page.click("form.unfile button[type=submit]")
    page.wait_for_load_state()
    assert "Văn bản chưa thuộc hồ sơ nào." in page.locator("section.filing").inner_text()
    proposal = page.locator('form.proposal[data-file="HG.2023.01"]')
    assert "cải cách hành chính" in proposal.inner_text()
    page.screenshot(path=str(SHOTS / "filing-03-proposal.png"), full_page=True)
    proposal.locator("button[type=submit]").click()
    page.wait_for_url(f"**/documents/{doc_ids['public']}")
    assert "HG.2023.01" in page.locator("section.filing .filed-in").inner_text()

"""Live progress of an upload batch in Debian's Chromium (Playwright) against a real
``archive serve`` and its worker (issue 14): three real samples dropped at once, each row
follows its document (chờ xử lý → đang xử lý trang k/n → đã xong) by polling the batch's JSON,
and the batch page lists them all as done. Screenshots go to tests/screenshots/."""

from __future__ import annotations

import json
import os

import pytest
from playwright.sync_api import expect

from tests.web.test_browser import (
    CHROMIUM_ARGS,
    SAMPLES,
    SHOTS,
    archive,
    serving,
    shot,
    sign_in,
)

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-e2e-123"
FILES = [SAMPLES / "gm_so_noi_vu_ha_noi_2025.webp",  # one scanned page (OCR)
         SAMPLES / "kh_cai_cach_hanh_chinh_phong_dien_2021.tif",  # two scanned pages
         SAMPLES / "qd_quy_dinh_van_thu_quang_ngai_2017.pdf"]  # four born-digital pages
PROCESS_TIMEOUT = 600_000  # ms the page may take to show every file done (never asserted)

if not all(f.exists() for f in FILES):
    pytest.skip("sample_docs are missing", allow_module_level=True)

# every change of a row's state cell, as the page wrote it
WATCH = """() => {
  window.__seen = [];
  const body = document.querySelector('#upload-results tbody');
  new MutationObserver(() => {
    body.querySelectorAll('td.state').forEach((td) => {
      const entry = (td.dataset.state || '') + '|' + td.textContent.trim();
      if (window.__seen[window.__seen.length - 1] !== entry) window.__seen.push(entry);
    });
  }).observe(body, { subtree: true, childList: true, characterData: true, attributes: true });
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("batch-e2e") / "data"
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data), "ARCHIVE_WORKERS": "1",
           "OMP_THREAD_LIMIT": "1", "ARCHIVE_ADMIN_PASSWORD": PASSWORD,
           "ARCHIVE_LOG_LEVEL": "WARNING"}
    archive(env, "user", "add", "vanthu", "--role", "archivist", "--password", PASSWORD)
    with serving(env, data) as base:
        yield {"url": base, "data": data}


@pytest.fixture
def page(server, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        context.set_default_timeout(30_000)
        yield context.new_page()
        context.close()
        browser.close()


def test_three_files_followed_live_until_done(page, server):
    sign_in(page, server, "vanthu", PASSWORD)
    page.goto(server["url"] + "/upload")
    page.evaluate(WATCH)
    page.set_input_files("#file-input", [str(f) for f in FILES])
    page.click("#upload-form button[type=submit]")
    rows = page.locator("#upload-results tbody tr")
    rows.nth(len(FILES) - 1).locator("td.result a").wait_for()
    assert rows.count() == len(FILES)
    shot(page, "21-batch-uploaded")
    page.wait_for_function(
        "n => document.querySelectorAll('#upload-results td.state[data-state=done]').length "
        "=== n", arg=len(FILES), timeout=PROCESS_TIMEOUT)
    shot(page, "22-batch-done")
    for i in range(len(FILES)):
        assert rows.nth(i).locator("td.state").inner_text().startswith("Đã xong")
    seen = page.evaluate("window.__seen")
    # the rows moved through the worker's states to done (what each showed on the way)
    assert any(e.startswith(("queued|Chờ xử lý", "processing|Đang")) for e in seen), seen
    assert all(not e.startswith("failed") for e in seen), seen
    summary = page.locator("#batch-link")
    expect(summary).to_be_visible()
    assert f"{len(FILES)}/{len(FILES)} đã xong" in summary.inner_text()
    page.wait_for_function("() => document.querySelector('#upload-results').dataset.finished "
                           "=== '1'")

    summary.locator("a").click()
    page.wait_for_url("**/uploads/*")
    assert page.locator("[data-count=done]").inner_text() == str(len(FILES))
    assert page.locator("#batch-items tbody tr[data-status=done]").count() == len(FILES)
    names = page.locator("#batch-items tbody").inner_text()
    assert all(f.name in names for f in FILES)
    shot(page, "23-batch-page")
    batch = page.url.rsplit("/", 1)[1]
    page.goto(server["url"] + "/status")
    assert page.locator(f'table.batches a[href="/uploads/{batch}"]').count() == 1
    api = page.request.get(server["url"] + f"/api/v1/batches/{batch}")
    data = json.loads(api.text())
    assert data["finished"] and data["counts"]["done"] == len(FILES)
    assert sorted(i["page_count"] for i in data["items"]) == [1, 2, 4]

"""End to end in Debian's Chromium (Playwright) against a real ``archive serve`` with its worker.

One archive for the module: the Mật sample is ingested first with ``archive ingest --wait``,
then ``archive serve`` runs (waitress + ``archive worker`` child), and the tests below drive
it in order as an archivist and as staff would. Screenshots go to tests/screenshots/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.servers import archive_serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_docs"
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
UPLOAD = SAMPLES / "gm_so_noi_vu_ha_noi_2025.webp"  # one 200 dpi page: a few seconds of OCR
SECRET = SAMPLES / "cv_bo_noi_vu_mat_2021.pdf"  # Công văn marked MẬT
PASSWORD = "mat-khau-e2e-123"
PROCESS_TIMEOUT = 300  # seconds allowed for the worker to OCR the uploaded page (never asserted)

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (make test installs it)", allow_module_level=True)
if not UPLOAD.exists() or not SECRET.exists():
    pytest.skip("sample_docs are missing", allow_module_level=True)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def truth(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def archive(env: dict, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    code = "import sys; from archive_service.cli import main; main(sys.argv[1:], prog_name='archive')"
    result = subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, f"archive {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


@contextmanager
def serving(env: dict, data: Path) -> Iterator[str]:
    """``archive serve`` for the data dir ``data`` (its log beside it, the tail printed at the
    end): the base URL once it answers, stopped on leaving."""
    log = data.parent / "serve.log"
    try:
        with archive_serve(env, log) as (_proc, base):
            yield base
    finally:
        print(log.read_text()[-3000:])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``archive serve`` on a free port, with the Mật sample already ingested."""
    data = tmp_path_factory.mktemp("e2e") / "data"
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data), "ARCHIVE_WORKERS": "1", "OMP_THREAD_LIMIT": "1",
           "ARCHIVE_ADMIN_PASSWORD": PASSWORD, "ARCHIVE_LOG_LEVEL": "WARNING"}
    out = json.loads(archive(env, "ingest", "--wait", str(SECRET)).stdout.splitlines()[0])
    assert out["status"] == "done", out
    shown = json.loads(archive(env, "show", str(out["id"]), "--json").stdout)
    assert shown["metadata"]["confidentiality"] == "Mật", "the extractor missed the MẬT mark"
    archive(env, "user", "add", "vanthu", "--role", "archivist", "--password", PASSWORD)
    archive(env, "user", "add", "canbo", "--role", "staff", "--password", PASSWORD)
    with serving(env, data) as base:
        yield {"url": base, "secret_id": out["id"], "data": data}


@contextmanager
def chromium(profile: Path, width: int = 1280) -> Iterator:
    """Debian's Chromium (never a downloaded browser) with a fresh profile, in Vietnamese:
    the Playwright browser context, closed on leaving."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": 900}, locale="vi-VN")
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


@pytest.fixture
def page(browser_context, server):
    browser_context.clear_cookies()
    page = browser_context.new_page()
    yield page
    page.close()


def sign_in(page, server, name: str, password: str = PASSWORD) -> None:
    page.goto(server["url"] + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    page.click("form.login button[type=submit]")
    page.wait_for_url(server["url"] + "/search")


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def wait_processed(page, url: str) -> None:
    """Reload the document page until the worker has processed it (or the state failed)."""
    deadline = time.monotonic() + PROCESS_TIMEOUT
    while True:
        page.goto(url)
        state = page.locator(".docinfo .state").get_attribute("class")
        if "state-done" in state or "state-failed" in state or time.monotonic() > deadline:
            break
        page.wait_for_timeout(1000)
    assert "state-done" in page.locator(".docinfo .state").get_attribute("class"), page.content()[:3000]


def test_login_page_is_vietnamese_and_refuses_a_wrong_password(page, server):
    page.goto(server["url"] + "/")
    assert page.url.startswith(server["url"] + "/login")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.fill("input[name=username]", "vanthu")
    page.fill("input[name=password]", "sai")
    page.click("form.login button[type=submit]")
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.locator(".flash.error").inner_text()
    shot(page, "01-login-refused")


def test_archivist_uploads_a_scan_and_sees_it_processed(page, server):
    sign_in(page, server, "vanthu")
    page.click("nav >> text=Tải lên")
    page.set_input_files("#file-input", str(UPLOAD))
    page.click("#upload-form button[type=submit]")
    row = page.locator("#upload-results tbody tr").first
    row.locator("td.result a").wait_for()
    assert "Đã đưa vào hàng đợi" in row.inner_text()
    assert page.locator("#upload-results progress").first.get_attribute("value") == "100"
    shot(page, "02-uploaded")
    doc_url = row.locator("td.result a").get_attribute("href")
    server["uploaded_url"] = server["url"] + doc_url
    page.goto(server["url"] + "/status")
    shot(page, "03-status")
    wait_processed(page, server["uploaded_url"])
    assert "08/GM-SNV" in page.locator("h1").inner_text() or page.locator("table.metadata").count()
    shot(page, "04-processed")
    # the same file again is recognised as a duplicate
    page.goto(server["url"] + "/upload")
    page.set_input_files("#file-input", str(UPLOAD))
    page.click("#upload-form button[type=submit]")
    again = page.locator("#upload-results tbody tr").first
    again.locator("td.result a").wait_for()
    assert "Trùng với văn bản đã có" in again.inner_text()


def test_search_without_diacritics_and_see_the_hits_on_the_page(page, server):
    assert "uploaded_url" in server, "needs the upload test"
    sign_in(page, server, "canbo")
    query = "tap huan nghiep vu van thu"
    page.fill("form.search input[name=q]", query)
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?**")
    hits = page.locator("li.hit")
    assert hits.count() >= 1
    assert "tập huấn" in fold(hits.first.inner_text()) or "tap huan" in fold(hits.first.inner_text())
    assert hits.first.locator("mark").count() >= 1
    shot(page, "05-search")
    hits.first.locator("a.title").click()
    page.wait_for_url("**/documents/**")
    boxes = page.locator("svg.hitboxes rect.hitbox")
    assert boxes.count() >= 4
    image = page.locator(".page-image img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    img_box, hit_box = image.bounding_box(), boxes.first.bounding_box()
    assert hit_box["width"] > 2 and hit_box["height"] > 2  # drawn, not collapsed
    assert img_box["x"] <= hit_box["x"] <= img_box["x"] + img_box["width"]
    assert img_box["y"] <= hit_box["y"] <= img_box["y"] + img_box["height"]
    boxes.first.scroll_into_view_if_needed()
    shot(page, "06-hits-on-page")


def test_archivist_corrects_a_field_and_finds_the_document_by_it(page, server):
    assert "uploaded_url" in server, "needs the upload test"
    sign_in(page, server, "vanthu")
    page.goto(server["uploaded_url"])
    page.click("a.edit")
    page.fill("#f-subject", "Dự hội nghị kiểm kê tài liệu điện tử năm 2025")
    shot(page, "07-editing")
    page.click("form.edit-form button[type=submit]")
    assert "Đã lưu 1 trường" in page.locator(".flash").first.inner_text()
    assert page.locator("tr.corrected[data-field=subject]").count() == 1
    page.goto(server["url"] + "/search?q=kiem+ke+tai+lieu+dien+tu")
    assert page.locator("li.hit").count() == 1
    assert page.locator("li.hit a.title").get_attribute("href").startswith(
        server["uploaded_url"].removeprefix(server["url"]))
    shot(page, "08-found-by-correction")


def test_review_flagged_fields_from_the_keyboard(page, server):
    assert "uploaded_url" in server, "needs the upload test"
    sign_in(page, server, "vanthu")
    page.goto(server["url"] + "/review")
    if page.locator("form.review-form").count() == 0:
        pytest.skip("the extractor flagged no field on this sample")
    crops = page.locator(".review-field .crop img")
    if crops.count():
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=crops.first.element_handle())
    shot(page, "09-review")
    first = page.locator(".review-field input, .review-field select, .review-field textarea").first
    assert first.evaluate("el => el === document.activeElement")  # ready for the keyboard
    reviewed = page.url
    page.keyboard.press("Control+Enter")  # accept what is shown, go on to the next
    page.wait_for_url(lambda url: url != reviewed)
    assert "Đã kiểm tra văn bản" in page.locator(".flash").first.inner_text()


def test_staff_cannot_upload(page, server):
    sign_in(page, server, "canbo")
    assert page.locator("nav >> text=Tải lên").count() == 0
    response = page.goto(server["url"] + "/upload")
    assert response.status == 403
    assert "không có quyền" in page.locator(".error-message").inner_text()
    shot(page, "10-staff-no-upload")


def test_secret_document_stays_invisible_to_staff(page, server):
    subject = truth(SECRET)["metadata"]["subject"]  # "rà soát, xác định độ mật …"
    query = "ra soat xac dinh do mat"
    assert query.split() == fold(subject).replace(",", "").split()[:6]
    sign_in(page, server, "canbo")
    page.goto(server["url"] + f"/search?q={query.replace(' ', '+')}")
    assert page.locator("p.total").get_attribute("data-total") == "0"
    assert "Có phải bạn muốn tìm" not in page.content()
    page.goto(server["url"] + "/")
    assert "BỘ NỘI VỤ" not in page.content() and "Công văn" not in page.content()
    response = page.goto(server["url"] + f"/documents/{server['secret_id']}")
    assert response.status == 404
    shot(page, "11-staff-secret-404")
    response = page.goto(server["url"] + f"/documents/{server['secret_id']}/pages/1.jpg")
    assert response.status == 404
    # the first admin (ARCHIVE_ADMIN_PASSWORD, clearance Tuyệt mật) sees it
    browser_context = page.context
    browser_context.clear_cookies()
    sign_in(page, server, "admin")
    page.goto(server["url"] + f"/search?q={query.replace(' ', '+')}")
    assert page.locator("li.hit").count() == 1
    response = page.goto(server["url"] + f"/documents/{server['secret_id']}")
    assert response.status == 200 and "Mật" in page.locator("table.metadata").inner_text()
    shot(page, "12-admin-sees-secret")

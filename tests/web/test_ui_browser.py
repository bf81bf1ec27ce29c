"""In Debian's Chromium (Playwright) against a real ``archive serve`` over the session's small
archive (issue 14): the API documentation page, the pages on a 390 px wide phone, and dates and
files as a Vietnamese user types and picks them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from archive_service.catalog import Catalog
from archive_service.users import Users
from tests.conftest import make_config
from tests.faults.server import open_server
from tests.web.conftest import PASSWORD, add_document

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
PHONE = {"width": 390, "height": 844}  # a common phone, CSS pixels
LONG_NAME = "SCAN_20250115_093012_ho_so_tiep_nhan_giai_quyet_thu_tuc_hanh_chinh_0001.pdf"

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (make test installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(archive_template, tmp_path_factory):
    """``archive serve`` over a copy of the session's small archive (no OCR needed)."""
    work = tmp_path_factory.mktemp("ui-e2e")
    shutil.copytree(archive_template[0], work / "data")
    catalog = Catalog(make_config(work / "data"))
    Users(catalog).add("admin", "admin", password=PASSWORD, clearance=3)  # open_server's token
    add_long_names(catalog, work)
    catalog.db.dispose()
    with open_server(work) as running:
        yield running


def add_long_names(catalog: Catalog, work: Path) -> None:
    """What makes a phone's page too wide: long file names (no spaces) in the review list and
    in the failures table, with a long reason."""
    spec = {"fields": {"number": "12/TB-VP", "issued_date": "2019-03-04", "doc_type": "Thông báo",
                       "subject": "Lịch tiếp công dân", "page_count": 1},
            "review": {"number"}, "pages": ["THÔNG BÁO\nLịch tiếp công dân"], "name": LONG_NAME}
    add_document(catalog, work, "long", spec, seed=9)
    source = work / "failed.png"
    Image.new("L", (700, 300), 255).save(source, format="PNG")
    doc_id = catalog.add_file(source, original_name="HONG_" + LONG_NAME, user="vanthu",
                              enqueue=False).id
    assert catalog.claim(doc_id)
    catalog.fail(doc_id, "Không nhận dạng được: " + "không đọc được trang " * 8 + LONG_NAME)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def archivist(browser, server) -> dict:
    """An archivist's signed-in session, signed in once (logins are rate-limited)."""
    page = new_page(browser)
    sign_in(page, server.base)
    state = page.context.storage_state()
    page.context.close()
    return state


def new_page(browser, viewport: dict | None = None, locale: str = "vi-VN",
             session: dict | None = None):
    """A page in a fresh context (no cookies but those of ``session``); its console errors
    are collected on it."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                  locale=locale, storage_state=session)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("response", lambda r: page.errors.append(f"{r.status} {r.url}") if r.status >= 400
            else None)
    return page


def sign_in(page, base: str, name: str = "vanthu") -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(base + "/search")


def test_api_docs_list_every_operation_from_files_the_app_serves(browser, server):
    page = new_page(browser, locale="en-US")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server.base + "/api/v1/docs")
    page.wait_for_selector(".opblock-summary")
    spec = page.request.get(server.base + "/api/v1/openapi.json").json()
    expected = {(m.upper(), p) for p, item in spec["paths"].items() for m in item
                if m != "parameters"}
    shown = set()
    for block in page.locator(".opblock-summary").all():
        method = block.locator(".opblock-summary-method").inner_text().strip()
        path = block.locator(".opblock-summary-path").get_attribute("data-path")
        shown.add((method, path))
    assert shown == expected and len(shown) > 25
    assert page.get_by_text("Tài liệu API").first.is_visible()
    assert page.locator("button.authorize").is_visible()  # a token can be given to try them
    assert all(url.startswith(server.base) for url in requests), requests  # no CDN
    assert page.errors == [], page.errors  # nothing refused by the Content-Security-Policy
    page.locator(".opblock-summary-path[data-path='/search']").click()
    # Swagger UI draws the operation's parameters after the click, a moment later
    expect(page.locator(".parameters [data-param-name='q']").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "api-docs.png"))

    page.click("button.authorize")  # try one with a token, as a developer would
    page.locator(".modal-ux input[type=text], .modal-ux input[type=password]").first.fill(
        server.token)
    page.locator(".modal-ux button.authorize").click()
    page.locator(".modal-ux button.btn-done").click()
    status = page.locator("#operations-default-get_status")
    status.locator(".opblock-summary").click()
    status.locator("button.try-out__btn").click()
    status.locator("button.execute").click()
    answer = status.locator(".live-responses-table tbody .response-col_status").first
    answer.wait_for()
    assert answer.inner_text().strip() == "200"
    assert '"counts"' in status.locator(".live-responses-table .microlight").first.inner_text()
    assert page.errors == [], page.errors
    page.context.close()


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the screen (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_phone_search_shows_the_first_result_on_the_first_screen(browser, server, archivist):
    page = new_page(browser, PHONE, session=archivist)
    page.goto(server.base + "/search?q=cai+cach+hanh+chinh")
    first = page.locator("li.hit").first.bounding_box()
    assert first["y"] + 40 < PHONE["height"], first  # its title line at least
    filters = page.locator("details.filters")
    assert filters.get_attribute("open") is None and not page.locator(".facet").first.is_visible()
    page.locator("details.filters > summary").click()  # the facets are one tap away
    expect(page.locator(".facet[data-facet='doc_type']")).to_be_visible()
    assert overflow(page) == 0
    page.screenshot(path=str(SHOTS / "phone-search.png"), full_page=True)
    page.context.close()


def test_phone_navigation_items_are_whole_lines(browser, server, archivist):
    page = new_page(browser, PHONE, session=archivist)  # an archivist: every item of the menu
    page.goto(server.base + "/search")
    links = page.locator("header.top nav a").all()
    assert len(links) >= 5
    for link in links:
        lines = link.evaluate("a => a.getClientRects().length")
        box = link.bounding_box()
        height = link.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)")
        assert lines == 1 and box["height"] < 1.5 * height, link.inner_text()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], link.inner_text()
    page.context.close()


@pytest.mark.parametrize("path", ["/search?q=cai+cach", "/documents/{public}", "/review",
                                  "/review?list=1", "/status", "/upload", "/api/v1/docs",
                                  "/fonds", "/files"])
def test_phone_pages_do_not_scroll_sideways(browser, server, archivist, doc_ids, path):
    page = new_page(browser, PHONE, session=archivist)
    page.goto(server.base + path.format(**doc_ids))
    page.wait_for_load_state("networkidle")
    assert overflow(page) == 0
    for table in page.locator("main table").all():  # a wide table scrolls in its own box
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    name = path.strip("/").replace("?list=1", "-list").replace("?q=cai+cach", "")
    name = name.replace("/", "-").replace("{public}", "doc")
    page.screenshot(path=str(SHOTS / f"phone-{name}.png"), full_page=True)
    page.context.close()


def test_dates_are_typed_and_shown_day_first_in_an_english_browser(browser, server, archivist):
    page = new_page(browser, locale="en-US", session=archivist)  # <input type=date>: mm/dd/yyyy
    page.goto(server.base + "/search?q=cai+cach+hanh+chinh")
    date_from = page.locator("input.vn-date[name=date_from]")
    date_to = page.locator("input.vn-date[name=date_to]")
    assert date_from.get_attribute("type") == "text"
    assert date_from.get_attribute("placeholder") == "dd/mm/yyyy"
    date_from.fill("01/01/2023")
    date_to.fill("31/12/2023")
    page.click("form.daterange button[type=submit]")
    page.wait_for_url("**date_to=31%2F12%2F2023*")
    hits = page.locator("li.hit")
    assert hits.count() == 1 and "2629/QĐ-UBND" in hits.first.inner_text()
    assert "12/01/2023" in hits.first.locator("time").inner_text()
    assert page.locator("input.vn-date[name=date_from]").input_value() == "01/01/2023"

    page.locator("input.vn-date[name=date_from]").fill("2023-01-01")  # not as asked: the browser stops it
    page.click("form.daterange button[type=submit]")
    message = page.locator("input.vn-date[name=date_from]").evaluate("i => i.validationMessage")
    assert message.startswith("Ngày không hợp lệ") and "12/01/2023" in message
    assert "date_to=31%2F12%2F2023" in page.url  # nothing was sent

    page.locator("input.vn-date[name=date_from]").fill("31/02/2023")  # the right shape, no such day
    page.click("form.daterange button[type=submit]")
    page.wait_for_url("**date_from=31%2F02%2F2023*")
    error = page.locator(".flash.error").inner_text()
    assert "Ngày không hợp lệ: «31/02/2023»" in error and "ngày/tháng/năm" in error
    page.goto(server.base + "/search?q=cai+cach&date_from=2023-01-01")  # links with ISO dates
    assert page.locator("input.vn-date[name=date_from]").input_value() == "01/01/2023"
    assert page.locator("li.hit").count() == 1
    page.context.close()


def test_file_picker_speaks_vietnamese_and_names_the_chosen_files(browser, server, archivist,
                                                                  tmp_path):
    page = new_page(browser, locale="en-US", session=archivist)  # its button: "Choose Files"
    page.goto(server.base + "/upload")
    label = page.locator("label[for=file-input]")
    assert label.inner_text() == "Chọn tệp…" and label.is_visible()
    assert page.locator("#file-names").inner_text() == "Chưa chọn tệp nào."
    native = page.locator("#file-input").bounding_box()
    assert native["width"] <= 1 and native["height"] <= 1  # the browser's own button is not shown
    files = []
    for name in ("quyet-dinh-2629.png", "cong-van-45.png"):
        (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n")
        files.append(str(tmp_path / name))
    with page.expect_file_chooser() as chooser:
        label.click()  # the label opens the browser's file dialog
    chooser.value.set_files(files)
    assert page.locator("#file-names").inner_text() == "quyet-dinh-2629.png, cong-van-45.png"
    page.screenshot(path=str(SHOTS / "upload-file-picker.png"))
    page.context.close()

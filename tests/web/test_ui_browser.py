"""In Debian's Chromium (Playwright) against a real ``archive serve`` over the session's small
archive (issue 14): the API documentation page, the pages on a 390 px wide phone, and dates and
files as a Vietnamese user types and picks them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archive_service.catalog import Catalog
from archive_service.users import Users
from tests.conftest import make_config
from tests.faults.server import open_server
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
PHONE = {"width": 390, "height": 844}  # a common phone, CSS pixels

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (make test installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(archive_template, tmp_path_factory):
    """``archive serve`` over a copy of the session's small archive (no OCR needed)."""
    work = tmp_path_factory.mktemp("ui-e2e")
    shutil.copytree(archive_template[0], work / "data")
    catalog = Catalog(make_config(work / "data"))
    Users(catalog).add("admin", "admin", password=PASSWORD, clearance=3)  # open_server's token
    catalog.db.dispose()
    with open_server(work) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser, viewport: dict | None = None, locale: str = "vi-VN"):
    """A page in a fresh context (no cookies); its console errors are collected on it."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                  locale=locale)
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
    assert page.locator(".parameters [data-param-name='q']").first.is_visible()
    page.screenshot(path=str(SHOTS / "api-docs.png"))
    page.context.close()

"""The page viewer in Debian's Chromium against a real ``archive serve``: a search hit opens
on its page beside the title and metadata, zoom, rotation, thumbnails and keyboard paging on
a real four-page sample (born-digital, so it is ingested without OCR in a few seconds)."""

from __future__ import annotations

import json
import os

import pytest

from tests.web.test_browser import (
    PASSWORD,
    SAMPLES,
    SHOTS,
    archive,
    chromium,
    serving,
    sign_in,
)

pytestmark = pytest.mark.browser

FOUR_PAGES = SAMPLES / "qd_quy_dinh_van_thu_quang_ngai_2017.pdf"  # 346/2017/QĐ-UBND, 4 pages

if not FOUR_PAGES.exists():
    pytest.skip("sample_docs are missing", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("viewer") / "data"
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data), "ARCHIVE_WORKERS": "1",
           "OMP_THREAD_LIMIT": "1", "ARCHIVE_ADMIN_PASSWORD": PASSWORD,
           "ARCHIVE_LOG_LEVEL": "WARNING"}
    out = json.loads(archive(env, "ingest", "--wait", str(FOUR_PAGES)).stdout.splitlines()[0])
    assert out["status"] == "done", out
    archive(env, "user", "add", "canbo", "--role", "staff", "--password", PASSWORD)
    with serving(env, data) as base:
        yield {"url": base, "id": out["id"]}


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-viewer")) as context:
        yield context


@pytest.fixture
def page(browser_context, server):
    browser_context.clear_cookies()
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.close()
    assert not errors, errors  # no script error on any page


def loaded(page, selector: str) -> None:
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=page.locator(selector).first.element_handle())


def inside(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    return (outer["x"] - slack <= inner["x"] and outer["y"] - slack <= inner["y"]
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack)


def shown_page(page) -> int:
    return int(page.locator(".docviewer section.page:not([hidden])").get_attribute("data-page"))


def test_a_hit_opens_on_its_page_with_the_metadata_first(page, server):
    sign_in(page, server, "canbo")
    page.goto(server["url"] + "/search?q=pham+vi+dieu+chinh")  # "Phạm vi điều chỉnh", page 3
    hit = page.locator("li.hit").first
    assert hit.locator("mark").first.inner_text() == "Phạm vi điều chỉnh"  # one phrase
    loaded(page, "li.hit .thumb img")  # page 1's thumbnail, served by the app
    width = hit.locator(".thumb img").evaluate("img => img.naturalWidth")
    assert 0 < width <= 200
    page.screenshot(path=str(SHOTS / "21-search-thumbnail.png"))
    hit.locator("a.title").click()
    page.wait_for_url("**/documents/**")
    assert "page=3" in page.url
    loaded(page, "#page-3 .page-image img")
    assert page.evaluate("window.scrollY") == 0  # not scrolled past the title and metadata
    window = {"x": 0, "y": 0, "width": 1280, "height": 900}
    assert inside(page.locator("h1").bounding_box(), window)
    rows = page.locator("table.metadata tr")
    assert inside(rows.first.bounding_box(), window) and rows.count() >= 5
    assert "346/2017/QĐ-UBND" in page.locator("table.metadata").inner_text()
    assert shown_page(page) == 3
    assert page.locator('.dv-thumb[aria-current="page"]').get_attribute("data-page") == "3"
    assert page.locator(".docviewer section.page:not([hidden])").count() == 1
    boxes = page.locator("#page-3 rect.hitbox")
    assert boxes.count() == 4  # the four words of the phrase
    viewport = page.locator("#page-3 .dv-viewport").bounding_box()
    for i in range(boxes.count()):
        box = boxes.nth(i).bounding_box()
        assert box["width"] > 2 and box["height"] > 2
        assert inside(box, viewport) and inside(box, window)  # visible inside the viewer
    page.screenshot(path=str(SHOTS / "22-hit-in-viewer.png"))


def image_size(page, n: int) -> tuple[float, float]:
    box = page.locator(f"#page-{n} .page-image img").bounding_box()
    return box["width"], box["height"]


def test_zoom_rotate_thumbnails_and_keyboard_paging(page, server):
    sign_in(page, server, "canbo")
    page.goto(server["url"] + f"/documents/{server['id']}")
    assert shown_page(page) == 1 and page.locator(".dv-thumb").count() == 4
    loaded(page, "#page-1 .page-image img")
    for n in range(1, 5):
        loaded(page, f'.dv-thumb[data-page="{n}"] img')
    viewport = page.locator("#page-1 .dv-viewport")
    fit = viewport.evaluate("v => v.clientWidth")
    width, height = image_size(page, 1)
    assert abs(width - fit) <= 1 and height > width  # fits the width, portrait
    assert page.locator(".dv-zoom").inner_text() == "100%"

    page.click(".dv-zoom-in")
    page.click(".dv-zoom-in")
    zoomed = image_size(page, 1)
    assert abs(zoomed[0] - width * 1.5625) <= 2 and page.locator(".dv-zoom").inner_text() == "156%"
    assert viewport.evaluate("v => v.scrollWidth > v.clientWidth")  # room to pan
    page.keyboard.press("-")
    assert abs(image_size(page, 1)[0] - width * 1.25) <= 2
    page.click(".dv-fit")
    assert abs(image_size(page, 1)[0] - fit) <= 1

    page.click(".dv-rotate")  # a quarter turn: the page lies on its side, still fitting
    stage = page.locator("#page-1 .dv-stage")
    assert stage.get_attribute("data-rotation") == "90"
    turned = page.locator("#page-1 .page-image img").bounding_box()
    assert abs(turned["width"] - fit) <= 2 and turned["height"] < turned["width"]
    page.screenshot(path=str(SHOTS / "23-rotated.png"))
    page.keyboard.press("r")
    page.keyboard.press("r")
    page.keyboard.press("r")
    assert stage.get_attribute("data-rotation") == "0"

    page.click('.dv-thumb[data-page="2"]')  # thumbnails page
    assert shown_page(page) == 2 and page.locator(".dv-num").input_value() == "2"
    assert page.evaluate("window.scrollY") == 0 and page.url.endswith("#page-2")
    loaded(page, "#page-2 .page-image img")
    page.locator("#page-2 .dv-viewport").focus()
    page.keyboard.press("PageDown")  # the keyboard pages too
    assert shown_page(page) == 3
    page.locator("body").click(position={"x": 5, "y": 880})
    page.keyboard.press("ArrowRight")
    assert shown_page(page) == 4 and page.locator(".dv-next").is_disabled()
    page.keyboard.press("ArrowRight")  # past the last page: stays
    assert shown_page(page) == 4
    page.locator(".dv-prev").click()
    assert shown_page(page) == 3
    page.fill(".dv-num", "1")
    page.press(".dv-num", "Enter")
    assert shown_page(page) == 1 and page.locator(".dv-prev").is_disabled()
    page.locator("#page-1 .dv-viewport").focus()
    page.keyboard.press("End")
    assert shown_page(page) == 4
    page.screenshot(path=str(SHOTS / "24-last-page.png"))


def test_thumbnails_follow_access_rules(page, server):
    response = page.goto(server["url"] + f"/documents/{server['id']}/pages/1/thumb.jpg")
    assert page.url.startswith(server["url"] + "/login")  # signed out: to the login page
    sign_in(page, server, "canbo")
    response = page.goto(server["url"] + f"/documents/{server['id']}/pages/1/thumb.jpg")
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
    assert "private" in response.headers["cache-control"]
    assert page.goto(server["url"] + f"/documents/{server['id']}/pages/9/thumb.jpg").status == 404

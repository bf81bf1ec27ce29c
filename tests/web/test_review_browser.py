"""The whole review queue from the keyboard, end to end in Debian's Chromium (Playwright) against
a real ``archive serve`` (issue 14, "Review").

The queue is real: the session's small archive (tests/web/conftest.py: three documents with
flagged fields an archivist may see, one Tối mật she may not) plus the table sample
``bang_thong_ke_phong_luu_tru.jpg`` ingested with OCR by ``archive ingest --wait``: a page
without the Nghị định 30 layout, whose eleven fields come back empty and flagged. The archivist
walks it with the keys the page documents: skip, accept, correct, undo, not applicable (one
field, the whole document), and the queue goes on after the current document each time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive_service.catalog import Catalog
from archive_service.users import Users
from tests.conftest import make_config
from tests.faults.server import open_server
from tests.web.conftest import PASSWORD
from tests.web.test_browser import CHROMIUM, SHOTS, chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "sample_docs" / "bang_thong_ke_phong_luu_tru.jpg"
FIELD = "input:not([type=checkbox]), select, textarea"  # a field's control, inside .review-field

if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (make test installs it)", allow_module_level=True)
if not TABLE.exists():
    pytest.skip("sample_docs are missing", allow_module_level=True)


@pytest.fixture(scope="module")
def server(archive_template, tmp_path_factory):
    """``archive serve`` over a copy of the small archive, with the table sample ingested."""
    work = tmp_path_factory.mktemp("review-e2e")
    data = work / "data"
    shutil.copytree(archive_template[0], data)
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1",
           "ARCHIVE_LOG_LEVEL": "WARNING"}
    code = "import sys; from archive_service.cli import main; main(sys.argv[1:], prog_name='archive')"
    result = subprocess.run([sys.executable, "-c", code, "ingest", "--wait", str(TABLE)], env=env,
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    ingested = json.loads(result.stdout.splitlines()[0])
    assert ingested["status"] == "done", ingested
    catalog = Catalog(make_config(data))
    Users(catalog).add("admin", "admin", password=PASSWORD, clearance=3)  # open_server's token
    catalog.db.dispose()
    with open_server(work) as running:
        running.table_id = ingested["id"]
        yield running


@pytest.fixture
def page(server, tmp_path):
    with chromium(tmp_path / "profile", width=1400) as context:
        yield context.new_page()


def sign_in(page, base: str, name: str, password: str = PASSWORD) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", password)
    page.click("form.login button[type=submit]")
    page.wait_for_url(base + "/search")


def focused(page) -> str:
    """The id of the focused field, once review.js is ready (autofocus, then the keys)."""
    page.wait_for_function("document.activeElement && document.activeElement.id.startsWith('r-')")
    return page.evaluate("document.activeElement.id")


def on_review(page, base: str, doc_id: int) -> None:
    page.wait_for_url(f"{base}/review/{doc_id}")
    page.wait_for_load_state("load")
    focused(page)


def loaded(page, selector: str) -> dict:
    image = page.locator(selector).first
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    return image.bounding_box()


def test_archivist_walks_the_whole_queue_from_the_keyboard(page, server, doc_ids):
    base, table = server.base, server.table_id
    public, secret, hostile = doc_ids["public"], doc_ids["secret"], doc_ids["hostile"]
    sign_in(page, base, "vanthu")  # Mật clearance: public, secret, hostile and the table

    page.goto(base + "/review?list=1")
    listed = page.locator("ul.review-queue").inner_text()
    assert "Số và ký hiệu, Ngày ban hành" in listed and "issued_date" not in listed
    assert "Chức vụ người ký" in listed and "signer_title" not in listed

    # the head of the queue: the page image beside the fields, the keys written on the page
    page.goto(base + "/review")
    on_review(page, base, public)
    assert "Alt+N" in page.locator("p.keys").inner_text()
    assert focused(page) == "r-number"
    image, form = loaded(page, ".review-page img"), page.locator("form.review-form").bounding_box()
    assert image["x"] + image["width"] <= form["x"] + 1  # beside the fields, not below them
    assert image["y"] < form["y"] + form["height"] and form["y"] < image["y"] + image["height"]
    crop = loaded(page, ".review-field[data-field=number] .crop img")
    assert crop["width"] > 0
    page.screenshot(path=str(SHOTS / "review-01-head.png"), full_page=True)

    # Alt+N skips to the next document, Alt+P comes back, Alt+N again
    page.keyboard.press("Alt+KeyN")
    on_review(page, base, secret)
    page.keyboard.press("Alt+KeyP")
    on_review(page, base, public)
    page.keyboard.press("Alt+KeyN")
    on_review(page, base, secret)

    # accept the subject as shown (Enter on the last field saves): the queue goes on after
    # this document, not back to its head (the public document, skipped)
    assert focused(page) == "r-subject"
    page.keyboard.press("Enter")
    on_review(page, base, hostile)
    assert "1 xác nhận, 0 sửa, 0 không áp dụng" in page.locator(".flash").first.inner_text()

    # Alt+K: this signer is not applicable; Enter saves; next: the table ingested last
    page.keyboard.press("Alt+KeyK")
    field = page.locator(".review-field[data-field=signer]")
    assert field.get_attribute("data-state") == "na"
    assert field.locator(".state").inner_text() == "Không áp dụng"
    page.keyboard.press("Enter")
    on_review(page, base, table)

    # a page without the layout: eleven empty fields, no crops, but the page image
    fields = page.locator(".review-field")
    assert fields.count() == 11
    assert page.locator(".review-field .crop img").count() == 0
    assert loaded(page, ".review-page img")["width"] > 300
    first = focused(page)
    page.keyboard.press("Tab")
    second = focused(page)
    assert second != first and second == fields.nth(1).locator(FIELD).get_attribute("id")
    page.keyboard.press("Shift+Tab")
    assert focused(page) == first
    page.screenshot(path=str(SHOTS / "review-02-no-layout.png"), full_page=True)
    page.keyboard.press("Alt+Shift+KeyK")  # the whole document: không áp dụng
    on_review(page, base, public)  # nothing after it: round to what is left

    # Enter accepts the number; a typed date is undone by Esc, then corrected
    assert focused(page) == "r-number"
    page.keyboard.press("Enter")
    assert focused(page) == "r-issued_date"
    assert page.locator(".review-field[data-field=number]").get_attribute("data-state") == "accepted"
    page.keyboard.type("99/99")
    page.keyboard.press("Escape")
    assert page.locator("#r-issued_date").input_value() == "12/01/2023"
    page.keyboard.press("Control+A")
    page.keyboard.type("13/01/2023")
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/review?list=1")
    assert "1 xác nhận, 1 sửa, 0 không áp dụng" in page.locator(".flash").first.inner_text()
    assert "Không còn văn bản nào cần kiểm tra." in page.locator("main").inner_text()

    # the document pages say what was done
    page.goto(f"{base}/documents/{public}")
    assert page.locator("tr[data-field=number] details.history summary").inner_text() \
        == "Đã xác nhận (1)"
    assert page.locator("tr[data-field=issued_date] details.history summary").inner_text() \
        == "Đã sửa (1)"
    assert "13/01/2023" in page.locator("tr[data-field=issued_date] .value").inner_text()
    page.goto(f"{base}/documents/{table}")
    assert page.locator("span.not-applicable").count() == 13
    page.goto(f"{base}/documents/{secret}")
    assert page.locator("tr[data-field=subject] details.history summary").inner_text() \
        == "Đã xác nhận (1)"

    # the edit form is wide: a subject or an issuer is read whole; file facts are read-only
    page.goto(f"{base}/documents/{public}?edit=1")
    assert page.locator("#f-subject").evaluate("el => el.tagName") == "TEXTAREA"
    # (beside the page viewer: about 60 characters, where the old form gave 135 px)
    assert page.locator("#f-subject").bounding_box()["width"] > 500
    assert page.locator("#f-issuer").bounding_box()["width"] > 500
    assert page.locator("input[name=page_count], input[name=language]").count() == 0
    page.screenshot(path=str(SHOTS / "review-03-edit-form.png"), full_page=True)


def test_audit_log_reads_in_words(page, server, doc_ids):
    sign_in(page, server.base, "quantri")
    page.goto(server.base + f"/admin?doc={doc_ids['public']}")
    audit = page.locator("table.audit").inner_text()
    if "Xác nhận thông tin" not in audit:
        pytest.skip("needs the keyboard walk above")
    assert "Số và ký hiệu: 2629/QĐ-UBND" in audit and "Ngày ban hành: 13/01/2023" in audit
    assert "Sửa thông tin" in audit and "Xem" in audit
    assert not re.search(r"\b(view|edit|confirm|issued_date)\b", audit)
    page.goto(server.base + f"/admin?doc={server.table_id}")
    assert "Đánh dấu không áp dụng" in page.locator("table.audit").inner_text()
    page.screenshot(path=str(SHOTS / "review-04-audit.png"), full_page=True)

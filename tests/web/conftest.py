"""Fixtures for the web app: app → client → runner, as in Flask's tutorial.

A small archive (real SQLite catalog, real Whoosh index, real page images) is built once per
session from pages typed here, without OCR; each test gets its own copy of it, so tests may
change it freely. Browser tests (test_browser.py) run real OCR on the sample scans instead.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from archive_service.catalog import Catalog
from archive_service.records import FieldValue, Page, Word
from tests.conftest import make_config

PASSWORD = "mat-khau-thu-123"
USERS = {  # name: (role, clearance)
    "quantri": ("admin", 3),
    "vanthu": ("archivist", 1),
    "vanthu0": ("archivist", 0),
    "canbo": ("staff", 0),
    "canbo_mat": ("staff", 1),
}
PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi, in page units (pixels of the OCR'd image)
IMAGE_W = 1240  # the stored page image is half that size: boxes must be scaled

HOSTILE = "<script>document.title='pwned'</script>"
DOCS = {
    "public": {
        "fields": {"number": "2629/QĐ-UBND", "issued_date": "2023-01-12", "place": "Hậu Giang",
                   "issuer": "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "doc_type": "Quyết định",
                   "subject": "Về việc ban hành Kế hoạch cải cách hành chính năm 2023",
                   "signer": "Trần Thành Lập", "page_count": 2},
        "review": {"number", "issued_date"},
        "pages": ["ỦY BAN NHÂN DÂN TỈNH HẬU GIANG\nSố: 2629/QĐ-UBND\nQUYẾT ĐỊNH\n"
                  "Về việc ban hành Kế hoạch cải cách hành chính năm 2023",
                  "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính.\n"
                  "Điều 2. Sở Nội vụ theo dõi bộ phận một cửa."],
    },
    "secret": {
        "fields": {"number": "45/UBND-NC", "issued_date": "2022-05-03", "issuer": "CÔNG AN TỈNH BÌNH ĐỊNH",
                   "doc_type": "Công văn", "confidentiality": "Mật",
                   "subject": "Về việc bảo vệ quân sự và cải cách hành chính", "page_count": 1},
        "review": {"subject"},
        "pages": ["CÔNG AN TỈNH BÌNH ĐỊNH\nSố: 45/UBND-NC\nMẬT\nV/v bảo vệ quân sự và cải cách "
                  "hành chính\nKho vũ khí nằm ở phía bắc thành phố."],
    },
    "topsecret": {
        "fields": {"number": "07/KH-BCH", "issued_date": "2021-09-09", "issuer": "BỘ CHỈ HUY QUÂN SỰ",
                   "doc_type": "Kế hoạch", "confidentiality": "Tối mật",
                   "subject": "Kế hoạch diễn tập phòng thủ khu vực", "page_count": 1},
        "review": set(),
        "pages": ["BỘ CHỈ HUY QUÂN SỰ\nTỐI MẬT\nKẾ HOẠCH\nDiễn tập phòng thủ khu vực năm 2021."],
    },
    "hostile": {
        "fields": {"number": "15/TB-SNV", "issued_date": "2024-02-01", "issuer": "<i>SỞ NỘI VỤ</i>",
                   "doc_type": "Thông báo", "subject": f"{HOSTILE} Lịch họp giao ban",
                   "signer": "<img src=x onerror=alert(1)>", "page_count": 1},
        "review": {"signer"},
        "pages": [f"SỞ NỘI VỤ\nTHÔNG BÁO\nLịch họp giao ban {HOSTILE}\n"
                  "<img src=x onerror=alert(1)> nội dung họp"],
        "name": "<b>thong-bao</b>.png",
    },
}


def build_words(text: str) -> list[Word]:
    """Word boxes laid out line by line, as OCR would report them (page units)."""
    words, y = [], 300.0
    for line_no, line in enumerate(text.splitlines(), start=1):
        x = 250.0
        for token in line.split():
            width = 42.0 * len(token)
            words.append(Word(token, x, y, x + width, y + 60, 95.0, 1, line_no))
            x += width + 30
        y += 110
    return words


def page_image(seed: int) -> bytes:
    image = Image.new("RGB", (IMAGE_W, round(IMAGE_W * PAGE_H / PAGE_W)), (255, 255, 255 - seed))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=70)
    return buf.getvalue()


def add_document(catalog: Catalog, tmp: Path, key: str, spec: dict, seed: int) -> int:
    """A processed document built from typed pages (no OCR), indexed for search."""
    from archive_service import indexing

    source = tmp / f"{key}.png"
    Image.new("L", (400 + seed, 300), 255).save(source, format="PNG")
    doc_id = catalog.add_file(source, original_name=spec.get("name", f"{key}.png"), user="vanthu",
                              enqueue=False).id
    assert catalog.claim(doc_id)
    pages, images = [], {}
    for number, text in enumerate(spec["pages"], start=1):
        pages.append(Page(number=number, text=text, words=build_words(text), width=PAGE_W,
                          height=PAGE_H, mean_conf=93.0, engine="tesseract test"))
        rel = f"{doc_id}/{number}.jpg"
        path = catalog.config.pages_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page_image(seed))
        images[number] = rel
    fields = {}
    words = pages[0].words
    for i, (name, value) in enumerate(spec["fields"].items()):
        w = words[i % len(words)]
        fields[name] = FieldValue(value, 0.55 if name in spec["review"] else 0.95, page=1,
                                  box=(w.x0, w.y0, w.x1, w.y1), review=name in spec["review"])
    catalog.save_result(doc_id, pages, fields, images=images)
    indexing.index_documents(catalog, [doc_id])
    return doc_id


@pytest.fixture(scope="session")
def archive_template(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """A data dir with users and the documents of DOCS, built once."""
    from archive_service.users import Users

    root = tmp_path_factory.mktemp("web-archive")
    config = make_config(root / "data")
    catalog = Catalog(config)
    users = Users(catalog)
    for name, (role, clearance) in USERS.items():
        users.add(name, role, password=PASSWORD, clearance=clearance)
    ids = {key: add_document(catalog, root, key, spec, seed)
           for seed, (key, spec) in enumerate(DOCS.items(), start=1)}
    catalog.db.dispose()
    return root / "data", ids


@pytest.fixture
def doc_ids(archive_template) -> dict[str, int]:
    return archive_template[1]


@pytest.fixture
def app(archive_template, tmp_path):
    from archive_service.web import create_app

    data = tmp_path / "data"
    shutil.copytree(archive_template[0], data)
    app = create_app({"TESTING": True, "ARCHIVE_CONFIG": make_config(data, max_upload_mb=1)})
    yield app
    app.extensions["archive_catalog"].db.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def catalog(app) -> Catalog:
    return app.extensions["archive_catalog"]


def csrf_token(client) -> str:
    """The session's CSRF token, read from a page as a browser would."""
    html = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def login(client, name: str, password: str = PASSWORD):
    token = csrf_token(client)
    return client.post("/login", data={"username": name, "password": password, "csrf_token": token})


def post(client, url: str, data: dict | None = None, **kwargs):
    """A form POST with the CSRF token, as the page's form would send it."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client))
    return client.post(url, data=data, **kwargs)


@pytest.fixture
def as_user(client):
    """``as_user("canbo")`` signs the test client in as that user and returns it."""

    def sign_in(name: str):
        response = login(client, name)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return sign_in

"""Reading and finding: the issuer facet under its parent body, multi-select facets, "thêm…",
result lines (thumbnail, badges, parent body), page thumbnails and the viewer's first page."""

from __future__ import annotations

import html as htmllib
import io
import os
import re

import pytest
from PIL import Image

from tests.web.conftest import DOCS, add_document

PROVINCES = {"hg": "UBND TỈNH HẬU GIANG", "ag": "UBND TỈNH AN GIANG"}


def noi_vu(number: str, parent: str, **extra) -> dict:
    fields = {"number": number, "issued_date": "2023-03-01", "issuer": "SỞ NỘI VỤ",
              "parent_issuer": parent, "doc_type": "Thông báo",
              "subject": f"Thông báo lịch giao ban {number}", "page_count": 1, **extra}
    return {"fields": fields, "review": set(),
            "pages": [f"{parent}\nSỞ NỘI VỤ\nSố: {number}\nTHÔNG BÁO\nLịch giao ban tuần."]}


@pytest.fixture
def provinces(catalog, tmp_path) -> dict[str, int]:
    specs = {"hg1": noi_vu("1/TB-SNV", PROVINCES["hg"]),
             "hg2": noi_vu("2/TB-SNV", PROVINCES["hg"], urgency="Khẩn"),
             "ag1": noi_vu("3/TB-SNV", PROVINCES["ag"])}
    return {key: add_document(catalog, tmp_path, key, spec, 60 + i)
            for i, (key, spec) in enumerate(specs.items())}


def hit_ids(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'class="hit" data-id="(\d+)"', html)}


def facet_links(html: str, facet: str) -> dict[str, tuple[str, bool]]:
    """value → (href, selected) of one facet's values (shown and behind "thêm…")."""
    out = {}
    for block in re.findall(rf'data-facet="{facet}"[^>]*>(.*?)</(?:ul|details)>', html, re.S):
        for li, href, value in re.findall(
                r'<li( class="selected")?><a class="toggle" href="([^"]+)"[^>]*data-value="([^"]+)"',
                block):
            out[htmllib.unescape(value)] = (htmllib.unescape(href), bool(li))
    return out


def test_issuer_facet_keeps_the_provinces_apart_and_stays_offered(client, as_user, provinces):
    as_user("canbo")
    html = client.get("/search?q=lich+giao+ban+tuan").get_data(as_text=True)
    assert hit_ids(html) == set(provinces.values())
    hg, ag = (f"{PROVINCES[k]} › SỞ NỘI VỤ" for k in ("hg", "ag"))
    links = facet_links(html, "issuer")
    assert set(links) == {hg, ag}
    assert re.search(r'<span class="parent">UBND TỈNH HẬU GIANG</span>SỞ NỘI VỤ</a> '
                     r'<span class="count">2</span>', html)
    # choose Hậu Giang: its two documents; An Giang stays offered, to add or switch
    html = client.get(links[hg][0]).get_data(as_text=True)
    assert hit_ids(html) == {provinces["hg1"], provinces["hg2"]}
    links = facet_links(html, "issuer")
    assert links[hg][1] and not links[ag][1]
    assert "Đang lọc" in html and "Bỏ lọc" in html
    # add An Giang: either of the two
    html = client.get(links[ag][0]).get_data(as_text=True)
    assert hit_ids(html) == set(provinces.values())
    links = facet_links(html, "issuer")
    assert links[hg][1] and links[ag][1]
    # unchoose Hậu Giang: An Giang alone
    html = client.get(links[hg][0]).get_data(as_text=True)
    assert hit_ids(html) == {provinces["ag1"]}
    # the issuer alone (an older link) finds every Sở Nội vụ
    html = client.get("/search", query_string={"issuer": "SỞ NỘI VỤ"}).get_data(as_text=True)
    assert hit_ids(html) == set(provinces.values())
    assert client.get("/search?year=2023&year=abc").status_code == 400


def test_long_facet_lists_end_with_more(client, as_user, catalog, tmp_path):
    for i in range(10):
        spec = noi_vu(f"{i + 10}/TB-X", None, issuer=f"SỞ SỐ {i:02d}")
        add_document(catalog, tmp_path, f"many{i}", spec, 80 + i)
    as_user("canbo")
    html = client.get("/search?q=lich+giao+ban").get_data(as_text=True)
    shown = html.split('data-facet="issuer">')[1].split("</ul>")[0]
    assert shown.count("<li") == 8
    more = re.search(r'<details class="more" data-facet="issuer"><summary>thêm… \((\d+)\)</summary>',
                     html)
    listed = facet_links(html, "issuer")
    assert len(listed) >= 10 and more and int(more.group(1)) == len(listed) - 8
    # a value chosen from behind "thêm…" is shown chosen, the list open, the others offered
    last = list(listed)[-1]
    html = client.get(listed[last][0]).get_data(as_text=True)
    assert '<details class="more" data-facet="issuer" open>' in html
    chosen = facet_links(html, "issuer")
    assert chosen[last][1] and len(chosen) == len(listed)


def test_result_lines_show_thumbnail_badges_and_parent(client, as_user, provinces, doc_ids):
    as_user("canbo_mat")
    html = client.get("/search?q=lich+giao+ban").get_data(as_text=True)
    line = html.split(f'data-id="{provinces["hg2"]}"')[1].split("</li>")[0]
    assert f'src="/documents/{provinces["hg2"]}/pages/1/thumb.jpg"' in line
    assert re.search(r'data-mark="urgency"[^>]*>KHẨN<', line)
    assert '<span class="parent-issuer">UBND TỈNH HẬU GIANG</span> › SỞ NỘI VỤ' in line
    html = client.get("/search?q=cai+cach+hanh+chinh").get_data(as_text=True)
    line = html.split(f'data-id="{doc_ids["secret"]}"')[1].split("</li>")[0]
    assert re.search(r'data-mark="confidentiality"[^>]*>MẬT<', line)
    # no query: every subject once (no snippet repeating it, no title or alt holding it)
    html = client.get("/").get_data(as_text=True)
    assert html.count("Thông báo lịch giao ban 2/TB-SNV") == 1
    assert html.count(DOCS["public"]["fields"]["subject"]) == 1


def test_page_thumbnail_is_made_once_and_checked_like_the_page(client, as_user, doc_ids, catalog):
    doc_id = doc_ids["public"]
    url = f"/documents/{doc_id}/pages/1/thumb.jpg"
    assert client.get(url).status_code == 302  # signed out
    as_user("canbo")
    first = client.get(url)
    assert first.status_code == 200 and first.mimetype == "image/jpeg"
    assert "private" in first.headers["Cache-Control"]
    with Image.open(io.BytesIO(first.data)) as image:
        assert image.width == 200 and image.height > image.width
    cached = catalog.config.pages_dir / str(doc_id) / "thumbs" / "1.jpg"
    assert cached.read_bytes() == first.data
    assert client.get(url).data == first.data
    # the page image was made again (re-processing): so is its thumbnail
    page = catalog.config.pages_dir / str(doc_id) / "1.jpg"
    Image.new("RGB", (600, 900), (10, 20, 30)).save(page, format="JPEG")
    os.utime(page, (cached.stat().st_mtime + 10,) * 2)
    with Image.open(io.BytesIO(client.get(url).data)) as image:
        assert image.size == (200, 300) and image.getpixel((100, 150))[2] < 60
    assert client.get(f"/documents/{doc_id}/pages/9/thumb.jpg").status_code == 404
    for key in ("secret", "topsecret"):
        hidden = client.get(f"/documents/{doc_ids[key]}/pages/1/thumb.jpg")
        assert hidden.status_code == 404
    assert not (catalog.config.pages_dir / str(doc_ids["secret"]) / "thumbs").exists()


def test_viewer_opens_on_the_page_asked_for(client, as_user, doc_ids):
    as_user("canbo")
    doc_id = doc_ids["public"]

    def opened(query: str) -> int:
        html = client.get(f"/documents/{doc_id}{query}").get_data(as_text=True)
        return int(re.search(r'class="docviewer" id="viewer" data-current="(\d+)"', html).group(1))

    assert opened("") == 1
    assert opened("?q=mot+cua") == 2  # the first page with a hit
    assert opened("?q=cai+cach&page=2") == 2
    for bad in ("?page=9", "?page=abc", "?page=%C2%B2", "?page=-1"):
        assert opened(bad) == 1
    html = client.get(f"/documents/{doc_id}?q=mot+cua&page=2").get_data(as_text=True)
    assert len(re.findall(r'class="dv-thumb[ "]', html)) == 2
    assert f"/documents/{doc_id}/pages/2/thumb.jpg" in html
    assert '<section class="page current" id="page-2"' in html
    # the metadata comes before the viewer in the page
    assert html.index('class="metadata"') < html.index('class="docviewer"')

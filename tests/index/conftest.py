"""Fixtures: a real Whoosh index on disk in tmp_path with a handful of documents."""

from __future__ import annotations

import datetime

import pytest

from index import IndexDocument, SearchIndex


def make_doc(doc_id: str, *pages: str, **meta) -> IndexDocument:
    """A document with sensible defaults; ``meta`` overrides any field."""
    fields = {
        "number": f"{doc_id}/TB-SNV",
        "issued_date": datetime.date(2023, 1, 12),
        "issuer": "SỞ NỘI VỤ",
        "parent_issuer": "UBND TỈNH HẬU GIANG",
        "doc_type": "Thông báo",
        "subject": f"Thông báo số {doc_id}",
        "signer": "Nguyễn Văn An",
        "confidentiality": None,
    }
    fields.update(meta)
    return IndexDocument(id=str(doc_id), pages=list(pages) or ["nội dung"], **fields)


CORPUS = [
    make_doc(
        "1",
        "Căn cứ Luật Tổ chức chính quyền địa phương.",
        "Đẩy mạnh cải cách hành chính tại bộ phận một cửa của tỉnh.",
        number="2629/QĐ-UBND",
        issued_date=datetime.date(2023, 5, 2),
        issuer="ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
        parent_issuer=None,
        doc_type="Quyết định",
        subject="Về việc ban hành kế hoạch cải cách hành chính năm 2023",
        signer="Trần Thành Lập",
    ),
    make_doc("2", "Sửa chữa con đường liên xã Đồng Nai.", issued_date=datetime.date(2022, 3, 1)),
    make_doc(
        "3", "Học sinh đạt giải cấp tỉnh, tiêu chuẩn dương lịch.", issued_date=datetime.date(2021, 12, 31)
    ),
    make_doc(
        "4",
        "Ông Lê Văn B được giao đương nhiệm chức vụ.",
        doc_type="Công văn",
        issued_date=datetime.date(2020, 6, 15),
    ),
    make_doc(
        "5",
        "Quyết định phân bổ ngân sách năm 2023 cho các huyện.",
        subject="Kết luận về ngân sách",
        doc_type="Kết luận",
    ),
    make_doc("6", "Hồ sơ hoà giải ở cơ sở; uỷ quyền cho thuỷ lợi.", issued_date=datetime.date(2019, 2, 2)),
    make_doc("7", "In ấn tài liệu an toàn, an ninh.", issued_date=datetime.date(2018, 8, 8)),
    make_doc(
        "8",
        "Bí mật: cải cách hành chính nội bộ, ngân sách quốc phòng.",
        confidentiality="Mật",
        subject="Tài liệu mật về cải tổ",
    ),
    make_doc(
        "9", "Tuyệt mật: kế hoạch đặc biệt xyzzy.", confidentiality="Tuyệt mật", subject="Kế hoạch tuyệt mật"
    ),
    make_doc(
        "10",
        "Trang một không có gì.",
        "Trang hai có hành chính công và cải cách thủ tục.",
        "Trang ba: cải cách hành chính toàn diện.",
        issued_date=datetime.date(2023, 2, 20),
    ),
]


@pytest.fixture
def index(tmp_path) -> SearchIndex:
    ix = SearchIndex(tmp_path / "ix")
    ix.update(CORPUS)
    return ix

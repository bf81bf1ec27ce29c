"""References read from a body (related documents, issue 14): printed and OCR-like text."""

from __future__ import annotations

import json
import unicodedata

import pytest

from archive_service.records import FieldValue, Page
from ingest.metadata.references import (
    doubt_date_before_citations,
    extract_references,
    extract_references_text,
)
from tests.conftest import SAMPLES


def one(text: str, **kwargs):
    refs = extract_references_text(text, **kwargs)
    assert len(refs) == 1, refs
    return refs[0]


@pytest.mark.parametrize(("text", "relation", "doc_type", "number", "date", "issuer"), [
    ("Căn cứ Quyết định số 1085/QĐ-TTg ngày 15/9/2022 của Thủ tướng Chính phủ về việc ban hành "
     "Kế hoạch rà soát;", "can_cu", "Quyết định", "1085/QĐ-TTg", "2022-09-15",
     "Thủ tướng Chính phủ"),
    # OCR: diacritics dropped, "số" read as "s6", spaces inside the number, a line break inside
    ("Can cu Quyet dinh s6 1085 / QD-TTg ngay 15 thang 9 nam 2022 cua Thu tuong\nChinh phu ve",
     "can_cu", "Quyết định", "1085/QĐ-TTg", "2022-09-15", "Thu tuong Chinh phu"),
    ("Căn cứ Nghị định Sô 30/2020/NĐ-CP ngày 05 tháng 3 năm\n2020 của Chính phủ về công tác văn thư;",
     "can_cu", "Nghị định", "30/2020/NĐ-CP", "2020-03-05", "Chính phủ"),
    # O read for 0, l for 1
    ("Căn cứ Quyết định số 1O28/QĐ-UBND ngày l2 tháng 4 năm 2022 của Ủy ban nhân dân thành phố "
     "về việc", "can_cu", "Quyết định", "1028/QĐ-UBND", "2022-04-12",
     "Ủy ban nhân dân thành phố"),
    ("Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 28/2012/QĐ-UBND ngày 14 "
     "tháng 9 năm 2012 của Ủy ban nhân dân tỉnh.", "thay_the", "Quyết định", "28/2012/QĐ-UBND",
     "2012-09-14", "Ủy ban nhân dân tỉnh"),
    ("Điều 2. Bãi bỏ Công văn số 1520/UBND-NC ngày 15 tháng 4 năm 2018 của Ủy ban nhân dân tỉnh.",
     "bai_bo", "Công văn", "1520/UBND-NC", "2018-04-15", "Ủy ban nhân dân tỉnh"),
    ("Điều 1. Sửa đổi, bổ sung một số điều của Quy định ban hành kèm theo Quyết định số "
     "346/2017/QĐ-UBND ngày 21 tháng 6 năm 2017 của UBND tỉnh như sau:", "sua_doi", "Quyết định",
     "346/2017/QĐ-UBND", "2017-06-21", "UBND tỉnh"),
    ("Thực hiện Công văn số 512/BNV-VTLTNN ngày 27 tháng 3 năm 2023 của Bộ Nội vụ về việc",
     "thuc_hien", "Công văn", "512/BNV-VTLTNN", "2023-03-27", "Bộ Nội vụ"),
    ("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ\ntrình số 47/TT-TCCQ ngày 15 tháng 3 năm 1996,",
     "thuc_hien", "Tờ trình", "47/TT-TCCQ", "1996-03-15", None),
    ("triển khai theo Kế hoạch số 23/KH-UBND ngày 30/01/2024 của Chủ tịch UBND tỉnh rà soát",
     "thuc_hien", "Kế hoạch", "23/KH-UBND", "2024-01-30", "Chủ tịch UBND tỉnh"),
    ("Thực hiện nội dung Quyết định số 1744/QĐ-BGTVT ngày 31/12/2024 của Bộ trưởng Bộ Giao "
     "thông vận tải về việc công bố", "thuc_hien", "Quyết định", "1744/QĐ-BGTVT", "2024-12-31",
     "Bộ trưởng Bộ Giao thông vận tải"),
    # old style and party documents
    ("Căn cứ Nghị định số 38-HĐBT ngày 30 tháng 01 năm 1992 của Hội đồng Bộ trưởng;", "can_cu",
     "Nghị định", "38-HĐBT", "1992-01-30", "Hội đồng Bộ trưởng"),
    ("thực hiện Nghị quyết sô 21-NQ/TW, ngày 25-10-2017 của Ban Chấp hành Trung ương", "thuc_hien",
     "Nghị quyết", "21-NQ/TW", "2017-10-25", "Ban Chấp hành Trung ương"),
    # no "số", a dot read before "ngày"
    ("tại Nghị định 161/2024/NĐ-CP. ngày 18/12/2024 của Chính phủ quy định", "thuc_hien",
     "Nghị định", "161/2024/NĐ-CP", "2024-12-18", "Chính phủ"),
])
def test_a_citation_is_read_with_its_relation(text, relation, doc_type, number, date, issuer):
    ref = one(text)
    assert (ref.relation, ref.doc_type, ref.number, ref.issued_date, ref.issuer) == (
        relation, doc_type, number, date, issuer)
    assert ref.text and ref.text in " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.parametrize(("text", "name", "date"), [
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
     "Luật Tổ chức chính quyền địa phương", "2015-06-19"),
    ("Can cu Luat Luu tru ngay 11 thang 11 nam 2011;", "Luat Luu tru", "2011-11-11"),
    ("Căn cứ Pháp lệnh Lưu trữ quốc gia ngày 04 tháng 4 năm 2001;", "Pháp lệnh Lưu trữ quốc gia",
     "2001-04-04"),
    # OCR: "]" for 1 in the year, a stroke read twice in the day, the date on the next line
    ("Căn cứ Pháp lệnh Lưu trữ quốc gia ngày 04 tháng 4 năm 200];", "Pháp lệnh Lưu trữ quốc gia",
     "2001-04-04"),
    ("Căn cứ Luật Tổ chức Hội đồng nhân dân và Uỷ ban nhân dân\nngày 2l1 tháng 6 năm 1994;",
     "Luật Tổ chức Hội đồng nhân dân và Uỷ ban nhân dân", "1994-06-21"),
])
def test_a_law_cited_by_name_keeps_type_name_and_date(text, name, date):
    ref = one(text)
    assert ref.number is None and ref.name == name and ref.issued_date == date
    assert ref.relation == "can_cu" and ref.doc_type in ("Luật", "Pháp lệnh")


@pytest.mark.parametrize("text", [
    "thực hiện theo quy định của pháp luật ngày 01 tháng 01 năm 2020 về lưu trữ",  # "pháp luật"
    "Triển khai Luật Lưu trữ năm 2024 và các văn bản hướng dẫn",  # a law without its date
    "số lượng 15/20 hồ sơ, tỷ lệ 96,4%; ngày 05/3/2020 họp giao ban",  # numbers of other things
    "Quyết định này có hiệu lực kể từ ngày ký.",  # "Quyết định này": the document itself
])
def test_no_reference_where_none_is_printed(text):
    assert extract_references_text(text) == []


def test_a_list_after_one_clause_keeps_its_relation_and_a_described_document_is_only_cited():
    text = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ "
            "sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
            "ngày 22 tháng 11 năm 2019;\nCăn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm "
            "2004 của Chính phủ về công tác văn thư; Nghị định số 09/2010/NĐ-CP ngày 08 tháng 02 năm "
            "2010 sửa đổi, bổ sung một số điều của Nghị định số 110/2004/NĐ-CP;\nTheo đề nghị của "
            "Giám đốc Sở Nội vụ tại Tờ trình số 1105/TTr-SNV ngày 29 tháng 5 năm 2017.")
    got = [(r.relation, r.number or r.name) for r in extract_references_text(text)]
    assert got == [
        ("can_cu", "Luật Tổ chức chính quyền địa phương"),
        ("can_cu", "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
                   "chính quyền địa phương"),
        ("can_cu", "110/2004/NĐ-CP"), ("can_cu", "09/2010/NĐ-CP"),
        ("thuc_hien", "1105/TTr-SNV")]


def test_a_clause_continues_the_list_of_the_clause_before_not_its_described_citation():
    text = ("Căn cứ Nghị quyết số 137/NQ-CP ngày 31 tháng 12 năm 2017 của Chính phủ và Chương "
            "trình hành động số 34-CTr/TU ngày 29 tháng 12 năm 2017 của Tỉnh ủy thực hiện Nghị "
            "quyết sô 21-NQ/TW, ngày 25-10-2017 của Ban Chấp hành Trung ương Đảng; Thông tư số\n"
            "05/2008/TT-BYT ngày 14 tháng 5 năm 2008 của Bộ Y tế; Thực hiện chỉ đạo của Bộ Y tế "
            "tại Công\nvăn số 1412/BYT-TCDS ngày 16 tháng 3 năm 2018 về việc")
    got = [(r.relation, r.number) for r in extract_references_text(text)]
    assert got == [("can_cu", "137/NQ-CP"), ("can_cu", "34-CTr/TU"), ("thuc_hien", "21-NQ/TW"),
                   ("can_cu", "05/2008/TT-BYT"), ("thuc_hien", "1412/BYT-TCDS")]


def test_numbers_listed_after_one_type_are_each_a_reference():
    text = "Thực hiện nội dung các Quyết định số: 1743/QĐ- BGTVT, 1744/QĐ-\nBGTVT ngày 31/12/2024"
    got = [(r.doc_type, r.number, r.issued_date) for r in extract_references_text(text)]
    assert got == [("Quyết định", "1743/QĐ-BGTVT", "2024-12-31"),
                   ("Quyết định", "1744/QĐ-BGTVT", "2024-12-31")]


def test_the_document_itself_and_its_header_number_are_no_reference():
    text = ("Số: 346/2017/QĐ-UBND Quảng Ngãi, ngày 21 tháng 6 năm 2017\n"
            "(Ban hành kèm theo Quyết định số 346/2017/QĐ-UBND ngày 21 tháng 6 năm 2017)")
    assert extract_references_text(text, own_number="346/2017/QĐ-UBND") == []
    assert extract_references_text("Số: 15/TB-SNV Hậu Giang, ngày 12 tháng 01 năm 2023") == []


def test_a_document_cited_first_without_its_date_gets_the_date_printed_later():
    text = ("V/v góp ý kiến việc thực hiện\nThông tư sô 05/2016/TT-BYT\nKính gửi: các đơn vị.\n"
            "Thực hiện Công văn số 1432/KCB ngày 04/10/2017 của Cục Quản lý Khám, chữa bệnh về "
            "việc xin ý kiến thực hiện Thông tư số 05/2016/TT-BYT ngày 29/2/2016 của Bộ Y tế")
    got = [(r.number, r.issued_date) for r in extract_references_text(text)]
    assert got == [("05/2016/TT-BYT", "2016-02-29"), ("1432/KCB", "2017-10-04")]


@pytest.mark.parametrize("text", [
    "Căn cứ Nghị định số 37/2025\u2044NĐ-CP ngày 26 tháng 02 năm 2025 của",  # a fraction slash
    "Căn cứ Nghị định số 37/2025/NĐ-CP ngày 26 tháng 02 năm 2025 của",
])
def test_slash_lookalikes(text):
    assert one(text).number == "37/2025/NĐ-CP"


def test_a_number_glued_to_its_symbol_after_a_type_word():
    ref = one("Căn cứ † Quyết định số 1675QĐ-UBND ngày 09 tháng 8 năm 2017 của")
    assert (ref.relation, ref.number, ref.issued_date) == ("can_cu", "1675/QĐ-UBND", "2017-08-09")


def test_decomposed_text_gives_nfc_values():
    text = unicodedata.normalize("NFD", "Căn cứ Quyết định số 2629/QĐ-UBND ngày 27/12/2023 của "
                                        "Ủy ban nhân dân tỉnh Hậu Giang về việc")
    ref = one(text)
    assert ref.number == "2629/QĐ-UBND" and ref.issuer == "Ủy ban nhân dân tỉnh Hậu Giang"
    assert all(unicodedata.is_normalized("NFC", v) for v in (ref.number, ref.issuer, ref.text))


def test_pages_are_read_in_order_and_a_document_cited_twice_is_one_reference():
    pages = [Page(1, "Căn cứ Kế hoạch số 45/KH-UBND ngày 02 tháng 3 năm 2021 của Ủy ban nhân dân"),
             Page(2, "thực hiện Kế hoạch số 45/KH-UBND; thay thế Kế hoạch số 12/KH-UBND ngày "
                     "05/01/2020.")]
    got = [(r.page, r.relation, r.number) for r in extract_references(pages)]
    assert got == [(1, "can_cu", "45/KH-UBND"), (2, "thay_the", "12/KH-UBND")]


@pytest.mark.parametrize("name", ["qd_sua_doi_quy_dinh_quang_ngai_2019",
                                  "kh_thay_the_so_giao_duc_lam_dong_2025",
                                  "qd_quy_dinh_van_thu_quang_ngai_2017", "qd_uy_ban_can_tho_1996"])
def test_the_printed_text_of_samples_gives_their_truth(name):
    truth = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    pages = [Page(i, text) for i, text in enumerate(truth["pages"], start=1)]
    got = [(r.relation, r.number, r.name if r.number is None else None, r.issued_date)
           for r in extract_references(pages, own_number=truth["metadata"]["number"])]
    want = [(r["relation"], r["number"], r["name"] if r["number"] is None else None,
             r["issued_date"]) for r in truth["references"]]
    assert got == want


@pytest.mark.parametrize(("issued", "doubted"), [("2017-04-16", True), ("2017-10-16", False),
                                                 ("2017-09-20", False)])
def test_a_date_before_a_document_the_body_cites_is_marked_for_review(issued, doubted):
    """A handwritten month 10 read 04: the body cites a letter of 20/9/2017."""
    pages = [Page(1, "Số: 1979/SYT-TCCB Kiên Giang, ngày 16 tháng 10 năm 2017\nThực hiện Công văn "
                     "số 5311/BYT-BM-TE ngày 20/9/2017 của Bộ Y tế về việc báo cáo")]
    fields = {"number": FieldValue("1979/SYT-TCCB", 0.8), "issued_date": FieldValue(issued, 0.95)}
    got = doubt_date_before_citations(fields, pages)
    assert got["issued_date"].review is doubted and got["issued_date"].value == issued
    assert not fields["issued_date"].review  # a new dict: the reading given is left as it was


def test_the_documents_own_number_and_a_misread_future_year_bound_nothing():
    pages = [Page(1, "QUY ĐỊNH\n(Ban hành kèm theo Quyết định số 346/2018/QĐ-UBND)\n"
                     "Căn cứ Luật số 77/2075/QH13 của Quốc hội")]
    issued = {"issued_date": FieldValue("2017-06-21", 0.95)}
    assert doubt_date_before_citations({**issued, "number": FieldValue("346/2018/QĐ-UBND", 0.9)},
                                       pages)["issued_date"].review is False
    assert doubt_date_before_citations(issued, pages)["issued_date"].review  # cited: 2018
    for odd in ("2018-12", None, 20170621):
        assert doubt_date_before_citations({"issued_date": FieldValue(odd, 0.9)}, pages)[
            "issued_date"].review is False


def test_the_year_in_a_cited_number_bounds_the_date_too():
    pages = [Page(1, "Căn cứ Quyết định số 14/2018/QĐ-TTg của Thủ tướng Chính phủ")]
    got = doubt_date_before_citations({"issued_date": FieldValue("2017-12-05", 0.95)}, pages)
    assert got["issued_date"].review
    assert not doubt_date_before_citations({"issued_date": FieldValue("2018-01-05", 0.95)},
                                           pages)["issued_date"].review


@pytest.mark.parametrize(("subject", "issued", "doubted"), [
    ("báo cáo kết quả rà soát hộ nghèo năm 2019", "2010-05-09", True),  # 2019's 9 read as a 0
    ("báo cáo kết quả rà soát hộ nghèo năm 2019", "2019-05-09", False),
    ("KẾ HOẠCH CÔNG TÁC VĂN THƯ, LƯU TRỮ NĂM 2025", "2024-12-20", False),  # next year's plan
    ("Về kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030", "2024-03-26", False),
    ("Phòng chống tai nạn thương tích giai đoạn đến năm 2020", "2017-11-15", False),
    ("thực hiện Quyết định số 14/2013/QĐ-TTg", "2010-01-05", False),  # a cited number's year
    ("Kết quả cải cách hành chính năm 2135", "2025-04-14", False),  # the subject's year misread
])
def test_a_date_well_before_the_year_its_subject_is_about_is_doubted(subject, issued, doubted):
    fields = {"issued_date": FieldValue(issued, 0.95), "subject": FieldValue(subject, 0.9)}
    assert doubt_date_before_citations(fields, [Page(1, "")])["issued_date"].review is doubted

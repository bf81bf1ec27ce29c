"""Ground truth of the references each sample's body makes (related documents, issue 14).

Documents written for this purpose list theirs in ``docs.py`` (``references=[…]``); for the
others the list below was read by a person from the sample's own text (``pages`` of its truth
JSON). What counts, so that the truth and the extractor speak of the same thing:

- one entry per cited document (a number, or a law cited by name and date), in reading order;
  the document's own number (``ban hành kèm theo Quyết định số …`` of itself) is no reference;
- ``relation``: ``can_cu`` in a ``Căn cứ`` clause (and the list it opens: ``Căn cứ A; B;``),
  ``thay_the`` / ``bai_bo`` / ``sua_doi`` when this document replaces, repeals or amends the
  cited one, ``thuc_hien`` for any other citation (``Thực hiện``, ``Theo đề nghị … tại``,
  ``Xét``, ``theo quy định tại``); a document only named inside another's description
  (``Nghị định 09 … sửa đổi … Nghị định 110``) is cited, not acted on;
- ``issuer``: as printed after ``của`` (None when not printed there); ``in_archive``: the sample
  (file stem) the reference names when that document is itself a sample.
"""

from __future__ import annotations

from .docs import DOCS


def _r(relation, doc_type, number, issued_date, issuer=None, name=None, in_archive=None):
    return {"relation": relation, "doc_type": doc_type, "number": number,
            "issued_date": issued_date, "issuer": issuer, "name": name, "in_archive": in_archive}


_LSD19 = ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính "
          "quyền địa phương")

REFERENCES = {
    'qd_ubnd_hau_giang_2023': [
        _r('can_cu', 'Luật', None, '2015-06-19', None, 'Luật Tổ chức chính quyền địa phương'),
        _r('can_cu', 'Luật', None, '2019-11-22', None, _LSD19),
        _r('can_cu', 'Luật', None, '2011-11-11', None, 'Luật Lưu trữ'),
        _r('can_cu', 'Nghị định', '30/2020/NĐ-CP', '2020-03-05', 'Chính phủ', None),
        _r('can_cu', 'Thông tư', '02/2019/TT-BNV', '2019-01-24', 'Bộ trưởng Bộ Nội vụ', None),  # + Điều 1
        _r('thuc_hien', 'Tờ trình', '318/TTr-SNV', '2023-12-15', None, None),
    ],
    'cv_so_noi_vu_2024': [
        _r('thuc_hien', 'Kế hoạch', '112/KH-UBND', '2024-02-20', 'Ủy ban nhân dân tỉnh', None),
        _r('thuc_hien', 'Thông tư', '16/2023/TT-BNV', '2023-11-15', 'Bộ trưởng Bộ Nội vụ', None),
    ],
    'tb_so_tai_chinh_can_tho_2022': [
    ],
    'ttr_so_tai_chinh_2020': [
        _r('can_cu', 'Luật', None, '2015-06-25', None, 'Luật Ngân sách nhà nước'),
        _r('can_cu', 'Nghị định', '163/2016/NĐ-CP', '2016-12-21', 'Chính phủ', None),
        _r('can_cu', 'Quyết định', '3120/QĐ-UBND', '2019-12-10', 'Ủy ban nhân dân tỉnh', None),
        _r('thuc_hien', 'Công văn', '98/SNV-VTLT', '2020-01-21', None, None),
    ],
    'gm_so_noi_vu_ha_noi_2025': [
        _r('thuc_hien', 'Kế hoạch', '26/KH-SNV', '2025-01-15', 'Sở Nội vụ', None),
        _r('thuc_hien', 'Thông tư', '02/2019/TT-BNV', '2019-01-24', None, None),
    ],
    'tb_ket_luan_ubnd_binh_dinh_2024': [
    ],
    'qd_ubnd_huyen_cai_be_2019': [
        _r('can_cu', 'Luật', None, '2015-06-19', None, 'Luật Tổ chức chính quyền địa phương'),
        _r('can_cu', 'Luật', None, '2011-11-11', None, 'Luật Lưu trữ'),
    ],
    'cv_ubnd_tinh_khan_2023': [
        _r('thuc_hien', 'Công văn', '512/BNV-VTLTNN', '2023-03-27', 'Bộ Nội vụ', None),
    ],
    'tb_ubnd_huyen_lich_tiep_dan_2022': [
        _r('thuc_hien', 'Luật', None, '2013-11-25', None, 'Luật Tiếp công dân'),
        _r('thuc_hien', 'Nghị định', '64/2014/NĐ-CP', '2014-06-26', 'Chính phủ', None),
    ],
    'qd_uy_ban_1996_typewriter': [
        _r('can_cu', 'Luật', None, '1994-06-21', None, 'Luật Tổ chức Hội đồng nhân dân và Uỷ ban nhân dân'),
        _r('can_cu', 'Pháp lệnh', None, '1982-12-11', None, 'Pháp lệnh Bảo vệ tài liệu lưu trữ quốc gia'),
        _r('can_cu', 'Nghị định', '38-HĐBT', '1992-01-30', 'Hội đồng Bộ trưởng', None),
        _r('thuc_hien', 'Tờ trình', '47/TT-TCCQ', '1996-03-15', None, None),
    ],
    'cv_so_van_hoa_1998_hoa': [
        _r('thuc_hien', 'Công văn', '1204/UB', '1998-09-02', 'Uỷ ban nhân dân tỉnh Khánh Hoà', None),
    ],
    'bc_hdnd_huyen_2018': [
        _r('thuc_hien', 'Nghị quyết', '05/NQ-HĐND', '2018-07-12', 'Hội đồng nhân dân huyện', None),
    ],
    'ttr_ubnd_huyen_2016': [
    ],
    'qd_bo_tai_chinh_2010': [
        _r('can_cu', 'Pháp lệnh', None, '2001-04-04', None, 'Pháp lệnh Lưu trữ quốc gia'),
        _r('can_cu', 'Nghị định', '118/2008/NĐ-CP', '2008-11-27', 'Chính phủ', None),
    ],
    'kh_so_giao_duc_2025': [
        _r('can_cu', 'Kế hoạch', '1176/KH-UBND', '2025-01-20', 'Ủy ban nhân dân tỉnh', None),
    ],
    'thu_cam_on_no_layout': [
    ],
    'bang_thong_ke_no_layout': [
    ],
    'kh_ubnd_phong_dien_2021': [
        _r('can_cu', 'Kế hoạch', '45/KH-UBND', '2021-03-02', 'Ủy ban nhân dân thành phố Cần Thơ', None),
    ],
    'bc_ubnd_xa_phu_huu_2019': [
        _r('thuc_hien', 'Công văn', '742/UBND-TH', '2019-05-28', 'Ủy ban nhân dân huyện Châu Thành', None),
    ],
    'qd_quy_dinh_quang_ngai_2017': [
        _r('can_cu', 'Luật', None, '2015-06-19', None, 'Luật Tổ chức chính quyền địa phương'),
        _r('can_cu', 'Luật', None, '2015-06-22', None, 'Luật Ban hành văn bản quy phạm pháp luật'),
        _r('can_cu', 'Luật', None, '2011-11-11', None, 'Luật Lưu trữ'),
        _r('can_cu', 'Nghị định', '110/2004/NĐ-CP', '2004-04-08', 'Chính phủ', None),
        _r('can_cu', 'Nghị định', '09/2010/NĐ-CP', '2010-02-08', None, None),
        _r('can_cu', 'Nghị định', '01/2013/NĐ-CP', '2013-01-03', 'Chính phủ', None),
        _r('thuc_hien', 'Tờ trình', '1105/TTr-SNV', '2017-05-29', None, None),
        _r('thay_the', 'Quyết định', '28/2012/QĐ-UBND', '2012-09-14', 'Ủy ban nhân dân tỉnh', None),
    ],
    'nq_hdnd_soc_trang_2020': [
        _r('can_cu', 'Luật', None, '2015-06-19', None, 'Luật Tổ chức chính quyền địa phương'),
        _r('can_cu', 'Luật', None, '2019-11-22', None, _LSD19),
        _r('can_cu', 'Luật', None, '2015-06-25', None, 'Luật Ngân sách nhà nước'),
        _r('thuc_hien', 'Báo cáo', '156/BC-UBND', '2020-06-24', 'Ủy ban nhân dân tỉnh', None),
    ],
    'ct_ubnd_quang_ngai_2024': [
    ],
    'qd_viec_hw_ubnd_ben_tre_2025': [
        _r('can_cu', 'Luật', None, '2015-06-19', None, 'Luật Tổ chức chính quyền địa phương'),
        _r('can_cu', 'Luật', None, '2019-11-22', None, _LSD19),
        _r('can_cu', 'Luật', None, '2024-06-21', None, 'Luật Lưu trữ'),
        _r('can_cu', 'Nghị định', '30/2020/NĐ-CP', '2020-03-05', 'Chính phủ', None),
        _r('thuc_hien', 'Tờ trình', '05/TTr-SNV', '2025-01-08', None, None),
    ],
    'cv_bo_noi_vu_mat_2021': [
        _r('thuc_hien', 'Luật', None, '2018-11-15', None, 'Luật Bảo vệ bí mật nhà nước'),
        _r('thuc_hien', 'Nghị định', '26/2020/NĐ-CP', '2020-02-28', 'Chính phủ', None),
    ],
    'kh_so_noi_vu_da_nang_2022': [
        _r('can_cu', 'Quyết định', '1028/QĐ-UBND', '2022-04-12', 'Ủy ban nhân dân thành phố', None),
    ],
    'bc_so_tai_chinh_an_giang_2023': [
        _r('thuc_hien', 'Công văn', '1520/UBND-KTTH', '2023-11-02', None, None),
    ],
    'tb_ubnd_gia_lai_ky_so_2024': [
    ],
}


def references_truth(doc: str) -> list[dict]:
    """The references of DOCS[doc] (a copy)."""
    refs = DOCS[doc].get("references")
    if refs is None:
        refs = REFERENCES.get(doc, [])
    return [dict(r) for r in refs]

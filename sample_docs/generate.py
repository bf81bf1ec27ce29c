#!/usr/bin/env python3
"""Generate the synthetic sample documents and their ground truth in sample_docs/.

Run:  .venv/bin/python sample_docs/generate.py [name ...]
Deterministic: every random choice is seeded per sample, so re-running reproduces the same content.
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from _gen import degrade as D  # noqa: E402
from _gen import pdfout  # noqa: E402
from _gen.compose import layout_document  # noqa: E402
from _gen.docs import DOCS  # noqa: E402
from _gen.raster import render_page  # noqa: E402
from _gen.references_truth import references_truth  # noqa: E402
from PIL import Image  # noqa: E402


@dataclass
class Sample:
    name: str  # output file stem
    doc: str  # key in DOCS
    kind: str  # input_kind in the truth file
    ext: str  # file extension ("" = none); may deliberately not match the content
    fmt: str  # real format: png jpeg webp tiff-g4 tiff-lzw pdf-born pdf-born-esigned pdf-scan
    #            pdf-mixed pdf-garbage-*
    dpi: int | None
    degradations: list
    description: str
    seed: int
    page_fx: Callable | None = None  # (page_index, PIL image, seed) -> PIL image
    opts: dict = field(default_factory=dict)


def fx(*steps):
    """Compose page effects; each step is (fn, kwargs) or (fn, kwargs, pages-set)."""

    def run(i, img, seed):
        for k, st in enumerate(steps):
            fn, kw = st[0], st[1]
            if len(st) > 2 and i not in st[2]:
                continue
            if "seed" in fn.__code__.co_varnames:
                img = fn(img, seed=seed * 100 + i * 10 + k, **kw)
            else:
                img = fn(img, **kw)
        return img

    return run


P = D.paper
SAMPLES = [
    Sample(
        "qd_ubnd_hau_giang_2023",
        "qd_ubnd_hau_giang_2023",
        "pdf-scanned",
        "pdf",
        "pdf-scan",
        300,
        ["skew", "noise", "seal"],
        "Quyết định UBND tỉnh Hậu Giang, 2 trang, scan 300 dpi nghiêng 2.5°",
        101,
        fx((P, {}), (D.noise, {"sigma": 5}), (D.skew, {"deg": 2.5})),
    ),
    Sample(
        "cv_so_noi_vu_hau_giang_2024",
        "cv_so_noi_vu_2024",
        "jpeg",
        "jpg",
        "jpeg",
        200,
        ["200dpi", "noise", "seal"],
        "Công văn Sở Nội vụ Hậu Giang (V/v, Kính gửi nhiều nơi), JPEG 200 dpi có nhiễu",
        102,
        fx((P, {}), (D.noise, {"sigma": 7, "salt": 0.001}), (D.skew, {"deg": -0.7})),
    ),
    Sample(
        "tb_so_tai_chinh_can_tho_2022",
        "tb_so_tai_chinh_can_tho_2022",
        "png",
        "jpg",
        "png",
        300,
        ["uneven-light", "seal", "misleading-extension"],
        "Thông báo Sở Tài chính Cần Thơ: PNG đặt tên .jpg, ánh sáng không đều",
        103,
        fx((P, {}), (D.uneven_light, {"strength": 0.28}), (D.skew, {"deg": 1.2})),
    ),
    Sample(
        "ttr_so_tai_chinh_vinh_long_2020",
        "ttr_so_tai_chinh_2020",
        "webp",
        "webp",
        "webp",
        300,
        ["skew", "noise", "seal"],
        "Tờ trình Sở Tài chính Vĩnh Long số 06 (số có 0 đứng đầu), WebP nghiêng -1.5°",
        104,
        fx((P, {}), (D.noise, {"sigma": 6}), (D.skew, {"deg": -1.5})),
    ),
    Sample(
        "gm_so_noi_vu_ha_noi_2025",
        "gm_so_noi_vu_ha_noi_2025",
        "webp",
        "webp",
        "webp",
        200,
        ["200dpi", "uneven-light", "skew", "seal"],
        "Giấy mời Sở Nội vụ Hà Nội, WebP 200 dpi",
        105,
        fx((P, {}), (D.uneven_light, {"strength": 0.22}), (D.skew, {"deg": 1.0})),
    ),
    Sample(
        "tb_ket_luan_binh_dinh_2024",
        "tb_ket_luan_ubnd_binh_dinh_2024",
        "png",
        "png",
        "png",
        300,
        ["sideways", "seal"],
        "Thông báo kết luận UBND tỉnh Bình Định, trang quét xoay 90°",
        106,
        fx((P, {}), (D.skew, {"deg": 0.8}), (D.sideways, {"quarter_turns": 1})),
    ),
    Sample(
        "qd_thanh_lap_hoi_dong_cai_be_2019",
        "qd_ubnd_huyen_cai_be_2019",
        "png",
        "png",
        "png",
        200,
        ["200dpi", "skew", "noise", "seal"],
        "Quyết định UBND huyện Cái Bè, PNG 200 dpi nghiêng 6°, nhiễu muối tiêu",
        107,
        fx((P, {}), (D.noise, {"sigma": 4, "salt": 0.002}), (D.skew, {"deg": 6.0})),
    ),
    Sample(
        "cv_ubnd_dong_thap_khan_2023",
        "cv_ubnd_tinh_khan_2023",
        "phone-photo",
        "",
        "phone",
        None,
        ["phone-photo", "uneven-light", "seal", "missing-extension"],
        "Công văn KHẨN UBND tỉnh Đồng Tháp chụp bằng điện thoại, JPEG không có phần mở rộng",
        108,
        fx((D.phone_photo, {})),
    ),
    Sample(
        "tb_lich_tiep_dan_thoai_son_2022",
        "tb_ubnd_huyen_lich_tiep_dan_2022",
        "phone-photo",
        "jpg",
        "phone",
        None,
        ["phone-photo", "uneven-light", "seal"],
        "Thông báo lịch tiếp công dân chụp bằng điện thoại (phối cảnh, bóng, mờ nhẹ)",
        109,
        fx((D.phone_photo, {})),
    ),
    Sample(
        "qd_uy_ban_can_tho_1996",
        "qd_uy_ban_1996_typewriter",
        "jpeg",
        "jpg",
        "jpeg",
        300,
        ["photocopy", "old-spelling", "skew", "seal"],
        "Quyết định 1996 đánh máy (UỶ BAN, CỘNG HOÀ, T/M, K/T, số không có năm), bản photocopy",
        110,
        fx((D.skew, {"deg": -2.0}), (D.photocopy, {})),
    ),
    Sample(
        "cv_so_van_hoa_khanh_hoa_1998",
        "cv_so_van_hoa_1998_hoa",
        "pdf-scanned",
        "pdf",
        "pdf-scan",
        200,
        ["200dpi", "photocopy", "old-spelling", "seal"],
        "Công văn 1998 đánh máy (Khánh Hoà, Văn hoá), photocopy quét 200 dpi",
        111,
        fx((D.photocopy, {}), (D.skew, {"deg": 1.4})),
    ),
    Sample(
        "bc_hdnd_cu_chi_2018",
        "bc_hdnd_huyen_2018",
        "jpeg",
        "jpeg",
        "jpeg",
        300,
        ["sideways", "noise", "seal"],
        "Báo cáo HĐND huyện Củ Chi, trang quét lộn ngược (180°)",
        112,
        fx((P, {}), (D.noise, {"sigma": 6}), (D.sideways, {"quarter_turns": 2})),
    ),
    Sample(
        "ttr_ubnd_duc_hoa_2016",
        "ttr_ubnd_huyen_2016",
        "pdf-scanned",
        "pdf",
        "pdf-scan",
        300,
        ["skew", "seal", "noise"],
        "Tờ trình UBND huyện Đức Hòa, scan 300 dpi nghiêng -8°",
        113,
        fx((P, {}), (D.noise, {"sigma": 4}), (D.skew, {"deg": -8.0})),
    ),
    Sample(
        "qd_bo_tai_chinh_2010",
        "qd_bo_tai_chinh_2010",
        "jpeg",
        "jpeg",
        "jpeg",
        300,
        ["skew", "uneven-light", "seal"],
        "Quyết định Bộ Tài chính 2010, JPEG nghiêng -3°, ánh sáng không đều",
        114,
        fx((P, {}), (D.uneven_light, {"strength": 0.25}), (D.skew, {"deg": -3.0})),
    ),
    Sample(
        "kh_so_giao_duc_lam_dong_2025",
        "kh_so_giao_duc_2025",
        "pdf-born-digital",
        "pdf",
        "pdf-born",
        None,
        ["seal"],
        "Kế hoạch Sở GD&ĐT Lâm Đồng, PDF gốc điện tử có lớp chữ (font TeX Gyre Termes nhúng)",
        115,
    ),
    Sample(
        "thu_cam_on",
        "thu_cam_on_no_layout",
        "png",
        "png",
        "png",
        300,
        ["no-layout", "skew"],
        "Thư cảm ơn viết tay đánh máy, không theo thể thức Nghị định 30",
        116,
        fx((P, {}), (D.skew, {"deg": -1.0})),
    ),
    Sample(
        "bang_thong_ke_phong_luu_tru",
        "bang_thong_ke_no_layout",
        "jpeg",
        "jpg",
        "jpeg",
        300,
        ["no-layout", "noise"],
        "Bảng thống kê (biểu mẫu có kẻ bảng), không theo thể thức Nghị định 30",
        117,
        fx((P, {}), (D.noise, {"sigma": 5}), (D.skew, {"deg": 0.6})),
    ),
    Sample(
        "kh_cai_cach_hanh_chinh_phong_dien_2021",
        "kh_ubnd_phong_dien_2021",
        "tiff",
        "tif",
        "tiff-g4",
        300,
        ["multipage-tiff", "skew", "noise", "seal"],
        "Kế hoạch UBND huyện Phong Điền, TIFF nhiều trang 1-bit CCITT G4",
        118,
        fx((P, {}), (D.noise, {"sigma": 8, "salt": 0.0015}), (D.skew, {"deg": 1.0})),
    ),
    Sample(
        "bc_ubnd_xa_phu_huu_2019",
        "bc_ubnd_xa_phu_huu_2019",
        "tiff",
        "tiff",
        "tiff-lzw",
        300,
        ["multipage-tiff", "uneven-light", "sideways", "seal"],
        "Báo cáo UBND xã Phú Hữu, TIFF xám LZW 2 trang, trang 2 xoay 270°",
        119,
        fx((P, {}), (D.uneven_light, {"strength": 0.2}), (D.sideways, {"quarter_turns": 3}, {1})),
    ),
    Sample(
        "qd_quy_dinh_van_thu_quang_ngai_2017",
        "qd_quy_dinh_quang_ngai_2017",
        "pdf-born-digital",
        "pdf",
        "pdf-born",
        None,
        ["seal", "attachment"],
        "Quyết định 346/2017/QĐ-UBND (số có năm) kèm Quy định sau trang ký, PDF gốc điện tử",
        120,
    ),
    Sample(
        "nq_hdnd_soc_trang_2020",
        "nq_hdnd_soc_trang_2020",
        "pdf-garbage-text",
        "pdf",
        "pdf-garbage-drop",
        None,
        ["seal", "garbage-text-layer"],
        "Nghị quyết HĐND tỉnh Sóc Trăng, PDF gốc điện tử đã xóa ToUnicode: lớp chữ ra (cid:N)/mã rác",
        121,
    ),
    Sample(
        "ct_ubnd_quang_ngai_hoa_toc_2024",
        "ct_ubnd_quang_ngai_2024",
        "pdf-scanned",
        "pdf",
        "pdf-scan",
        300,
        ["skew", "noise", "seal"],
        "Chỉ thị HỎA TỐC UBND tỉnh Quảng Ngãi, scan 300 dpi nghiêng 4°",
        122,
        fx((P, {}), (D.noise, {"sigma": 6}), (D.skew, {"deg": 4.0})),
    ),
    Sample(
        "qd_so_viet_tay_ben_tre_2025",
        "qd_viec_hw_ubnd_ben_tre_2025",
        "pdf-scanned",
        "pdf",
        "pdf-scan",
        300,
        ["handwritten", "attachment", "noise", "seal", "skew"],
        "Quyết định có số và ngày viết tay (mực xanh), phụ lục bảng sau trang ký",
        123,
        fx((P, {}), (D.noise, {"sigma": 5}), (D.skew, {"deg": -0.9})),
    ),
    Sample(
        "cv_bo_noi_vu_mat_2021",
        "cv_bo_noi_vu_mat_2021",
        "pdf-mixed",
        "pdf",
        "pdf-mixed",
        300,
        ["seal", "skew"],
        "Công văn MẬT Bộ Nội vụ: trang 1 có lớp chữ, trang 2 là ảnh quét",
        124,
        fx((P, {}), (D.noise, {"sigma": 5}), (D.skew, {"deg": 1.5})),
        {"scanned_pages": {1}},
    ),
    Sample(
        "kh_kiem_tra_so_noi_vu_da_nang_2022",
        "kh_so_noi_vu_da_nang_2022",
        "pdf-mixed",
        "pdf",
        "pdf-mixed",
        200,
        ["seal", "photocopy", "200dpi"],
        "Kế hoạch Sở Nội vụ Đà Nẵng: trang 1 có lớp chữ, trang 2 bản photocopy quét 200 dpi",
        125,
        fx((D.photocopy, {})),
        {"scanned_pages": {1}},
    ),
    Sample(
        "bc_so_tai_chinh_an_giang_2023",
        "bc_so_tai_chinh_an_giang_2023",
        "pdf-garbage-text",
        "pdf",
        "pdf-garbage-scramble",
        None,
        ["seal", "garbage-text-layer"],
        "Báo cáo Sở Tài chính An Giang, PDF gốc điện tử với ToUnicode bị xáo trộn: lớp chữ là mojibake",
        126,
    ),
    Sample(
        "tb_ubnd_gia_lai_ky_so_2024",
        "tb_ubnd_gia_lai_ky_so_2024",
        "pdf-born-digital",
        "pdf",
        "pdf-born-esigned",
        None,
        ["seal", "e-signature-stamps"],
        "Thông báo UBND tỉnh Gia Lai, PDF gốc điện tử ký số: số và ngày để trống trong lớp chữ, "
        'được đóng vào chỗ trống bằng hình hiển thị của trường chữ ký (widget /Sig), kèm ô "Ký bởi"',
        127,
    ),
    # related documents (issue 14): bodies that cite other samples
    Sample(
        "qd_sua_doi_quy_dinh_quang_ngai_2019",
        "qd_sua_doi_quy_dinh_quang_ngai_2019",
        "pdf-born-digital",
        "pdf",
        "pdf-born",
        None,
        ["seal", "cites-sample"],
        "Quyết định 18/2019/QĐ-UBND sửa đổi, bổ sung Quy định ban hành kèm theo Quyết định "
        "346/2017/QĐ-UBND (mẫu khác), bãi bỏ một công văn; PDF gốc điện tử",
        130,
    ),
    Sample(
        "kh_thay_the_so_giao_duc_lam_dong_2025",
        "kh_thay_the_so_giao_duc_lam_dong_2025",
        "pdf-scanned",
        "pdf",
        "pdf-scan",
        300,
        ["skew", "noise", "seal", "cites-sample"],
        "Kế hoạch 27/KH-SGDĐT thay thế Kế hoạch 09/KH-SGDĐT (mẫu khác), scan 300 dpi nghiêng 1.2°",
        131,
        fx((P, {}), (D.noise, {"sigma": 6}), (D.skew, {"deg": 1.2})),
    ),
]


def nfc(s):
    return unicodedata.normalize("NFC", s)


def build(sample: Sample):
    """Layout + clean page images (at the sample's dpi, 300 for born-digital)."""
    pages, meta, sig_page = layout_document(DOCS[sample.doc], seed=sample.seed)
    return pages, meta, sig_page


def clean_images(sample: Sample, pages):
    dpi = sample.dpi or 300
    return [render_page(p, dpi) for p in pages]


def _save_image(img, path, fmt, dpi):
    if fmt == "png":
        im = img.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        im.save(path, "PNG", optimize=True, dpi=(dpi, dpi))
    elif fmt in ("jpeg", "phone"):
        img.convert("RGB").save(
            path,
            "JPEG",
            quality=85 if fmt == "jpeg" else 88,
            dpi=(dpi, dpi) if dpi else (72, 72),
            optimize=True,
        )
    elif fmt == "webp":
        img.convert("RGB").save(path, "WEBP", quality=80, method=4)


def produce(sample: Sample):
    pages, meta, sig_page = build(sample)
    out = os.path.join(HERE, sample.name + ("." + sample.ext if sample.ext else ""))
    fmt = sample.fmt
    dpi = sample.dpi
    if fmt.startswith("pdf-born") or fmt.startswith("pdf-garbage"):
        pdfout.born_digital(pages, out)
        if fmt == "pdf-garbage-drop":
            pdfout.break_text_layer(out, "drop", sample.seed)
        elif fmt == "pdf-garbage-scramble":
            pdfout.break_text_layer(out, "scramble", sample.seed)
        elif fmt == "pdf-born-esigned":
            pdfout.esign(pages, out, DOCS[sample.doc]["esign"])
    else:
        imgs = clean_images(sample, pages)
        if fmt == "pdf-mixed":
            sc = sample.opts["scanned_pages"]
            deg = {i: sample.page_fx(i, imgs[i], sample.seed) for i in sc}
            pdfout.mixed(pages, deg, out)
        else:
            imgs = [sample.page_fx(i, im, sample.seed) if sample.page_fx else im for i, im in enumerate(imgs)]
            if fmt == "pdf-scan":
                pdfout.scanned(imgs, out, dpi)
            elif fmt == "tiff-g4":
                bw = [im.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1") for im in imgs]
                bw[0].save(
                    out, "TIFF", compression="group4", save_all=True, append_images=bw[1:], dpi=(dpi, dpi)
                )
            elif fmt == "tiff-lzw":
                gs = [im.convert("L") for im in imgs]
                gs[0].save(
                    out, "TIFF", compression="tiff_lzw", save_all=True, append_images=gs[1:], dpi=(dpi, dpi)
                )
            else:
                assert len(imgs) == 1, f"{sample.name}: single-image format needs a 1-page document"
                _save_image(imgs[0], out, fmt, dpi)
                if fmt == "phone":
                    dpi = round(
                        300 * 0.85 * min(2268 / 2480, 3024 / 3508)
                    )  # effective resolution on the paper
    truth = {
        "file": os.path.basename(out),
        "input_kind": sample.kind,
        "degradations": sample.degradations,
        "description": sample.description,
        "dpi": dpi,
        "metadata": meta,
        "signature_page": sig_page,
        "pages": [nfc("\n".join(p.truth)) for p in pages],
        "references": references_truth(sample.doc),
    }
    with open(os.path.join(HERE, sample.name + ".json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return out


def main(argv):
    names = set(argv[1:])
    for s in SAMPLES:
        if names and s.name not in names:
            continue
        out = produce(s)
        print(f"{os.path.getsize(out) / 1e6:6.2f} MB  {os.path.basename(out)}", flush=True)


if __name__ == "__main__":
    main(sys.argv)

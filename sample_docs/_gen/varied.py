"""Documents in broadly randomised Nghị định 30 typesetting (see generate_varied.py).

The 27 samples share one look (Termes, 14 pt, fixed column widths, red seal beside the name, …).
Here every typesetting choice is drawn at random from one seeded generator per document: font
family and sizes, margins and leading, column widths, how the issuer, the subject and the `V/v`
line wrap, sentence case or CAPITALS for the subject, seal colour/size/position (a dark grey disc
over the title and name, as on greyscale scans), hand-written number and day in varied hands,
colour / grey / bitonal scans at 150–400 dpi, image PDFs with and without a resolution, born-digital
PDFs and the scanner/copier/phone degradations of degrade.py.

The content is either a document of DOCS (its header, subject, body and signature kept) or a
recombination: an issuer from a pool of agencies × provinces, a subject of the document type,
paragraphs of docs_common, a signer and recipients; either way it cites no document issued after
its own date (cite_in_period).  As in compose.py, the layout emits drawing ops
and truth lines from the same words, and the metadata from the same strings.
"""

from __future__ import annotations

import copy
import datetime
import io
import math
import os
import random
import re
import time
import unicodedata
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from archive_service.records import METADATA_FIELDS

from . import degrade as D
from . import docs_common as C
from . import layout as LY
from . import raster
from .compose import _body, _kinh_gui, draw_marks
from .docs import DOCS
from .layout import MM, Layout, Rule, Text, text_width
from .references_truth import references_truth

# ---------------------------------------------------------------- fonts
TG = LY.TG
DJ = "/usr/share/fonts/truetype/dejavu/"
FF = "/usr/share/fonts/truetype/freefont/"
FAMILIES = {  # name: (regular, bold, italic, bold italic), weight of the draw
    "termes": ((TG + "texgyretermes-{}.otf", ("regular", "bold", "italic", "bolditalic")), 5),
    "pagella": ((TG + "texgyrepagella-{}.otf", ("regular", "bold", "italic", "bolditalic")), 1),
    "bonum": ((TG + "texgyrebonum-{}.otf", ("regular", "bold", "italic", "bolditalic")), 1),
    "schola": ((TG + "texgyreschola-{}.otf", ("regular", "bold", "italic", "bolditalic")), 1),
    "heros": ((TG + "texgyreheros-{}.otf", ("regular", "bold", "italic", "bolditalic")), 1),
    "dejavu-serif": ((DJ + "DejaVuSerif{}.ttf", ("", "-Bold", "-Italic", "-BoldItalic")), 1),
    "dejavu-sans": ((DJ + "DejaVuSans{}.ttf", ("", "-Bold", "-Oblique", "-BoldOblique")), 1),
    "freeserif": ((FF + "FreeSerif{}.ttf", ("", "Bold", "Italic", "BoldItalic")), 2),
    "freesans": ((FF + "FreeSans{}.ttf", ("", "Bold", "Oblique", "BoldOblique")), 1),
}
STYLES = ("r", "b", "i", "bi")
HAND_FONTS = [
    TG + "texgyrechorus-mediumitalic.otf",
    FF + "FreeSerifItalic.ttf",
    DJ + "DejaVuSerif-Italic.ttf",
]
# handwriting fonts of Debian (fonts-bwht, fonts-dkg-handwriting, fonts-breip, fonts-humor-sans,
# fonts-kristi, fonts-dancingscript, fonts-kaushanscript), drawn per document with hands="wide":
# other hands than HAND_FONTS, and none of them among the fonts tools/train_digits.py fits the
# digit SVM on (keep it so: a reader must not be measured on the hands it was fitted to)
WIDE_HAND_FONTS = [
    *(f"/usr/share/fonts/opentype/bwht/BecauseWe{n}-Regular.otf"
      for n in ("Build", "Connect", "Create", "Learn", "Mentor", "Organize")),
    "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf",
    "/usr/share/fonts/truetype/fifthhorseman/dkgBd.ttf",
    "/usr/share/fonts/truetype/breip/Breip.ttf",
    "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf",
    "/usr/share/fonts/truetype/kristi/Kristi.ttf",
    "/usr/share/fonts/opentype/dancingscript/DancingScript-Regular.otf",
    "/usr/share/fonts/opentype/kaushanscript/KaushanScript-Regular.otf",
]
WIDE_HAND_PACKAGES = ("fonts-bwht fonts-dkg-handwriting fonts-breip fonts-humor-sans fonts-kristi "
                      "fonts-dancingscript fonts-kaushanscript")
HANDS = ("font", "wide")  # font: one hand (HAND_FONTS' first found), on 30% of scans (the default)
WIDE_HAND_SHARE = 0.6  # hands="wide": share of scans whose number and day are written by hand
SEAL_FONTS = [TG + "texgyreheros-bold.otf", DJ + "DejaVuSans-Bold.ttf", FF + "FreeSansBold.ttf"]


def available_families() -> dict:
    """Families whose four files exist, registered in layout.FONT_FILES as '<family>:<style>'."""
    out = {}
    for name, ((pat, parts), weight) in FAMILIES.items():
        paths = [pat.format(p) for p in parts]
        if all(os.path.exists(p) for p in paths):
            for st, p in zip(STYLES, paths, strict=True):
                LY.FONT_FILES[f"{name}:{st}"] = p
            out[name] = weight
    hand = next((p for p in HAND_FONTS if os.path.exists(p)), None)
    if hand:
        LY.FONT_FILES["vhand"] = hand
    if not out or not hand:
        raise RuntimeError("no usable fonts: install fonts-texgyre, fonts-dejavu-core or fonts-freefont-ttf")
    return out


def wide_hands() -> list[str]:
    """The keys of WIDE_HAND_FONTS in layout.FONT_FILES (registered here); every one must exist."""
    missing = [p for p in WIDE_HAND_FONTS if not os.path.exists(p)]
    if missing:
        raise RuntimeError("hands='wide' needs Debian's handwriting fonts: "
                           f"apt-get install {WIDE_HAND_PACKAGES}")
    keys = []
    for path in WIDE_HAND_FONTS:
        key = "vhand:" + os.path.splitext(os.path.basename(path))[0]
        LY.FONT_FILES[key] = path
        keys.append(key)
    return keys


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def upper(s: str) -> str:
    return nfc(nfc(s).upper())


# ---------------------------------------------------------------- content pools
PROVINCES = [
    "Thanh Hóa", "Nghệ An", "Quảng Ninh", "Bắc Ninh", "Thái Bình", "Hà Tĩnh", "Quảng Bình",
    "Thừa Thiên Huế", "Phú Yên", "Bình Thuận", "Đắk Lắk", "Bình Dương", "Tây Ninh", "Long An",
    "Kiên Giang", "Cà Mau", "Bạc Liêu", "Trà Vinh", "Lào Cai", "Tuyên Quang", "Hòa Bình", "Ninh Thuận",
]  # fmt: skip
SO = [  # issuer of a Sở, its abbreviation
    ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "STNMT"),
    ("SỞ NỘI VỤ", "SNV"),
    ("SỞ TÀI CHÍNH", "STC"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SGDĐT"),
    ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "SKHĐT"),
    ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "STTTT"),
    ("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "SNNPTNT"),
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "SVHTTDL"),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "SLĐTBXH"),
    ("SỞ XÂY DỰNG", "SXD"),
]
NAMES = [
    "Nguyễn Văn Hùng", "Trần Thị Thu Hà", "Lê Quang Minh", "Phạm Đức Thắng", "Hoàng Thị Lan",
    "Võ Văn Hiếu", "Đặng Ngọc Sơn", "Bùi Thị Kim Oanh", "Đỗ Minh Tuấn", "Huỳnh Thanh Bình",
    "Ngô Thị Hồng Nhung", "Dương Văn Khải", "Lý Hoàng Nam", "Trịnh Xuân Trường", "Phan Thị Mỹ Dung",
    "Mai Xuân Thưởng", "Đinh Thị Ngọc Ánh", "Lương Quốc Đoàn",
]  # fmt: skip
TYPES = {  # code: (doc_type, title, who may issue it)
    "QĐ": ("Quyết định", "QUYẾT ĐỊNH", "us"),
    "KH": ("Kế hoạch", "KẾ HOẠCH", "us"),
    "TB": ("Thông báo", "THÔNG BÁO", "ush"),
    "BC": ("Báo cáo", "BÁO CÁO", "ush"),
    "TTr": ("Tờ trình", "TỜ TRÌNH", "us"),
    "CT": ("Chỉ thị", "CHỈ THỊ", "u"),
    "NQ": ("Nghị quyết", "NGHỊ QUYẾT", "h"),
    "HD": ("Hướng dẫn", "HƯỚNG DẪN", "s"),
    "GM": ("Giấy mời", "GIẤY MỜI", "us"),
    "": ("Công văn", None, "us"),
    "TT": ("Thông tư", "THÔNG TƯ", ""),  # only the wide bodies (WIDE) issue these two
    "NĐ": ("Nghị định", "NGHỊ ĐỊNH", ""),
}
SUBJECTS = {
    "QĐ": [
        "Ban hành Quy chế phối hợp trong công tác quản lý nhà nước về tài nguyên nước trên địa bàn tỉnh {tinh}",  # noqa: E501
        "Về việc phê duyệt Đề án chỉnh lý tài liệu tồn đọng giai đoạn 2024 - 2028",
        "Về việc thành lập Hội đồng thẩm định bảng giá đất tỉnh {tinh}",
        "Công bố danh mục thủ tục hành chính mới ban hành, được sửa đổi, bổ sung trong lĩnh vực nội vụ",
        "Phê duyệt danh mục hồ sơ, tài liệu có giá trị bảo quản vĩnh viễn cần số hóa năm {nam}",
    ],
    "KH": [
        "Triển khai thực hiện công tác chuyển đổi số năm {nam} trên địa bàn tỉnh {tinh}",
        "Kiểm tra công tác văn thư, lưu trữ năm {nam}",
        "Tổ chức các hoạt động hưởng ứng Ngày Lưu trữ Việt Nam năm {nam}",
    ],
    "TB": [
        "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về công tác giải phóng mặt bằng",
        "Về việc tạm dừng tiếp nhận hồ sơ trực tuyến để nâng cấp hệ thống",
        "Lịch tiếp công dân định kỳ của lãnh đạo tháng {thang} năm {nam}",
    ],
    "BC": [
        "Kết quả thực hiện công tác cải cách hành chính quý III năm {nam}",
        "Tình hình quản lý, sử dụng tài sản công năm {nam}",
        "Kết quả giám sát việc giải quyết kiến nghị của cử tri trên địa bàn tỉnh {tinh}",
    ],
    "TTr": [
        "Về việc đề nghị phê duyệt dự toán kinh phí số hóa tài liệu lưu trữ năm {nam}",
        "Đề nghị ban hành Quy định quản lý cụm công nghiệp trên địa bàn tỉnh {tinh}",
    ],
    "CT": [
        "Về việc tăng cường công tác quản lý, bảo vệ rừng và phòng cháy, chữa cháy rừng",
        "Về tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ",
    ],
    "NQ": [
        "Quy định mức chi bảo đảm cho công tác lưu trữ trên địa bàn tỉnh {tinh}",
        "Về kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030",
    ],
    "HD": [
        "Thực hiện quy trình lập hồ sơ và nộp lưu hồ sơ, tài liệu điện tử vào Lưu trữ cơ quan",
        "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm {nam}",
    ],
    "GM": ["Dự hội nghị sơ kết công tác chuyển đổi số sáu tháng đầu năm {nam}"],
    "": [
        "triển khai thực hiện Luật Lưu trữ năm 2024",
        "góp ý dự thảo Quy chế quản lý, vận hành Hệ thống quản lý văn bản và điều hành của tỉnh",
        "báo cáo kết quả thực hiện kiến nghị sau thanh tra",
        "đôn đốc giải ngân vốn đầu tư công năm {nam}",
    ],
}
PARAS = C.P_ARCHIVE + C.P_ADMIN + C.P_FINANCE + C.P_EDU
REC_POOL = {
    "u": ["Bộ Nội vụ (b/c);", "TT. Tỉnh ủy, TT. HĐND tỉnh;", "CT, các PCT UBND tỉnh;",
          "Các sở, ban, ngành tỉnh;",
          "UBND các huyện, thị xã, thành phố;", "Cổng thông tin điện tử tỉnh;"],
    "s": ["UBND tỉnh (b/c);", "Giám đốc, các PGĐ Sở;", "Các phòng, đơn vị thuộc Sở;",
          "Phòng Nội vụ các huyện;",
          "Trang thông tin điện tử Sở;"],
    "h": ["Ủy ban Thường vụ Quốc hội;", "Chính phủ;", "TT. Tỉnh ủy;", "UBND tỉnh;", "Đại biểu HĐND tỉnh;",
          "Văn phòng HĐND tỉnh;"],
}  # fmt: skip


def _sig(prefix, title, name, seal):
    return {"prefix": prefix, "title": title, "name": name, "seal_text": seal}


def _number(rng, code, abbr, year):
    n = rng.choice([rng.randint(1, 9), rng.randint(10, 99), rng.randint(100, 999), rng.randint(1000, 3200)])
    num = f"{n:02d}"
    if code == "QĐ" and rng.random() < 0.15 or code == "NQ" and rng.random() < 0.5:
        num += f"/{year}"
    return f"{num}/{code}-{abbr}" if code else f"{num}/{abbr}-{rng.choice(['VP', 'NC', 'KT', 'TH', 'KGVX'])}"


def recombined(rng: random.Random, bodies: str = "provincial") -> dict:
    """A new document: an agency of a province, a subject of its type, generic paragraphs.

    ``bodies="wide"`` also draws the issuers of WIDE (ministries, the Government, departments,
    universities, hospitals, districts, communes); the default draws exactly as it always has."""
    if bodies not in BODIES:
        raise ValueError(f"bodies: {bodies!r} is not one of {BODIES}")
    tinh = rng.choice(PROVINCES)
    kind = rng.choice("uuusssh" if bodies == "provincial" else WIDE_DRAW)  # UBND, Sở, HĐND, WIDE
    if kind in WIDE:
        return wide_recombined(rng, kind, tinh)
    codes = [c for c, (_, _, who) in TYPES.items() if kind in who]
    code = rng.choice(codes)
    doc_type, title, _ = TYPES[code]
    year = rng.randint(2016, 2025)
    date = (year, rng.randint(1, 12), rng.randint(1, 28))
    name = rng.choice(NAMES)
    if kind == "u":
        parent, issuer, abbr = None, ["ỦY BAN NHÂN DÂN", "TỈNH " + upper(tinh)], "UBND"
        seal = f"ỦY BAN NHÂN DÂN TỈNH {upper(tinh)} * "
        sig = rng.choice(
            [
                (["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH"),
                (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH"),
                (["KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH"),
                (["TL. CHỦ TỊCH"], "CHÁNH VĂN PHÒNG"),
            ]
        )
        auth, who_exec = (
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH " + upper(tinh),
            "Chánh Văn phòng Ủy ban nhân dân tỉnh",
        )
        above = f"Hội đồng nhân dân tỉnh {tinh}." if code == "TTr" else None
    elif kind == "s":
        so, abbr = rng.choice(SO)
        parent = [rng.choice(["UBND TỈNH ", "ỦY BAN NHÂN DÂN TỈNH "]) + upper(tinh)]
        issuer = [so]
        seal = f"{so} * TỈNH {upper(tinh)} * "
        sig = rng.choice(
            [([], "GIÁM ĐỐC"), (["KT. GIÁM ĐỐC"], "PHÓ GIÁM ĐỐC"), (["TL. GIÁM ĐỐC"], "CHÁNH VĂN PHÒNG")]
        )
        auth, who_exec = "GIÁM ĐỐC " + so, "Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở"
        above = f"Ủy ban nhân dân tỉnh {tinh}."
    else:
        parent, issuer, abbr = None, ["HỘI ĐỒNG NHÂN DÂN", "TỈNH " + upper(tinh)], "HĐND"
        seal = f"HỘI ĐỒNG NHÂN DÂN TỈNH {upper(tinh)} * "
        sig = ([], "CHỦ TỊCH") if code == "NQ" else (["TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN"], "PHÓ CHỦ TỊCH")
        auth, who_exec = "HỘI ĐỒNG NHÂN DÂN TỈNH " + upper(tinh), "Thường trực Hội đồng nhân dân tỉnh"
        above = None
    subject = rng.choice(SUBJECTS[code]).format(tinh=tinh, nam=year, thang=date[1])
    paras = rng.sample(PARAS, rng.randint(2, 4))
    if code in ("QĐ", "NQ"):
        body = [("c", auth)] + [C.CC_LTCCQDP, C.CC_ND30] + rng.sample([C.CC_LLT24, C.CC_NSNN, C.CC_ND163], 1)
        body += [
            "Theo đề nghị của Giám đốc Sở Nội vụ.",
            ("c", "QUYẾT ĐỊNH:" if code == "QĐ" else "QUYẾT NGHỊ:"),
        ]
        body += [f"**Điều 1.** {subject[0].upper()}{subject[1:]}, với các nội dung chủ yếu sau:"] + paras
        body += [
            "**Điều 2.** Giao các cơ quan, đơn vị có liên quan tổ chức triển khai thực hiện; định kỳ báo cáo kết "  # noqa: E501
            "quả thực hiện theo quy định.",
            f"**Điều 3.** {who_exec} và Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành "  # noqa: E501
            f"{doc_type} này./.",
        ]
        first = "Như Điều 3;"
    else:
        who = {"u": "Ủy ban nhân dân tỉnh", "s": "cơ quan", "h": "Thường trực Hội đồng nhân dân tỉnh"}[kind]
        intro = (
            f"Thực hiện chỉ đạo của cấp trên và chương trình công tác năm {year}, {who} "
            f"{'ban hành' if code in ('KH', 'HD', 'CT') else 'thông tin'} nội dung như sau:"
        )
        body = [intro] + paras + ["Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./."]
        first = "Như trên;"
    rec = (
        [first]
        + rng.sample(REC_POOL[kind], rng.randint(1, 4))
        + [f"Lưu: VT, {rng.choice(['NC', 'KT', 'TH', 'VP', 'KGVX', 'VTLT'])}."]
    )
    d = dict(
        parent=parent,
        issuer=issuer,
        number=_number(rng, code, abbr, year),
        place=tinh,
        date=date,
        doc_type=doc_type,
        body=body,
        recipients=rec,
        sig=_sig(sig[0], sig[1], name, seal),
    )
    if code:
        d.update(title=title, subject=subject)
        if code in ("TTr", "BC") and above and rng.random() < 0.7:
            d["kinh_gui"] = [above]
    else:
        d["subject"] = subject
        d["kinh_gui"] = rng.sample(
            ["Các sở, ban, ngành tỉnh;", "Ủy ban nhân dân các huyện, thị xã, thành phố;",
             "Các cơ quan Trung ương đóng trên địa bàn tỉnh;"],
            rng.randint(1, 3),
        )  # fmt: skip
        if len(d["kinh_gui"]) == 1:
            d["kinh_gui"] = [d["kinh_gui"][0].rstrip(";") + "."]
        else:
            d["kinh_gui"][-1] = d["kinh_gui"][-1].rstrip(";") + "."
    if code in ("", "CT") and rng.random() < 0.3:
        d["marks"] = [rng.choice(["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "MẬT"])]
    return d


# ---------------------------------------------------------------- wider bodies (--bodies wide)
# Issuers beyond a province's UBND / HĐND / Sở, drawn only with bodies="wide" (recombined): each
# kind gives its header lines, number symbols, seal, signature blocks (Nghị định 30: TM. for a
# collective body, KT. for a deputy, TL./TUQ. now and then), recipients and paragraphs.
BODIES = ("provincial", "wide")
WIDE = ("ministry", "government", "department", "university", "district", "commune", "hospital")
WIDE_DRAW = tuple("uuusssh") + ("ministry",) * 3 + ("government",) * 2 + tuple(
    k for k in WIDE[2:] for _ in range(2)
)  # the old kinds keep their relative weights; the new ones make up 15 of 22
BO = [  # as printed, in the text, abbreviation, units of its công văn, its field, the Sở of that field
    ("BỘ Y TẾ", "Bộ Y tế", "BYT", ["KHTC", "KCB", "DP", "TCCB"], "y tế", "Sở Y tế"),
    ("BỘ GIÁO DỤC VÀ ĐÀO TẠO", "Bộ Giáo dục và Đào tạo", "BGDĐT", ["GDĐH", "GDTrH", "NGCBQLGD", "KHTC"],
     "giáo dục và đào tạo", "Sở Giáo dục và Đào tạo"),
    ("BỘ TÀI CHÍNH", "Bộ Tài chính", "BTC", ["NSNN", "HCSN", "QLCS", "VP"], "tài chính", "Sở Tài chính"),
    ("BỘ NỘI VỤ", "Bộ Nội vụ", "BNV", ["VP", "TCBC", "CCVC", "VTLTNN"], "nội vụ", "Sở Nội vụ"),
    ("BỘ TƯ PHÁP", "Bộ Tư pháp", "BTP", ["VP", "PLHSHC", "KTrVB"], "tư pháp", "Sở Tư pháp"),
    ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL", ["VP", "DSVH", "KHTC"],
     "văn hóa, thể thao và du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
]  # fmt: skip
CUC = [  # its ministry (index in BO), as printed, in the text, abbreviation, units of its công văn
    (0, "CỤC QUẢN LÝ DƯỢC", "Cục Quản lý Dược", "QLD", ["ĐK", "CL", "KD"]),
    (0, "CỤC QUẢN LÝ KHÁM, CHỮA BỆNH", "Cục Quản lý Khám, chữa bệnh", "KCB", ["NV", "QLCL"]),
    (0, "CỤC AN TOÀN THỰC PHẨM", "Cục An toàn thực phẩm", "ATTP", ["TTr", "KN"]),
    (3, "CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC", "Cục Văn thư và Lưu trữ nhà nước", "VTLTNN",
     ["NVTW", "NVĐP", "VP"]),
    (1, "CỤC QUẢN LÝ CHẤT LƯỢNG", "Cục Quản lý chất lượng", "QLCL", ["KĐCLGD", "QLT"]),
    (2, "CỤC QUẢN LÝ CÔNG SẢN", "Cục Quản lý công sản", "QLCS", ["TS", "VP"]),
]  # fmt: skip
DH = [  # as printed, in the text, abbreviation, place (the province or city of its seat)
    ("TRƯỜNG ĐẠI HỌC KINH TẾ QUỐC DÂN", "Trường Đại học Kinh tế Quốc dân", "ĐHKTQD", "Hà Nội"),
    ("TRƯỜNG ĐẠI HỌC SƯ PHẠM HÀ NỘI", "Trường Đại học Sư phạm Hà Nội", "ĐHSPHN", "Hà Nội"),
    ("TRƯỜNG ĐẠI HỌC CẦN THƠ", "Trường Đại học Cần Thơ", "ĐHCT", "Cần Thơ"),
    ("TRƯỜNG ĐẠI HỌC VINH", "Trường Đại học Vinh", "ĐHV", "Nghệ An"),
    ("TRƯỜNG ĐẠI HỌC QUY NHƠN", "Trường Đại học Quy Nhơn", "ĐHQN", "Bình Định"),
    ("TRƯỜNG ĐẠI HỌC NHA TRANG", "Trường Đại học Nha Trang", "ĐHNT", "Khánh Hòa"),
]
BV = [  # a unit under the Sở Y tế: as printed ({T}: the province), in the text ({t}), abbreviation, units
    ("BỆNH VIỆN ĐA KHOA TỈNH {T}", "Bệnh viện Đa khoa tỉnh {t}", "BVĐK", ["KHTH", "TCCB", "TCKT", "ĐD"]),
    ("BỆNH VIỆN ĐA KHOA {T}", "Bệnh viện Đa khoa {t}", "BVĐK", ["KHTH", "TCCB", "TCKT"]),
    ("TRUNG TÂM KIỂM SOÁT BỆNH TẬT", "Trung tâm Kiểm soát bệnh tật tỉnh {t}", "KSBT", ["KHTC", "TCHC"]),
    ("BỆNH VIỆN Y DƯỢC CỔ TRUYỀN", "Bệnh viện Y dược cổ truyền tỉnh {t}", "BVYDCT", ["KHTH", "TCHC"]),
    ("BỆNH VIỆN SẢN - NHI", "Bệnh viện Sản - Nhi tỉnh {t}", "BVSN", ["KHTH", "TCCB"]),
]
DISTRICTS = {  # a district (huyện) of each province and two of its communes (xã), before July 2025
    "Thanh Hóa": ("Hoằng Hóa", ["Hoằng Xuân", "Hoằng Phú"]),
    "Nghệ An": ("Diễn Châu", ["Diễn Lâm", "Diễn Hồng"]),
    "Quảng Ninh": ("Bình Liêu", ["Đồng Tâm", "Vô Ngại"]),
    "Bắc Ninh": ("Gia Bình", ["Vạn Ninh", "Thái Bảo"]),
    "Thái Bình": ("Kiến Xương", ["Quốc Tuấn", "Vũ Lễ"]),
    "Hà Tĩnh": ("Can Lộc", ["Thiên Lộc", "Thanh Lộc"]),
    "Quảng Bình": ("Lệ Thủy", ["Hồng Thủy", "Cam Thủy"]),
    "Thừa Thiên Huế": ("A Lưới", ["Hồng Kim", "Hồng Thượng"]),
    "Phú Yên": ("Sơn Hòa", ["Sơn Hội", "Sơn Định"]),
    "Bình Thuận": ("Hàm Thuận Bắc", ["Thuận Hòa", "Hàm Phú"]),
    "Đắk Lắk": ("Cư Kuin", ["Ea Ning", "Ea Tiêu"]),
    "Bình Dương": ("Dầu Tiếng", ["Minh Hòa", "Định An"]),
    "Tây Ninh": ("Châu Thành", ["Phước Vinh", "Hảo Đước"]),
    "Long An": ("Cần Giuộc", ["Long Thượng", "Phước Lý"]),
    "Kiên Giang": ("An Biên", ["Nam Yên", "Tây Yên"]),
    "Cà Mau": ("Cái Nước", ["Phú Hưng", "Hưng Mỹ"]),
    "Bạc Liêu": ("Hồng Dân", ["Ninh Hòa", "Lộc Ninh"]),
    "Trà Vinh": ("Càng Long", ["Mỹ Cẩm", "Huyền Hội"]),
    "Lào Cai": ("Bảo Thắng", ["Thái Niên", "Phong Niên"]),
    "Tuyên Quang": ("Chiêm Hóa", ["Trung Hà", "Tân Mỹ"]),
    "Hòa Bình": ("Kim Bôi", ["Hùng Sơn", "Tú Sơn"]),
    "Ninh Thuận": ("Ninh Phước", ["Phước Sơn", "Phước Hậu"]),
}
WIDE_CODES = {  # kind: the document types it issues (a code may repeat: drawn more often)
    "ministry": ["QĐ", "QĐ", "TT", "KH", "TB", "BC", "CT", "HD", "TTr", "GM", "", ""],
    "government": ["NĐ", "NQ", "QĐ", "QĐ", "CT", "", ""],
    "department": ["QĐ", "QĐ", "KH", "TB", "BC", "HD", "GM", "", ""],
    "university": ["QĐ", "QĐ", "KH", "TB", "BC", "HD", "GM", "TTr", ""],
    "district": ["QĐ", "QĐ", "KH", "TB", "BC", "CT", "GM", "TTr", "", ""],
    "commune": ["QĐ", "KH", "TB", "BC", "BC", "GM", "TTr", ""],
    "hospital": ["QĐ", "QĐ", "KH", "TB", "BC", "GM", "TTr", ""],
}
WIDE_SUBJECTS = {  # kind: {code: subjects}, formatted with wide_recombined's fmt and the body's
    "ministry": {
        "QĐ": ["Ban hành Danh mục hồ sơ, tài liệu nộp lưu vào Lưu trữ {bo}",
               "Về việc thành lập Hội đồng xác định giá trị tài liệu của {bo}",
               "Công bố thủ tục hành chính được sửa đổi, bổ sung trong lĩnh vực {linh} thuộc phạm vi chức "
               "năng quản lý của {bo}",
               "Ban hành Kế hoạch cải cách hành chính của {bo} năm {nam}"],
        "TT": ["Quy định thời hạn bảo quản hồ sơ, tài liệu chuyên môn, nghiệp vụ ngành {linh}",
               "Hướng dẫn chế độ báo cáo thống kê ngành {linh}"],
        "KH": ["Triển khai Chương trình chuyển đổi số ngành {linh} năm {nam}",
               "Kiểm tra công tác văn thư, lưu trữ tại các đơn vị thuộc {bo} năm {nam}"],
        "TB": ["Kết luận của Bộ trưởng tại cuộc họp giao ban tháng {thang} năm {nam}"],
        "BC": ["Kết quả thực hiện công tác cải cách hành chính năm {nam} của {bo}",
               "Tổng kết công tác văn thư, lưu trữ năm {nam}"],
        "CT": ["Về tăng cường kỷ luật, kỷ cương hành chính trong ngành {linh}"],
        "HD": ["Thực hiện nhiệm vụ trọng tâm ngành {linh} năm {nam}"],
        "TTr": ["Đề nghị xây dựng Nghị định quy định về quản lý hồ sơ, tài liệu ngành {linh}"],
        "GM": ["Dự hội nghị tổng kết công tác năm {nam} và triển khai nhiệm vụ năm {nam1}"],
        "": ["hướng dẫn thực hiện chế độ báo cáo năm {nam}", "đôn đốc số hóa hồ sơ, tài liệu ngành {linh}",
             "góp ý dự thảo Thông tư quy định về quản lý văn bản điện tử ngành {linh}"],
    },
    "government": {
        "NĐ": ["Quy định về quản lý và sử dụng con dấu trong các cơ quan hành chính nhà nước",
               "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {bo}",
               "Quy định về vị trí việc làm và biên chế công chức"],
        "NQ": ["Phiên họp Chính phủ thường kỳ tháng {thang} năm {nam}",
               "Về nhiệm vụ, giải pháp chủ yếu cải thiện môi trường kinh doanh năm {nam}"],
        "QĐ": ["Phê duyệt Đề án chỉnh lý tài liệu tồn đọng tại các bộ, ngành giai đoạn {nam1} - {nam5}",
               "Về việc kiện toàn Ban Chỉ đạo cải cách hành chính của Chính phủ",
               "Ban hành Kế hoạch triển khai Chương trình chuyển đổi số quốc gia năm {nam}"],
        "CT": ["Về tăng cường công tác văn thư, lưu trữ trong tình hình mới",
               "Về đẩy mạnh giải ngân vốn đầu tư công năm {nam}"],
        "": ["đẩy mạnh giải ngân vốn đầu tư công năm {nam}",
             "tăng cường công tác phòng, chống thiên tai năm {nam}",
             "triển khai nhiệm vụ sau kỳ nghỉ Tết Nguyên đán năm {nam}"],
    },
    "department": {
        "QĐ": ["Ban hành Quy chế làm việc của {cuc}", "Về việc thành lập Tổ công tác chuyển đổi số của {cuc}",
               "Phê duyệt Kế hoạch kiểm tra chuyên ngành năm {nam}"],
        "KH": ["Kiểm tra, hướng dẫn nghiệp vụ năm {nam}", "Thực hiện công tác văn thư, lưu trữ năm {nam}"],
        "TB": ["Kết luận của Cục trưởng tại cuộc họp giao ban tháng {thang} năm {nam}"],
        "BC": ["Kết quả thực hiện nhiệm vụ năm {nam} và phương hướng nhiệm vụ năm {nam1}"],
        "HD": ["Thực hiện chế độ báo cáo định kỳ năm {nam}"],
        "GM": ["Dự hội thảo góp ý dự thảo Thông tư hướng dẫn nghiệp vụ"],
        "": ["hướng dẫn thực hiện quy định mới về hồ sơ điện tử", "đôn đốc báo cáo số liệu năm {nam}"],
    },
    "university": {
        "QĐ": ["Ban hành Quy chế đào tạo trình độ đại học của {don_vi}",
               "Về việc công nhận tốt nghiệp và cấp bằng cử nhân đợt tháng {thang} năm {nam}",
               "Về việc thành lập Hội đồng tuyển sinh đại học chính quy năm {nam}"],
        "KH": ["Tổ chức tuyển sinh đại học chính quy năm {nam}",
               "Tự đánh giá chương trình đào tạo năm {nam}"],
        "TB": ["Lịch thi kết thúc học phần học kỳ II năm học {nam} - {nam1}",
               "Về việc nộp hồ sơ xét học bổng khuyến khích học tập"],
        "BC": ["Kết quả thực hiện nhiệm vụ năm học {nam} - {nam1}"],
        "HD": ["Thực hiện đánh giá kết quả rèn luyện của sinh viên năm học {nam} - {nam1}"],
        "GM": ["Dự lễ tốt nghiệp và trao bằng cử nhân năm {nam}"],
        "TTr": ["Về việc đề nghị phê duyệt đề án mở ngành đào tạo trình độ thạc sĩ"],
        "": ["cử viên chức tham dự lớp bồi dưỡng nghiệp vụ", "rà soát hồ sơ sinh viên diện xét tốt nghiệp"],
    },
    "district": {
        "QĐ": ["Về việc thành lập Hội đồng xác định giá trị tài liệu của Ủy ban nhân dân huyện {huyen}",
               "Phê duyệt kế hoạch sử dụng đất năm {nam} của huyện {huyen}",
               "Về việc kiện toàn Tổ công tác cải cách hành chính huyện {huyen}"],
        "KH": ["Cải cách hành chính năm {nam} trên địa bàn huyện {huyen}",
               "Kiểm tra công tác văn thư, lưu trữ năm {nam}"],
        "TB": ["Lịch tiếp công dân định kỳ tháng {thang} năm {nam}"],
        "BC": ["Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội sáu tháng đầu năm {nam}"],
        "CT": ["Về tăng cường công tác phòng, chống thiên tai trên địa bàn huyện {huyen}"],
        "GM": ["Dự hội nghị sơ kết công tác sáu tháng đầu năm {nam}"],
        "TTr": ["Về việc đề nghị bổ sung kinh phí chỉnh lý tài liệu lưu trữ năm {nam}"],
        "": ["đôn đốc thu ngân sách trên địa bàn huyện năm {nam}",
             "báo cáo số liệu phục vụ sơ kết công tác năm {nam}"],
    },
    "commune": {
        "QĐ": ["Về việc thành lập Tổ giúp việc xây dựng nông thôn mới xã {xa}"],
        "KH": ["Tổ chức tổng vệ sinh môi trường trên địa bàn xã năm {nam}"],
        "TB": ["Lịch tiếp công dân tháng {thang} năm {nam}"],
        "BC": ["Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội sáu tháng đầu năm {nam}",
               "Kết quả giải quyết thủ tục hành chính quý {quy} năm {nam}"],
        "GM": ["Dự họp giao ban các ấp, thôn tháng {thang} năm {nam}"],
        "TTr": ["Về việc đề nghị hỗ trợ kinh phí sửa chữa trụ sở làm việc"],
        "": ["báo cáo kết quả rà soát hộ nghèo năm {nam}"],
    },
    "hospital": {
        "QĐ": ["Ban hành Quy chế chi tiêu nội bộ năm {nam} của {don_vi}",
               "Về việc thành lập Hội đồng thuốc và điều trị năm {nam}"],
        "KH": ["Kiểm tra, đánh giá chất lượng bệnh viện năm {nam}", "Phòng, chống dịch bệnh năm {nam}"],
        "TB": ["Lịch trực lãnh đạo tháng {thang} năm {nam}"],
        "BC": ["Kết quả hoạt động chuyên môn sáu tháng đầu năm {nam}"],
        "GM": ["Dự hội nghị tổng kết công tác năm {nam}"],
        "TTr": ["Về việc đề nghị phê duyệt kế hoạch mua sắm trang thiết bị y tế năm {nam}"],
        "": ["đăng ký nhu cầu đào tạo liên tục năm {nam}",
             "báo cáo số liệu khám bệnh, chữa bệnh quý {quy} năm {nam}"],
    },
}  # fmt: skip
REC_WIDE = {  # kind: recipients drawn between the first line and Lưu
    "ministry": ["Bộ trưởng (để b/c);", "Các Thứ trưởng;", "Văn phòng Chính phủ;", "Các đơn vị thuộc Bộ;",
                 "Cổng thông tin điện tử Bộ;", "{so} các tỉnh, thành phố;"],
    "ministry-TT": ["Ủy ban Thường vụ Quốc hội;", "Văn phòng Chính phủ (Công báo, Cổng TTĐT Chính phủ);",
                    "Bộ Tư pháp (Cục Kiểm tra VBQPPL);", "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;",
                    "UBND các tỉnh, thành phố trực thuộc trung ương;", "Cổng thông tin điện tử Bộ;"],
    "government": ["Ban Bí thư Trung ương Đảng;", "Thủ tướng, các Phó Thủ tướng Chính phủ;",
                   "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;",
                   "HĐND, UBND các tỉnh, thành phố trực thuộc trung ương;", "Văn phòng Quốc hội;",
                   "VPCP: BTCN, các PCN, Trợ lý TTg, TGĐ Cổng TTĐT;"],
    "department": ["Bộ trưởng (để b/c);", "Thứ trưởng phụ trách (để b/c);", "Các phòng, đơn vị thuộc Cục;",
                   "Cổng thông tin điện tử Cục;"],
    "university": ["Bộ GD&ĐT (để b/c);", "Hội đồng trường;", "Ban Giám hiệu;", "Các đơn vị thuộc Trường;",
                   "Website Trường;"],
    "district": ["UBND tỉnh (b/c);", "TT. Huyện ủy, TT. HĐND huyện;", "CT, các PCT UBND huyện;",
                 "Các cơ quan, đơn vị huyện;", "UBND các xã, thị trấn;"],
    "commune": ["UBND huyện (b/c);", "TT. Đảng ủy xã;", "TT. HĐND xã;", "UBMTTQVN xã;",
                "Các ban, ngành, đoàn thể xã;"],
    "hospital": ["Sở Y tế (b/c);", "Ban Giám đốc;", "Các khoa, phòng;", "Đảng ủy, Công đoàn;"],
}  # fmt: skip


def _wide_body(rng: random.Random, kind: str, tinh: str, code: str) -> dict:
    """The issuing body of a WIDE kind for a document of type ``code``: header lines, abbreviation,
    place, seal, signature blocks, enacting line, Căn cứ lines, who executes, recipients, units."""
    T = upper(tinh)
    head = lambda t, dep: [([], t), ([f"KT. {t}"], dep), ([f"KT. {t}"], dep)]  # noqa: E731
    low = code in ("TB", "GM", "")  # what a chief of office may sign by order (TL.)
    if kind == "ministry":
        name, text, abbr, units, linh, so = rng.choice(BO)
        sigs = head("BỘ TRƯỞNG", "THỨ TRƯỞNG")
        if low:
            sigs += [(["TL. BỘ TRƯỞNG"], "CHÁNH VĂN PHÒNG")]
        if code == "":
            sigs += [(["TUQ. BỘ TRƯỞNG"], "CHÁNH VĂN PHÒNG")]
        b = dict(parent=None, issuer=[name], abbr=abbr, place="Hà Nội", seal=f"{name} * ", units=units,
                 auth=f"BỘ TRƯỞNG {name}", who=text, above=rng.choice(["Chính phủ.", "Thủ tướng Chính phủ."]),
                 boss="Chính phủ, Thủ tướng Chính phủ", fmt=dict(bo=text, linh=linh),
                 basis=[C.CC_LTCCP.split(";")[0] + ";", C.CC_ND123],
                 proposer=rng.choice(["Theo đề nghị của Chánh Văn phòng Bộ.",
                                      "Theo đề nghị của Vụ trưởng Vụ Kế hoạch - Tài chính."]),
                 executes="Chánh Văn phòng Bộ, Thủ trưởng các đơn vị thuộc Bộ và các cơ quan, đơn vị "
                          "có liên quan",
                 paras=C.P_CENTRAL + C.P_ADMIN[:3] + C.P_ARCHIVE[2:4],
                 kinh_gui=["Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;",
                           "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương;",
                           f"{so} các tỉnh, thành phố trực thuộc trung ương;", "Các đơn vị thuộc Bộ;"],
                 rec=[r.format(so=so) for r in REC_WIDE["ministry-TT" if code == "TT" else kind]])
        if code == "TT":
            b.update(basis=[C.CC_LBHVBQPPL, C.CC_ND123], proposer="Theo đề nghị của Vụ trưởng Vụ Pháp chế;",
                     enact=f"Bộ trưởng {text} ban hành Thông tư")
    elif kind == "government":
        text = rng.choice(BO)[1]
        if code in ("NĐ", "NQ"):
            name, abbr, seal = "CHÍNH PHỦ", "CP", "CHÍNH PHỦ * NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM * "
            sigs = [(["TM. CHÍNH PHỦ"], "THỦ TƯỚNG"), (["TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG"], "PHÓ THỦ TƯỚNG")]
        else:
            name, abbr, seal = "THỦ TƯỚNG CHÍNH PHỦ", "TTg", "THỦ TƯỚNG CHÍNH PHỦ * "
            sigs = head("THỦ TƯỚNG", "PHÓ THỦ TƯỚNG")
        b = dict(parent=None, issuer=[name], abbr=abbr, place="Hà Nội", seal=seal,
                 units=["KGVX", "KTTH", "CN", "NN", "QHĐP", "PL"], auth="THỦ TƯỚNG CHÍNH PHỦ",
                 who="Thủ tướng Chính phủ", above=None, boss=None, fmt=dict(bo=text),
                 basis=[C.CC_LTCCP] + ([C.CC_LBHVBQPPL] if code == "NĐ" else []),
                 proposer=f"Theo đề nghị của Bộ trưởng {text}" + (";" if code == "NĐ" else "."),
                 executes="Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính "
                          "phủ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
                 paras=C.P_CENTRAL + C.P_ADMIN[:3],
                 kinh_gui=["Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;",
                           "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương;"],
                 rec=REC_WIDE[kind], enact="Chính phủ ban hành Nghị định")
    elif kind == "department":
        k, name, text, abbr, units = rng.choice(CUC)
        bo_name, bo_text = BO[k][0], BO[k][1]
        sigs = head("CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG")
        if low:
            sigs += [(["TL. CỤC TRƯỞNG"], "CHÁNH VĂN PHÒNG")]
        b = dict(parent=[bo_name], issuer=[name], abbr=abbr, place="Hà Nội", seal=f"{name} * {bo_name} * ",
                 units=units, auth=f"CỤC TRƯỞNG {name}", who=text, above=f"{bo_text}.",
                 boss=f"Lãnh đạo {bo_text}", fmt=dict(cuc=text),
                 basis=[f"Căn cứ Quyết định của Bộ trưởng {bo_text} quy định chức năng, nhiệm vụ, quyền hạn "
                        f"và cơ cấu tổ chức của {text};"],
                 proposer="Xét đề nghị của Chánh Văn phòng Cục.",
                 executes="Chánh Văn phòng Cục, Trưởng các phòng, đơn vị thuộc Cục",
                 paras=C.P_CENTRAL + C.P_ARCHIVE[2:4],
                 kinh_gui=[f"{BO[k][5]} các tỉnh, thành phố trực thuộc trung ương;", "Các đơn vị thuộc Cục;",
                           "Các cơ quan, đơn vị có liên quan;"],
                 rec=REC_WIDE[kind])
    elif kind == "university":
        name, text, abbr, place = rng.choice(DH)
        sigs = head("HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG")
        if low:
            sigs += [(["TL. HIỆU TRƯỞNG"], "TRƯỞNG PHÒNG TỔ CHỨC CÁN BỘ")]
        b = dict(parent=["BỘ GIÁO DỤC VÀ ĐÀO TẠO"], issuer=[name], abbr=abbr, place=place,
                 seal=f"{name} * BỘ GIÁO DỤC VÀ ĐÀO TẠO * ", units=["ĐT", "TCCB", "HCTH", "KHCN", "CTSV"],
                 auth=f"HIỆU TRƯỞNG {name}", who="Nhà trường", above="Bộ Giáo dục và Đào tạo.",
                 boss="Bộ Giáo dục và Đào tạo", fmt=dict(don_vi=text),
                 basis=[C.CC_LGDDH, f"Căn cứ Quyết định của Thủ tướng Chính phủ về việc thành lập {text};"],
                 proposer="Theo đề nghị của Trưởng phòng Tổ chức cán bộ.",
                 executes="Trưởng các đơn vị thuộc Trường và các cá nhân có liên quan",
                 paras=C.P_UNIVERSITY + C.P_ARCHIVE[2:3],
                 kinh_gui=["Trưởng các đơn vị thuộc Trường;", "Các khoa, phòng, trung tâm;",
                           "Cố vấn học tập các lớp;"],
                 rec=REC_WIDE[kind])
    elif kind == "hospital":
        name, text, abbr, units = rng.choice(BV)
        name, text = name.format(T=T), text.format(t=tinh)
        parent = rng.choice(["SỞ Y TẾ TỈNH ", "SỞ Y TẾ "]) + T
        sigs = head("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
        if low:
            sigs += [(["TL. GIÁM ĐỐC"], "TRƯỞNG PHÒNG TỔ CHỨC CÁN BỘ")]
        b = dict(parent=[parent], issuer=[name], abbr=abbr, place=tinh, seal=f"{name} * {parent} * ",
                 units=units, auth=f"GIÁM ĐỐC {name}", who=text.split(" tỉnh ")[0].split(" Đa ")[0],
                 above=f"Sở Y tế tỉnh {tinh}.", boss=f"Sở Y tế tỉnh {tinh}", fmt=dict(don_vi=text),
                 basis=[C.CC_LKBCB, "Căn cứ Quyết định của Giám đốc Sở Y tế quy định chức năng, nhiệm vụ, "
                                    f"quyền hạn và cơ cấu tổ chức của {text};"],
                 proposer="Xét đề nghị của Trưởng phòng Tổ chức cán bộ.",
                 executes="Trưởng các khoa, phòng và các cá nhân có liên quan",
                 paras=C.P_HOSPITAL + C.P_ADMIN[2:3],
                 kinh_gui=["Các khoa, phòng thuộc đơn vị;", "Trung tâm Y tế các huyện, thị xã, thành phố;"],
                 rec=REC_WIDE[kind])
    else:  # district, commune: UBND, no parent for a district; a commune's sometimes its district's
        huyen, xas = DISTRICTS[tinh]
        xa = rng.choice(xas)
        cap, unit = ("huyện", huyen) if kind == "district" else ("xã", xa)
        U = upper(unit)
        sigs = [([], "CHỦ TỊCH"), (["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH"), (["KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH"),
                (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH")]
        if code not in ("QĐ", "CT"):
            sigs = sigs[1:]  # the Chairman alone signs his own decisions; the rest for the committee
        if low and kind == "district":
            sigs += [(["TL. CHỦ TỊCH"], "CHÁNH VĂN PHÒNG"), (["TUQ. CHỦ TỊCH"], "TRƯỞNG PHÒNG NỘI VỤ")]
        parent = None
        if kind == "commune" and rng.random() < 0.6:
            parent = [rng.choice(["UBND HUYỆN ", "ỦY BAN NHÂN DÂN HUYỆN "]) + upper(huyen)]
        b = dict(parent=parent, issuer=["ỦY BAN NHÂN DÂN", f"{cap.upper()} {U}"], abbr="UBND", place=unit,
                 seal=f"ỦY BAN NHÂN DÂN {cap.upper()} {U} * ",
                 auth=f"CHỦ TỊCH ỦY BAN NHÂN DÂN {cap.upper()} {U}",
                 who=f"Ủy ban nhân dân {cap}", fmt=dict(huyen=huyen, xa=xa),
                 paras=[p.format(cap=cap) for p in C.P_LOCAL] + C.P_ADMIN[:2], rec=REC_WIDE[kind])
        if kind == "district":
            b.update(units=["VP", "NV", "TCKH", "KT"], above=f"Ủy ban nhân dân tỉnh {tinh}.",
                     boss=f"Ủy ban nhân dân tỉnh {tinh}",
                     basis=[C.CC_LTCCQDP, rng.choice([C.CC_ND30, C.CC_LLT24])],
                     proposer="Theo đề nghị của Trưởng phòng Nội vụ huyện.",
                     executes="Chánh Văn phòng HĐND và UBND huyện, Thủ trưởng các cơ quan, đơn vị có "
                              "liên quan",
                     kinh_gui=["Các cơ quan, đơn vị huyện;", "Ủy ban nhân dân các xã, thị trấn;"])
        else:
            b.update(units=["VP"], above=f"Ủy ban nhân dân huyện {huyen}.",
                     boss=f"Ủy ban nhân dân huyện {huyen}",
                     basis=[C.CC_LTCCQDP], proposer="Xét đề nghị của công chức Văn phòng - Thống kê xã.",
                     executes="Công chức Văn phòng - Thống kê, các ban, ngành, đoàn thể xã và các cá nhân có "
                              "liên quan",
                     kinh_gui=["Các ban, ngành, đoàn thể xã;", "Công chức chuyên môn xã;",
                               "Trưởng các thôn, ấp;"])
    b["sigs"] = sigs
    return b


def _wide_number(rng: random.Random, kind: str, code: str, abbr: str, units: list, year: int) -> str:
    """Số of a WIDE document: ``123/QĐ-BYT``, ``12/2023/TT-BYT``, ``45/2023/NĐ-CP``, ``1234/TTg-KGVX``,
    ``456/BYT-KHTC``; a commune's công văn sometimes with no unit (``45/UBND``)."""
    central = kind in ("ministry", "government")
    top = {"TT": 60, "NĐ": 180, "CT": 40, "NQ": 220}.get(code, 3200 if central else 900)
    n = rng.choice([rng.randint(1, 9), rng.randint(10, min(99, top)), rng.randint(min(100, top), top)])
    num = f"{n:02d}"
    if code in ("TT", "NĐ") or code == "QĐ" and central and rng.random() < 0.15:
        num += f"/{year}"
    if code:
        return f"{num}/{code}-{abbr}"
    if kind == "commune" and rng.random() < 0.3:
        return f"{num}/{abbr}"
    return f"{num}/{abbr}-{rng.choice(units)}"


def wide_recombined(rng: random.Random, kind: str, tinh: str) -> dict:
    """A document of an issuer of kind ``kind`` (one of WIDE): the content dict recombined() gives."""
    code = rng.choice(WIDE_CODES[kind])
    doc_type, title, _ = TYPES[code]
    year = rng.randint(2016, 2025)
    date = (year, rng.randint(1, 12), rng.randint(1, 28))
    if kind in ("district", "commune") and date >= (2025, 7, 1):  # no districts after the 2025 reform
        date = (2025, rng.randint(1, 6), date[2])
    b = _wide_body(rng, kind, tinh, code)
    quy = ["I", "II", "III", "IV"][(date[1] - 1) // 3]
    fmt = dict(nam=year, nam1=year + 1, nam5=year + 5, thang=date[1], quy=quy)
    subject = rng.choice(WIDE_SUBJECTS[kind][code]).format(**fmt, **b["fmt"])
    lower1 = subject[0].lower() + subject[1:]
    paras = sorted(rng.sample(b["paras"], rng.randint(2, min(4, len(b["paras"])))), key=b["paras"].index)
    first = "Như trên;"
    if code in ("TT", "NĐ"):
        body = list(b["basis"]) + [b["proposer"], f"{b['enact']} {lower1}."]
        body += [f"**Điều 1.** {doc_type} này {lower1}."] + paras
        body += [
            "**Điều 2.** Các cơ quan, tổ chức, cá nhân có liên quan có trách nhiệm tổ chức thực hiện theo "
            "quy định.",
            f"**Điều 3.** {doc_type} này có hiệu lực thi hành sau 45 ngày kể từ ngày ký ban hành.",
            f"**Điều 4.** {b['executes']} chịu trách nhiệm thi hành {doc_type} này./.",
        ]
        first = "Như Điều 4;" if code == "TT" else None
    elif code == "NQ":
        body = [("c", "CHÍNH PHỦ")] + list(b["basis"])
        body += ["Trên cơ sở thảo luận của các Thành viên Chính phủ và kết luận của Thủ tướng Chính phủ,",
                 ("c", "QUYẾT NGHỊ:")]
        body += [f"{i}. {p}" for i, p in enumerate(paras, 1)]
        body += [f"{len(paras) + 1}. {b['executes']} chịu trách nhiệm thi hành Nghị quyết này./."]
        first = None
    elif code == "QĐ":
        body = [("c", b["auth"])] + list(b["basis"]) + [b["proposer"], ("c", "QUYẾT ĐỊNH:")]
        what = re.sub(r"^Về (việc )?", "", subject)
        body += [f"**Điều 1.** {what[0].upper()}{what[1:]}, với các nội dung chủ yếu sau:"] + paras
        body += [
            "**Điều 2.** Quyết định này có hiệu lực thi hành kể từ ngày ký.",
            f"**Điều 3.** {b['executes']} chịu trách nhiệm thi hành Quyết định này./.",
        ]
        first = "Như Điều 3;"
    elif kind == "government":
        body = [f"Để thực hiện hiệu quả các nhiệm vụ năm {year}, Thủ tướng Chính phủ yêu cầu các bộ, "
                "cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc "
                "trung ương thực hiện tốt các nội dung sau:"] + paras
        body += ["Thủ tướng Chính phủ yêu cầu các bộ, ngành, địa phương nghiêm túc thực hiện./."]
    else:
        verb = {"KH": "ban hành Kế hoạch", "HD": "hướng dẫn", "CT": "chỉ thị", "BC": "báo cáo",
                "TTr": "kính trình", "TB": "thông báo"}.get(code, "thông tin")
        body = [f"Thực hiện chỉ đạo của {b['boss']} và chương trình công tác năm {year}, {b['who']} {verb} "
                "nội dung như sau:"] + paras
        body += ["Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./."]
    luu = "Lưu: VT." if kind == "commune" and rng.random() < 0.5 else f"Lưu: VT, {rng.choice(b['units'])}."
    rec = sorted(rng.sample(b["rec"], rng.randint(1, 4)), key=b["rec"].index)  # in the usual order
    rec = ([first] if first else []) + rec + [luu]
    prefix, stitle = rng.choice(b["sigs"])
    d = dict(
        parent=b["parent"],
        issuer=b["issuer"],
        number=_wide_number(rng, kind, code, b["abbr"], b["units"], year),
        place=b["place"],
        date=date,
        doc_type=doc_type,
        body=body,
        recipients=rec,
        sig=_sig(prefix, stitle, rng.choice(NAMES), b["seal"]),
        issuer_kind=kind,
    )
    if code:
        d.update(title=title, subject=subject)
        if code in ("TTr", "BC") and b["above"] and rng.random() < 0.7:
            d["kinh_gui"] = [b["above"]]
    else:
        d["subject"] = subject
        pool = b["kinh_gui"]
        kg = sorted(rng.sample(pool, rng.randint(1, min(3, len(pool)))), key=pool.index)
        kg[-1] = kg[-1].rstrip(";") + "."
        d["kinh_gui"] = kg
    if code in ("", "CT") and rng.random() < 0.3:
        d["marks"] = [rng.choice(["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "MẬT"])]
    return d


def cite_in_period(d: dict) -> dict:
    """``d`` with its body and subject citing only documents issued by its own date (no document
    cites a later one): docs_common.period_correct on each text. Called after every random draw,
    so the draws of a seed stay the same; texts already of their period are left as they are."""
    day = tuple(d["date"])
    d["body"] = [C.period_correct(b, day) if isinstance(b, str)
                 else (b[0], C.period_correct(b[1], day)) if isinstance(b, tuple) and isinstance(b[1], str)
                 else b for b in d["body"]]
    if d.get("subject"):
        d["subject"] = C.period_correct(d["subject"], day)
    return d


def _latest_cited(key: str) -> tuple:
    """The day of the latest document DOCS[key] cites (its reference truth), or (0, 0, 0)."""
    days = [tuple(int(x) for x in r["issued_date"].split("-")) for r in references_truth(key)
            if r["issued_date"]]
    return max(days, default=(0, 0, 0))


POOL = [
    k for k, d in DOCS.items() if not d.get("no_layout") and not d.get("typewriter") and not d.get("esign")
    and not d.get("references")  # documents written to cite other samples: not drawn here
]


def from_pool(rng: random.Random) -> dict:
    """A document of DOCS, its number digits and date sometimes redrawn."""
    key = rng.choice(POOL)
    d = copy.deepcopy(DOCS[key])
    for k in ("hand_number", "hand_day", "head_size", "body_size", "leading"):
        d.pop(k, None)
    if d.get("vv_lines"):
        d["subject"] = " ".join(d.pop("vv_lines"))[len("V/v ") :]
    else:
        d["subject"] = " ".join(d.pop("subject_lines"))
    if rng.random() < 0.5:
        digits, rest = d["number"].split("/", 1)
        n = rng.randint(1, 2999)
        d["number"] = f"{n:0{2 if n < 10 else 1}d}/{rest}"
        y = d["date"][0]
        d["date"] = (y, rng.randint(1, 12), rng.randint(1, 28))
        if d["date"] < _latest_cited(key):  # never before a document it cites: its own date
            d["date"] = DOCS[key]["date"]
    return d


# ---------------------------------------------------------------- style
def draw_style(rng: random.Random, families: dict, kind: str) -> dict:
    fams = list(families)
    fam = rng.choices(fams, weights=[families[f] for f in fams])[0]
    scan = kind not in ("pdf-born", "pdf-born-lo")
    return dict(
        family=fam,
        body_size=rng.choice([12.0, 12.5, 13.0, 13.0, 13.5, 14.0, 14.0]),
        head_size=rng.choice([12.0, 12.5, 13.0, 13.0]),
        leading=rng.uniform(1.12, 1.45),
        margins=(
            rng.uniform(20, 35) * MM,
            rng.uniform(12, 22) * MM,
            rng.uniform(12, 25) * MM,
            rng.uniform(12, 22) * MM,
        ),
        left_frac=rng.uniform(0.40, 0.50),
        right_gap=rng.uniform(-0.06, 0.02),
        issuer_wrap=rng.random() < 0.45,
        parent_drop=rng.random() < 0.25,
        subject_lines=rng.choices([1, 2, 3, 4], weights=[2, 4, 3, 1])[0],
        subject_caps=rng.random() < 0.45,
        subject_size=rng.choice([13.0, 13.5, 14.0]),
        title_size=rng.choice([13.0, 14.0, 14.5, 15.0]),
        subject_rule=rng.random() < 0.7,
        vv_lines=rng.choice([1, 2, 2, 3]),
        vv_size_delta=rng.choice([-1.0, -0.5, 0.0]),
        issuer_rule=rng.choice([1 / 3, 0.4, 1 / 2, 0.6]),
        rec_size=rng.choice([10.5, 11.0, 11.0, 12.0]),
        sig_frac=rng.uniform(0.40, 0.52),
        sig_size=rng.choice([13.0, 13.5, 14.0]),
        sig_gap=rng.uniform(78, 112),
        seal=rng.choices(["red", "grey", "black", "disc", "none"], weights=[5, 2, 1, 3, 0.5])[0],
        seal_r=rng.uniform(40, 50),
        seal_dx=rng.uniform(-55, 15),
        seal_fy=rng.uniform(0.15, 0.85),  # seal centre between title and name
        seal_font=rng.randrange(len(SEAL_FONTS)),
        sig_ink=rng.choice([(20, 30, 90), (25, 45, 150), (15, 15, 20)]),
        hand=scan and rng.random() < 0.3,
        hand_size=rng.uniform(3.0, 8.0),
        hand_slant=rng.uniform(-0.15, 0.45),
        hand_stroke=rng.uniform(0.0, 0.07),
        hand_rot=rng.uniform(3, 12),
        hand_ink=rng.choice([(25, 45, 150), (20, 30, 90), (30, 30, 35), (80, 40, 140)]),
        hand_font="vhand",
    )


# ---------------------------------------------------------------- layout
@dataclass
class VStamp:
    """Seal + signature of the varied layout (drawn by this module, not by raster/pdfout)."""

    sig_x: float  # top-left of the signature box (points)
    sig_y: float
    seal_cx: float
    seal_cy: float
    seal_r: float
    seal: str  # red | grey | black | disc | none
    seal_text: str
    seed: int
    ink: tuple
    seal_font: str


@dataclass
class HandText:
    x: float
    y: float
    text: str
    size: float
    color: tuple
    slant: float
    stroke: float
    rot: float
    seed: int
    font: str = "vhand"  # key in layout.FONT_FILES
    field: str = "number"  # the blank it fills: number or day


@dataclass
class MarkStamp:
    """An urgency or secrecy mark stamped by hand (``HỎA TỐC`` in a frame): drawn by this
    module on scans only, slanted, off the column's axis, its ink uneven (``--marks stamped``)."""

    x: float  # centre (points)
    y: float
    text: str
    size: float
    angle: float
    double: bool
    colour: tuple
    font: str
    seed: int


MARK_STYLES = ("framed", "stamped")  # framed: level, red, centred under the number (the default)
STAMPED_MARKS = ["HỎA TỐC", "HỎA TỐC", "KHẨN", "KHẨN", "THƯỢNG KHẨN", "MẬT"]


def stamp_style(rng: random.Random) -> dict:
    """How a hand stamp lands: its size over the header's, slant, place across the left column
    (-1 left edge … 1 right edge), gap under the number, frame and ink."""
    return {
        "size": rng.uniform(1.0, 6.0),
        "angle": rng.choice([0.0, 0.0, rng.uniform(-28, 28), rng.uniform(-12, 12)]),
        "across": rng.uniform(-0.5, 0.8),
        "gap": rng.uniform(2, 26),
        "double": rng.random() < 0.4,
        "colour": rng.choice([(205, 30, 40), (190, 25, 45), (170, 40, 60), (60, 60, 150)]),
        "seed": rng.randrange(1 << 30),
    }


class VLayout(Layout):
    def __init__(self, family: str, **kw):
        self.family = family
        super().__init__(**kw)

    def f(self, style):
        return f"{self.family}:{style}" if style in STYLES else style


def _center(L, text, style, size, x0, x1, y):
    return L._emit_line([(w, style) for w in nfc(text).split()], size, x0, x1, "center", y)


def _fit(L, words, style, size, width):
    return text_width(" ".join(words), L.f(style), size) <= width


def _greedy(L, words, style, size, width):
    lines, cur = [], []
    for w in words:
        if cur and not _fit(L, cur + [w], style, size, width):
            lines.append(cur)
            cur = [w]
        else:
            cur.append(w)
    if cur:
        lines.append(cur)
    return [" ".join(x) for x in lines]


def _balanced(L, words, style, size, n, width):
    """Split words into n lines of about equal width, each within width (more lines if needed)."""
    n = max(1, min(n, len(words)))
    while True:
        ws = [text_width(w + " ", L.f(style), size) for w in words]
        total, acc, cuts = sum(ws), 0.0, []
        for i, w in enumerate(ws[:-1]):
            acc += w
            k = len(cuts) + 1
            if k < n and acc >= total * k / n - w / 2:
                cuts.append(i + 1)
        parts = [words[a:b] for a, b in zip([0] + cuts, cuts + [len(words)], strict=True)]
        if all(_fit(L, p, style, size, width) for p in parts) or n >= len(words):
            return [" ".join(p) for p in parts if p]
        n += 1


def _wrap_block(L, lines, style, size, width, rng, wrap):
    """Header block lines: as given (greedy only where too wide) or re-wrapped at a narrower width,
    which breaks names the way a narrow column does (`ỦY BAN NHÂN DÂN TỈNH THANH` / `HÓA`)."""
    if wrap:
        words = " ".join(lines).split()
        full = text_width(" ".join(words), L.f(style), size)
        if full > width * 0.75:
            lim = min(width, full * rng.uniform(0.62, 0.93))
            return _greedy(L, words, style, size, lim)
    out = []
    for ln in lines:
        out += _greedy(L, ln.split(), style, size, width)
    return out


def _stamp_marks(L, pg, d, hs, lx0, lx1, yl):
    """The marks stamped by hand under the number (``d["stamp"]``: stamp_style): returns the
    height the stamp reaches, so that the title starts under it."""
    sty = d["stamp"]
    for mark in d.get("marks") or []:
        size = hs + sty["size"]
        w, h = text_width(mark, L.f("b"), size) + 1.4 * size, 2.0 * size
        cx = (lx0 + lx1) / 2 + sty["across"] * max(0.0, (lx1 - lx0 - w) / 2)
        cy = yl + sty["gap"] + h / 2 + abs(math.sin(math.radians(sty["angle"]))) * w / 2
        pg.ops.append(MarkStamp(cx, cy, mark, size, sty["angle"], sty["double"], sty["colour"],
                                L.f("b"), sty["seed"]))
        pg.truth.append(mark)
        yl = cy + h / 2 + abs(math.sin(math.radians(sty["angle"]))) * w / 2
    return yl


def _header(L, d, st, rng, pages_ops):
    pg = L.page
    W = L.width
    hs = st["head_size"]
    lh = hs * rng.uniform(1.15, 1.35)
    lx0, lx1 = L.ml - rng.uniform(0, 12), L.ml + st["left_frac"] * W
    rx0, rx1 = lx1 + st["right_gap"] * W, L.ml + W + rng.uniform(0, 10)
    cw = min(lx1, rx0 - 10) - lx0  # the left block never runs into the right column
    y = L.mt + hs
    parent = [] if st["parent_drop"] else (d.get("parent") or [])
    parent = _wrap_block(L, parent, "r", hs, cw, rng, st["issuer_wrap"] and rng.random() < 0.5)
    issuer = _wrap_block(L, d["issuer"], "b", hs, cw, rng, st["issuer_wrap"])
    for line in parent:
        _center(L, line, "r", hs, lx0, lx1, y)
        y += lh
    a = b = None
    for line in issuer:
        a2, b2 = _center(L, line, "b", hs, lx0, lx1, y)
        a, b = (a2, b2) if a is None else (min(a, a2), max(b, b2))
        y += lh
    mid, wr = (lx0 + lx1) / 2, min(b - a, cw) * st["issuer_rule"]
    pg.ops.append(Rule(mid - wr / 2, y - lh + 6, mid + wr / 2, y - lh + 6, rng.choice([0.5, 0.7, 0.9])))
    y_left_num = y + rng.uniform(2, 10)
    truth_left = list(pg.truth)
    pg.truth.clear()
    # right column
    y = L.mt + hs
    qh = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    qs = hs - rng.choice([0.0, 0.5, 1.0])
    while text_width(qh, L.f("b"), qs) > rx1 - rx0:
        qs -= 0.5
    _center(L, qh, "b", qs, rx0, rx1, y)
    y += lh
    ts = hs + rng.choice([0.0, 0.5, 1.0])
    while text_width("Độc lập - Tự do - Hạnh phúc", L.f("b"), ts) > rx1 - rx0:
        ts -= 0.5
    a, b = _center(L, "Độc lập - Tự do - Hạnh phúc", "b", ts, rx0, rx1, y)
    pg.ops.append(Rule(a, y + 3, b, y + 3, 0.7))
    y += lh
    y_row = max(y + rng.uniform(4, 12), y_left_num)
    truth_right = list(pg.truth)
    pg.truth.clear()
    # number
    num = d["number"]
    hand = st["hand"]
    if hand:
        digits, rest = num.split("/", 1)
        rest = "/" + rest
        hsz = hs + st["hand_size"]
        hw = text_width(digits, st["hand_font"], hsz)
        ws, wg, wr = (
            text_width("Số:", L.f("r"), hs),
            max(40, hw + rng.uniform(8, 24)),
            text_width(rest, L.f("r"), hs),
        )
        x = (lx0 + lx1) / 2 - (ws + wg + wr) / 2
        pg.ops.append(Text(x, y_row, "Số:", L.f("r"), hs))
        pg.ops.append(Text(x + ws + wg, y_row, rest, L.f("r"), hs))
        pages_ops.append(_hand(st, x + ws + wg - hw - rng.uniform(0, 4), y_row - 1, digits, hsz, rng,
                               "number"))
        pg.truth.append(f"Số: {digits}{rest}")
    else:
        _center(L, "Số: " + num, "r", hs, lx0, lx1, y_row)
    yl = y_row
    if d.get("vv_lines"):
        vs = hs + st["vv_size_delta"]
        for vv in d["vv_lines"]:
            yl += vs * L.leading * 0.95
            _center(L, vv, "r", vs, lx0, lx1, yl)
    if d.get("stamp"):
        yl = _stamp_marks(L, pg, d, hs, lx0, lx1, yl)
    else:
        yl = draw_marks(L, pg, d.get("marks") or [], hs, lx0, lx1, yl)
    truth_left += pg.truth
    pg.truth.clear()
    yy, mm, dd = d["date"]
    ds, ms_ = f"{dd:02d}", f"{mm:02d}" if rng.random() < 0.7 or mm > 2 else str(mm)
    dsz = hs + rng.choice([0.0, 0.5, 1.0])
    place = d["place"]
    while text_width(f"{place}, ngày {ds} tháng {ms_} năm {yy}", L.f("i"), dsz) > rx1 - rx0 and dsz > 10:
        dsz -= 0.5
    if hand and rng.random() < 0.8:
        pre, post = f"{place}, ngày", f"tháng {ms_} năm {yy}"
        hsz = dsz + st["hand_size"]
        hw = text_width(ds, st["hand_font"], hsz)
        wp, wg, wq = (
            text_width(pre, L.f("i"), dsz),
            max(28, hw + rng.uniform(6, 18)),
            text_width(post, L.f("i"), dsz),
        )
        x = (rx0 + rx1) / 2 - (wp + wg + wq) / 2
        pg.ops.append(Text(x, y_row, pre, L.f("i"), dsz))
        pg.ops.append(Text(x + wp + wg, y_row, post, L.f("i"), dsz))
        pages_ops.append(_hand(st, x + wp + (wg - hw) / 2 + rng.uniform(-2, 3), y_row - 1, ds, hsz, rng,
                               "day"))
        pg.truth.append(f"{pre} {ds} {post}")
    else:
        _center(L, f"{place}, ngày {ds} tháng {ms_} năm {yy}", "i", dsz, rx0, rx1, y_row)
    pg.truth[:0] = truth_right
    pg.truth[:0] = truth_left
    L.y = max(yl, y_row) + rng.uniform(10, 22)
    return issuer, parent


def _hand(st, x, y, text, size, rng, field):
    return HandText(
        x,
        y,
        text,
        size,
        st["hand_ink"],
        st["hand_slant"],
        st["hand_stroke"],
        st["hand_rot"],
        rng.randrange(1 << 30),
        st["hand_font"],
        field,
    )


def _title(L, d, st, rng):
    if d.get("title"):
        L.paragraph(d["title"], size=st["title_size"], align="center", indent=0, style="b", space_after=0)
    lines = d.get("subject_lines") or []
    for s in lines:
        L.paragraph(s, size=st["subject_size"], align="center", indent=0, style="b", space_after=0)
    if lines and st["subject_rule"]:
        c = L.ml + L.width / 2
        w = rng.uniform(30, 80)
        L.page.ops.append(Rule(c - w, L.y + 6, c + w, L.y + 6, 0.7))
    L.vspace(rng.uniform(8, 18) if lines else 6)


def _bottom(L, d, st, rng, seed):
    rec = d.get("recipients") or []
    sig = d["sig"]
    rs, ss = st["rec_size"], st["sig_size"]
    need_left = 14 + len(rec) * rs * 1.2
    need_right = (len(sig["prefix"]) + 1) * ss * 1.25 + st["sig_gap"] + 24
    if L.y + max(need_left, need_right) + 6 > L.bottom:
        L.new_page()
    L.vspace(rng.uniform(2, 12))
    top = L.y
    W = L.width
    pg = L.page
    y = top + 12
    if rec:
        pg.ops.append(Text(L.ml - 4, y, "Nơi nhận:", L.f("bi"), rs + 1))
        pg.truth.append("Nơi nhận:")
        for r in rec:
            y += rs * 1.2
            L._emit_line([(w, "r") for w in nfc("- " + r).split()], rs, L.ml - 4, L.ml + 0.5 * W, "left", y)
    rx0, rx1 = L.ml + st["sig_frac"] * W, L.ml + W + rng.uniform(0, 8)
    y = top + ss
    title_y = None
    for ln in list(sig["prefix"]) + [sig["title"]]:
        size = ss
        while text_width(ln, L.f("b"), size) > rx1 - rx0 + 10:
            size -= 0.5
        _center(L, ln, "b", size, rx0, rx1, y)
        title_y = y
        y += ss * 1.25
    cx = (rx0 + rx1) / 2
    space_top = y - ss * 0.6
    y_name = space_top + st["sig_gap"]
    _center(L, sig["name"], "b", ss + rng.choice([0.0, 0.5, 1.0]), rx0, rx1, y_name)
    # seal centre: between the title's and the name's baselines, so it covers either or both
    seal_cy = title_y - ss * 0.4 + st["seal_fy"] * (y_name - title_y)
    pg.ops.append(
        VStamp(
            cx - 60 + rng.uniform(-10, 20),
            space_top + rng.uniform(0, st["sig_gap"] - 64),
            cx + st["seal_dx"],
            seal_cy,
            st["seal_r"],
            st["seal"],
            sig.get("seal_text", ""),
            seed,
            st["sig_ink"],
            SEAL_FONTS[st["seal_font"]],
        )
    )
    L.y = max(top + need_left, y_name + 10)
    return len(L.pages)


def lay_out(d: dict, st: dict, rng: random.Random, seed: int):
    """(pages, metadata, signature_page, hand ops per page) of a content dict + style."""
    d = dict(d)
    L = VLayout(st["family"], margins=st["margins"], body_size=st["body_size"], leading=st["leading"])
    subject = subject_lines(L, d, st)
    hands = []
    issuer, parent = _header(L, d, st, rng, hands)
    st["_issuer_lines"] = issuer
    _title(L, d, st, rng)
    _kinh_gui(L, d)
    _body(L, d)
    sig_page = _bottom(L, d, st, rng, seed)
    meta = metadata(d, issuer, parent, subject, len(L.pages))
    return L.pages, meta, sig_page, hands


def subject_lines(L: VLayout, d: dict, st: dict) -> str:
    """Set d["subject_lines"] (centred, under the title) or d["vv_lines"] (công văn, left column)
    from d["subject"] and the style; returns the subject as the metadata gives it."""
    W = L.width
    subj = nfc(d["subject"])
    if d.get("title"):
        text = upper(subj) if st["subject_caps"] else subj
        total = text_width(text, L.f("b"), st["subject_size"])
        n_min = math.ceil(total / (W * 0.92))
        n = min(max(st["subject_lines"], n_min), max(n_min, int(total / (W * 0.38))))
        d["subject_lines"] = _balanced(L, text.split(), "b", st["subject_size"], n, W * 0.95)
        return " ".join(d["subject_lines"])
    cw = st["left_frac"] * W
    vs = st["head_size"] + st["vv_size_delta"]
    d["vv_lines"] = _balanced(L, ("V/v " + subj).split(), "r", vs, st["vv_lines"], cw)
    return " ".join(d["vv_lines"])[len("V/v ") :]


def metadata(d: dict, issuer: list, parent: list, subject: str, page_count: int) -> dict:
    """The truth metadata of a content dict as printed (issuer and parent lines joined by a space)."""
    yy, mm, dd = d["date"]
    sig = d["sig"]
    marks = d.get("marks") or []
    conf = next((m for m in marks if m in ("MẬT", "TỐI MẬT", "TUYỆT MẬT")), None)
    urg = next((m for m in marks if m in ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")), None)
    cap = lambda s: s[0] + s[1:].lower() if s else None  # noqa: E731
    meta = {
        "number": d["number"],
        "issued_date": f"{yy:04d}-{mm:02d}-{dd:02d}",
        "place": d["place"],
        "issuer": " ".join(issuer),
        "parent_issuer": " ".join(parent) if parent else None,
        "doc_type": d["doc_type"],
        "subject": subject,
        "confidentiality": cap(conf),
        "urgency": cap(urg),
        "signing_authority": " ".join(sig["prefix"]) or None,
        "signer_title": sig["title"],
        "signer": sig["name"],
        "recipients": [nfc(r) for r in d.get("recipients") or []],
        "page_count": page_count,
        "language": "vi",
    }
    assert list(meta) == list(METADATA_FIELDS)
    return {k: (nfc(v) if isinstance(v, str) else v) for k, v in meta.items()}


# ---------------------------------------------------------------- drawing
SEAL_COLOURS = {"red": (205, 30, 40), "grey": (95, 95, 95), "black": (25, 25, 25), "disc": (70, 70, 70)}


def stamp_layers(st: VStamp, dpi: int):
    """[(transmittance HxWx3, (left, top) in points)] of the signature scribble and the seal."""
    s = dpi / 72
    out = []
    sw, sh = int(120 * s), int(60 * s)
    sig = raster._signature_layer(sw, sh, st.seed, pen=1.3 * s)[..., None]
    out.append((1 - sig * 0.95 * (1 - np.array(st.ink, np.float32) / 255), (st.sig_x, st.sig_y)))
    if st.seal != "none":
        r_px = int(st.seal_r * s)
        old = raster.SEAL_FONT
        raster.SEAL_FONT = st.seal_font if os.path.exists(st.seal_font) else old
        try:
            a = raster._seal_layer(r_px, st.seal_text, st.seed)
        finally:
            raster.SEAL_FONT = old
        if st.seal == "disc":  # a grey scan of a seal: a dark disc with the ring still darker
            n = a.shape[0]
            yy, xx = np.mgrid[0:n, 0:n].astype(np.float32) - n / 2
            disc = np.clip(r_px - np.sqrt(xx**2 + yy**2), 0, 1.5) / 1.5
            rng = np.random.default_rng(st.seed)
            lvl = rng.uniform(0.38, 0.55)
            a = np.maximum(a, disc * lvl)
        col = np.array(SEAL_COLOURS[st.seal], np.float32) / 255
        n = a.shape[0]
        out.append((1 - a[..., None] * (1 - col), (st.seal_cx - n / 2 / s, st.seal_cy - n / 2 / s)))
    return out


def _draw_hand(img: Image.Image, op: HandText, s: float):
    rng = random.Random(op.seed)
    f = LY.FONT_FILES[op.font]
    x = op.x * s
    for ch in op.text:
        px = int(op.size * s * rng.uniform(0.9, 1.12))
        font = raster.font_px(f, px)
        cw = font.getlength(ch)
        tile = Image.new("L", (int(cw * 2 + 24), int(px * 2)), 0)
        ImageDraw.Draw(tile).text(
            (tile.width / 2, tile.height * 0.65),
            ch,
            font=font,
            fill=255,
            anchor="ms",
            stroke_width=max(0, int(px * op.stroke)),
            stroke_fill=255,
        )
        sh = op.slant + rng.uniform(-0.05, 0.05)  # shear: x' = x + sh * (y - base)
        tile = tile.transform(
            tile.size, Image.AFFINE, (1, sh, -sh * tile.height * 0.65, 0, 1, 0), resample=Image.BICUBIC
        )
        tile = tile.rotate(rng.uniform(-op.rot, op.rot), resample=Image.BICUBIC)
        y = op.y * s + rng.uniform(-0.08, 0.08) * px
        img.paste(
            Image.new("RGB", tile.size, op.color),
            (int(x + cw / 2 - tile.width / 2), int(y - tile.height * 0.65)),
            tile,
        )
        x += cw * rng.uniform(0.92, 1.12)


def mark_stamp_layer(op: MarkStamp, dpi: int):
    """(transmittance HxWx3, (left, top) in points) of a hand-stamped mark: frame and letters
    inked unevenly (blotches, worn patches), turned by its slant."""
    s = dpi / 72
    px = max(8, int(op.size * s))
    font = raster.font_px(LY.FONT_FILES.get(op.font, op.font), px)
    tw = font.getlength(op.text)
    lw = max(2, int(px * 0.09))
    w, h = int(tw + 1.4 * px), int(2.0 * px)
    tile = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(tile)
    draw.rectangle((lw, lw, w - lw - 1, h - lw - 1), outline=255, width=lw)
    if op.double:
        m = int(3.2 * lw)
        draw.rectangle((m, m, w - m - 1, h - m - 1), outline=255, width=max(1, lw // 2))
    draw.text((w / 2, h / 2), op.text, font=font, fill=255, anchor="mm")
    rng = np.random.default_rng(op.seed)
    coarse = Image.fromarray((rng.random((max(2, h // 12), max(2, w // 12))) * 255).astype(np.uint8))
    worn = np.asarray(coarse.resize((w, h), Image.BICUBIC), np.float32) / 255
    ink = np.asarray(tile, np.float32) / 255 * rng.uniform(0.7, 0.95)
    ink *= np.clip(0.35 + worn * 1.1, 0, 1) * (rng.random((h, w)) > rng.uniform(0.0, 0.12))
    tile = Image.fromarray((ink * 255).astype(np.uint8)).rotate(op.angle, expand=True,
                                                               resample=Image.BICUBIC)
    a = np.asarray(tile, np.float32)[..., None] / 255
    col = np.array(op.colour, np.float32) / 255
    return 1 - a * (1 - col), (op.x - tile.width / 2 / s, op.y - tile.height / 2 / s)


def _ink_layers(op, dpi: int) -> list:
    """The layers this module draws for an op (seal and signature, a hand stamp), else none."""
    if isinstance(op, VStamp):
        return stamp_layers(op, dpi)
    if isinstance(op, MarkStamp):
        return [mark_stamp_layer(op, dpi)]
    return []


def render(page, hands, dpi: int) -> Image.Image:
    img = raster.render_page(page, dpi)
    s = dpi / 72
    arr = np.asarray(img, np.float32).copy()
    for op in page.ops:
        for T, (lx, ty) in _ink_layers(op, dpi):
            x0, y0 = int(lx * s), int(ty * s)
            h, w = T.shape[:2]
            xa, ya = max(0, x0), max(0, y0)
            reg = arr[ya : y0 + h, xa : x0 + w]
            reg *= T[ya - y0 : ya - y0 + reg.shape[0], xa - x0 : xa - x0 + reg.shape[1]]
    img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    for op in hands:
        _draw_hand(img, op, s)
    return img


def born_digital(pages, path, dpi_images=200):
    """fpdf2 text PDF (pdfout's page drawing) with only the fonts used embedded; seals as RGBA images."""
    from fpdf import FPDF

    from . import pdfout

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_creator("sample_docs/generate_varied.py")
    pdf.set_producer("fpdf2")
    pdf.set_creation_date(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    used = sorted({op.font for p in pages for op in p.ops if isinstance(op, Text)})
    for key in used:
        pdf.add_font(key, "", LY.FONT_FILES[key])
    for p in pages:
        pdfout._draw_vector_page(pdf, p)
        for op in p.ops:
            if not isinstance(op, VStamp):
                continue
            for T, (lx, ty) in stamp_layers(op, dpi_images):
                a = (1 - T).max(axis=2)
                col = 1 - (1 - T) / np.maximum(a[..., None], 1e-4)
                rgba = np.dstack([col * 255, a * 255]).clip(0, 255).astype(np.uint8)
                b = io.BytesIO()
                Image.fromarray(rgba, "RGBA").save(b, "PNG")
                h, w = rgba.shape[:2]
                pdf.image(b, lx, ty, w=w * 72 / dpi_images, h=h * 72 / dpi_images)
    pdf.output(path)


# ---------------------------------------------------------------- one document
KINDS = ["png", "jpeg", "tiff", "pdf-scan", "pdf-scan-nores", "pdf-born", "phone"]  # the default draw
LO_KINDS = ["pdf-born-lo"]  # only when asked for (needs LibreOffice): see lodoc.py
SINGLE = {"png", "jpeg", "phone"}
INPUT_KIND = {
    "png": "png",
    "jpeg": "jpeg",
    "tiff": "tiff",
    "pdf-scan": "pdf-scanned",
    "pdf-scan-nores": "pdf-scanned",
    "pdf-born": "pdf-born-digital",
    "pdf-born-lo": "pdf-born-digital",
    "phone": "phone-photo",
}
EXT = {
    "png": "png",
    "jpeg": "jpg",
    "tiff": "tif",
    "pdf-scan": "pdf",
    "pdf-scan-nores": "pdf",
    "pdf-born": "pdf",
    "pdf-born-lo": "pdf",
    "phone": "jpg",
}
PHONE_DPI = round(300 * 0.85 * min(2268 / 2480, 3024 / 3508))


def _slug(s: str) -> str:
    d = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    d = "".join(c for c in d if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", d).strip("_")


ABBR = {"Quyết định": "qd", "Kế hoạch": "kh", "Thông báo": "tb", "Báo cáo": "bc", "Tờ trình": "ttr",
        "Chỉ thị": "ct", "Nghị quyết": "nq", "Hướng dẫn": "hd", "Giấy mời": "gm",
        "Công văn": "cv", "Thông tư": "tt", "Nghị định": "nd"}  # fmt: skip


@dataclass
class Built:
    name: str
    kind: str
    colour: str
    dpi: int | None
    degradations: list
    description: str
    pages: list
    hands: list
    meta: dict
    sig_page: int
    style: dict
    fx: list  # page effects: (name, kwargs)
    doc: str | None = None  # pdf-born-lo: the Flat ODT that LibreOffice converts


def body_tags(d: dict, bodies: str) -> list:
    """The `degradations` tags of the bodies drawn: none by default; with wide bodies
    `bodies-wide` (check_varied.py rebuilds from it) and `issuer-<kind>` for a WIDE issuer."""
    if bodies == "provincial":
        return []
    return ["bodies-wide"] + ([f"issuer-{d['issuer_kind']}"] if d.get("issuer_kind") else [])


def build(index: int, seed: int, families: dict, kinds=None, bodies: str = "provincial",
          marks: str = "framed", hands: str = "font") -> Built:
    """Draw everything of document `index` of a set seeded by `seed` (no pixels yet); `bodies`
    as for recombined() (the default draws every seed's documents as before); `marks`
    "stamped": scans carry a mark more often, stamped by hand (stamp_style), drawn from a
    generator of their own, so the rest of the draw is as with "framed"; `hands` "wide":
    WIDE_HAND_SHARE of the scans have their number and day written by hand, each document in
    one of WIDE_HAND_FONTS, drawn from a generator of their own as well."""
    if marks not in MARK_STYLES:
        raise ValueError(f"marks must be one of {MARK_STYLES}")
    if hands not in HANDS:
        raise ValueError(f"hands must be one of {HANDS}")
    rng = random.Random(f"varied/{seed}/{index}")
    kinds = kinds or KINDS
    kind = rng.choices(
        kinds, weights=[{"pdf-scan": 2, "pdf-scan-nores": 1.5, "pdf-born": 1.2}.get(k, 1) for k in kinds]
    )[0]
    d = cite_in_period(recombined(rng, bodies) if rng.random() < 0.6 else from_pool(rng))
    if marks == "stamped" and not kind.startswith("pdf-born"):
        mrng = random.Random(f"varied/{seed}/{index}/marks")
        if not d.get("marks") and mrng.random() < 0.5:
            d["marks"] = [mrng.choice(STAMPED_MARKS)]
        if d.get("marks"):
            d["stamp"] = stamp_style(mrng)
    st = draw_style(rng, families, kind)
    if hands == "wide" and not kind.startswith("pdf-born"):
        hrng = random.Random(f"varied/{seed}/{index}/hands")
        st["hand"] = hrng.random() < WIDE_HAND_SHARE
        st["hand_font"] = hrng.choice(wide_hands())
    if kind == "pdf-born-lo":
        from . import lodoc

        b = lodoc.build(index, seed, d, st, rng)
        b.degradations += body_tags(d, bodies)
        return b
    pages, meta, sig_page, hand_ops = lay_out(d, st, random.Random(rng.random()), rng.randrange(1 << 30))
    if kind in SINGLE and len(pages) > 1:
        body = list(d["body"])  # drop middle paragraphs until the document fits on one page
        while len(pages) > 1 and sum(1 for b in body if isinstance(b, str)) > 2:
            k = max(i for i, b in enumerate(body[:-1]) if isinstance(b, str))
            body.pop(k)
            d["body"] = body
            pages, meta, sig_page, hand_ops = lay_out(d, st, random.Random(rng.random()),
                                                      rng.randrange(1 << 30))
        if len(pages) > 1:
            multi = [k for k in kinds if k not in SINGLE and not k.startswith("pdf-born")]
            kind = rng.choice(multi or ["pdf-scan"])
    degr, desc = ["varied-typesetting"], []
    colour = "colour"
    dpi = None
    fx = []
    if kind != "pdf-born":
        colour = rng.choices(["colour", "grey", "bitonal"], weights=[4, 3, 2])[0]
        if kind == "jpeg" and colour == "bitonal":
            colour = rng.choice(["colour", "grey"])
        if kind == "phone":
            colour = "colour"
        dpi = rng.choice([150, 200, 200, 240, 300, 300, 400]) if kind != "phone" else 300
        if kind == "png" and colour == "colour":
            dpi = min(dpi, 300)
        fx.append(("paper", {}))
        r = rng.random
        if kind == "phone":
            fx = [("phone_photo", {})]
            degr += ["phone-photo", "uneven-light"]
        else:
            if r() < 0.15 and colour != "bitonal":
                fx.append(("photocopy", {}))
                degr.append("photocopy")
            if r() < 0.3:
                fx.append(("uneven_light", {"strength": round(rng.uniform(0.12, 0.28), 2)}))
                degr.append("uneven-light")
            if r() < 0.5 and kind != "png":
                fx.append(
                    (
                        "noise",
                        {"sigma": round(rng.uniform(3, 7), 1), "salt": rng.choice([0.0, 0.0008, 0.0015])},
                    )
                )
                degr.append("noise")
            if r() < 0.65:
                deg = round(rng.choice([1, 1, 1, 2.5]) * rng.uniform(-2.4, 2.4), 1)
                if deg:
                    fx.append(("skew", {"deg": deg}))
                    degr.append("skew")
                    desc.append(f"nghiêng {deg}°")
        if colour != "colour":
            degr.append(colour)
        if dpi and dpi < 300 and kind != "phone":
            degr.append(f"{dpi}dpi")
    if kind == "pdf-scan-nores":
        degr.append("pdf-no-resolution")
    if any(isinstance(o, HandText) for o in hand_ops):
        degr.append("handwritten")
    if st["seal"] != "none":
        degr.append("seal")
        if st["seal"] != "red" and colour != "bitonal":  # binarised, every seal is black
            degr.append(f"{st['seal']}-seal" if st["seal"] != "disc" else "grey-seal-disc")
    if st["subject_caps"] and d.get("title"):
        degr.append("capitals-subject")
    if st["_issuer_lines"] != [nfc(x) for x in d["issuer"]]:
        degr.append("issuer-wrapped")
    degr += body_tags(d, bodies)
    name = f"v{seed}_{index:03d}_{ABBR[meta['doc_type']]}_{_slug(meta['place'])}_{meta['issued_date'][:4]}"
    nres = rng.choice([96, 72])
    description = (
        f"{meta['doc_type']} {meta['number']} ({meta['issuer']}), dàn trang ngẫu nhiên: font {st['family']}, "
        f"thân {st['body_size']:g} pt, tiêu đề {st['head_size']:g} pt, trích yếu "
        f"{'CHỮ HOA' if st['subject_caps'] and d.get('title') else 'chữ thường'} "
        f"{len(d.get('subject_lines') or []) or 'V/v'}"
        f"{'' if d.get('title') else ''} dòng, dấu {st['seal']}; "
        + {
            "pdf-born": "PDF gốc điện tử (fpdf2)",
            "pdf-scan": f"PDF ảnh quét {dpi} dpi ({colour})",
            "pdf-scan-nores": f"PDF ảnh quét {dpi} dpi ({colour}) KHÔNG ghi độ phân giải (ảnh đặt ở {nres} dpi)",  # noqa: E501
            "png": f"PNG {dpi} dpi ({colour})",
            "jpeg": f"JPEG {dpi} dpi ({colour})",
            "tiff": f"TIFF {dpi} dpi ({colour})",
            "phone": "ảnh chụp điện thoại",
        }[kind]
        + ("; " + ", ".join(desc) if desc else "")
    )
    if hands == "wide" and any(isinstance(o, HandText) for o in hand_ops):
        description += f"; viết tay: {st['hand_font'].split(':', 1)[1]}"
    st["nores"] = nres
    st["jpeg_q"] = rng.randint(55, 80)
    st["threshold"] = rng.randint(135, 170)
    return Built(name, kind, colour, dpi, degr, description, pages, hand_ops, meta, sig_page, st, fx)


def clean_images(b: Built, dpi=None):
    dpi = dpi or b.dpi or 300
    return [render(p, b.hands if i == 0 else [], dpi) for i, p in enumerate(b.pages)]


def _apply(b: Built, i: int, img: Image.Image, seed: int):
    for k, (fn, kw) in enumerate(b.fx):
        f = getattr(D, fn)
        if "seed" in f.__code__.co_varnames:
            kw = dict(kw, seed=seed * 100 + i * 10 + k)
        img = f(img, **kw)
    return img


def _colour(b: Built, img: Image.Image) -> Image.Image:
    if b.colour == "grey":
        return img.convert("L")
    if b.colour == "bitonal":
        t = b.style["threshold"]
        return img.convert("L").point(lambda v: 255 if v > t else 0).convert("1")
    return img.convert("RGB")


SCAN_TIME = time.gmtime(1735689600)  # 2025-01-01, fixed: Pillow would write the time of the run


def _pdf_images(imgs, path, resolution, quality):
    buf = []
    for im in imgs:
        if im.mode == "1":
            buf.append(im)
            continue
        bb = io.BytesIO()
        im.save(bb, "JPEG", quality=quality)
        bb.seek(0)
        buf.append(Image.open(bb))
    buf[0].save(
        path, "PDF", save_all=True, append_images=buf[1:], resolution=float(resolution),
        creationDate=SCAN_TIME, modDate=SCAN_TIME, producer="sample_docs varied scanner",
    )  # fmt: skip


def write(b: Built, out_dir: str, seed: int, max_bytes: int = 1_500_000) -> str:
    """Render, degrade and save the document; returns its path (the truth JSON is written beside it)."""
    import json

    path = os.path.join(out_dir, b.name + "." + EXT[b.kind])
    kind = b.kind
    dpi = b.dpi
    if kind == "pdf-born":
        born_digital(b.pages, path)
    elif kind == "pdf-born-lo":
        from . import lodoc

        lodoc.convert(b, path)
    else:
        imgs = [_colour(b, _apply(b, i, im, seed)) for i, im in enumerate(clean_images(b))]
        q = b.style["jpeg_q"]
        while True:
            if kind in ("pdf-scan", "pdf-scan-nores"):
                _pdf_images(imgs, path, dpi if kind == "pdf-scan" else b.style["nores"], q)
            elif kind == "tiff":
                comp = {"bitonal": "group4", "grey": "tiff_lzw", "colour": "jpeg"}[b.colour]
                kw = {"quality": q} if comp == "jpeg" else {}
                imgs[0].save(
                    path,
                    "TIFF",
                    compression=comp,
                    save_all=True,
                    append_images=imgs[1:],
                    dpi=(dpi, dpi),
                    **kw,
                )
            elif kind == "png":
                im = imgs[0]
                if im.mode == "RGB":
                    im = im.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
                elif im.mode == "L":
                    im = im.point(lambda v: v // 16 * 17)
                im.save(path, "PNG", optimize=True, dpi=(dpi, dpi))
            else:  # jpeg, phone
                imgs[0].save(
                    path, "JPEG", quality=q, dpi=(dpi, dpi) if kind == "jpeg" else (72, 72), optimize=True
                )
            if os.path.getsize(path) <= max_bytes or q <= 35:
                break
            if kind == "tiff" and b.colour == "grey":  # lossless grey too big: posterise like the PNG
                imgs = [im.point(lambda v: v // 32 * 36) for im in imgs]
                q = 34
                continue
            q -= 10
        if kind == "phone":
            dpi = PHONE_DPI
    truth = {
        "file": os.path.basename(path),
        "input_kind": INPUT_KIND[kind],
        "degradations": b.degradations,
        "description": b.description,
        "dpi": dpi,
        "metadata": b.meta,
        "signature_page": b.sig_page,
        "pages": [nfc("\n".join(p.truth)) for p in b.pages],
        "references": None,  # no reference truth for recombined bodies (bench/references.py)
    }
    if b.hands:  # as real_dev's labels name them (bench/handwriting.py counts these blanks)
        truth["number_handwritten"] = any(op.field == "number" for op in b.hands)
        truth["date_handwritten"] = any(op.field == "day" for op in b.hands)
    with open(os.path.join(out_dir, b.name + ".json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return path

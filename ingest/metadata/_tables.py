"""Tables as data: type abbreviations (Phụ lục III), issuer abbreviations, marks, titles, names.

Everything here is public knowledge about Nghị định 30/2020 documents, not about any sample.
"""

from __future__ import annotations

# Tên loại văn bản and its abbreviation (Nghị định 30/2020, Phụ lục III).
DOC_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "SY": "Bản sao y",
    "TrS": "Bản trích sao",
    "SL": "Bản sao lục",
}
CONG_VAN = "Công văn"
# Title lines that name a type without an abbreviation of their own.
EXTRA_TITLES: tuple[str, ...] = (CONG_VAN, "Thư công", "Luật", "Nghị định", "Thông tư",
                                 "Pháp lệnh", "Lệnh", "Điều lệ", "Giấy chứng nhận")

# Tên viết tắt của cơ quan ban hành: common defaults; agencies add theirs through the
# ARCHIVE_ISSUER_ABBREVIATIONS setting (passed in as ``issuer_abbreviations``).
ISSUER_ABBREVIATIONS: tuple[str, ...] = (
    "UBND", "HĐND", "VPCP", "BNV", "BTC", "BTP", "BYT", "BCA", "BQP", "BGDĐT", "BXD", "BCT",
    "BTNMT", "BNNPTNT", "BKHĐT", "BGTVT", "BTTTT", "BLĐTBXH", "BVHTTDL", "BKHCN", "NHNN",
    "TTg", "CP", "VP", "SNV", "STC", "STP", "SYT", "SXD", "SCT", "SGDĐT", "STNMT", "SNN",
    "SKHĐT", "SGTVT", "STTTT", "SLĐTBXH", "SVHTTDL", "SKHCN", "TTr", "VPUB", "UB", "HĐ",
    "TU", "BCĐ", "MTTQ", "CAT", "BQL", "TCT", "KTTH", "TTHC", "NC", "KGVX", "NĐ",
)

# Abbreviations of recipient lists (offices, posts, the archive copy), besides the issuers':
# a doubtful capitals word one letter away from exactly one of them is that one (``PCVE``).
RECIPIENT_ABBREVIATIONS: tuple[str, ...] = (*ISSUER_ABBREVIATIONS,
    "CVP", "PCVP", "CT", "PCT", "VT", "VTLTNN", "LTNN", "TTĐT", "ĐBQH", "UBMTTQ", "BTT",
    "BCH", "HU", "TTXVN", "KBNN", "VKSND", "TAND", "LĐLĐ", "ĐTN", "HLHPN", "HCB", "HND",
    "TH", "KT", "VX", "TC", "QLĐT", "TNMT", "KHĐT", "NNPTNT", "GDĐT", "VHTTDL", "LĐTBXH",
    "BGĐ", "PGĐ", "BGH",  # Ban Giám đốc, Phó Giám đốc, Ban Giám hiệu
)

# Độ mật and độ khẩn marks as printed (upper case) → field value.
CONFIDENTIALITY: dict[str, str] = {"TUYỆT MẬT": "Tuyệt mật", "TỐI MẬT": "Tối mật", "MẬT": "Mật"}
URGENCY: dict[str, str] = {"THƯỢNG KHẨN": "Thượng khẩn", "HỎA TỐC": "Hỏa tốc", "KHẨN": "Khẩn"}

# Quyền hạn ký prefixes, canonical form; older spellings are mapped onto them.
AUTHORITY_PREFIXES: tuple[str, ...] = ("TUQ.", "TM.", "KT.", "TL.", "Q.")

# Chức vụ người ký seen in signature blocks; used only to repair words cut by a seal.
SIGNER_TITLES: tuple[str, ...] = (
    "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG",
    "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "CỤC TRƯỞNG",
    "PHÓ CỤC TRƯỞNG", "VỤ TRƯỞNG", "PHÓ VỤ TRƯỞNG", "TỔNG CỤC TRƯỞNG", "TRƯỞNG PHÒNG",
    "PHÓ TRƯỞNG PHÒNG", "CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "HIỆU TRƯỞNG",
    "PHÓ HIỆU TRƯỞNG", "BÍ THƯ", "PHÓ BÍ THƯ", "TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC",
    "CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG", "TRƯỞNG ĐOÀN", "THỦ TRƯỞNG", "TỔNG THƯ KÝ",
)

# Họ: common Vietnamese family names, most frequent first (used to repair a name cut by a seal).
SURNAMES: tuple[str, ...] = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai", "Đào", "Cao", "Hà", "Tô",
    "Phùng", "Lâm", "Đàm", "Tạ", "Chu", "Châu", "Quách", "Thái", "Lưu", "Kiều", "Đoàn", "Triệu",
    "Vương", "Tăng", "Lại", "Khổng", "Thân", "Văn", "La", "Tôn", "Hứa", "Diệp", "Âu", "Giang",
    "Trịnh", "Đồng", "Tống", "Nông", "Ninh", "Doãn", "Nghiêm", "Bạch", "Thạch", "Đường", "Khúc",
    "Mạc", "Đậu", "Quan",
)

# Words and phrases of agency names, with their diacritics: bold header text often loses
# them in OCR (``TĨNH QUANG NGAI``). Only exact matches after folding are repaired.
HEADER_PHRASES: tuple[str, ...] = (
    "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "CHÍNH PHỦ", "VĂN PHÒNG", "THÀNH PHỐ", "THỊ XÃ",
    "THỊ TRẤN", "TỈNH", "HUYỆN", "QUẬN", "PHƯỜNG", "XÃ", "SỞ", "BỘ", "BAN", "CỤC", "TỔNG CỤC",
    "CHI CỤC", "TRUNG TÂM", "THANH TRA", "NỘI VỤ", "TÀI CHÍNH", "TƯ PHÁP", "Y TẾ",
    "GIÁO DỤC VÀ ĐÀO TẠO", "XÂY DỰNG", "CÔNG THƯƠNG", "KẾ HOẠCH VÀ ĐẦU TƯ",
    "TÀI NGUYÊN VÀ MÔI TRƯỜNG", "NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "GIAO THÔNG VẬN TẢI",
    "THÔNG TIN VÀ TRUYỀN THÔNG", "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
    "VĂN HÓA, THỂ THAO VÀ DU LỊCH", "KHOA HỌC VÀ CÔNG NGHỆ", "DÂN TỘC", "TÔN GIÁO",
    "NGÂN HÀNG NHÀ NƯỚC", "QUẢN LÝ", "PHÒNG", "ĐẢNG ỦY", "TỈNH ỦY", "HUYỆN ỦY",
)
# Names of central bodies and of the units of ministries and provinces, in capitals as headers
# print them: header repair only (a word whose folded form is one of these, read without its
# marks, gets them back). Several words each, so that a name (``TRƯƠNG``) is never respelled
# as an agency word (``TRƯỜNG``); ``THUẾ`` alone, since no header prints ``THUÊ``.
NATIONAL_BODY_PHRASES: tuple[str, ...] = (
    "THỦ TƯỚNG CHÍNH PHỦ", "QUỐC HỘI", "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "CHỦ TỊCH NƯỚC",
    "NGOẠI GIAO", "QUỐC PHÒNG", "CÔNG AN", "NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "DÂN TỘC VÀ TÔN GIÁO",
    "THUẾ", "HẢI QUAN", "KHO BẠC NHÀ NƯỚC", "DỰ TRỮ NHÀ NƯỚC", "BẢO HIỂM XÃ HỘI",
    "KIỂM TOÁN NHÀ NƯỚC", "THANH TRA CHÍNH PHỦ", "THỐNG KÊ", "CHỨNG KHOÁN NHÀ NƯỚC",
    "TÒA ÁN NHÂN DÂN", "VIỆN KIỂM SÁT NHÂN DÂN", "TỐI CAO", "VIỆT NAM", "QUỐC GIA",
    "TRƯỜNG ĐẠI HỌC", "ĐẠI HỌC QUỐC GIA", "HỌC VIỆN", "BỆNH VIỆN", "ĐA KHOA", "VIỆN HÀN LÂM",
    "THÔNG TẤN XÃ", "ĐÀI TRUYỀN HÌNH", "ĐÀI TIẾNG NÓI", "MẶT TRẬN TỔ QUỐC", "LIÊN ĐOÀN LAO ĐỘNG",
    "CÔNG ĐOÀN", "ĐOÀN THANH NIÊN", "HỘI LIÊN HIỆP PHỤ NỮ", "THÀNH ỦY", "QUẬN ỦY",
    "QUẢN LÝ THỊ TRƯỜNG", "KIỂM LÂM", "THỦY LỢI", "THỦY SẢN", "LÂM NGHIỆP", "CHĂN NUÔI",
    "THÚ Y", "BẢO VỆ THỰC VẬT", "TRỒNG TRỌT", "KHÍ TƯỢNG THỦY VĂN", "ĐƯỜNG BỘ", "ĐƯỜNG SẮT",
    "HÀNG HẢI", "HÀNG KHÔNG", "ĐĂNG KIỂM", "ĐIỆN LỰC", "NĂNG LƯỢNG", "VIỄN THÔNG", "BƯU ĐIỆN",
    "BÁO CHÍ", "XUẤT BẢN", "PHÁT THANH", "TRUYỀN HÌNH", "CÔNG NGHỆ THÔNG TIN",
    "AN TOÀN THỰC PHẨM", "QUẢN LÝ DƯỢC", "Y TẾ DỰ PHÒNG", "DÂN SỐ", "KẾ HOẠCH HÓA GIA ĐÌNH",
    "KIỂM SOÁT BỆNH TẬT", "VIỆC LÀM", "NGƯỜI CÓ CÔNG", "BẢO TRỢ XÃ HỘI", "TRẺ EM",
    "TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG", "SỞ HỮU TRÍ TUỆ", "THI HÀNH ÁN DÂN SỰ",
    "VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC", "TỔ CHỨC CÁN BỘ", "PHÁP CHẾ", "HỢP TÁC QUỐC TẾ",
    "KHẢO THÍ", "KIỂM ĐỊNH CHẤT LƯỢNG", "ĐẦU TƯ XÂY DỰNG", "KHU CÔNG NGHIỆP", "KHU KINH TẾ",
    "TÀI NGUYÊN NƯỚC", "ĐẤT ĐAI", "ĐO ĐẠC", "BẢN ĐỒ", "KHOÁNG SẢN", "ĐỊA CHẤT", "BIỂN VÀ HẢI ĐẢO",
    "DU LỊCH", "THỂ DỤC THỂ THAO", "DI SẢN VĂN HÓA", "GIA ĐÌNH", "CẢNH SÁT", "PHÒNG CHÁY",
    "CHỮA CHÁY", "CỨU NẠN", "CỨU HỘ", "BIÊN PHÒNG", "QUÂN SỰ", "BỘ CHỈ HUY", "BỘ TƯ LỆNH",
    "THI ĐUA - KHEN THƯỞNG", "THI ĐUA KHEN THƯỞNG", "TUYÊN GIÁO", "DÂN VẬN", "NỘI CHÍNH",
    "KINH TẾ", "HÀNH CHÍNH", "TỔNG HỢP", "KINH TẾ - XÃ HỘI", "BAN QUẢN LÝ", "DỰ ÁN",
)
# Tỉnh, thành phố (names before and after the 2025 merger) — also used for places.
PROVINCES: tuple[str, ...] = (
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "An Giang",
    "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định",
    "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh",
    "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An",
    "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái", "Vị Thanh", "Tuy Hòa", "Quy Nhơn", "Nha Trang", "Buôn Ma Thuột",
)

# First words of an agency name: a header line starting with one begins a new body
# (so the line above it is the parent body, cơ quan chủ quản).
ORGAN_STARTS: tuple[str, ...] = (
    "ỦY BAN", "UBND", "HỘI ĐỒNG", "HĐND", "SỞ", "BỘ", "BAN", "CỤC", "TỔNG CỤC", "CHI CỤC",
    "VĂN PHÒNG", "PHÒNG", "TRUNG TÂM", "THANH TRA", "TRƯỜNG", "VIỆN", "TÒA ÁN", "KHO BẠC",
    "NGÂN HÀNG", "CÔNG TY", "TỔNG CÔNG TY", "ĐẢNG ỦY", "HỌC VIỆN", "ĐẠI HỌC", "BỆNH VIỆN",
    "CHÍNH PHỦ", "QUỐC HỘI", "ĐOÀN", "HỘI", "LIÊN ĐOÀN", "CÔNG AN", "BỘ CHỈ HUY",
)

# Fixed phrases of the Nghị định 30 layout (besides the agency phrases above): kept as they
# are by the diacritics repair even where a dictionary compound folds the same way.
DOCUMENT_PHRASES: tuple[str, ...] = (
    "Nơi nhận", "Kính gửi", "Như trên", "Như Điều", "Căn cứ", "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập", "Tự do", "Hạnh phúc", "Về việc", "Lưu", "Văn thư", "Lưu trữ",
    "UBND tỉnh", "HĐND tỉnh", "UBND huyện", "HĐND huyện", "UBND xã", "HĐND xã",
)

# What administrative documents do and deal with, as their subjects say it, where the general
# word list lacks the compound (so a tone mark lost on a sure syllable can be put back: ``đôi
# tên``, ``gói thâu``): the common terms of each field of state administration, written from
# general knowledge of that vocabulary.
SUBJECT_PHRASES: tuple[str, ...] = (
    "đổi tên", "chia tách", "cấp phép", "giao chỉ tiêu", "nâng lương", "tổ chức lại",
    "cấp lại", "cấp đổi", "cấp mới", "bổ nhiệm lại", "tổ chức thực hiện", "đủ điều kiện",
    # finance, investment, procurement
    "gói thầu", "chỉ định thầu", "đầu tư công", "vốn đầu tư", "tài sản công",
    "thực hành tiết kiệm", "chống lãng phí", "phòng chống tham nhũng",
    # health
    "mỹ phẩm", "sinh phẩm", "vắc xin", "tiêm phòng", "trạm y tế", "trung tâm y tế",
    "y tế dự phòng", "khám chữa bệnh", "cơ sở khám bệnh", "bảo hiểm y tế", "vật tư y tế",
    "thực phẩm chức năng", "an toàn thực phẩm", "ngộ độc thực phẩm", "phòng chống dịch",
    "tay chân miệng", "bệnh lao", "quầy thuốc", "thuốc thiết yếu", "chứng chỉ hành nghề",
    "giấy phép hoạt động", "sức khỏe sinh sản", "kế hoạch hóa gia đình",
    "tuyến xã", "tuyến huyện", "tuyến tỉnh", "tuyến trung ương",
    # administration, personnel, digital government
    "thủ tục hành chính", "cải cách hành chính", "kiểm soát thủ tục", "vị trí việc làm",
    "nâng bậc lương", "tinh giản biên chế", "người lao động", "hợp đồng lao động",
    "tiếp công dân", "tiếp xúc cử tri", "kỳ họp", "chuyển đổi số", "chữ ký số",
    "văn bản điện tử", "dịch vụ công", "liên thông", "hệ thống thông tin", "an toàn thông tin",
    "cổng thông tin",
    # land, construction, environment, safety
    "giải phóng mặt bằng", "tái định cư", "sử dụng đất", "thu hồi đất", "giao đất",
    "cho thuê đất", "giá đất", "bảng giá đất", "nhà ở xã hội", "trật tự đô thị",
    "vệ sinh môi trường", "biến đổi khí hậu", "phòng cháy", "cứu nạn", "lụt bão",
    "an toàn giao thông",
    # society
    "nông thôn mới", "giảm nghèo", "an sinh xã hội", "người có công", "người cao tuổi",
    "người khuyết tật", "bình đẳng giới", "bạo lực gia đình", "tệ nạn xã hội",
)

# Phrases of recipient lists and subjects whose folded form means nothing else: respelled
# whatever the OCR confidence (``Công TTĐT`` → ``Cổng TTĐT``, ``Nhu trên`` → ``Như trên``).
RUNNING_PHRASES: tuple[str, ...] = (
    "Như trên", "Như Điều", "Giám đốc", "Phó Giám đốc", "Chánh Văn phòng", "Phó Chánh Văn phòng",
    "Cổng TTĐT", "Cổng TT-ĐT", "Cổng thông tin điện tử", "Thường trực", "Chủ tịch", "Phó Chủ tịch",
    # ``tỉnh`` read ``tĩnh`` (the hook read as a tilde): never so after these
    "địa bàn tỉnh", "UBND tỉnh", "HĐND tỉnh", "Ủy ban nhân dân tỉnh", "Hội đồng nhân dân tỉnh",
)

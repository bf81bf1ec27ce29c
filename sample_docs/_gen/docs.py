"""The document specs (content only; how each becomes a file is in generate.py)."""

from .docs_common import (
    CC_LBHVBQPPL,
    CC_LLT11,
    CC_LLT24,
    CC_LTCCQDP,
    CC_ND30,
    CC_ND163,
    CC_NSNN,
    CC_TT02,
    P_ADMIN,
    P_ARCHIVE,
    P_EDU,
    P_FINANCE,
    period_correct,
)

UBND_HG = ["ỦY BAN NHÂN DÂN", "TỈNH HẬU GIANG"]
SEAL_UBND_HG = "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG * "


def _sig(prefix, title, name, seal):
    return {"prefix": prefix, "title": title, "name": name, "seal_text": seal}


DOCS = {}

DOCS["qd_ubnd_hau_giang_2023"] = dict(
    issuer=UBND_HG,
    number="2629/QĐ-UBND",
    place="Hậu Giang",
    date=(2023, 12, 27),
    doc_type="Quyết định",
    title="QUYẾT ĐỊNH",
    subject_lines=[
        "Phê duyệt Kế hoạch số hóa tài liệu lưu trữ",
        "tại Lưu trữ lịch sử tỉnh giai đoạn 2024 - 2026",
    ],
    body=[
        ("c", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HẬU GIANG"),
        CC_LTCCQDP,
        CC_LLT11,
        CC_ND30,
        CC_TT02,
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 318/TTr-SNV ngày 15 tháng 12 năm 2023.",
        ("c", "QUYẾT ĐỊNH:"),
        "**Điều 1.** Phê duyệt Kế hoạch số hóa tài liệu lưu trữ tại Lưu trữ lịch sử tỉnh giai đoạn 2024 - 2026 "
        "với các nội dung chủ yếu sau:",
        "1. Mục tiêu: số hóa khoảng 1.250.000 trang tài liệu thuộc các phông lưu trữ có giá trị bảo quản "
        "vĩnh viễn; xây dựng cơ sở dữ liệu tài liệu lưu trữ phục vụ khai thác, sử dụng trực tuyến.",
        "2. Phạm vi: tài liệu giấy của Ủy ban nhân dân tỉnh và các sở, ngành đã nộp lưu vào Lưu trữ lịch sử "
        "tỉnh từ năm 1992 đến năm 2015.",
        "3. Kinh phí thực hiện: từ nguồn ngân sách tỉnh bố trí trong dự toán chi thường xuyên hằng năm của "
        "Sở Nội vụ, tổng kinh phí dự kiến là 14.860.000.000 đồng.",
        P_ARCHIVE[2],
        period_correct(P_ARCHIVE[3], (2023, 12, 27)),  # Thông tư 02/2019 (05/2025 came later)
        "**Điều 2.** Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính, Sở Thông tin và Truyền thông và các "
        "cơ quan liên quan tổ chức triển khai thực hiện Kế hoạch; định kỳ hằng năm báo cáo kết quả về Ủy ban "
        "nhân dân tỉnh.",
        "**Điều 3.** Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, Thủ "
        "trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.",
        "Quyết định này có hiệu lực kể từ ngày ký./.",
    ],
    recipients=[
        "Như Điều 3;",
        "Bộ Nội vụ (b/c);",
        "Cục Văn thư và Lưu trữ nhà nước;",
        "CT, các PCT UBND tỉnh;",
        "Lưu: VT, NC.",
    ],
    sig=_sig(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Trần Thành Lập", SEAL_UBND_HG),
)

DOCS["cv_so_noi_vu_2024"] = dict(
    parent=["UBND TỈNH HẬU GIANG"],
    issuer=["SỞ NỘI VỤ"],
    number="454/SNV-VTLT",
    place="Hậu Giang",
    date=(2024, 5, 9),
    doc_type="Công văn",
    vv_lines=["V/v hướng dẫn chỉnh lý tài liệu", "tồn đọng tại các cơ quan, tổ chức"],
    kinh_gui=["Các sở, ban, ngành tỉnh;", "Ủy ban nhân dân các huyện, thị xã, thành phố."],
    body=[
        "Thực hiện Kế hoạch số 112/KH-UBND ngày 20 tháng 02 năm 2024 của Ủy ban nhân dân tỉnh về công tác "
        "văn thư, lưu trữ năm 2024, Sở Nội vụ hướng dẫn việc chỉnh lý tài liệu tồn đọng tại các cơ quan, tổ "
        "chức như sau:",
        "1. Các cơ quan, tổ chức tiến hành khảo sát, thống kê khối lượng tài liệu tồn đọng, tích đống; lập kế "
        "hoạch chỉnh lý và dự toán kinh phí theo hướng dẫn tại Thông tư số 16/2023/TT-BNV ngày 15 tháng 11 "
        "năm 2023 của Bộ trưởng Bộ Nội vụ.",
        "2. Việc chỉnh lý phải bảo đảm hoàn chỉnh hồ sơ, xác định giá trị tài liệu, lập mục lục hồ sơ và "
        "danh mục tài liệu hết giá trị; không tự ý tiêu hủy tài liệu khi chưa có quyết định của người có thẩm quyền.",
        P_ARCHIVE[1],
        "3. Đề nghị các cơ quan, đơn vị gửi báo cáo kết quả thực hiện về Sở Nội vụ (qua Phòng Văn thư - Lưu "
        "trữ) trước ngày 15 tháng 10 năm 2024 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị liên hệ Sở Nội vụ (số điện thoại "
        "0293.3876.512) để được hướng dẫn./.",
    ],
    recipients=["Như trên;", "UBND tỉnh (b/c);", "Giám đốc, các PGĐ Sở;", "Lưu: VT, VTLT."],
    sig=_sig(["KT. GIÁM ĐỐC"], "PHÓ GIÁM ĐỐC", "Lê Thị Mỹ Hạnh", "SỞ NỘI VỤ * TỈNH HẬU GIANG * "),
)

DOCS["tb_so_tai_chinh_can_tho_2022"] = dict(
    parent=["UBND THÀNH PHỐ CẦN THƠ"],
    issuer=["SỞ TÀI CHÍNH"],
    number="15/TB-STC",
    place="Cần Thơ",
    date=(2022, 1, 12),
    doc_type="Thông báo",
    title="THÔNG BÁO",
    subject_lines=["Kết luận của Giám đốc Sở Tài chính tại cuộc họp", "giao ban tháng 12 năm 2021"],
    body=[
        "Ngày 06 tháng 01 năm 2022, Giám đốc Sở Tài chính chủ trì cuộc họp giao ban đánh giá kết quả thực "
        "hiện nhiệm vụ tháng 12 năm 2021 và triển khai nhiệm vụ tháng 01 năm 2022. Tham dự cuộc họp có các "
        "Phó Giám đốc Sở, Trưởng các phòng và đơn vị trực thuộc. Sau khi nghe báo cáo và ý kiến của các đại "
        "biểu, Giám đốc Sở kết luận như sau:",
        P_FINANCE[0],
        P_FINANCE[2],
        "Giao Phòng Quản lý ngân sách chủ trì, phối hợp với Văn phòng Sở hoàn chỉnh báo cáo quyết toán ngân "
        "sách năm 2021, trình Ủy ban nhân dân thành phố trước ngày 25 tháng 01 năm 2022.",
        "Sở Tài chính thông báo để các phòng, đơn vị biết và thực hiện./.",
    ],
    recipients=["Ban Giám đốc Sở;", "Các phòng, đơn vị thuộc Sở;", "Lưu: VT, VP."],
    sig=_sig(["TL. GIÁM ĐỐC"], "CHÁNH VĂN PHÒNG", "Nguyễn Hoàng Phúc", "SỞ TÀI CHÍNH * THÀNH PHỐ CẦN THƠ * "),
)

DOCS["kh_ubnd_phong_dien_2021"] = dict(
    issuer=["ỦY BAN NHÂN DÂN", "HUYỆN PHONG ĐIỀN"],
    number="87/KH-UBND",
    place="Phong Điền",
    date=(2021, 3, 18),
    doc_type="Kế hoạch",
    title="KẾ HOẠCH",
    subject_lines=["Cải cách hành chính năm 2021", "trên địa bàn huyện Phong Điền"],
    body=[
        "Căn cứ Kế hoạch số 45/KH-UBND ngày 02 tháng 3 năm 2021 của Ủy ban nhân dân thành phố Cần Thơ về cải "
        "cách hành chính năm 2021; Ủy ban nhân dân huyện ban hành Kế hoạch cải cách hành chính năm 2021 trên "
        "địa bàn huyện như sau:",
        ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
        "1. Tiếp tục triển khai có hiệu quả Chương trình tổng thể cải cách hành chính nhà nước giai đoạn "
        "2021 - 2030; xác định cải cách hành chính là nhiệm vụ trọng tâm, thường xuyên của các cơ quan, đơn vị.",
        "2. Các nhiệm vụ phải cụ thể, có thời hạn hoàn thành và phân công rõ trách nhiệm của từng cơ quan, "
        "đơn vị; gắn kết quả cải cách hành chính với công tác thi đua, khen thưởng.",
        ("h", "II. NHIỆM VỤ TRỌNG TÂM"),
        "1. " + P_ADMIN[0],
        "2. " + P_ADMIN[1],
        "3. " + P_ADMIN[2],
        "4. Thực hiện tinh giản biên chế gắn với sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu "
        "quả; rà soát vị trí việc làm, cơ cấu ngạch công chức của các cơ quan, đơn vị.",
        "5. Quản lý, sử dụng ngân sách đúng mục đích, tiết kiệm, hiệu quả; thực hiện cơ chế tự chủ tài chính "
        "đối với các đơn vị sự nghiệp công lập.",
        ("h", "III. TỔ CHỨC THỰC HIỆN"),
        "1. Phòng Nội vụ là cơ quan thường trực, giúp Ủy ban nhân dân huyện theo dõi, đôn đốc, kiểm tra việc "
        "thực hiện Kế hoạch này; tổng hợp, báo cáo định kỳ hằng quý, sáu tháng và năm.",
        "2. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện chủ trì công tác kiểm soát thủ tục hành chính, "
        "vận hành bộ phận một cửa; phối hợp với Phòng Nội vụ đánh giá mức độ hài lòng của người dân.",
        "3. Phòng Tài chính - Kế hoạch tham mưu bố trí kinh phí thực hiện Kế hoạch trong dự toán ngân sách năm 2021.",
        "4. Ủy ban nhân dân các xã, thị trấn căn cứ Kế hoạch này xây dựng kế hoạch của địa phương, gửi về "
        "Phòng Nội vụ trước ngày 31 tháng 3 năm 2021.",
        P_ADMIN[3],
        "Trên đây là Kế hoạch cải cách hành chính năm 2021 của Ủy ban nhân dân huyện Phong Điền. Trong quá "
        "trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về Phòng Nội vụ để tổng hợp, "
        "báo cáo Ủy ban nhân dân huyện xem xét, giải quyết./.",
    ],
    recipients=[
        "UBND thành phố (b/c);",
        "Sở Nội vụ;",
        "TT. Huyện ủy, TT. HĐND huyện;",
        "CT, các PCT UBND huyện;",
        "Các cơ quan, đơn vị huyện;",
        "UBND các xã, thị trấn;",
        "Lưu: VT.",
    ],
    sig=_sig(["KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Võ Thanh Tùng", "ỦY BAN NHÂN DÂN HUYỆN PHONG ĐIỀN * "),
)

DOCS["bc_ubnd_xa_phu_huu_2019"] = dict(
    parent=["UBND HUYỆN CHÂU THÀNH"],
    issuer=["ỦY BAN NHÂN DÂN", "XÃ PHÚ HỮU"],
    number="21/BC-UBND",
    place="Phú Hữu",
    date=(2019, 6, 14),
    doc_type="Báo cáo",
    title="BÁO CÁO",
    subject_lines=["Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội", "sáu tháng đầu năm 2019"],
    kinh_gui=["Ủy ban nhân dân huyện Châu Thành."],
    body=[
        "Thực hiện Công văn số 742/UBND-TH ngày 28 tháng 5 năm 2019 của Ủy ban nhân dân huyện Châu Thành về "
        "việc báo cáo tình hình kinh tế - xã hội sáu tháng đầu năm, Ủy ban nhân dân xã Phú Hữu báo cáo như sau:",
        ("h", "I. KẾT QUẢ ĐẠT ĐƯỢC"),
        "1. Sản xuất nông nghiệp: vụ lúa Đông Xuân xuống giống 1.240 ha, năng suất bình quân 7,2 tấn/ha, "
        "sản lượng đạt 8.928 tấn; diện tích cây ăn trái 385 ha, chủ yếu là xoài, bưởi và sầu riêng.",
        "2. Giao thông, thủy lợi: hoàn thành nâng cấp 3,6 km đường giao thông nông thôn ấp Phú Lợi và ấp Phú "
        "Hòa; nạo vét 4 tuyến kênh nội đồng với tổng chiều dài 6,2 km, phục vụ tưới tiêu cho 520 ha.",
        "3. Văn hóa - xã hội: tổ chức tốt các hoạt động mừng Đảng, mừng Xuân; chi trả trợ cấp đầy đủ, kịp "
        "thời cho 312 đối tượng bảo trợ xã hội; tỷ lệ người dân tham gia bảo hiểm y tế đạt 91,5%.",
        "4. Quốc phòng, an ninh: hoàn thành giao quân năm 2019 đạt 100% chỉ tiêu; tình hình an ninh chính "
        "trị, trật tự an toàn xã hội được giữ vững, không xảy ra vụ việc phức tạp.",
        ("h", "II. KHÓ KHĂN, HẠN CHẾ"),
        "Giá một số mặt hàng nông sản giảm mạnh ảnh hưởng đến thu nhập của người dân; tình trạng sạt lở bờ "
        "sông tại ấp Phú Lợi chưa được khắc phục triệt để; thu ngân sách trên địa bàn đạt thấp so với dự toán.",
        ("h", "III. NHIỆM VỤ SÁU THÁNG CUỐI NĂM 2019"),
        "Tập trung chỉ đạo sản xuất vụ Hè Thu và Thu Đông; đẩy nhanh tiến độ xây dựng nông thôn mới nâng "
        "cao; tăng cường công tác thu ngân sách; giữ vững an ninh chính trị, trật tự an toàn xã hội.",
        "Trên đây là báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội sáu tháng đầu năm 2019 "
        "của Ủy ban nhân dân xã Phú Hữu./.",
    ],
    recipients=["Như trên;", "TT. Đảng ủy xã;", "TT. HĐND xã;", "Lưu: VT."],
    sig=_sig(["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH", "Huỳnh Văn Mười", "ỦY BAN NHÂN DÂN XÃ PHÚ HỮU * "),
)

DOCS["ttr_so_tai_chinh_2020"] = dict(
    parent=["UBND TỈNH VĨNH LONG"],
    issuer=["SỞ TÀI CHÍNH"],
    number="06/TTr-STC",
    place="Vĩnh Long",
    date=(2020, 2, 4),
    doc_type="Tờ trình",
    title="TỜ TRÌNH",
    subject_lines=["Về việc bổ sung kinh phí thực hiện chỉnh lý", "tài liệu lưu trữ năm 2020"],
    kinh_gui=["Ủy ban nhân dân tỉnh Vĩnh Long."],
    body=[
        CC_NSNN,
        CC_ND163,
        "Căn cứ Quyết định số 3120/QĐ-UBND ngày 10 tháng 12 năm 2019 của Ủy ban nhân dân tỉnh về việc giao dự "
        "toán thu, chi ngân sách nhà nước năm 2020;",
        "Xét đề nghị của Sở Nội vụ tại Công văn số 98/SNV-VTLT ngày 21 tháng 01 năm 2020, Sở Tài chính kính "
        "trình Ủy ban nhân dân tỉnh xem xét, bổ sung kinh phí năm 2020 cho Sở Nội vụ số tiền 1.285.000.000 đồng "
        "(Một tỷ, hai trăm tám mươi lăm triệu đồng) để thực hiện chỉnh lý tài liệu tồn đọng của các cơ quan đã "
        "giải thể, sáp nhập.",
        "Nguồn kinh phí: từ nguồn dự phòng ngân sách tỉnh năm 2020.",
        "Sở Tài chính kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.",
    ],
    recipients=["Như trên;", "Sở Nội vụ;", "Lưu: VT, HCSN."],
    sig=_sig(["KT. GIÁM ĐỐC"], "PHÓ GIÁM ĐỐC", "Phan Minh Trí", "SỞ TÀI CHÍNH * TỈNH VĨNH LONG * "),
)

DOCS["gm_so_noi_vu_ha_noi_2025"] = dict(
    parent=["UBND THÀNH PHỐ HÀ NỘI"],
    issuer=["SỞ NỘI VỤ"],
    number="08/GM-SNV",
    place="Hà Nội",
    date=(2025, 3, 3),
    doc_type="Giấy mời",
    title="GIẤY MỜI",
    subject_lines=["Dự Hội nghị tập huấn nghiệp vụ văn thư, lưu trữ năm 2025"],
    body=[
        "Thực hiện Kế hoạch số 26/KH-SNV ngày 15 tháng 01 năm 2025 của Sở Nội vụ về công tác văn thư, lưu "
        "trữ năm 2025, Sở Nội vụ trân trọng kính mời:",
        "Đại diện lãnh đạo Văn phòng và công chức làm công tác văn thư, lưu trữ của các sở, ban, ngành; Ủy ban "
        "nhân dân các quận, huyện, thị xã (mỗi đơn vị 02 người).",
        "**Nội dung:** Triển khai Luật Lưu trữ năm 2024 và Thông tư số 02/2019/TT-BNV ngày 24 tháng 01 năm 2019; "
        "hướng dẫn số hóa tài liệu lưu trữ và quản lý tài liệu lưu trữ điện tử.",
        "**Thời gian:** 01 ngày, bắt đầu từ 08 giờ 00, thứ Ba, ngày 11 tháng 3 năm 2025.",
        "**Địa điểm:** Hội trường tầng 3, Sở Nội vụ, số 18B Lê Thánh Tông, quận Hoàn Kiếm, thành phố Hà Nội.",
        "Đề nghị các đơn vị gửi danh sách người tham dự về Phòng Văn thư - Lưu trữ trước ngày 07 tháng 3 năm 2025. "
        "Rất mong các đại biểu tham dự đầy đủ, đúng thành phần./.",
    ],
    recipients=["Như trên;", "Giám đốc Sở (b/c);", "Lưu: VT, VTLT."],
    sig=_sig(["KT. GIÁM ĐỐC"], "PHÓ GIÁM ĐỐC", "Đỗ Thu Hằng", "SỞ NỘI VỤ * THÀNH PHỐ HÀ NỘI * "),
)

DOCS["qd_quy_dinh_quang_ngai_2017"] = dict(
    issuer=["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"],
    number="346/2017/QĐ-UBND",
    place="Quảng Ngãi",
    date=(2017, 6, 21),
    doc_type="Quyết định",
    title="QUYẾT ĐỊNH",
    subject_lines=["Ban hành Quy định về công tác văn thư, lưu trữ", "trên địa bàn tỉnh Quảng Ngãi"],
    body=[
        ("c", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"),
        CC_LTCCQDP.split(";")[0] + ";",
        CC_LBHVBQPPL,
        CC_LLT11,
        "Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư; Nghị "
        "định số 09/2010/NĐ-CP ngày 08 tháng 02 năm 2010 sửa đổi, bổ sung một số điều của Nghị định số "
        "110/2004/NĐ-CP;",
        "Căn cứ Nghị định số 01/2013/NĐ-CP ngày 03 tháng 01 năm 2013 của Chính phủ quy định chi tiết thi hành "
        "một số điều của Luật Lưu trữ;",
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 1105/TTr-SNV ngày 29 tháng 5 năm 2017.",
        ("c", "QUYẾT ĐỊNH:"),
        "**Điều 1.** Ban hành kèm theo Quyết định này Quy định về công tác văn thư, lưu trữ trên địa bàn tỉnh "
        "Quảng Ngãi.",
        "**Điều 2.** Quyết định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2017 và thay thế Quyết định "
        "số 28/2012/QĐ-UBND ngày 14 tháng 9 năm 2012 của Ủy ban nhân dân tỉnh.",
        "**Điều 3.** Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các sở, ban, ngành "
        "thuộc tỉnh, Chủ tịch Ủy ban nhân dân các huyện, thành phố và các cơ quan, tổ chức, cá nhân có liên "
        "quan chịu trách nhiệm thi hành Quyết định này./.",
    ],
    attachment=dict(
        title_lines=["QUY ĐỊNH", "Về công tác văn thư, lưu trữ trên địa bàn tỉnh Quảng Ngãi"],
        note_lines=[
            "(Ban hành kèm theo Quyết định số 346/2017/QĐ-UBND",
            "ngày 21 tháng 6 năm 2017 của Ủy ban nhân dân tỉnh Quảng Ngãi)",
        ],
        body=[
            ("c", "Chương I"),
            ("c", "QUY ĐỊNH CHUNG"),
            "**Điều 1. Phạm vi điều chỉnh** Quy định này quy định về soạn thảo, ban hành văn bản; quản lý văn bản; "
            "lập hồ sơ và giao nộp hồ sơ, tài liệu vào lưu trữ cơ quan; thu thập, bảo quản và tổ chức sử dụng "
            "tài liệu lưu trữ trên địa bàn tỉnh.",
            "**Điều 2. Đối tượng áp dụng** Quy định này áp dụng đối với các cơ quan chuyên môn thuộc Ủy ban nhân "
            "dân tỉnh; Ủy ban nhân dân các huyện, thành phố; Ủy ban nhân dân các xã, phường, thị trấn và các đơn "
            "vị sự nghiệp công lập thuộc tỉnh.",
            ("c", "Chương II"),
            ("c", "CÔNG TÁC VĂN THƯ"),
            "**Điều 3. Quản lý văn bản đến** Tất cả văn bản đến phải được đăng ký vào sổ đăng ký văn bản đến hoặc "
            "cơ sở dữ liệu quản lý văn bản đến; văn bản đến có dấu chỉ các mức độ khẩn phải được đăng ký, trình "
            "và chuyển giao ngay sau khi nhận được.",
            "**Điều 4. Lập hồ sơ** Mỗi cá nhân trong quá trình giải quyết công việc có trách nhiệm lập hồ sơ về "
            "công việc đó; hồ sơ được lập phải phản ánh đúng chức năng, nhiệm vụ của cơ quan, đơn vị.",
            ("c", "Chương III"),
            ("c", "CÔNG TÁC LƯU TRỮ"),
            "**Điều 5. Giao nộp hồ sơ, tài liệu vào lưu trữ cơ quan** Thời hạn giao nộp hồ sơ, tài liệu vào lưu "
            "trữ cơ quan là 01 năm kể từ ngày công việc kết thúc; hồ sơ xây dựng cơ bản là 03 tháng kể từ ngày "
            "công trình được quyết toán.",
            "**Điều 6. Bảo quản tài liệu lưu trữ** " + P_ARCHIVE[0],
            "**Điều 7. Số hóa tài liệu lưu trữ** " + P_ARCHIVE[2],
            "**Điều 8. Sử dụng tài liệu lưu trữ** Cơ quan, tổ chức, cá nhân được sử dụng tài liệu lưu trữ tại phòng "
            "đọc, sao và chứng thực tài liệu lưu trữ theo quy định; việc sử dụng tài liệu có đóng dấu chỉ độ mật "
            "phải được người có thẩm quyền cho phép bằng văn bản.",
            ("c", "Chương IV"),
            ("c", "TỔ CHỨC THỰC HIỆN"),
            "**Điều 9. Trách nhiệm của Sở Nội vụ** Sở Nội vụ có trách nhiệm hướng dẫn, kiểm tra việc thực hiện Quy "
            "định này; tổng hợp tình hình, báo cáo Ủy ban nhân dân tỉnh và Bộ Nội vụ theo định kỳ.",
            "**Điều 10. Trách nhiệm của các cơ quan, tổ chức** " + P_ARCHIVE[5],
            "Trong quá trình thực hiện, nếu có vướng mắc, các cơ quan, tổ chức phản ánh về Sở Nội vụ để tổng hợp, "
            "trình Ủy ban nhân dân tỉnh xem xét, sửa đổi, bổ sung cho phù hợp./.",
        ],
    ),
    recipients=[
        "Như Điều 3;",
        "Văn phòng Chính phủ;",
        "Bộ Nội vụ;",
        "Cục Kiểm tra VBQPPL - Bộ Tư pháp;",
        "TT Tỉnh ủy, TT HĐND tỉnh;",
        "CT, PCT UBND tỉnh;",
        "Lưu: VT, NC.",
    ],
    sig=_sig(["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH", "Trần Ngọc Căng", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI * "),
)

DOCS["nq_hdnd_soc_trang_2020"] = dict(
    issuer=["HỘI ĐỒNG NHÂN DÂN", "TỈNH SÓC TRĂNG"],
    number="12/NQ-HĐND",
    place="Sóc Trăng",
    date=(2020, 7, 10),
    doc_type="Nghị quyết",
    title="NGHỊ QUYẾT",
    subject_lines=["Về nhiệm vụ phát triển kinh tế - xã hội", "sáu tháng cuối năm 2020"],
    body=[
        ("c", "HỘI ĐỒNG NHÂN DÂN TỈNH SÓC TRĂNG"),
        ("c", "KHÓA IX, KỲ HỌP THỨ 16"),
        CC_LTCCQDP,
        CC_NSNN,
        "Xét Báo cáo số 156/BC-UBND ngày 24 tháng 6 năm 2020 của Ủy ban nhân dân tỉnh về tình hình thực hiện "
        "nhiệm vụ phát triển kinh tế - xã hội sáu tháng đầu năm và phương hướng, nhiệm vụ sáu tháng cuối năm "
        "2020; báo cáo thẩm tra của các Ban Hội đồng nhân dân tỉnh; ý kiến thảo luận của đại biểu Hội đồng nhân "
        "dân tỉnh tại kỳ họp.",
        ("c", "QUYẾT NGHỊ:"),
        "**Điều 1.** Hội đồng nhân dân tỉnh cơ bản tán thành đánh giá tình hình thực hiện nhiệm vụ sáu tháng đầu "
        "năm 2020 và các giải pháp chủ yếu sáu tháng cuối năm 2020 nêu trong các báo cáo của Ủy ban nhân dân tỉnh, "
        "đồng thời nhấn mạnh một số nhiệm vụ trọng tâm sau:",
        "1. Thực hiện có hiệu quả mục tiêu kép vừa phòng, chống dịch bệnh Covid-19, vừa phục hồi và phát triển "
        "kinh tế; hỗ trợ người dân, doanh nghiệp gặp khó khăn do ảnh hưởng của dịch bệnh.",
        "2. " + P_FINANCE[3],
        "3. " + P_ADMIN[0],
        "4. Chủ động phòng, chống thiên tai, hạn hán, xâm nhập mặn; bảo đảm nước sinh hoạt cho người dân vùng "
        "ven biển; chuẩn bị tốt các điều kiện cho sản xuất vụ Thu Đông và Đông Xuân.",
        "**Điều 2.** Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này. Thường trực Hội đồng nhân dân, "
        "các Ban Hội đồng nhân dân, các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện.",
        "Nghị quyết này đã được Hội đồng nhân dân tỉnh Sóc Trăng khóa IX, kỳ họp thứ 16 thông qua ngày 10 tháng 7 "
        "năm 2020 và có hiệu lực từ ngày thông qua./.",
    ],
    recipients=[
        "Ủy ban Thường vụ Quốc hội;",
        "Chính phủ;",
        "TT. Tỉnh ủy;",
        "UBND tỉnh;",
        "Đại biểu HĐND tỉnh;",
        "Lưu: VT.",
    ],
    sig=_sig([], "CHỦ TỊCH", "Lâm Văn Mẫn", "HỘI ĐỒNG NHÂN DÂN TỈNH SÓC TRĂNG * "),
)

DOCS["ct_ubnd_quang_ngai_2024"] = dict(
    issuer=["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"],
    number="07/CT-UBND",
    place="Quảng Ngãi",
    date=(2024, 8, 5),
    marks=["HỎA TỐC"],
    doc_type="Chỉ thị",
    title="CHỈ THỊ",
    subject_lines=["Về việc tăng cường công tác phòng, chống thiên tai", "mùa mưa bão năm 2024"],
    body=[
        "Theo dự báo của Trung tâm Khí tượng thủy văn quốc gia, từ nay đến cuối năm 2024 có khả năng xuất hiện "
        "từ 10 đến 12 cơn bão và áp thấp nhiệt đới trên Biển Đông, trong đó có từ 4 đến 5 cơn ảnh hưởng trực tiếp "
        "đến đất liền; mưa lớn tập trung vào các tháng 10 và 11 có nguy cơ gây lũ, lũ quét, sạt lở đất.",
        "Để chủ động ứng phó, giảm thiểu thiệt hại do thiên tai gây ra, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:",
        "1. Thủ trưởng các sở, ban, ngành, Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố rà soát, cập "
        "nhật phương án ứng phó thiên tai theo phương châm bốn tại chỗ; bố trí lực lượng, phương tiện, vật tư "
        "sẵn sàng ứng cứu khi có tình huống xảy ra.",
        "2. Kiểm tra, đánh giá an toàn các hồ chứa nước, đê điều, công trình đang thi công; kiên quyết di dời "
        "người dân ra khỏi khu vực nguy hiểm, nhất là các khu vực có nguy cơ sạt lở, ngập sâu.",
        "3. Sở Nông nghiệp và Phát triển nông thôn chủ trì theo dõi chặt chẽ diễn biến thời tiết, tham mưu Ủy "
        "ban nhân dân tỉnh chỉ đạo, điều hành kịp thời; hướng dẫn người dân thu hoạch sớm lúa và hoa màu.",
        "4. Sở Thông tin và Truyền thông, Đài Phát thanh - Truyền hình tỉnh, Báo Quảng Ngãi tăng thời lượng "
        "thông tin, cảnh báo thiên tai để người dân biết, chủ động phòng tránh.",
        "5. Lưu trữ lịch sử tỉnh và các cơ quan, đơn vị kiểm tra kho lưu trữ, có biện pháp bảo vệ an toàn hồ "
        "sơ, tài liệu, không để tài liệu bị ngập nước, ẩm mốc trong mùa mưa bão.",
        "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu Thủ trưởng các cơ quan, đơn vị và Chủ tịch Ủy ban nhân dân các "
        "huyện, thị xã, thành phố nghiêm túc triển khai thực hiện Chỉ thị này./.",
    ],
    recipients=[
        "Văn phòng Chính phủ;",
        "Ban Chỉ đạo QG về PCTT;",
        "TT Tỉnh ủy, TT HĐND tỉnh;",
        "CT, PCT UBND tỉnh;",
        "Các sở, ban, ngành tỉnh;",
        "UBND các huyện, thị xã, thành phố;",
        "Lưu: VT, KTN.",
    ],
    sig=_sig(["KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Trần Phước Hiền", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI * "),
)

DOCS["tb_ket_luan_ubnd_binh_dinh_2024"] = dict(
    issuer=["ỦY BAN NHÂN DÂN", "TỈNH BÌNH ĐỊNH"],
    number="660/TB-UBND",
    place="Bình Định",
    date=(2024, 12, 31),
    doc_type="Thông báo",
    title="THÔNG BÁO",
    subject_lines=["Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc", "với Sở Nội vụ về công tác năm 2024"],
    body=[
        "Ngày 24 tháng 12 năm 2024, Chủ tịch Ủy ban nhân dân tỉnh chủ trì buổi làm việc với Sở Nội vụ về kết "
        "quả thực hiện nhiệm vụ năm 2024 và phương hướng, nhiệm vụ năm 2025. Sau khi nghe báo cáo của Giám đốc "
        "Sở Nội vụ và ý kiến của các thành viên dự họp, Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:",
        "1. Ghi nhận và đánh giá cao những kết quả Sở Nội vụ đạt được trong năm 2024, nhất là công tác sắp xếp "
        "đơn vị hành chính cấp xã, cải cách hành chính và công tác văn thư, lưu trữ.",
        "2. " + P_ARCHIVE[1],
        "3. Năm 2025, Sở Nội vụ tập trung tham mưu triển khai Luật Lưu trữ năm 2024; hoàn thành số hóa tài liệu "
        "lưu trữ có giá trị bảo quản vĩnh viễn của các phông lưu trữ Ủy ban nhân dân tỉnh giai đoạn 1992 - 2010.",
        "Văn phòng Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.",
    ],
    recipients=["CT, các PCT UBND tỉnh;", "Sở Nội vụ;", "Sở Tài chính;", "VPUB: CVP, PCVP;", "Lưu: VT, NC."],
    sig=_sig(
        ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG"],
        "PHÓ CHÁNH VĂN PHÒNG",
        "Nguyễn Văn Dũng",
        "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH * ",
    ),
)

DOCS["qd_viec_hw_ubnd_ben_tre_2025"] = dict(
    issuer=["ỦY BAN NHÂN DÂN", "TỈNH BẾN TRE"],
    number="125/QĐ-UBND",
    hand_number=True,
    hand_day=True,
    place="Bến Tre",
    date=(2025, 1, 16),
    doc_type="Quyết định",
    title="QUYẾT ĐỊNH",
    subject_lines=["Về việc phê duyệt danh mục hồ sơ, tài liệu", "ưu tiên số hóa năm 2025"],
    body=[
        ("c", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẾN TRE"),
        CC_LTCCQDP,
        CC_LLT24,
        CC_ND30,
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 05/TTr-SNV ngày 08 tháng 01 năm 2025.",
        ("c", "QUYẾT ĐỊNH:"),
        "**Điều 1.** Phê duyệt danh mục hồ sơ, tài liệu ưu tiên số hóa năm 2025 tại Lưu trữ lịch sử tỉnh "
        "(chi tiết tại Phụ lục kèm theo).",
        "**Điều 2.** Giao Sở Nội vụ tổ chức thực hiện việc số hóa bảo đảm đúng quy trình, tiêu chuẩn kỹ thuật; "
        "Sở Tài chính bố trí kinh phí theo quy định.",
        "**Điều 3.** Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở: Nội vụ, Tài chính và Thủ trưởng các "
        "cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này kể từ ngày ký./.",
    ],
    recipients=["Như Điều 3;", "CT, các PCT UBND tỉnh;", "Lưu: VT."],
    sig=_sig(["KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Nguyễn Minh Cảnh", "ỦY BAN NHÂN DÂN TỈNH BẾN TRE * "),
    attachment=dict(
        title_lines=["Phụ lục", "DANH MỤC HỒ SƠ, TÀI LIỆU ƯU TIÊN SỐ HÓA NĂM 2025"],
        note_lines=[
            "(Kèm theo Quyết định số 125/QĐ-UBND ngày 16 tháng 01 năm 2025",
            "của Chủ tịch Ủy ban nhân dân tỉnh Bến Tre)",
        ],
        body=[
            (
                "table",
                dict(
                    cols=[0.08, 0.44, 0.16, 0.16, 0.16],
                    center=[True, False, True, True, True],
                    header=["STT", "Tên phông lưu trữ", "Thời gian", "Số hồ sơ", "Số trang"],
                    rows=[
                        ["1", "Ủy ban nhân dân tỉnh Bến Tre", "1992 - 2000", "4.812", "286.450"],
                        ["2", "Sở Nội vụ", "1992 - 2005", "1.236", "64.120"],
                        ["3", "Sở Tài chính", "1995 - 2005", "982", "51.300"],
                        ["4", "Sở Tài nguyên và Môi trường", "2003 - 2010", "2.145", "138.760"],
                        ["5", "Sở Kế hoạch và Đầu tư", "1992 - 2008", "1.067", "59.840"],
                        ["6", "Hội đồng nhân dân tỉnh", "1994 - 2010", "736", "42.115"],
                        ["", "Tổng cộng", "", "10.978", "642.585"],
                    ],
                ),
            )
        ],
    ),
)

DOCS["cv_bo_noi_vu_mat_2021"] = dict(
    issuer=["BỘ NỘI VỤ"],
    number="45/BNV-VP",
    place="Hà Nội",
    date=(2021, 9, 7),
    marks=["MẬT"],
    doc_type="Công văn",
    vv_lines=["V/v rà soát, xác định độ mật", "của tài liệu lưu trữ năm 2021"],
    kinh_gui=[
        "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;",
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.",
    ],
    body=[
        "Thực hiện Luật Bảo vệ bí mật nhà nước ngày 15 tháng 11 năm 2018 và Nghị định số 26/2020/NĐ-CP ngày 28 "
        "tháng 02 năm 2020 của Chính phủ quy định chi tiết một số điều của Luật Bảo vệ bí mật nhà nước, Bộ Nội "
        "vụ đề nghị các bộ, ngành, địa phương thực hiện một số nội dung sau:",
        "1. Rà soát toàn bộ tài liệu lưu trữ có đóng dấu chỉ độ mật đang bảo quản tại lưu trữ cơ quan và lưu "
        "trữ lịch sử; lập danh mục tài liệu đề nghị giải mật, điều chỉnh độ mật hoặc gia hạn thời hạn bảo vệ bí mật nhà nước.",
        "2. Việc giải mật phải do Hội đồng giải mật thực hiện theo đúng quy định; kết quả giải mật được thông báo "
        "bằng văn bản đến các cơ quan, tổ chức có liên quan.",
        "3. Tài liệu mật khi số hóa phải được thực hiện trên hệ thống không kết nối mạng Internet; bản số hóa "
        "được quản lý, khai thác theo chế độ mật như bản gốc.",
        "4. Không được cung cấp, cho phép khai thác tài liệu mật khi chưa được người có thẩm quyền đồng ý bằng "
        "văn bản; việc sao, chụp tài liệu mật phải được ghi sổ theo dõi.",
        "5. " + P_ARCHIVE[5].replace("Chủ tịch Ủy ban nhân dân tỉnh", "Bộ trưởng Bộ Nội vụ"),
        "Báo cáo kết quả rà soát gửi về Bộ Nội vụ (qua Cục Văn thư và Lưu trữ nhà nước) trước ngày 30 tháng 11 "
        "năm 2021 để tổng hợp, báo cáo Thủ tướng Chính phủ.",
        "Bộ Nội vụ trân trọng đề nghị các cơ quan, đơn vị quan tâm phối hợp thực hiện./.",
    ],
    recipients=["Như trên;", "Bộ trưởng (để b/c);", "Cục VTLTNN;", "Lưu: VT, VP."],
    sig=_sig(["KT. BỘ TRƯỞNG"], "THỨ TRƯỞNG", "Vũ Đăng Minh", "BỘ NỘI VỤ * "),
)

DOCS["kh_so_noi_vu_da_nang_2022"] = dict(
    parent=["UBND THÀNH PHỐ ĐÀ NẴNG"],
    issuer=["SỞ NỘI VỤ"],
    number="213/KH-SNV",
    place="Đà Nẵng",
    date=(2022, 10, 20),
    doc_type="Kế hoạch",
    title="KẾ HOẠCH",
    subject_lines=["Kiểm tra công tác văn thư, lưu trữ năm 2022"],
    body=[
        "Căn cứ Quyết định số 1028/QĐ-UBND ngày 12 tháng 4 năm 2022 của Ủy ban nhân dân thành phố về việc ban "
        "hành Kế hoạch công tác văn thư, lưu trữ năm 2022, Sở Nội vụ xây dựng Kế hoạch kiểm tra như sau:",
        ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
        "Đánh giá thực trạng công tác văn thư, lưu trữ tại các cơ quan, tổ chức; kịp thời hướng dẫn, chấn chỉnh "
        "những tồn tại, hạn chế; việc kiểm tra phải bảo đảm khách quan, đúng quy định, không gây phiền hà.",
        ("h", "II. NỘI DUNG KIỂM TRA"),
        "1. Việc ban hành văn bản chỉ đạo, hướng dẫn về công tác văn thư, lưu trữ; bố trí nhân sự, kho lưu trữ "
        "và trang thiết bị.",
        "2. Việc soạn thảo, ban hành văn bản, quản lý văn bản đi, văn bản đến; quản lý và sử dụng con dấu, "
        "thiết bị lưu khóa bí mật.",
        "3. Việc lập hồ sơ, giao nộp hồ sơ vào lưu trữ cơ quan; chỉnh lý, số hóa tài liệu; "
        + P_ARCHIVE[4][0].lower()
        + P_ARCHIVE[4][1:],
        ("h", "III. THỜI GIAN, ĐỐI TƯỢNG KIỂM TRA"),
        "Từ ngày 01 tháng 11 đến ngày 30 tháng 11 năm 2022 tại 06 sở, ngành và 04 quận, huyện (có lịch cụ thể kèm theo).",
        ("h", "IV. TỔ CHỨC THỰC HIỆN"),
        "Giao Phòng Văn thư - Lưu trữ chủ trì, phối hợp với Chi cục Văn thư - Lưu trữ triển khai Kế hoạch; tổng "
        "hợp kết quả, báo cáo Giám đốc Sở trước ngày 15 tháng 12 năm 2022./.",
    ],
    recipients=["UBND thành phố (b/c);", "Các cơ quan được kiểm tra;", "Lưu: VT, VTLT."],
    sig=_sig([], "GIÁM ĐỐC", "Lê Thị Hoài An", "SỞ NỘI VỤ * THÀNH PHỐ ĐÀ NẴNG * "),
)

DOCS["bc_so_tai_chinh_an_giang_2023"] = dict(
    parent=["UBND TỈNH AN GIANG"],
    issuer=["SỞ TÀI CHÍNH"],
    number="302/BC-STC",
    place="An Giang",
    date=(2023, 11, 28),
    doc_type="Báo cáo",
    title="BÁO CÁO",
    subject_lines=["Tình hình thực hiện dự toán ngân sách nhà nước năm 2023", "và dự toán năm 2024"],
    kinh_gui=["Ủy ban nhân dân tỉnh An Giang."],
    body=[
        "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh tại Công văn số 1520/UBND-KTTH ngày 02 tháng 11 năm 2023, "
        "Sở Tài chính báo cáo tình hình thực hiện dự toán ngân sách nhà nước năm 2023 và xây dựng dự toán năm "
        "2024 như sau:",
        ("h", "I. TÌNH HÌNH THỰC HIỆN DỰ TOÁN NĂM 2023"),
        "1. Thu ngân sách: " + P_FINANCE[0],
        "2. Chi ngân sách: " + P_FINANCE[1],
        P_FINANCE[2],
        ("h", "II. DỰ TOÁN NGÂN SÁCH NĂM 2024"),
        "Dự toán thu ngân sách nhà nước trên địa bàn năm 2024 là 4.560 tỷ đồng, tăng 8,2% so với ước thực hiện "
        "năm 2023; dự toán chi ngân sách địa phương là 10.124 tỷ đồng, trong đó chi đầu tư phát triển 3.215 "
        "tỷ đồng, chi thường xuyên 6.602 tỷ đồng.",
        ("h", "III. KIẾN NGHỊ"),
        P_FINANCE[3],
        "Sở Tài chính kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.",
    ],
    recipients=["Như trên;", "Giám đốc Sở;", "Lưu: VT, NS."],
    sig=_sig(["KT. GIÁM ĐỐC"], "PHÓ GIÁM ĐỐC", "Trần Quốc Việt", "SỞ TÀI CHÍNH * TỈNH AN GIANG * "),
)

DOCS["qd_ubnd_huyen_cai_be_2019"] = dict(
    issuer=["ỦY BAN NHÂN DÂN", "HUYỆN CÁI BÈ"],
    number="1452/QĐ-UBND",
    place="Cái Bè",
    date=(2019, 9, 23),
    doc_type="Quyết định",
    title="QUYẾT ĐỊNH",
    subject_lines=[
        "Về việc thành lập Hội đồng xác định giá trị tài liệu",
        "của Ủy ban nhân dân huyện Cái Bè",
    ],
    body=[
        ("c", "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN CÁI BÈ"),
        CC_LTCCQDP.split(";")[0] + ";",
        CC_LLT11,
        "Xét đề nghị của Trưởng phòng Nội vụ huyện.",
        ("c", "QUYẾT ĐỊNH:"),
        "**Điều 1.** Thành lập Hội đồng xác định giá trị tài liệu của Ủy ban nhân dân huyện Cái Bè gồm các ông, bà có tên sau:",
        "1. Ông Nguyễn Văn Bảy, Phó Chủ tịch Ủy ban nhân dân huyện, Chủ tịch Hội đồng;",
        "2. Bà Lê Thị Thu Trang, Trưởng phòng Nội vụ, Phó Chủ tịch Hội đồng;",
        "3. Ông Phạm Minh Khoa, Chánh Văn phòng HĐND và UBND huyện, thành viên;",
        "4. Bà Đặng Thị Ngọc Hân, công chức làm công tác lưu trữ, thư ký Hội đồng.",
        "**Điều 2.** Hội đồng có nhiệm vụ xem xét danh mục tài liệu hết giá trị, đề nghị Chủ tịch Ủy ban nhân dân "
        "huyện trình cấp có thẩm quyền thẩm định trước khi quyết định hủy. Hội đồng tự giải thể sau khi hoàn thành nhiệm vụ.",
        "**Điều 3.** Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Nội vụ và các ông, bà có tên tại Điều 1 chịu "
        "trách nhiệm thi hành Quyết định này kể từ ngày ký./.",
    ],
    recipients=["Như Điều 3;", "Lưu: VT."],
    sig=_sig([], "CHỦ TỊCH", "Trương Văn Hùng", "ỦY BAN NHÂN DÂN HUYỆN CÁI BÈ * "),
)

DOCS["cv_ubnd_tinh_khan_2023"] = dict(
    issuer=["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP"],
    number="1187/UBND-NC",
    place="Đồng Tháp",
    date=(2023, 4, 3),
    marks=["KHẨN"],
    doc_type="Công văn",
    vv_lines=["V/v báo cáo số liệu phục vụ", "sơ kết công tác lưu trữ"],
    kinh_gui=["Sở Nội vụ tỉnh Đồng Tháp."],
    body=[
        "Thực hiện Công văn số 512/BNV-VTLTNN ngày 27 tháng 3 năm 2023 của Bộ Nội vụ về việc sơ kết công tác "
        "văn thư, lưu trữ, Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị liên "
        "quan tổng hợp số liệu về tài liệu lưu trữ, kho lưu trữ và nhân sự làm công tác văn thư, lưu trữ trên "
        "địa bàn tỉnh; dự thảo báo cáo của Ủy ban nhân dân tỉnh, trình trước ngày 10 tháng 4 năm 2023.",
        "Đây là nội dung quan trọng, thời gian gấp; đề nghị Giám đốc Sở Nội vụ quan tâm chỉ đạo thực hiện đúng "
        "thời hạn quy định./.",
    ],
    recipients=["Như trên;", "CT, các PCT UBND tỉnh;", "Lưu: VT, NC."],
    sig=_sig(["TL. CHỦ TỊCH"], "CHÁNH VĂN PHÒNG", "Phạm Thị Kim Chi", "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP * "),
)

DOCS["tb_ubnd_huyen_lich_tiep_dan_2022"] = dict(
    issuer=["ỦY BAN NHÂN DÂN", "HUYỆN THOẠI SƠN"],
    number="56/TB-UBND",
    place="Thoại Sơn",
    date=(2022, 8, 29),
    doc_type="Thông báo",
    title="THÔNG BÁO",
    subject_lines=["Lịch tiếp công dân định kỳ tháng 9 năm 2022"],
    body=[
        "Thực hiện Luật Tiếp công dân ngày 25 tháng 11 năm 2013 và Nghị định số 64/2014/NĐ-CP ngày 26 tháng 6 "
        "năm 2014 của Chính phủ quy định chi tiết một số điều của Luật Tiếp công dân, Ủy ban nhân dân huyện "
        "thông báo lịch tiếp công dân định kỳ tháng 9 năm 2022 như sau:",
        "1. Ngày 08 tháng 9 năm 2022: ông Nguyễn Thanh Sơn, Chủ tịch Ủy ban nhân dân huyện tiếp công dân.",
        "2. Ngày 22 tháng 9 năm 2022: bà Võ Thị Kim Loan, Phó Chủ tịch Ủy ban nhân dân huyện tiếp công dân.",
        "Địa điểm: Trụ sở Tiếp công dân huyện Thoại Sơn, số 12 đường Nguyễn Huệ, thị trấn Núi Sập. Thời gian: "
        "buổi sáng từ 07 giờ 30 đến 11 giờ 00.",
        "Ủy ban nhân dân huyện thông báo để cơ quan, tổ chức và công dân biết, liên hệ./.",
    ],
    recipients=["TT. Huyện ủy, TT. HĐND huyện;", "UBMTTQVN huyện;", "UBND các xã, thị trấn;", "Lưu: VT."],
    sig=_sig(["TL. CHỦ TỊCH"], "CHÁNH VĂN PHÒNG", "Lâm Thị Bích Ngọc", "ỦY BAN NHÂN DÂN HUYỆN THOẠI SƠN * "),
)

DOCS["qd_uy_ban_1996_typewriter"] = dict(
    typewriter=True,
    body_size=12.0,
    head_size=11.5,
    leading=1.35,
    issuer=["UỶ BAN NHÂN DÂN", "TỈNH CẦN THƠ"],
    number="159/QĐ-UB",
    place="Cần Thơ",
    date=(1996, 4, 2),
    quoc_hieu="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    doc_type="Quyết định",
    title="QUYẾT ĐỊNH CỦA UỶ BAN NHÂN DÂN TỈNH CẦN THƠ",
    subject_lines=["V/v thành lập Trung tâm Lưu trữ tỉnh"],
    body=[
        ("c", "UỶ BAN NHÂN DÂN TỈNH CẦN THƠ"),
        "Căn cứ Luật Tổ chức Hội đồng nhân dân và Uỷ ban nhân dân ngày 21 tháng 6 năm 1994;",
        "Căn cứ Pháp lệnh Bảo vệ tài liệu lưu trữ quốc gia ngày 11 tháng 12 năm 1982;",
        "Căn cứ Nghị định số 38-HĐBT ngày 30 tháng 01 năm 1992 của Hội đồng Bộ trưởng về việc thành lập Cục Lưu "
        "trữ Nhà nước;",
        "Xét đề nghị của Trưởng Ban Tổ chức chính quyền tỉnh tại Tờ trình số 47/TT-TCCQ ngày 15 tháng 3 năm 1996,",
        ("c", "QUYẾT ĐỊNH"),
        "Điều 1: Nay thành lập Trung tâm Lưu trữ tỉnh Cần Thơ trực thuộc Văn phòng Uỷ ban nhân dân tỉnh, có "
        "nhiệm vụ thu thập, bảo quản an toàn và tổ chức sử dụng tài liệu lưu trữ của các cơ quan, tổ chức thuộc "
        "nguồn nộp lưu. Trung tâm có con dấu riêng và được mở tài khoản tại Kho bạc Nhà nước tỉnh.",
        "Điều 2: Biên chế của Trung tâm Lưu trữ tỉnh gồm 08 người, nằm trong tổng biên chế hành chính sự nghiệp "
        "của tỉnh năm 1996. Kinh phí hoạt động do ngân sách tỉnh cấp theo kế hoạch hàng năm.",
        "Điều 3: Chánh Văn phòng Uỷ ban nhân dân tỉnh, Trưởng Ban Tổ chức chính quyền tỉnh, Giám đốc Sở Tài chính "
        "- Vật giá và Thủ trưởng các ngành có liên quan chịu trách nhiệm thi hành Quyết định này kể từ ngày ký./.",
    ],
    recipients=["Như Điều 3;", "Cục Lưu trữ Nhà nước;", "TT. Tỉnh uỷ, TT. HĐND tỉnh;", "Lưu VP."],
    sig=_sig(
        ["T/M UỶ BAN NHÂN DÂN TỈNH CẦN THƠ", "K/T CHỦ TỊCH"],
        "PHÓ CHỦ TỊCH",
        "Nguyễn Thanh Sơn",
        "UỶ BAN NHÂN DÂN TỈNH CẦN THƠ * ",
    ),
)

DOCS["cv_so_van_hoa_1998_hoa"] = dict(
    typewriter=True,
    body_size=12.0,
    head_size=11.5,
    leading=1.35,
    parent=["UỶ BAN NHÂN DÂN", "TỈNH KHÁNH HOÀ"],
    issuer=["SỞ VĂN HOÁ - THÔNG TIN"],
    number="217/VHTT",
    place="Nha Trang",
    date=(1998, 11, 6),
    quoc_hieu="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    doc_type="Công văn",
    vv_lines=["V/v giao nộp tài liệu", "lưu trữ năm 1998"],
    kinh_gui=["Trung tâm Lưu trữ tỉnh Khánh Hoà."],
    body=[
        "Thực hiện Công văn số 1204/UB ngày 02 tháng 9 năm 1998 của Uỷ ban nhân dân tỉnh Khánh Hoà về việc thu "
        "thập tài liệu vào Trung tâm Lưu trữ tỉnh, Sở Văn hoá - Thông tin đã tiến hành chỉnh lý tài liệu giai "
        "đoạn 1976 - 1990, gồm 412 hồ sơ, 9 mét giá tài liệu.",
        "Sở Văn hoá - Thông tin đề nghị Trung tâm Lưu trữ tỉnh bố trí thời gian tiếp nhận tài liệu trong tháng "
        "11 năm 1998. Hồ sơ giao nộp kèm theo mục lục hồ sơ (03 bản) và danh mục tài liệu có đóng dấu chỉ mức "
        "độ mật.",
        "Đề nghị Quý Trung tâm xem xét, phối hợp thực hiện./.",
    ],
    recipients=["Như trên;", "Lưu VP."],
    sig=_sig(
        ["K/T GIÁM ĐỐC SỞ VĂN HOÁ - THÔNG TIN"],
        "PHÓ GIÁM ĐỐC",
        "Trần Văn Hoà",
        "SỞ VĂN HOÁ THÔNG TIN KHÁNH HOÀ * ",
    ),
)

DOCS["bc_hdnd_huyen_2018"] = dict(
    issuer=["HỘI ĐỒNG NHÂN DÂN", "HUYỆN CỦ CHI"],
    number="38/BC-HĐND",
    place="Củ Chi",
    date=(2018, 12, 4),
    doc_type="Báo cáo",
    title="BÁO CÁO",
    subject_lines=[
        "Kết quả giám sát việc giải quyết thủ tục hành chính",
        "về đất đai trên địa bàn huyện năm 2018",
    ],
    body=[
        "Thực hiện Nghị quyết số 05/NQ-HĐND ngày 12 tháng 7 năm 2018 của Hội đồng nhân dân huyện về chương trình "
        "giám sát năm 2018, Thường trực Hội đồng nhân dân huyện đã tổ chức giám sát tại Ủy ban nhân dân huyện, "
        "Chi nhánh Văn phòng Đăng ký đất đai và 05 xã. Kết quả như sau:",
        "1. Trong năm, các cơ quan đã tiếp nhận 18.426 hồ sơ, giải quyết đúng hạn 17.912 hồ sơ, đạt 97,2%; số hồ "
        "sơ trễ hạn chủ yếu do phải xác minh nguồn gốc đất và chờ ý kiến của các cơ quan liên quan.",
        "2. " + P_ADMIN[1],
        "3. Kiến nghị Ủy ban nhân dân huyện chỉ đạo rà soát, số hóa hồ sơ địa chính; công khai quy trình, thời "
        "hạn giải quyết; xử lý trách nhiệm đối với tập thể, cá nhân để hồ sơ trễ hạn kéo dài.",
        "Thường trực Hội đồng nhân dân huyện báo cáo kết quả giám sát./.",
    ],
    recipients=["TT. Huyện ủy;", "UBND huyện;", "Đại biểu HĐND huyện;", "Lưu: VT."],
    sig=_sig(
        ["TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN"],
        "PHÓ CHỦ TỊCH",
        "Nguyễn Thị Ngọc Lan",
        "HỘI ĐỒNG NHÂN DÂN HUYỆN CỦ CHI * ",
    ),
)

DOCS["ttr_ubnd_huyen_2016"] = dict(
    issuer=["ỦY BAN NHÂN DÂN", "HUYỆN ĐỨC HÒA"],
    number="92/TTr-UBND",
    place="Đức Hòa",
    date=(2016, 10, 17),
    doc_type="Tờ trình",
    title="TỜ TRÌNH",
    subject_lines=["Đề nghị phê duyệt dự án cải tạo, nâng cấp", "kho lưu trữ huyện Đức Hòa"],
    kinh_gui=["Ủy ban nhân dân tỉnh Long An."],
    body=[
        "Kho lưu trữ của Ủy ban nhân dân huyện được xây dựng từ năm 1998, diện tích 120 mét vuông, hiện đã xuống "
        "cấp nghiêm trọng: mái dột, tường thấm nước, không có hệ thống điều hòa và báo cháy; tài liệu bảo quản "
        "trong kho có nguy cơ bị hư hỏng.",
        "Để bảo đảm an toàn tài liệu lưu trữ, Ủy ban nhân dân huyện Đức Hòa kính trình Ủy ban nhân dân tỉnh xem "
        "xét, phê duyệt dự án cải tạo, nâng cấp kho lưu trữ huyện với tổng mức đầu tư 2.450.000.000 đồng, từ "
        "nguồn vốn ngân sách tỉnh hỗ trợ có mục tiêu năm 2017.",
        "Ủy ban nhân dân huyện Đức Hòa kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.",
    ],
    recipients=["Như trên;", "Sở Kế hoạch và Đầu tư;", "Sở Nội vụ;", "Lưu: VT."],
    sig=_sig(
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
        "PHÓ CHỦ TỊCH",
        "Phan Văn Liêm",
        "ỦY BAN NHÂN DÂN HUYỆN ĐỨC HÒA * ",
    ),
)

DOCS["qd_bo_tai_chinh_2010"] = dict(
    issuer=["BỘ TÀI CHÍNH"],
    number="2871/QĐ-BTC",
    place="Hà Nội",
    date=(2010, 11, 15),
    doc_type="Quyết định",
    title="QUYẾT ĐỊNH",
    subject_lines=["Về việc ban hành Danh mục hồ sơ, tài liệu", "nộp lưu vào Lưu trữ Bộ Tài chính"],
    body=[
        ("c", "BỘ TRƯỞNG BỘ TÀI CHÍNH"),
        "Căn cứ Pháp lệnh Lưu trữ quốc gia ngày 04 tháng 4 năm 2001;",
        "Căn cứ Nghị định số 118/2008/NĐ-CP ngày 27 tháng 11 năm 2008 của Chính phủ quy định chức năng, nhiệm vụ, "
        "quyền hạn và cơ cấu tổ chức của Bộ Tài chính;",
        "Xét đề nghị của Chánh Văn phòng Bộ,",
        ("c", "QUYẾT ĐỊNH:"),
        "**Điều 1.** Ban hành kèm theo Quyết định này Danh mục hồ sơ, tài liệu thuộc diện nộp lưu vào Lưu trữ Bộ "
        "Tài chính của các đơn vị thuộc Bộ.",
        "**Điều 2.** Quyết định này có hiệu lực thi hành kể từ ngày ký.",
        "**Điều 3.** Chánh Văn phòng Bộ, Thủ trưởng các đơn vị thuộc Bộ chịu trách nhiệm thi hành Quyết định này./.",
    ],
    recipients=["Như Điều 3;", "Lãnh đạo Bộ;", "Cục VTLTNN;", "Lưu: VT, VP."],
    sig=_sig(["KT. BỘ TRƯỞNG"], "THỨ TRƯỞNG", "Phạm Sỹ Danh", "BỘ TÀI CHÍNH * "),
)

DOCS["kh_so_giao_duc_2025"] = dict(
    parent=["UBND TỈNH LÂM ĐỒNG"],
    issuer=["SỞ GIÁO DỤC VÀ ĐÀO TẠO"],
    number="09/KH-SGDĐT",
    place="Lâm Đồng",
    date=(2025, 2, 18),
    doc_type="Kế hoạch",
    title="KẾ HOẠCH",
    subject_lines=["Thực hiện công tác văn thư, lưu trữ năm 2025"],
    body=[
        "Căn cứ Kế hoạch số 1176/KH-UBND ngày 20 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh về công tác văn thư, "
        "lưu trữ năm 2025; Sở Giáo dục và Đào tạo ban hành Kế hoạch thực hiện như sau:",
        "1. " + P_EDU[0],
        "2. Lập danh mục hồ sơ năm 2025 của Sở; hướng dẫn các phòng chuyên môn lập hồ sơ điện "
        "tử và giao nộp vào lưu trữ cơ quan đúng thời hạn.",
        "3. Hoàn thành chỉnh lý tài liệu giai đoạn 2015 - 2020 và số hóa hồ sơ văn bằng, chứng chỉ của học sinh.",
        "Giao Văn phòng Sở theo dõi, đôn đốc, tổng hợp kết quả thực hiện, báo cáo Giám đốc Sở./.",
    ],
    recipients=["Sở Nội vụ;", "Giám đốc, các PGĐ Sở;", "Lưu: VT, VP."],
    sig=_sig(
        ["KT. GIÁM ĐỐC"], "PHÓ GIÁM ĐỐC", "Nguyễn Thị Xuân Mai", "SỞ GIÁO DỤC VÀ ĐÀO TẠO * TỈNH LÂM ĐỒNG * "
    ),
)

DOCS["thu_cam_on_no_layout"] = dict(
    no_layout=True,
    body_size=13.5,
    body=[
        ("l", "Thân gửi các anh, chị cán bộ Phòng Lưu trữ,"),
        "Thay mặt gia đình, tôi xin chân thành cảm ơn các anh, chị đã nhiệt tình giúp đỡ tôi tìm lại hồ sơ cấp đất "
        "của cha tôi từ năm 1993. Nhờ bản sao hồ sơ được cung cấp kịp thời, gia đình tôi đã hoàn tất thủ tục "
        "thừa kế theo đúng quy định.",
        "Tôi rất cảm kích sự tận tình, chu đáo của các anh, chị trong lúc công việc rất bận rộn. Kính chúc các "
        "anh, chị luôn mạnh khỏe, hạnh phúc và thành công trong công việc.",
        ("l", "Trân trọng cảm ơn!"),
        ("gap", 20),
        ("l", "Người viết thư"),
        ("l", "Lê Văn Thành"),
    ],
)

DOCS["bang_thong_ke_no_layout"] = dict(
    no_layout=True,
    body_size=13.0,
    body=[
        ("c", "BẢNG THỐNG KÊ TÀI LIỆU LƯU TRỮ THEO PHÔNG"),
        ("ci", "(số liệu đến hết quý III)"),
        (
            "table",
            dict(
                cols=[0.08, 0.40, 0.16, 0.18, 0.18],
                center=[True, False, True, True, True],
                size=12,
                header=["STT", "Tên phông", "Mét giá", "Số hồ sơ", "Đã số hóa"],
                rows=[
                    ["1", "Văn phòng Ủy ban nhân dân", "128,5", "15.420", "9.870"],
                    ["2", "Sở Nội vụ", "46,0", "5.312", "3.004"],
                    ["3", "Sở Tài chính", "52,5", "6.118", "2.450"],
                    ["4", "Sở Xây dựng", "38,0", "4.075", "1.122"],
                    ["5", "Sở Y tế", "29,5", "3.290", "815"],
                    ["6", "Thanh tra tỉnh", "12,0", "1.364", "1.364"],
                    ["", "Cộng", "306,5", "35.579", "18.625"],
                ],
            ),
        ),
        ("l", "Ghi chú: số liệu do các phòng chuyên môn cung cấp, chưa được kiểm tra đối chiếu."),
    ],
)

# Born-digital and e-signed: the number and the day are left blank in the text and stamped into
# the blanks at signing as signature-field appearances (see pdfout.esign).
DOCS["tb_ubnd_gia_lai_ky_so_2024"] = dict(
    issuer=["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI"],
    number="417/TB-UBND",
    place="Gia Lai",
    date=(2024, 10, 8),
    doc_type="Thông báo",
    title="THÔNG BÁO",
    subject_lines=[
        "Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp",
        "về tiến độ xây dựng cơ sở dữ liệu tài liệu lưu trữ điện tử",
    ],
    body=[
        "Ngày 02 tháng 10 năm 2024, Phó Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp nghe Sở Nội vụ báo "
        "cáo tiến độ xây dựng cơ sở dữ liệu tài liệu lưu trữ điện tử của tỉnh. Tham dự cuộc họp có lãnh đạo "
        "Văn phòng Ủy ban nhân dân tỉnh, các Sở: Nội vụ, Tài chính, Thông tin và Truyền thông và Trung tâm "
        "Lưu trữ lịch sử tỉnh. Sau khi nghe báo cáo và ý kiến của các đại biểu, Phó Chủ tịch Ủy ban nhân dân "
        "tỉnh kết luận như sau:",
        "1. Ghi nhận sự chủ động của Sở Nội vụ trong tham mưu triển khai số hóa tài liệu lưu trữ; đến nay đã "
        "số hóa 386.200 trang tài liệu thuộc các phông lưu trữ Ủy ban nhân dân tỉnh giai đoạn 1991 - 2005, "
        "đạt 62,4% kế hoạch năm 2024.",
        "2. Giao Sở Nội vụ chủ trì, phối hợp với Sở Thông tin và Truyền thông hoàn thiện phần mềm quản lý tài "
        "liệu lưu trữ điện tử, bảo đảm kết nối với Hệ thống quản lý văn bản và điều hành của tỉnh; hoàn "
        "thành trước ngày 15 tháng 12 năm 2024.",
        "3. Giao Sở Tài chính tham mưu bố trí kinh phí số hóa năm 2025 trong dự toán ngân sách tỉnh, trên cơ "
        "sở đề xuất của Sở Nội vụ và khối lượng tài liệu cần số hóa của từng phông.",
        "4. " + P_ARCHIVE[4],
        "Văn phòng Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.",
    ],
    recipients=[
        "Sở Nội vụ;",
        "Sở Tài chính;",
        "Sở Thông tin và Truyền thông;",
        "CT, các PCT UBND tỉnh;",
        "VPUB: CVP, PCVP;",
        "Lưu: VT, NC.",
    ],
    sig=_sig(["TL. CHỦ TỊCH"], "CHÁNH VĂN PHÒNG", "Hồ Minh Khoa", "ỦY BAN NHÂN DÂN TỈNH GIA LAI * "),
    esign=dict(
        signer_time="20241008143105",
        stamp_time="20241008152040",
        box_time="20241008161502",
        box_lines=[
            "Ký bởi: Văn phòng Ủy ban nhân dân tỉnh",
            "Cơ quan: Tỉnh Gia Lai",
            "Thời gian ký: 08.10.2024 16:15:02 +07:00",
        ],
    ),
)

# --- documents citing other samples (related documents, issue 14) ---------------------------------
# Each lists its references as ground truth: relation (can_cu, thay_the, bai_bo, sua_doi,
# thuc_hien for any other citation), type, number (None for a law cited by name), date, issuer
# as printed after "của", and a law's name. ``in_archive``: the sample it names, when there is one.


def _ref(relation, doc_type, number, issued, issuer=None, name=None, in_archive=None):
    return {"relation": relation, "doc_type": doc_type, "number": number, "issued_date": issued,
            "issuer": issuer, "name": name, "in_archive": in_archive}


DOCS["qd_sua_doi_quy_dinh_quang_ngai_2019"] = dict(
    issuer=["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"],
    number="18/2019/QĐ-UBND",
    place="Quảng Ngãi",
    date=(2019, 8, 12),
    doc_type="Quyết định",
    title="QUYẾT ĐỊNH",
    subject_lines=["Sửa đổi, bổ sung một số điều của Quy định về công tác văn thư,",
                   "lưu trữ trên địa bàn tỉnh Quảng Ngãi"],
    body=[
        ("c", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"),
        CC_LTCCQDP.split(";")[0] + ";",
        CC_LLT11,
        "Căn cứ Thông tư số 04/2013/TT-BNV ngày 16 tháng 4 năm 2013 của Bộ trưởng Bộ "
        "Nội vụ hướng dẫn xây dựng Quy chế công tác văn thư, lưu trữ của các cơ quan, tổ chức;",
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 842/TTr-SNV ngày 26 tháng 7 năm 2019.",
        ("c", "QUYẾT ĐỊNH:"),
        "**Điều 1.** Sửa đổi, bổ sung một số điều của Quy định về công tác văn thư, lưu trữ trên địa "
        "bàn tỉnh Quảng Ngãi ban hành kèm theo Quyết định số 346/2017/QĐ-UBND ngày 21 tháng 6 năm 2017 "
        "của Ủy ban nhân dân tỉnh như sau:",
        "1. Khoản 2 Điều 5 được sửa đổi như sau: \"2. Văn bản đi phải được đăng ký vào sổ hoặc cơ sở dữ "
        "liệu quản lý văn bản trong ngày ký ban hành; văn bản điện tử được ký số theo quy định.\"",
        "2. Bổ sung khoản 4 vào Điều 12 như sau: \"4. Hồ sơ, tài liệu điện tử được giao nộp vào lưu trữ "
        "cơ quan cùng với dữ liệu đặc tả theo quy định.\"",
        "**Điều 2.** Bãi bỏ Công văn số 1520/UBND-NC ngày 15 tháng 4 năm 2018 của Ủy ban nhân dân tỉnh "
        "về việc lập hồ sơ điện tử tại các cơ quan, tổ chức.",
        "**Điều 3.** Quyết định này có hiệu lực thi hành kể từ ngày 01 tháng 9 năm 2019. Chánh Văn phòng "
        "Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các sở, ban, ngành thuộc tỉnh, Chủ tịch Ủy "
        "ban nhân dân các huyện, thành phố chịu trách nhiệm thi hành Quyết định này./.",
    ],
    recipients=["Như Điều 3;", "Bộ Nội vụ;", "Cục Kiểm tra văn bản QPPL - Bộ Tư pháp;",
                "CT, các PCT UBND tỉnh;", "Lưu: VT, NC."],
    sig=_sig(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Trần Ngọc Căng",
             "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI * "),
    references=[
        _ref("can_cu", "Luật", None, "2015-06-19",
             name="Luật Tổ chức chính quyền địa phương"),
        _ref("can_cu", "Luật", None, "2011-11-11", name="Luật Lưu trữ"),
        _ref("can_cu", "Thông tư", "04/2013/TT-BNV", "2013-04-16", "Bộ trưởng Bộ Nội vụ"),
        _ref("thuc_hien", "Tờ trình", "842/TTr-SNV", "2019-07-26"),
        _ref("sua_doi", "Quyết định", "346/2017/QĐ-UBND", "2017-06-21", "Ủy ban nhân dân tỉnh",
             in_archive="qd_quy_dinh_van_thu_quang_ngai_2017"),
        _ref("bai_bo", "Công văn", "1520/UBND-NC", "2018-04-15", "Ủy ban nhân dân tỉnh"),
    ],
)

DOCS["kh_thay_the_so_giao_duc_lam_dong_2025"] = dict(
    parent=["UBND TỈNH LÂM ĐỒNG"],
    issuer=["SỞ GIÁO DỤC VÀ ĐÀO TẠO"],
    number="27/KH-SGDĐT",
    place="Lâm Đồng",
    date=(2025, 6, 10),
    doc_type="Kế hoạch",
    title="KẾ HOẠCH",
    subject_lines=["Thực hiện công tác văn thư, lưu trữ năm 2025", "(điều chỉnh)"],
    body=[
        "Căn cứ Kế hoạch số 1176/KH-UBND ngày 20 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh về công "
        "tác văn thư, lưu trữ năm 2025;",
        "Thực hiện Công văn số 835/SNV-VTLT ngày 28 tháng 5 năm 2025 của Sở Nội vụ về việc triển khai "
        "Luật Lưu trữ năm 2024, Sở Giáo dục và Đào tạo ban hành Kế hoạch như sau:",
        "1. " + P_EDU[0],
        "2. Lập danh mục hồ sơ năm 2025 của Sở; hướng dẫn các phòng chuyên môn lập hồ sơ điện "
        "tử và giao nộp vào lưu trữ cơ quan đúng thời hạn.",
        "3. Hoàn thành số hóa hồ sơ văn bằng, chứng chỉ của học sinh giai đoạn 2010 - 2020 trước "
        "ngày 30 tháng 11 năm 2025.",
        "Kế hoạch này thay thế Kế hoạch số 09/KH-SGDĐT ngày 18 tháng 02 năm 2025 của Sở Giáo dục và "
        "Đào tạo. Giao Văn phòng Sở theo dõi, đôn đốc, tổng hợp kết quả thực hiện, báo cáo Giám đốc Sở./.",
    ],
    recipients=["Sở Nội vụ;", "Giám đốc, các PGĐ Sở;", "Lưu: VT, VP."],
    sig=_sig(
        ["KT. GIÁM ĐỐC"], "PHÓ GIÁM ĐỐC", "Nguyễn Thị Xuân Mai", "SỞ GIÁO DỤC VÀ ĐÀO TẠO * TỈNH LÂM ĐỒNG * "
    ),
    references=[
        _ref("can_cu", "Kế hoạch", "1176/KH-UBND", "2025-01-20", "Ủy ban nhân dân tỉnh"),
        _ref("thuc_hien", "Công văn", "835/SNV-VTLT", "2025-05-28", "Sở Nội vụ"),
        _ref("thay_the", "Kế hoạch", "09/KH-SGDĐT", "2025-02-18", "Sở Giáo dục và Đào tạo",
             in_archive="kh_so_giao_duc_lam_dong_2025"),
    ],
)

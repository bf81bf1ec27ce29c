"""Shared Vietnamese text fragments (Căn cứ lines, body paragraphs).

Some cite documents of a given day (the Luật Lưu trữ of 2024, Nghị định 30/2020, the 2019 amending
law in CC_LTCCQDP, Thông tư 05/2025 in P_ARCHIVE[3]): a document dated earlier must not print them
as they are (no document cites a later one): ``period_correct`` gives the text it prints instead.
"""

CC_LTCCQDP = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung "
    "một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"
)
CC_LBHVBQPPL = "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015;"
CC_ND30 = "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;"
CC_LLT11 = "Căn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011;"
CC_LLT24 = "Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;"
CC_TT02 = (
    "Căn cứ Thông tư số 02/2019/TT-BNV ngày 24 tháng 01 năm 2019 của Bộ trưởng Bộ Nội vụ quy định tiêu "
    "chuẩn dữ liệu thông tin đầu vào và yêu cầu bảo quản tài liệu lưu trữ điện tử;"
)
CC_NSNN = "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;"
CC_ND163 = (
    "Căn cứ Nghị định số 163/2016/NĐ-CP ngày 21 tháng 12 năm 2016 của Chính phủ quy định chi tiết thi "
    "hành một số điều của Luật Ngân sách nhà nước;"
)

P_ARCHIVE = [
    "Trong những năm qua, công tác văn thư, lưu trữ trên địa bàn tỉnh đã có nhiều chuyển biến tích cực. "
    "Các cơ quan, tổ chức đã quan tâm bố trí kho lưu trữ, trang thiết bị bảo quản và nhân lực làm công tác "
    "lưu trữ; việc lập hồ sơ và giao nộp hồ sơ, tài liệu vào lưu trữ cơ quan từng bước đi vào nền nếp.",
    "Tuy nhiên, khối lượng tài liệu tồn đọng, tích đống chưa được chỉnh lý còn lớn; nhiều kho lưu trữ "
    "chật hẹp, xuống cấp, không bảo đảm nhiệt độ, độ ẩm theo quy định; việc số hóa tài liệu và xây dựng "
    "cơ sở dữ liệu tài liệu lưu trữ còn chậm, chưa đáp ứng yêu cầu khai thác, sử dụng của tổ chức, cá nhân.",
    "Việc số hóa phải bảo đảm tài liệu số có giá trị pháp lý như bản gốc, được lưu trữ an toàn, lâu dài; "
    "tài liệu giấy sau khi số hóa vẫn được bảo quản theo chế độ hiện hành, không được hủy bỏ khi chưa có "
    "quyết định của cấp có thẩm quyền.",
    "Dữ liệu đặc tả của từng văn bản gồm: số và ký hiệu văn bản, ngày tháng năm ban hành, tên loại văn bản, "
    "trích yếu nội dung, cơ quan ban hành, người ký, số lượng trang và các thông tin khác theo quy định "
    "tại Thông tư số 05/2025/TT-BNV ngày 14 tháng 5 năm 2025 của Bộ trưởng Bộ Nội vụ.",
    "Các cơ quan, đơn vị chủ động rà soát, thống kê số lượng hồ sơ, tài liệu đang bảo quản; xác định thành "
    "phần tài liệu có giá trị bảo quản vĩnh viễn để ưu tiên số hóa trước; lập danh mục hồ sơ đề nghị số hóa "
    "gửi về Sở Nội vụ trước ngày 30 tháng 6 hằng năm để tổng hợp.",
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân tỉnh về việc để xảy ra "
    "mất mát, hư hỏng hồ sơ, tài liệu thuộc phạm vi quản lý; kịp thời báo cáo những khó khăn, vướng mắc "
    "phát sinh trong quá trình thực hiện để được hướng dẫn, giải quyết.",
]

P_FINANCE = [
    "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 4.215 tỷ đồng, bằng 103,6% dự toán Hội đồng nhân dân "
    "tỉnh giao và tăng 8,2% so với cùng kỳ năm trước; trong đó thu nội địa đạt 3.870 tỷ đồng, thu từ hoạt "
    "động xuất khẩu, nhập khẩu đạt 345 tỷ đồng.",
    "Tổng chi ngân sách địa phương ước thực hiện 9.642 tỷ đồng, đạt 96,4% dự toán; chi đầu tư phát triển "
    "được tập trung cho các công trình trọng điểm, các dự án chuyển tiếp và hoàn trả các khoản vốn ứng "
    "trước; chi thường xuyên cơ bản đáp ứng nhiệm vụ chính trị của các cơ quan, đơn vị.",
    "Công tác quản lý, điều hành ngân sách được thực hiện chặt chẽ, tiết kiệm, đúng quy định; việc giải "
    "ngân vốn đầu tư công còn chậm ở một số dự án do vướng mắc trong công tác bồi thường, giải phóng mặt "
    "bằng và thủ tục điều chỉnh chủ trương đầu tư.",
    "Đề nghị các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố tiếp tục tăng cường kỷ luật, kỷ "
    "cương tài chính; rà soát, cắt giảm các khoản chi chưa thật sự cần thiết; quản lý chặt chẽ các nguồn "
    "thu, chống thất thu, nợ đọng thuế.",
]

P_ADMIN = [
    "Tiếp tục đẩy mạnh cải cách hành chính, trọng tâm là cải cách thủ tục hành chính; nâng cao chất lượng "
    "giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành chính công và bộ phận một cửa các cấp; "
    "công khai, minh bạch thông tin, tạo thuận lợi tối đa cho người dân và doanh nghiệp.",
    "Tăng cường kỷ luật, kỷ cương hành chính; nâng cao trách nhiệm người đứng đầu trong chỉ đạo, điều "
    "hành; kiên quyết xử lý nghiêm cán bộ, công chức, viên chức có hành vi nhũng nhiễu, gây phiền hà, "
    "chậm trễ trong thực thi công vụ.",
    "Đẩy mạnh ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước; thực hiện gửi, nhận văn "
    "bản điện tử giữa các cơ quan hành chính nhà nước trên Trục liên thông văn bản quốc gia; sử dụng chữ "
    "ký số chuyên dùng trong ký ban hành văn bản theo đúng quy định.",
    "Kết quả chỉ số cải cách hành chính năm qua của tỉnh tăng 5 bậc so với năm trước; tỷ lệ hồ sơ giải "
    "quyết đúng hạn đạt 98,7%; không có hồ sơ trễ hạn kéo dài; mức độ hài lòng của người dân, tổ chức "
    "đối với sự phục vụ của cơ quan hành chính nhà nước đạt trên 90%.",
]

P_EDU = [
    "Năm học vừa qua, ngành giáo dục và đào tạo đã hoàn thành tốt các nhiệm vụ trọng tâm; chất lượng giáo "
    "dục toàn diện được nâng lên; tỷ lệ học sinh tốt nghiệp trung học phổ thông đạt 99,1%; công tác phổ "
    "cập giáo dục, xóa mù chữ được duy trì và giữ vững.",
    "Cơ sở vật chất trường, lớp học tiếp tục được đầu tư theo hướng chuẩn hóa; đến nay toàn tỉnh có 312 "
    "trường đạt chuẩn quốc gia, đạt tỷ lệ 68,4%; số phòng học tạm, phòng học mượn giảm mạnh so với đầu "
    "nhiệm kỳ.",
    "Tuy nhiên, tình trạng thiếu giáo viên ở một số cấp học, môn học vẫn còn; việc tuyển dụng giáo viên "
    "theo chỉ tiêu biên chế được giao còn gặp khó khăn, nhất là ở các xã vùng sâu, vùng xa.",
]


# A citation in the texts above, its document's issue day, and what a document issued before that
# day cites instead (the earlier real document on the same matter; "" drops the citation). In
# order: a replacement that is itself later than the date is replaced by a following row.
SUPERSEDED = [
    ("Luật Lưu trữ ngày 21 tháng 6 năm 2024", (2024, 6, 21), "Luật Lưu trữ ngày 11 tháng 11 năm 2011"),
    ("Luật Lưu trữ năm 2024", (2024, 6, 21), "Luật Lưu trữ năm 2011"),
    ("Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư", (2020, 3, 5),
     "Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư"),
    ("; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa "
     "phương ngày 22 tháng 11 năm 2019", (2019, 11, 22), ""),
    ("Nghị định số 163/2016/NĐ-CP ngày 21 tháng 12 năm 2016 của Chính phủ quy định chi tiết thi hành một "
     "số điều của Luật Ngân sách nhà nước", (2016, 12, 21),
     "Nghị định số 60/2003/NĐ-CP ngày 06 tháng 6 năm 2003 của Chính phủ quy định chi tiết và hướng dẫn "
     "thi hành Luật Ngân sách nhà nước"),
    ("Thông tư số 05/2025/TT-BNV ngày 14 tháng 5 năm 2025 của Bộ trưởng Bộ Nội vụ.", (2025, 5, 14),
     "Thông tư số 02/2019/TT-BNV ngày 24 tháng 01 năm 2019 của Bộ trưởng Bộ Nội vụ."),
    ("Thông tư số 02/2019/TT-BNV ngày 24 tháng 01 năm 2019 của Bộ trưởng Bộ Nội vụ.", (2019, 1, 24),
     "Thông tư số 07/2012/TT-BNV ngày 22 tháng 11 năm 2012 của Bộ trưởng Bộ Nội vụ."),
]  # fmt: skip


def period_correct(text: str, date: tuple) -> str:
    """``text`` as a document issued on ``date`` (year, month, day) prints it: each citation of
    SUPERSEDED issued after that day replaced by the earlier document it cites instead."""
    for later, issued, earlier in SUPERSEDED:
        if tuple(date) < issued:
            text = text.replace(later, earlier)
    return text

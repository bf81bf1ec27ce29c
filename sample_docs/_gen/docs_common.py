"""Shared Vietnamese text fragments (Căn cứ lines, body paragraphs).

P_CENTRAL, P_UNIVERSITY, P_HOSPITAL and P_LOCAL (a template: ``{cap}`` is ``huyện`` or ``xã``) are
the paragraphs of the bodies that only ``generate_varied.py --bodies wide`` draws (ministries, the
Government, departments, universities, hospitals, districts and communes).

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
CC_LTCCP = (
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ "
    "chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"
)
CC_ND123 = (
    "Căn cứ Nghị định số 123/2016/NĐ-CP ngày 01 tháng 9 năm 2016 của Chính phủ quy định chức năng, nhiệm vụ, "
    "quyền hạn và cơ cấu tổ chức của bộ, cơ quan ngang bộ;"
)
CC_LGDDH = (
    "Căn cứ Luật Giáo dục đại học ngày 18 tháng 6 năm 2012; Luật sửa đổi, bổ sung một số điều của Luật Giáo "
    "dục đại học ngày 19 tháng 11 năm 2018;"
)
CC_LKBCB = "Căn cứ Luật Khám bệnh, chữa bệnh ngày 09 tháng 01 năm 2023;"
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

P_CENTRAL = [
    "Trong năm qua, các bộ, ngành và địa phương đã tập trung chỉ đạo, triển khai đồng bộ các nhiệm vụ, giải "
    "pháp được giao; công tác xây dựng, hoàn thiện thể chế được chú trọng, nhiều văn bản quy phạm pháp luật "
    "được ban hành đúng tiến độ, bảo đảm chất lượng.",
    "Việc cắt giảm, đơn giản hóa thủ tục hành chính và điều kiện kinh doanh tiếp tục được đẩy mạnh; tỷ lệ "
    "thủ tục hành chính được cung cấp dưới dạng dịch vụ công trực tuyến toàn trình tăng rõ rệt; việc kết "
    "nối, chia sẻ dữ liệu giữa các cơ sở dữ liệu quốc gia và cơ sở dữ liệu chuyên ngành từng bước được thực "
    "hiện.",
    "Tuy nhiên, việc tổ chức thi hành pháp luật ở một số nơi còn chậm; công tác phối hợp giữa các cơ quan "
    "trong xử lý công việc có lúc chưa chặt chẽ; chế độ báo cáo chưa được thực hiện nghiêm, số liệu còn "
    "thiếu thống nhất.",
    "Các cơ quan, đơn vị chủ động rà soát các quy định thuộc phạm vi quản lý; kịp thời đề xuất sửa đổi, bổ "
    "sung những quy định không còn phù hợp; báo cáo kết quả thực hiện trước ngày 15 tháng 12 hằng năm để "
    "tổng hợp.",
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước cấp trên về kết quả thực hiện nhiệm vụ được giao; "
    "trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo để được hướng dẫn, giải quyết.",
]

P_UNIVERSITY = [
    "Năm học vừa qua, Nhà trường đã hoàn thành tốt các nhiệm vụ trọng tâm về đào tạo, nghiên cứu khoa học và "
    "phục vụ cộng đồng; quy mô đào tạo được giữ ổn định; tỷ lệ sinh viên có việc làm sau một năm tốt nghiệp "
    "đạt trên 90%.",
    "Chương trình đào tạo được rà soát, cập nhật theo chuẩn đầu ra; công tác kiểm định chất lượng chương "
    "trình đào tạo được triển khai theo kế hoạch; việc ứng dụng công nghệ thông tin trong quản lý đào tạo, "
    "tổ chức thi và quản lý người học tiếp tục được đẩy mạnh.",
    "Các đơn vị thuộc Trường rà soát hồ sơ, tài liệu hình thành trong quá trình hoạt động; lập hồ sơ công "
    "việc và giao nộp vào Lưu trữ cơ quan đúng thời hạn; không để tài liệu tích đống, thất lạc.",
    "Trưởng các khoa, phòng, trung tâm chịu trách nhiệm phổ biến nội dung này đến viên chức, người lao động "
    "và người học thuộc đơn vị; tổng hợp khó khăn, vướng mắc gửi về Phòng Tổ chức cán bộ để báo cáo Hiệu "
    "trưởng.",
]

P_HOSPITAL = [
    "Công tác khám bệnh, chữa bệnh và chăm sóc sức khỏe nhân dân được duy trì ổn định; chất lượng chuyên môn "
    "từng bước được nâng lên; tinh thần, thái độ phục vụ người bệnh có nhiều chuyển biến tích cực, mức độ "
    "hài lòng của người bệnh đạt trên 92%.",
    "Đơn vị tiếp tục triển khai hồ sơ bệnh án điện tử, thanh toán không dùng tiền mặt và kết nối liên thông "
    "dữ liệu với cơ quan bảo hiểm xã hội; thực hiện nghiêm quy chế chuyên môn, quy trình kiểm soát nhiễm "
    "khuẩn và an toàn người bệnh.",
    "Tuy nhiên, tình trạng thiếu nhân lực có trình độ chuyên sâu ở một số chuyên khoa vẫn còn; trang thiết "
    "bị y tế ở một số khoa xuống cấp, chưa được thay thế kịp thời; việc đấu thầu mua sắm thuốc, vật tư y tế "
    "còn chậm.",
    "Trưởng các khoa, phòng có trách nhiệm phổ biến nội dung này đến toàn thể viên chức, người lao động "
    "thuộc khoa, phòng; kịp thời báo cáo Ban Giám đốc những khó khăn, vướng mắc phát sinh trong quá trình "
    "thực hiện.",
]

P_LOCAL = [  # templates: {cap} is "huyện" or "xã"
    "Trong kỳ, tình hình kinh tế - xã hội trên địa bàn {cap} tiếp tục ổn định và phát triển; sản xuất nông "
    "nghiệp đạt khá, diện tích gieo trồng vượt kế hoạch; các chính sách an sinh xã hội được thực hiện đầy "
    "đủ, kịp thời; quốc phòng, an ninh được giữ vững.",
    "Công tác cải cách hành chính được quan tâm chỉ đạo; bộ phận tiếp nhận và trả kết quả giải quyết thủ tục "
    "hành chính hoạt động nền nếp; tỷ lệ hồ sơ giải quyết đúng và trước hạn đạt trên 98%; không để xảy ra "
    "tình trạng gây phiền hà cho người dân.",
    "Tuy nhiên, tiến độ thu ngân sách trên địa bàn còn chậm so với dự toán; công tác bồi thường, giải phóng "
    "mặt bằng một số công trình còn vướng mắc; tình trạng vi phạm trật tự xây dựng, lấn chiếm đất công chưa "
    "được xử lý dứt điểm.",
    "Các cơ quan, đơn vị, đoàn thể căn cứ chức năng, nhiệm vụ được giao chủ động triển khai thực hiện; định "
    "kỳ báo cáo kết quả trước ngày 20 hằng tháng để tổng hợp, báo cáo Ủy ban nhân dân {cap}.",
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
    ("Nghị định số 123/2016/NĐ-CP ngày 01 tháng 9 năm 2016 của Chính phủ", (2016, 9, 1),
     "Nghị định số 36/2012/NĐ-CP ngày 18 tháng 4 năm 2012 của Chính phủ"),
    ("; Luật sửa đổi, bổ sung một số điều của Luật Giáo dục đại học ngày 19 tháng 11 năm 2018",
     (2018, 11, 19), ""),
    ("Luật Khám bệnh, chữa bệnh ngày 09 tháng 01 năm 2023", (2023, 1, 9),
     "Luật Khám bệnh, chữa bệnh ngày 23 tháng 11 năm 2009"),
]  # fmt: skip


def period_correct(text: str, date: tuple) -> str:
    """``text`` as a document issued on ``date`` (year, month, day) prints it: each citation of
    SUPERSEDED issued after that day replaced by the earlier document it cites instead."""
    for later, issued, earlier in SUPERSEDED:
        if tuple(date) < issued:
            text = text.replace(later, earlier)
    return text

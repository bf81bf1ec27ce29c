"""The middle and given names of signers, spelled as people spell them, for a name whose
tone mark or hat the OCR misread (``Lê Tấn Đũng``, ``Lê Thị Hoai An``).

A signer's name is printed bold under the signature and the seal, and Tesseract swaps its marks
as it does a subject's (hỏi, huyền, sắc; a hat for another; ``D`` for ``Đ``), at a confidence of
90 or more. No dictionary backs a name, but its words after the family name come from a small
set: a word that is none of them, and is one such confusion away from exactly one of them,
takes that spelling. A word that is already one of them is never changed, nor the family name
(``_lexicon`` repairs that one against ``_tables.SURNAMES``).
"""

from __future__ import annotations

from collections.abc import Iterable

from ._dictionary import _without_tone
from ._tables import SURNAMES
from ._text import fold, new_tones
from ._tones import _confusable

# Tên đệm and tên: common middle and given names, written from general knowledge of Vietnamese
# names (not from any labelled document); the family names are given names too.
GIVEN_NAMES: frozenset[str] = frozenset((
    "An", "Anh", "Ái", "Ánh", "Ân", "Ấn", "Bá", "Bách", "Bằng", "Bắc", "Bảo", "Biên", "Bình",
    "Bích", "Bội", "Cao", "Cầm", "Cầu", "Cẩn", "Cảnh", "Chánh", "Chi", "Chiến", "Chiểu", "Chinh",
    "Chính", "Chung", "Chương", "Công", "Cơ", "Cúc", "Cương", "Cường", "Danh", "Dân", "Diễm",
    "Diệp", "Diệu", "Doanh", "Doãn", "Du", "Dung", "Duy", "Duyên", "Dũng", "Dương", "Gia", "Giang",
    "Giao", "Giáp", "Hà", "Hàn", "Hào", "Hân", "Hằng", "Hải", "Hảo", "Hạ", "Hạnh", "Hạo", "Hậu",
    "Hiền", "Hiếu", "Hiển", "Hiệp", "Hiệu", "Hinh", "Hoa", "Hoan", "Hoài", "Hoàn", "Hoàng", "Hòa",
    "Hòe", "Hồng", "Hợp", "Học", "Huân", "Huấn", "Huệ", "Huy", "Huyền", "Huỳnh", "Hùng", "Hưng",
    "Hương", "Hường", "Hữu", "Kha", "Khang", "Khanh", "Khánh", "Khải", "Khiêm", "Khoa", "Khôi",
    "Khôn", "Khuê", "Kiên", "Kiều", "Kiệt", "Kim", "Kính", "Kỳ", "Lai", "Lam", "Lan", "Lành", "Lâm",
    "Lãm", "Lạc", "Lập", "Lễ", "Lệ", "Liêm", "Liên", "Liễu", "Linh", "Loan", "Long", "Lợi", "Lộc",
    "Luân", "Luận", "Lũy", "Lương", "Lượng", "Lưu", "Lực", "Ly", "Lý", "Mai", "Mẫn", "Mãn", "Mạnh",
    "Mậu", "Mến", "Minh", "Mơ", "My", "Mỹ", "Nam", "Năng", "Nga", "Ngân", "Nghĩa", "Nghị", "Ngọc",
    "Nguyên", "Nguyệt", "Ngữ", "Nhàn", "Nhân", "Nhất", "Nhẫn", "Nhạn", "Nhật", "Nhi", "Nhiên",
    "Nhuận", "Nhung", "Như", "Nhựt", "Ninh", "Oanh", "Pháp", "Phát", "Phấn", "Phi", "Phong", "Phú",
    "Phúc", "Phương", "Phước", "Phượng", "Phụng", "Quang", "Quân", "Quảng", "Quế", "Quốc", "Quyên",
    "Quyền", "Quyết", "Quỳnh", "Quý", "Sang", "Sáng", "Sĩ", "Sơn", "Sương", "Sỹ", "Tài", "Tâm",
    "Tân", "Tấn", "Tạo", "Thanh", "Thành", "Thái", "Thân", "Thăng", "Thắm", "Thắng", "Thảo",
    "Thạch", "Thế", "Thi", "Thiên", "Thiện", "Thị", "Thịnh", "Thơ", "Thoa", "Thông", "Thọ", "Thu",
    "Thuận", "Thùy", "Thúy", "Thủy", "Thư", "Thương", "Thường", "Thưởng", "Thức", "Tiên", "Tiến",
    "Tiệp", "Tín", "Tính", "Tịnh", "Toàn", "Toản", "Tòng", "Trang", "Trà", "Trâm", "Triết", "Trinh",
    "Trình", "Trí", "Trị", "Trọng", "Trung", "Truyền", "Trúc", "Trường", "Trực", "Tuân", "Tuấn",
    "Tuệ", "Tuyên", "Tuyền", "Tuyết", "Tùng", "Tú", "Tư", "Tường", "Tước", "Uyên", "Ước", "Vân",
    "Văn", "Vi", "Việt", "Vinh", "Vĩ", "Vĩnh", "Vị", "Võ", "Vui", "Vũ", "Vượng", "Vỹ", "Xuân",
    "Xướng", "Yên", "Yến", "Đan", "Đào", "Đẩu", "Đăng", "Đảm", "Đại", "Đạo", "Đạt", "Điền", "Điệp",
    "Đình", "Đích", "Định", "Đoan", "Đoàn", "Đô", "Đông", "Đồng", "Đức",
)) | frozenset(SURNAMES)


# a name whose marks were taken from the list by its letters alone (``Chỉ`` → ``Chi``): scored
# under any reading, so a second recogniser blind to marks (``ingest.second_reading``) never
# confirms marks nobody read
GUESSED_MARKS_CONF = 0.45


def respell_given_names(name: str) -> tuple[str, bool]:
    """``name`` with each word after the first that is no known name, but one misread mark away
    from exactly one (``Đũng`` → ``Dũng``, ``Hoai`` → ``Hoài``; ``Thánh`` stays: ``Thành``, or
    ``Thanh`` with a speck for its mark), or else the letters of exactly
    one whatever its marks (``Chỉ`` → ``Chi``; ``Vẫn`` stays: ``Văn`` or ``Vân``), spelled as
    that name; and whether a word's marks were taken by its letters alone."""
    words = name.split()
    if not words:
        return name, False
    spelled = [_as_given_name(w) for w in words[1:]]
    return " ".join([words[0], *(w for w, _ in spelled)]), any(g for _, g in spelled)


def _as_given_name(word: str) -> tuple[str, bool]:
    """The word as the name it is, and whether only its letters told which."""
    if word in GIVEN_NAMES or new_tones(word) in GIVEN_NAMES or not word.isalpha():
        return word, False
    forms = {n for n in GIVEN_NAMES if _misread_as(word, n)}
    if forms and (bare := _without_tone(word)) in GIVEN_NAMES:
        forms.add(bare)  # a speck or a stroke over the name made a mark (``Thánh``: ``Thanh``?)
    if forms:
        return (forms.pop(), False) if len(forms) == 1 else (word, False)
    spelled = _SPELLINGS.get(fold(word), [])  # marks a stroke or a speck made or took (``Chỉ``)
    return (spelled[0], True) if len(spelled) == 1 else (word, False)


def by_letters(names: Iterable[str]) -> dict[str, list[str]]:
    """Names by their letters without marks: ``chi`` → [``Chi``], ``van`` → [``Văn``, ``Vân``]."""
    spellings: dict[str, list[str]] = {}
    for name in sorted(names):
        spellings.setdefault(fold(name), []).append(name)
    return spellings


_SPELLINGS = by_letters(GIVEN_NAMES)


def _misread_as(read: str, form: str) -> bool:
    """``form`` could have been read as ``read``: a tone mark or hat confused (``_confusable``),
    or ``Đ`` read ``D`` and the other way round."""
    read, form = read.lower(), form.lower()
    return read != form and (_confusable(read, form)
                             or read.replace("đ", "d") == form.replace("đ", "d"))

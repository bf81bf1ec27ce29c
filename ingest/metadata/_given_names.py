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

import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

from ._dictionary import _without_tone
from ._tables import SURNAMES
from ._text import distance, fold, new_tones, plain_letters
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
# the confidence (0–100) given to the words of a name spelled from a second recogniser's letters
# with marks chosen from the lists (Tesseract's own confidences are never exactly this): a name
# all of such words is a guess of marks, never confirmed by those letters again
SPELLED_WORD_CONF = 100 * GUESSED_MARKS_CONF


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
    word = vietnamese_marks_only(word)
    if word in GIVEN_NAMES or new_tones(word) in GIVEN_NAMES or not word.isalpha():
        return word, False
    forms = {n for n in GIVEN_NAMES if _misread_as(word, n)}
    if forms and (bare := _without_tone(word)) in GIVEN_NAMES:
        forms.add(bare)  # a speck or a stroke over the name made a mark (``Thánh``: ``Thanh``?)
    if forms:
        return (forms.pop(), False) if len(forms) == 1 else (word, False)
    spelled = _SPELLINGS.get(fold(word), [])  # marks a stroke or a speck made or took (``Chỉ``)
    return (spelled[0], True) if len(spelled) == 1 else (word, False)


_VOWELS = frozenset("aeiouy")
# the marks Vietnamese puts on a vowel: tones (grave, acute, tilde, hook, dot below), hat, breve, horn
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def vietnamese_marks_only(word: str) -> str:
    """``word`` without the marks no Vietnamese letter bears, which a stroke or a speck over
    it made Tesseract read (``Văñ`` → ``Văn``, ``Hoaï`` → ``Hoa``; ``đ`` stays)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if not unicodedata.combining(ch) or (ch in _VIETNAMESE_MARKS
                                             and _base_of(out).lower() in _VOWELS):
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _base_of(decomposed: list[str]) -> str:
    """The last letter (not a mark) of a word decomposed so far."""
    return next((c for c in reversed(decomposed) if not unicodedata.combining(c)), "")


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


# the middle names most names carry: a middle name of their letters read with marks no name
# has (``Vẫn``, ``Thĩ``) is taken for them, not for the rare names of the same letters
COMMON_MIDDLE_NAMES = frozenset({"Văn", "Thị"})
_FAMILY_BY_LETTERS = by_letters(SURNAMES)


def spell_by_letters(name: str, letters_read: str) -> str | None:
    """``name`` as Tesseract read it, spelled again from the letters a second recogniser blind
    to marks read on the same line (``letters_read``, ``Huynh Thanh Binh``): each word takes
    the family or given name of those letters whose marks are nearest to the marks read there
    (``Huỳnh Phanh Bình`` → ``Huỳnh Thanh Bình``); a family name read only by the second
    recogniser is put before the rest (``Văn Hùng`` → ``Nguyễn Văn Hùng``), and words read
    run together are parted where it parts them (``ThÌKimOấnh``); a family name and a common
    middle name read only by it, the same (``Mỹ Hạnh`` → ``Lê Thị Mỹ Hạnh``); a long family
    name it reads one letter off is still that name, and two words Tesseract read there one word
    (``Nơm yến`` + ``Ngryen`` → ``Nguyễn``). None when a word of its letters is no known name,
    or its marks leave two names of those letters equally near."""
    read = name.split()
    heard = [w for w in (plain_letters(w) for w in letters_read.split()) if w]
    while len(heard) > len(read) and len(heard[0]) == 1:
        heard = heard[1:]  # a letter alone before the name: what a seal's rim left
    if len(heard) > 2 and len(heard[0]) <= 2 and heard[0] not in _SPELLINGS \
            and heard[1] in _FAMILY_BY_LETTERS:
        heard = heard[1:]  # ``Re Dang Ngoc Son``: the rim read as two letters, no name
    if heard:
        heard[0] = _family_letters_near(heard[0])
    if plain_letters(name) == "".join(heard) and len(heard) != len(read):
        read = _parted(name, heard)
    elif len(read) == len(heard) + 1 and (apart := _run_together(heard)) is not None:
        heard = apart  # ``Letan Dung``: the second recogniser ran two words together
    elif len(read) == len(heard) + 1 and \
            distance(plain_letters(read[0] + read[1]), heard[0]) <= FAMILY_SPLIT_SLIPS:
        read = [read[0] + read[1], *read[2:]]  # ``Nơm yến``: one family name read as two words
    elif len(read) > len(heard) >= 2 and _debris_before(read, heard):
        read = read[len(read) - len(heard):]  # ``Bà KT Ngoc Sơn``: the rim read as words
    extra = len(heard) - len(read)
    if not read or extra not in (0, 1, 2):
        return None
    spelled = []
    if extra:
        family = _FAMILY_BY_LETTERS.get(heard[0], [])
        if len(family) != 1:
            return None
        spelled.append(family[0])
    if extra == 2:  # ``Mỹ Hạnh`` and ``Le Thi My Hanh``: a family and a middle name before it
        middle = [n for n in COMMON_MIDDLE_NAMES if fold(n) == heard[1]]
        if len(middle) != 1:
            return None
        spelled.append(middle[0])
    for k, word in enumerate(read):
        position = k + extra
        names = _names_heard(word, heard[position], position)
        middle = position == 1 and len(heard) >= 3
        chosen = _nearest_marks(word, names, middle)
        if chosen is None:
            return None
        spelled.append(chosen)
    capitals = all(w.isupper() for w in read)  # a name printed in capitals stays so
    return " ".join(w.upper() if capitals else w for w in spelled)


def _debris_before(read: list[str], heard: list[str]) -> bool:
    """Tesseract read words before the name that the second recogniser did not (a seal's rim,
    a stroke: ``Bà KT Ngoc Sơn`` and ``Dang Ngoc Son``): none of them a family name, and the
    words after the family name read alike by both, one letter off at most."""
    cut = len(read) - len(heard)
    return (not any(plain_letters(w) in _FAMILY_BY_LETTERS for w in read[:cut])
            and all(distance(plain_letters(w), h) <= 1
                    for w, h in zip(read[cut + 1:], heard[1:], strict=True)))


def _names_heard(read: str, letters: str, position: int) -> list[str]:
    """The names (family first) of the ``letters`` heard for the word ``read``; when they are
    none, those of the letters Tesseract read, one letter off them (``Trúc`` heard ``tric``)."""
    table = _FAMILY_BY_LETTERS if position == 0 else _SPELLINGS
    if letters in table:
        return table[letters]
    own = plain_letters(read)
    return table.get(own, []) if distance(own, letters) == 1 else []


def _run_together(heard: list[str]) -> list[str] | None:
    """``heard`` with the one word that is no name, but two names run together, parted
    (``letan`` → ``le``, ``tan``); None when no word or several part so."""
    parted = []
    for k, letters in enumerate(heard):
        first = _FAMILY_BY_LETTERS if k == 0 else _SPELLINGS
        if letters in first:
            continue
        parted += [[*heard[:k], letters[:i], letters[i:], *heard[k + 1:]]
                   for i in range(1, len(letters))
                   if letters[:i] in first and letters[i:] in _SPELLINGS]
    return parted[0] if len(parted) == 1 else None


FAMILY_SLIP_LENGTH = 5  # a family name this long, read with one letter off, is still told
FAMILY_SPLIT_SLIPS = 2  # letters off between two words read and the family name heard there


def _family_letters_near(letters: str) -> str:
    """``letters`` read where the family name stands, or the one family name's letters one
    letter off them (``ngryen`` → ``nguyen``) when they are none and long enough to tell."""
    if letters in _FAMILY_BY_LETTERS or len(letters) < FAMILY_SLIP_LENGTH:
        return letters
    near = [f for f in _FAMILY_BY_LETTERS if distance(f, letters) == 1]
    return near[0] if len(near) == 1 else letters


def _parted(name: str, heard: list[str]) -> list[str]:
    """``name``'s characters (spaces dropped) cut into words of the letters in ``heard``."""
    chars = [c for c in name if not c.isspace()]
    words, k = [], 0
    for letters in heard:
        word = ""
        while len(plain_letters(word)) < len(letters) and k < len(chars):
            word += chars[k]
            k += 1
        words.append(word[:1].upper() + word[1:].lower())
    return words


def _nearest_marks(read: str, names: list[str], middle: bool) -> str | None:
    """Of ``names`` (one word's letters), the one whose marks are nearest to those ``read``:
    ``read`` itself when listed; in the middle of a name, the common middle name of those
    letters (``Vẫn`` → ``Văn``, not ``Vân``; ``Thĩ`` → ``Thị``)."""
    if read in names or new_tones(read) in names:
        return read
    common = [n for n in names if middle and n in COMMON_MIDDLE_NAMES]
    if common:
        return common[0]
    costs = {n: _mark_cost(read, n) for n in names}
    nearest = [n for n in names if costs[n] == min(costs.values(), default=0)]
    return nearest[0] if len(nearest) == 1 else None


def _mark_cost(read: str, form: str) -> int:
    """Marks read but not printed plus marks printed but not read (a mark read for another
    counts both): ``Phanh``/``Thanh`` 0, ``Thánh``/``Thanh`` 1, ``Thánh``/``Thành`` 2."""
    a, b = _marks(read), _marks(form)
    common = sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return len(a) + len(b) - 2 * common


def _marks(word: str) -> list[str]:
    """The word's marks in order (hats, horns, breve, tone; ``đ``'s bar as one)."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d\u0335"))
    return [c for c in decomposed if unicodedata.combining(c)]

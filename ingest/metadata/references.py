"""Related documents (văn bản liên quan): the documents a document's body cites.

``extract_references(pages)`` reads the OCR'd or text-layer body and returns one
:class:`Reference` per cited document: ``Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm
2020 của Chính phủ …`` → relation ``can_cu``, type ``Nghị định``, number ``30/2020/NĐ-CP``, date
``2020-03-05``, issuer ``Chính phủ``. A law cited by name and date (``Luật Lưu trữ ngày 11 tháng
11 năm 2011``) keeps its type, name and date without a number.

Matching runs on a folded copy of the text (lower case, no diacritics, ``đ`` → ``d``) of the same
length as the text, so OCR that drops tone marks (``Can cu``, ``Quyet dinh``) or misreads ``số``
(``s6``, ``Sô``) still matches, and every span maps back to the printed characters. Line breaks
inside a reference are spaces; digits misread as letters (``1O28``, ``2l``) are repaired.

Relations, from the words before a citation in its clause (up to ``;`` or a sentence end):
``can_cu`` (Căn cứ), ``thay_the`` (thay thế), ``bai_bo`` (bãi bỏ), ``sua_doi`` (sửa đổi, bổ
sung), ``thuc_hien`` (thực hiện, theo, tại, any other citation). A clause that starts with a
citation continues the relation of the clause before (``Căn cứ A; B;``). An action word that
follows a citation in its clause describes that document (``Nghị định 09 … sửa đổi, bổ sung
Nghị định 110``): what it names is only cited (``thuc_hien``). One reference per number (or per
law name and date): the first relation read wins.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import cache

from archive_service.records import FieldValue, Page

from ._lexicon import canonical_abbreviation, type_from_abbreviation
from ._tables import HEADER_PHRASES, ORGAN_STARTS, PROVINCES, SIGNER_TITLES
from ._text import repair_digits

log = logging.getLogger(__name__)

RELATIONS: tuple[str, ...] = ("can_cu", "thay_the", "bai_bo", "sua_doi", "thuc_hien")

# Document types cited in bodies (folded) → tên loại as printed in title case.
CITED_TYPES: dict[str, str] = {
    "thong tu lien tich": "Thông tư liên tịch", "nghi quyet lien tich": "Nghị quyết liên tịch",
    "quyet dinh": "Quyết định", "nghi quyet": "Nghị quyết", "nghi dinh": "Nghị định",
    "thong tu": "Thông tư", "chi thi": "Chỉ thị", "cong van": "Công văn",
    "ke hoach": "Kế hoạch", "thong bao": "Thông báo", "huong dan": "Hướng dẫn",
    "to trinh": "Tờ trình", "bao cao": "Báo cáo", "quy dinh": "Quy định", "quy che": "Quy chế",
    "chuong trinh": "Chương trình", "de an": "Đề án", "cong dien": "Công điện",
    "van ban hop nhat": "Văn bản hợp nhất", "van ban": None,  # type not said
    "phap lenh": "Pháp lệnh", "bo luat": "Bộ luật", "luat": "Luật", "lenh": "Lệnh",
    "thong cao": "Thông cáo", "giay moi": "Giấy mời", "bien ban": "Biên bản",
    "phuong an": "Phương án", "ket luan": "Kết luận", "hien phap": "Hiến pháp",
}
_LAWS = ("bo luat", "luat", "phap lenh")  # cited by name and date, often without a number
_TYPE_ALT = "|".join(sorted((re.escape(t).replace(r"\ ", r"\s+") for t in CITED_TYPES),
                           key=len, reverse=True))

_D = r"[0-9oli|]"  # a digit as OCR may print it (folded: O → o, I → i)
_SLASHES = str.maketrans({"\u2044": "/", "\u2215": "/", "\uff0f": "/"})  # ⁄ ∕ ／ read for /
_DD = r"[0-9oli|\]]"  # in a date, also "]" (``200]``)
_NUM = rf"(?P<num>{_D}(?:\s?{_D}){{0,5}}[a-z]?)"
_YEAR = r"(?:\s*/\s*(?P<year>(?:19|20)[0-9oli]{2}))?"
_SYM = r"(?P<sym>[a-z][a-z0-9]{0,9}(?:\s*[-/]\s*[a-z][a-z0-9]{0,9}){0,3})"  # QĐ-TTg, CTr/TU
_SO = r"(?:s[o0-9]\b\.?:?|so\s*:)"  # số, Số:, s6, s0 (folded)
# "Quyết định [liên tịch] số 1085/QĐ-TTg", "Luật Lưu trữ số 01/2011/QH13", "Công văn 512/BNV-VP"
_NUMBERED = re.compile(
    rf"\b(?P<type>{_TYPE_ALT})\b(?P<between>(?:\s+[\w(),]+){{0,12}}?)\s*(?:{_SO}\s*)?"
    rf"{_NUM}{_YEAR}(?:\s*[/-]\s*|(?<=\d)(?=[a-z]{{1,4}}\s*-)){_SYM}(?![\w/])")  # 1675QĐ-UBND
# a number with "số" and no type word before it: "tại số 45/KH-UBND" is rare; "số" needed
_BARE = re.compile(rf"(?<![\w/])s[o0-9]\b\.?\s*{_NUM}{_YEAR}\s*[/-]\s*{_SYM}(?![\w/])")
_LISTED = re.compile(rf"\s*(?:,|;|va\b)\s*(?:{_SO}\s*)?{_NUM}{_YEAR}\s*[/-]\s*{_SYM}(?![\w/])")
_DATE = re.compile(
    rf"[\s,.]*(?:(?:da\s+)?(?:duoc\s+)?(?:ban\s+hanh\s+)?)?ngay\s*(?P<d>{_DD}(?:\s?{_DD}){{0,2}})"
    rf"\s*(?:thang\s*(?P<m>{_DD}(?:\s?{_DD})?)\s*nam\s*(?P<y>{_DD}(?:\s?{_DD}){{3}})"
    rf"|[/.-]\s*(?P<m2>{_DD}{{1,2}})\s*[/.-]\s*(?P<y2>{_DD}{{4}}))")
_LAW_ALT = "|".join(x.replace(" ", r"\s+") for x in _LAWS)
_LAW = re.compile(rf"\b(?P<type>{_LAW_ALT})\s+(?P<name>[^;:.]{{3,160}}?)\s*"
                  rf"(?=ngay\s*{_DD}(?:\s?{_DD}){{0,2}}\s*thang)")
_ISSUER = re.compile(r"[\s,]*cua\s+(?P<issuer>[^;:.()]{2,120})")
_ISSUER_STOPS = ("ve", "quy dinh", "huong dan", "ban hanh", "phe duyet", "v/v", "tai", "trong",
                 "doi voi", "sua doi", "thay the", "bai bo", "thi hanh", "theo",
                 "thuc hien", "trien khai", "nham", "de", "cho", "nay", "ngay", "lien quan")
_AGENCY_PAIRS = {("van", "tai"), ("xa", "hoi"), ("dau", "tu")}  # a stop word inside a name
_TRIGGERS = re.compile(
    r"\b(?P<w>can\s+cu|thay\s+the|bai\s+bo|huy\s+bo|sua\s+doi|thuc\s+hien|theo|tai|xet"
    r"|phuc\s+dap|tra\s+loi|trien\s+khai)\b")
_TRIGGER_RELATION = {"can cu": "can_cu", "thay the": "thay_the", "bai bo": "bai_bo",
                     "huy bo": "bai_bo", "sua doi": "sua_doi"}
# ";" or ":", a full stop before a space (not the dots inside "1.250" or "0293.3876"), a blank line
_CLAUSE_END = re.compile(r"[;:]|\.(?=\s+\S)|\n\s*\n")


@dataclass(frozen=True)
class Reference:
    """One cited document (văn bản được dẫn chiếu)."""

    relation: str  # one of RELATIONS
    doc_type: str | None  # "Quyết định", "Luật", … (None when not said: "văn bản số …")
    number: str | None  # "1085/QĐ-TTg", as printed without spaces; None for a law by name
    issued_date: str | None  # ISO, when printed
    issuer: str | None  # "Thủ tướng Chính phủ", as printed after "của"
    name: str | None  # a law's name: "Luật Lưu trữ"
    text: str  # the citation as printed (one line)
    page: int | None = None
    start: int = 0  # offsets in the page's text
    end: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Mention:
    start: int
    end: int
    doc_type: str | None
    number: str | None
    issued_date: str | None
    issuer: str | None
    name: str | None


def fold_same_length(text: str) -> str:
    """Lower case, no diacritics, ``đ`` → ``d``: one character for one, so offsets agree."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0] if ch.isalpha() else ch
        base = "d" if ch in "đĐ" else base
        out.append(base.lower() if len(base.lower()) == 1 else base)
    return "".join(out)


def _digits(raw: str) -> str:
    return repair_digits(re.sub(r"\s+", "", raw))[0]


def _parse_date(m: re.Match[str]) -> str | None:
    """The date, digits repaired; when that gives no date, the real digits alone (``2l1`` → 21:
    a stroke read twice)."""
    parts = (m.group("y") or m.group("y2"), m.group("m") or m.group("m2"), m.group("d"))
    for read in (_digits, lambda raw: re.sub(r"\D", "", raw)):
        try:
            return date(*(int(read(p) or 0) for p in parts)).isoformat()
        except ValueError:
            continue
    return None


def _clean_symbol(raw: str) -> str:
    """``QD - UBND`` → ``QĐ-UBND``: parts matched against the tables, others kept as printed."""
    parts = re.split(r"\s*([-/])\s*", raw.strip())
    return "".join(p if p in "-/" else canonical_abbreviation(p) or canonical_abbreviation(
        p.upper()) or p for p in parts if p)


def _symbol_is_printed(raw: str) -> bool:
    """A symbol part starts with a capital or a digit (``QĐ``, ``TTg``, ``QH13``), never a word."""
    return all(p[:1].isupper() or p[:1].isdigit() for p in re.split(r"\s*[-/]\s*", raw.strip()))


def _number(text: str, m: re.Match[str]) -> str | None:
    """The number as printed without spaces, digits repaired (``1O28 / QD-UBND`` → ``1028/QĐ-UBND``)."""
    sym_raw = text[m.start("sym"):m.end("sym")]
    if not _symbol_is_printed(sym_raw):
        return None
    head = text[m.start("num"):m.end("num")]
    if not any(c.isdigit() for c in head):
        return None
    letter = head[-1].upper() if head[-1:].isalpha() and len(head) > 1 else ""
    digits = _digits(head[:-1] if letter else head)
    if not digits.isdigit():
        return None
    year = _digits(m.group("year")) if m.group("year") else ""
    after = m.end("year") if m.group("year") else m.end("num")
    sep = text[after:m.start("sym")].strip() or "/"
    head = f"{digits}{letter}/{year}" if year else f"{digits}{letter}"
    return f"{head}{sep[0]}{_clean_symbol(sym_raw)}"


def _tail(text: str, folded: str, pos: int) -> tuple[str | None, str | None, int]:
    """Date and issuer printed after a citation (either order); returns them and the end."""
    issued, issuer = None, None
    for _ in range(2):
        d = _DATE.match(folded, pos)
        if d and issued is None:
            issued, pos = _parse_date(d), d.end()
            continue
        i = _ISSUER.match(folded, pos)
        if i and issuer is None:
            issuer, end = _issuer(text, folded, i)
            if issuer:
                pos = end
                continue
        break
    return issued, issuer, pos


@cache
def _agency_words() -> frozenset[str]:
    """Words of agency names and titles (folded) that may be written in lower case."""
    phrases = (*HEADER_PHRASES, *SIGNER_TITLES, *ORGAN_STARTS, *PROVINCES,
               "Thủ tướng Chính phủ", "Văn phòng Chính phủ", "Hội đồng Bộ trưởng", "nhà nước",
               "Thường trực", "Ban Chỉ đạo", "Tổ công tác", "Chủ nhiệm", "Tỉnh ủy", "Thành ủy",
               "Ban Chấp hành Trung ương", "Ban Thường vụ", "Bộ Chính trị", "Ban Bí thư",
               "Ủy ban Thường vụ Quốc hội", "Hội đồng thi đua khen thưởng")
    words = {w for p in phrases for w in fold_same_length(p).replace("-", " ").split()}
    return frozenset(words - {"tong", "hop", "quan ly"})


def _issuer(text: str, folded: str, m: re.Match[str]) -> tuple[str | None, int]:
    """The words after ``của`` up to the first word that starts the subject (``về``, …): a stop
    word, a digit, a cited type, or a lower-case word that is no word of an agency's name."""
    start = m.start("issuer")
    words = list(re.finditer(r"\S+", folded[start:m.end("issuer")]))
    end = start
    for k, w in enumerate(words[:12]):
        word, printed = w.group(0).strip(","), text[start + w.start():start + w.end()]
        pair = " ".join(x.group(0) for x in words[k:k + 2])
        following = text[start + words[k + 1].start()] if k + 1 < len(words) else ""
        if k and (words[k - 1].group(0), word) in _AGENCY_PAIRS:
            end = start + w.end()  # "Giao thông vận tải": "tải" folds like the stop "tại"
            continue
        if any(pair == s or pair.startswith(s + " ") or word == s for s in _ISSUER_STOPS) \
                or (k and printed[:1].isdigit()) or re.match(rf"(?:{_TYPE_ALT})\b", pair) \
                or (word == "va" and not following.isupper()) \
                or (k and printed[:1].islower() and word not in _agency_words() | {"va"}):
            break
        end = start + w.end()
    value = re.sub(r"(?:\s+và)+$", "", " ".join(text[start:end].split()).strip(","))
    return (value or None), end


def _search(pattern: re.Pattern[str], folded: str, accept) -> list[_Mention]:
    """Matches of ``pattern`` that ``accept`` turns into mentions; a refused match is searched
    again one character further (so a citation inside it is still found)."""
    out, pos = [], 0
    while (m := pattern.search(folded, pos)) is not None:
        mention = accept(m)
        if mention is None:
            pos = m.start() + 1
            continue
        out.append(mention)
        pos = mention.end
    return out


def _listed(text: str, folded: str, first: _Mention) -> list[_Mention]:
    """Numbers listed after one type word: ``các Quyết định số: 1743/QĐ-BGTVT, 1744/QĐ-BGTVT``."""
    out, pos = [], first.end
    while first.number and (m := _LISTED.match(folded, pos)) is not None:
        number = _number(text, m)
        if number is None:
            break
        issued, issuer, end = _tail(text, folded, m.end())
        out.append(_Mention(m.start("num"), end, first.doc_type, number, issued, issuer, None))
        pos = end
    return out


def _mentions(text: str, folded: str) -> list[_Mention]:
    """Every numbered citation and every law cited by name and date, left to right."""

    def upper_at(i: int) -> bool:
        return text[i:i + 1].isupper()

    def numbered(m: re.Match[str]) -> _Mention | None:
        kind, between = " ".join(m.group("type").split()), (m.group("between") or "").strip()
        if kind in _LAWS and not upper_at(m.start("type")):
            return None  # "pháp luật": a word, not a cited law
        if between and (kind not in _LAWS and len(between.split()) > 2
                        or re.search(rf"\b(?:{_TYPE_ALT})\b", between)):
            return None  # many words between type and number: the number of something else
        number = _number(text, m)
        if number is None:
            return None
        issued, issuer, end = _tail(text, folded, m.end())
        name = " ".join(text[m.start("type"):m.end("between")].split()) \
            if kind in _LAWS and between else None
        return _Mention(m.start(), end, CITED_TYPES[kind], number, issued, issuer, name)

    def law(m: re.Match[str]) -> _Mention | None:
        named = text[m.start("name"):m.start("name") + 1].isupper() \
            or folded.startswith("sua doi", m.start("name"))
        if not (upper_at(m.start("type")) and named):
            return None
        issued, issuer, end = _tail(text, folded, m.end())
        if issued is None:
            return None
        name = " ".join(text[m.start("type"):m.end("name")].split())
        return _Mention(m.start(), end, CITED_TYPES[" ".join(m.group("type").split())], None,
                        issued, issuer, name)

    def bare(m: re.Match[str]) -> _Mention | None:
        number = _number(text, m)
        if number is None:
            return None
        issued, issuer, end = _tail(text, folded, m.end())
        abbr = number.rsplit("/", 1)[-1].split("-")[0] if "/" in number else ""
        return _Mention(m.start(), end, type_from_abbreviation(abbr) if abbr else None, number,
                        issued, issuer, None)

    found = []
    for mention in _search(_NUMBERED, folded, numbered):
        group = [mention, *_listed(text, folded, mention)]
        for item in group[:-1]:  # "các Quyết định số A, B ngày X của Y": X and Y are both's
            item.issued_date = item.issued_date or group[-1].issued_date
            item.issuer = item.issuer or group[-1].issuer
        found.extend(group)
    for pattern, accept in ((_LAW, law), (_BARE, bare)):
        for mention in _search(pattern, folded, accept):
            if all(mention.end <= x.start or mention.start >= x.end for x in found):
                found.append(mention)
    return sorted(found, key=lambda x: x.start)


def _word(m: re.Match[str]) -> str:
    return " ".join(m.group("w").split())


def _is_action(folded: str, t: re.Match[str]) -> bool:
    """An action word of this document, not a passive one (``được sửa đổi``, ``bị bãi bỏ``)."""
    return _word(t) in _TRIGGER_RELATION and not re.search(r"\b(?:duoc|bi)\s*$",
                                                        folded[max(0, t.start() - 12):t.start()])


def _relations(folded: str, mentions: list[_Mention]) -> list[str]:
    """The relation of each mention, from the words before it in its clause."""
    spans = [(x.start, x.end) for x in mentions]
    triggers = [t for t in _TRIGGERS.finditer(folded)
                if all(not a <= t.start() < b for a, b in spans)]
    ends = [e.start() for e in _CLAUSE_END.finditer(folded)
            if all(not a <= e.start() < b for a, b in spans)]
    out: list[str] = []
    previous = "thuc_hien"
    for k, mention in enumerate(mentions):
        clause_start = max((e + 1 for e in ends if e < mention.start), default=0)
        before = [t for t in triggers if clause_start <= t.start() < mention.start]
        earlier = [x for x in mentions[:k] if x.start >= clause_start]
        own = [t for t in before if not any(x.end <= t.start() for x in earlier)]
        described = [t for t in before if any(x.end <= t.start() for x in earlier)]
        actions = [t for t in own if _is_action(folded, t)]
        if described:  # "(the cited one) sửa đổi … Nghị định số 110": a description of it
            relation = "thuc_hien"
        elif actions:
            relation = _TRIGGER_RELATION[_word(actions[-1])]
        elif own:
            relation = "thuc_hien"
        elif earlier:
            relation = out[mentions.index(earlier[0])]
        elif not folded[clause_start:mention.start].strip(" \n,-–+*va"):
            relation = previous  # "Căn cứ A; B;" — B continues the list
        else:
            relation = "thuc_hien"
        out.append(relation)
        if not earlier:  # a clause's first citation says what the clauses after it continue
            previous = relation
    return out


def _key(m: _Mention) -> str:
    if m.number:
        return re.sub(r"[^0-9a-z/]", "", fold_same_length(m.number))
    return f"{fold_same_length(m.name or '')}|{m.issued_date}"


def extract_references_text(text: str, *, page: int | None = None,
                            own_number: str | None = None) -> list[Reference]:
    """The references of one text (a page, or several pages joined)."""
    text = unicodedata.normalize("NFC", text).translate(_SLASHES)
    folded = fold_same_length(text)
    mentions = _mentions(text, folded)
    relations = _relations(folded, mentions)
    own = _key(_Mention(0, 0, None, own_number, None, None, None)) if own_number else None
    out: list[Reference] = []
    seen: dict[str, int] = {}
    for m, relation in zip(mentions, relations, strict=True):
        key = _key(m)
        if key == own:
            continue
        if key in seen:  # cited again: the first relation stays, a date printed later is kept
            first = out[seen[key]]
            out[seen[key]] = replace(first, issued_date=first.issued_date or m.issued_date,
                                     issuer=first.issuer or m.issuer)
            continue
        seen[key] = len(out)
        raw = " ".join(text[m.start:m.end].split()).rstrip(",;")
        out.append(Reference(relation, m.doc_type, m.number, m.issued_date, m.issuer, m.name,
                             raw, page, m.start, m.end))
    return out


def extract_references(pages: list[Page], *, own_number: str | None = None) -> list[Reference]:
    """The documents cited in the body of ``pages``, in reading order, one per document.

    ``own_number`` (the document's own number) drops self-citations (an attached Quy định's
    ``ban hành kèm theo Quyết định số …`` of the document itself).
    """
    out: list[Reference] = []
    seen: dict[str, int] = {}
    for page in pages:
        for ref in extract_references_text(page.text, page=page.number, own_number=own_number):
            key = _key(_Mention(0, 0, None, ref.number, ref.issued_date, None, ref.name))
            if key in seen:
                first = out[seen[key]]
                out[seen[key]] = replace(first, issued_date=first.issued_date or ref.issued_date,
                                         issuer=first.issuer or ref.issuer)
            else:
                seen[key] = len(out)
                out.append(ref)
    return out


_CITED_YEAR = re.compile(r"/((?:19|20)\d\d)/")  # the year in a number: ``14/2013/QĐ-TTg``


def latest_cited(references: list[Reference], today: date | None = None) -> date | None:
    """The latest day the cited documents were issued, as far as the citations say it (their
    date, or the first of January of the year in their number); a day after ``today`` is a
    misread year (``2075``), not a citation."""
    today = today or date.today()
    days = [date.fromisoformat(r.issued_date) for r in references if r.issued_date]
    days += [date(int(m.group(1)), 1, 1) for r in references if r.number
             for m in [_CITED_YEAR.search(r.number)] if m]
    return max((d for d in days if d <= today), default=None)


_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?![\d/])")  # a year, not one inside a number
# words before a year a document looks ahead to: ``giai đoạn 2026 - 2030``, ``đến năm 2020``,
# ``tầm nhìn 2045``, ``trung hạn 2026``, ``- 2030`` (the end of a span), folded
_AHEAD = re.compile(r"(?:giai doan|den|tam nhin|trung han|dai han|[-–])\s*(?:nam\s*)?$")


def subject_years(subject: str) -> list[int]:
    """The years a subject is about (``rà soát hộ nghèo năm 2019``), leaving out those it looks
    ahead to (``_AHEAD``) and those inside a cited number (``14/2013/QĐ-TTg``)."""
    folded = fold_same_length(subject)
    return [int(m.group(1)) for m in _YEAR.finditer(subject)
            if not _AHEAD.search(folded[max(0, m.start() - 20):m.start()])]


def _before_its_subject(issued: date, fields: dict[str, FieldValue], today: date | None = None
                        ) -> bool:
    """The subject is about a year two or more after the issue date (``năm 2019`` in a report
    dated 2010: an OCR year's digit misread); a plan for the next year is common, and a year
    after next year's is the subject's misread (``năm 2035`` for 2025), no evidence."""
    subject = fields.get("subject")
    if subject is None or not isinstance(subject.value, str):
        return False
    last = (today or date.today()).year + 1
    years = [y for y in subject_years(subject.value) if y <= last]
    return bool(years) and min(years) > issued.year + 1


def doubt_date_before_citations(fields: dict[str, FieldValue], pages: list[Page]
                                ) -> dict[str, FieldValue]:
    """``issued_date`` marked for review when it falls before a document the body cites: no
    document cites one issued after it, so a day or month was misread (a handwritten ``10``
    read ``04`` under ``Thực hiện Công văn số … ngày 20/9/2017``); or when it falls well before
    the year its subject is about (``_before_its_subject``). Returns a new dict. (The
    calibration keeps the reader's flag while the flagged curve of ``issued_date`` stays under
    ``review_below``: bench/calibrate.py.)"""
    fv = fields.get("issued_date")
    if fv is None or not isinstance(fv.value, str) or fv.review:
        return fields
    number = fields.get("number")
    own = number.value if number is not None and isinstance(number.value, str) else None
    try:
        issued = date.fromisoformat(fv.value)
    except ValueError:  # a date no calendar has: nothing to compare
        return fields
    if _before_its_subject(issued, fields):
        return {**fields, "issued_date": replace(fv, review=True)}
    try:
        cited = latest_cited(extract_references(pages, own_number=own))
    except Exception:  # noqa: BLE001 — a check, never the document's failure
        log.exception("citations unreadable: the issue date is not checked against them")
        return fields
    if cited is None or issued >= cited:
        return fields
    return {**fields, "issued_date": replace(fv, review=True)}

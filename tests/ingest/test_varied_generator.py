"""sample_docs/generate_varied.py: two documents of a fixed seed are written with well-formed truth
(same schema as the sample truth files), deterministically.  No OCR here (check_varied.py does that).
The committed born-digital PDFs made by LibreOffice (kind pdf-born-lo) have truth that matches their
text layer and their generator; one is regenerated when `soffice` is installed."""

from __future__ import annotations

import json
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from archive_service.records import METADATA_FIELDS

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "sample_docs"))

from _gen import varied as V  # noqa: E402

RASTER_KINDS = ["png", "jpeg", "tiff", "pdf-scan", "pdf-scan-nores"]


@pytest.fixture(scope="module")
def families():
    try:
        return V.available_families()
    except RuntimeError as e:  # a machine without any of the fonts
        pytest.skip(str(e))


def _generate(out: Path, families, seed=3, count=2):
    paths = []
    for i in range(count):
        b = V.build(i, seed, families, RASTER_KINDS)
        paths.append(Path(V.write(b, str(out), seed)))
    return paths


def test_two_documents_well_formed(tmp_path, families):
    paths = _generate(tmp_path, families)
    sample = json.loads(next((ROOT / "sample_docs").glob("*.json")).read_text(encoding="utf-8"))
    for p in paths:
        assert p.exists() and 0 < p.stat().st_size < 1_600_000
        raw = p.with_suffix(".json").read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", raw)
        t = json.loads(raw)
        assert list(t) == list(sample)  # the schema of the sample truth files
        assert t["file"] == p.name
        assert t["input_kind"] in set(V.INPUT_KIND.values())
        assert t["degradations"][0] == "varied-typesetting"
        m = t["metadata"]
        assert list(m) == list(METADATA_FIELDS)
        assert m["page_count"] == len(t["pages"]) >= 1
        assert m["language"] == "vi" and m["doc_type"] and m["number"] and m["signer"]
        assert len(m["issued_date"]) == 10 and m["issued_date"][4] == "-"
        page1 = t["pages"][0]
        lines = page1.split("\n")
        # one-line fields, and they are what page 1 prints
        sig_page = t["pages"][t["signature_page"] - 1]
        for field, page in (
            ("subject", page1),
            ("issuer", page1),
            ("signer", sig_page),
            ("signer_title", sig_page),
        ):
            assert "\n" not in m[field] and "  " not in m[field]
            assert m[field] in " ".join(page.split()), field
        assert f"Số: {m['number']}" in lines
        assert m["signer"] in "\n".join(t["pages"])
        for r in m["recipients"]:
            assert f"- {r}" in "\n".join(t["pages"])
        assert 1 <= t["signature_page"] <= m["page_count"]
        if t["input_kind"] != "pdf-born-digital":
            assert t["dpi"] and 150 <= t["dpi"] <= 400


def test_deterministic(tmp_path, families):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = _generate(tmp_path / "a", families)
    b = _generate(tmp_path / "b", families)
    for x, y in zip(a, b, strict=True):
        assert x.name == y.name
        assert x.with_suffix(".json").read_bytes() == y.with_suffix(".json").read_bytes()
        assert x.read_bytes() == y.read_bytes()


# --- born-digital PDFs of the second producer (LibreOffice headless from a Flat ODT) -------------
VARIED = ROOT / "sample_docs" / "varied"


def _truths() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(VARIED.glob("v*_*.json"))]


def _lo_truths() -> list[dict]:
    return [t for t in _truths() if "libreoffice" in t["degradations"]]


@pytest.fixture(scope="module")
def all_families(families):
    """The committed set was drawn with every family installed (fonts-texgyre too): the same
    seed draws other documents without them."""
    if set(families) != set(V.FAMILIES):
        pytest.skip(f"font families missing: {sorted(set(V.FAMILIES) - set(families))}")
    return families


def test_libreoffice_documents_exist_with_truth():
    truths = _lo_truths()
    assert len(truths) >= 4
    sample = json.loads(next((ROOT / "sample_docs").glob("*.json")).read_text(encoding="utf-8"))
    for t in truths:
        pdf = VARIED / t["file"]
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
        assert list(t) == list(sample)
        assert t["input_kind"] == "pdf-born-digital" and t["dpi"] is None
        assert t["degradations"][:2] == ["varied-typesetting", "libreoffice"]
        m = t["metadata"]
        assert list(m) == list(METADATA_FIELDS)
        assert m["page_count"] == len(t["pages"]) and 1 <= t["signature_page"] <= m["page_count"]
        assert m["number"] and m["issued_date"] and m["issuer"] and m["subject"] and m["signer"]
        assert f"Số: {m['number']}" in t["pages"][0].split("\n")
        assert m["signer"] in t["pages"][t["signature_page"] - 1].split("\n")


def test_libreoffice_truth_matches_text_layer():
    """Word for word, page by page (pdfplumber's text in NFC), and the file says who made it."""
    import pdfplumber
    from _gen import lodoc

    for t in _lo_truths():
        pdf = VARIED / t["file"]
        lodoc.check_text_layer(str(pdf), [p.split("\n") for p in t["pages"]])
        with pdfplumber.open(pdf) as doc:
            assert doc.metadata["Producer"].startswith("LibreOffice")


def test_libreoffice_truth_is_the_generators(all_families):
    """The stored truth is what the generator draws for that seed and index (no LibreOffice needed)."""
    for t in _lo_truths():
        seed, index = (int(x) for x in t["file"][1:].split("_")[:2])
        b = V.build(index, seed, all_families, V.LO_KINDS)
        assert b.name + ".pdf" == t["file"]
        assert [unicodedata.normalize("NFC", "\n".join(p.truth)) for p in b.pages] == t["pages"]
        assert b.meta == t["metadata"] and b.degradations == t["degradations"]


def test_born_digital_from_two_producers():
    born = [t for t in _truths() if t["input_kind"] == "pdf-born-digital"]
    lo = [t for t in born if "libreoffice" in t["degradations"]]
    assert lo and len(lo) < len(born)  # fpdf2's and LibreOffice's
    tags = {g for t in lo for g in t["degradations"]}
    assert {"capitals-subject", "issuer-wrapped", "seal"} <= tags
    assert any(t["metadata"]["page_count"] > 1 for t in lo)
    assert any(t["metadata"]["doc_type"] == "Công văn" for t in lo)


def test_libreoffice_missing_is_a_clear_error(monkeypatch):
    from _gen import lodoc

    monkeypatch.setattr(lodoc.shutil, "which", lambda _name: None)
    with pytest.raises(RuntimeError, match="libreoffice-writer-nogui"):
        lodoc.soffice()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_document_regenerates(tmp_path, all_families):
    """The committed truth regenerates byte for byte, the PDF passes the text-layer check (in
    write) and a second run gives the same bytes."""
    name = _lo_truths()[0]["file"]
    seed, index = (int(x) for x in name[1:].split("_")[:2])
    paths = []
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        b = V.build(index, seed, all_families, V.LO_KINDS)
        paths.append(Path(V.write(b, str(tmp_path / sub), seed)))
    assert paths[0].name == name
    assert paths[0].with_suffix(".json").read_bytes() == (VARIED / name).with_suffix(".json").read_bytes()
    assert paths[0].read_bytes() == paths[1].read_bytes()


# --- citations of their period: no generated document cites one issued after it ----------------
def _cites_later(text: str, issued: str, number: str | None) -> bool:
    """The body cites a document later than ``issued`` (what doubt_date_before_citations flags)."""
    from datetime import date

    from ingest.metadata.references import extract_references_text, latest_cited

    cited = latest_cited(extract_references_text(text, own_number=number))
    return cited is not None and cited > date.fromisoformat(issued)


def test_committed_samples_cite_no_later_document():
    samples = sorted((ROOT / "sample_docs").glob("*.json"))
    for t in [json.loads(p.read_text(encoding="utf-8")) for p in samples] + _truths():
        m = t["metadata"]
        if m["issued_date"]:
            assert not _cites_later("\n".join(t["pages"]), m["issued_date"], m["number"]), t["file"]


def test_generated_documents_cite_no_later_document(families):
    """Recombined bodies drawn in any year (2016-2025) and DOCS documents with a redrawn day print
    the citations of their period (a Luật Lưu trữ of 2011 before 21 June 2024, …)."""
    for i in range(40):
        b = V.build(i, 5, families)
        text = "\n".join("\n".join(p.truth) for p in b.pages)
        assert not _cites_later(text, b.meta["issued_date"], b.meta["number"]), b.name
        if b.meta["issued_date"] < "2024-06-21":
            assert "Luật Lưu trữ năm 2024" not in text, b.name


# --- wider issuers (generate_varied.py --bodies wide) ------------------------------------------
def _abbr(d: dict) -> str:
    """The issuer abbreviation the number of ``d`` must carry, from the generator's tables."""
    issuer, kind = d["issuer"], d["issuer_kind"]
    if kind == "ministry":
        return next(b[2] for b in V.BO if [b[0]] == issuer)
    if kind == "government":
        return "CP" if issuer == ["CHÍNH PHỦ"] else "TTg"
    if kind == "department":
        return next(c[3] for c in V.CUC if [c[1]] == issuer)
    if kind == "university":
        return next(u[2] for u in V.DH if [u[0]] == issuer)
    if kind == "hospital":
        return next(h[2] for h in V.BV if re.fullmatch(h[0].replace("{T}", ".+"), issuer[0]))
    return "UBND"


HEADS = {  # kind: the head's title (its deputy: PHÓ + title, THỨ TRƯỞNG for a minister)
    "ministry": "BỘ TRƯỞNG", "government": "THỦ TƯỚNG", "department": "CỤC TRƯỞNG",
    "university": "HIỆU TRƯỞNG", "district": "CHỦ TỊCH", "commune": "CHỦ TỊCH", "hospital": "GIÁM ĐỐC",
}  # fmt: skip


def _check_wide(d: dict) -> None:
    """Header, number and signature of a WIDE content dict agree with each other and with ND30."""
    import datetime

    kind, issuer, parent = d["issuer_kind"], d["issuer"], d["parent"]
    codes = {doc_type: code for code, (doc_type, _, _) in V.TYPES.items()}
    code, abbr = codes[d["doc_type"]], _abbr(d)
    digits, *mid, symbol = d["number"].split("/")
    assert re.fullmatch(r"\d{2,4}", digits) and not digits.startswith("00"), d["number"]
    if code:
        assert symbol == f"{code}-{abbr}", d["number"]
    else:
        assert symbol == abbr or symbol.startswith(abbr + "-") and len(symbol) > len(abbr) + 1, d["number"]
    assert mid == ([str(d["date"][0])] if code in ("TT", "NĐ") else mid) and len(mid) <= 1, d["number"]
    assert datetime.date(*d["date"])  # a real day
    # header: ND30's parent body (chủ quản) by kind, and the place
    central = kind in ("ministry", "government", "department")
    assert (d["place"] == "Hà Nội") == central or kind == "university"
    if kind in ("ministry", "government", "district"):
        assert parent is None
    if kind == "ministry":
        assert issuer[0].startswith("BỘ ") and len(issuer) == 1
    if kind == "government":
        assert issuer in (["CHÍNH PHỦ"], ["THỦ TƯỚNG CHÍNH PHỦ"])
        assert (issuer == ["CHÍNH PHỦ"]) == (code in ("NĐ", "NQ"))
    if kind == "department":
        assert parent[0].startswith("BỘ ") and issuer[0].startswith("CỤC ")
    if kind == "university":
        assert parent == ["BỘ GIÁO DỤC VÀ ĐÀO TẠO"] and issuer[0].startswith("TRƯỜNG ĐẠI HỌC ")
    if kind == "hospital":
        assert parent[0].startswith("SỞ Y TẾ ") and parent[0].endswith(V.upper(d["place"]))
    if kind in ("district", "commune"):
        unit = "HUYỆN" if kind == "district" else "XÃ"
        assert issuer == ["ỦY BAN NHÂN DÂN", f"{unit} {V.upper(d['place'])}"]
        assert d["date"] < (2025, 7, 1)  # no districts after the 2025 reform
        if parent:
            assert re.fullmatch(r"(UBND|ỦY BAN NHÂN DÂN) HUYỆN .+", parent[0])
    # signature: TM. only for a collective body, KT. over the deputy, TL./TUQ. over another title
    sig, head = d["sig"], HEADS[kind]
    prefix, title = sig["prefix"], sig["title"]
    deputy = "THỨ TRƯỞNG" if head == "BỘ TRƯỞNG" else f"PHÓ {head}"
    for p in prefix:
        assert re.fullmatch(r"(TM|KT|TL|TUQ)\. .+", p), prefix
    tm = [p for p in prefix if p.startswith("TM.")]
    assert tm in ([], ["TM. CHÍNH PHỦ"] if issuer == ["CHÍNH PHỦ"] else ["TM. ỦY BAN NHÂN DÂN"])
    if tm:
        assert kind in ("government", "district", "commune")
    last = prefix[-1] if prefix and not prefix[-1].startswith("TM.") else None
    if last is None:
        assert title == head
    elif last.startswith("KT."):
        assert last == f"KT. {head}" and title == deputy
    else:
        assert last in (f"TL. {head}", f"TUQ. {head}") and title not in (head, deputy)
    assert sig["name"] in V.NAMES
    assert issuer[-1].split()[-1] in sig["seal_text"] and sig["seal_text"].endswith(" * ")
    # recipients
    rec = d["recipients"]
    assert rec[-1].startswith("Lưu: VT") and rec[-1].endswith(".")
    assert all(r.endswith(";") for r in rec[:-1]) and len(set(rec)) == len(rec)
    if not (kind == "government" and code in ("NĐ", "NQ")):
        assert rec[0] in ("Như trên;", "Như Điều 3;", "Như Điều 4;")


def test_wide_bodies_consistent():
    """Each new issuer kind: 60 content draws whose header, number, signature block and recipients
    agree (pure Python), and that between them show the kind's forms."""
    import random

    seen = {k: set() for k in V.WIDE}
    for kind in V.WIDE:
        for i in range(60):
            rng = random.Random(f"test/{kind}/{i}")
            d = V.cite_in_period(V.wide_recombined(rng, kind, rng.choice(V.PROVINCES)))
            _check_wide(d)
            prefix = d["sig"]["prefix"]
            seen[kind] |= {p.split()[0] for p in prefix} | {d["doc_type"]} | ({""} if not prefix else set())
    for kind, forms in seen.items():
        assert {"", "KT."} <= forms and "Công văn" in forms and "Quyết định" in forms, (kind, forms)
    assert {"TM."} <= seen["government"] and {"Nghị định", "Nghị quyết"} <= seen["government"]
    assert {"TM.", "TL.", "TUQ."} <= seen["district"] and "Thông tư" in seen["ministry"]
    assert "TL." in seen["ministry"] | seen["department"] | seen["university"] | seen["hospital"]


def test_wide_bodies_cite_no_later_document():
    """The new bodies print the citations of their date (Nghị định 123/2016 → 36/2012, the 2018
    amendment of the Luật Giáo dục đại học dropped, Luật Khám bệnh, chữa bệnh of 2023 → 2009)."""
    import random

    for kind in V.WIDE:
        for i in range(40):
            rng = random.Random(f"cite/{kind}/{i}")
            d = V.cite_in_period(V.wide_recombined(rng, kind, rng.choice(V.PROVINCES)))
            text = "\n".join(b if isinstance(b, str) else b[1] for b in d["body"])
            issued = "{:04d}-{:02d}-{:02d}".format(*d["date"])
            text += "\n" + d["subject"]
            assert not _cites_later(text, issued, d["number"]), (kind, issued, d["number"])


def test_wide_bodies_build(families):
    """With bodies="wide" build() draws every new kind (tag issuer-<kind>, after bodies-wide), and
    its truth has the samples' schema: the metadata is what the pages print."""
    found = {}
    for i in range(150):
        b = V.build(i, 9, families, bodies="wide")
        assert "bodies-wide" in b.degradations and b.degradations[0] == "varied-typesetting"
        kinds = [t[len("issuer-"):] for t in b.degradations if t[len("issuer-"):] in V.WIDE]
        if kinds and kinds[0] not in found:
            found[kinds[0]] = b
        if len(found) == len(V.WIDE):
            break
    assert set(found) == set(V.WIDE)
    for kind, b in found.items():
        m = b.meta
        assert list(m) == list(METADATA_FIELDS)
        page1 = [unicodedata.normalize("NFC", x) for x in b.pages[0].truth]
        sig_page = "\n".join(b.pages[b.sig_page - 1].truth)
        assert f"Số: {m['number']}" in page1, kind
        assert m["issuer"] in " ".join(page1) and m["subject"] in " ".join(" ".join(page1).split())
        assert any(x.startswith(f"{m['place']}, ngày ") for x in page1), kind
        lines = sig_page.split("\n")
        assert m["signer_title"] in lines and m["signer"] in lines, kind
        if m["signing_authority"]:
            assert m["signing_authority"] in " ".join(lines), kind
        assert b.name.split("_")[2] == V.ABBR[m["doc_type"]], b.name


def test_default_bodies_unchanged(all_families):
    """The default (provincial) draws exactly as before --bodies existed: the committed seed-21
    documents' truth and tags, and recombined() leaves the generator where it always did."""
    import random

    for p in sorted(VARIED.glob("v21_*.json"))[:4]:
        t = json.loads(p.read_text(encoding="utf-8"))
        index = int(t["file"].split("_")[1])
        for b in (V.build(index, 21, all_families), V.build(index, 21, all_families, bodies="provincial")):
            assert b.name + Path(t["file"]).suffix == t["file"]
            assert b.meta == t["metadata"] and b.degradations == t["degradations"]
            assert [unicodedata.normalize("NFC", "\n".join(q.truth)) for q in b.pages] == t["pages"]
    a, b = random.Random("same"), random.Random("same")
    assert V.recombined(a) == V.recombined(b, "provincial") and a.random() == b.random()
    with pytest.raises(ValueError):
        V.recombined(random.Random(0), "national")


def test_stamped_marks(families, tmp_path):
    """With marks="stamped" about half the scans carry an urgency or secrecy mark stamped by hand
    (slanted or level, off the column's axis), which the truth names and the pixels show; the rest
    of each document is drawn as with the default, and born-digital ones keep typed marks."""
    stamped = []
    for i in range(16):
        framed = V.build(i, 5, families, bodies="wide")
        b = V.build(i, 5, families, bodies="wide", marks="stamped")
        stamps = [op for p in b.pages for op in p.ops if isinstance(op, V.MarkStamp)]
        same = ("number", "issuer", "subject", "signer", "recipients")
        assert {f: b.meta[f] for f in same} == {f: framed.meta[f] for f in same}
        if b.kind.startswith("pdf-born"):
            assert not stamps
        if stamps:
            stamped.append((b, stamps[0]))
            assert stamps[0].text.capitalize() in (b.meta["urgency"], b.meta["confidentiality"])
            assert stamps[0].text in "\n".join(b.pages[0].truth)
    assert 3 <= len(stamped) <= 13
    assert any(abs(op.angle) >= 5 for _, op in stamped)
    b, op = stamped[0]
    T, _ = V.mark_stamp_layer(op, 200)
    assert T.min() < 0.6  # ink on the page, darker than the paper
    with pytest.raises(ValueError):
        V.build(0, 5, families, marks="painted")


def test_wide_hands(families, tmp_path, monkeypatch):
    """With hands="wide" most scans carry a number and a day written by hand, each document in
    one of Debian's handwriting fonts (none of them a font the digit SVM was fitted on), the rest
    of each document drawn as with the default; the truth names the handwritten blanks."""
    sys.path.insert(0, str(ROOT / "tools"))
    import train_digits  # the fonts the shipped SVM was fitted on

    try:
        V.wide_hands()
    except RuntimeError as e:
        pytest.fail(f"{e} (make test installs them)")
    drawn = [(V.build(i, 7, families, RASTER_KINDS, "wide"), V.build(i, 7, families, RASTER_KINDS, "wide",
                                                                    hands="wide")) for i in range(12)]
    hands = [b for _, b in drawn if b.hands]
    assert 5 <= len(hands) <= 11
    fonts = {op.font for b in hands for op in b.hands}
    assert len(fonts) >= 3
    paths = {V.LY.FONT_FILES[f] for f in fonts}
    assert paths <= set(V.WIDE_HAND_FONTS)
    assert not {Path(p).name for p in paths} & set(train_digits.FONT_FILES)
    for default, b in drawn:
        assert {f: b.meta[f] for f in ("number", "issued_date", "subject", "signer")} == \
            {f: default.meta[f] for f in ("number", "issued_date", "subject", "signer")}
    b = hands[0]
    truth = json.loads(Path(V.write(b, str(tmp_path), 7)).with_suffix(".json").read_text(encoding="utf-8"))
    assert truth["number_handwritten"] is True
    assert truth["date_handwritten"] == any(op.field == "day" for op in b.hands)
    assert "handwritten" in truth["degradations"]
    with pytest.raises(ValueError):
        V.build(0, 7, families, hands="pencil")
    monkeypatch.setattr(V, "WIDE_HAND_FONTS", ["/nonexistent/hand.ttf"])
    with pytest.raises(RuntimeError, match="apt-get install fonts-bwht"):
        V.wide_hands()

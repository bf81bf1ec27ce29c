"""Turn a document spec (dict, see docs.py) into laid-out pages + metadata."""

from __future__ import annotations

from archive_service.records import METADATA_FIELDS

from .layout import BLACK, BLUE_INK, RED, Frame, Layout, Rule, Stamp, Text, nfc, text_width, tokens

HEAD_SIZE = 13.0


def _center_line(L, page, text, style, size, x0, x1, y, color=BLACK):
    words = [(w, style) for w in nfc(text).split()]
    return L._emit_line(words, size, x0, x1, "center", y, color, page=page)


def _header(L: Layout, d: dict):
    pg = L.page
    W = L.width
    lx0, lx1 = L.ml - 8, L.ml + 0.45 * W
    rx0, rx1 = L.ml + 0.40 * W, L.ml + W + 8
    hs = d.get("head_size", HEAD_SIZE)
    lh = hs * 1.22
    y0 = L.mt + hs
    # ---- left column
    y = y0
    for line in d.get("parent") or []:
        _center_line(L, pg, line, "r", hs, lx0, lx1, y)
        y += lh
    last = None
    for line in d["issuer"]:
        last = _center_line(L, pg, line, "b", hs, lx0, lx1, y)
        y += lh
    a, b = last
    mid, wrule = (a + b) / 2, (b - a) / 3
    pg.ops.append(Rule(mid - wrule / 2, y - lh + 6, mid + wrule / 2, y - lh + 6, 0.7))
    y_left_num = y + 6
    # ---- right column
    truth_left = list(pg.truth)
    pg.truth.clear()
    y = y0
    qh = d.get("quoc_hieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    qs = hs - 0.5
    while text_width(qh, L.f("b"), qs) > rx1 - rx0:
        qs -= 0.5
    _center_line(L, pg, qh, "b", qs, rx0, rx1, y)
    y += lh
    a, b = _center_line(L, pg, d.get("tieu_ngu", "Độc lập - Tự do - Hạnh phúc"), "b", hs + 0.5, rx0, rx1, y)
    pg.ops.append(Rule(a, y + 3, b, y + 3, 0.7))
    y += lh
    y_row = max(y + 8, y_left_num)
    truth_right = list(pg.truth)
    pg.truth.clear()
    # ---- number (left) and date (right) on one row
    num = d.get("number")
    num_text = d["number_printed"] if d.get("number_printed") is not None else "Số: " + num if num else "Số:"
    if d.get("hand_number"):
        # printed "Số:" + gap + "/QĐ-UBND", digits written by hand just before the slash
        digits, rest = num.split("/", 1)
        rest = "/" + rest
        ws, wg, wr = text_width("Số:", L.f("r"), hs), 46, text_width(rest, L.f("r"), hs)
        x = (lx0 + lx1) / 2 - (ws + wg + wr) / 2
        pg.ops.append(Text(x, y_row, "Số:", L.f("r"), hs))
        pg.ops.append(Text(x + ws + wg, y_row, rest, L.f("r"), hs))
        hw = text_width(digits, "hand", hs + 5)
        pg.ops.append(Text(x + ws + wg - hw - 1, y_row - 1, digits, "hand", hs + 5, BLUE_INK, hand=True))
        pg.truth.append(f"Số: {digits}{rest}")
    elif d.get("esign"):
        # printed "Số:" + blank + "/TB-UBND"; the e-signing tool stamps the digits into the blank
        # in a smaller, raised font (a signature-field appearance, see pdfout.esign)
        digits, rest = num.split("/", 1)
        rest = "/" + rest
        ws, wg, wr = text_width("Số: ", L.f("r"), hs), 40, text_width(rest, L.f("r"), hs)
        x = (lx0 + lx1) / 2 - (ws + wg + wr) / 2
        pg.ops.append(Text(x, y_row, "Số:", L.f("r"), hs))
        pg.ops.append(Text(x + ws + wg, y_row, rest, L.f("r"), hs))
        sw = text_width(digits, "r", hs - 2)
        pg.ops.append(Text(x + ws + wg - sw - 1, y_row - 2.5, digits, "r", hs - 2, sig_field=True))
        pg.truth.append(f"Số: {digits}{rest}")
    else:
        _center_line(L, pg, num_text, "r", hs, lx0, lx1, y_row)
    yl = y_row
    for vv in d.get("vv_lines") or []:
        yl += lh
        _center_line(L, pg, vv, "r", hs - 1, lx0, lx1, yl)
    yl = draw_marks(L, pg, d.get("marks") or [], hs, lx0, lx1, yl)
    truth_left += pg.truth
    pg.truth.clear()
    place = d["place"]
    yy, mm, dd = d["date"]
    ds = f"{dd:02d}" if d.get("day_pad", True) else str(dd)
    ms_ = f"{mm:02d}" if d.get("month_pad", True) else str(mm)
    ds_ = hs + 0.5
    if d.get("hand_day"):
        pre = f"{place}, ngày"
        post = f"tháng {ms_} năm {yy}"
        wp, wg, wq = text_width(pre, L.f("i"), ds_), 30, text_width(post, L.f("i"), ds_)
        x = (rx0 + rx1) / 2 - (wp + wg + wq) / 2
        pg.ops.append(Text(x, y_row, pre, L.f("i"), ds_))
        pg.ops.append(Text(x + wp + wg, y_row, post, L.f("i"), ds_))
        hw = text_width(ds, "hand", ds_ + 5)
        pg.ops.append(Text(x + wp + (wg - hw) / 2 + 2, y_row - 1, ds, "hand", ds_ + 5, BLUE_INK, hand=True))
        pg.truth.append(f"{pre} {ds} {post}")
    elif d.get("esign"):
        pre = f"{place}, ngày"
        post = f"tháng {ms_} năm {yy}"
        wp, wg, wq = text_width(pre + " ", L.f("i"), ds_), 24, text_width(post, L.f("i"), ds_)
        x = (rx0 + rx1) / 2 - (wp + wg + wq) / 2
        pg.ops.append(Text(x, y_row, pre, L.f("i"), ds_))
        pg.ops.append(Text(x + wp + wg, y_row, post, L.f("i"), ds_))
        sw = text_width(ds, "i", ds_ - 0.5)
        pg.ops.append(Text(x + wp + (wg - sw) / 2, y_row, ds, "i", ds_ - 0.5, sig_field=True))
        pg.truth.append(f"{pre} {ds} {post}")
    else:
        _center_line(L, pg, f"{place}, ngày {ds} tháng {ms_} năm {yy}", "i", ds_, rx0, rx1, y_row)
    pg.truth[:0] = truth_right
    pg.truth[:0] = truth_left
    L.y = max(yl, y_row) + 16


def _title(L: Layout, d: dict):
    title = d.get("title")
    if title:
        L.paragraph(title, size=14.5, align="center", indent=0, style="b", space_after=0)
    if d.get("subject_lines"):
        for s in d["subject_lines"]:
            L.paragraph(s, size=14, align="center", indent=0, style="b", space_after=0)
        if d.get("subject_rule", True):
            c = L.ml + L.width / 2
            L.page.ops.append(Rule(c - 45, L.y + 6, c + 45, L.y + 6, 0.7))
        L.vspace(14)
    else:
        L.vspace(6)


def _kinh_gui(L: Layout, d: dict):
    kg = d.get("kinh_gui")
    if not kg:
        return
    size = L.body_size
    if len(kg) == 1:
        L.paragraph(f"Kính gửi: {kg[0]}", size=size, align="center", indent=0, space_after=8)
        return
    x0 = L.ml + L.width * 0.18
    L.y += size * L.leading
    L.page.ops.append(Text(x0, L.y - size * 0.22, "Kính gửi:", L.f("r"), size))
    L.page.truth.append("Kính gửi:")
    L.y -= size * L.leading
    xk = x0 + text_width("Kính gửi: ", L.f("r"), size)
    for k in kg:
        L.paragraph("- " + k, size=size, align="left", indent=0, x0=xk, space_after=0, hanging=8)
    L.vspace(10)


def _body(L: Layout, d: dict):
    for blk in d["body"]:
        kind, text = blk if isinstance(blk, tuple) else ("p", blk)
        if kind == "p":
            L.paragraph(text)
        elif kind == "c":  # centred bold line
            L.paragraph(text, align="center", indent=0, style="b", space_after=4, keep=True)
        elif kind == "ci":  # centred italic line
            L.paragraph(text, align="center", indent=0, style="i", space_after=4)
        elif kind == "l":  # left, no indent
            L.paragraph(text, align="left", indent=0)
        elif kind == "h":  # bold heading, indented
            L.paragraph(text, style="b", keep=True)
        elif kind == "table":
            _table(L, text)
        elif kind == "gap":
            L.vspace(text)


def _table(L: Layout, t: dict):
    cols = t["cols"]
    W = L.width
    xs = [L.ml]
    for c in cols:
        xs.append(xs[-1] + c * W)
    size = t.get("size", 12)
    lh = size * 1.25
    rows = [(t["header"], "b")] + [(r, "r") for r in t["rows"]]
    for cells, style in rows:
        wrapped = [L.wrap(tokens(str(c), style), size, xs[k + 1] - xs[k] - 8) for k, c in enumerate(cells)]
        nl = max(len(w) for w in wrapped)
        h = nl * lh + 8
        if L.y + h > L.bottom:
            L.new_page()
        top = L.y
        for k, wl in enumerate(wrapped):
            align = "center" if (style == "b" or t.get("center", [False] * len(cols))[k]) else "left"
            for j, ln in enumerate(wl):
                L._emit_line(ln, size, xs[k] + 4, xs[k + 1] - 4, align, top + 4 + (j + 1) * lh - size * 0.3)
        for x in xs:
            L.page.ops.append(Rule(x, top, x, top + h, 0.6))
        L.page.ops.append(Rule(xs[0], top, xs[-1], top, 0.6))
        L.page.ops.append(Rule(xs[0], top + h, xs[-1], top + h, 0.6))
        L.y = top + h
    L.vspace(10)


def _bottom(L: Layout, d: dict, seed: int):
    rec = d.get("recipients") or []
    sig = d["sig"]
    rs, ss = 11.0, 13.5
    need_left = 14 + len(rec) * rs * 1.2
    need_right = (len(sig["prefix"]) + 1) * ss * 1.25 + 104 + 20
    if L.y + max(need_left, need_right) + 6 > L.bottom:
        L.new_page()
    L.vspace(6)
    top = L.y
    W = L.width
    pg = L.page
    # left: Nơi nhận
    y = top + 12
    if rec:
        pg.ops.append(Text(L.ml - 4, y, "Nơi nhận:", L.f("bi"), 12))
        pg.truth.append("Nơi nhận:")
        for r in rec:
            y += rs * 1.2
            L._emit_line([(w, "r") for w in nfc("- " + r).split()], rs, L.ml - 4, L.ml + 0.5 * W, "left", y)
    # right: signature block
    rx0, rx1 = L.ml + 0.45 * W, L.ml + W
    y = top + ss
    lines = list(sig["prefix"]) + [sig["title"]]
    for ln in lines:
        _center_line(L, pg, ln, "b", ss, rx0, rx1, y)
        y += ss * 1.25
    cx = (rx0 + rx1) / 2
    space_top = y - ss * 0.6
    y_name = space_top + 104
    esigned = bool(d.get("esign"))
    if sig.get("seal", True):
        pg.ops.append(Stamp(cx - 34, space_top + 50, "seal+sig", sig.get("seal_text", ""), seed, esigned))
    else:
        pg.ops.append(Stamp(cx, space_top + 50, "sig", "", seed, esigned))
    _center_line(L, pg, sig["name"], "b", 14, rx0, rx1, y_name)
    L.y = max(top + need_left, y_name + 10)
    return len(L.pages)


def _attachment(L: Layout, d: dict):
    a = d["attachment"]
    L.new_page()
    for ln in a["title_lines"]:
        L.paragraph(ln, size=14, align="center", indent=0, style="b", space_after=0)
    for ln in a.get("note_lines", []):
        L.paragraph(ln, size=13, align="center", indent=0, style="i", space_after=0)
    L.vspace(12)
    _body(L, {"body": a["body"]})


def layout_document(d: dict, seed: int = 0):
    """Returns (pages, metadata-dict, signature_page)."""
    if d.get("no_layout"):
        L = Layout(
            typewriter=d.get("typewriter", False), body_size=d.get("body_size", 13.5), page_numbers=False
        )
        L.y += 10
        _body(L, d)
        meta = dict.fromkeys(METADATA_FIELDS)
        meta.update(page_count=len(L.pages), language="vi")
        return L.pages, meta, None
    L = Layout(
        typewriter=d.get("typewriter", False),
        body_size=d.get("body_size", 14.0),
        leading=d.get("leading", 1.28),
    )
    _header(L, d)
    _title(L, d)
    _kinh_gui(L, d)
    _body(L, d)
    sig_page = _bottom(L, d, seed)
    if d.get("attachment"):
        _attachment(L, d)
    yy, mm, dd = d["date"]
    sig = d["sig"]
    marks = d.get("marks") or []
    conf = next((m for m in marks if m in ("MẬT", "TỐI MẬT", "TUYỆT MẬT")), None)
    urg = next((m for m in marks if m in ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")), None)
    cap = lambda s: s[0] + s[1:].lower() if s else None  # noqa: E731
    if d.get("vv_lines"):
        subject = " ".join(d["vv_lines"])[len("V/v ") :]
    else:
        subject = " ".join(d.get("subject_lines") or []) or None
    meta = {
        "number": d["number"],
        "issued_date": f"{yy:04d}-{mm:02d}-{dd:02d}",
        "place": d["place"],
        "issuer": " ".join(d["issuer"]),
        "parent_issuer": " ".join(d["parent"]) if d.get("parent") else None,
        "doc_type": d["doc_type"],
        "subject": subject,
        "confidentiality": cap(conf),
        "urgency": cap(urg),
        "signing_authority": " ".join(sig["prefix"]) or None,
        "signer_title": sig["title"],
        "signer": sig["name"],
        "recipients": list(d.get("recipients") or []),
        "page_count": len(L.pages),
        "language": "vi",
    }
    meta = {k: (nfc(v) if isinstance(v, str) else v) for k, v in meta.items()}
    meta["recipients"] = [nfc(r) for r in meta["recipients"]]
    return L.pages, meta, sig_page


def draw_marks(L, pg, marks, hs, lx0, lx1, yl):
    """The red-framed marks (MẬT, KHẨN, …) centred in the left column under ``yl``; returns
    the height reached."""
    for mark in marks:
        yl += 8
        ms = hs + 1
        tw = text_width(mark, L.f("b"), ms)
        cx = (lx0 + lx1) / 2
        pg.ops.append(Frame(cx - tw / 2 - 6, yl + 2, tw + 12, ms + 8, 1.3, RED))
        yl += ms + 4
        pg.ops.append(Text(cx - tw / 2, yl, mark, L.f("b"), ms, RED))
        pg.truth.append(mark)
        yl += 6
    return yl

"""Phông and hồ sơ pages: lists, records, the hồ sơ with its documents in order and a viewer
through all of its pages; filing documents (from search results, the upload batch, the
document page, a proposal); the list of hồ sơ whose retention has ended.

Everyone signed in reads; archivists and administrators change (the core checks it again).
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required

from archive_service.archival_fields import (
    ACCESS_MODES,
    DOCUMENT_FIELDS,
    FILE_DERIVED,
    FILE_FIELDS,
    FONDS_FIELDS,
    FONDS_STATUS,
    RELIABILITY,
    FieldSpec,
    retention_label,
)
from archive_service.errors import ArchiveError
from archive_service.filing import Filing
from archive_service.finding_aids import FindingAid
from archive_service.record_aids import MEDIA_TYPES, build_file_aid, build_fonds_aid, render_bytes
from archive_service.web.access import (
    account,
    catalog,
    document_marks,
    role_required,
    visible_document,
)
from archive_service.web.security import archive_message

bp = Blueprint("records", __name__)
POSITION = re.compile(r"[0-9]{1,6}")  # ASCII digits: "²".isdigit() is true, int("²") fails
FORMATS = "<any(xlsx, pdf, csv):fmt>"  # mục lục downloads


def filing() -> Filing:
    return Filing(catalog())


def form_values(specs: tuple[FieldSpec, ...], *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of ``specs`` sent by a form (absent ones are left out)."""
    return {s.name: request.form.get(s.name, "") for s in specs
            if s.name in request.form and s.name not in skip}


def safe_next(default: str) -> str:
    """Where to go back after a form: a path of this site only."""
    target = request.form.get("next") or request.args.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc \
            and "\\" not in target:
        return target
    return default


def _flash_error(exc: ArchiveError) -> None:
    flash(archive_message(exc), "error")


def render_globals() -> dict[str, Any]:
    return {"fonds_fields": FONDS_FIELDS, "file_fields": FILE_FIELDS,
            "document_fields": DOCUMENT_FIELDS, "derived": FILE_DERIVED,
            "retention_label": retention_label, "statuses": FONDS_STATUS,
            "access_modes": ACCESS_MODES, "reliability": RELIABILITY}


@bp.app_context_processor
def _records_context() -> dict[str, Any]:
    return render_globals()


def filing_context(doc: Any) -> dict[str, Any]:
    """What the document page and the review screen show of filing: the hồ sơ the document
    is in, its archival fields, and for archivists the hồ sơ to choose from and proposals."""
    from archive_service.proposal import propose_files

    acc = account()
    entry = doc.archival
    known = entry is not None and any(getattr(entry, s.name) is not None for s in DOCUMENT_FIELDS)
    context: dict[str, Any] = {"archival": entry, "archival_known": known,
                               "filed_in": entry.file if entry else None,
                               "files": [], "proposals": []}
    if acc.can_edit:
        context["files"] = filing().list_files()
        context["proposals"] = propose_files(catalog(), doc, acc)
    return context


# --- phông ---------------------------------------------------------------------------------

@bp.route("/fonds")
@login_required
def fonds_list():
    items = filing().list_fonds()
    counts = {f.id: 0 for f in items}
    for record in filing().list_files():
        counts[record.fonds_id] = counts.get(record.fonds_id, 0) + 1
    return render_template("fonds_list.html", items=items, counts=counts)


@bp.route("/fonds", methods=["POST"])
@role_required("editor")
def fonds_create():
    try:
        fonds = filing().create_fonds(form_values(FONDS_FIELDS), by=account())
    except ArchiveError as exc:
        _flash_error(exc)
        return redirect(url_for("records.fonds_list"))
    flash(_("Đã tạo phông %(code)s.", code=fonds.code), "info")
    return redirect(url_for("records.fonds_show", fonds_id=fonds.id))


@bp.route("/fonds/<int:fonds_id>")
@login_required
def fonds_show(fonds_id: int):
    fonds = filing().get_fonds_by_id(fonds_id)
    files = filing().list_files(fonds.code)
    summaries = filing().summaries(files)
    total = sum(s.document_count for s in summaries.values())
    return render_template("fonds.html", fonds=fonds, files=files, summaries=summaries,
                           total=total, editing=request.args.get("edit") == "1"
                           and account().can_edit)


@bp.route("/fonds/<int:fonds_id>", methods=["POST"])
@role_required("editor")
def fonds_edit(fonds_id: int):
    fonds = filing().get_fonds_by_id(fonds_id)
    try:
        filing().update_fonds(fonds.code, form_values(FONDS_FIELDS, skip=("code",)), by=account())
    except ArchiveError as exc:
        _flash_error(exc)
        return redirect(url_for("records.fonds_show", fonds_id=fonds.id, edit=1))
    flash(_("Đã lưu phông %(code)s.", code=fonds.code), "info")
    return redirect(url_for("records.fonds_show", fonds_id=fonds.id))


def finding_aid_response(aid: FindingAid, stem: str, fmt: str) -> Response:
    """A mục lục as a download (.xlsx, .pdf or .csv), never cached."""
    return send_file(io.BytesIO(render_bytes(aid, fmt)), mimetype=MEDIA_TYPES[fmt],
                     as_attachment=True, download_name=f"{stem}.{fmt}", max_age=0)


@bp.route(f"/fonds/<int:fonds_id>/muc-luc.{FORMATS}")
@login_required
def fonds_finding_aid(fonds_id: int, fmt: str):
    """The file list (mục lục hồ sơ) of a phông."""
    fonds, aid = build_fonds_aid(catalog(), filing().get_fonds_by_id(fonds_id).code)
    return finding_aid_response(aid, f"muc-luc-ho-so-{fonds.code}", fmt)


# --- hồ sơ ---------------------------------------------------------------------------------

@bp.route("/files")
@login_required
def file_list():
    files = filing().list_files()
    return render_template("file_list.html", files=files, summaries=filing().summaries(files),
                           fonds=filing().list_fonds(), chosen=request.args.get("fonds", ""))


@bp.route("/files", methods=["POST"])
@role_required("editor")
def file_create():
    try:
        record = filing().create_file(request.form.get("fonds", ""), form_values(FILE_FIELDS),
                                      by=account())
    except ArchiveError as exc:
        _flash_error(exc)
        return redirect(url_for("records.file_list"))
    flash(_("Đã tạo hồ sơ %(code)s.", code=record.code), "info")
    return redirect(url_for("records.file_show", file_id=record.id))


def viewer_pages(documents: list) -> list[tuple[Any, int]]:
    """Every page of the hồ sơ in order: (document, page number)."""
    return [(doc, number) for doc in documents for number in doc.pages]


def _view_index(total: int) -> int:
    try:
        return min(max(1, int(request.args.get("view", 1))), max(1, total))
    except ValueError:
        return 1


@bp.route("/files/<int:file_id>")
@login_required
def file_show(file_id: int):
    record = filing().get_file_by_id(file_id)
    contents = filing().contents(record.code, account())
    pages = viewer_pages(contents.documents)
    view = _view_index(len(pages))
    return render_template("file.html", record=record, contents=contents, pages=pages, view=view,
                           current=pages[view - 1] if pages else None,
                           marks=document_marks([d.id for d in contents.documents]),
                           editing=request.args.get("edit") == "1" and account().can_edit)


@bp.route(f"/files/<int:file_id>/muc-luc.{FORMATS}")
@login_required
def file_finding_aid(file_id: int, fmt: str):
    """The document list (mục lục văn bản) of a hồ sơ: the documents the user may see."""
    record, aid = build_file_aid(catalog(), filing().get_file_by_id(file_id).code, account())
    return finding_aid_response(aid, f"muc-luc-van-ban-{record.code}", fmt)


@bp.route("/files/<int:file_id>", methods=["POST"])
@role_required("editor")
def file_edit(file_id: int):
    record = filing().get_file_by_id(file_id)
    try:
        filing().update_file(record.code, form_values(FILE_FIELDS, skip=("code",)), by=account())
    except ArchiveError as exc:
        _flash_error(exc)
        return redirect(url_for("records.file_show", file_id=record.id, edit=1))
    flash(_("Đã lưu hồ sơ %(code)s.", code=record.code), "info")
    return redirect(url_for("records.file_show", file_id=record.id))


@bp.route("/files/<int:file_id>/position", methods=["POST"])
@role_required("editor")
def file_position(file_id: int):
    """Move one document of the hồ sơ to another số thứ tự."""
    record = filing().get_file_by_id(file_id)
    try:
        position = request.form.get("position", "").strip()
        if not POSITION.fullmatch(position) or not POSITION.fullmatch(request.form.get("document", "")):
            raise ValueError(position)
        filing().file_documents([request.form["document"]], record.code, by=account(),
                                position=int(position))
    except ValueError:
        flash(_("Số thứ tự không hợp lệ."), "error")
    except ArchiveError as exc:
        _flash_error(exc)
    return redirect(url_for("records.file_show", file_id=record.id))


@bp.route("/files/<int:file_id>/unfile", methods=["POST"])
@role_required("editor")
def file_unfile(file_id: int):
    """Take documents out of this hồ sơ (they stay in the archive)."""
    record = filing().get_file_by_id(file_id)
    try:
        ids = filing().unfile_documents(request.form.getlist("documents"), by=account())
        flash(_("Đã rút %(n)d văn bản khỏi hồ sơ %(code)s.", n=len(ids), code=record.code), "info")
    except ArchiveError as exc:
        _flash_error(exc)
    return redirect(url_for("records.file_show", file_id=record.id))


@bp.route("/file-documents", methods=["POST"])
@role_required("editor")
def file_documents():
    """File the checked documents into a hồ sơ (search results, upload batch, document page,
    an accepted proposal); a document in another hồ sơ is moved."""
    code = request.form.get("file_code", "")
    try:
        position = request.form.get("position", "").strip()
        ids = filing().file_documents(request.form.getlist("documents"), code, by=account(),
                                      position=int(position) if POSITION.fullmatch(position)
                                      else None)
        record = filing().get_file(code)
    except ArchiveError as exc:
        _flash_error(exc)
        return redirect(safe_next(url_for("search.index")))
    flash(_("Đã lập %(n)d văn bản vào hồ sơ %(code)s.", n=len(ids), code=record.code), "info")
    return redirect(safe_next(url_for("records.file_show", file_id=record.id)))


@bp.route("/documents/<int:doc_id>/archival", methods=["POST"])
@role_required("editor")
def document_archival(doc_id: int):
    """Record the archival fields of a document (mã định danh, mức độ tiếp cận, …)."""
    doc = visible_document(doc_id)
    try:
        filing().set_document_fields(doc.id, form_values(DOCUMENT_FIELDS), by=account())
        flash(_("Đã lưu thông tin lưu trữ của văn bản."), "info")
    except ArchiveError as exc:
        _flash_error(exc)
    return redirect(url_for("documents.show", doc_id=doc.id))


@bp.route("/documents/<int:doc_id>/unfile", methods=["POST"])
@role_required("editor")
def document_unfile(doc_id: int):
    doc = visible_document(doc_id)
    try:
        filing().unfile_documents([doc.id], by=account())
        flash(_("Đã rút văn bản khỏi hồ sơ."), "info")
    except ArchiveError as exc:
        _flash_error(exc)
    return redirect(url_for("documents.show", doc_id=doc.id))


# --- retention -----------------------------------------------------------------------------

@bp.route("/retention")
@role_required("editor")
def retention():
    """Hồ sơ whose retention has ended, for the appraisal council; nothing is deleted."""
    today = date.today()
    return render_template("retention.html", expired=filing().expired_files(today), today=today)

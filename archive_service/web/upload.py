"""Upload: several files at once (drag and drop, or the plain form); each file is checked
before anything is stored, then queued for the worker (through the catalog). The files sent
together form an upload batch (lô tải lên, /uploads/<id>), whose documents the page follows
live until each is done or failed."""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from flask import Blueprint, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from archive_service.batches import Batches
from archive_service.catalog import safe_name
from archive_service.errors import ArchiveError
from archive_service.intake import ACCEPTED
from archive_service.users import Account
from archive_service.web.access import account, can_see, catalog, config, role_required
from archive_service.web.security import archive_message, wants_json

bp = Blueprint("upload", __name__, url_prefix="/upload")

MAX_FILES = 200


def add_upload(storage: FileStorage, acc: Account, batch: int | None = None) -> dict:
    """Store and queue one uploaded file, noted in upload ``batch`` if given; the outcome as a
    dict (never raises ArchiveError).

    The same bytes as a document ``acc`` may not see answer 409 without naming it."""
    user = acc.name
    name = safe_name(unicodedata.normalize("NFC", storage.filename or ""))  # macOS sends NFD
    tmp_dir = config().data_dir / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=tmp_dir, prefix="upload-", delete=False) as tmp:
        path = Path(tmp.name)
    try:
        storage.save(path)
        result = catalog().add_file(path, original_name=name, user=user)
    except ArchiveError as exc:
        _note(batch, name, error=exc.message)
        return {"name": name, "id": None, "status": "rejected", "duplicate": False,
                "error": exc.message, "http_status": exc.http_status, "batch": batch}
    finally:
        path.unlink(missing_ok=True)
    if result.duplicate and not can_see(catalog().get(result.id), acc):
        message = _("Tệp này đã có trong kho (trùng nội dung với một văn bản đã lưu); "
                    "không lưu thêm bản nào.")
        _note(batch, name, error=message)
        return {"name": name, "id": None, "status": "rejected", "duplicate": True,
                "error": message, "http_status": 409, "batch": batch}
    _note(batch, name, result=result)
    return {"name": name, "id": result.id, "status": result.status, "duplicate": result.duplicate,
            "url": url_for("documents.show", doc_id=result.id), "http_status": 202,
            "batch": batch}


def _note(batch: int | None, name: str, **outcome) -> None:
    if batch is not None:
        Batches(catalog()).record(batch, name, **outcome)


def open_batch(acc: Account, source: str = "web") -> int:
    """The batch these files belong to: the one the page opened for this drop of files
    (``batch_key``, several requests), else a new one. Raises ArchiveError on a bad key."""
    key = request.form.get("batch_key", "").strip() or None
    return Batches(catalog()).create(by=acc.name, source=source, key=key)


def open_files() -> list:
    """The hồ sơ an upload batch may be filed into."""
    from archive_service.filing import Filing

    return [f for f in Filing(catalog()).list_files() if f.fonds.status == "open"]


def file_batch(results: list[dict], acc: Account) -> None:
    """File the accepted documents of an upload batch into the chosen hồ sơ (``file_code``),
    in the order sent; the outcome is added to each result (``file`` or ``file_error``)."""
    code = request.form.get("file_code", "").strip()
    ids = [r["id"] for r in results if r["id"] is not None]
    if not code or not ids:
        return
    from archive_service.filing import Filing

    try:
        Filing(catalog()).file_documents(ids, code, by=acc)
    except ArchiveError as exc:
        message = archive_message(exc)
        for r in results:
            r["file_error"] = message
        return
    for r in results:
        if r["id"] is not None:
            r["file"] = code


@bp.route("", methods=["GET"])
@role_required("editor")
def form():
    return render_template("upload.html", accepted=ACCEPTED, max_mb=config().get("max_upload_mb"),
                           files=open_files())


@bp.route("", methods=["POST"])
@role_required("editor")
def submit():
    files = [f for f in request.files.getlist("file") if f and f.filename]
    if not files:
        message = _("Chưa chọn tệp nào.")
        if wants_json():
            return jsonify({"error": message}), 400
        return render_template("upload.html", accepted=ACCEPTED, error=message,
                               max_mb=config().get("max_upload_mb"), files=open_files()), 400
    files = files[:MAX_FILES]
    acc = account()
    try:
        batch = open_batch(acc)
    except ArchiveError as exc:
        if wants_json():
            return jsonify({"error": exc.message}), exc.http_status
        return render_template("upload.html", accepted=ACCEPTED, error=exc.message,
                               max_mb=config().get("max_upload_mb"),
                               files=open_files()), exc.http_status
    results = [add_upload(f, acc, batch) for f in files]
    file_batch(results, acc)
    if wants_json():
        status = results[0]["http_status"] if len(results) == 1 else 200
        return jsonify({"results": results, "batch": batch,
                        "batch_url": url_for("batches.show", batch_id=batch)}), status
    status = 200 if any(r["id"] for r in results) else results[0]["http_status"]
    return render_template("upload.html", accepted=ACCEPTED, results=results, batch=batch,
                           max_mb=config().get("max_upload_mb"), files=open_files()), status

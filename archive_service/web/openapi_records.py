"""The OpenAPI description of the phông / hồ sơ / filing endpoints (merged by openapi.py)."""

from __future__ import annotations

from typing import Any

from archive_service.archival_fields import (
    ACCESS_MODES,
    DOCUMENT_FIELDS,
    FILE_FIELDS,
    FONDS_FIELDS,
    FONDS_STATUS,
    RELIABILITY,
    FieldSpec,
)

_ERROR = {"description": "Error", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$"}
_DATE_OR_NULL = {"type": ["string", "null"], "format": "date"}
_CHOICES = {"status": FONDS_STATUS, "access_mode": ACCESS_MODES, "reliability": RELIABILITY}
_WRITE_ERRORS = {"401": _ERROR, "403": _ERROR, "404": _ERROR, "422": _ERROR, "507": _ERROR}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _answer(name: str, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(name)}}}


def _value_schema(spec: FieldSpec) -> dict[str, Any]:
    """What the API returns for a field."""
    if spec.kind in ("int", "retention"):
        return {"type": ["integer", "null"], "description": spec.label}
    if spec.kind == "choice":
        return {"type": ["string", "null"], "enum": [*_CHOICES[spec.name], None],
                "description": spec.label}
    if spec.required:
        return {"type": "string", "description": spec.label}
    return {"type": ["string", "null"], "description": spec.label}


def _input_schema(specs: tuple[FieldSpec, ...], *, create: bool, extra: dict | None = None) -> dict:
    """What a client sends: the fields, as typed by a person (NFC, checked, bounded)."""
    props: dict[str, Any] = {}
    for spec in specs:
        if spec.kind == "retention":
            props[spec.name] = {"type": ["integer", "string", "null"], "description":
                                "Thời hạn lưu trữ: số năm, hoặc null / \"vĩnh viễn\""}
        elif spec.kind == "int":
            props[spec.name] = {"type": ["integer", "null"], "minimum": 0}
        elif spec.kind == "choice":
            props[spec.name] = {"type": ["string", "null"], "enum": [*_CHOICES[spec.name], None]}
        else:
            props[spec.name] = {"type": "string" if spec.required else ["string", "null"],
                                "description": spec.label}
    props.update(extra or {})
    required = [s.name for s in specs if s.required and create] + (list(extra or {}) if create else [])
    return {"type": "object", "properties": props, "required": required,
            "additionalProperties": False}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def records_paths() -> dict[str, Any]:
    """Paths of phông, hồ sơ, filing, mục lục and retention."""
    return {**_fonds_paths(), **_file_paths(), **_document_paths(), **_finding_aid_paths()}


_AID_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "pdf": "application/pdf", "csv": "text/csv"}


def _finding_aid_paths() -> dict[str, Any]:
    """``/fonds/{id}/muc-luc.xlsx|pdf|csv`` and ``/files/{id}/muc-luc.xlsx|pdf|csv``."""
    paths: dict[str, Any] = {}
    for fmt, media in _AID_TYPES.items():
        ok = {"description": f"The list as a .{fmt} download (Vietnamese column names)",
              "content": {media: {"schema": {"type": "string", "format": "binary"}}}}
        paths[f"/fonds/{{id}}/muc-luc.{fmt}"] = {"parameters": [_ID], "get": {
            "summary": f"The file list (mục lục hồ sơ) of a phông as {fmt.upper()}",
            "responses": {"200": ok, "401": _ERROR, "404": _ERROR}}}
        paths[f"/files/{{id}}/muc-luc.{fmt}"] = {"parameters": [_ID], "get": {
            "summary": f"The document list (mục lục văn bản) of a hồ sơ as {fmt.upper()}: "
                       "the documents the caller may see",
            "responses": {"200": ok, "401": _ERROR, "404": _ERROR}}}
    return paths


def _fonds_paths() -> dict[str, Any]:
    fonds_in = _input_schema(FONDS_FIELDS, create=True)
    fonds_patch = _input_schema(tuple(s for s in FONDS_FIELDS if s.name != "code"), create=False)
    return {
        "/fonds": {
            "get": {"summary": "All phông (fonds)", "responses": {
                "200": _answer("FondsList"), "401": _ERROR}},
            "post": {"summary": "Create a phông (archivists)", "requestBody": _body(fonds_in),
                     "responses": {"201": _answer("Fonds", "Created"), **_WRITE_ERRORS}}},
        "/fonds/{id}": {
            "parameters": [_ID],
            "get": {"summary": "One phông with its hồ sơ", "responses": {
                "200": _answer("FondsWithFiles"), "401": _ERROR, "404": _ERROR}},
            "patch": {"summary": "Change fields of a phông (its code stays)",
                      "requestBody": _body(fonds_patch),
                      "responses": {"200": _answer("Fonds"), **_WRITE_ERRORS}}},
    }


_IDS = {"type": "array", "items": {"type": "integer"}, "minItems": 1}


def _file_paths() -> dict[str, Any]:
    file_in = _input_schema(FILE_FIELDS, create=True, extra={"fonds": {"type": "string"}})
    file_patch = _input_schema(tuple(s for s in FILE_FIELDS if s.name != "code"), create=False)
    filing_in = {"type": "object", "required": ["documents"], "additionalProperties": False,
                 "properties": {"documents": _IDS, "position": {"type": "integer", "minimum": 1}}}
    order_in = {"type": "object", "required": ["order"], "additionalProperties": False,
                "properties": {"order": _IDS}}
    return {
        "/files": {
            "get": {"summary": "All hồ sơ (files), with the fields derived from their documents",
                    "parameters": [{"name": "fonds", "in": "query", "required": False,
                                    "schema": {"type": "string"}, "description": "Mã phông"}],
                    "responses": {"200": _answer("FileList"), "401": _ERROR, "404": _ERROR,
                                  "422": _ERROR}},
            "post": {"summary": "Create a hồ sơ in an open phông (archivists)",
                     "requestBody": _body(file_in),
                     "responses": {"201": _answer("File", "Created"), **_WRITE_ERRORS}}},
        "/files/{id}": {
            "parameters": [_ID],
            "get": {"summary": "One hồ sơ", "responses": {
                "200": _answer("File"), "401": _ERROR, "404": _ERROR}},
            "patch": {"summary": "Change fields of a hồ sơ (its code stays)",
                      "requestBody": _body(file_patch),
                      "responses": {"200": _answer("File"), **_WRITE_ERRORS}}},
        "/files/{id}/documents": {
            "parameters": [_ID],
            "get": {"summary": "The documents of a hồ sơ in order (those the caller may see; "
                               "`hidden` counts the others)",
                    "responses": {"200": _answer("FileContents"), "401": _ERROR, "404": _ERROR}},
            "post": {"summary": "File documents into the hồ sơ (moved from another one)",
                     "requestBody": _body(filing_in),
                     "responses": {"200": _answer("FileContents"), **_WRITE_ERRORS}},
            "put": {"summary": "New order of the documents the caller may see",
                    "requestBody": _body(order_in),
                    "responses": {"200": _answer("FileContents"), **_WRITE_ERRORS}}},
    }


def _document_paths() -> dict[str, Any]:
    file_in = {"type": "object", "required": ["file"], "additionalProperties": False,
               "properties": {"file": {"type": "string"},
                              "position": {"type": "integer", "minimum": 1}}}
    return {
        "/documents/{id}/file": {
            "parameters": [_ID],
            "get": {"summary": "The hồ sơ of a document, its archival fields, proposals",
                    "responses": {"200": _answer("DocumentFiling"), "401": _ERROR, "404": _ERROR}},
            "put": {"summary": "File the document into a hồ sơ (accepting a proposal)",
                    "requestBody": _body(file_in),
                    "responses": {"200": _answer("DocumentFiling"), **_WRITE_ERRORS}},
            "delete": {"summary": "Take the document out of its hồ sơ",
                       "responses": {"200": _answer("DocumentFiling"), **_WRITE_ERRORS}}},
        "/documents/{id}/archival": {
            "parameters": [_ID],
            "patch": {"summary": "Archival fields of the document (mã định danh, …)",
                      "requestBody": _body(_input_schema(DOCUMENT_FIELDS, create=False)),
                      "responses": {"200": _answer("DocumentFiling"), **_WRITE_ERRORS}}},
        "/retention": {"get": {
            "summary": "Hồ sơ whose retention has ended (nothing is ever deleted)",
            "responses": {"200": _answer("Retention"), "401": _ERROR, "403": _ERROR}}},
    }


def records_schemas() -> dict[str, Any]:
    nullable_str = {"type": ["string", "null"]}
    fonds = {"type": "object", "required": ["id", "code", "name", "status"], "properties": {
        "id": {"type": "integer"}, **{s.name: _value_schema(s) for s in FONDS_FIELDS},
        "created_at": _TIME, "updated_at": _TIME}}
    derived = {"start_date": _DATE_OR_NULL, "end_date": _DATE_OR_NULL,
               "document_count": {"type": "integer"}, "page_count": {"type": "integer"},
               "sheet_count": {"type": "integer"}}
    file = {"type": "object", "required": ["id", "code", "title", "fonds"], "properties": {
        "id": {"type": "integer"}, "fonds": {"type": "string"},
        **{s.name: _value_schema(s) for s in FILE_FIELDS}, "retention": {"type": "string"},
        **derived, "created_at": _TIME, "updated_at": _TIME}}
    filed = {"type": "object", "properties": {
        "id": {"type": "integer"}, "position": {"type": "integer"}, "number": nullable_str,
        "issued_date": nullable_str, "doc_type": nullable_str, "subject": nullable_str,
        "page_count": {"type": "integer"}, "status": {"type": "string"}}}
    proposal = {"type": "object", "properties": {
        "file_id": {"type": "integer"}, "file_code": {"type": "string"},
        "file_title": {"type": "string"}, "fonds_code": {"type": "string"},
        "score": {"type": "number"}, "reasons": {"type": "array", "items": {"type": "string"}},
        "words": {"type": "array", "items": {"type": "string"}}}}
    return {
        "Fonds": fonds,
        "FondsList": {"type": "object", "properties": {"fonds": {"type": "array",
                                                                 "items": _ref("Fonds")}}},
        "FondsWithFiles": {"allOf": [_ref("Fonds"), {"type": "object", "properties": {
            "files": {"type": "array", "items": _ref("File")}}}]},
        "File": file,
        "FileList": {"type": "object", "properties": {"files": {"type": "array",
                                                                "items": _ref("File")}}},
        "FileContents": {"type": "object", "properties": {
            "file": _ref("File"), "hidden": {"type": "integer"},
            "documents": {"type": "array", "items": filed}}},
        "Proposal": proposal,
        "DocumentArchival": {"type": "object", "description": "Thông tư 05/2025 fields", "properties": {
            "fonds": nullable_str, "file": nullable_str, "position": {"type": ["integer", "null"]},
            **{s.name: _value_schema(s) for s in DOCUMENT_FIELDS}}},
        "DocumentFiling": {"type": "object", "properties": {
            "document": {"type": "integer"},
            "file": {"type": ["object", "null"], "properties": {
                "id": {"type": "integer"}, "code": {"type": "string"},
                "title": {"type": "string"}, "fonds": {"type": "string"}}},
            "position": {"type": ["integer", "null"]},
            "archival": {"type": "object", "properties": {
                s.name: _value_schema(s) for s in DOCUMENT_FIELDS}},
            "proposals": {"type": "array", "items": _ref("Proposal")}}},
        "Retention": {"type": "object", "properties": {
            "today": {"type": "string", "format": "date"},
            "files": {"type": "array", "items": {"allOf": [_ref("File"), {
                "type": "object", "properties": {
                    "expired_on": {"type": "string", "format": "date"}}}]}}}},
    }

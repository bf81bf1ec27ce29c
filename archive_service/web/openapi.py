"""The OpenAPI 3.1 description of /api/v1 (served at /api/v1/openapi.json)."""

from __future__ import annotations

from typing import Any

from archive_service.records import METADATA_FIELDS
from archive_service.references import RELATIONS
from archive_service.web.openapi_records import records_paths, records_schemas

_ERROR = {"description": "Error", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
_DOC = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}}
# the catalog's times: the server's local time without an offset (not RFC 3339's date-time)
_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$",
         "description": "The server's local time, ISO 8601 without an offset"}
_TIME_OR_NULL = {**_TIME, "type": ["string", "null"]}
# an original is served as what it is (its kind, found from its content)
_ORIGINAL_TYPES = ("application/pdf", "image/tiff", "image/png", "image/jpeg", "image/webp",
                   "application/octet-stream")


_RELATIONS = RELATIONS


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def build_document() -> dict[str, Any]:
    nullable_str = {"type": ["string", "null"]}
    metadata = {name: {"type": ["string", "null"]} for name in METADATA_FIELDS}
    metadata["recipients"] = {"type": ["array", "null"], "items": {"type": "string"}}
    metadata["page_count"] = {"type": ["integer", "null"]}
    metadata["issued_date"] = {"type": ["string", "null"], "format": "date"}
    filters = [
        {"name": name, "in": "query", "required": False, "schema": schema, "description": desc}
        for name, schema, desc in (
            ("q", {"type": "string"}, "Query: words (with or without diacritics), \"phrases\", "
             "so:, loai:, coquan:, nguoiky:, nam:2023, ngay:[2023-01-01 to 2023-03-31], phong:, hoso:"),
            ("page", {"type": "integer", "minimum": 1, "default": 1}, "1-based page"),
            ("per_page", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}, ""),
            ("sort", {"type": "string", "enum": ["relevance", "date"]}, "Default relevance"),
            ("doc_type", {"type": "string"}, "Facet value, e.g. Quyết định"),
            ("issuer", {"type": "string"}, "Facet value: the issuer under its parent body "
             "(\"UBND TỈNH HẬU GIANG › SỞ NỘI VỤ\"), or an issuer alone (every body of that name)"),
            ("year", {"type": "integer"}, "Year of issue"),
            ("date_from", {"type": "string", "format": "date"}, "Issued on or after"),
            ("date_to", {"type": "string", "format": "date"}, "Issued on or before"),
            ("number", {"type": "string"}, "Number and symbol, e.g. 2629/QĐ-UBND"),
            ("signer", {"type": "string"}, "Signer's name"),
            ("fonds", {"type": "string"}, "Mã phông (facet value)"),
            ("file", {"type": "string"}, "Mã hồ sơ (facet value)"),
        )
    ]
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Kho lưu trữ văn bản — archive API", "version": "1.0.0",
                 "description": "Records archive for Vietnamese state agencies. Documents above "
                                "the caller's clearance answer 404. Errors are JSON "
                                "{\"error\": message, \"status\": code}; messages are in Vietnamese."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/documents": {"get": {
                "summary": "The documents this user may see, newest first, a page at a time",
                "parameters": [
                    {"name": "state", "in": "query", "schema": {
                        "type": "string", "enum": ["queued", "processing", "done", "failed"]}},
                    {"name": "page", "in": "query", "schema": {
                        "type": "integer", "minimum": 1, "maximum": 100000, "default": 1}},
                    {"name": "per_page", "in": "query", "schema": {
                        "type": "integer", "minimum": 1, "maximum": 100, "default": 20}}],
                "responses": {
                    "200": {"description": "One page of documents", "content": {
                        "application/json": {"schema": _ref("DocumentList")}}},
                    "401": _ERROR, "422": _ERROR}},
                "post": {
                "summary": "Upload a file (PDF, TIFF, PNG, JPEG, WebP) and queue it",
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}}}}}},
                "responses": {
                    "202": {"description": "Accepted (queued, or already in the archive)",
                            "content": {"application/json": {"schema": _ref("Accepted")}}},
                    "400": _ERROR, "401": _ERROR, "403": _ERROR,
                    "409": {**_ERROR, "description": "Already in the archive as a document this "
                                                     "user may not see (its id is not given)"},
                    "413": _ERROR, "422": _ERROR,
                    "507": {**_ERROR, "description": "The archive's disk is full (nothing stored)"}}}},
            "/documents/{id}": {
                "parameters": [_ID],
                "get": {"summary": "Metadata, confidence, corrections, status, pages",
                        "responses": {"200": {"description": "The document", **_DOC},
                                      "401": _ERROR, "404": _ERROR}},
                "patch": {"summary": "Correct metadata fields (kept apart from extracted values)",
                          "requestBody": {"required": True, "content": {"application/json": {
                              "schema": {"type": "object", "properties": metadata,
                                         "additionalProperties": False},
                              "example": {"subject": "Về việc cải cách hành chính"}}}},
                          "responses": {"200": {"description": "The updated document", **_DOC},
                                        "401": _ERROR, "403": _ERROR, "404": _ERROR, "422": _ERROR,
                                        "507": _ERROR}}},
            "/documents/{id}/references": {"get": {
                "summary": "Related documents, both directions: what its body cites (căn cứ, thay "
                           "thế, bãi bỏ, sửa đổi, other citations) and what cites it",
                "description": "A cited document is linked (`document` not null) only on a strong "
                               "match (same number and date or year, no contradicting type or "
                               "issuer). A document above the caller's clearance is never named: "
                               "in `cites` it appears as not linked, in `cited_by` not at all.",
                "parameters": [_ID],
                "responses": {"200": {"description": "The related documents", "content": {
                    "application/json": {"schema": _ref("References")}}},
                    "401": _ERROR, "404": _ERROR}}},
            "/documents/{id}/original": {"get": {
                "summary": "Download the original file", "parameters": [_ID],
                "responses": {"200": {"description": "The original bytes", "content": {
                    kind: {"schema": {"type": "string", "format": "binary"}}
                    for kind in _ORIGINAL_TYPES}},
                    "401": _ERROR, "404": _ERROR,
                    "409": {**_ERROR, "description": "The stored original no longer matches its "
                                                     "SHA-256 (not served; audited)"}}}},
            "/documents/{id}/archival.pdf": {"get": {
                "summary": "Download the archival copy: a two-layer PDF/A-2b (the scan as "
                           "scanned, the OCR text invisible over it, the metadata in XMP)",
                "parameters": [_ID],
                "responses": {"200": {"description": "The PDF/A-2b bytes, checked against "
                                                     "their SHA-256", "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                    "401": _ERROR,
                    "404": {**_ERROR, "description": "No such document for this user, or it "
                                                     "has no archival copy (yet, or it failed)"},
                    "409": {**_ERROR, "description": "The stored copy no longer matches its "
                                                     "SHA-256 (not served; audited)"}}}},
            "/search": {"get": {
                "summary": "Full-text search (same shape as `archive search --json`)",
                "parameters": filters,
                "responses": {"200": {"description": "Results", "content": {"application/json": {
                    "schema": _ref("SearchResults")}}}, "400": _ERROR, "401": _ERROR,
                    "503": _ERROR}}},
            "/status": {"get": {
                "summary": "Ingest status: counts by state, queue, failures with reasons",
                "responses": {"200": {"description": "Status", "content": {"application/json": {
                    "schema": _ref("Status")}}}, "401": _ERROR}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "Token from `archive token create USER`"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {
                    "error": {"type": "string"}, "status": {"type": "integer"}}},
                "Accepted": {"type": "object", "required": ["id", "status", "duplicate"], "properties": {
                    "id": {"type": "integer"},
                    "status": {"type": "string", "enum": ["queued", "processing", "done", "failed"]},
                    "duplicate": {"type": "boolean"}}},
                "Metadata": {"type": "object", "properties": metadata},
                "DocumentList": {"type": "object",
                                 "required": ["documents", "page", "per_page", "has_more"],
                                 "properties": {
                    "documents": {"type": "array", "items": {
                        "type": "object", "required": ["id", "status", "name"], "properties": {
                            "id": {"type": "integer"},
                            "status": {"type": "string",
                                       "enum": ["queued", "processing", "done", "failed"]},
                            "name": {"type": "string"}, "page_count": {"type": "integer"},
                            "created_at": {"type": "string"},
                            "processed_at": {"type": ["string", "null"]},
                            "metadata": {"type": "object"}}}},
                    "page": {"type": "integer"}, "per_page": {"type": "integer"},
                    "has_more": {"type": "boolean"}}},
                "Document": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "sha256": {"type": "string"},
                    "original_name": {"type": "string"}, "kind": {"type": "string"},
                    "size": {"type": "integer"},
                    "status": {"type": "string", "enum": ["queued", "processing", "done", "failed"]},
                    "error": nullable_str, "page_count": {"type": "integer"},
                    "created_at": _TIME, "processed_at": _TIME_OR_NULL,
                    "metadata": _ref("Metadata"),
                    "archival": _ref("DocumentArchival"),
                    "metadata_confidence": {"type": "object",
                                            "additionalProperties": {"type": "number"}},
                    "metadata_review": {"type": "array", "items": {"type": "string"}},
                    "extracted": {"type": "object"},
                    "corrections": {"type": "array", "items": {"type": "object", "properties": {
                        "field": {"type": "string"}, "value": {},
                        "user": {"type": "string"}, "at": _TIME,
                        "kind": {"type": "string",
                                 "enum": ["correction", "confirmation", "not_applicable"]}}}},
                    "pages": {"type": "array", "items": {"type": "object", "properties": {
                        "number": {"type": "integer"}, "source": {"type": "string"},
                        "text": {"type": "string"}, "confidence": {"type": "number"},
                        "rotation": {"type": "integer"}, "skew": {"type": "number"},
                        "seconds": {"type": "number"}, "engine": {"type": "string"}}}}}},
                "Reference": {"type": "object", "required": [
                    "relation", "number", "issued_date", "linked", "document"], "properties": {
                    "relation": {"type": "string", "enum": list(_RELATIONS)},
                    "doc_type": nullable_str, "number": nullable_str,
                    "issued_date": {"type": ["string", "null"], "format": "date"},
                    "issuer": nullable_str,
                    "name": {**nullable_str, "description": "A law cited by name and date"},
                    "text": {"type": "string", "description": "The citation as printed"},
                    "page": {"type": ["integer", "null"]},
                    "linked": {"type": "boolean"},
                    "document": {"type": ["object", "null"], "properties": {
                        "id": {"type": "integer"}, "number": nullable_str,
                        "doc_type": nullable_str,
                        "issued_date": {"type": ["string", "null"], "format": "date"},
                        "subject": nullable_str},
                        "description": "The archived document at the other end: the cited one "
                                       "in `cites`, the citing one in `cited_by`"}}},
                "References": {"type": "object", "required": ["id", "cites", "cited_by"],
                               "properties": {
                    "id": {"type": "integer"},
                    "cites": {"type": "array", "items": _ref("Reference")},
                    "cited_by": {"type": "array", "items": _ref("Reference")}}},
                "Hit": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "score": {"type": "number"}, "number": nullable_str,
                    "issued_date": {"type": ["string", "null"], "format": "date"},
                    "issuer": nullable_str, "doc_type": nullable_str, "subject": nullable_str,
                    "parent_issuer": {**nullable_str, "description": "Cơ quan chủ quản"},
                    "snippet": {"type": "string", "description": "HTML-escaped, <mark> around matches"},
                    "page": {"type": ["integer", "null"]}}},
                "SearchResults": {"type": "object", "properties": {
                    "total": {"type": "integer"},
                    "hits": {"type": "array", "items": _ref("Hit")},
                    "facets": {"type": "object", "additionalProperties": {
                        "type": "array", "items": {"type": "array", "prefixItems": [
                            {"type": "string"}, {"type": "integer"}]}}},
                    "suggestion": nullable_str}},
                "Status": {"type": "object", "properties": {
                    "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "failures": {"type": "array", "items": {"type": "object", "properties": {
                        "id": {"type": "integer"}, "name": {"type": "string"},
                        "error": {"type": "string"}}}},
                    "queued": {"type": "array", "items": {"type": "object"}},
                    "processing": {"type": "array", "items": {"type": "object"}}}},
            },
        },
    }
    document["paths"].update(records_paths())
    document["components"]["schemas"].update(records_schemas())
    return document

"""The OpenAPI 3.1 description of /api/v1 (served at /api/v1/openapi.json, shown at /api/v1/docs).

Generated from the code with apispec: each API view's docstring says what it does (its first
paragraph is the operation's summary, the rest its description) and, after ``---``, its
operation in YAML; the paths and their path parameters come from the URL rules (``<int:doc_id>``
is an integer, ``<any(xlsx, pdf, csv):fmt>`` one of those words). The schemas that follow the
code's field lists (metadata, archival fields) are built here and in openapi_records.py, and the
views refer to them by name (``schema: Document``, ``401: Error``).
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from apispec import APISpec
from apispec_webframeworks.flask import FlaskPlugin
from flask import Flask
from werkzeug.routing import AnyConverter, IntegerConverter, Rule

from archive_service.models import STATES
from archive_service.records import METADATA_FIELDS
from archive_service.references import RELATIONS
from archive_service.web.openapi_batches import batches_schemas, extend_upload
from archive_service.web.openapi_records import records_schemas

PREFIX = "/api/v1"
BLUEPRINTS = ("api", "api_records", "api_batches")  # the views of /api/v1
UNDOCUMENTED = {"api.openapi_document"}  # the document itself (its page: web/apidocs.py)

_ERROR = {"description": "Error", "content": {"application/json": {"schema": "Error"}}}
# the catalog's times: the server's local time without an offset (not RFC 3339's date-time)
_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$",
         "description": "The server's local time, ISO 8601 without an offset"}
_TIME_OR_NULL = {**_TIME, "type": ["string", "null"]}
_NULLABLE_STR = {"type": ["string", "null"]}
_DATE_OR_NULL = {"type": ["string", "null"], "format": "date"}
_STATE = {"type": "string", "enum": list(STATES)}

# answers the views name in their responses (``404: Error``, ``200: FindingAid``)
RESPONSES: dict[str, dict[str, Any]] = {
    "Error": _ERROR,
    "DiskFull": {**_ERROR, "description": "The archive's disk is full (nothing stored)"},
    "Tampered": {**_ERROR, "description": "The stored file no longer matches its SHA-256 "
                                          "(not served; audited)"},
    # a mục lục (finding aid) downloaded as .xlsx, .pdf or .csv
    "FindingAid": {"description": "The list as a download (Vietnamese column names)", "content": {
        mime: {"schema": {"type": "string", "format": "binary"}} for mime in (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/pdf", "text/csv")}},
}

# GET /search: the query and the filters of web/search.py's build_request
SEARCH_PARAMETERS: tuple[tuple[str, dict[str, Any], str], ...] = (
    ("q", {"type": "string"}, "Query: words (with or without diacritics), \"phrases\", so:, "
     "loai:, coquan:, nguoiky:, nam:2023, ngay:[2023-01-01 to 2023-03-31], phong:, hoso:"),
    ("page", {"type": "integer", "minimum": 1, "default": 1}, "1-based page"),
    ("per_page", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}, ""),
    ("sort", {"type": "string", "enum": ["relevance", "date"]}, "Default relevance"),
    ("doc_type", {"type": "string"}, "Facet value, e.g. Quyết định"),
    ("issuer", {"type": "string"}, "Facet value: the issuer under its parent body "
     "(\"UBND TỈNH HẬU GIANG › SỞ NỘI VỤ\"), or an issuer alone (every body of that name)"),
    ("year", {"type": "integer"}, "Year of issue"),
    ("date_from", {"type": "string"}, "Issued on or after: dd/mm/yyyy or yyyy-mm-dd"),
    ("date_to", {"type": "string"}, "Issued on or before: dd/mm/yyyy or yyyy-mm-dd"),
    ("number", {"type": "string"}, "Number and symbol, e.g. 2629/QĐ-UBND"),
    ("signer", {"type": "string"}, "Signer's name"),
    ("fonds", {"type": "string"}, "Mã phông (facet value)"),
    ("file", {"type": "string"}, "Mã hồ sơ (facet value)"),
)


class RulePlugin(FlaskPlugin):
    """FlaskPlugin with the path relative to /api/v1, its path parameters typed from the rule's
    converters, and the summary and description taken from the docstring's text."""

    def path_helper(self, path=None, operations=None, parameters=None, *, view=None, app=None,
                    **kwargs):
        rule = self._rule_for_view(view, app=app)
        super().path_helper(path, operations, parameters, view=view, app=app, **kwargs)
        parameters.extend(_path_parameters(rule))
        summary, description = _docstring_text(view.__doc__ or "")
        for operation in operations.values():
            if summary:
                operation.setdefault("summary", summary)
            if description:
                operation.setdefault("description", description)
        return self.flaskpath2openapi(rule.rule).removeprefix(PREFIX)


def _path_parameters(rule: Rule) -> list[dict[str, Any]]:
    out = []
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):  # ids: 0 to MAX_ID, larger ones are a 404
            schema: dict[str, Any] = {"type": "integer"}
        elif isinstance(converter, AnyConverter):
            schema = {"type": "string", "enum": sorted(converter.items)}
        else:
            schema = {"type": "string"}
        out.append({"name": name, "in": "path", "required": True, "schema": schema})
    return out


def _docstring_text(doc: str) -> tuple[str, str]:
    """The first paragraph (one line, no final full stop) and the others of the text before
    ``---``."""
    text = re.split(r"^---", inspect.cleandoc(doc), maxsplit=1, flags=re.MULTILINE)[0]
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    if not paragraphs:
        return "", ""
    return paragraphs[0].rstrip("."), "\n\n".join(paragraphs[1:])


def build_document(app: Flask) -> dict[str, Any]:
    """The whole document, from the app's /api/v1 rules and their views' docstrings."""
    spec = APISpec(
        title="Kho lưu trữ văn bản — archive API", version="1.0.0", openapi_version="3.1.0",
        plugins=[RulePlugin()],
        info={"description": "Records archive for Vietnamese state agencies. Documents above the "
                             "caller's clearance answer 404. Errors are JSON "
                             "{\"error\": message, \"status\": code}; messages are in Vietnamese."},
        servers=[{"url": PREFIX}], security=[{"bearer": []}])
    spec.components.security_scheme("bearer", {
        "type": "http", "scheme": "bearer", "description": "Token from `archive token create USER` "
                                                           "or the administration page"})
    for name, schema in extend_upload({**schemas(), **records_schemas(),
                                       **batches_schemas()}).items():
        spec.components.schema(name, schema)
    for name, response in RESPONSES.items():
        spec.components.response(name, response)
    for name, schema, description in SEARCH_PARAMETERS:
        spec.components.parameter(f"search.{name}", "query", {
            "name": name, "schema": schema, "description": description})
    rules = sorted((r for r in app.url_map.iter_rules()
                    if r.endpoint.split(".")[0] in BLUEPRINTS and r.endpoint not in UNDOCUMENTED),
                   key=lambda r: (r.rule, sorted(r.methods or ())))
    for rule in rules:
        spec.path(view=app.view_functions[rule.endpoint], app=app)
    return spec.to_dict()


def schemas() -> dict[str, Any]:
    """Schemas of documents, search and status (those of phông and hồ sơ: openapi_records)."""
    metadata = {name: {"type": ["string", "null"]} for name in METADATA_FIELDS}
    metadata["recipients"] = {"type": ["array", "null"], "items": {"type": "string"}}
    metadata["page_count"] = {"type": ["integer", "null"]}
    metadata["issued_date"] = _DATE_OR_NULL
    return {
        "Error": {"type": "object", "required": ["error"], "properties": {
            "error": {"type": "string"}, "status": {"type": "integer"}}},
        "Upload": {"type": "object", "required": ["file"],
                   "properties": {"file": {"type": "string", "format": "binary"}}},
        "Accepted": {"type": "object", "required": ["id", "status", "duplicate"], "properties": {
            "id": {"type": "integer"}, "status": _STATE, "duplicate": {"type": "boolean"}}},
        "Metadata": {"type": "object", "properties": metadata},
        "MetadataPatch": {"type": "object", "properties": metadata, "additionalProperties": False,
                          "example": {"subject": "Về việc cải cách hành chính"}},
        "DocumentList": {"type": "object", "required": ["documents", "page", "per_page", "has_more"],
                         "properties": {
            "documents": {"type": "array", "items": {
                "type": "object", "required": ["id", "status", "name"], "properties": {
                    "id": {"type": "integer"}, "status": _STATE, "name": {"type": "string"},
                    "page_count": {"type": "integer"}, "created_at": {"type": "string"},
                    "processed_at": _NULLABLE_STR, "metadata": {"type": "object"}}}},
            "page": {"type": "integer"}, "per_page": {"type": "integer"},
            "has_more": {"type": "boolean"}}},
        "Document": {"type": "object", "properties": {
            "id": {"type": "integer"}, "sha256": {"type": "string"},
            "original_name": {"type": "string"}, "kind": {"type": "string"},
            "size": {"type": "integer"}, "status": _STATE,
            "error": _NULLABLE_STR, "page_count": {"type": "integer"},
            "created_at": _TIME, "processed_at": _TIME_OR_NULL,
            "metadata": "Metadata", "archival": "DocumentArchival",
            "metadata_confidence": {"type": "object", "additionalProperties": {"type": "number"}},
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
        **_reference_schemas(),
        "Hit": {"type": "object", "properties": {
            "id": {"type": "integer"}, "score": {"type": "number"}, "number": _NULLABLE_STR,
            "issued_date": _DATE_OR_NULL, "issuer": _NULLABLE_STR, "doc_type": _NULLABLE_STR,
            "subject": _NULLABLE_STR,
            "parent_issuer": {**_NULLABLE_STR, "description": "Cơ quan chủ quản"},
            "snippet": {"type": "string", "description": "HTML-escaped, <mark> around matches"},
            "page": {"type": ["integer", "null"]}}},
        "SearchResults": {"type": "object", "properties": {
            "total": {"type": "integer"}, "hits": {"type": "array", "items": "Hit"},
            "facets": {"type": "object", "additionalProperties": {
                "type": "array", "items": {"type": "array", "prefixItems": [
                    {"type": "string"}, {"type": "integer"}]}}},
            "suggestion": _NULLABLE_STR}},
        "Status": {"type": "object", "properties": {
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "failures": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "name": {"type": "string"},
                "error": {"type": "string"}}}},
            "queued": {"type": "array", "items": {"type": "object"}},
            "processing": {"type": "array", "items": {"type": "object"}},
            "index_outbox": {"type": "object", "description": (
                "Requests waiting for the one index writer (`archive indexer`), and when the "
                "oldest was written"), "properties": {
                "pending": {"type": "integer"}, "oldest": {"type": ["string", "null"]}}}}},
    }


def _reference_schemas() -> dict[str, Any]:
    """A document's related documents (GET /documents/{doc_id}/references)."""
    linked = {"type": ["object", "null"], "properties": {
        "id": {"type": "integer"}, "number": _NULLABLE_STR, "doc_type": _NULLABLE_STR,
        "issued_date": _DATE_OR_NULL, "subject": _NULLABLE_STR},
        "description": "The archived document at the other end: the cited one in `cites`, "
                       "the citing one in `cited_by`"}
    return {
        "Reference": {"type": "object", "required": [
            "relation", "number", "issued_date", "linked", "document"], "properties": {
            "relation": {"type": "string", "enum": list(RELATIONS)},
            "doc_type": _NULLABLE_STR, "number": _NULLABLE_STR, "issued_date": _DATE_OR_NULL,
            "issuer": _NULLABLE_STR,
            "name": {**_NULLABLE_STR, "description": "A law cited by name and date"},
            "text": {"type": "string", "description": "The citation as printed"},
            "page": {"type": ["integer", "null"]}, "linked": {"type": "boolean"},
            "document": linked}},
        "References": {"type": "object", "required": ["id", "cites", "cited_by"], "properties": {
            "id": {"type": "integer"}, "cites": {"type": "array", "items": "Reference"},
            "cited_by": {"type": "array", "items": "Reference"}}},
    }

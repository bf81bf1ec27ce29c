"""Schemas of the phông / hồ sơ / filing endpoints, from the archival field lists (their
operations are in api_records.py's docstrings; openapi.py builds the document)."""

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

_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$"}
_DATE_OR_NULL = {"type": ["string", "null"], "format": "date"}
_CHOICES = {"status": FONDS_STATUS, "access_mode": ACCESS_MODES, "reliability": RELIABILITY}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


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


_IDS = {"type": "array", "items": {"type": "integer"}, "minItems": 1}


def input_schemas() -> dict[str, Any]:
    """What clients send to create and change phông, hồ sơ and filing."""
    return {
        "FondsInput": _input_schema(FONDS_FIELDS, create=True),
        "FondsPatch": _input_schema(tuple(s for s in FONDS_FIELDS if s.name != "code"),
                                    create=False),
        "FileInput": _input_schema(FILE_FIELDS, create=True, extra={"fonds": {"type": "string"}}),
        "FilePatch": _input_schema(tuple(s for s in FILE_FIELDS if s.name != "code"), create=False),
        "FilingInput": {"type": "object", "required": ["documents"], "additionalProperties": False,
                        "properties": {"documents": _IDS,
                                       "position": {"type": "integer", "minimum": 1}}},
        "OrderInput": {"type": "object", "required": ["order"], "additionalProperties": False,
                       "properties": {"order": _IDS}},
        "DocumentFileInput": {"type": "object", "required": ["file"], "additionalProperties": False,
                              "properties": {"file": {"type": "string"},
                                             "position": {"type": "integer", "minimum": 1}}},
        "ArchivalPatch": _input_schema(DOCUMENT_FIELDS, create=False),
    }


def records_schemas() -> dict[str, Any]:
    """Schemas of phông, hồ sơ, filing and retention, answers and inputs."""
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
        **input_schemas(),
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

"""The OpenAPI schemas of upload batches (merged by openapi.py; the paths are described in
api_batches.py's docstrings), and the optional ``batch_key`` of POST /documents."""

from __future__ import annotations

from typing import Any

_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$",
         "description": "The server's local time, ISO 8601 without an offset"}
_INT_OR_NULL = {"type": ["integer", "null"]}
_STATUS = ["queued", "processing", "done", "failed", "rejected", "gone"]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _counts() -> dict[str, Any]:
    return {"type": "object", "additionalProperties": {"type": "integer"},
            "description": "Files by state: total, queued, processing, done, failed, rejected "
                           "(refused at intake); in a single batch also review and duplicates"}


def batches_schemas() -> dict[str, Any]:
    item = {"type": "object", "required": ["name", "outcome", "document", "status", "label"],
            "properties": {
                "name": {"type": "string", "description": "The file's name as sent"},
                "outcome": {"type": "string", "enum": ["added", "duplicate", "rejected"],
                            "description": "At intake: a new document, the same bytes as an "
                                           "archived one, or refused (nothing stored)"},
                "document": _INT_OR_NULL,
                "status": {"type": "string", "enum": _STATUS},
                "label": {"type": "string", "description": "The state in words (Vietnamese "
                                                           "unless English was chosen)"},
                "error": {"type": ["string", "null"],
                          "description": "Why it failed or was refused"},
                "progress": {"type": ["object", "null"], "properties": {
                    "stage": {"type": "string", "enum": ["start", "pages", "metadata"]},
                    "page": _INT_OR_NULL, "pages": _INT_OR_NULL},
                    "description": "While processing: pages read so far of all"},
                "page_count": _INT_OR_NULL,
                "review": {"type": "array", "items": {"type": "string"},
                           "description": "Fields flagged for review, not corrected yet"},
                "duplicate_of": {"type": "array", "items": {"type": "integer"},
                                 "description": "Records it may duplicate (open warnings)"},
                "merged_into": {**_INT_OR_NULL, "description": "Withdrawn from search as a "
                                                               "duplicate of this record"},
                "url": {"type": ["string", "null"]}}}
    summary = {"id": {"type": "integer"}, "source": {"type": "string",
                                                     "enum": ["web", "api", "cli"]},
               "created_by": {"type": "string"}, "created_at": _TIME, "counts": _counts(),
               "url": {"type": "string"}}
    return {
        "BatchItem": item,
        "BatchSummary": {"type": "object", "required": ["id", "counts"], "properties": summary},
        "BatchList": {"type": "object", "required": ["batches"], "properties": {
            "batches": {"type": "array", "items": _ref("BatchSummary")}}},
        "Batch": {"type": "object", "required": ["id", "finished", "counts", "items"],
                  "properties": {**summary, "finished": {"type": "boolean"},
                                 "items": {"type": "array", "items": _ref("BatchItem")}}},
    }


def extend_upload(schemas: dict[str, Any]) -> dict[str, Any]:
    """The optional ``batch_key`` of an upload and the ``batch`` of its answer, added."""
    schemas["Upload"]["properties"]["batch_key"] = {
        "type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$",
        "description": "Optional: files sent with the same key form one upload batch"}
    schemas["Accepted"]["properties"]["batch"] = {
        "type": "integer", "description": "The upload batch (when batch_key was sent)"}
    return schemas

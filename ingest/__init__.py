"""Ingest: turn scans and PDFs into OCR'd pages and metadata (tiếp nhận, số hóa)."""

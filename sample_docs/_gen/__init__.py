"""Helpers for sample_docs/generate.py (layout, rendering, degradation, content)."""

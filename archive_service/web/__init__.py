"""The Flask web app and JSON API (never imports ``ingest``)."""

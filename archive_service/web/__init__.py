"""The Flask web app and JSON API (never imports ``ingest``)."""

from archive_service.web.app import create_app

__all__ = ["create_app"]

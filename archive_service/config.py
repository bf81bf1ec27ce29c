"""All settings in one place, declared as data and read from ``ARCHIVE_*`` variables.

Every setting has a name, a default and a help text; README.md documents each one
(a test checks that it does).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def flag(text: str) -> bool:
    """A yes/no setting: 1, true, yes, on (any case) are yes; anything else is no."""
    return text.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Setting:
    name: str  # environment variable
    default: str  # as text; "" means unset
    help: str
    kind: Callable[[str], Any] = str  # int, str or flag


SETTINGS: tuple[Setting, ...] = (
    Setting("ARCHIVE_DATA_DIR", "./archive-data", "Where the catalog, originals, page images, "
            "queue and index live."),
    Setting("ARCHIVE_DATABASE_URL", "", "SQLAlchemy URL of the catalog; default "
            "sqlite:///<data dir>/catalog.sqlite3. A catalog on PostgreSQL: "
            "postgresql+psycopg://USER:PASSWORD@HOST:5432/DB (psycopg 3; postgresql:// means "
            "the same), shared by every host."),
    Setting("ARCHIVE_REDIS_URL", "", "When set (redis://host:6379/0), the work queue is Redis "
            "(RedisHuey) instead of the embedded SQLite queue, so workers can run on several "
            "machines; every host of the service must use the same URL."),
    Setting("ARCHIVE_INDEX_DIR", "", "Whoosh index folder; default <data dir>/index."),
    Setting("ARCHIVE_OCR_LANGS", "vie+Vietnamese", "Tesseract languages, e.g. vie, vie+Vietnamese "
            "(about 0.5% more words right for 25% more time) or vie+eng."),
    Setting("ARCHIVE_RESOURCES_DIR", "", "Data files that `make venv` fetches (the Viet74K word "
            "list, the PP-OCR models); default <python prefix>/share/archive-service, i.e. "
            ".venv/share/archive-service."),
    Setting("ARCHIVE_PPOCR_MODEL", "", "PP-OCRv4 text recogniser (ONNX), the second reader of "
            "names, titles and printed numbers; default <resources dir>/ch_PP-OCRv4_rec_infer.onnx."),
    Setting("ARCHIVE_PPOCR_HANDWRITING_MODEL", "", "PP-OCRv6 text recogniser (ONNX) that reads "
            "handwritten numbers and days; default <resources dir>/PP-OCRv6_rec_small.onnx."),
    Setting("ARCHIVE_OCR_TIMEOUT", "180", "Seconds allowed for Tesseract on one page.", int),
    Setting("ARCHIVE_WORKERS", "0", "Worker processes; 0 means one per CPU core.", int),
    Setting("ARCHIVE_MAX_PAGES", "2000", "Largest number of pages accepted in one file.", int),
    Setting("ARCHIVE_MAX_PIXELS", "200000000", "Largest page image accepted, in pixels "
            "(checked before decoding: decompression bombs are refused).", int),
    Setting("ARCHIVE_MAX_UPLOAD_MB", "200", "Largest file accepted, in megabytes.", int),
    Setting("ARCHIVE_JOB_LEASE", "3600", "Seconds after which a document still marked "
            "'processing' by a vanished worker is queued again. A working worker renews its "
            "lease every third of this; on several hosts a dead one is noticed only by its "
            "lease, so a few minutes (e.g. 300) suit a cluster.", int),
    Setting("ARCHIVE_WORKER_NAME", "", "This host's name in the catalog's leases "
            "(<name>:<pid>); default the host name. Must differ between worker hosts."),
    Setting("ARCHIVE_INDEXER", "0", "Set to 1 when a separate `archive indexer` process is "
            "the only writer of the search index: workers, web nodes and commands then record "
            "what needs indexing in the catalog (its index outbox) and never write the index; "
            "0 (one host) means each process writes it itself.", flag),
    Setting("ARCHIVE_INDEXER_POLL", "2", "Seconds `archive indexer` waits between two looks "
            "at the catalog's index outbox when it was empty.", int),
    Setting("ARCHIVE_INTAKE_DIR", "", "Intake folder watched by `archive serve` (scanner drop "
            "folder); empty disables it."),
    Setting("ARCHIVE_NIGHTLY_AT", "02:00", "Local time of the nightly job (re-index, optimize, "
            "fixity check)."),
    Setting("ARCHIVE_CONNECTION_LIMIT", "1000", "Connections the web server (waitress) keeps "
            "open at once; past it, new ones wait. Slow or stalled clients each hold one.", int),
    Setting("ARCHIVE_CHANNEL_TIMEOUT", "60", "Seconds a connection may stay silent (idle, or "
            "stalled in the middle of a request) before the web server closes it.", int),
    Setting("ARCHIVE_TRUSTED_PROXIES", "0", "Reverse proxies in front of the web app (e.g. 1 "
            "behind deploy/nginx/archive.conf): the client's address and scheme are then read "
            "from X-Forwarded-For and X-Forwarded-Proto (login rate limits are per client).", int),
    Setting("ARCHIVE_HTTPS", "0", "Set to 1 when the service is reached over TLS (behind a "
            "reverse proxy): the session cookie is marked Secure and HSTS is sent.", flag),
    Setting("ARCHIVE_SECRET_KEY", "", "Flask secret key; default: a random key kept in "
            "<data dir>/secret_key."),
    Setting("ARCHIVE_ADMIN_PASSWORD", "", "On first start, creates user 'admin' with this "
            "password if no admin exists."),
    Setting("ARCHIVE_LOG_LEVEL", "INFO", "Logging level (DEBUG, INFO, WARNING, ERROR)."),
    Setting("ARCHIVE_CLI_LANGUAGE", "vi", "Language of the `archive` command's usage errors "
            "and help headings: vi (Vietnamese) or en."),
    Setting("ARCHIVE_ISSUER_ABBREVIATIONS", "", "Extra issuer abbreviations for the number "
            "parser, comma separated (e.g. SNV,STP)."),
)


class Config:
    """Settings resolved from the environment (or an explicit mapping, for tests)."""

    def __init__(self, env: dict[str, str] | None = None, **overrides: Any):
        source = os.environ if env is None else env
        self._values: dict[str, Any] = {}
        for s in SETTINGS:
            raw = source.get(s.name, s.default)
            self._values[s.name] = s.kind(raw) if raw != "" or s.kind is str else s.kind(s.default)
        for key, value in overrides.items():
            self._values[_env_name(key)] = value

    def get(self, name: str) -> Any:
        return self._values[_env_name(name)]

    @property
    def data_dir(self) -> Path:
        return Path(self.get("data_dir")).resolve()

    @property
    def database_url(self) -> str:
        return self.get("database_url") or f"sqlite:///{self.data_dir / 'catalog.sqlite3'}"

    @property
    def index_dir(self) -> Path:
        value = self.get("index_dir")
        return Path(value).resolve() if value else self.data_dir / "index"

    @property
    def resources_dir(self) -> Path:
        value = self.get("resources_dir")
        return Path(value).resolve() if value else Path(sys.prefix) / "share" / "archive-service"

    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def pages_dir(self) -> Path:
        return self.data_dir / "pages"

    @property
    def archival_dir(self) -> Path:
        """Archival PDF/A copies, by content hash like the originals."""
        return self.data_dir / "archival"

    @property
    def queue_path(self) -> Path:
        return self.data_dir / "queue.sqlite3"

    @property
    def workers(self) -> int:
        return self.get("workers") or os.cpu_count() or 1

    @property
    def separate_indexer(self) -> bool:
        """Whether `archive indexer` alone writes the search index (ARCHIVE_INDEXER)."""
        return bool(self.get("indexer"))

    @property
    def ocr_langs(self) -> str:
        return self.get("ocr_langs")

    @property
    def max_upload_bytes(self) -> int:
        return self.get("max_upload_mb") * 1024 * 1024


def _env_name(key: str) -> str:
    key = key.upper()
    return key if key.startswith("ARCHIVE_") else f"ARCHIVE_{key}"

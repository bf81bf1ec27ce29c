"""Packages that travel (gói tin): BagIt bags of documents, their metadata, records and mục
lục, exported and imported whole (issue 13). No Flask, no OCR.

``export_bag`` writes an AIP (with originals) or, with ``copies_only``, a DIP for a requester
(clearance respected); ``import_bag`` checks a bag whole and restores it whole. What the phông
/ hồ sơ records and the archival copies add is registered in :mod:`.extensions`.
"""

from archive_service.bags._export import (
    ExportResult,
    Selection,
    export_bag,
    load_documents,
    select_document_ids,
)
from archive_service.bags._format import FORMAT, FORMAT_VERSION, BagRejectedError
from archive_service.bags._import import check_bag, open_bag
from archive_service.bags._restore import ImportResult, import_bag

__all__ = ["FORMAT", "FORMAT_VERSION", "BagRejectedError", "ExportResult", "ImportResult",
           "Selection", "check_bag", "export_bag", "import_bag", "load_documents", "open_bag",
           "select_document_ids"]

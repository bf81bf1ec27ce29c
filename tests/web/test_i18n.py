"""Every UI string has an English translation, and the committed .mo matches the .po."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

WEB = Path(__file__).resolve().parents[2] / "archive_service" / "web"
PO = WEB / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")


def source_messages() -> set:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(str(WEB), method_map,
                                                                     keywords=keywords):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_ui_string_is_translated_to_english():
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    translated = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog
                  if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)}
    missing = source_messages() - translated
    assert not missing, f"untranslated (see babel.cfg for the commands): {sorted(missing)}"


def test_compiled_catalog_is_up_to_date():
    def entries(catalog) -> dict:
        return {tuple(m.id) if isinstance(m.id, list | tuple) else m.id:
                tuple(m.string) if isinstance(m.string, list | tuple) else m.string
                for m in catalog if m.id}

    with PO.open("rb") as fh:
        po = entries(read_po(fh))
    mo = entries(read_mo(io.BytesIO(MO.read_bytes())))
    assert po == mo, "run pybabel compile (see archive_service/web/babel.cfg)"

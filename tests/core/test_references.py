"""Related documents in the catalog: two real samples, one amending the other, ingested by the
worker (real PDFs; the catalog on SQLite and on PostgreSQL); links in both directions, refreshed
on arrival and on correction, re-read from stored text by ``archive references --relink``; weak
matches never link."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from archive_service.catalog import Catalog
from archive_service.cli import main
from archive_service.models import DocumentReference
from archive_service.references import matches, number_key, related_documents
from ingest.worker import process_document
from tests.conftest import BACKENDS, SAMPLES, catalog_env, database_url, make_config

CITING = SAMPLES / "qd_sua_doi_quy_dinh_quang_ngai_2019.pdf"  # 18/2019/QĐ-UBND, sửa đổi 346/2017
CITED = SAMPLES / "qd_quy_dinh_van_thu_quang_ngai_2017.pdf"  # 346/2017/QĐ-UBND


@pytest.fixture(scope="module", params=BACKENDS)
def archive(request, tmp_path_factory):
    """The citing document processed first (its target not yet archived), then the cited one;
    the catalog on SQLite, then on PostgreSQL."""
    data_dir = tmp_path_factory.mktemp("refs") / "data"
    catalog = Catalog(make_config(data_dir, database_url=database_url(request, request.param)))
    citing = catalog.add_file(CITING, enqueue=False).id
    assert process_document(catalog.config, citing) == "done"
    before = related_documents(catalog, citing)[0]
    cited = catalog.add_file(CITED, enqueue=False).id
    assert process_document(catalog.config, cited) == "done"
    yield catalog, citing, cited, before
    catalog.db.dispose()


def relation_to(catalog: Catalog, doc_id: int, number: str):
    out = related_documents(catalog, doc_id)[0]
    return next(r for r in out if r.reference.number == number)


def test_the_citing_documents_references_are_stored_unlinked_while_the_target_is_missing(archive):
    _catalog, _citing, _cited, before = archive
    got = [(r.reference.relation, r.reference.number or r.reference.name) for r in before]
    assert ("sua_doi", "346/2017/QĐ-UBND") in got and ("bai_bo", "1520/UBND-NC") in got
    assert ("can_cu", "Luật Tổ chức chính quyền địa phương") in got
    assert all(r.document is None for r in before)


def test_a_document_arriving_later_is_linked_in_both_directions(archive):
    catalog, citing, cited, _ = archive
    ref = relation_to(catalog, citing, "346/2017/QĐ-UBND")
    assert ref.reference.relation == "sua_doi" and ref.document.id == cited
    assert ref.reference.issued_date == "2017-06-21"
    outgoing, incoming = related_documents(catalog, cited)
    assert [(r.reference.relation, r.document.id) for r in incoming] == [("sua_doi", citing)]
    # the cited document's own references: its Căn cứ laws, not linked (not in the archive)
    assert any(r.reference.name == "Luật Lưu trữ" and r.document is None for r in outgoing)
    assert not any(r.reference.number == "346/2017/QĐ-UBND" for r in outgoing)  # not itself
    assert relation_to(catalog, citing, "1520/UBND-NC").document is None


def test_a_corrected_number_moves_the_link(archive):
    catalog, citing, cited, _ = archive
    catalog.set_correction(cited, "number", "347/2017/QĐ-UBND", user="lan")
    assert relation_to(catalog, citing, "346/2017/QĐ-UBND").document is None
    assert related_documents(catalog, cited)[1] == []
    catalog.set_correction(cited, "number", "346/2017/QĐ-UBND", user="lan")
    assert relation_to(catalog, citing, "346/2017/QĐ-UBND").document.id == cited


def test_relink_reads_the_stored_text_again_and_show_json_lists_both_directions(archive):
    catalog, citing, cited, _ = archive
    with catalog.db.session() as s:  # as a catalog made before references existed
        s.query(DocumentReference).delete()
    runner = CliRunner(env=catalog_env(catalog.config))
    result = runner.invoke(main, ["references", "--relink", "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["documents"] == 2 and counts["linked"] == 1 and counts["references"] >= 10
    shown = json.loads(runner.invoke(main, ["show", str(cited), "--json"]).stdout)
    assert [(r["relation"], r["document"]["id"]) for r in shown["references"]["cited_by"]] == [
        ("sua_doi", citing)]
    shown = json.loads(runner.invoke(main, ["show", str(citing), "--json"]).stdout)
    linked = [r for r in shown["references"]["cites"] if r["linked"]]
    assert [(r["number"], r["document"]["id"]) for r in linked] == [("346/2017/QĐ-UBND", cited)]


def test_deleting_the_cited_document_unlinks_and_deleting_the_citing_one_drops_its_references(
        archive):
    catalog, citing, cited, _ = archive  # last test of the module: it deletes them
    catalog.delete_document(cited, user="lan")
    assert relation_to(catalog, citing, "346/2017/QĐ-UBND").document is None
    catalog.delete_document(citing, user="lan")
    with catalog.db.session() as s:
        assert s.query(DocumentReference).count() == 0


@pytest.mark.parametrize(("a", "b"), [
    ("2629/QĐ-UBND", "2629 / QD - ubnd"), ("2629/QĐ-UBND", "2629/QÐ-UBND"),
    ("06/TTr-STC", "6/TTR-STC"), ("1028/QĐ-UBND", "1O28/QĐ-UBND"),
])
def test_numbers_compare_without_case_spaces_d_bar_o_and_leading_zeros(a, b):
    assert number_key(a) == number_key(b)


@pytest.mark.parametrize(("ref", "meta", "strong"), [
    # the same number, date and issuer: strong
    (dict(number="45/KH-UBND", issued_date="2021-03-02", issuer="Ủy ban nhân dân thành phố Cần Thơ"),
     dict(issued_date="2021-03-02", issuer="ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"), True),
    # the number alone (no date printed, no year in it): weak
    (dict(number="45/KH-UBND"), dict(issued_date="2021-03-02"), False),
    # a year in the number agrees with the document's date: strong
    (dict(number="346/2017/QĐ-UBND"), dict(issued_date="2017-06-21"), True),
    # another date, another type, another issuer, a later document: never
    (dict(number="45/KH-UBND", issued_date="2020-03-02"), dict(issued_date="2021-03-02"), False),
    (dict(number="45/KH-UBND", issued_date="2021-03-02", doc_type="Quyết định"),
     dict(issued_date="2021-03-02", doc_type="Kế hoạch"), False),
    (dict(number="45/KH-UBND", issued_date="2021-03-02", issuer="Ủy ban nhân dân huyện Phong Điền"),
     dict(issued_date="2021-03-02", issuer="ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"), False),
    (dict(number="45/KH-UBND", issued_date="2026-03-02"), dict(issued_date="2026-03-02"), False),
])
def test_only_a_strong_match_links(ref, meta, strong):
    row = DocumentReference(relation="can_cu", number_key=number_key(ref["number"]), **ref)
    assert matches(row, meta, {"issued_date": "2025-12-31"}) is strong

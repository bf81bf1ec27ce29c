"""A signer's name completed from the names people confirmed for the same issuer
(ingest/metadata/known_names.py, fed by ``Catalog.known_signers``)."""

from __future__ import annotations

import pytest

from archive_service.records import FieldValue
from ingest.metadata.known_names import KNOWN_CONF, complete_from_known

KNOWN = ["Lê Hoàng Anh", "Nguyễn Văn Hải", "Hà Văn Phúc", "Lê Tấn Dũng", "Phạm Ngọc Thưởng"]


def _signer(value, review: bool = True) -> dict[str, FieldValue]:
    return {"signer": FieldValue(value, 0.5, 1, (1, 2, 3, 4), review)}


@pytest.mark.parametrize(("read", "name"), [
    ("Hoàng Anh", "Lê Hoàng Anh"),  # the family name lost under the seal
    ("Văn Hải", "Nguyễn Văn Hải"),
    ("Hà Văn Phúe", "Hà Văn Phúc"),  # one letter garbled by a stroke
    ("Lê ấn Dũng", "Lê Tấn Dũng"),  # one letter lost
    ("Lê Tấn Đũng", "Lê Tấn Dũng"),  # only marks apart
    ("Phan Ngọc Thưởng", "Phạm Ngọc Thưởng"),
])
def test_a_fragment_or_a_near_reading_of_one_known_name_takes_it(read, name):
    got = complete_from_known(_signer(read), KNOWN)["signer"]
    assert got.value == name
    assert got.review  # the reader's doubt stays: a person still looks
    assert got.confidence == KNOWN_CONF and got.box == (1, 2, 3, 4)


@pytest.mark.parametrize("read", [
    "Văn Phúc",  # the end of two known names
    "Anh",  # one word is no fragment to go by
    "Trần Văn Bình",  # nobody known
    "Nguyễn Văn Hoa",  # two letters from a known name
    "Lê Hoàng Anh",  # already a known name
])
def test_no_single_known_name_fits_and_the_reading_stays(read):
    known = [*KNOWN, "Nguyễn Văn Phúc"]
    assert complete_from_known(_signer(read), known) == _signer(read)


def test_a_name_read_surely_is_never_changed():
    # one letter from a known name, but the reader had no doubt: another person
    sure = {"signer": FieldValue("Nguyễn Văn Hà", 0.99, 1, None, review=False)}
    assert complete_from_known(sure, KNOWN) == sure
    assert complete_from_known(_signer("Nguyễn Văn Hà"), KNOWN)["signer"].value == "Nguyễn Văn Hải"


def test_nothing_known_or_nothing_read_changes_nothing():
    assert complete_from_known(_signer("Hoàng Anh"), []) == _signer("Hoàng Anh")
    assert complete_from_known(_signer(None), KNOWN) == _signer(None)
    assert complete_from_known({}, KNOWN) == {}


HAI = ("Nguyễn Văn Hải", "PHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC")


def _block(title, authority, signer="Nguyễn Văn Hải") -> dict[str, FieldValue]:
    return {"signer": FieldValue(signer, 0.5, 1, None, True),
            "signer_title": FieldValue(title, 0.5 if title else 0.0, 1, None, True),
            "signing_authority": FieldValue(authority, 0.0, 1, None, authority is None)}


@pytest.mark.parametrize("title", [None, "CAN", "GIÁM ĐỐC"])  # lost, garbled, its PHÓ lost
def test_a_known_signers_doubtful_title_and_missing_authority_are_completed(title):
    got = complete_from_known(_block(title, None), [HAI])
    assert got["signer_title"].value == "PHÓ GIÁM ĐỐC" and got["signer_title"].review
    assert got["signing_authority"].value == "KT. GIÁM ĐỐC" and got["signing_authority"].review


def test_a_title_of_its_own_or_a_person_seen_with_two_titles_is_left():
    # another title read (he signed this one as Chánh văn phòng): not the end of the known one
    got = complete_from_known(_block("CHÁNH VĂN PHÒNG", None), [HAI])
    assert got["signer_title"].value == "CHÁNH VĂN PHÒNG"
    assert got["signing_authority"].value is None
    # known with two titles: nothing to go by
    two = [HAI, ("Nguyễn Văn Hải", "GIÁM ĐỐC", None)]
    assert complete_from_known(_block(None, None), two)["signer_title"].value is None
    # an empty authority its reader did not doubt stays empty
    sure_empty = {**_block("PHÓ GIÁM ĐỐC", None),
                  "signing_authority": FieldValue(None, 0.0, 1, None, False)}
    assert complete_from_known(sure_empty, [HAI])["signing_authority"].value is None

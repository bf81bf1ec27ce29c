"""The analyzer, pairwise: what is indexed and what is queried must meet."""

from __future__ import annotations

import unicodedata

import pytest

from index import SearchRequest, fold, tokenize
from index.analysis import bigrams, number_key

from .conftest import make_doc

PAIRS = [
    ("Đồng Nai", "dong nai"),
    ("Đồng Nai", "ĐỒNG NAI"),
    ("hoà bình", "hòa bình"),
    ("uỷ ban", "ủy ban"),
    ("THUỶ LỢI", "thủy lợi"),
    ("khoẻ mạnh", "khỏe mạnh"),
    (unicodedata.normalize("NFD", "cải cách hành chính"), "cai cach hanh chinh"),
    ("ở nhà", "o nha"),
    ("quý khách", "quy khach"),
]


@pytest.mark.parametrize(("indexed", "queried"), PAIRS)
def test_pair_tokens_meet(indexed: str, queried: str) -> None:
    assert fold(" ".join(tokenize(indexed))) == fold(" ".join(tokenize(queried)))


@pytest.mark.parametrize(("indexed", "queried"), PAIRS)
def test_pair_found_through_index(tmp_path, indexed: str, queried: str) -> None:
    from index import SearchIndex

    ix = SearchIndex(tmp_path / "ix")
    ix.update([make_doc("1", f"mở đầu {indexed} kết thúc"), make_doc("2", "khác hẳn")])
    for q in (queried, f'"{queried}"'):
        res = ix.search(SearchRequest(q=q, suggest=False))
        assert [h.id for h in res.hits] == ["1"], q


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("hoà", ["hòa"]),
        ("Uỷ ban", ["ủy", "ban"]),
        ("quỳ", ["quỳ"]),  # qu- is a consonant: the tone stays on y
        ("hoàng", ["hoàng"]),  # closed syllable: both placements agree
        ("ở an in", ["ở", "an", "in"]),  # no stop list, no minimum length
        ("2629/QĐ-UBND", ["2629", "qđ", "ubnd"]),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_fold_keeps_length_and_maps_d() -> None:
    text = "Đường đến Thủy"
    assert fold(text) == "Duong den Thuy"
    assert len(fold(text)) == len(text)


def test_number_key_every_spelling() -> None:
    keys = {number_key(n) for n in ("2629/QĐ-UBND", "2629/qd-ubnd", "2629 QĐ UBND", "2629-qđ/ubnd")}
    assert keys == {"2629qdubnd"}


def test_bigrams() -> None:
    assert bigrams(["cai", "cach", "hanh"]) == ["cai cach", "cach hanh"]

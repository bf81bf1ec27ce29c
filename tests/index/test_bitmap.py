"""Document sets as integers: building, decoding, counting."""

from __future__ import annotations

import random
import re

import pytest

from index.analysis import fold_tokens, folded_regex, tokenize
from index.bitmap import build_bits, count_planes, docnums, has, to_bytes, with_count
from index.search import phrase_regex


@pytest.mark.parametrize(
    "docs", [[], [0], [7, 8], [1, 9, 63, 64, 65, 1000], sorted(random.Random(1).sample(range(5000), 700))]
)
def test_bits_round_trip(docs: list[int]) -> None:
    bits = build_bits(docs)
    assert bits == sum(1 << d for d in docs)
    assert build_bits(iter(docs)) == bits and build_bits(set(docs), 5000) == bits
    assert docnums(bits) == docs and bits.bit_count() == len(docs)
    data = to_bytes(bits)
    assert [d for d in range(1100) if has(data, d)] == [d for d in docs if d < 1100]


def test_count_planes_match_naive_counts() -> None:
    rng = random.Random(2)
    universe = range(300)
    sets = [set(rng.sample(universe, rng.randint(0, 300))) for _ in range(6)]
    within = set(rng.sample(universe, 200))
    planes = count_planes([build_bits(s) for s in sets])
    for count in range(8):
        expected = {d for d in within if sum(d in s for s in sets) == count}
        assert set(docnums(with_count(planes, count, build_bits(within)))) == expected


def _reference(tokens: list[str]) -> re.Pattern:
    return re.compile(r"(?<!\w)" + r"\W+".join(map(folded_regex, tokens)) + r"(?!\w)")


@pytest.mark.parametrize("phrase", ["cải cách hành", "ngân sách nhà nước", "ở cơ sở", "đất"])
@pytest.mark.parametrize(
    "text",
    [
        "cải cách hành chính",
        "đẩy mạnh cải  cách, hành chính",
        "xcải cách hành",
        "cải cách hànhx",
        "\ncải cách hành",
        "ngân sách nhà nước; ngân sách nhà nướcx",
        "hòa giải ở cơ sở",
        "chở cơ sở",
        "đất đai, đất",
        "quyền sử dụng đấtđai",
    ],
)
def test_phrase_regex_same_as_word_boundary_regex(phrase: str, text: str) -> None:
    tokens = fold_tokens(tokenize(phrase))
    low = text.lower()
    assert [m.span() for m in phrase_regex(tokens).finditer(low)] == [
        m.span() for m in _reference(tokens).finditer(low)
    ]

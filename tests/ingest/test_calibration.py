"""The calibration table (ingest/metadata/calibration.json) and how it turns raw scores into
chances and review flags."""

from __future__ import annotations

import json

from archive_service.records import METADATA_FIELDS, FieldValue
from ingest.metadata import calibrate
from ingest.metadata._calibration import TABLE, Curve, chance_right, review_below


def test_the_shipped_table_is_well_formed_and_never_decreasing():
    data = json.loads(TABLE.read_text(encoding="utf-8"))
    assert data["fitted_on"] and data["values"] > 500
    assert 0.5 <= data["review_below"] <= 0.95
    assert "real_dev measured" not in data["fitted_on"]  # the measured part is never fitted on
    for field, curves in data["fields"].items():
        assert field in METADATA_FIELDS
        for flag, steps in curves.items():
            assert flag in ("flagged", "unflagged")
            scores = [s for s, _ in steps]
            chances = [c for _, c in steps]
            assert scores[0] == 0.0 and scores == sorted(scores)
            assert chances == sorted(chances), (field, flag)
            assert all(0.0 <= c <= 1.0 for c in chances)


def test_a_curve_is_a_step_function_of_the_raw_score():
    curve = Curve((0.0, 0.5, 0.8), (0.2, 0.6, 0.97))
    assert curve(0.1) == 0.2
    assert curve(0.5) == 0.6
    assert curve(0.79) == 0.6
    assert curve(0.95) == 0.97


def test_calibrate_flags_exactly_the_values_below_the_threshold():
    fields = {name: FieldValue(None) for name in METADATA_FIELDS}
    fields["subject"] = FieldValue("Về việc thành lập Hội đồng", 0.95, 1, None, False)
    fields["number"] = FieldValue("15/TB-SNV", 0.2, 1, None, True)
    fields["signer"] = FieldValue(None, 0.0, 1, None, True)  # printed but not found
    expected = {name: chance_right(name, fv.confidence, fv.review)
                for name, fv in fields.items() if fv.value is not None}
    out = calibrate(fields)
    for name, chance in expected.items():
        assert chance is not None
        assert out[name].confidence == round(chance, 3)
        assert out[name].review == (chance < review_below())
    assert out["signer"].review  # an empty field keeps its reader's flag
    assert not out["urgency"].review  # nothing printed, nothing to check


def _fitting_tool():
    """bench/calibrate.py, the tool that fits the table."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "calibrate.py"
    spec = importlib.util.spec_from_file_location("calibrate_tool", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_values_of_one_score_are_fitted_as_one_step():
    # a reader's doubt at one score, right 17 times of 23: the fit must not put the 6 wrong
    # ones (sorted first) in the step below and make the 17 right ones a sure step
    points = [(0.15, False), (0.3, False), (0.3, True)] + [(0.6, False)] * 6 + [(0.6, True)] * 17
    steps = _fitting_tool().isotonic(points, prior_share=0.7)
    chance_at = Curve(*zip(*steps, strict=True))
    assert chance_at(0.6) < 0.8


def test_an_empty_authority_under_a_title_calibration_doubts_is_flagged():
    def fields(title_raw: float) -> dict[str, FieldValue]:
        out = {name: FieldValue(None) for name in METADATA_FIELDS}
        out["signer_title"] = FieldValue("HỘI ĐỒNG NHÂN DÂN", title_raw, 1, None, False)
        return out

    doubted = min((raw / 100 for raw in range(101)
                   if chance_right("signer_title", raw / 100, False) < review_below()), default=None)
    assert doubted is not None and chance_right("signer_title", 1.0, False) >= review_below()
    assert calibrate(fields(doubted))["signing_authority"].review  # a seal over the block
    assert not calibrate(fields(1.0))["signing_authority"].review  # the head signs himself

"""Fit the confidence calibration (ingest/metadata/calibration.json) on labelled documents.

    .venv/bin/python bench/calibrate.py [--dry-run] [--extra FOLDER ...] [--fields FIELD ...]

For every value the extractor reads (as the worker does: ``extract_metadata`` uncalibrated,
then the handwriting reader) on the fitting sets, it takes the reader's raw score, the
reader's own flag, and whether the value is right. Per field and flag it fits the chance of
being right as a non-decreasing step function of the raw score (isotonic regression by pool
adjacent violators, on blocks of at least ``MIN_BLOCK`` values, each block's share pulled
towards the share right of all values with the same reader's flag by ``PRIOR`` pseudo-values).
A (field, flag) pair with fewer than ``MIN_PAIR`` values gets one step: its own share, pulled
the same way. The chance under which a value is flagged (``review_below``) is fitted too: the
one of ``THRESHOLDS`` that comes closest to issue 11's targets for review flags on the
fitting data (at least ``WRONG_FLAGGED`` of wrong values flagged, at most ``RIGHT_FLAGGED`` of
right ones; a silent error weighs ``SILENT_WEIGHT`` times a needless flag).

With ``--fields``, only those fields' curves are fitted again (after a change to how their
readers score); the other curves and ``review_below`` stay as the table has them, and the
table records which fields were refitted, when and on what.

Fitting sets: the sample scans and born-digital samples, ../shared/real_samples, the tuned
part of ../shared/real_dev (bench/real_dev_split.json) and sample_docs/varied when present,
and the folders of ``generate_varied.py`` draws given with ``--extra`` (keep other draws aside
to measure on). Never the measured part of real_dev. Pages come from bench/metadata.py's cache.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import date
from itertools import groupby
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import metadata as mb  # noqa: E402

from archive_service.records import METADATA_FIELDS  # noqa: E402
from ingest.metadata import _calibration  # noqa: E402

MIN_BLOCK = 10  # values per step before pooling
MIN_PAIR = 12  # values a (field, flag) pair needs for a curve of its own
PRIOR = 4.0  # pseudo-values at the share right of all values so flagged, added to every step


def fitting_cases(extra: list[Path] = ()) -> list:
    cases = mb.sample_cases() + mb.real_cases() + mb.varied_cases()
    for folder in extra:
        cases += mb.varied_cases(folder.resolve(), folder.name)
    return cases + [c for c in mb.real_dev_cases() if c[2] != mb.MEASURED]


def observations(cases) -> list[tuple[str, float, bool, bool]]:
    """(field, raw score, reader's flag, right) for every value read."""
    out = []
    for _name, path, _group, expected in cases:
        got = mb.raw_fields(path)
        for field in METADATA_FIELDS:
            fv = got[field]
            if fv.value is not None:
                out.append((field, fv.confidence, fv.review, mb.is_right(field, fv.value, expected)))
    return out


def isotonic(points: list[tuple[float, bool]], prior_share: float) -> list[list[float]]:
    """[[lowest raw score of the step, chance], …], chances non-decreasing."""
    blocks: list[list[float]] = []  # [first score, right, count]
    # values of one score stay in one block: split between two, the wrong ones (sorted first)
    # would land in the lower block and the right ones make the upper block look sure
    for score, group in groupby(sorted(points), key=lambda p: p[0]):
        rights = [right for _, right in group]
        if blocks and blocks[-1][2] < MIN_BLOCK:
            blocks[-1][1] += sum(rights)
            blocks[-1][2] += len(rights)
        else:
            blocks.append([score, float(sum(rights)), float(len(rights))])
    if len(blocks) > 1 and blocks[-1][2] < MIN_BLOCK:  # the last block joins the one before
        _absorb(blocks[-2], blocks.pop())
    pooled: list[list[float]] = []
    for block in blocks:  # pool adjacent violators, on the shares pulled towards the prior
        pooled.append(list(block))
        while len(pooled) > 1 and _chance(pooled[-2], prior_share) >= _chance(pooled[-1], prior_share):
            last = pooled.pop()
            _absorb(pooled[-1], last)
    steps = [[round(b[0], 4), round(_chance(b, prior_share), 3)] for b in pooled]
    steps[0][0] = 0.0
    return steps


def _absorb(block: list[float], other: list[float]) -> None:
    block[1] += other[1]
    block[2] += other[2]


def _chance(block: list[float], prior_share: float) -> float:
    return (block[1] + PRIOR * prior_share) / (block[2] + PRIOR)


def fit(obs) -> dict:
    by_field: dict[str, list] = defaultdict(list)
    for field, raw, flagged, right in obs:
        by_field[field].append((raw, flagged, right))
    # a reader's flag means the same doubt in every field: each (field, flag) pair is pulled
    # towards the share right of all values so flagged, not towards its field's (a field read
    # right 95% of the time says little of the few values its reader doubted)
    flag_share = {flag: sum(r for _, _, f, r in obs if f == flag)
                  / max(1, sum(f == flag for *_, f, _ in obs)) for flag in (False, True)}
    table: dict[str, dict] = {}
    for field, rows in sorted(by_field.items()):
        table[field] = {}
        for flagged in (False, True):
            pts = [(raw, right) for raw, f, right in rows if f == flagged]
            overall = flag_share[flagged]
            if not pts:
                continue
            key = "flagged" if flagged else "unflagged"
            if len(pts) < MIN_PAIR:
                share = (sum(r for _, r in pts) + PRIOR * overall) / (len(pts) + PRIOR)
                table[field][key] = [[0.0, round(share, 3)]]
            else:
                table[field][key] = isotonic(pts, overall)
    return table


def flags_at(obs, table: dict, threshold: float) -> tuple[int, int, int, int]:
    """(wrong flagged, wrong, right flagged, right) if the table and threshold were used."""
    wf = w = rf = r = 0
    for field, raw, flagged, right in obs:
        steps = table.get(field, {}).get("flagged" if flagged else "unflagged")
        chance = _calibration.Curve(*zip(*steps, strict=True))(raw) if steps else raw
        doubt = chance < threshold
        if right:
            r, rf = r + 1, rf + doubt
        else:
            w, wf = w + 1, wf + doubt
    return wf, w, rf, r


THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.95, 0.96)


WRONG_FLAGGED = 0.90  # the share of wrong values a review flag should catch …
RIGHT_FLAGGED = 0.15  # … flagging at most this share of right ones
SILENT_WEIGHT = 2.0  # a wrong value reaching the catalogue unflagged costs more than a look


def review_threshold(obs, table: dict) -> float:
    """The chance under which values are flagged: the one whose flags fall least short of the
    targets on the fitting data (the shortfall of wrong values flagged under
    ``WRONG_FLAGGED``, weighed ``SILENT_WEIGHT`` times, plus the excess of right values flagged
    over ``RIGHT_FLAGGED``). A silent error is weighed more than a needless look: nobody finds
    the record it misfiles, while a look costs a reader seconds. Youden's J (wrong flagged
    minus right flagged), used before, weighs a review queue twice as long the same as a few
    more errors caught."""
    def shortfall(t: float) -> float:
        wf, w, rf, r = flags_at(obs, table, t)
        return (SILENT_WEIGHT * max(0.0, WRONG_FLAGGED - wf / max(w, 1))
                + max(0.0, rf / max(r, 1) - RIGHT_FLAGGED))
    return min(THRESHOLDS, key=shortfall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the table")
    parser.add_argument("--extra", nargs="+", type=Path, default=[], metavar="FOLDER",
                        help="folders of generate_varied.py draws to fit on as well")
    parser.add_argument("--fields", nargs="+", choices=METADATA_FIELDS, default=[],
                        help="fit these fields' curves again, keep the rest of the table")
    args = parser.parse_args()
    cases = fitting_cases(args.extra)
    mb.fill_cache(cases, processes=2)
    obs = observations(cases)
    table = fit(obs)
    print(f"{len(cases)} documents, {len(obs)} values read")
    groups = defaultdict(int)
    for _n, _p, group, _e in cases:
        groups[group] += 1
    if args.fields:
        data = json.loads(_calibration.TABLE.read_text(encoding="utf-8"))
        table = {**data["fields"], **{f: table[f] for f in args.fields if f in table}}
        _print_flags(obs, table, data["review_below"], "review below (kept)")
        data["fields"] = table
        data.setdefault("refitted", {}).update(
            {f: {"made": date.today().isoformat(), "fitted_on": dict(groups)} for f in args.fields})
        _write(data, args.dry_run)
        return
    threshold = review_threshold(obs, table)
    _print_flags(obs, table, threshold, "review below")
    data = {"about": "Made by bench/calibrate.py; see its docstring and ingest/metadata/_calibration.py.",
            "made": date.today().isoformat(), "fitted_on": dict(groups), "values": len(obs),
            "review_below": threshold, "fields": table}
    _write(data, args.dry_run)


def _print_flags(obs, table: dict, chosen: float, mark: str) -> None:
    """What each threshold would flag on the fitting data, the ``chosen`` one marked."""
    for t in THRESHOLDS:
        wf, w, rf, r = flags_at(obs, table, t)
        tail = f"  ← {mark}" if t == chosen else ""
        print(f"flag below {t:.2f}: wrong flagged {wf}/{w}, right flagged {rf}/{r}{tail}")


def _write(data: dict, dry_run: bool) -> None:
    if dry_run:
        print(json.dumps(data["fields"], indent=1))
        return
    _calibration.TABLE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                  encoding="utf-8")
    print(f"written: {_calibration.TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

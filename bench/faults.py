"""Fault trials of issue 12 at full size; the figures of bench/RESULTS.md, "Fault trials".

    .venv/bin/python bench/faults.py [kill|api|files|disk ...] [--trials 100] [--seed 12]
        [--examples 100] [--out bench/out/faults]

kill: kill -9 trials of a real worker at random moments, inside the index commit among them
(tests/faults/kill.py). api: schemathesis against a real ``archive serve``'s OpenAPI document
with a token (tests/faults/api.py). files: every crafted file and every file of
../shared/hostile_dev through ``archive extract`` and the upload API (tests/faults/files.py).
disk: a full data directory (a small tmpfs) during uploads and processing
(tests/faults/disk.py; needs root). Each writes ``<out>/<trial>.json``; run them one at a
time (the machine is shared).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()


def run_kill(work: Path, args: argparse.Namespace) -> dict:
    from tests.faults.kill import run_kill_trials

    report = run_kill_trials(work, trials=args.trials, seed=args.seed, echo=print)
    return dataclasses.asdict(report)


def run_api(work: Path, args: argparse.Namespace) -> dict:
    from tests.faults.api import run_schemathesis
    from tests.faults.server import open_server

    sample = ROOT / "sample_docs" / "kh_so_giao_duc_lam_dong_2025.pdf"
    with open_server(work) as server:
        server.upload(sample.name, sample.read_bytes())
        report = run_schemathesis(server, work / "report", max_examples=args.examples,
                                  seed=args.seed)
        tracebacks = server.log.read_text().count("Traceback (most recent call last)")
    print(report.output[-3000:])
    return {"exit_code": report.exit_code, "generated": report.generated,
            "responses": dict(sorted(report.responses.items())),
            "server_errors": report.server_errors, "failures": report.failures,
            "log_tracebacks": tracebacks}


def run_files(work: Path, args: argparse.Namespace) -> dict:
    from tests.faults.files import run_files as run

    report = run(work, every=1, echo=print)
    out = {"extract": dict(report.counts("extract")), "upload": dict(report.counts("upload")),
           "extract_max_rss_mb": max((o.rss_mb for o in report.extract), default=0),
           "web_rss_mb": report.web_rss_mb, "log_tracebacks": report.log_tracebacks,
           "problems": report.problems(),
           "outcomes": {"extract": [dataclasses.asdict(o) for o in report.extract],
                        "upload": [dataclasses.asdict(o) for o in report.upload]}}
    return out


def run_disk(work: Path, args: argparse.Namespace) -> dict:
    from tests.faults.disk import run_disk_trial

    return dataclasses.asdict(run_disk_trial(work, echo=print))


TRIALS = {"kill": run_kill, "api": run_api, "files": run_files, "disk": run_disk}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trials_to_run", nargs="*", metavar="|".join(TRIALS),
                        help="which trials (default: all, one after another)")
    parser.add_argument("--trials", type=int, default=100, help="kill -9 trials")
    parser.add_argument("--examples", type=int, default=100, help="schemathesis examples")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "faults")
    args = parser.parse_args()
    unknown = set(args.trials_to_run) - set(TRIALS)
    if unknown:
        parser.error(f"unknown trial(s): {', '.join(sorted(unknown))}")
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.trials_to_run or list(TRIALS):
        work = Path(tempfile.mkdtemp(prefix=f"faults-{name}-"))
        started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
        t0 = time.monotonic()
        try:
            result = TRIALS[name](work, args)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        result = {"trial": name, "started": started, "seconds": round(time.monotonic() - t0, 1),
                  "commit": _commit(), "machine": f"{platform.machine()}, {platform.node()}",
                  "argv": sys.argv[1:], **result}
        (args.out / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1,
                                                          default=str))
        print(json.dumps({k: v for k, v in result.items() if k != "outcomes"},
                         ensure_ascii=False, default=str)[:4000])


if __name__ == "__main__":
    main()

"""The shipped production recipe (deploy/systemd, issue 15): every unit starts an `archive`
command that exists with options it accepts, stops it the way that command stops cleanly
(in time for the page at hand), and the shared environment file names only real settings."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess

import click
import pytest

from archive_service.cli import main
from archive_service.config import SETTINGS
from archive_service.supervisor import STOP_TIMEOUT
from tests.conftest import ROOT

UNITS = ROOT / "deploy" / "systemd"
ROLES = {"archive-web.service": "web", "archive-worker.service": "worker",
         "archive-indexer.service": "indexer", "archive.service": "serve"}


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys keep their case
    parser.read(UNITS / name)
    return parser


def env_file() -> dict[str, str]:
    pairs = {}
    for line in (UNITS / "archive.env").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def test_every_role_has_a_unit():
    assert {p.name for p in UNITS.glob("*.service")} == set(ROLES)


@pytest.mark.parametrize("name", sorted(ROLES))
def test_unit_runs_a_real_command(name):
    service = unit(name)["Service"]
    argv = shlex.split(service["ExecStart"])
    assert argv[0].endswith("/bin/archive")
    assert argv[1] == ROLES[name]
    with click.Context(main) as parent:  # the options parse as `archive` would parse them
        command = main.get_command(parent, argv[1])
        command.make_context(argv[1], argv[2:], parent=parent)
    assert service["Restart"] == "always"
    if ROLES[name] in ("worker", "serve"):  # time for the page at hand
        assert int(service["TimeoutStopSec"]) > STOP_TIMEOUT
    if ROLES[name] == "worker":
        assert service["KillSignal"] == "SIGINT"  # Huey's graceful stop
    else:
        assert service["KillSignal"] == "SIGTERM"
    if name != "archive.service":
        assert service["EnvironmentFile"] == "/etc/archive/archive.env"


def test_the_environment_file_names_real_settings():
    names = {s.name for s in SETTINGS}
    env = env_file()
    archive = {k for k in env if k.startswith("ARCHIVE_")}
    assert archive <= names
    assert {"ARCHIVE_DATA_DIR", "ARCHIVE_DATABASE_URL", "ARCHIVE_REDIS_URL", "ARCHIVE_INDEXER",
            "ARCHIVE_WORKER_NAME", "ARCHIVE_SECRET_KEY", "ARCHIVE_JOB_LEASE"} <= archive
    assert env["ARCHIVE_INDEXER"] == "1"
    assert set(env) - archive == {"OMP_THREAD_LIMIT"}


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize("name", sorted(ROLES))
def test_systemd_accepts_the_unit(name):
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", str(UNITS / name)],
                            capture_output=True, text=True)
    # the paths of the target host (/opt/archive, the archive user) do not exist here
    problems = [line for line in result.stderr.splitlines()
                if "/opt/archive" not in line and "archive.env" not in line and line.strip()]
    assert not problems, result.stderr

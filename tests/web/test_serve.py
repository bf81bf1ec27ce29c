"""``archive serve`` start-up: who can log in first, and the index check."""

from __future__ import annotations

import stat
import threading

from archive_service.catalog import Catalog
from archive_service.users import Users
from archive_service.web.commands import first_admin
from tests.conftest import make_config


def test_admin_password_creates_the_first_admin_once(tmp_path):
    config = make_config(tmp_path / "data", admin_password="mat-khau-dau-tien")
    catalog = Catalog(config)
    assert "Đã tạo tài khoản quản trị: admin" in first_admin(catalog, config)
    users = Users(catalog)
    assert users.authenticate("admin", "mat-khau-dau-tien").role == "admin"
    assert users.by_name("admin").clearance == 3
    assert "tài khoản đã có" in first_admin(catalog, config)  # a restart changes nothing
    assert len(users.list()) == 1


def test_empty_archive_without_password_gets_a_printed_one(tmp_path):
    config = make_config(tmp_path / "data")
    catalog = Catalog(config)
    message = first_admin(catalog, config)
    password = message.split("admin / ")[1].split()[0]
    assert Users(catalog).authenticate("admin", password) is not None
    secret = config.data_dir / "initial_admin_password"
    assert secret.read_text().strip() == password
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_web_nodes_starting_together_make_one_admin_and_all_start(tmp_path):
    # several `archive web` nodes on one empty catalog: each looks for an admin, finds none
    # and makes one; the late ones find the name taken and must start all the same
    config = make_config(tmp_path / "data")
    catalogs = [Catalog(config) for _ in range(6)]  # one connection pool each, as nodes have
    start, said, failed = threading.Barrier(len(catalogs), timeout=30), [], []

    def node(catalog: Catalog) -> None:
        try:
            start.wait()
            said.append(first_admin(catalog, config))
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            failed.append(exc)

    threads = [threading.Thread(target=node, args=(c,)) for c in catalogs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failed and len(said) == len(catalogs)
    assert [u.name for u in Users(Catalog(config)).list()] == ["admin"]
    assert sum("Đã tạo tài khoản quản trị đầu tiên" in m for m in said) == 1


def test_users_without_an_admin_are_told_what_to_do(tmp_path):
    config = make_config(tmp_path / "data")
    catalog = Catalog(config)
    Users(catalog).add("canbo", "staff", password="12345678")
    assert "archive user add TÊN --role admin" in first_admin(catalog, config)
    assert Users(catalog).by_name("admin") is None


def test_secret_key_is_kept_between_starts(tmp_path):
    from archive_service.web import create_app

    config = make_config(tmp_path / "data")
    first = create_app({"ARCHIVE_CONFIG": config}).secret_key
    assert first and create_app({"ARCHIVE_CONFIG": config}).secret_key == first
    assert stat.S_IMODE((config.data_dir / "secret_key").stat().st_mode) == 0o600

"""Sign-in, roles, CSRF, cookies, security headers, language."""

from __future__ import annotations

import pytest

from tests.web.conftest import PASSWORD, csrf_token, login, post

PAGES = ["/", "/search", "/review", "/upload", "/status", "/admin"]


@pytest.mark.parametrize("url", PAGES + ["/documents/1", "/documents/1/original",
                                         "/documents/1/pages/1.jpg"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_login_and_logout(client, catalog):
    response = login(client, "canbo")
    assert response.status_code == 302 and response.headers["Location"] == "/search"
    page = client.get("/").get_data(as_text=True)
    assert "canbo" in page and "Đăng xuất" in page
    assert client.get("/logout").status_code == 200  # a bookmarked link asks first
    assert post(client, "/logout").status_code == 302
    assert client.get("/").status_code == 302
    from sqlalchemy import select

    from archive_service.models import AuditEntry

    with catalog.db.session() as s:
        actions = list(s.scalars(select(AuditEntry.action)))
    assert "login" in actions and "logout" in actions


def test_wrong_password_is_refused_with_a_clear_message(client):
    response = login(client, "canbo", "sai-mat-khau")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)
    assert login(client, "khong-co-ai", PASSWORD).status_code == 401
    assert client.get("/").status_code == 302


def test_inactive_user_cannot_sign_in(client, app):
    from archive_service.users import Users

    users = Users(app.extensions["archive_catalog"])
    acc = users.by_name("canbo")
    users.update(acc.id, role="staff", clearance=0, active=False, by="test")
    assert login(client, "canbo").status_code == 401


def test_deactivated_user_loses_the_session(client, app, as_user):
    from archive_service.users import Users

    as_user("canbo")
    assert client.get("/").status_code == 200
    users = Users(app.extensions["archive_catalog"])
    users.update(users.by_name("canbo").id, role="staff", clearance=0, active=False, by="test")
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_login_never_redirects_off_site(client, target):
    token = csrf_token(client)
    response = client.post(f"/login?next={target}",
                           data={"username": "canbo", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/search"


def test_login_keeps_a_local_next(client):
    token = csrf_token(client)
    response = client.post("/login?next=/search%3Fq%3Dabc",
                           data={"username": "canbo", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/search?q=abc"


def test_login_attempts_are_rate_limited(client):
    codes = [login(client, "canbo", "sai-mat-khau").status_code for _ in range(11)]
    assert codes[:10] == [401] * 10
    assert codes[10] == 429
    assert login(client, "canbo").status_code == 429  # even the right password waits


def test_every_form_needs_the_csrf_token(client, as_user):
    assert client.post("/login", data={"username": "canbo", "password": PASSWORD}).status_code == 400
    as_user("vanthu")
    for url in ["/logout", "/documents/1", "/review/1", "/upload", "/status/retry/1", "/admin/users"]:
        response = client.post(url, data={"subject": "x"})
        assert response.status_code == 400, url
        assert "Hãy tải lại trang" in response.get_data(as_text=True)


def test_session_cookie_flags(client):
    response = login(client, "canbo")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("archive_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_security_headers(client, as_user):
    as_user("canbo")
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "no-store" in headers["Cache-Control"]


@pytest.mark.parametrize(("name", "allowed"), [
    ("canbo", {"/", "/search"}),
    ("vanthu", {"/", "/search", "/review", "/upload", "/status"}),
    ("quantri", set(PAGES)),
])
def test_roles(client, as_user, name, allowed):
    as_user(name)
    for url in PAGES:
        response = client.get(url, follow_redirects=True)
        assert (response.status_code == 200) == (url in allowed), (name, url, response.status_code)
        if url not in allowed:
            assert response.status_code == 403
            assert "không có quyền" in response.get_data(as_text=True)


def test_vietnamese_by_default_english_on_request(client, as_user):
    as_user("canbo")
    assert "Tìm kiếm" in client.get("/").get_data(as_text=True)
    english = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "Search" in english and "Sign out" in english
    assert "Sign out" in client.get("/search").get_data(as_text=True)  # remembered
    assert "Đăng xuất" in client.get("/?lang=vi").get_data(as_text=True)


def test_unknown_page_is_a_friendly_404(client, as_user):
    as_user("canbo")
    response = client.get("/khong-co")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)

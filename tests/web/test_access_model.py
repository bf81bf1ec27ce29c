"""The access model (issue 12, points 2, 3 and 12): sessions end server-side, a document is
restricted until classified, classification badges, and declassification takes two people."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from archive_service.errors import InputRejectedError
from archive_service.models import AuditEntry, DeclassificationRequest
from archive_service.records import FieldValue, Page
from archive_service.users import Users
from tests.web.conftest import PASSWORD, login, post

COOKIE = "archive_session"


def actions(catalog, doc_id: int | None = None) -> list[str]:
    with catalog.db.session() as s:
        q = select(AuditEntry.action)
        if doc_id is not None:
            q = q.where(AuditEntry.document_id == doc_id)
        return list(s.scalars(q.order_by(AuditEntry.id)))


def replay(app, cookie: str):
    """A new client holding only a cookie kept from an earlier session (as a thief would)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie)
    return thief


def signed_in(app, name: str):
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def admin_edit(app, user: str, **form):
    """The administration page's user form, sent by ``quantri``."""
    admin = signed_in(app, "quantri")
    users = Users(app.extensions["archive_catalog"])
    acc = users.by_name(user)
    data = {"role": acc.role, "clearance": str(acc.clearance), "active": "1", "password": ""}
    data.update(form)
    assert post(admin, f"/admin/users/{acc.id}", data).status_code == 302


def png_bytes(seed: int) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (500 + seed, 200), 255).save(buf, format="PNG")
    return buf.getvalue()


# --- sessions end server-side (point 2) ------------------------------------------------------

def test_a_cookie_kept_after_logout_is_refused(app, doc_ids):
    client = signed_in(app, "canbo_mat")
    url = f"/documents/{doc_ids['secret']}/original"
    assert client.get(url).status_code == 200
    kept = client.get_cookie(COOKIE).value
    assert post(client, "/logout").status_code == 302
    response = replay(app, kept).get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert replay(app, kept).get("/").status_code == 302


@pytest.mark.parametrize("change", [
    {"password": "mat-khau-moi-456"},  # reset by an administrator
    {"role": "staff"},  # archivist → staff
    {"clearance": "0"},  # Mật → none
    {"active": ""},  # disabled
], ids=["password-reset", "role-lowered", "clearance-lowered", "disabled"])
def test_a_cookie_kept_after_an_administrator_takes_rights_away_is_refused(app, doc_ids, change):
    client = signed_in(app, "vanthu")
    url = f"/documents/{doc_ids['secret']}/original"
    assert client.get(url).status_code == 200
    kept = client.get_cookie(COOKIE).value
    admin_edit(app, "vanthu", **change)
    for holder in (client, replay(app, kept)):
        response = holder.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
        assert holder.get("/upload").status_code == 302


def test_raising_rights_keeps_the_session(app, doc_ids):
    client = signed_in(app, "vanthu0")
    admin_edit(app, "vanthu0", clearance="1")
    assert client.get(f"/documents/{doc_ids['secret']}").status_code == 200


def test_the_new_password_works_after_a_reset(app):
    admin_edit(app, "canbo", password="mat-khau-moi-456")
    client = app.test_client()
    assert login(client, "canbo", PASSWORD).status_code == 401
    assert login(client, "canbo", "mat-khau-moi-456").status_code == 302
    assert client.get("/").status_code == 200


def test_an_api_token_dies_with_its_disabled_user(app, doc_ids):
    users = Users(app.extensions["archive_catalog"])
    token = users.create_token("vanthu")
    api = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get(f"/api/v1/documents/{doc_ids['secret']}", headers=headers).status_code == 200
    admin_edit(app, "vanthu", active="")
    assert api.get(f"/api/v1/documents/{doc_ids['secret']}", headers=headers).status_code == 401
    admin_edit(app, "vanthu", active="1")  # enabled again: the old token stays revoked
    assert api.get(f"/api/v1/documents/{doc_ids['secret']}", headers=headers).status_code == 401
    assert all(revoked for _id, name, _at, revoked in users.tokens() if name == "vanthu")


# --- restricted until classified (point 3) ---------------------------------------------------

def upload_as(app, name: str, seed: int) -> int:
    client = signed_in(app, name)
    response = post(client, "/upload", {"file": (io.BytesIO(png_bytes(seed)), f"moi-{seed}.png")},
                    content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert response.status_code == 202, response.get_data(as_text=True)
    return response.get_json()["results"][0]["id"]


def sees(app, name: str, doc_id: int) -> bool:
    client = signed_in(app, name)
    page = client.get(f"/documents/{doc_id}").status_code
    original = client.get(f"/documents/{doc_id}/original").status_code
    assert page == original, (page, original)
    return page == 200


def test_a_waiting_document_is_seen_by_its_uploader_and_the_highest_clearance_only(app, catalog):
    doc_id = upload_as(app, "vanthu0", 1)
    assert catalog.get(doc_id).state == "queued"
    assert sees(app, "vanthu0", doc_id) and sees(app, "quantri", doc_id)
    assert not sees(app, "vanthu", doc_id)  # another archivist, cleared for Mật
    assert not sees(app, "canbo", doc_id)
    status = signed_in(app, "vanthu").get("/status").get_data(as_text=True)
    assert "moi-1.png" not in status
    assert "moi-1.png" in signed_in(app, "vanthu0").get("/status").get_data(as_text=True)


def test_a_failed_document_stays_restricted(app, catalog):
    doc_id = upload_as(app, "vanthu0", 2)
    assert catalog.claim(doc_id)
    catalog.fail(doc_id, "Không đọc được trang nào.")
    assert sees(app, "vanthu0", doc_id) and sees(app, "quantri", doc_id)
    assert not sees(app, "vanthu", doc_id)
    assert post(signed_in(app, "vanthu"), f"/status/retry/{doc_id}").status_code == 404


@pytest.mark.parametrize("mark, vanthu0, vanthu", [(None, True, True), ("Mật", False, True)])
def test_processing_classifies_the_document(app, catalog, mark, vanthu0, vanthu):
    doc_id = upload_as(app, "quantri", 3)
    assert not sees(app, "vanthu", doc_id)
    assert catalog.claim(doc_id)
    fields = {"confidentiality": FieldValue(mark, 0.9)} if mark else {}
    catalog.save_result(doc_id, [Page(number=1, text="THÔNG BÁO")], fields)
    assert sees(app, "vanthu0", doc_id) is vanthu0
    assert sees(app, "vanthu", doc_id) is vanthu


def test_an_archivist_classifies_a_waiting_document(app, catalog):
    doc_id = upload_as(app, "vanthu0", 4)
    uploader = signed_in(app, "vanthu0")
    response = post(uploader, f"/documents/{doc_id}", {"confidentiality": "Mật"})
    assert response.status_code == 302
    assert sees(app, "vanthu", doc_id)  # cleared for Mật
    assert not sees(app, "vanthu0", doc_id)  # the uploader, not cleared for it, no longer


def test_the_uploader_cannot_open_a_waiting_document_by_calling_it_unclassified(app, catalog):
    doc_id = upload_as(app, "vanthu0", 5)
    post(signed_in(app, "vanthu0"), f"/documents/{doc_id}", {"confidentiality": ""})
    assert not sees(app, "vanthu", doc_id)
    assert not catalog.get(doc_id).corrections


# --- badges ---------------------------------------------------------------------------------

def test_badges_in_results_on_the_document_page_and_in_review(app, catalog, doc_ids):
    catalog.set_correction(doc_ids["public"], "urgency", "Hỏa tốc", user="test")
    from archive_service import indexing

    indexing.index_documents(catalog, [doc_ids["public"]])
    client = signed_in(app, "vanthu")
    html = client.get("/search?q=cai+cach+hanh+chinh").get_data(as_text=True)
    assert 'data-mark="confidentiality" title="Độ mật">MẬT<' in html
    assert 'data-mark="urgency" title="Độ khẩn">HỎA TỐC<' in html
    page = client.get(f"/documents/{doc_ids['secret']}").get_data(as_text=True)
    assert 'data-mark="confidentiality" title="Độ mật">MẬT<' in page
    review = client.get(f"/review/{doc_ids['secret']}").get_data(as_text=True)
    assert 'data-mark="confidentiality" title="Độ mật">MẬT<' in review
    top = signed_in(app, "quantri").get(f"/documents/{doc_ids['topsecret']}?lang=en")
    assert 'title="Confidentiality">TỐI MẬT<' in top.get_data(as_text=True)


def test_a_waiting_document_is_marked_as_not_yet_classified(app):
    doc_id = upload_as(app, "vanthu0", 6)
    html = signed_in(app, "vanthu0").get(f"/documents/{doc_id}").get_data(as_text=True)
    assert 'data-mark="restricted"' in html and "CHƯA XÁC ĐỊNH ĐỘ MẬT" in html


# --- declassification takes two people (point 12) -------------------------------------------

def request_declassification(app, name: str, doc_id: int, value: str = ""):
    client = signed_in(app, name)
    response = post(client, f"/documents/{doc_id}",
                    {"confidentiality": value, "declassify_reason": "Hết thời hạn bảo vệ bí mật."})
    assert response.status_code == 302
    return client


def pending(catalog, doc_id: int) -> list[DeclassificationRequest]:
    with catalog.db.session() as s:
        return list(s.scalars(select(DeclassificationRequest).where(
            DeclassificationRequest.document_id == doc_id,
            DeclassificationRequest.state == "pending")))


def decide(client, doc_id: int, request_id: int, decision: str):
    return post(client, f"/documents/{doc_id}/declassify/{request_id}", {"decision": decision})


def test_one_archivist_alone_cannot_declassify(app, catalog, doc_ids):
    secret = doc_ids["secret"]
    requester = request_declassification(app, "vanthu", secret)
    assert catalog.get(secret).corrections == []
    assert not sees(app, "canbo", secret)
    [req] = pending(catalog, secret)
    assert (req.from_value, req.to_value, req.requested_by) == ("Mật", None, "vanthu")
    page = requester.get(f"/documents/{secret}").get_data(as_text=True)
    assert "đang chờ một quản trị viên khác duyệt" in page and 'value="approve"' not in page
    decide(requester, secret, req.id, "approve")  # not an administrator: refused
    assert not sees(app, "canbo", secret) and pending(catalog, secret)
    assert "declassify_request" in actions(catalog, secret)


def test_another_administrator_approves_and_both_steps_are_audited(app, catalog, doc_ids):
    secret = doc_ids["secret"]
    request_declassification(app, "vanthu", secret)
    [req] = pending(catalog, secret)
    admin = signed_in(app, "quantri")
    assert 'value="approve"' in admin.get(f"/documents/{secret}").get_data(as_text=True)
    assert decide(admin, secret, req.id, "approve").status_code == 302
    assert not pending(catalog, secret)
    assert sees(app, "canbo", secret)  # now in everyone's reach
    [correction] = catalog.get(secret).corrections
    assert (correction.field, correction.value, correction.user) == ("confidentiality", None,
                                                                      "quantri")
    with catalog.db.session() as s:
        audit = {e.action: e for e in s.scalars(select(AuditEntry).where(
            AuditEntry.document_id == secret))}
    assert audit["declassify_request"].user == "vanthu"
    assert audit["declassify_approve"].user == "quantri"
    assert "vanthu" in audit["declassify_approve"].detail
    hits = signed_in(app, "canbo").get("/search?q=kho+vu+khi").get_data(as_text=True)
    assert f'data-id="{secret}"' in hits  # the index knows at once


def test_an_administrator_cannot_approve_their_own_request(app, catalog, doc_ids):
    top = doc_ids["topsecret"]
    admin = request_declassification(app, "quantri", top, "Mật")
    [req] = pending(catalog, top)
    assert 'value="approve"' not in admin.get(f"/documents/{top}").get_data(as_text=True)
    decide(admin, top, req.id, "approve")
    assert pending(catalog, top) and not sees(app, "vanthu", top)
    Users(catalog).add("quantri2", "admin", password=PASSWORD, clearance=3)
    decide(signed_in(app, "quantri2"), top, req.id, "approve")
    assert sees(app, "vanthu", top)  # Tối mật → Mật: within vanthu's clearance


def test_a_rejected_request_changes_nothing(app, catalog, doc_ids):
    secret = doc_ids["secret"]
    request_declassification(app, "vanthu", secret)
    [req] = pending(catalog, secret)
    decide(signed_in(app, "quantri"), secret, req.id, "reject")
    assert not pending(catalog, secret) and not sees(app, "canbo", secret)
    assert "declassify_reject" in actions(catalog, secret)
    decide(signed_in(app, "quantri"), secret, req.id, "approve")  # decided once only
    assert not sees(app, "canbo", secret)


def test_raising_the_classification_needs_no_approval(app, catalog, doc_ids):
    client = signed_in(app, "vanthu")
    post(client, f"/documents/{doc_ids['public']}", {"confidentiality": "Mật"})
    assert not sees(app, "canbo", doc_ids["public"])
    assert not pending(catalog, doc_ids["public"])


def test_the_api_and_the_catalog_cannot_declassify_alone(app, catalog, doc_ids):
    secret = doc_ids["secret"]
    with pytest.raises(InputRejectedError):
        catalog.set_correction(secret, "confidentiality", None, user="cli")
    token = Users(catalog).create_token("vanthu")
    response = app.test_client().patch(f"/api/v1/documents/{secret}",
                                       json={"confidentiality": None},
                                       headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.get_json()["metadata"]["confidentiality"] == "Mật"
    assert len(pending(catalog, secret)) == 1


def test_the_review_screen_requests_rather_than_declassifies(app, catalog, doc_ids):
    from sqlalchemy import update

    from archive_service.models import FieldRow

    secret = doc_ids["secret"]
    with catalog.db.session() as s:
        s.execute(update(FieldRow).where(FieldRow.document_id == secret,
                                         FieldRow.name == "confidentiality").values(review=True))
    client = signed_in(app, "vanthu")
    form = client.get(f"/review/{secret}").get_data(as_text=True)
    assert 'name="confidentiality"' in form
    response = post(client, f"/review/{secret}",
                    {"confidentiality": "", "subject": "Về việc bảo vệ quân sự"})
    assert response.status_code == 302
    doc = catalog.get(secret)
    assert [c.field for c in doc.corrections] == ["subject"]
    assert len(pending(catalog, secret)) == 1 and not sees(app, "canbo", secret)


def test_a_higher_mark_read_by_processing_wins_over_one_set_before(app, catalog):
    doc_id = upload_as(app, "vanthu0", 7)
    post(signed_in(app, "vanthu0"), f"/documents/{doc_id}", {"confidentiality": "Mật"})
    assert sees(app, "vanthu", doc_id)
    assert catalog.claim(doc_id)
    catalog.save_result(doc_id, [Page(number=1, text="TỐI MẬT")],
                        {"confidentiality": FieldValue("Tối mật", 0.9)})
    assert not sees(app, "vanthu", doc_id)  # cleared for Mật only
    html = signed_in(app, "quantri").get(f"/documents/{doc_id}").get_data(as_text=True)
    assert 'data-mark="confidentiality" title="Độ mật">TỐI MẬT<' in html


def test_an_approver_must_be_cleared_for_the_current_mark(app, catalog, doc_ids):
    from archive_service.classification import Declassifications

    top = doc_ids["topsecret"]
    users = Users(catalog)
    users.add("quantri_mat", "admin", password=PASSWORD, clearance=1)
    req = Declassifications(catalog).request(top, "Mật", by="quantri")
    with pytest.raises(InputRejectedError):
        Declassifications(catalog).approve(req.id, users.by_name("quantri_mat"))
    assert pending(catalog, top)


def test_the_api_lists_the_documents_a_user_may_see_a_page_at_a_time(app, doc_ids):
    users = Users(app.extensions["archive_catalog"])
    api = app.test_client()

    def listed(name: str, query: str = "") -> dict:
        headers = {"Authorization": f"Bearer {users.create_token(name)}"}
        response = api.get(f"/api/v1/documents{query}", headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    everything = listed("quantri", "?per_page=100")
    seen = [d["id"] for d in everything["documents"]]
    assert set(doc_ids.values()) <= set(seen) and seen == sorted(seen, reverse=True)
    assert everything["has_more"] is False
    staff = [d["id"] for d in listed("canbo", "?per_page=100")["documents"]]
    assert doc_ids["public"] in staff and doc_ids["secret"] not in staff  # Mật: hidden, uncounted
    # pages follow each other without gaps or repeats
    first, second = listed("quantri", "?per_page=2"), listed("quantri", "?per_page=2&page=2")
    assert first["has_more"] and [d["id"] for d in first["documents"] + second["documents"]] == seen[:4]
    public = next(d for d in everything["documents"] if d["id"] == doc_ids["public"])
    assert public["metadata"]["number"] == "2629/QĐ-UBND" and public["status"] == "done"
    assert listed("quantri", "?state=failed")["documents"] == []
    headers = {"Authorization": f"Bearer {users.create_token('quantri')}"}
    for bad in ("?state=gone", "?page=0", "?page=x"):
        assert api.get(f"/api/v1/documents{bad}", headers=headers).status_code == 422
    assert api.get("/api/v1/documents").status_code == 401

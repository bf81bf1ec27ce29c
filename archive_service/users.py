"""Users, roles, clearance (độ mật) and API tokens; password hashing with argon2. No Flask.

Roles: ``admin`` (everything, manages users), ``archivist`` (cán bộ văn thư: upload, edit,
retry), ``staff`` (cán bộ: search and read). Clearance is the highest confidentiality a user
may see: 0 none, 1 Mật, 2 Tối mật, 3 Tuyệt mật. A document above a user's clearance does not
exist for that user.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update

from archive_service.catalog import Catalog, now
from archive_service.errors import InputRejectedError, NotFoundError
from archive_service.models import ApiToken, AuditEntry, User

ROLES = ("admin", "archivist", "staff")
_ROLE_RANK = {"staff": 0, "archivist": 1, "admin": 2}
ROLE_LABELS = {"admin": "Quản trị", "archivist": "Văn thư, lưu trữ", "staff": "Cán bộ"}
CLEARANCE_LABELS = {0: "Không", 1: "Mật", 2: "Tối mật", 3: "Tuyệt mật"}
_CONFIDENTIALITY = {"": 0, "mat": 1, "toi mat": 2, "tuyet mat": 3}
TOKEN_PREFIX = "arc_"

_hasher = PasswordHasher()
# A hash of nothing in particular, verified when the user is unknown so that a wrong name
# takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class Account:
    """A user as the rest of the program sees it (no password hash)."""

    id: int
    name: str
    role: str
    clearance: int
    active: bool = True
    created_at: datetime | None = None
    session_epoch: int = 0  # a session signed under an older epoch is over

    @property
    def can_edit(self) -> bool:
        """Upload, correct metadata, retry failed documents."""
        return self.role in ("admin", "archivist")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _account(user: User) -> Account:
    return Account(user.id, user.name, user.role, user.clearance, user.active, user.created_at,
                   user.session_epoch or 0)


def _lowers_rights(user: User, role: str, clearance: int, active: bool) -> bool:
    """True when the change takes something away (role, clearance, or the account itself)."""
    return (_ROLE_RANK[role] < _ROLE_RANK.get(user.role, 0) or clearance < user.clearance
            or (user.active and not active))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def required_clearance(confidentiality: str | None) -> int:
    """Clearance needed to see a document marked ``confidentiality`` (Mật → 1 …).

    An unknown mark counts as the highest level: better hidden than leaked.
    """
    key = " ".join(_fold(confidentiality or "").lower().split())
    return _CONFIDENTIALITY.get(key, 3)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(password: str) -> None:
    if len(password) < 8:
        raise InputRejectedError("Mật khẩu phải có ít nhất 8 ký tự.")


def _check_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name).strip()
    if not name or len(name) > 64 or any(not (c.isalnum() or c in "._-@") for c in name):
        raise InputRejectedError("Tên đăng nhập chỉ gồm chữ, số và các dấu . _ - @ (tối đa 64 ký tự).")
    return name


def _check_role(role: str, clearance: int) -> None:
    if role not in ROLES:
        raise InputRejectedError(f"Vai trò không hợp lệ: {role!r} (chọn {', '.join(ROLES)}).")
    if clearance not in CLEARANCE_LABELS:
        raise InputRejectedError("Độ mật được xem phải là 0, 1, 2 hoặc 3.")


class Users:
    """User accounts and tokens, stored in the catalog database."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.db = catalog.db

    # --- accounts -----------------------------------------------------------------------

    def add(self, name: str, role: str, *, password: str | None = None, clearance: int = 0,
            by: str = "system") -> Account:
        name = _check_name(name)
        _check_role(role, clearance)
        if password is not None:
            check_password_strength(password)
        with self.db.session() as s:
            if s.scalar(select(User).where(User.name == name)) is not None:
                raise InputRejectedError(f"Đã có người dùng tên {name}.")
            user = User(name=name, role=role, clearance=clearance, created_at=now(),
                        password_hash=hash_password(password) if password else None)
            s.add(user)
            s.add(AuditEntry(at=now(), user=by, action="user_add",
                             detail=f"{name} role={role} clearance={clearance}"))
            s.flush()
            return _account(user)

    def get(self, user_id: int) -> Account | None:
        with self.db.session() as s:
            user = s.get(User, user_id)
            return _account(user) if user else None

    def by_name(self, name: str) -> Account | None:
        with self.db.session() as s:
            user = s.scalar(select(User).where(User.name == name))
            return _account(user) if user else None

    def list(self) -> list[Account]:
        with self.db.session() as s:
            return [_account(u) for u in s.scalars(select(User).order_by(User.name))]

    def any_admin(self) -> bool:
        with self.db.session() as s:
            return s.scalar(select(User.id).where(User.role == "admin", User.active.is_(True))
                            .limit(1)) is not None

    def update(self, user_id: int, *, role: str, clearance: int, active: bool, by: str) -> Account:
        _check_role(role, clearance)
        with self.db.session() as s:
            user = s.get(User, user_id)
            if user is None:
                raise NotFoundError("Không có người dùng này.")
            if user.role == "admin" and (role != "admin" or not active):
                others = s.scalar(select(User.id).where(User.role == "admin", User.active.is_(True),
                                                        User.id != user_id).limit(1))
                if others is None:
                    raise InputRejectedError("Phải còn ít nhất một quản trị viên đang hoạt động.")
            if _lowers_rights(user, role, clearance, active):
                user.session_epoch = (user.session_epoch or 0) + 1
            if user.active and not active:
                self._revoke_tokens_of(s, user, by)
            user.role, user.clearance, user.active = role, clearance, active
            s.add(AuditEntry(at=now(), user=by, action="user_edit",
                             detail=f"{user.name} role={role} clearance={clearance} active={active}"))
            return _account(user)

    @staticmethod
    def _revoke_tokens_of(s, user: User, by: str) -> None:
        """Revoke a disabled user's API tokens (re-enabling the account does not revive them)."""
        result = s.execute(update(ApiToken).where(ApiToken.user_id == user.id,
                                                  ApiToken.revoked.is_(False))
                           .values(revoked=True))
        if result.rowcount:
            s.add(AuditEntry(at=now(), user=by, action="token_revoke",
                             detail=f"{user.name}: {result.rowcount} (tài khoản bị khóa)"))

    def end_sessions(self, user_id: int) -> None:
        """End every web session of this user (logout is server-side: an old cookie is dead)."""
        with self.db.session() as s:
            s.execute(update(User).where(User.id == user_id)
                      .values(session_epoch=User.session_epoch + 1))

    def set_password(self, user_id: int, password: str, *, by: str) -> None:
        check_password_strength(password)
        with self.db.session() as s:
            user = s.get(User, user_id)
            if user is None:
                raise NotFoundError("Không có người dùng này.")
            user.password_hash = hash_password(password)
            user.session_epoch = (user.session_epoch or 0) + 1  # sessions opened before end
            s.add(AuditEntry(at=now(), user=by, action="password", detail=user.name))

    def authenticate(self, name: str, password: str) -> Account | None:
        """The account if the name and password match an active user, else None."""
        name = unicodedata.normalize("NFC", name or "").strip()
        with self.db.session() as s:
            user = s.scalar(select(User).where(User.name == name))
            stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
            try:
                _hasher.verify(stored, password or "")
            except (VerificationError, InvalidHashError):
                return None
            if user is None or not user.password_hash or not user.active:
                return None
            if _hasher.check_needs_rehash(stored):
                user.password_hash = hash_password(password)
            return _account(user)

    def ensure_admin(self, password: str) -> Account | None:
        """Create user ``admin`` with ``password`` when there is no admin yet (first start)."""
        if not password or self.any_admin():
            return None
        existing = self.by_name("admin")
        if existing is not None:
            self.update(existing.id, role="admin", clearance=3, active=True, by="system")
            self.set_password(existing.id, password, by="system")
            return self.get(existing.id)
        return self.add("admin", "admin", password=password, clearance=3)

    # --- API tokens ---------------------------------------------------------------------

    def create_token(self, name: str, *, by: str = "system") -> str:
        """A new API token for user ``name``; only its hash is kept, so show it once."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.db.session() as s:
            user = s.scalar(select(User).where(User.name == name))
            if user is None:
                raise NotFoundError(f"Không có người dùng tên {name}.")
            s.add(ApiToken(user_id=user.id, token_hash=token_hash(token), created_at=now()))
            s.add(AuditEntry(at=now(), user=by, action="token_create", detail=name))
        return token

    def tokens(self) -> list[tuple[int, str, datetime, bool]]:
        """(token id, user name, created at, revoked) of every token."""
        with self.db.session() as s:
            rows = s.execute(select(ApiToken.id, User.name, ApiToken.created_at, ApiToken.revoked)
                             .join(User, User.id == ApiToken.user_id).order_by(ApiToken.id)).all()
            return [tuple(r) for r in rows]

    def revoke_token(self, token_id: int, *, by: str) -> None:
        with self.db.session() as s:
            token = s.get(ApiToken, token_id)
            if token is None:
                raise NotFoundError("Không có mã truy cập này.")
            token.revoked = True
            s.add(AuditEntry(at=now(), user=by, action="token_revoke", detail=str(token_id)))

    def by_token(self, token: str) -> Account | None:
        """The active user holding this (unrevoked) token, or None."""
        if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        with self.db.session() as s:
            user = s.scalar(select(User).join(ApiToken, ApiToken.user_id == User.id).where(
                ApiToken.token_hash == token_hash(token), ApiToken.revoked.is_(False),
                User.active.is_(True)))
            return _account(user) if user else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

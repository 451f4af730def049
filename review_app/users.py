"""User accounts for team mode: create, authenticate (with brute-force slowing), list, change role.

Passwords are hashed with Argon2id (RFC 9106) through argon2-cffi's ``PasswordHasher`` (its defaults follow
the RFC's second recommended option); hashes are re-computed on login when the parameters change
(``check_needs_rehash``). Only the hash is stored.

Brute-force slowing (OWASP Authentication Cheat Sheet, "Account lockout"): after ``FREE_ATTEMPTS``
consecutive failures an account is locked for ``2 ** (failures - FREE_ATTEMPTS)`` seconds (capped at
``MAX_LOCK_SECONDS``); attempts during the lock are refused without checking the password; a success resets
the counter. Unknown user names cost one hash verification too, so timing does not reveal which names exist.

Managing accounts needs the ``manage_users`` permission (admin) of :data:`review_app.review.PERMISSIONS`;
local mode (one user, no login) never uses this module.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review_app.errors import InputError, NotFoundError, PermissionDenied
from review_app.models import Role
from review_app.review import PERMISSIONS, Actor
from review_app.store.db import Database
from review_app.store.schema import utcnow
from review_app.store.schema_users import UserRow

FREE_ATTEMPTS = 3
MAX_LOCK_SECONDS = 15 * 60
MIN_PASSWORD = 8
NAME_RE = re.compile(r"^[\w.@+-]{1,200}$")


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Role
    created_at: datetime
    failed_logins: int = 0
    locked_until: datetime | None = None


def _aware(value: datetime | None) -> datetime | None:
    # SQLite gives back naive datetimes for DateTime(timezone=True); every stored value is UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _user(row: UserRow) -> User:
    return User(row.name, Role(row.role), _aware(row.created_at) or utcnow(), row.failed_logins,
                _aware(row.locked_until))


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InputError(f"unknown role {role!r}; use one of {', '.join(r.value for r in Role)}") from None


class UserService:
    """Accounts of a team database, managed as ``actor`` (who must be an admin for changes)."""

    def __init__(
        self,
        db: Database,
        actor: Actor | None = None,
        *,
        hasher: PasswordHasher | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.actor = actor
        self.hasher = hasher or PasswordHasher()
        self.clock = clock
        self._dummy_hash = self.hasher.hash("not a password of anybody")

    def _require_admin(self) -> Actor:
        if self.actor is None:
            raise PermissionDenied("sign in first: managing users needs a signed-in admin")
        if self.actor.role not in PERMISSIONS["manage_users"]:
            raise PermissionDenied(
                f"{self.actor.name} ({self.actor.role.value}) may not manage users; allowed roles: admin"
            )
        return self.actor

    def _check_password(self, password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise InputError(f"the password must have at least {MIN_PASSWORD} characters")
        if "\x00" in password:
            raise InputError("the password contains a NUL character")

    def count(self) -> int:
        with self.db.session() as s:
            return int(s.scalar(select(func.count()).select_from(UserRow)) or 0)

    def create_user(self, name: str, password: str, role: Role | str = Role.TRANSLATOR) -> User:
        self._require_admin()
        name = name.strip()
        if not NAME_RE.match(name):
            raise InputError(f"user name {name!r}: use 1-200 letters, digits or . @ + - _ (no spaces)")
        self._check_password(password)
        r = _role(role)
        with self.db.session() as s:
            if s.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
                raise InputError(f"a user named {name!r} exists already; use 'review-app users set-role'")
            row = UserRow(name=name, password_hash=self.hasher.hash(password), role=r.value, created_at=self.clock(),
                          failed_logins=0, locked_until=None)
            s.add(row)
            s.flush()
            return _user(row)

    def list_users(self) -> list[User]:
        self._require_admin()
        with self.db.session() as s:
            return [_user(r) for r in s.scalars(select(UserRow).order_by(UserRow.name))]

    @staticmethod
    def _get(s: Session, name: str) -> UserRow:
        row = s.scalar(select(UserRow).where(UserRow.name == name))
        if row is None:
            raise NotFoundError(f"no user named {name!r}; add one with 'review-app users add'")
        return row

    def set_role(self, name: str, role: Role | str) -> User:
        actor = self._require_admin()
        r = _role(role)
        with self.db.session() as s:
            row = self._get(s, name)
            if row.name == actor.name and r is not Role.ADMIN:
                raise InputError("you cannot take the admin role from yourself; ask another admin")
            row.role = r.value
            return _user(row)

    def set_password(self, name: str, password: str) -> None:
        self._require_admin()
        self._check_password(password)
        with self.db.session() as s:
            row = self._get(s, name)
            row.password_hash = self.hasher.hash(password)
            row.failed_logins = 0
            row.locked_until = None

    def authenticate(self, name: str, password: str) -> Actor:
        """The :class:`Actor` of a correct name and password; :class:`PermissionDenied` otherwise."""
        denied = PermissionDenied("wrong user name or password")
        now = self.clock()
        with self.db.session() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name.strip()))
            if row is None:
                with contextlib.suppress(VerificationError):
                    self.hasher.verify(self._dummy_hash, password)
                raise denied
            locked = _aware(row.locked_until)
            if locked is not None and locked > now:
                wait = int((locked - now).total_seconds()) + 1
                raise PermissionDenied(f"too many failed sign-ins for {row.name}; try again in {wait} s")
            try:
                self.hasher.verify(row.password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                row.failed_logins += 1
                if row.failed_logins >= FREE_ATTEMPTS:
                    delay = min(2 ** (row.failed_logins - FREE_ATTEMPTS), MAX_LOCK_SECONDS)
                    row.locked_until = now + timedelta(seconds=delay)
                failed = True
            else:
                failed = False
                row.failed_logins = 0
                row.locked_until = None
                if self.hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = self.hasher.hash(password)
                actor = Actor(row.name, Role(row.role))
        if failed:
            raise denied
        return actor

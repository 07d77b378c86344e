"""Dashboard accounts in the leads database: a name, a role, an argon2id password hash.

The name is what follow-ups, exports and erasures record as their author. ``admin`` may also
export and erase; ``conseiller`` reads and follows up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.leads import models
from bot.leads.models import DashboardUser

logger = logging.getLogger(__name__)
ADMIN, ADVISER = models.ROLES
NAME = re.compile(r"^[\w.@-]{1,%d}$" % models.AUTHOR_MAX)  # letters (accents too), digits, . _ - @
PASSWORD_MIN = 10
HASHER = PasswordHasher()  # argon2id with the library's recommended cost


class AccountError(ValueError):
    """A refused account change; the message is French, for the command line."""


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def stamp_of(password_hash: str) -> str:
    """A fingerprint of the hash (salted, so new for every password): a session outlives neither."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32]


def find(session: Session, name: str) -> DashboardUser | None:
    return session.execute(select(DashboardUser).where(DashboardUser.name == name)).scalar_one_or_none()


def all_accounts(session: Session) -> list[DashboardUser]:
    return list(session.execute(select(DashboardUser).order_by(DashboardUser.name)).scalars())


def count(session: Session) -> int:
    return int(session.execute(select(func.count(DashboardUser.id))).scalar_one())


def authenticate(session: Session, name: str, password: str) -> DashboardUser | None:
    """The account if the password is right (an unknown name costs the same time), else None.

    An old-cost hash is replaced on success (the caller commits).
    """
    user = find(session, name) if name else None
    try:
        HASHER.verify(user.password_hash if user else _decoy(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def add(session: Session, name: str, role: str, password: str, now: dt.datetime) -> DashboardUser:
    """Create an account.

    Raises:
        AccountError: the name is invalid or taken, the role unknown, or the password too short.
    """
    if not NAME.match(name):
        raise AccountError(
            f"Nom de compte invalide : de 1 à {models.AUTHOR_MAX} lettres, chiffres ou caractères . _ - @, sans espace."
        )
    if role not in models.ROLES:
        raise AccountError(f"Rôle inconnu : {role!r} (admin ou conseiller).")
    if find(session, name) is not None:
        raise AccountError(f"Le compte « {name} » existe déjà.")
    user = DashboardUser(name=name, role=role, password_hash=hash_password(_checked(password)), created_at=now)
    session.add(user)
    session.flush()
    return user


def remove(session: Session, name: str) -> None:
    """Delete an account and its sessions.

    Raises:
        AccountError: unknown account, or the last administrator.
    """
    user = _existing(session, name)
    if user.role == ADMIN:
        admins = session.execute(select(func.count(DashboardUser.id)).where(DashboardUser.role == ADMIN)).scalar_one()
        if admins <= 1:
            raise AccountError("Impossible de supprimer le dernier compte admin : créez-en un autre d’abord.")
    session.delete(user)
    session.flush()


def set_password(session: Session, name: str, password: str) -> None:
    """Change a password: the account's open sessions end (their stamp no longer matches).

    Raises:
        AccountError: unknown account, or the password too short.
    """
    _existing(session, name).password_hash = hash_password(_checked(password))


def create_first_admin(factory: sessionmaker, name: str, password: str, now: dt.datetime) -> bool:
    """On an empty accounts table, make ``name`` an admin with ``password`` (DASHBOARD_PASSWORD); whether it did."""
    if not password:
        return False
    try:
        with factory.begin() as session:
            if count(session):
                return False
            add(session, name, ADMIN, password, now)
    except AccountError as error:
        logger.error("dashboard: DASHBOARD_USER/DASHBOARD_PASSWORD refused: %s", error)
        return False
    except IntegrityError:  # another dashboard process created it at the same moment
        return False
    logger.info("dashboard: first admin account %r created from DASHBOARD_PASSWORD", name)
    return True


def _existing(session: Session, name: str) -> DashboardUser:
    user = find(session, name)
    if user is None:
        raise AccountError(f"Aucun compte « {name} ».")
    return user


def _checked(password: str) -> str:
    if len(password) < PASSWORD_MIN:
        raise AccountError(f"Mot de passe trop court : au moins {PASSWORD_MIN} caractères.")
    return password


@lru_cache(maxsize=1)
def _decoy() -> str:
    return hash_password("compte inexistant")

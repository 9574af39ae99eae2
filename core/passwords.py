"""The one password policy (registration, password change, the CLI) and password hashing.

Policy (OWASP ASVS 4.0 V2.1, NIST SP 800-63B §5.1.1.2): at least 12 characters, up to 128
allowed, any Unicode (counted after NFC normalisation, so a Korean syllable is one
character however it was typed), no composition rules, and none of the most common
passwords. The common list is the 30,000 most frequent passwords of the xato corpus as
shipped (and maintained) by the `zxcvbn` package, compared case-insensitively.

Hashing: bcrypt over a SHA-256 pre-hash. bcrypt reads only 72 bytes, and a 64-character
Korean passphrase is 192 bytes in UTF-8; pre-hashing keeps every character significant.
Hashes written before this scheme (plain bcrypt) still verify.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import bcrypt

MIN_LENGTH = 12  # characters; ASVS 2.1.1
MAX_LENGTH = 128  # characters; ASVS 2.1.2 asks that at least 64 be allowed
PREHASH_PREFIX = "bcrypt-sha256$"  # marks hashes of the SHA-256 pre-hash

PasswordProblem = Literal["too_short", "too_long", "common", "same_as_username", "mismatch"]


@dataclass(frozen=True)
class PasswordCheck:
    """`problem` is None when the password is acceptable; `min_length`/`max_length` for messages."""

    problem: PasswordProblem | None
    min_length: int = MIN_LENGTH
    max_length: int = MAX_LENGTH

    @property
    def ok(self) -> bool:
        return self.problem is None


def normalize_password(password: str) -> str:
    """NFC form: the same passphrase typed on different keyboards gives the same bytes."""
    return unicodedata.normalize("NFC", password)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of the most common passwords (lower case)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def check_password(password: str, *, username: str = "", repeat: str | None = None) -> PasswordCheck:
    """Apply the policy. `repeat` (when given) must match; the username may not be the password."""
    normalized = normalize_password(password)
    if repeat is not None and normalize_password(repeat) != normalized:
        return PasswordCheck("mismatch")
    if len(normalized) < MIN_LENGTH:
        return PasswordCheck("too_short")
    if len(normalized) > MAX_LENGTH:
        return PasswordCheck("too_long")
    folded = normalized.casefold()
    if folded in common_passwords() or folded.strip() in common_passwords():
        return PasswordCheck("common")
    if username and folded == normalize_password(username).casefold():
        return PasswordCheck("same_as_username")
    return PasswordCheck(None)


def _prehash(password: str) -> bytes:
    digest = hashlib.sha256(normalize_password(password).encode("utf-8")).digest()
    return base64.b64encode(digest)  # 44 ASCII bytes: under bcrypt's 72, and no NUL bytes


def hash_password(password: str) -> str:
    """A new hash for `password` (bcrypt, cost 12, over the SHA-256 pre-hash)."""
    return PREHASH_PREFIX + bcrypt.hashpw(_prehash(password), bcrypt.gensalt()).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    """True when `password` matches; False for a wrong password or an unusable hash."""
    try:
        if password_hash.startswith(PREHASH_PREFIX):
            return bcrypt.checkpw(_prehash(password), password_hash[len(PREHASH_PREFIX):].encode("ascii"))
        # legacy: plain bcrypt of the first 72 UTF-8 bytes (hashes written before 0002_secauth)
        return bcrypt.checkpw(password.encode("utf-8")[:72], password_hash.encode("ascii"))
    except ValueError:
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("ares-dummy-password-never-used")


def burn_verification_time(password: str) -> None:
    """Spend one bcrypt check's time for a login whose user does not exist: an unknown
    username then takes as long as a wrong password (no user enumeration by timing)."""
    verify_password(password, _dummy_hash())


UNUSABLE_PREFIX = "!"  # no bcrypt hash starts with it, so no password can match


def unusable_password_hash() -> str:
    """A hash no password matches (accounts without password login: demo visitors, demo coach)."""
    return UNUSABLE_PREFIX + hmac.new(b"unusable", bcrypt.gensalt(), "sha256").hexdigest()

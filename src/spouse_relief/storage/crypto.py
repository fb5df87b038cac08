"""Encryption at rest (AES-256-GCM) and the keys derived for other purposes.

The master key is 32 random bytes, given as base64 in SPOUSE_RELIEF_KEY or kept in a key file
``secret.key`` under the data dir, created on first run with mode 0600. Separate keys are
derived from it with HKDF-SHA256 for case encryption and for CSRF tokens, so one purpose never
reuses another's key.

A ciphertext is ``v1.`` + urlsafe base64 of (12-byte nonce || ciphertext || tag). The associated
data binds it to its row (case id and owner), so a payload copied into another row fails to open.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import stat
from pathlib import Path

from .errors import StorageError
from .settings import KEY_ENV, KEY_FILE

KEY_BYTES = 32
NONCE_BYTES = 12
PREFIX = "v1."


def _decode_key(text: str, where: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii") + b"=" * (-len(text.strip()) % 4))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise StorageError(f"{where}: the key is not base64") from None
    if len(key) != KEY_BYTES:
        raise StorageError(f"{where}: the key must be {KEY_BYTES} bytes (base64 of 32 random bytes), got {len(key)}")
    return key


def new_key_text() -> str:
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def load_master_key(folder: Path, *, create: bool = True) -> bytes:
    """The key from SPOUSE_RELIEF_KEY, else the key file (created with mode 0600 if absent and
    ``create``: a store that already holds data never gets a new key silently)."""
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return _decode_key(from_env, KEY_ENV)
    path = Path(folder) / KEY_FILE
    if not create and not path.exists():
        raise StorageError(
            f"{path}: the key file is missing, but the database already holds data saved with a key. "
            f"Put the key file back (or set {KEY_ENV} to the key); a new key would make the saved cases unreadable."
        )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise StorageError(
                f"{path}: the key file is readable by others (mode {mode:o}); run `chmod 600 {path}`"
            ) from None
        return _decode_key(path.read_text(encoding="ascii"), str(path))
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(new_key_text() + "\n")
    return _decode_key(path.read_text(encoding="ascii"), str(path))


def _derive(master: bytes, purpose: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"spouse-relief " + purpose).derive(master)


class Keyring:
    """The derived keys: one for case payloads, one for CSRF tokens."""

    def __init__(self, master: bytes):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(_derive(master, b"case payload v1"))
        self._csrf_key = _derive(master, b"csrf v1")
        self._check_key = _derive(master, b"key check v1")

    @classmethod
    def for_folder(cls, folder: Path, *, create: bool = True) -> "Keyring":
        return cls(load_master_key(folder, create=create))

    def check_value(self) -> str:
        """A value stored with the data: the same key gives the same value, another key another one.
        It reveals nothing about the key (HMAC under a key derived for this purpose only)."""
        return "kcv1." + hmac.new(self._check_key, b"spouse-relief key check", hashlib.sha256).hexdigest()[:32]

    def encrypt(self, plaintext: bytes, context: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext, context.encode("utf-8"))
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, token: str, context: str) -> bytes:
        from cryptography.exceptions import InvalidTag

        if not token.startswith(PREFIX):
            raise StorageError("a saved case is in an unknown format")
        try:
            raw = base64.urlsafe_b64decode(token[len(PREFIX) :].encode("ascii"))
            return self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode("utf-8"))
        except (InvalidTag, binascii.Error, ValueError):
            raise StorageError(
                "a saved case cannot be decrypted: the key (SPOUSE_RELIEF_KEY or secret.key) is not "
                "the one it was saved with, or the data was altered"
            ) from None

    def csrf_token(self, nonce: str) -> str:
        return hmac.new(self._csrf_key, nonce.encode("utf-8"), hashlib.sha256).hexdigest()

    def csrf_valid(self, nonce: str | None, token: str | None) -> bool:
        if not nonce or not token:
            return False
        return hmac.compare_digest(self.csrf_token(nonce), token)

"""Defaults Prisma computes outside the database: uuid(4|7), cuid(1|2), nanoid(n), ulid(), now().

The formats follow each id scheme's specification, so ids we make sort and look like the ones
Prisma's engine makes for the same schema.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import secrets
import socket
import time
import uuid
from datetime import datetime
from typing import Any

from prisma_dynamic.schema import ir

_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_NANOID_ALPHABET = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_cuid_counter = itertools.count(secrets.randbelow(36**4))


def generate_default(function: ir.DefaultFunction, now: datetime) -> Any:
    name = function.name
    version = function.args[0] if function.args else None
    if name == "now":
        return now
    if name == "uuid":
        return str(_uuid7() if version == 7 else uuid.uuid4())
    if name == "cuid":
        return _cuid2() if version == 2 else _cuid1()
    if name == "nanoid":
        return _nanoid(int(version) if isinstance(version, int) else 21)
    if name == "ulid":
        return _ulid()
    raise ValueError(f"{name}() is not computed by the engine")


def _base36(number: int, width: int) -> str:
    digits = []
    while number:
        number, rest = divmod(number, 36)
        digits.append(_BASE36[rest])
    text = "".join(reversed(digits)) or "0"
    return text.rjust(width, "0")[-width:]


def _fingerprint() -> str:
    pid = os.getpid() % (36**2)
    host = sum(socket.gethostname().encode()) + 36
    return _base36(pid, 2) + _base36(host, 2)


_FINGERPRINT = _fingerprint()


def _cuid1() -> str:
    timestamp = _base36(int(time.time() * 1000), 8)
    counter = _base36(next(_cuid_counter) % (36**4), 4)
    random_part = _base36(secrets.randbelow(36**8), 8)
    return f"c{timestamp}{counter}{_FINGERPRINT}{random_part}"


def _cuid2(length: int = 24) -> str:
    first = secrets.choice("abcdefghijklmnopqrstuvwxyz")
    material = f"{time.time_ns()}{secrets.token_hex(16)}{next(_cuid_counter)}{_FINGERPRINT}".encode()
    digest = int.from_bytes(hashlib.sha3_512(material).digest(), "big")
    return first + _base36(digest, length - 1)


def _nanoid(size: int) -> str:
    return "".join(secrets.choice(_NANOID_ALPHABET) for _ in range(size))


def _ulid() -> str:
    value = (int(time.time() * 1000) << 80) | secrets.randbits(80)
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def _uuid7() -> uuid.UUID:
    milliseconds = int(time.time() * 1000) & ((1 << 48) - 1)
    value = (milliseconds << 80) | secrets.randbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return uuid.UUID(int=value)

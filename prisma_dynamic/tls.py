"""TLS for PostgreSQL and MySQL connections, from Prisma's URL parameters.

Prisma reads four of them on both databases: `sslcert` (the certificate of the server, or of the
authority that signed it, as PEM), `sslidentity` (the client's certificate and key as a PKCS#12
file), `sslpassword` (that file's password) and `sslaccept` (`accept_invalid_certs`, the default:
encrypt without checking the server's certificate; `strict`: check it, and the host name in it).
Relative paths are read from the schema's folder (`schema.env.absolute_url` makes them absolute).

Any of them asks for TLS: the connection is then encrypted or not made (no fallback to plain
text). The engine's drivers and `db push` connect through the same context.
"""

from __future__ import annotations

import os
import ssl
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["TLS_FILE_PARAMETERS", "TLS_PARAMETERS", "TlsError", "tls_context"]

TLS_FILE_PARAMETERS = ("sslcert", "sslidentity")  # paths, read from the schema's folder when relative
TLS_PARAMETERS = (*TLS_FILE_PARAMETERS, "sslpassword", "sslaccept")
_ACCEPT = ("accept_invalid_certs", "strict")


class TlsError(Exception):
    """The URL's TLS parameters cannot make a context (a file missing, an unknown `sslaccept`)."""


def tls_context(params: Mapping[str, str]) -> ssl.SSLContext | None:
    """The client context the URL's TLS parameters ask for, or None when they ask for none."""
    if not any(name in params for name in TLS_PARAMETERS):
        return None
    accept = params.get("sslaccept", "accept_invalid_certs")
    if accept not in _ACCEPT:
        raise TlsError(f"sslaccept must be one of {', '.join(_ACCEPT)}; got {accept!r}")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if accept == "strict":
        cert = params.get("sslcert")
        if cert:
            _load_authority(context, cert)
        else:
            context.load_default_certs()
    else:
        # Prisma's default: encrypted, the server's certificate taken as it comes.
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    identity = params.get("sslidentity")
    if identity:
        _load_identity(context, identity, params.get("sslpassword") or "")
    return context


def _load_authority(context: ssl.SSLContext, path: str) -> None:
    if not Path(path).is_file():
        raise TlsError(f"sslcert: no file at {path}")
    try:
        context.load_verify_locations(cafile=path)
    except ssl.SSLError as error:
        raise TlsError(f"sslcert: {path} is not a PEM certificate ({error.reason or error})") from None


def _load_identity(context: ssl.SSLContext, path: str, password: str) -> None:
    """The client's certificate and key from a PKCS#12 file. Python's `ssl` reads PEM only, so the
    file is converted by `cryptography` (the `tls` extra: needed only by a client identity) and
    handed to OpenSSL through a private temporary file that is removed at once."""
    if not Path(path).is_file():
        raise TlsError(f"sslidentity: no file at {path}")
    try:
        from cryptography.hazmat.primitives.serialization import (
            BestAvailableEncryption,
            Encoding,
            PrivateFormat,
            pkcs12,
        )
    except ImportError:
        needed = "sslidentity (a PKCS#12 file) needs the cryptography package: pip install 'prisma-dynamic[tls]'"
        raise TlsError(needed) from None
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(Path(path).read_bytes(), password.encode() or None)
    except ValueError as error:
        raise TlsError(f"sslidentity: {path} could not be read with the given sslpassword ({error})") from None
    if key is None or certificate is None:
        raise TlsError(f"sslidentity: {path} holds no certificate with its key")
    secret = os.urandom(16).hex()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(secret.encode()))
    pem += certificate.public_bytes(Encoding.PEM) + b"".join(c.public_bytes(Encoding.PEM) for c in chain or ())
    with tempfile.NamedTemporaryFile(suffix=".pem") as handle:  # mode 0600, deleted on close
        handle.write(pem)
        handle.flush()
        context.load_cert_chain(handle.name, password=secret)

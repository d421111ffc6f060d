"""TLS from Prisma's URL parameters (`sslcert`, `sslidentity`, `sslpassword`, `sslaccept`) against
real servers: a MariaDB and a PostgreSQL started by the test with TLS on (the machine's own servers
have it off), with certificates made here. PostgreSQL's also demands a client certificate, which
the client gives as a PKCS#12 file (`sslidentity`).

The binaries are the Debian packages' (mariadbd, initdb/pg_ctl); skipped with a message where one
is missing (never under CI=true).
"""

from __future__ import annotations

import datetime
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import anyio
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from prisma_dynamic import Prisma, errors
from prisma_dynamic.connection_url import parse_url
from prisma_dynamic.migrate import push
from prisma_dynamic.migrate.url import database_url
from prisma_dynamic.schema.env import absolute_url
from prisma_dynamic.schema.load import load_schema
from prisma_dynamic.tls import TlsError, tls_context
from tests.client.item_schema import ITEM_SCHEMA
from tests.databases import server_url

# ---- certificates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Certificates:
    folder: Path
    ca: Path  # the authority that signed the server's and the client's certificates
    other_ca: Path  # an authority that signed nothing here
    server_cert: Path
    server_key: Path
    client_p12: Path  # CN=postgres, password "secret"


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None,
    *,
    authority: bool = False,
    hosts: tuple[str, ...] = (),
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    issuer_name, issuer_key = issuer if issuer is not None else (name, key)
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=authority, path_length=None), critical=True)
    )
    if authority:
        usage = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
        builder = builder.add_extension(usage, critical=True)
        builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    else:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    if hosts:
        import ipaddress

        names: list[x509.GeneralName] = [x509.DNSName("localhost")]
        names += [x509.IPAddress(ipaddress.ip_address(host)) for host in hosts]
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def certificates() -> Iterator[Certificates]:
    # Readable by the postgres user, which runs the test's PostgreSQL when we are root.
    folder = Path(tempfile.mkdtemp(prefix="pd-tls-"))
    folder.chmod(0o755)
    ca_key, other_key, server_key, client_key = _key(), _key(), _key(), _key()
    ca = _certificate("prisma-dynamic test CA", ca_key, None, authority=True)
    other = _certificate("an unrelated CA", other_key, None, authority=True)
    server = _certificate("127.0.0.1", server_key, (ca.subject, ca_key), hosts=("127.0.0.1",))
    client = _certificate("postgres", client_key, (ca.subject, ca_key))
    files = Certificates(
        folder,
        folder / "ca.pem",
        folder / "other-ca.pem",
        folder / "server.pem",
        folder / "server.key",
        folder / "client.p12",
    )
    files.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files.other_ca.write_bytes(other.public_bytes(serialization.Encoding.PEM))
    files.server_cert.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    files.server_key.write_bytes(_pem_key(server_key))
    files.server_key.chmod(0o600)
    files.client_p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"client", client_key, client, None, serialization.BestAvailableEncryption(b"secret")
        )
    )
    yield files
    shutil.rmtree(folder, ignore_errors=True)


# ---- servers ----------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _missing(what: str) -> NoReturn:
    message = f"{what} is not installed, so no TLS server can be started for this test"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the TLS test server exited: {log.read_text(errors='replace')[-2000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"the TLS test server did not listen on {port}: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def mariadb_tls(certificates: Certificates) -> Iterator[int]:
    """A MariaDB with TLS on; any user gets in (`--skip-grant-tables`): TLS is what is tested."""
    server, install = shutil.which("mariadbd") or "/usr/sbin/mariadbd", shutil.which("mariadb-install-db")
    if not os.path.exists(server) or install is None:
        _missing("MariaDB's server (mariadbd, mariadb-install-db)")
    folder = Path(tempfile.mkdtemp(prefix="pd-tls-mariadb-"))
    data, log, port = folder / "data", folder / "server.log", _free_port()
    user = ["--user=root"] if os.geteuid() == 0 else []
    subprocess.run(
        [install, "--no-defaults", f"--datadir={data}", "--auth-root-authentication-method=normal", *user],
        check=True,
        capture_output=True,
    )
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                server,
                "--no-defaults",
                f"--datadir={data}",
                f"--port={port}",
                "--bind-address=127.0.0.1",
                f"--socket={folder / 'mysqld.sock'}",
                f"--pid-file={folder / 'mysqld.pid'}",
                "--skip-grant-tables",
                "--skip-log-bin",
                f"--ssl-ca={certificates.ca}",
                f"--ssl-cert={certificates.server_cert}",
                f"--ssl-key={certificates.server_key}",
                *user,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_port(port, process, log)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres_tls(certificates: Certificates) -> Iterator[int]:
    """A PostgreSQL on its own port that takes only TLS connections with a client certificate
    signed by the test's authority whose name is the user's (`hostssl ... cert`)."""
    binaries = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)
    if binaries is None or not (binaries / "initdb").exists():
        _missing("PostgreSQL's server binaries (initdb, pg_ctl)")
    folder = Path(tempfile.mkdtemp(prefix="pd-tls-postgres-"))
    folder.chmod(0o777)
    data, log, port = folder / "data", folder / "server.log", _free_port()
    # initdb and postgres refuse root: as root they run as the postgres user, which owns the key.
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    key = folder / "server.key"
    shutil.copy(certificates.server_key, key)
    if as_postgres:
        shutil.chown(key, "postgres")
    key.chmod(0o600)
    subprocess.run(
        [*as_postgres, str(binaries / "initdb"), "-D", str(data), "-A", "trust"], check=True, capture_output=True
    )
    (data / "pg_hba.conf").write_text(
        "local all all trust\nhostssl all all 127.0.0.1/32 cert\nhostnossl all all 127.0.0.1/32 reject\n"
    )
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file={certificates.server_cert}"
        f" -c ssl_key_file={key} -c ssl_ca_file={certificates.ca} -c fsync=off"
    )
    pg_ctl = [*as_postgres, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log)]
    subprocess.run([*pg_ctl, "-o", options, "-w", "start"], check=True, capture_output=True)
    try:
        yield port
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _client(folder: Path, provider: str, url: str) -> Any:
    schema = folder / "schema.prisma"
    schema.write_text(ITEM_SCHEMA.format(provider=provider, url=url))
    loaded = load_schema(schema)
    # The URL as `db push` reads it from the schema: relative TLS files from the schema's folder.
    anyio.run(lambda: push(loaded, database_url(loaded, schema), accept_data_loss=True))
    return Prisma.from_schema(schema, interface="sync", transport="embedded")


# ---- the context, without a server ---------------------------------------------------------------------


def test_no_tls_parameter_means_no_context() -> None:
    assert tls_context({}) is None
    assert tls_context({"schema": "public"}) is None


def test_sslmode_disable_turns_the_tls_parameters_off() -> None:
    settings = parse_url("postgresql://db/app?sslmode=disable&sslaccept=strict&sslcert=/x/ca.pem", 5432)
    assert settings.tls == {} and settings.params == {"sslmode": "disable"}
    assert parse_url("postgresql://db/app?sslaccept=strict", 5432).tls == {"sslaccept": "strict"}


def test_the_default_encrypts_without_checking_the_certificate() -> None:
    context = tls_context({"sslaccept": "accept_invalid_certs"})
    assert context is not None
    assert context.verify_mode == ssl.CERT_NONE and not context.check_hostname


def test_strict_checks_the_certificate_and_the_host_name(certificates: Certificates) -> None:
    context = tls_context({"sslaccept": "strict", "sslcert": str(certificates.ca)})
    assert context is not None
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert [c["subject"] for c in context.get_ca_certs()] == [((("commonName", "prisma-dynamic test CA"),),)]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sslaccept": "maybe"}, "sslaccept must be one of accept_invalid_certs, strict; got 'maybe'"),
        ({"sslaccept": "strict", "sslcert": "/nowhere/ca.pem"}, "sslcert: no file at /nowhere/ca.pem"),
        ({"sslidentity": "/nowhere/id.p12"}, "sslidentity: no file at /nowhere/id.p12"),
    ],
)
def test_bad_parameters_are_named(params: dict[str, str], message: str) -> None:
    with pytest.raises(TlsError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        tls_context(params)


def test_an_identity_with_the_wrong_password_is_refused(certificates: Certificates) -> None:
    with pytest.raises(TlsError, match="could not be read with the given sslpassword"):
        tls_context({"sslidentity": str(certificates.client_p12), "sslpassword": "wrong"})


def test_a_file_that_is_not_a_certificate_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("not a certificate")
    with pytest.raises(TlsError, match="is not a PEM certificate"):
        tls_context({"sslaccept": "strict", "sslcert": str(tmp_path / "ca.pem")})


def test_relative_tls_files_are_read_from_the_schema_folder(tmp_path: Path) -> None:
    url = "mysql://root@db:3306/app?sslcert=certs/ca.pem&sslaccept=strict&sslidentity=/abs/id.p12"
    assert absolute_url(url, tmp_path) == (
        f"mysql://root@db:3306/app?sslcert={str(tmp_path / 'certs' / 'ca.pem').replace('/', '%2F')}"
        "&sslaccept=strict&sslidentity=%2Fabs%2Fid.p12"
    )
    plain = "postgresql://u:p%40ss@db:5432/app?schema=public&sslmode=require"
    assert absolute_url(plain, tmp_path) is plain


# ---- real servers -------------------------------------------------------------------------------------


def test_tls_asked_of_a_server_without_it_is_p1011(tmp_path: Path) -> None:
    """The machine's own servers: where TLS is off there (as here), asking for it fails with
    P1011 saying so, not with "can't reach the server"; where it is on, the client connects."""
    for provider, admin in (("mysql", server_url("mysql")), ("postgresql", server_url("postgresql"))):
        url = admin + ("&" if "?" in admin else "?") + "sslaccept=accept_invalid_certs"
        folder = tmp_path / provider
        folder.mkdir()
        (folder / "schema.prisma").write_text(ITEM_SCHEMA.format(provider=provider, url=url))
        # The same server without the TLS parameter: is TLS on there?
        plain = Prisma.from_schema(
            folder / "schema.prisma", interface="sync", transport="embedded", datasource={"url": admin}
        )
        with plain:
            if provider == "mysql":
                tls_on = plain.query_raw("SHOW VARIABLES LIKE 'have_ssl'")[0]["Value"] == "YES"
            else:
                tls_on = plain.query_raw("SHOW ssl")[0]["ssl"] == "on"
        client = Prisma.from_schema(folder / "schema.prisma", interface="sync", transport="embedded")
        if tls_on:
            with client:
                assert client.query_raw("SELECT 1 AS one") == [{"one": 1}]
            continue
        with pytest.raises(errors.EngineConnectionError) as caught:
            client.connect(timeout=20)
        assert getattr(caught.value.__cause__, "error_code", None) == "P1011", str(caught.value)
        expected = {
            "mysql": "WRONG_VERSION_NUMBER (the server answered without TLS: is TLS turned on at the server?)",
            "postgresql": 'PostgreSQL server at "127.0.0.1:5432" rejected SSL upgrade',
        }[provider]
        assert str(caught.value).endswith("Error opening a TLS connection: " + expected)


def _mariadb_cipher(client: Any) -> str:
    rows = client.query_raw("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
    return str(rows[0]["Value"])


def test_mariadb_without_parameters_is_plain(mariadb_tls: int, tmp_path: Path) -> None:
    client = _client(tmp_path, "mysql", f"mysql://root@127.0.0.1:{mariadb_tls}/plain")
    with client:
        assert _mariadb_cipher(client) == ""


def test_mariadb_accept_invalid_certs_is_encrypted(mariadb_tls: int, tmp_path: Path) -> None:
    client = _client(tmp_path, "mysql", f"mysql://root@127.0.0.1:{mariadb_tls}/loose?sslaccept=accept_invalid_certs")
    with client:
        assert _mariadb_cipher(client) != ""
        client.item.create(data={"name": "over TLS"})
        assert [item.name for item in client.item.find_many()] == ["over TLS"]


def test_mariadb_strict_with_the_schema_folders_ca(
    mariadb_tls: int, certificates: Certificates, tmp_path: Path
) -> None:
    (tmp_path / "certs").mkdir()
    shutil.copy(certificates.ca, tmp_path / "certs" / "ca.pem")
    # db push (in `_client`) and the engine both connect with the relative `sslcert`.
    url = f"mysql://root@127.0.0.1:{mariadb_tls}/strict?sslaccept=strict&sslcert=certs/ca.pem"
    client = _client(tmp_path, "mysql", url)
    with client:
        assert _mariadb_cipher(client) != ""


def test_mariadb_strict_with_another_ca_is_p1011(mariadb_tls: int, certificates: Certificates, tmp_path: Path) -> None:
    url = f"mysql://root@127.0.0.1:{mariadb_tls}/other?sslaccept=strict&sslcert={certificates.other_ca}"
    (tmp_path / "schema.prisma").write_text(ITEM_SCHEMA.format(provider="mysql", url=url))
    client = Prisma.from_schema(tmp_path / "schema.prisma", interface="sync", transport="embedded")
    with pytest.raises(errors.EngineConnectionError) as caught:
        client.connect(timeout=20)
    assert str(caught.value) == (
        "the query engine could not be started: Error opening a TLS connection: "
        "CERTIFICATE_VERIFY_FAILED (self-signed certificate in certificate chain)"
    )
    assert getattr(caught.value.__cause__, "error_code", None) == "P1011"


def test_postgres_client_certificate_from_pkcs12(postgres_tls: int, certificates: Certificates, tmp_path: Path) -> None:
    base = f"postgresql://postgres@127.0.0.1:{postgres_tls}/postgres"
    url = f"{base}?sslaccept=strict&sslcert={certificates.ca}&sslidentity={certificates.client_p12}&sslpassword=secret"
    client = _client(tmp_path, "postgresql", url)
    with client:
        rows = client.query_raw("SELECT ssl, client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        assert rows == [{"ssl": True, "client_dn": "/CN=postgres"}]
        client.item.create(data={"name": "over TLS"})
        assert client.item.count() >= 1


def test_postgres_without_a_client_certificate_is_refused(
    postgres_tls: int, certificates: Certificates, tmp_path: Path
) -> None:
    # TLS, but no identity: the server's `hostssl ... cert` line refuses it.
    url = f"postgresql://postgres@127.0.0.1:{postgres_tls}/postgres?sslaccept=strict&sslcert={certificates.ca}"
    (tmp_path / "schema.prisma").write_text(ITEM_SCHEMA.format(provider="postgresql", url=url))
    client = Prisma.from_schema(tmp_path / "schema.prisma", interface="sync", transport="embedded")
    with pytest.raises(errors.EngineConnectionError, match="certificate"):
        client.connect(timeout=20)

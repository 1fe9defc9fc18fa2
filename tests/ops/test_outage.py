"""The database going away for a while: pages answer 503 (never a traceback), and the same
running app serves again once it is back, with no restart."""

import os
import socket
import threading

import pytest
import sqlalchemy as sa

from peers import create_app
from tests.backends import postgres_schema
from tests.helpers import login
from tests.sites import CATALOGS, build_site, close_app, site_config

UNAVAILABLE = "The database is not reachable just now"


class TcpProxy:
    """A TCP relay on 127.0.0.1 to a server: stop() is the server vanishing (every open
    connection cut), start() its return on the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = 0
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._stopping.clear()
        self._thread = threading.Thread(target=self._accept, daemon=True, name="db-proxy")
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed by the other side
                sock.close()
            self._sockets.clear()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            client.settimeout(None)  # accepted sockets inherit the listener's timeout
            server = socket.create_connection(self.target)
            with self._lock:
                self._sockets |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass  # the proxy was stopped: the connection is gone, as in a real outage
        finally:
            try:
                sink.shutdown(socket.SHUT_WR)
            except OSError:
                pass


def assert_unavailable(client) -> None:
    page = client.get("/platforms")
    assert page.status_code == 503
    text = page.get_data(as_text=True)
    assert UNAVAILABLE in text and "Traceback" not in text and "sqlalchemy" not in text.lower()
    assert page.headers["Retry-After"]
    api = client.get("/api/v1/platforms")
    assert api.status_code == 503
    assert api.json["error"]["code"] == "database_unavailable"
    assert client.get("/healthz").status_code == 503


@pytest.fixture
def proxied_postgres_app(tmp_path, make_user):
    """An app on PostgreSQL whose every connection goes through a TcpProxy."""
    with postgres_schema() as url:
        real = sa.make_url(url)
        proxy = TcpProxy((real.host or "127.0.0.1", real.port or 5432))
        proxy.start()
        proxied = real.set(host="127.0.0.1", port=proxy.port).render_as_string(
            hide_password=False)
        app = create_app(site_config(tmp_path, DATABASE_URL=proxied,
                                     CATALOG_PATH=CATALOGS["small"]))
        build_site(app)
        try:
            yield app, proxy
        finally:
            if not proxy._stopping.is_set():
                proxy.stop()
            close_app(app)


@pytest.mark.postgres
def test_postgresql_outage_gives_503_then_recovers(proxied_postgres_app, make_user):
    app, proxy = proxied_postgres_app
    member = app.test_client()
    login(member, make_user(app))
    anonymous = app.test_client()
    assert member.get("/platforms").status_code == 200  # the pool now holds live connections
    assert anonymous.get("/platforms/rover").status_code == 200

    proxy.stop()
    assert_unavailable(anonymous)
    assert_unavailable(member)  # even the lookup of who is logged in fails cleanly

    proxy.start()
    assert anonymous.get("/platforms/rover").status_code == 200
    page = member.get("/platforms")
    assert page.status_code == 200 and b"Log out" in page.data  # still logged in
    assert anonymous.get("/healthz").status_code == 200


@pytest.mark.sqlite_only(reason="moves the SQLite database file away")
def test_sqlite_file_gone_gives_503_then_recovers(small_app, make_user):
    member = small_app.test_client()
    login(member, make_user(small_app))
    anonymous = small_app.test_client()
    assert member.get("/platforms").status_code == 200  # the pool now holds open connections
    path = small_app.config["DATABASE_URL"].removeprefix("sqlite:///")

    os.replace(path, path + ".away")
    assert_unavailable(anonymous)
    assert_unavailable(member)

    os.replace(path + ".away", path)  # over the empty file SQLite made when it found none
    assert anonymous.get("/platforms/rover").status_code == 200
    assert anonymous.get("/api/v1/platforms").json["total"] > 0
    page = member.get("/platforms")
    assert page.status_code == 200 and b"Log out" in page.data

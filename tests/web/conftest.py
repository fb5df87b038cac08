"""Fixtures of the web tests: an app on a throwaway SQLite file or PostgreSQL cluster, logged-in
clients, and a PostgreSQL cluster started from /usr/lib/postgresql/*/bin for the session."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for web_support, shared with the test modules

from web_support import CI, TODAY, free_port, loud_skip  # noqa: E402, F401


# --- PostgreSQL -----------------------------------------------------------------------------


class PostgresCluster:
    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise FileNotFoundError("no /usr/lib/postgresql/*/bin/initdb")
        self.bin = Path(found[-1]).parent
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="spouse-relief-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sock"
        self.sockets.mkdir()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            user = "postgres"
            import pwd

            pwd.getpwnam(user)  # KeyError if there is no such user
            shutil.chown(self.root, user)
            shutil.chown(self.sockets, user)
            self.prefix = ["runuser", "-u", user, "--"]

    def run(self, *args: str) -> None:
        subprocess.run(self.prefix + list(args), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def start(self) -> None:
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "test", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        try:
            self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://test@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=test dbname=postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_cluster():
    try:
        cluster = PostgresCluster()
    except (FileNotFoundError, KeyError) as exc:
        loud_skip("PostgreSQL tests", f"{exc}; install Debian's postgresql (scripts/test does this as root)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        loud_skip("PostgreSQL tests", "the psycopg driver is not installed (pip install -e '.[test]')")
    try:
        cluster.start()
    except subprocess.CalledProcessError as exc:
        log = cluster.root / "log"
        detail = (exc.stderr or b"").decode(errors="replace") + (log.read_text(errors="replace") if log.exists() else "")
        cluster.stop()
        pytest.fail(f"could not start a throwaway PostgreSQL cluster: {detail[-2000:]}")
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """(data dir, database URL or None for the SQLite default), once per backend."""
    if request.param == "sqlite":
        return tmp_path, None
    cluster = request.getfixturevalue("postgres_cluster")
    return tmp_path, cluster.new_database()


@pytest.fixture
def store(database):
    from spouse_relief.storage import open_store

    folder, url = database
    opened = open_store(folder, url)
    yield opened
    opened.close()


@pytest.fixture
def app(store):
    from spouse_relief.web.app import WebSettings, create_app

    return create_app(WebSettings(data_dir=str(store.folder), today=lambda: TODAY), store=store)


@pytest.fixture
def sqlite_app(tmp_path):
    from spouse_relief.storage import open_store
    from spouse_relief.web.app import WebSettings, create_app

    opened = open_store(tmp_path)
    yield create_app(WebSettings(data_dir=str(tmp_path), today=lambda: TODAY), store=opened)
    opened.close()


# --- clients --------------------------------------------------------------------------------

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Browser:
    """A TestClient that logs in through the pages and fills the CSRF token in like a browser."""

    def __init__(self, app) -> None:
        from fastapi.testclient import TestClient

        self.client = TestClient(app, follow_redirects=True)

    def token(self, path: str = "/login") -> str:
        page = self.client.get(path)
        return CSRF.search(page.text).group(1)

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict | None = None, *, from_page: str | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.token(from_page or "/cases"))
        return self.client.post(path, data=data, **kwargs)

    def register(self, username: str, password: str = "correct horse battery") -> None:
        response = self.client.post("/register", data={"username": username, "password": password, "confirm": password, "csrf_token": self.token("/register")})
        assert response.status_code == 200, response.text

    def new_case(self, title: str = "My case") -> str:
        response = self.post("/cases", {"title": title})
        assert response.status_code == 200
        return re.search(r"/cases/([0-9a-f]{32})", str(response.url)).group(1)

    def version(self, case_id: str, page: str = "") -> str:
        text = self.get(f"/cases/{case_id}{page}").text
        return re.search(r'name="version" value="(\d+)"', text).group(1)


@pytest.fixture
def browser(app):
    return Browser(app)


@pytest.fixture
def make_browser(app):
    return lambda: Browser(app)


class Api:
    """A bearer-token client of the JSON API."""

    def __init__(self, app, username: str, password: str = "correct horse battery") -> None:
        from fastapi.testclient import TestClient

        self.client = TestClient(app)
        app.state.store.create_user(username, password)
        response = self.client.post("/api/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        self.headers = {"Authorization": f"Bearer {response.json()['token']}"}

    def __getattr__(self, method):
        call = getattr(self.client, method)
        return lambda path, **kwargs: call(path, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)


@pytest.fixture
def api_user(app):
    return lambda name: Api(app, name)


@pytest.fixture
def sqlite_api(sqlite_app):
    """A bearer-token client (user "alice") of an app on SQLite only."""
    return Api(sqlite_app, "alice")


@pytest.fixture
def sqlite_browser(sqlite_app):
    return Browser(sqlite_app)


# --- a real browser (Debian's chromium, driven by Playwright) ------------------------------

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server(tmp_path_factory, request):
    import uvicorn

    from spouse_relief.storage import open_store
    from spouse_relief.web.app import WebSettings, create_app
    from spouse_relief.web.demo import seed_demo

    folder = tmp_path_factory.mktemp("web-data")
    store = open_store(folder)
    seed_demo(store)
    today = getattr(request.module, "SERVER_TODAY", TODAY)  # a test module may set the server's today
    app = create_app(WebSettings(data_dir=str(folder), today=lambda: today), store=store)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not instance.started and time.time() < deadline:
        time.sleep(0.05)
    assert instance.started, "the test server did not start"
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def chromium():
    if not os.path.exists(CHROMIUM):
        loud_skip("Browser tests", f"{CHROMIUM} is missing; install Debian's chromium (scripts/test does this as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        loud_skip("Browser tests", "playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(accept_downloads=True)
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()

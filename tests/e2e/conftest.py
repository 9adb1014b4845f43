"""Browser (end-to-end) fixtures: a real `streamlit run` server + Debian's Chromium.

No browser is ever downloaded: pytest-playwright is pointed at /usr/bin/chromium. Without
it the tests are skipped locally (with the reason), but fail in CI (CI set).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (apt-get install -y chromium)")
    for item in items:
        if "e2e" in item.nodeid:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Override pytest-playwright's fixture: never use a Playwright-downloaded browser.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(app_url):
    return app_url


_APP_DB: dict[str, Path] = {}  # server address -> the progress database it writes to


@pytest.fixture(scope="session")
def app_db(app_url) -> Path:
    """The progress database of the test server (to check what a journey stored)."""
    return _APP_DB[app_url]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    port = _free_port()
    tmp = tmp_path_factory.mktemp("streamlit")
    log = tmp / "server.log"
    env = {**os.environ, "STEPWISE_DB": str(tmp / "progress.sqlite3")}
    env.pop("STEPWISE_CONTENT_DIR", None)
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
           "--server.headless", "true", "--server.address", "127.0.0.1",
           "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    _APP_DB[url] = tmp / "progress.sqlite3"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited {proc.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy after 60 s:\n{log.read_text()}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()  # only the process this fixture started
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class AppServer:
    """One `streamlit run app.py` process of this test's own, on a free port."""

    def __init__(self, env: dict, folder: Path, name: str):
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("STEPWISE_DB", "STEPWISE_DATA_DIR", "STEPWISE_DATABASE_URL",
                                 "STEPWISE_CONTENT_DIR")}
        self.env.update(env)
        self.folder, self.name = folder, name
        self.proc = None
        self.url = ""
        self.starts = 0

    def start(self) -> "AppServer":
        self.starts += 1
        port = _free_port()
        log = self.folder / f"{self.name}-{self.starts}.log"
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
               "--server.headless", "true", "--server.address", "127.0.0.1",
               "--server.port", str(port), "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
        with open(log, "wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=out,
                                         stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited {self.proc.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=1) as r:
                    if r.read() == b"ok":
                        return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy after 60 s:\n{log.read_text()}")
            time.sleep(0.1)

    def kill(self) -> None:
        """kill -9: no shutdown, no cleanup, as a crash or an OOM kill."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # only the process this object started
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def app_servers(tmp_path):
    """Start app servers of this test's own: `app_servers(env, name)` → a started AppServer.
    Every one still running is stopped when the test ends."""
    started: list[AppServer] = []

    def start(env: dict, name: str = "app") -> AppServer:
        server = AppServer(env, tmp_path, f"{name}{len(started)}")
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()

"""A throwaway PostgreSQL server for the tests and the store benchmark.

`start()` runs Debian's `initdb` into a new temporary folder, then `postgres` on a free
loopback port, as a child process of this one; `Cluster.stop()` shuts it down and deletes
the folder. PostgreSQL refuses to run as root, so under root (as CI runs) both run as the
unprivileged `postgres` user that Debian's package creates (or `nobody`), the way the
PostgreSQL manual says a server is to be started: as an ordinary user that owns its data.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

READY_WAIT = 60.0  # seconds for a new server to accept connections
SUPERUSER = "stepwise"


def bindir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb and postgres."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as() -> pwd.struct_passwd | None:
    """The user to run the server as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and there is no 'postgres' or 'nobody' user to run "
                       "PostgreSQL as")


@dataclass
class Cluster:
    folder: Path
    port: int
    process: subprocess.Popen
    log: Path
    command: list[str] = field(default_factory=list)
    options: dict = field(default_factory=dict)
    _databases: int = field(default=0)

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self, prefix: str = "t") -> str:
        """Create an empty database; returns its SQLAlchemy URL."""
        import psycopg

        self._databases += 1
        name = f"{prefix}_{os.getpid()}_{self._databases}"
        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def sql(self, statement: str, database: str = "postgres") -> list[tuple]:
        """Run one statement as the superuser (autocommit); returns any rows."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER,
                             dbname=database, autocommit=True) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else []

    def halt(self) -> None:
        """Shut the server down (fast shutdown), keeping its data: it can `resume()`."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(2)  # SIGINT: PostgreSQL's fast shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def resume(self) -> None:
        """Start the halted server again, on the same port with the same data."""
        out = open(self.log, "ab")
        self.process = subprocess.Popen(self.command, stdout=out, stderr=subprocess.STDOUT,
                                        **self.options)
        out.close()
        _wait_ready(self)

    def stop(self) -> None:
        self.halt()
        shutil.rmtree(self.folder, ignore_errors=True)


def _wait_ready(cluster: Cluster) -> None:
    where = bindir()
    deadline = time.monotonic() + READY_WAIT
    while True:
        if cluster.process.poll() is not None:
            text = cluster.log.read_text(errors="replace")
            raise RuntimeError(f"postgres exited with {cluster.process.returncode}:\n{text}")
        ready = subprocess.run([str(where / "pg_isready"), "-q", "-h", "127.0.0.1",
                                "-p", str(cluster.port), "-U", SUPERUSER],
                               env=cluster.options.get("env"))
        if ready.returncode == 0:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"postgres not ready after {READY_WAIT:.0f} s")
        time.sleep(0.1)


def start(*, durable: bool = False) -> Cluster:
    """A new server in a new temporary folder. `durable=False` (the tests) turns off fsync,
    which nothing here needs: the server is only ever shut down cleanly."""
    where = bindir()
    if where is None:
        raise FileNotFoundError("PostgreSQL is not installed (apt-get install -y postgresql)")
    user = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="stepwise-pg-"))
    data, log = folder / "data", folder / "server.log"
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    as_user = ({"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
               if user is not None else {})
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8",
           "HOME": str(folder)}
    try:
        subprocess.run([str(where / "initdb"), "-D", str(data), "-U", SUPERUSER,
                        "--auth=trust", "-E", "UTF8", "--no-instructions"]
                       + ([] if durable else ["--no-sync"]),
                       check=True, capture_output=True, cwd=folder, env=env, **as_user)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed:\n{exc.stdout.decode()}\n{exc.stderr.decode()}") from None
    port = _free_port()
    settings = {"listen_addresses": "127.0.0.1", "port": str(port),
                "unix_socket_directories": "", "max_connections": "200",
                "shared_buffers": "32MB", "log_min_messages": "warning"}
    if not durable:
        settings.update(fsync="off", synchronous_commit="off", full_page_writes="off")
    cmd = [str(where / "postgres"), "-D", str(data)]
    for key, value in settings.items():
        cmd += ["-c", f"{key}={value}"]
    if user is not None:
        log.touch()
        os.chown(log, user.pw_uid, user.pw_gid)
    options = {"cwd": folder, "env": env, **as_user}
    cluster = Cluster(folder, port, None, log, cmd, options)  # type: ignore[arg-type]
    try:
        cluster.resume()
    except BaseException:
        if cluster.process is not None:
            cluster.halt()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return cluster

"""`make run`'s server as a county runs it: scripts/serve.sh starts gunicorn (static files by WhiteNoise, hashed and
compressed) with the huey consumer beside it, on a fresh SQLite database and var/ folder of its own; Ctrl-C stops
both. The hostile paths of tests/test_paths.py get the 404 page from gunicorn too.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from .test_paths import HOSTILE_PATHS

# One server for the module, on one xdist worker, stopped by the last test.
pytestmark = pytest.mark.xdist_group("production_server")

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group(pid: int) -> list[str]:
    found = subprocess.run(["pgrep", "-g", str(pid), "-a"], capture_output=True, text=True).stdout
    return found.splitlines()


class Server:
    def __init__(self, port: int):
        self.port = port

    def get(self, path: str, **headers) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers=headers)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "SANSHEN_", "DJANGO_"))}
    # Its own SQLite database and files, never the suite's PostgreSQL or the developer's var/.
    env.update(SANSHEN_VAR_DIR=str(var), XDG_STATE_HOME=str(var / "state"), SANSHEN_WORKERS="2")
    # What `make run` does first, both at once (they touch different files).
    steps = [
        subprocess.Popen([BIN / "sanshen", *command], cwd=ROOT, env=env)
        for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"])
    ]
    assert [step.wait(timeout=300) for step in steps] == [0, 0]
    port = _free_port()
    log = open(var / "serve.log", "w")
    # A session of its own: Ctrl-C reaches the whole group, as a terminal's does.
    process = subprocess.Popen(
        ["bash", "scripts/serve.sh", "127.0.0.1", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    started = Server(port)
    deadline = time.monotonic() + 120
    while True:
        try:
            started.get("/accounts/login/")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                pytest.fail(f"serve.sh did not start:\n{(var / 'serve.log').read_text()[-3000:]}")
            time.sleep(0.2)
    started.process = process
    yield started
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log.close()


def test_it_serves_through_gunicorn_with_the_consumer_beside_it(server):
    status, headers, body = server.get("/accounts/login/")
    assert (status, headers["server"]) == (200, "gunicorn")
    assert "登录" in body.decode()
    running = "\n".join(_group(server.process.pid))
    assert "gunicorn -c scripts/gunicorn.conf.py" in running
    assert "sanshen run_huey" in running


def test_static_files_have_hashed_names_compression_and_a_long_cache(server):
    _, _, page = server.get("/accounts/login/")
    (stylesheet,) = set(re.findall(r'/static/sanshen/[\w.-]+\.[0-9a-f]{12}\.css', page.decode()))
    status, headers, _ = server.get(stylesheet, **{"Accept-Encoding": "gzip"})
    assert (status, headers["content-encoding"]) == (200, "gzip")
    assert "immutable" in headers["cache-control"] and headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", HOSTILE_PATHS, ids=lambda p: p[:60])
def test_no_path_trick_gets_past_the_404_page(server, path):
    status, headers, body = server.get(path)
    assert status == 404
    assert "页面不存在" in body.decode()


def test_an_api_path_that_does_not_exist_is_json(server):
    status, headers, body = server.get("/api/..%2fschema")
    assert (status, headers["content-type"]) == (404, "application/json")
    assert body.decode() == '{"error": "未找到", "code": "not_found"}'


def test_a_request_line_over_gunicorns_limit_is_refused_not_a_500(server):
    status, _, _ = server.get("/" + "a" * 5000)
    assert status == 414


def test_ctrl_c_stops_the_server_and_the_consumer(server):
    # Last in this module: it stops the server the others used.
    os.killpg(server.process.pid, signal.SIGINT)
    server.process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while _group(server.process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _group(server.process.pid) == []
    with pytest.raises(OSError):
        server.get("/accounts/login/")

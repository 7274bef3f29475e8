"""County-scale load test (issue 9 point 8): the production server under 50 people at work and 200 readers.

    .venv/bin/python bench/load.py                       # 1,000,000 items in 300 units, 5 minutes (the full run)
    .venv/bin/python bench/load.py --submissions 100000 --users 10 --readers 40 --duration 30 --keep   # a trial
    .venv/bin/python bench/load.py --reuse --duration 30 # again on the kept database, without loading

It creates its own PostgreSQL database (name must contain "load"; dropped at the end unless --keep), loads a
county's history with bench/workflow.py's COPY loader, gives the people it plays a known password and an enrolled
authenticator, and starts the server exactly as `make run` does (scripts/serve.sh: gunicorn with
scripts/gunicorn.conf.py, SANSHEN_WORKERS workers, and the huey consumer beside it) on PostgreSQL and Redis (its own
Redis database number, flushed first), on a free loopback port. Only DJANGO_SETTINGS_MODULE differs:
bench/load_settings.py is the production settings plus a middleware that logs each request's time, CPU and SQL.

Then, for --duration seconds, --users logged-in people (county reviewers and the reviewers of the busiest units,
who log in with password and TOTP code) read their 我的待办 and items, save edits through the edit form (机审 runs
on every save), pass items with the action form, publish, and read the public site; --readers anonymous readers
browse the home page, column pages, articles and feeds. Everyone pauses 1-5 s between requests. Every so often two
county reviewers press 通过 on the same item at the same moment: exactly one decision must come of it.

Afterwards it compares the decisions and revisions the people made with the rows in the database, runs
`sanshen audit verify` with the server's key and checkpoint folder, and prints per kind of request: n, median, p95,
max, errors (as the client saw them, and as the server timed them), the slowest requests with their SQL, and the
machine's load before, during and after. Everything stops by itself; Ctrl-C stops the server too.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import itertools
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import workflow  # noqa: E402  (bench/workflow.py: the COPY loader and the database helpers)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sanshen_load"
DEFAULT_REDIS = "redis://127.0.0.1:6379/11"
PASSWORD = "Bench#Pass2026"  # what workflow.load_county gives everyone; must_change_password is off
TARGET_WORK_MS = 100.0
TARGET_PUBLIC_MS = 50.0
WORK_KINDS = ("login", "inbox", "item", "edit form", "save", "pass", "publish")
PUBLIC_KINDS = ("home", "column", "column deep", "article", "feed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS, help="a Redis database of its own: it is flushed")
    parser.add_argument("--submissions", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--users", type=int, default=50, help="logged-in people at work")
    parser.add_argument("--readers", type=int, default=200, help="anonymous readers of the public site")
    parser.add_argument("--duration", type=int, default=300, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (SANSHEN_WORKERS)")
    parser.add_argument("--race-every", type=float, default=15.0, help="seconds between two-reviewer races")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the database (and its folder) afterwards")
    parser.add_argument("--reuse", action="store_true", help="use a kept database as it is, do not load")
    args = parser.parse_args()

    db_name = urlsplit(args.database_url).path.lstrip("/")
    if "load" not in db_name:
        parser.error(f"database name must contain 'load' (got {db_name!r}); it is dropped and recreated")
    if args.users < 3:
        parser.error("--users must be at least 3 (the three county reviewers)")

    var_dir = Path("/tmp") / f"sanshen-{db_name}"
    # The audit key and checkpoints live outside the data folder, as settings.py asks of a deployment.
    state_dir = Path("/tmp") / f"sanshen-{db_name}-audit"
    timing_dir = var_dir / "timing"
    env = server_environment(args, var_dir, state_dir, timing_dir / "requests")
    os.environ.update(env)
    created = not (args.reuse and workflow._database_exists(args.database_url))
    if created:
        workflow._recreate_database(args.database_url)
        # A new database starts a new audit chain: checkpoints of an old one would report it truncated.
        shutil.rmtree(state_dir, ignore_errors=True)
    var_dir.mkdir(exist_ok=True)
    shutil.rmtree(timing_dir, ignore_errors=True)
    timing_dir.mkdir()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from sanshen.accounts.models import Column

    server = None
    try:
        call_command("migrate", verbosity=0)
        workflow._collect_static()
        if created:
            started = time.perf_counter()
            counts = workflow.load_county(args.submissions, args.units, seed=args.seed)
            loaded = time.perf_counter() - started
            started = time.perf_counter()
            workflow._vacuum_analyze()
            print(f"Loaded in {loaded:.1f} s, VACUUM ANALYZE {time.perf_counter() - started:.1f} s:")
            print(", ".join(f"{name} {n:,}" for name, n in counts.items()))
        workflow._write_seals()
        people = choose_people(args.users)
        keys = enrol(people)
        columns = list(Column.objects.values_list("slug", flat=True))
        workflow._print_environment()
        _flush_redis(args.redis_url)
        connections.close_all()
        _serial_plans(args.database_url)

        port = _free_port()
        server = Server(env, port, var_dir / "server.log")
        server.start()
        print(f"Server: scripts/serve.sh on 127.0.0.1:{port}, {args.workers} gunicorn workers + huey consumer, "
              f"ready in {server.ready_after:.1f} s")
        run = asyncio.run(drive(args, port, people, keys, columns, server))
        pending = _queue_length()
        server.stop()
        server = None
        time.sleep(5)
        load_after = os.getloadavg()

        report(args, run, read_timings(timing_dir), load_after, pending)
        ok = account(run, people)
        ok = verify_audit(env) and ok
        return 0 if ok else 1
    finally:
        if server is not None:
            server.stop()
        connections.close_all()
        if not args.keep:
            workflow._drop_database(args.database_url)
            shutil.rmtree(var_dir, ignore_errors=True)
            shutil.rmtree(state_dir, ignore_errors=True)
            _flush_redis(args.redis_url)
            print(f"Dropped database {db_name} (use --keep to keep it).")


# ---------------------------------------------------------------------------------------------
# The deployment


def server_environment(args, var_dir: Path, state_dir: Path, timing_log: Path) -> dict[str, str]:
    """What README's deployment section puts in /etc/sanshen/env, for this machine's loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "PYTHONPATH": str(ROOT),  # bench.load_settings, for gunicorn and the huey consumer alike
        "DATABASE_URL": args.database_url,
        "SANSHEN_DB_CONN_MAX_AGE": "60",
        "SANSHEN_REDIS_URL": args.redis_url,
        "SANSHEN_VAR_DIR": str(var_dir),
        "SANSHEN_WORKERS": str(args.workers),
        "SANSHEN_DEBUG": "false",
        "SANSHEN_HUEY_IMMEDIATE": "false",
        "SANSHEN_REQUIRE_2FA": "true",
        "SANSHEN_AUDIT_KEY_FILE": str(state_dir / "audit.key"),
        "SANSHEN_AUDIT_CHECKPOINT_DIR": str(state_dir / "checkpoints"),
        "SANSHEN_BENCH_TIMING_LOG": str(timing_log),
    }


class Server:
    """scripts/serve.sh in a session of its own, so that stopping it stops gunicorn and the consumer with it."""

    def __init__(self, env: dict[str, str], port: int, log: Path):
        self.env = {**os.environ, **env}
        self.port = port
        self.log = log
        self.process = None
        self.ready_after = 0.0

    def start(self) -> None:
        import httpx

        started = time.perf_counter()
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                ["scripts/serve.sh", "127.0.0.1", str(self.port)],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped at start (exit {self.process.returncode}); see {self.log}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/", timeout=5).status_code == 200:
                    self.ready_after = time.perf_counter() - started
                    return
            except httpx.HTTPError:
                pass
            time.sleep(1)
        raise RuntimeError(f"the server did not answer within 180 s; see {self.log}")

    def pids(self) -> dict[str, list[int]]:
        """gunicorn master and workers, and the huey consumer: the children of serve.sh and theirs."""
        found: dict[str, list[int]] = defaultdict(list)
        if self.process is None:
            return found
        for pid in _descendants(self.process.pid):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            found["huey consumer" if "run_huey" in cmdline else "gunicorn" if "gunicorn" in cmdline else "other"].append(pid)
        return found

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds so far of each part, and of the whole machine ("machine, busy")."""
        seconds = {name: sum(_cpu_of(pid) for pid in pids) for name, pids in self.pids().items()}
        # Sessions come and go (SANSHEN_DB_CONN_MAX_AGE): the postmaster's children's time keeps those that ended.
        seconds["PostgreSQL (all databases)"] = sum(_cpu_of(pid, children=True) for pid in _pids_named("postgres"))
        seconds["redis"] = sum(_cpu_of(pid) for pid in _pids_named("redis-server"))
        usage = os.times()
        seconds["load client (this process)"] = usage.user + usage.system
        ticks = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        seconds["machine, busy"] = (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # less idle, iowait
        return seconds

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _descendants(pid: int) -> list[int]:
    children = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children[parent].append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children[todo.pop()]:
            found.append(child)
            todo.append(child)
    return found


def _pids_named(name: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _cpu_of(pid: int, *, children: bool = False) -> float:
    """utime + stime (and with `children`, that of its children that have ended: cutime + cstime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serial_plans(database_url: str) -> None:
    """docs/decisions.md: on a 2-core server, max_parallel_workers_per_gather = 0 (set on this database only)."""
    import psycopg
    from psycopg import sql

    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER DATABASE {} SET max_parallel_workers_per_gather = 0").format(sql.Identifier(name)))


def _flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def _queue_length() -> int:
    from huey.contrib.djhuey import HUEY

    return HUEY.pending_count()


# ---------------------------------------------------------------------------------------------
# The people


@dataclass
class Person:
    username: str
    pk: int
    roles: set[str]


def choose_people(count: int) -> list[Person]:
    """The three county reviewers, then the reviewers (初审, 复审, 终审, 主要领导) of the units with most waiting."""
    from django.db.models import Count, Q

    from sanshen.accounts.models import Role, RoleName, User
    from sanshen.review.models import Status, Submission

    unit_stages = (Status.FIRST_REVIEW, Status.SECOND_REVIEW, Status.FINAL_REVIEW, Status.MAIN_LEADER)
    busiest = (
        Submission.objects.filter(status__in=unit_stages)
        .values_list("unit_id", flat=True)
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    chosen = list(User.objects.filter(roles__role=RoleName.COUNTY_REVIEWER).order_by("username")[:3])
    wanted = (RoleName.FIRST_REVIEWER, RoleName.SECOND_REVIEWER, RoleName.FINAL_REVIEWER, RoleName.MAIN_LEADER)
    for unit_id in busiest:
        if len(chosen) >= count:
            break
        for user in User.objects.filter(Q(roles__unit_id=unit_id) & Q(roles__role__in=wanted)).distinct().order_by("id"):
            if len(chosen) < count:
                chosen.append(user)
    roles = defaultdict(set)
    for user_id, role in Role.objects.filter(user__in=chosen).values_list("user_id", "role"):
        roles[user_id].add(role)
    return [Person(u.username, u.pk, roles[u.pk]) for u in chosen]


def enrol(people: list[Person]) -> dict[str, bytes]:
    """A confirmed authenticator per person, with a secret the load client keeps to compute its codes."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sanshen.accounts.models import User
    from sanshen.accounts.second_factor import AUTHENTICATOR_NAME

    keys = {}
    ids = [p.pk for p in people]
    TOTPDevice.objects.filter(user_id__in=ids).delete()
    # The password and its age as workflow.load_county wrote them: known, current, no forced change.
    User.objects.filter(pk__in=ids).update(must_change_password=False)
    for person in people:
        device = TOTPDevice.objects.create(user_id=person.pk, name=AUTHENTICATOR_NAME, confirmed=True)
        keys[person.username] = device.bin_key
    return keys


def totp_code(key: bytes) -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(key, step=30, t0=0, digits=6).token():06d}"


# ---------------------------------------------------------------------------------------------
# The load


@dataclass
class Hit:
    kind: str
    at: float  # seconds since the load started
    ms: float
    status: int
    error: str = ""  # why this counts as an error ("" for none)
    id: str = ""  # sent as X-Bench-Request: the server's timing line of the same request carries it


@dataclass
class Run:
    started: float = 0.0  # time.time() when the load began
    seconds: float = 0.0
    hits: list[Hit] = field(default_factory=list)
    logins: list[Hit] = field(default_factory=list)  # before the measured minutes
    passes: list[tuple[str, int]] = field(default_factory=list)  # (username, item) confirmed by a success message
    refused: Counter = field(default_factory=Counter)  # refusal messages of passes/saves (as designed, not errors)
    saves: list[tuple[str, int]] = field(default_factory=list)
    publishes: list[tuple[str, int]] = field(default_factory=list)
    races: list[tuple[int, list[str]]] = field(default_factory=list)  # item, the outcome of each of the two presses
    unknown: list[tuple[str, str, int]] = field(default_factory=list)  # (what, username, item) the client gave up on
    loads: list[tuple[float, float]] = field(default_factory=list)  # (seconds, 1-minute load average)
    load_at_start: tuple = ()  # os.getloadavg() when the load began, and when it ended
    load_at_end: tuple = ()
    cpu_at_start: dict = field(default_factory=dict)  # Server.cpu_seconds() then
    cpu_at_end: dict = field(default_factory=dict)


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ITEM_LINK = re.compile(r'href="/work/submissions/(\d+)/"')
ARTICLE_LINK = re.compile(r'href="(/article/[0-9a-f-]{36}/)"')
MESSAGE = re.compile(r'<li class="msg-(\w+)">(.*?)</li>', re.S)
EXTRA_SENTENCES = (
    "下一步，将进一步压实责任，确保各项工作落到实处。",
    "会议要求各村（社区）加强巡查值守，及时消除隐患。",
    "截至目前，已累计完成投资1200余万元，惠及群众3000余人。",
)


class Browser:
    """One person's browser: a cookie jar, one request at a time, every request timed and classified."""

    def __init__(self, run: Run, base: str, lock: asyncio.Lock | None = None):
        import httpx

        self.run = run
        # Plain HTTP on loopback: no certificate store to load for each of the 250 clients.
        self.client = httpx.AsyncClient(base_url=base, timeout=30, follow_redirects=False, verify=False)
        self.lock = lock or asyncio.Lock()

    async def request(self, kind: str, method: str, path: str, data=None, *, expect=(200,)):
        number = str(next(Browser.numbers))
        started = time.perf_counter()
        try:
            response = await self.client.request(method, path, data=data, headers={"X-Bench-Request": number})
        except Exception as exc:  # a timeout or a refused connection is an error of this request
            ms = (time.perf_counter() - started) * 1000
            self.run.hits.append(Hit(kind, started - self.t0, ms, 0, type(exc).__name__, number))
            return None
        ms = (time.perf_counter() - started) * 1000
        error = "" if response.status_code in expect else f"HTTP {response.status_code} {method} {path}"
        self.run.hits.append(Hit(kind, started - self.t0, ms, response.status_code, error, number))
        return response

    async def post_form(self, kind: str, path: str, page: str, data: dict):
        token = CSRF.search(page)
        data = {"csrfmiddlewaretoken": token.group(1) if token else "", **data}
        response = await self.request(kind, "POST", path, data, expect=(302,))
        if response is None or response.status_code != 302:
            return None, ""
        # A browser follows the redirect at once; that page shows the outcome (success or refusal message).
        landed = await self.request("item" if "/submissions/" in response.headers["location"] else "inbox",
                                    "GET", response.headers["location"])
        return landed, landed.text if landed is not None else ""

    t0 = 0.0
    numbers = itertools.count(1)


def messages_in(page: str) -> list[tuple[str, str]]:
    return [(level, html.unescape(re.sub(r"<[^>]+>", "", text)).strip()) for level, text in MESSAGE.findall(page)]


async def think(rng: random.Random, until: float) -> bool:
    """A person's pause between requests (1-5 s); False once the load is over."""
    pause = rng.uniform(1, 5)
    if time.monotonic() + pause >= until:
        await asyncio.sleep(max(0.0, until - time.monotonic()))
        return False
    await asyncio.sleep(pause)
    return True


class Worker:
    """A reviewer at work: 我的待办, items, 通过, edits with 机审, publishing, and now and then the public site."""

    def __init__(self, person: Person, key: bytes, run: Run, base: str, rng: random.Random, shared: dict):
        self.person = person
        self.key = key
        self.run = run
        self.browser = Browser(run, base)
        self.rng = rng
        self.items: list[int] = []
        self.shared = shared

    async def login(self) -> bool:
        """Password, then the authenticator's code, following the redirects until 我的待办 answers."""
        b = self.browser
        page = await b.request("login", "GET", "/accounts/login/")
        if page is None:
            return False
        data = {"username": self.person.username, "password": PASSWORD, "next": "/work/", **_token(page.text)}
        response = await b.request("login", "POST", "/accounts/login/", data, expect=(302,))
        for _ in range(6):
            if response is None or response.status_code != 302:
                return False
            location = response.headers["location"]
            page = await b.request("login", "GET", location, expect=(200, 302))
            if page is None:
                return False
            if page.status_code == 302:
                response = page
            elif location.startswith("/accounts/second-factor/"):
                code = {"code": totp_code(self.key), "next": "/work/", **_token(page.text)}
                response = await b.request("login", "POST", location, code, expect=(302,))
            else:
                return location.startswith("/work/")
        return False

    async def work(self, until: float) -> None:
        while await think(self.rng, until):
            async with self.browser.lock:
                await self.step(until)

    async def step(self, until: float) -> None:
        r = self.rng.random()
        if not self.items or r < 0.25:
            await self.inbox()
        elif r < 0.35:
            await public_page(self.browser, self.rng, self.shared, "home" if r < 0.3 else "column")
        else:
            await self.item(until)

    async def inbox(self) -> None:
        page = await self.browser.request("inbox", "GET", "/work/")
        if page is not None and page.status_code == 200:
            self.items = [int(pk) for pk in dict.fromkeys(ITEM_LINK.findall(page.text))]
            if "county_reviewer" in self.person.roles:
                self.shared["county_items"] = self.items[:]

    async def item(self, until: float) -> None:
        pk = self.rng.choice(self.items)
        page = await self.browser.request("item", "GET", f"/work/submissions/{pk}/")
        if page is None or page.status_code != 200:
            return
        text = page.text
        form = pass_form(text)
        r = self.rng.random()
        if form is not None and r < 0.5:
            if not await self.pause(until):
                return
            await self.press_pass(pk, text, form)
        elif 'action" value="publish"' in text and r < 0.7:
            if not await self.pause(until):
                return
            data = {"action": "publish", "version": _version(text, "publish")}
            if 'name="post_url"' in text:  # a new-media item: the address it went out at
                data["post_url"] = f"https://mp.weixin.qq.com/s/bench-{pk}"
            landed, shown = await self.browser.post_form("publish", f"/work/submissions/{pk}/action/", text, data)
            self._outcome(shown, self.run.publishes, pk, "publish")
        elif f'href="/work/submissions/{pk}/edit/"' in text and r < 0.8:
            if not await self.pause(until):
                return
            await self.edit(pk, until)

    async def pause(self, until: float) -> bool:
        """Reading the page before pressing a button; the lock is released meanwhile."""
        self.browser.lock.release()
        try:
            return await think(self.rng, until)
        finally:
            await self.browser.lock.acquire()

    async def press_pass(self, pk: int, page: str, form: dict) -> None:
        landed, shown = await self.browser.post_form("pass", f"/work/submissions/{pk}/action/", page, form)
        if self._outcome(shown, self.run.passes, pk, "pass") and pk in self.items:
            self.items.remove(pk)

    def _outcome(self, shown: str, done: list, pk: int, what: str) -> bool:
        found = messages_in(shown)
        if any(level == "success" for level, _ in found):
            done.append((self.person.username, pk))
            return True
        for level, text in found:
            self.run.refused[f"{what}: {text[:60]}"] += 1
        if not found:
            # The request or the page after it timed out: the server may still have done it.
            self.run.unknown.append((what.split()[0], self.person.username, pk))
        return False

    async def edit(self, pk: int, until: float) -> None:
        form = await self.browser.request("edit form", "GET", f"/work/submissions/{pk}/edit/", expect=(200, 302))
        if form is None or form.status_code != 200:
            return
        fields = edit_fields(form.text)
        if fields is None:
            self.run.hits[-1].error = f"edit form not understood: /work/submissions/{pk}/edit/"
            return
        if not await self.pause(until):  # writing
            return
        fields["body"] += f"<p>{self.rng.choice(EXTRA_SENTENCES)}</p>"
        fields["note"] = "校对修改"
        response = await self.browser.request(
            "save", "POST", f"/work/submissions/{pk}/edit/", {**fields, **_token(form.text)}, expect=(302, 409)
        )
        if response is None:
            self.run.unknown.append(("save", self.person.username, pk))
            return
        if response.status_code == 409:
            self.run.refused["save: 稿件已被他人修改 (409, as designed)"] += 1
            return
        if response.status_code == 302:
            landed = await self.browser.request("item", "GET", response.headers["location"])
            self._outcome(landed.text if landed is not None else "", self.run.saves, pk, "save")


def _token(page: str) -> dict:
    found = CSRF.search(page)
    return {"csrfmiddlewaretoken": found.group(1)} if found else {}


def _version(page: str, action: str) -> str:
    found = re.search(rf'name="action" value="{action}">\s*<input type="hidden" name="version" value="(\d+)"', page)
    return found.group(1) if found else ""


def pass_form(page: str) -> dict | None:
    """The fields of the 通过 form as a person fills it: every review point ticked, a reason for each serious finding."""
    start = page.find('name="action" value="pass"')
    if start < 0:
        return None
    form = page[start : page.find("</form>", start)]
    if "禁止发布" in form:
        return None  # a block finding: only a new text can go on
    data = {"action": "pass", "version": _version(page, "pass"), "opinion": "同意。"}
    points = re.findall(r'name="points" value="(\w+)"', form)
    if points:
        data["points"] = points
    for name in re.findall(r'name="(reason_\d+)"', form):
        data[name] = "经核实无误"
    return data


def edit_fields(page: str) -> dict | None:
    title = re.search(r'<input type="text" name="title" value="([^"]*)"', page)
    body = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', page, re.S)
    base = re.search(r'name="base_revision" value="(\d+)"', page)
    if not (title and body and base):
        return None
    return {"title": html.unescape(title.group(1)), "body": html.unescape(body.group(1)).strip(), "base_revision": base.group(1)}


async def public_page(browser: Browser, rng: random.Random, shared: dict, kind: str) -> None:
    """One page of the public site; article links found on the way are kept for the readers."""
    if kind == "home":
        page = await browser.request("home", "GET", "/")
    elif kind == "column":
        page = await browser.request("column", "GET", f"/column/{rng.choice(shared['columns'])}/")
    elif kind == "column deep":
        # The news columns hold most items; few readers go far back.
        page = await browser.request("column deep", "GET", f"/column/{rng.choice(shared['columns'][:3])}/?page={rng.randint(2, 300)}")
    elif kind == "feed":
        await browser.request("feed", "GET", f"/column/{rng.choice(shared['columns'])}/feed/")
        return
    else:
        links = shared["articles"]
        await browser.request("article", "GET", rng.choice(links) if links else "/")
        return
    if page is not None and page.status_code == 200:
        found = ARTICLE_LINK.findall(page.text)
        if found:
            shared["articles"][:] = (shared["articles"] + found)[-2000:]


class Reader:
    """An anonymous reader of the county site."""

    MIX = (("home", 0.25), ("column", 0.25), ("column deep", 0.08), ("article", 0.37), ("feed", 0.05))

    def __init__(self, run: Run, base: str, rng: random.Random, shared: dict):
        self.browser = Browser(run, base)
        self.rng = rng
        self.shared = shared

    async def read(self, until: float) -> None:
        kinds, weights = zip(*self.MIX)
        while await think(self.rng, until):
            await public_page(self.browser, self.rng, self.shared, self.rng.choices(kinds, weights)[0])


async def race(workers: list[Worker], run: Run, rng: random.Random, until: float, every: float) -> None:
    """Two county reviewers press 通过 on the same item at the same moment: exactly one decision may come of it."""
    county = [w for w in workers if "county_reviewer" in w.person.roles]
    while time.monotonic() + every < until:
        await asyncio.sleep(rng.uniform(every * 0.5, every * 1.5))
        a, b = rng.sample(county, 2)
        candidates = [pk for pk in a.items if pk in b.items] or a.items
        if not candidates:
            continue
        pk = rng.choice(candidates)
        async with a.browser.lock, b.browser.lock:
            pages = await asyncio.gather(*(w.browser.request("item", "GET", f"/work/submissions/{pk}/") for w in (a, b)))
            if any(p is None or p.status_code != 200 for p in pages):
                continue
            forms = [pass_form(p.text) for p in pages]
            if any(f is None for f in forms):
                continue
            outcomes = await asyncio.gather(*(
                w.browser.post_form("pass", f"/work/submissions/{pk}/action/", p.text, f) for w, p, f in zip((a, b), pages, forms)
            ))
            shown = []
            for w, (_, text) in zip((a, b), outcomes):
                if w._outcome(text, run.passes, pk, "pass (race)"):
                    shown.append("passed")
                    if pk in w.items:
                        w.items.remove(pk)
                else:
                    shown.append("; ".join(t for _, t in messages_in(text)) or "no message")
            run.races.append((pk, shown))


async def watch_load(run: Run, until: float) -> None:
    while time.monotonic() < until:
        run.loads.append((time.time() - run.started, os.getloadavg()[0]))
        await asyncio.sleep(10)


async def drive(args, port: int, people: list[Person], keys: dict[str, bytes], columns: list[str], server: Server) -> Run:
    base = f"http://127.0.0.1:{port}"
    run = Run()
    rng = random.Random(args.seed)
    shared = {"columns": columns, "articles": [], "county_items": []}
    workers = [Worker(p, keys[p.username], run, base, random.Random(rng.random()), shared) for p in people]
    readers = [Reader(run, base, random.Random(rng.random()), shared) for _ in range(args.readers)]
    Browser.t0 = time.perf_counter()

    # Logging in (a password hash and a TOTP code each) happens before the measured minutes, four at a time.
    gate = asyncio.Semaphore(4)

    async def login(w: Worker) -> bool:
        async with gate:
            return await w.login()

    started = time.perf_counter()
    logged_in = await asyncio.gather(*(login(w) for w in workers))
    failed = [w.person.username for w, ok in zip(workers, logged_in) if not ok]
    print(f"Logged in {sum(logged_in)} of {len(workers)} people in {time.perf_counter() - started:.1f} s"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    workers = [w for w, ok in zip(workers, logged_in) if ok]
    await asyncio.gather(*(w.inbox() for w in workers))
    await public_page(readers[0].browser if readers else workers[0].browser, rng, shared, "home")

    run.logins, run.hits = run.hits, []
    # Logging in hashed 50 passwords (about a second of CPU each): the measured minutes start after it.
    run.load_at_start, run.cpu_at_start = os.getloadavg(), server.cpu_seconds()
    run.started = time.time()
    Browser.t0 = time.perf_counter()
    until = time.monotonic() + args.duration
    print(f"Load: {len(workers)} people at work, {len(readers)} readers, {args.duration} s ...", flush=True)
    await asyncio.gather(
        *(w.work(until) for w in workers),
        *(r.read(until) for r in readers),
        race(workers, run, random.Random(rng.random()), until, args.race_every),
        watch_load(run, until),
    )
    run.seconds = time.time() - run.started
    run.load_at_end, run.cpu_at_end = os.getloadavg(), server.cpu_seconds()
    for b in [w.browser for w in workers] + [r.browser for r in readers]:
        await b.client.aclose()
    return run


# ---------------------------------------------------------------------------------------------
# The figures


KIND_OF_PATH = (
    (re.compile(r"^/accounts/"), "login"),
    (re.compile(r"^/work/$"), "inbox"),
    (re.compile(r"^/work/submissions/\d+/$"), "item"),
    (re.compile(r"^/work/submissions/\d+/edit/$"), "edit form"),
    (re.compile(r"^/$"), "home"),
    (re.compile(r"^/column/[\w-]+/$"), "column"),
    (re.compile(r"^/column/[\w-]+/\?page=\d+$"), "column deep"),
    (re.compile(r"^/column/[\w-]+/feed/$"), "feed"),
    (re.compile(r"^/article/"), "article"),
)


def server_kind(line: dict) -> str:
    path, method = line["path"], line["method"]
    if method == "POST" and path.endswith("/edit/"):
        return "save"
    if method == "POST" and path.endswith("/action/"):
        return "pass or publish"
    return next((kind for pattern, kind in KIND_OF_PATH if pattern.search(path)), "other")


def read_timings(folder: Path) -> list[dict]:
    lines = []
    for path in folder.glob("requests.*"):
        with open(path, encoding="utf-8") as f:
            lines += [json.loads(line) for line in f if line.strip()]
    return lines


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report(args, run: Run, timings: list[dict], after, pending: int) -> None:
    print(f"\n## Load test: {args.users} people at work + {args.readers} readers, {run.seconds:.0f} s, "
          f"{args.workers} gunicorn workers\n")
    print("As the clients saw it (wall time from request to full response, loopback). \"Outside Django\": the client's "
          "time less the server's own for the same request (waiting for a free worker, the client's loop):\n")
    print("| request | n | median ms | p95 ms | max ms | errors | target p95 | outside Django, median / p95 ms |")
    print("|---|---:|---:|---:|---:|---:|---|---|")
    served = {t["id"]: t for t in timings if t.get("id")}
    by_kind = defaultdict(list)
    for hit in [h for h in run.logins if h.kind == "login"] + run.hits:
        by_kind[hit.kind].append(hit)
    for kind in (*WORK_KINDS, *PUBLIC_KINDS):
        hits = by_kind.get(kind, [])
        if not hits:
            continue
        times = [h.ms for h in hits]
        target = "" if kind == "login" else f"≤ {TARGET_WORK_MS if kind in WORK_KINDS else TARGET_PUBLIC_MS:.0f} ms"
        p95 = _p(times, 0.95)
        flag = " ⚠" if target and p95 > float(target.split()[1]) else ""
        outside = [h.ms - served[h.id]["ms"] for h in hits if h.id in served]
        waited = f"{statistics.median(outside):.1f} / {_p(outside, 0.95):.1f}" if outside else "–"
        label = "login (each of its requests)" if kind == "login" else kind
        print(f"| {label} | {len(hits)} | {statistics.median(times):.1f} | {p95:.1f}{flag} | {max(times):.1f} | "
              f"{sum(1 for h in hits if h.error)} | {target} | {waited} |")
    total = len(run.hits)
    print(f"\n{total} requests in {run.seconds:.0f} s ({total / max(run.seconds, 1):.1f}/s). Errors: "
          f"{sum(1 for h in run.hits if h.error)}")
    for error, n in Counter(h.error for h in run.hits if h.error).most_common(10):
        print(f"  {n}× {error}")

    measured = [t for t in timings if t["at"] >= run.started]
    print("\nAs the server timed it (middleware, whole Django stack; CPU = the worker process's CPU time):\n")
    print("| request | n | median ms | p95 ms | max ms | CPU median ms | SQL median ms | queries median / max | status |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    groups = defaultdict(list)
    for t in measured:
        groups[server_kind(t)].append(t)
    for kind, lines in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        ms = [t["ms"] for t in lines]
        codes = ", ".join(f"{c}×{n}" for c, n in sorted(Counter(t["status"] for t in lines).items()))
        print(f"| {kind} | {len(lines)} | {statistics.median(ms):.1f} | {_p(ms, 0.95):.1f} | {max(ms):.1f} | "
              f"{statistics.median(t['cpu_ms'] for t in lines):.1f} | {statistics.median(t['sql_ms'] for t in lines):.1f} | "
              f"{statistics.median(t['sql_n'] for t in lines):.0f} / {max(t['sql_n'] for t in lines)} | {codes} |")
    print("\nSlowest requests (server time):\n")
    for t in sorted(measured, key=lambda t: -t["ms"])[:12]:
        print(f"- {t['ms']:.0f} ms (CPU {t['cpu_ms']:.0f}, SQL {t['sql_n']} queries {t['sql_ms']:.0f} ms, slowest "
              f"{t['slowest_sql_ms']:.0f} ms) {t['method']} {t['path']} → {t['status']}: {t['slowest_sql'][:140]}")

    loads = [x for _, x in run.loads]
    print(f"\nMachine: {os.cpu_count()} CPUs. Load average (1/5/15 min) when the load began: {_fmt(run.load_at_start)}; "
          f"when it ended: {_fmt(run.load_at_end)}; 5 s after the server stopped: {_fmt(after)}. 1-minute load "
          f"average during the load (every 10 s): min {min(loads, default=0):.1f}, "
          f"mean {statistics.mean(loads) if loads else 0:.1f}, max {max(loads, default=0):.1f}.")
    used = {name: run.cpu_at_end.get(name, 0) - run.cpu_at_start.get(name, 0) for name in run.cpu_at_end}
    ours = sum(v for k, v in used.items() if k not in ("machine, busy", "PostgreSQL (all databases)"))
    ours += used.get("PostgreSQL (all databases)", 0)
    print(f"CPU seconds during the load ({run.seconds * (os.cpu_count() or 1):.0f} available): " + ", ".join(
        f"{name} {v:.1f}" for name, v in used.items()
    ) + f"; other work on the machine {max(0.0, used.get('machine, busy', 0) - ours):.1f}.")
    print(f"Background jobs still queued when the load ended (form archives, checks): {pending}")


def _fmt(load) -> str:
    return " ".join(f"{x:.2f}" for x in load)


def account(run: Run, people: list[Person]) -> bool:
    """The decisions, revisions and publications the people saw succeed are exactly the rows written."""
    from datetime import datetime, timezone as tz

    from django.db.models import Count

    from sanshen.review.models import Decision, Revision

    since = datetime.fromtimestamp(run.started, tz.utc)
    ids = {p.username: p.pk for p in people}
    ok = True
    print("\n## Decisions and revisions against the database\n")
    for label, action, seen in (("通过", "pass", run.passes), ("发布", "publish", run.publishes)):
        rows = Decision.objects.filter(actor_id__in=ids.values(), action=action, created__gte=since)
        written = Counter(rows.values_list("actor__username", "submission_id"))
        lost, extra, late = _compare(Counter(seen), written, run.unknown, action)
        print(f"- {label}: {len(seen)} seen succeed by the clients, {sum(written.values())} rows written; "
              f"lost {lost}, unexpected {extra}; done after the client gave up waiting {late}")
        ok = ok and not lost and not extra
        doubles = (
            Decision.objects.filter(action=action, created__gte=since)
            .values("submission_id", "run", "stage")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
        )
        print(f"  {label} twice at the same stage of the same run since the start: {doubles.count()}")
        ok = ok and not doubles.exists()
    revisions = Counter(
        Revision.objects.filter(author_id__in=ids.values(), created__gte=since).values_list("author__username", "submission_id")
    )
    lost, extra, late = _compare(Counter(run.saves), revisions, run.unknown, "save")
    print(f"- 保存修改: {len(run.saves)} seen succeed, {sum(revisions.values())} revisions written; "
          f"lost {lost}, unexpected {extra}; done after the client gave up waiting {late}")
    ok = ok and not lost and not extra
    # Exactly one pass when the item could pass; none when both were refused for what the item lacks.
    single = sum(1 for _, shown in run.races if shown.count("passed") == 1)
    neither = sum(1 for _, shown in run.races if shown.count("passed") == 0)
    print(f"- Races (two county reviewers press 通过 at once): {len(run.races)}; one pass and one "
          f"“已被他人处理” in {single}; both refused for the same reason in {neither}")
    for pk, shown in run.races[:3]:
        print(f"  item {pk}: {' | '.join(shown)}")
    for pk, shown in run.races:
        n = Decision.objects.filter(submission_id=pk, action="pass", stage="county_review", created__gte=since).count()
        if n != shown.count("passed") or n > 1:
            print(f"  item {pk}: {n} county-review passes written, {shown.count('passed')} seen")
            ok = False
    if run.refused:
        print("- Refused as designed (shown to the person as a message; not errors):")
        for text, n in run.refused.most_common(8):
            print(f"  {n}× {text}")
    return ok


def _compare(seen: Counter, written: Counter, unknown: list, what: str) -> tuple[int, int, int]:
    """(lost, unexpected, done late): rows missing for successes seen, rows nobody saw succeed, and rows of
    requests the client gave up on (a timeout: the server finished them after all, which is no error of its own)."""
    gave_up = Counter((user, pk) for kind, user, pk in unknown if kind == what)
    extra = written - seen
    return sum((seen - written).values()), sum((extra - gave_up).values()), sum((extra & gave_up).values())


def verify_audit(env: dict[str, str]) -> bool:
    """`sanshen audit verify` with the server's key file and checkpoint folder."""
    done = subprocess.run(
        [str(ROOT / ".venv/bin/sanshen"), "audit", "verify"], cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True, timeout=600,
    )
    print(f"\n`sanshen audit verify` (exit {done.returncode}): {(done.stdout + done.stderr).strip()[-600:]}")
    return done.returncode == 0


if __name__ == "__main__":
    sys.exit(main())

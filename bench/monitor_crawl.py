"""Monitoring benchmark: crawl and check 10,000 pages of the demo county's public site served on loopback.

    .venv/bin/python bench/monitor_crawl.py [--pages 10000] [--items 10000] [--port 8765] [--keep DIR]

It builds a throwaway SQLite database in a temporary folder (the demo county of `sanshen demo`, without its sample
items, plus `--items` published articles spread over the nine columns), starts the server `make run` starts
(`sanshen runserver --noreload --insecure`, Django's threaded development server, DEBUG off) on 127.0.0.1, and runs
the same crawl and checks as the nightly 网站巡检 job (crawler.crawl + inspect.inspect_crawl with the deployment's
机审 engine), one request at a time with no pause. It prints pages per second and where the time went: waiting for
the server, parsing, and 机审.

The production server is not in the project yet; when it is, point --server-command at it.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SENTENCES = [
    "{month}月{day}日，{place}召开{topic}工作推进会，传达学习上级有关会议精神，安排部署下一阶段重点工作。",
    "会议指出，要进一步提高政治站位，压紧压实责任，确保{topic}各项任务落地见效。",
    "今年以来，全县累计投入资金{amount}万元，完成年度目标任务的{percent}%，惠及群众{count}户。",
    "{dept}主要负责同志带队深入{place}，实地查看{topic}工作开展情况，现场协调解决困难和问题{count}个。",
    "下一步，{place}将持续加强{topic}，建立健全长效机制，不断提升群众的获得感、幸福感、安全感。",
    "本次活动共吸引群众{count}余人次参与，发放宣传资料{count}份，现场解答群众咨询{count}条。",
    "咨询电话：0855-{landline}，联系人：{name}。",
]
PLACES = ["三江镇", "茅坪镇", "敦寨镇", "启蒙镇", "平秋镇", "铜鼓镇", "大同乡", "隆里乡", "河口乡", "彦洞乡"]
TOPICS = ["森林防火", "乡村振兴", "安全生产", "春耕生产", "防汛抗旱", "人居环境整治", "义务教育", "医疗保障"]
DEPARTMENTS = ["县发改局", "县教育局", "县财政局", "县人社局", "县农业农村局", "县水务局", "县卫健局", "县应急管理局"]
NAMES = ["王明", "李华", "杨秀英", "龙文", "潘德江", "吴军", "姜海燕", "欧晓东"]


def article(rng: random.Random) -> tuple[str, str]:
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    title = f"{place}扎实推进{topic}工作"
    paragraphs = []
    for _ in range(rng.randint(4, 8)):
        sentences = "".join(
            rng.choice(SENTENCES).format(
                month=rng.randint(1, 12), day=rng.randint(1, 28), place=place, topic=topic, dept=rng.choice(DEPARTMENTS),
                amount=rng.randint(10, 9999), percent=rng.randint(10, 99), count=rng.randint(2, 500),
                landline=rng.randint(7200000, 7299999), name=rng.choice(NAMES),
            )  # fmt: skip
            for _ in range(rng.randint(2, 4))
        )
        paragraphs.append(f"<p>{sentences}</p>")
    return title, "".join(paragraphs)


def setup_django(var_dir: Path) -> None:
    os.environ["SANSHEN_VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    os.environ["SANSHEN_MEDIA_ROOT"] = str(var_dir / "media")
    os.environ["SANSHEN_AUDIT_KEY"] = "bench-audit-key"
    os.environ["SANSHEN_AUDIT_CHECKPOINT_DIR"] = str(var_dir / "checkpoints")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanshen.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def load(items: int, seed: int) -> None:
    """The demo county's units, people and columns, and `items` published articles (rows written directly)."""
    from django.core.management import call_command
    from django.utils import timezone

    from sanshen.accounts.models import Column, User
    from sanshen.demo import load_demo
    from sanshen.review.models import Revision, Status, Submission

    call_command("migrate", verbosity=0)
    load_demo(with_items=False)
    rng = random.Random(seed)
    columns = list(Column.objects.all())
    drafters = list(User.objects.filter(username__endswith=".drafter").select_related("unit"))
    now = timezone.now()
    subs, texts = [], []
    for i in range(items):
        title, body = article(rng)
        drafter = rng.choice(drafters)
        published = now - timezone.timedelta(minutes=37 * i)
        subs.append(
            Submission(
                unit=drafter.unit, drafter=drafter, title=title, body=body, column=rng.choice(columns), status=Status.DRAFT,
                published_at=published, created=published, submitted_at=published,
            )  # fmt: skip
        )
        texts.append((title, body))
    Submission.objects.bulk_create(subs, batch_size=1000)
    revisions = [
        Revision(submission=s, number=1, title=s.title, body=s.body, author=s.drafter, stage=Status.COUNTY_REVIEW, created=s.created)
        for s in subs
    ]
    _stamp(revisions)
    Revision.objects.bulk_create(revisions, batch_size=1000)
    for s, r in zip(subs, revisions):
        s.current_revision = s.published_revision = r
        s.status = Status.PUBLISHED
    Submission.objects.bulk_update(subs, ["current_revision", "published_revision", "status"], batch_size=1000)


def _stamp(revisions) -> None:
    """Content hashes as publication would have recorded them, where this version of the review app has them."""
    try:
        from sanshen.review.integrity import compute_hash, details_of
    except ImportError:
        return
    for r in revisions:
        if hasattr(r, "content_hash"):
            r.details = details_of(r.submission)
            r.files = []
            r.content_hash = compute_hash(r.title, r.body, r.details, r.files)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start on port {port}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000, help="pages to crawl and check")
    parser.add_argument("--items", type=int, default=10_000, help="published articles in the database")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", default="", help="keep the database in this folder (and reuse it when it exists)")
    parser.add_argument(
        "--in-process", action="store_true", help="serve the app through httpx's WSGI transport instead of a server"
    )
    parser.add_argument(
        "--server-command",
        default=f"{ROOT / '.venv/bin/sanshen'} runserver --noreload --insecure 127.0.0.1:{{port}}",
        help="how to start the server ({port} is replaced)",
    )
    args = parser.parse_args()
    var_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="sanshen-monitor-bench-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    fresh = not (var_dir / "bench.sqlite3").exists()
    setup_django(var_dir)
    started = time.perf_counter()
    if fresh:
        load(args.items, args.seed)
        print(f"loaded {args.items:,} published articles in {time.perf_counter() - started:.1f} s")
    if args.in_process:
        try:
            return measure(None, args.pages)
        finally:
            if not args.keep:
                shutil.rmtree(var_dir, ignore_errors=True)
    port = args.port or free_port()
    server = subprocess.Popen(
        args.server_command.format(port=port).split(),
        env={**os.environ, "SANSHEN_DEBUG": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        return measure(port, args.pages)
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(var_dir, ignore_errors=True)


def measure(port: int | None, pages: int) -> int:
    """Crawl and check; `port` None: the app answers in this process (httpx.WSGITransport), no server, no sockets."""
    import httpx
    from django.core.handlers.wsgi import WSGIHandler

    from sanshen.accounts.models import Column
    from sanshen.monitoring import crawler
    from sanshen.monitoring.crawler import Fetcher, Limits, crawl
    from sanshen.monitoring.inspect import inspect_crawl
    from sanshen.monitoring.runs import TimedCheck

    base = f"http://127.0.0.1:{port or 8000}/"
    columns = [f"{base}column/{c.slug}/" for c in Column.objects.all()]
    limits = Limits(max_pages=pages, max_external=0, max_attachments=0, delay=0, timeout=15)
    # Time spent parsing, measured around the parser the crawl calls.
    parse_seconds = [0.0]
    original = crawler.parse_page

    def timed_parse(*a, **k):
        t = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            parse_seconds[0] += time.perf_counter() - t

    crawler.parse_page = timed_parse
    engine_started = time.perf_counter()
    check = TimedCheck()  # builds the engine and reads the registers once per run (not per page)
    engine_seconds = time.perf_counter() - engine_started
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    transport = httpx.WSGITransport(app=WSGIHandler()) if port is None else None
    with Fetcher(limits, transport=transport) as fetcher:
        result = crawl([base], limits, fetcher=fetcher, also=columns)
    t1 = time.perf_counter()
    findings = inspect_crawl(result, check)
    t2 = time.perf_counter()
    crawler.parse_page = original
    fetched = len(result.pages)
    fetch_seconds = sum(p.fetched.elapsed for p in result.pages.values())
    total = t2 - t0
    kinds: dict[str, int] = {}
    for f in findings:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    served = "in this process (httpx.WSGITransport)" if port is None else f"by the server on 127.0.0.1:{port}"
    print(f"pages crawled and checked: {fetched:,} ({result.requests:,} requests), served {served}")
    print(f"load average {load_before[0]:.1f} → {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"total {total:.1f} s → {fetched / total:.1f} pages/s (crawl {t1 - t0:.1f} s, checks {t2 - t1:.1f} s)")
    print(f"  fetching (server + HTTP): {fetch_seconds:.1f} s ({fetch_seconds / total:.0%})")
    print(f"  parsing HTML:           {parse_seconds[0]:.1f} s ({parse_seconds[0] / total:.0%})")
    print(f"  机审 (check engine):     {check.seconds:.1f} s ({check.seconds / total:.0%}), {check.calls:,} texts")
    print(f"  (engine start-up before the run: {engine_seconds:.1f} s)")
    print(f"findings: {len(findings):,} {dict(sorted(kinds.items()))}")
    for f in findings[:3]:
        print(f"  e.g. {f.kind} {f.rule}: {f.message} | {f.context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Workflow benchmark: the queue page, the submission page and a transition on PostgreSQL at county scale.

    .venv/bin/python bench/workflow.py [--database-url URL] [--submissions 200000] [--units 300]
                                       [--samples 200] [--keep] [--reuse] [--explain] [--only inbox-county,...]

It creates (or recreates) its own database, migrates it, loads a county's worth of history with COPY,
then requests pages in-process through django.test.Client as logged-in people (DEBUG off, real
PostgreSQL, real sessions), and prints a Markdown table of median / p95 / max and SQL queries per
request. The plans of the slowest page's slowest queries follow. The database is dropped at the end
unless --keep; --reuse measures an existing one again without loading (after `migrate`, so a new
index can be tried on the same data).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sanshen_bench"
TARGET_P95_MS = 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--submissions", type=int, default=200_000)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--samples", type=int, default=200, help="requests per scenario")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure an existing bench database, do not load")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest queries of every page")
    parser.add_argument("--only", default="", help=f"comma-separated scenarios, of: {', '.join(SCENARIOS)}")
    args = parser.parse_args()
    only = tuple(k.strip() for k in args.only.split(",") if k.strip()) or SCENARIOS
    unknown = set(only) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")

    db_name = urlsplit(args.database_url).path.lstrip("/")
    if "bench" not in db_name:
        # The script drops and recreates its database: refuse anything not obviously made for it.
        parser.error(f"database name must contain 'bench' (got {db_name!r}); it is dropped and recreated")

    # Seals, the job queue and the secret key live beside the database, so --reuse finds them again.
    var_dir = Path(tempfile.gettempdir()) / f"sanshen-{db_name}"
    var_dir.mkdir(exist_ok=True)
    _configure_environment(args.database_url, var_dir)
    created = False
    if not (args.reuse and _database_exists(args.database_url)):
        _recreate_database(args.database_url)
        created = True

    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        _collect_static()
        if created:
            started = time.perf_counter()
            counts = load_county(args.submissions, args.units, seed=args.seed)
            loaded = time.perf_counter() - started
            started = time.perf_counter()
            _vacuum_analyze()
            print(f"Generated in {loaded:.1f} s, VACUUM ANALYZE {time.perf_counter() - started:.1f} s:")
            print(", ".join(f"{name} {n:,}" for name, n in counts.items()))
        _write_seals()
        _print_environment()
        results = run_scenarios(args.samples, seed=args.seed, only=only)
        print()
        print(markdown_table(results))
        print(f"\nLoad average after measuring: {_load()}")
        _print_queue_state()
        explain(results, every_page=args.explain)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _drop_database(args.database_url)
            shutil.rmtree(var_dir, ignore_errors=True)
            print(f"Dropped database {db_name} (use --keep to keep it).")
    return 0


# ---------------------------------------------------------------------------------------------
# Environment and database


def _configure_environment(database_url: str, var_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanshen.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["SANSHEN_DEBUG"] = "false"
    # Jobs are queued, never run in the request: the form PDF is rendered by the huey consumer in
    # production, so timing it here would measure something no user waits for. The queue file,
    # media and secret key live in a throwaway folder instead of var/.
    os.environ["SANSHEN_HUEY_IMMEDIATE"] = "false"
    os.environ["SANSHEN_VAR_DIR"] = str(var_dir)
    os.environ.pop("SANSHEN_REDIS_URL", None)
    # force_login gives no second factor: the county roles would be sent to enrol instead of to their pages.
    # bench/load.py logs in with real TOTP codes instead.
    os.environ["SANSHEN_REQUIRE_2FA"] = "false"


def _maintenance_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def _database_exists(database_url: str) -> bool:
    import psycopg

    url, name = _maintenance_url(database_url)
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _recreate_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    url, name = _maintenance_url(database_url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    url, name = _maintenance_url(database_url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _collect_static() -> None:
    """DEBUG off serves hashed static names from the manifest, as in production: collect once per bench folder."""
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def _write_seals() -> None:
    """The county reviewer's pass needs each unit's seal on the form: one drawn seal, one file per unit."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from sanshen.accounts.models import Unit
    from sanshen.lib.seal import draw_seal

    png = None
    for name in Unit.objects.exclude(seal="").values_list("seal", flat=True):
        if not default_storage.exists(name):
            png = png or draw_seal("锦屏县人民政府", size=160)
            default_storage.save(name, ContentFile(png))


def _vacuum_analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _print_environment() -> None:
    import platform

    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute(
            "SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'random_page_cost')"
        )
        settings_ = ", ".join(f"{n}={s}{'×' + u if u else ''}" for n, s, u in cursor.fetchall())
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print(
        f"PostgreSQL {version} ({settings_}), database {size}; Python {platform.python_version()}, "
        f"Django {django.get_version()}, {os.cpu_count()} CPUs, load average {_load()}"
    )


def _load() -> str:
    # The machine is shared: the load next to the figures says how much they can be trusted.
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


# ---------------------------------------------------------------------------------------------
# The county: units, people, columns, accounts, and years of submissions


SENTENCES = (
    "为切实做好秋冬季森林防火工作，镇党委、政府召开专题会议进行安排部署。",
    "会议要求各村（社区）进一步压实责任，加强巡查值守，确保不发生重大火情。",
    "近日，县卫生健康局组织开展基层医疗卫生机构业务培训，共有120余名医务人员参加。",
    "培训围绕常见病诊疗规范、院感防控和家庭医生签约服务等内容展开。",
    "今年以来，该镇共完成农村危房改造43户，惠及群众160余人。",
    "下一步，将继续加大政策宣传力度，确保各项惠民政策落到实处。",
    "活动现场发放宣传资料2000余份，解答群众咨询300余人次。",
    "据统计，全县今年累计发放种粮补贴资金1860万元，涉及农户3.2万户。",
    "县交通运输局对辖区内客运站、渡口开展安全隐患排查，共发现并整改问题17处。",
    "检查组一行先后深入企业生产车间、仓库等地，详细了解安全生产制度落实情况。",
    "为进一步规范政务信息发布，县政府办公室组织召开全县政务公开工作培训会。",
    "会议传达学习了上级有关文件精神，通报了上半年政务公开工作情况。",
    "各乡镇、各部门要严格落实信息发布审核制度，坚持先审核、后发布。",
    "该项目总投资5600万元，建成后可解决周边4个村1.1万人的饮水问题。",
    "当天，志愿者们走进敬老院，为老人们打扫卫生、理发，陪老人拉家常。",
    "现将有关事项公告如下，请相关单位和个人在规定时间内提出意见。",
    "报名时间为即日起至本月25日，逾期不予受理。",
    "县教育局组织专家对全县中小学校舍安全进行全面检查。",
    "通过开展此次活动，进一步增强了群众的法治意识和安全防范意识。",
    "下阶段，该局将持续优化营商环境，为市场主体提供更加便捷高效的服务。",
    "全镇上下迅速行动，组织干部群众500余人次参与环境卫生整治。",
    "此次招聘岗位共12个，面向社会公开招聘，具体岗位及条件详见附件。",
    "采购项目预算金额为86万元，采购方式为公开招标。",
    "县财政局按照预决算公开有关要求，现将本单位部门预算公开如下。",
)

TITLES = (
    "召开森林防火工作会议",
    "开展安全生产大检查",
    "组织基层医务人员业务培训",
    "推进农村危房改造工作",
    "开展法治宣传进村寨活动",
    "召开政务公开工作推进会",
    "开展敬老院志愿服务活动",
    "部署秋冬季农业生产工作",
    "开展环境卫生集中整治",
    "公开招聘工作人员公告",
    "采购项目招标公告",
    "部门预算公开",
    "开展防汛应急演练",
    "召开乡村振兴工作调度会",
    "开展食品安全专项检查",
)

TOWNSHIP_SYLLABLES_1 = "三茅敦启平铜大新隆钟偶固河彦青龙石清云白金"
TOWNSHIP_SYLLABLES_2 = "江坪寨蒙秋鼓略同化里灵本口洞溪岩水田坡"
DEPARTMENT_KINDS = (
    "发展和改革局", "教育局", "财政局", "人力资源和社会保障局", "自然资源局", "住房和城乡建设局", "交通运输局",
    "农业农村局", "水务局", "卫生健康局", "应急管理局", "市场监督管理局", "民政局", "文体广电旅游局", "司法局",
    "林业局", "统计局", "审计局", "医疗保障局", "退役军人事务局", "生态环境分局", "商务局", "科技局", "档案馆",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗龙欧潘姜石"
GIVEN = ("明", "华", "建国", "秀英", "志强", "丽", "海燕", "军", "红梅", "文", "永福", "春花", "国庆", "晓东", "玉兰", "德江")

# Where a county's items stand after about three years of use: most are published; a few percent wait
# at some stage (including items left waiting for months), drafts and returned items pile up a little.
STATUS_MIX = (
    ("published", 0.893),
    ("withdrawn", 0.01),
    ("refused", 0.005),
    ("approved", 0.008),
    ("draft", 0.03),
    ("changes_requested", 0.012),
    ("at_stage", 0.04),
    ("escalated", 0.002),
)
YEARS = 3


@dataclass
class Place:
    """One publishing unit and its people by role."""

    unit: object  # an unsaved Unit, enough for stages.required_stages()
    short: str
    drafters: list[int]
    first: list[int]
    second: list[int]
    final: list[int]
    leader: list[int]
    account_id: int | None


@dataclass
class County:
    places: list[Place]
    weights: list[float]
    column_ids: list[int]
    county_reviewers: list[int]
    county_leaders: list[int]
    secrecy: list[int]
    cyberspace: list[int]


class Copier:
    """COPY rows into one table, filling the columns not given with each field's default."""

    def __init__(self, cursor, model, fields: list[str]):
        from django.db.models import JSONField

        self.cursor = cursor
        self.model = model
        given = set(fields)
        rest = [
            f for f in model._meta.concrete_fields if not (f.primary_key or f.attname in given or f.name in given)
        ]
        self.columns = [model._meta.get_field(f).column for f in fields] + [f.column for f in rest]
        fill = []
        for f in rest:
            value = f.get_default()
            fill.append(json.dumps(value) if isinstance(f, JSONField) else value)
        self.fill = tuple(fill)

    def write(self, rows) -> int:
        n = 0
        names = ", ".join(f'"{c}"' for c in self.columns)
        with self.cursor.copy(f'COPY "{self.model._meta.db_table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(tuple(row) + self.fill)
                n += 1
        return n


def load_county(submissions: int, units: int, *, seed: int) -> dict[str, int]:
    """Load the whole data set with COPY; foreign keys are not checked while loading (built consistent)."""
    from django.contrib.auth.hashers import make_password
    from django.core.management.color import no_style
    from django.db import connection

    from sanshen.accounts.models import Column, MediaAccount, Role, Unit, User
    from sanshen.review.models import (
        Attachment,
        BodyImage,
        Decision,
        Escalation,
        FindingRecord,
        Notification,
        Revision,
        Submission,
        WrittenFiling,
    )

    rng = random.Random(seed)
    counts: Counter = Counter()
    connection.ensure_connection()
    raw = connection.connection.cursor()
    # Superuser only: skips the deferred FK triggers, which would queue millions of events in memory.
    raw.execute("SET session_replication_role = replica")
    raw.execute("SET synchronous_commit = off")

    county, people_rows, role_rows, unit_rows, account_rows, operator_rows, column_rows = _build_county(
        units, rng, make_password("Bench#Pass2026")
    )
    counts["units"] = Copier(raw, Unit, ["id", "name", "short_name", "kind", "code", "seal", "signs_on_paper",
                                        "main_leader_signs_all", "sort_order"]).write(unit_rows)
    counts["people"] = Copier(raw, User, ["id", "username", "full_name", "unit", "position", "password",
                                         "password_changed_at", "must_change_password", "is_active",
                                         "is_staff", "is_superuser", "date_joined"]).write(people_rows)
    counts["roles"] = Copier(raw, Role, ["user", "unit", "role", "approved_at"]).write(role_rows)
    counts["columns"] = Copier(raw, Column, ["id", "name", "slug", "kind", "sort_order"]).write(column_rows)
    counts["accounts"] = Copier(raw, MediaAccount, ["id", "name", "platform", "unit"]).write(account_rows)
    Copier(raw, MediaAccount.operators.through, ["mediaaccount", "user"]).write(operator_rows)

    copiers = {
        "submissions": Copier(raw, Submission, list(SUBMISSION_FIELDS)),
        "revisions": Copier(
            raw, Revision, ["id", "submission", "number", "title", "body", "author", "stage", "note", "created", "details",
                            "files", "content_hash"]
        ),
        "decisions": Copier(raw, Decision, ["submission", "run", "stage", "action", "from_status", "to_status", "actor",
                                            "opinion", "points", "revision", "content_hash", "note", "findings",
                                            "created"]),
        "notifications": Copier(raw, Notification, ["recipient", "submission", "kind", "message", "created", "read_at"]),
        "findings": Copier(raw, FindingRecord, ["revision", "rule", "category", "standard", "severity", "start", "end",
                                                "text", "suggestion", "message", "resolution", "reason", *FILE_OWNERS]),
        "escalations": Copier(raw, Escalation, ["submission", "run", "kind", "question", "asked_by", "asked_at",
                                                "answered_by", "answered_at", "verdict", "answer"]),
        # Files sent with items (附件) and pictures in bodies (正文图片); their findings are in "findings".
        "attachments": Copier(raw, Attachment, ["id", "submission", "file", "name", "content_type", "size",
                                                "uploaded_by", "kind", "check_status", "created", "sha256"]),
        "body images": Copier(raw, BodyImage, ["id", "public_id", "submission", "file", "name", "content_type",
                                               "size", "uploaded_by", "check_status", "created", "sha256"]),
        # 特级 items are filed in writing when they go up to the county leader (workflow._enter_stage).
        "filings": Copier(raw, WrittenFiling, ["submission", "run", "filed_by", "filed_at", "revision"]),
    }
    history = History(county, rng)
    batch = 10_000
    for start in range(1, submissions + 1, batch):
        rows = history.build(start, min(batch, submissions - start + 1))
        for name, copier in copiers.items():
            counts[name] += copier.write(rows[name])
    raw.execute("SET session_replication_role = DEFAULT")
    with connection.cursor() as cursor:
        loaded_with_ids = [Unit, User, Column, MediaAccount, Submission, Revision, Attachment, BodyImage]
        for statement in connection.ops.sequence_reset_sql(no_style(), loaded_with_ids):
            cursor.execute(statement)
    return dict(counts)


def _build_county(units: int, rng: random.Random, password: str):
    from django.utils import timezone

    from sanshen.accounts.models import Column, MediaAccount, RoleName, Unit
    from sanshen.demo import COLUMNS

    now = timezone.now()
    names = _person_names()
    unit_rows, people_rows, role_rows, account_rows, operator_rows = [], [], [], [], []
    next_user = iter(range(1, 10**7))

    def person(unit_id: int, username: str, position: str, role: str) -> int:
        pk = next(next_user)
        people_rows.append((pk, username, next(names), unit_id, position, password, now, False, True, False, False, now))
        role_rows.append((pk, unit_id, role, now))
        return pk

    township_names = [a + b for a in TOWNSHIP_SYLLABLES_1 for b in TOWNSHIP_SYLLABLES_2]
    rng.shuffle(township_names)
    places: list[Place] = []
    for i in range(1, units + 1):
        if i <= len(DEPARTMENT_KINDS) and i <= units // 4:
            kind, short = Unit.Kind.DEPARTMENT, DEPARTMENT_KINDS[i - 1]
            name = f"锦屏县{short}"
        else:
            kind, short = Unit.Kind.TOWNSHIP, township_names[i % len(township_names)] + ("镇" if i % 2 else "乡")
            if i >= len(township_names):
                short = f"{short}{i // len(township_names) + 1}"
            name = f"锦屏县{short}人民政府"
        signs_all = rng.random() < 0.1
        paper = rng.random() < 0.03
        unit_rows.append((i, name, short, kind, f"u{i:03d}", f"seals/u{i:03d}.png", paper, signs_all, i))
        unit = Unit(pk=i, kind=kind, main_leader_signs_all=signs_all, signs_on_paper=paper)
        # Two to five drafters; one person per review role, and two 分管领导 in a third of the units.
        drafters = [person(i, f"u{i:03d}.drafter{k}", "信息员", RoleName.DRAFTER) for k in range(rng.randint(2, 5))]
        first = [person(i, f"u{i:03d}.first", "办公室主任", RoleName.FIRST_REVIEWER)]
        second = [person(i, f"u{i:03d}.second", "网站管理员", RoleName.SECOND_REVIEWER)]
        final = [person(i, f"u{i:03d}.final{k}", "分管领导", RoleName.FINAL_REVIEWER) for k in range(rng.choice((1, 1, 2)))]
        leader = [person(i, f"u{i:03d}.leader", "主要领导", RoleName.MAIN_LEADER)]
        account_id = None
        if rng.random() < 0.6:
            account_id = len(account_rows) + 1
            account_rows.append((account_id, f"{short}发布", MediaAccount.Platform.WECHAT, i))
            operator_rows.append((account_id, second[0]))
        places.append(Place(unit, short, drafters, first, second, final, leader, account_id))

    county_units = [
        ("锦屏县人民政府信息中心", "县信息中心", Unit.Kind.INFORMATION_CENTRE),
        ("锦屏县人民政府（县领导）", "县领导", Unit.Kind.COUNTY_LEADERS),
        ("锦屏县国家保密局", "县保密局", Unit.Kind.SECRECY_BUREAU),
        ("中共锦屏县委网络安全和信息化委员会办公室", "县委网信办", Unit.Kind.CYBERSPACE_OFFICE),
    ]
    ids = {}
    for offset, (name, short, kind) in enumerate(county_units, start=units + 1):
        unit_rows.append((offset, name, short, kind, f"c{offset}", "", False, False, offset))
        ids[kind] = offset
    centre = ids[Unit.Kind.INFORMATION_CENTRE]
    county = County(
        places=places,
        # A few big units write many items (Zipf-like): the largest writes about 55× as many as the smallest.
        weights=[1 / (k + 8) ** 1.1 for k in range(units)],
        column_ids=[],
        county_reviewers=[person(centre, f"c.reviewer{k}", "网站审核员", RoleName.COUNTY_REVIEWER) for k in range(3)],
        county_leaders=[
            person(ids[Unit.Kind.COUNTY_LEADERS], f"c.leader{k}", "副县长", RoleName.COUNTY_LEADER) for k in range(4)
        ],
        secrecy=[person(ids[Unit.Kind.SECRECY_BUREAU], "c.secrecy", "保密审查员", RoleName.SECRECY_OFFICER)],
        cyberspace=[person(ids[Unit.Kind.CYBERSPACE_OFFICE], "c.cyber", "网信审查员", RoleName.CYBERSPACE_OFFICER)],
    )
    columns = COLUMNS  # the demo county's columns
    column_rows = [(k, name, slug, kind, k) for k, (name, slug, kind) in enumerate(columns, start=1)]
    # News columns take most items, as on a real county site.
    county.column_ids = [1] * 3 + [2] * 8 + [3] * 8 + [4] * 3 + [5, 6, 7, 8, 9]
    return county, people_rows, role_rows, unit_rows, account_rows, operator_rows, column_rows


def _person_names():
    i = 0
    while True:
        yield SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7 + i // len(SURNAMES)) % len(GIVEN)]
        i += 1


# A finding belongs to a revision's body, an attachment or a body picture (FindingRecord's owner columns).
FILE_OWNERS = ("attachment", "body_image")
SUBMISSION_FIELDS = (
    "id", "public_id", "unit", "drafter", "title", "body", "current_revision", "published_revision", "column",
    "media_account", "grade", "topics", "ask_main_leader", "status", "resume_stage", "run", "version",
    "stage_entered_at", "due_at", "submitted_at", "published_at", "withdrawn_at", "withdraw_reason", "created", "updated",
    "form_scan",
)


class History:
    """Builds each submission's rows the way the workflow would have written them."""

    def __init__(self, county: County, rng: random.Random):
        from django.utils import timezone

        from sanshen.review.models import REVIEW_POINT_KEYS

        self.county = county
        self.rng = rng
        self.now = timezone.now()
        self.points = json.dumps(list(REVIEW_POINT_KEYS))
        self.bodies = [self._body() for _ in range(3000)]
        self.next_revision = 1
        self.next_attachment = 1
        self.next_image = 1
        statuses, shares = zip(*STATUS_MIX)
        self.statuses, self.shares = statuses, shares

    def _body(self) -> str:
        paragraphs = []
        for _ in range(self.rng.randint(2, 5)):
            paragraphs.append("<p>" + "".join(self.rng.choices(SENTENCES, k=self.rng.randint(2, 5))) + "</p>")
        return "".join(paragraphs)

    def build(self, start: int, count: int) -> dict[str, list]:
        from sanshen.review.models import Grade, Submission

        rng = self.rng
        rows = {
            k: []
            for k in (
                "submissions", "revisions", "decisions", "notifications", "findings", "escalations", "attachments",
                "body images", "filings",
            )
        }
        places = rng.choices(self.county.places, weights=self.county.weights, k=count)
        kinds = rng.choices(self.statuses, weights=self.shares, k=count)
        for pk, place, kind in zip(range(start, start + count), places, kinds):
            website = place.account_id is None or rng.random() < 0.8
            grade = rng.choices((Grade.GENERAL, Grade.IMPORTANT, Grade.SPECIAL), weights=(88, 10, 2))[0]
            topics = ["budget"] if rng.random() < 0.03 else (["emergency"] if rng.random() < 0.01 else [])
            item = Submission(
                unit=place.unit,
                grade=grade,
                topics=topics,
                ask_main_leader=rng.random() < 0.15,
                column_id=rng.choice(self.county.column_ids) if website else None,
                media_account_id=None if website else place.account_id,
            )
            self._item(rows, pk, place, item, kind)
        return rows

    def _item(self, rows, pk: int, place: Place, item, kind: str) -> None:
        from sanshen.review import integrity
        from sanshen.review.models import Status
        from sanshen.review.stages import required_stages

        rng = self.rng
        path = required_stages(item)
        drafter = rng.choice(place.drafters)
        title = f"{place.short}{rng.choice(TITLES)}"
        # Finished items are spread over the years; open ones are recent, a tail left waiting for months.
        if kind in ("at_stage", "escalated", "changes_requested", "draft", "approved"):
            age = timedelta(days=rng.expovariate(1 / 12))
        else:
            age = timedelta(days=rng.uniform(0, 365 * YEARS))
        t = self.now - age - timedelta(days=2)
        created = t
        state = {"run": 0, "version": 0, "rev": None, "rev_no": 0, "signers": []}
        pictures, picture_files = self._pictures(rows, pk, drafter, created)
        # What every revision signs besides its text (integrity.stamp): the details and the files, which stay
        # the same through an item's life here; the hashes are real, so transitions and 发布 check them as in use.
        details = integrity.details_of(item)
        files = self._attachments(rows, pk, drafter, created) + picture_files

        def step(hours: float = 6.0) -> None:
            nonlocal t
            # Never in the future: a recent item's last steps bunch up at "now".
            t = min(t + timedelta(hours=rng.uniform(0.1, hours)), self.now)

        def revise(author: int, stage: str, note: str) -> None:
            rev_pk = self.next_revision
            self.next_revision += 1
            state["rev_no"] += 1
            state["rev"] = rev_pk
            state["body"] = pictures + rng.choice(self.bodies)
            state["hash"] = integrity.compute_hash(title, state["body"], details, files)
            rows["revisions"].append((
                rev_pk, pk, state["rev_no"], title, state["body"], author, stage, note, t,
                json.dumps(details, ensure_ascii=False), json.dumps(files, ensure_ascii=False), state["hash"],
            ))
            state["findings"] = self._findings(rows, rev_pk, state["body"])
            if state["rev_no"] > 1:
                state["version"] += 1

        def decide(stage: str, action: str, src: str, dst: str, actor: int, opinion: str = "", note: str = "") -> None:
            passing = action == "pass"
            rows["decisions"].append((
                pk, state["run"], stage, action, src, dst, actor, opinion, self.points if passing else "[]",
                state["rev"], state["hash"], note, state["findings"] if passing else "[]", t,
            ))
            state["version"] += 1
            if passing:
                state["signers"].append(actor)

        def notify(users, kind_: str, message: str, acted_by: int | None) -> None:
            for user in users:
                # The person who acted opened the item (which marks it read); others mostly do not,
                # until they clear their list now and then ("全部标为已读").
                recent = self.now - t < timedelta(days=60)
                if user == acted_by:
                    read_at = min(t + timedelta(minutes=rng.uniform(1, 300)), self.now)
                elif rng.random() < (0.3 if recent else 0.9):
                    read_at = min(t + timedelta(hours=rng.uniform(1, 48)), self.now)
                else:
                    read_at = None
                rows["notifications"].append((user, pk, kind_, message, t, read_at))

        revise(drafter, Status.DRAFT, "新建")
        status, resume, stage_entered, published_at, withdrawn_at, reason = Status.DRAFT, "", None, None, None, ""
        submitted_at = None
        actors = {
            Status.FIRST_REVIEW: place.first,
            Status.SECOND_REVIEW: place.second,
            Status.FINAL_REVIEW: place.final + place.leader,
            Status.MAIN_LEADER: place.leader,
            Status.COUNTY_LEADER: self.county.county_leaders,
            Status.COUNTY_REVIEW: self.county.county_reviewers,
        }
        actor_of = {
            Status.FIRST_REVIEW: place.first[0],
            Status.SECOND_REVIEW: place.second[0],
            Status.FINAL_REVIEW: rng.choice(place.final),
            Status.MAIN_LEADER: place.leader[0],
            Status.COUNTY_LEADER: rng.choice(self.county.county_leaders),
            Status.COUNTY_REVIEW: rng.choice(self.county.county_reviewers),
        }

        never_submitted = kind == "draft" and rng.random() < 0.8
        if not never_submitted:
            step(48)
            state["run"] = 1
            submitted_at = t
            decide(Status.DRAFT, "submit", Status.DRAFT, Status.FIRST_REVIEW, drafter)
            notify(actors[Status.FIRST_REVIEW], "to_review", f"《{title}》待您初审初校", None)
            status = Status.FIRST_REVIEW
            stage_entered = t

            if kind == "at_stage":
                stop = rng.randrange(len(path))
            elif kind in ("changes_requested", "draft"):
                stop = rng.randrange(min(3, len(path)))
            elif kind == "escalated":
                stop = 1
            elif kind == "refused":
                stop = path.index(rng.choice([s for s in path if s in (Status.FINAL_REVIEW, Status.COUNTY_REVIEW)]))
            else:
                stop = len(path)
            for index, stage in enumerate(path[:stop]):
                actor = actor_of[stage]
                if rng.random() < 0.1:
                    # 建议修改, the drafter revises and resubmits: new text, so every stage signs it again from
                    # 初审 on (workflow._submit), the stages before the one that asked included.
                    step()
                    decide(stage, "request_changes", stage, Status.CHANGES_REQUESTED, actor, "请核实数据后修改。")
                    notify([drafter] + state["signers"], "changes_requested", f"《{title}》需要修改", actor)
                    step(24)
                    revise(drafter, Status.CHANGES_REQUESTED, "按审核意见修改")
                    decide(Status.CHANGES_REQUESTED, "submit", Status.CHANGES_REQUESTED, path[0], drafter)
                    notify(actors[path[0]], "to_review", f"《{title}》待您{Status(path[0]).label}", None)
                    state["signers"] = []
                    for again, following in zip(path[:index], path[1 : index + 1]):
                        step()
                        decide(again, "pass", again, following, actor_of[again], "同意。")
                if stage == Status.SECOND_REVIEW and rng.random() < 0.01:
                    self._escalation(rows, pk, state, t, actor, answered=True)
                    decide(stage, "escalate", stage, Status.ESCALATED, actor, "请审查是否涉密。", "县保密部门")
                    step(24)
                    decide(Status.ESCALATED, "answer", Status.ESCALATED, stage, self.county.secrecy[0], "可以发布。", "可以发布")
                if stage in (Status.FIRST_REVIEW, Status.SECOND_REVIEW) and rng.random() < 0.15:
                    step(2)
                    revise(actor, stage, "校对修改")
                step()
                following = path[index + 1] if index + 1 < len(path) else Status.APPROVED
                decide(stage, "pass", stage, following, actor, "同意。")
                if following == Status.COUNTY_LEADER:
                    rows["filings"].append((pk, state["run"], actor, t, state["rev"]))
                if following != Status.APPROVED:
                    notify(actors[following], "to_review", f"《{title}》待您{Status(following).label}", None)
                status, stage_entered = following, t

            if kind == "escalated":
                step()
                self._escalation(rows, pk, state, t, place.second[0], answered=False)
                decide(
                    Status.SECOND_REVIEW, "escalate", Status.SECOND_REVIEW, Status.ESCALATED, place.second[0], "请审查。"
                )
                notify(self.county.secrecy, "escalated", f"《{title}》待您待保密/网信部门意见", None)
                status, stage_entered = Status.ESCALATED, t
            elif kind == "changes_requested":
                step()
                stage = path[stop]
                decide(stage, "request_changes", stage, Status.CHANGES_REQUESTED, actor_of[stage], "请补充内容。")
                notify([drafter] + state["signers"], "changes_requested", f"《{title}》需要修改", actor_of[stage])
                status, resume, stage_entered = Status.CHANGES_REQUESTED, stage, t
            elif kind == "draft":
                step()
                stage = path[stop]
                decide(stage, "return", stage, Status.DRAFT, actor_of[stage], "不宜发布，退回。", "退回拟稿人")
                notify([drafter] + state["signers"], "returned", f"《{title}》被退回拟稿人", actor_of[stage])
                status, stage_entered = Status.DRAFT, t
            elif kind == "refused":
                step()
                stage = path[stop]
                decide(stage, "refuse", stage, Status.REFUSED, actor_of[stage], "不予发布。")
                notify([drafter] + state["signers"], "refused", f"《{title}》不予发布", actor_of[stage])
                status, stage_entered = Status.REFUSED, t
            elif kind in ("approved", "published", "withdrawn"):
                publishers = self.county.county_reviewers if item.is_website else place.second
                notify(publishers, "to_review", f"《{title}》已审核通过，待发布", None)
                status = Status.APPROVED
                if kind != "approved":
                    step(12)
                    publisher = rng.choice(publishers)
                    decide(Status.APPROVED, "publish", Status.APPROVED, Status.PUBLISHED, publisher)
                    notify([drafter] + state["signers"], "published", f"《{title}》已发布", publisher)
                    status, published_at = Status.PUBLISHED, t
                if kind == "withdrawn":
                    step(24 * 30)
                    reason = "信息已过时效。"
                    decide(Status.PUBLISHED, "withdraw", Status.PUBLISHED, Status.WITHDRAWN, publisher, reason)
                    status, withdrawn_at = Status.WITHDRAWN, t
                stage_entered = t

        due_at = None
        if status in (*path, Status.ESCALATED):
            due_at = stage_entered + timedelta(days=1 if stage_entered.weekday() < 4 else 3)
        published_revision = state["rev"] if published_at else None
        # A unit that signs on paper has uploaded the signed form's scan by the time the item leaves it.
        left_unit = status in (Status.COUNTY_LEADER, Status.COUNTY_REVIEW, Status.APPROVED, Status.PUBLISHED, Status.WITHDRAWN)
        form_scan = f"forms/scans/scan-{pk}.pdf" if place.unit.signs_on_paper and left_unit else ""
        rows["submissions"].append((
            pk, uuid.UUID(int=self.rng.getrandbits(128), version=4), place.unit.pk, drafter, title, state["body"],
            state["rev"], published_revision, item.column_id, item.media_account_id, item.grade, json.dumps(item.topics),
            item.ask_main_leader, status, resume, state["run"], state["version"], stage_entered, due_at, submitted_at,
            published_at, withdrawn_at, reason, created, max(t, created), form_scan,
        ))

    def _escalation(self, rows, pk: int, state: dict, t, asked_by: int, *, answered: bool) -> None:
        answer_at = t + timedelta(days=1) if answered else None
        answered_by = self.county.secrecy[0] if answered else None
        rows["escalations"].append((
            pk, state["run"], "secrecy", "请审查是否涉密。", asked_by, t, answered_by, answer_at,
            "agree" if answered else "", "可以发布。" if answered else "",
        ))

    def _findings(self, rows, revision: int, body: str) -> str:
        """About a third of revisions have findings; a reviewer has judged some of them not errors."""
        rng = self.rng
        if rng.random() > 0.35:
            return "[]"
        found = []
        for _ in range(rng.randint(1, 4)):
            start = rng.randrange(3, max(4, len(body) // 3))
            severity = rng.choices(("info", "warn", "serious"), weights=(45, 45, 10))[0]
            resolution = "not_error" if rng.random() < 0.3 else "open"
            reason = "" if resolution == "open" else "经核实无误"
            rule, text, suggestion = rng.choice(
                (("outdated_term.term", "村两委", "村“两委”"), ("typo.common", "按排", "安排"), ("number.unit", "余人次", ""))
            )
            rows["findings"].append((
                revision, rule, rule.split(".")[0], 8, severity, start, start + len(text), text, suggestion,
                f"“{text}”可能有误", resolution, reason, None, None,
            ))
            found.append({"rule": rule, "severity": severity, "start": start, "text": text, "resolution": resolution})
        return json.dumps(found, ensure_ascii=False)


    def _pictures(self, rows, pk: int, uploaded_by: int, created) -> tuple[str, list[dict]]:
        """A fifth of the items show one or two photos in the body, as news items do: their HTML and file list."""
        rng = self.rng
        html, files = "", []
        for _ in range(rng.choice((1, 2)) if rng.random() < 0.2 else 0):
            image = self.next_image
            self.next_image += 1
            public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            sha256 = hashlib.sha256(public_id.bytes).hexdigest()
            rows["body images"].append((
                image, public_id, pk, f"body-images/{public_id}.jpeg", f"image{image}.jpeg", "image/jpeg", 180_000,
                uploaded_by, "done", created, sha256,
            ))
            files.append({"kind": "picture", "id": str(public_id), "name": f"image{image}.jpeg", "sha256": sha256})
            html += f'<p><img src="/work/images/{public_id}/" alt=""></p>'
            if rng.random() < 0.1:  # text in the photo read by OCR, e.g. a banner with an outdated term
                rows["findings"].append((
                    None, "outdated_term.term", "outdated_term", 8, "warn", 0, 3, "村两委", "村“两委”",
                    "“村两委”可能有误", "open", "", None, image,
                ))
        return html, files

    def _attachments(self, rows, pk: int, uploaded_by: int, created) -> list[dict]:
        """One item in twelve carries files (a notice as PDF, a table as .xlsx); some have findings."""
        rng = self.rng
        files: list[dict] = []
        if rng.random() > 1 / 12:
            return files
        for _ in range(rng.choice((1, 1, 2))):
            attachment = self.next_attachment
            self.next_attachment += 1
            kind, content_type = rng.choice((
                ("pdf", "application/pdf"),
                ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ))
            sha256 = hashlib.sha256(f"attachment-{attachment}".encode()).hexdigest()
            rows["attachments"].append((
                attachment, pk, f"attachments/{pk}-{attachment}.{kind}", f"附件{attachment}.{kind}", content_type,
                rng.randint(20_000, 2_000_000), uploaded_by, kind, "done", created, sha256,
            ))
            files.append({"kind": "attachment", "id": attachment, "name": f"附件{attachment}.{kind}", "sha256": sha256})
            for _ in range(rng.choice((0, 0, 1, 3))):
                rows["findings"].append((
                    None, "pii.phone", "pii", 6, "serious", 10, 21, "13800000000", "138****0000",
                    "疑似个人手机号码", "not_error", "经核实为办公电话", attachment, None,
                ))
        return files


# ---------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Result:
    name: str
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)  # time spent waiting on PostgreSQL
    # CPU time of this process: on a shared machine it moves much less with the load than wall time.
    cpu_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    failures: int = 0
    # One request to replay for EXPLAIN: (client, path); None for transitions, which cannot be replayed.
    replay: tuple | None = None

    def percentile(self, q: float) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Personas:
    """One logged-in test client per person, logged in outside the timed requests."""

    def __init__(self):
        self.clients = {}

    def client(self, user_id: int | None):
        from django.test import Client

        from sanshen.accounts.models import User

        client = self.clients.get(user_id)
        if client is None and user_id is None:
            client = self.clients[None] = Client()
        if client is None:
            client = Client()
            client.force_login(User.objects.get(pk=user_id))
            self.clients[user_id] = client
        return client


class QueryTimer:
    """Counts the queries of one request and the time spent waiting on PostgreSQL (execute_wrapper)."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def timed(result: Result, client, method: str, path: str, data=None):
    from django.db import connection

    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.post(path, data) if method == "POST" else client.get(path)
        elapsed, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000
    result.times_ms.append(elapsed)
    result.cpu_ms.append(cpu)
    result.queries.append(timer.count)
    result.sql_ms.append(timer.seconds * 1000)
    result.statuses[response.status_code] += 1
    return response


# Scenario keys for --only, in the order they run.
SCENARIOS = (
    "inbox-unit", "inbox-county", "detail-unit", "detail-county",
    "pass-first", "pass-second", "pass-final", "pass-county",
    "home", "column", "column-deep", "article",
)


def run_scenarios(samples: int, *, seed: int, only: tuple[str, ...] = SCENARIOS) -> list[Result]:
    from django.db.models import Count
    from huey.contrib.djhuey import HUEY

    from sanshen.accounts.models import Column, Role, RoleName
    from sanshen.review.models import Status, Submission

    HUEY.flush()  # the bench's own queue: count only what this run's transitions add
    rng = random.Random(seed + 1)
    personas = Personas()
    big_units = list(Submission.objects.values_list("unit_id", flat=True).annotate(n=Count("id")).order_by("-n")[:3])
    unit_role = {(u, r): p for p, u, r in Role.objects.values_list("user_id", "unit_id", "role")}
    reviewers = [
        unit_role[(u, role)]
        for u in big_units
        for role in (RoleName.FIRST_REVIEWER, RoleName.SECOND_REVIEWER, RoleName.MAIN_LEADER)
        if (u, role) in unit_role
    ]
    county_reviewers = list(Role.objects.filter(role=RoleName.COUNTY_REVIEWER).values_list("user_id", flat=True))
    results = []

    def scenario(key: str, name: str, requests) -> None:
        """GET each (person, path); `requests` is a callable so skipped scenarios cost nothing."""
        if key not in only:
            return
        requests = requests()
        result = Result(f"{name} `{key}`")
        for user_id, path in requests[:3]:  # warm templates, URL resolvers and caches
            personas.client(user_id).get(path)
        for user_id, path in requests:
            timed(result, personas.client(user_id), "GET", path)
        result.replay = (personas.client(requests[-1][0]), requests[-1][1])
        results.append(result)
        print(f"  {key}: done", file=sys.stderr)

    def big_unit_items():
        items = list(Submission.objects.filter(unit_id__in=big_units).values_list("pk", "unit_id"))
        picks = rng.sample(items, min(samples, len(items)))
        return [(unit_role[(u, RoleName.FIRST_REVIEWER)], f"/work/submissions/{pk}/") for pk, u in picks]

    def county_items():
        items = list(Submission.objects.filter(status=Status.COUNTY_REVIEW).values_list("pk", flat=True))
        picks = rng.sample(items, min(samples, len(items)))
        return [(county_reviewers[i % len(county_reviewers)], f"/work/submissions/{pk}/") for i, pk in enumerate(picks)]

    def articles():
        items = list(Submission.objects.published().filter(column__isnull=False).values_list("public_id", flat=True))
        return [(None, f"/article/{public_id}/") for public_id in rng.sample(items, min(samples, len(items)))]

    columns = list(Column.objects.values_list("slug", flat=True))
    def round_robin(people: list[int], path: str):
        return lambda: [(people[i % len(people)], path) for i in range(samples)]

    scenario("inbox-unit", "我的待办 /work/ · reviewer of a big unit", round_robin(reviewers, "/work/"))
    scenario("inbox-county", "我的待办 /work/ · county reviewer", round_robin(county_reviewers, "/work/"))
    scenario("detail-unit", "稿件 /work/submissions/<pk>/ · unit reviewer", big_unit_items)
    scenario("detail-county", "稿件 /work/submissions/<pk>/ · county reviewer", county_items)
    for key, stage, role in (
        ("pass-first", Status.FIRST_REVIEW, RoleName.FIRST_REVIEWER),
        ("pass-second", Status.SECOND_REVIEW, RoleName.SECOND_REVIEWER),
        ("pass-final", Status.FINAL_REVIEW, RoleName.FINAL_REVIEWER),
        ("pass-county", Status.COUNTY_REVIEW, RoleName.COUNTY_REVIEWER),
    ):
        if key in only:
            results.append(measure_pass(personas, key, stage, role, samples, unit_role, county_reviewers, rng))
    scenario("home", "公开 / (home)", lambda: [(None, "/") for _ in range(samples)])
    scenario(
        "column",
        "公开 /column/<slug>/ (first page)",
        lambda: [(None, f"/column/{columns[i % len(columns)]}/") for i in range(samples)],
    )
    # The three news columns hold most items: pages 2–300 of them are the deep OFFSETs.
    scenario(
        "column-deep",
        "公开 /column/<slug>/?page=N (pages 2–300)",
        lambda: [(None, f"/column/{columns[i % 3]}/?page={rng.randint(2, 300)}") for i in range(samples)],
    )
    scenario("article", "公开 /article/<uuid>/", articles)
    return results


def measure_pass(personas, key: str, stage: str, role: str, samples: int, unit_role, county_reviewers, rng) -> Result:
    """POST 通过 with all eight points on items at `stage`, as the person who holds the stage's role."""
    from sanshen.review.models import REVIEW_POINT_KEYS, FindingRecord, Status, Submission

    result = Result(f"通过 POST /work/submissions/<pk>/action/ · at {Status(stage).label} `{key}`")
    candidates = list(
        Submission.objects.filter(status=stage)
        .exclude(unit__signs_on_paper=True)
        .values_list("pk", "unit_id", "version", "current_revision_id")
    )
    rng.shuffle(candidates)
    for n, (pk, unit_id, version, revision_id) in enumerate(candidates[: samples + 3]):
        if stage == Status.COUNTY_REVIEW:
            actor = county_reviewers[n % len(county_reviewers)]
        else:
            actor = unit_role[(unit_id, role)]
        data = {"action": "pass", "version": version, "opinion": "同意。", "points": list(REVIEW_POINT_KEYS)}
        serious = FindingRecord.objects.filter(revision_id=revision_id, severity="serious", resolution="open")
        for finding_pk in serious.values_list("pk", flat=True):
            data[f"reason_{finding_pk}"] = "经核实无误"
        client = personas.client(actor)
        if n < 3:  # warm-up on real items too; not counted
            client.post(f"/work/submissions/{pk}/action/", data)
            continue
        timed(result, client, "POST", f"/work/submissions/{pk}/action/", data)
        # A refused action also answers 302 (back to the page with a message): check the state moved.
        if Submission.objects.filter(pk=pk, status=stage).exists():
            result.failures += 1
    print(f"  {key}: done", file=sys.stderr)
    return result


def markdown_table(results: list[Result]) -> str:
    lines = [
        "| request | n | median ms | p95 ms | max ms | SQL wait, median ms | Python CPU, median ms "
        "| SQL queries (median / max) | status codes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if not r.times_ms:
            lines.append(f"| {r.name} | 0 | – | – | – | – | – | – | no items at this stage |")
            continue
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(r.statuses.items()))
        if r.failures:
            codes += f", **{r.failures} not applied**"
        p95 = r.percentile(0.95)
        flag = " ⚠" if p95 > TARGET_P95_MS else ""
        lines.append(
            f"| {r.name} | {len(r.times_ms)} | {statistics.median(r.times_ms):.1f} | {p95:.1f}{flag} | "
            f"{max(r.times_ms):.1f} | {statistics.median(r.sql_ms):.1f} | {statistics.median(r.cpu_ms):.1f} | "
            f"{statistics.median(r.queries):.0f} / {max(r.queries)} | {codes} |"
        )
    return "\n".join(lines)


def _print_queue_state() -> None:
    """How many archive jobs the transitions queued (rendered later by the huey consumer, not timed)."""
    from huey.contrib.djhuey import HUEY

    print(f"\nForm-archive jobs queued by the transitions (not run in the request): {HUEY.pending_count()}")


def explain(results: list[Result], *, every_page: bool) -> None:
    """EXPLAIN ANALYZE the three slowest queries of one request of the slowest page (or of every page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = [r for r in results if r.replay and r.times_ms]
    if not every_page:
        pages = sorted(pages, key=lambda r: r.percentile(0.95), reverse=True)[:1]
    for r in pages:
        client, path = r.replay
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        slowest = sorted(captured.captured_queries, key=lambda q: float(q["time"]), reverse=True)[:3]
        print(f"\n### {r.name}: {path} — {len(captured)} queries, slowest three\n")
        for q in slowest:
            sql = q["sql"]
            print(f"-- {float(q['time']) * 1000:.1f} ms: {sql[:600]}{' …' if len(sql) > 600 else ''}")
            if sql.lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    print("\n".join("   " + row[0] for row in cursor.fetchall()))
            print()


if __name__ == "__main__":
    sys.exit(main())

"""The demo county: 锦屏县 with its real townships and departments, people for every role, columns,
new-media accounts and a few items taken through the workflow. Loaded by `sanshen demo`, removed by
`sanshen remove_demo`.

Everything it creates is marked (`is_demo` on units and people), so `sanshen check --deploy` fails while any of it
is left: its ~150 accounts share a password printed in the README. The people whose roles require a second factor
(second_factor.REQUIRED_ROLES) are enrolled with one shared authenticator secret, printed with the logins, so the
demo works with SANSHEN_REQUIRE_2FA on: add the secret to any authenticator app, or run `sanshen demo_code`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from sanshen.accountability.demo import load_history
from sanshen.accounts.models import Column, MediaAccount, Role, RoleName, Unit, User
from sanshen.accounts.passwords import DEMO_PASSWORD
from sanshen.accounts.second_factor import REQUIRED_ROLES
from sanshen.errors import SanshenError
from sanshen.lib.seal import draw_seal
from sanshen.monitoring.demo import record_demo_runs

# The demo's authenticator secret (hex, as django-otp stores it); public like the password, for demo accounts only.
DEMO_TOTP_KEY = "1c63acc568bfb96b43055e7d8eef50c624d62bb7"

# 锦屏县辖 7 镇 8 乡.
TOWNSHIPS = [
    ("三江镇", "sanjiang"),
    ("茅坪镇", "maoping"),
    ("敦寨镇", "dunzhai"),
    ("启蒙镇", "qimeng"),
    ("平秋镇", "pingqiu"),
    ("铜鼓镇", "tonggu"),
    ("平略镇", "pinglue"),
    ("大同乡", "datong"),
    ("新化乡", "xinhua"),
    ("隆里乡", "longli"),
    ("钟灵乡", "zhongling"),
    ("偶里乡", "ouli"),
    ("固本乡", "guben"),
    ("河口乡", "hekou"),
    ("彦洞乡", "yandong"),
]

DEPARTMENTS = [
    ("锦屏县发展和改革局", "发改局", "fgj"),
    ("锦屏县教育局", "教育局", "jyj"),
    ("锦屏县财政局", "财政局", "czj"),
    ("锦屏县人力资源和社会保障局", "人社局", "rsj"),
    ("锦屏县自然资源局", "自然资源局", "zrzyj"),
    ("锦屏县住房和城乡建设局", "住建局", "zjj"),
    ("锦屏县交通运输局", "交通运输局", "jtj"),
    ("锦屏县农业农村局", "农业农村局", "nyncj"),
    ("锦屏县水务局", "水务局", "swj"),
    ("锦屏县卫生健康局", "卫健局", "wjj"),
    ("锦屏县应急管理局", "应急管理局", "yjj"),
    ("锦屏县市场监督管理局", "市场监管局", "scjgj"),
    ("锦屏县民政局", "民政局", "mzj"),
    ("锦屏县文体广电旅游局", "文体广旅局", "wtglj"),
]

COUNTY_UNITS = [
    ("锦屏县人民政府办公室", "县政府办", "xzfb", Unit.Kind.COUNTY_GOVERNMENT_OFFICE),
    ("锦屏县人民政府信息中心", "县信息中心", "xxzx", Unit.Kind.INFORMATION_CENTRE),
    ("锦屏县国家保密局", "县保密局", "bmj", Unit.Kind.SECRECY_BUREAU),
    ("中共锦屏县委网络安全和信息化委员会办公室", "县委网信办", "wxb", Unit.Kind.CYBERSPACE_OFFICE),
    ("锦屏县人民政府（县领导）", "县领导", "xld", Unit.Kind.COUNTY_LEADERS),
]

COLUMNS = [
    ("政务信息", "zwxx", Column.Kind.NEWS),
    ("部门动态", "bmdt", Column.Kind.NEWS),
    ("乡镇动态", "xzdt", Column.Kind.NEWS),
    ("通知公告", "tzgg", Column.Kind.NOTICE),
    ("政策文件", "zcwj", Column.Kind.POLICY),
    ("人事信息", "rsxx", Column.Kind.PERSONNEL),
    ("招聘", "zp", Column.Kind.RECRUITMENT),
    ("招标采购", "zbcg", Column.Kind.PROCUREMENT),
    ("预决算公开", "yjsgk", Column.Kind.BUDGET),
]

UNIT_ROLES = [
    (RoleName.DRAFTER, "drafter", "信息员"),
    (RoleName.FIRST_REVIEWER, "first", "办公室主任"),
    (RoleName.SECOND_REVIEWER, "second", "网站管理员"),
    (RoleName.FINAL_REVIEWER, "final", "分管领导"),
    (RoleName.MAIN_LEADER, "leader", "主要领导"),
]

COUNTY_PEOPLE = [
    ("xxzx", "reviewer", RoleName.COUNTY_REVIEWER, "网站审核员"),
    ("xxzx", "reviewer2", RoleName.COUNTY_REVIEWER, "网站审核员"),
    ("bmj", "officer", RoleName.SECRECY_OFFICER, "保密审查员"),
    ("wxb", "officer", RoleName.CYBERSPACE_OFFICER, "网信审查员"),
    ("xld", "leader", RoleName.COUNTY_LEADER, "副县长"),
    ("xzfb", "register", RoleName.COUNTY_OFFICE, "政务公开股股长"),
    ("xxzx", "sysadmin", RoleName.ADMIN, "系统管理员"),
    ("xxzx", "auditor", RoleName.AUDITOR, "审计管理员"),
    ("xxzx", "security", RoleName.SECURITY_ADMIN, "安全管理员"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗龙吴杨欧潘姜石"
GIVEN = ["明", "华", "建国", "秀英", "志强", "丽", "海燕", "军", "红梅", "文", "永福", "春花", "国庆", "晓东", "玉兰", "德江"]


@dataclass
class DemoResult:
    created: bool
    logins: list[tuple[str, str, str]]  # (username, name, what they do)


def _names():
    for i in itertools.count():
        yield SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7 + i // len(SURNAMES)) % len(GIVEN)]


def load_demo(with_items: bool = True) -> DemoResult:
    """Create the demo county once; later calls only report the logins."""
    if Unit.objects.filter(code="sanjiang").exists():
        return DemoResult(False, _key_logins())
    with transaction.atomic():
        _create_county()
    if with_items:
        _create_sample_items()
        # A year of 第七条 work (register, bulletins, an interview) and monitoring runs of the demo's own site,
        # so those pages are not empty on the first run.
        load_history()
        record_demo_runs("http://127.0.0.1:8000/")
    return DemoResult(True, _key_logins())


def _create_county() -> None:
    password = make_password(DEMO_PASSWORD)  # hashed once: 150 people, one demo password
    now = timezone.now()
    names = _names()
    order = itertools.count(1)
    units = []
    for name, short, code, kind in COUNTY_UNITS:
        units.append(Unit(name=name, short_name=short, code=code, kind=kind, sort_order=next(order), is_demo=True))
    for name, short, code in DEPARTMENTS:
        units.append(
            Unit(name=name, short_name=short, code=code, kind=Unit.Kind.DEPARTMENT, sort_order=next(order), is_demo=True)
        )
    for name, code in TOWNSHIPS:
        units.append(
            Unit(
                name=f"锦屏县{name}人民政府",
                short_name=name,
                code=code,
                kind=Unit.Kind.TOWNSHIP,
                sort_order=next(order),
                is_demo=True,
            )
        )
    Unit.objects.bulk_create(units)
    by_code = {u.code: u for u in Unit.objects.all()}
    for unit in by_code.values():
        if unit.is_publishing_unit:
            unit.seal.save(f"{unit.code}.png", ContentFile(draw_seal(unit.name)), save=True)
    # 财政局 chooses to send every item to its main leader; 彦洞乡 still signs on paper and uploads scans.
    Unit.objects.filter(code="yandong").update(signs_on_paper=True)
    Unit.objects.filter(code="czj").update(main_leader_signs_all=True)

    people: list[tuple[User, str, Unit]] = []
    for unit in by_code.values():
        if not unit.is_publishing_unit:
            continue
        for role, suffix, position in UNIT_ROLES:
            user = User(
                username=f"{unit.code}.{suffix}",
                full_name=next(names),
                unit=unit,
                position=position,
                password=password,
                password_changed_at=now,
                must_change_password=False,
                is_demo=True,
            )
            people.append((user, role, unit))
    for code, suffix, role, position in COUNTY_PEOPLE:
        unit = by_code[code]
        user = User(
            username=f"{code}.{suffix}",
            full_name=next(names),
            unit=unit,
            position=position,
            password=password,
            password_changed_at=now,
            must_change_password=False,
            is_staff=role in (RoleName.ADMIN, RoleName.SECURITY_ADMIN),
            is_demo=True,
        )
        people.append((user, role, unit))
    User.objects.bulk_create([p[0] for p in people])
    users = {u.username: u for u in User.objects.all()}
    # Set up by the installation, so in force at once; /manage/ pages follow roles, not Django permissions.
    Role.objects.bulk_create(
        Role(user=users[u.username], unit=unit, role=role, approved_at=now) for u, role, unit in people
    )
    _enrol_authenticators([users[u.username] for u, role, _ in people if role in REQUIRED_ROLES])

    Column.objects.bulk_create(
        Column(name=name, slug=slug, kind=kind, sort_order=i) for i, (name, slug, kind) in enumerate(COLUMNS, 1)
    )
    accounts = [
        ("锦屏发布", MediaAccount.Platform.WECHAT, "xzfb"),
        ("锦屏发布", MediaAccount.Platform.WEIBO, "xzfb"),
        ("锦屏发布", MediaAccount.Platform.DOUYIN, "xzfb"),
        ("锦屏教育", MediaAccount.Platform.WECHAT, "jyj"),
        ("三江镇发布", MediaAccount.Platform.WECHAT, "sanjiang"),
    ]
    for name, platform, code in accounts:
        account = MediaAccount.objects.create(name=name, platform=platform, unit=by_code[code])
        account.operators.add(users[f"{code}.second"])


def _enrol_authenticators(people: list[User]) -> None:
    """The demo people whose roles require a second factor share one authenticator secret (DEMO_TOTP_KEY)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=person, name="演示验证器", key=DEMO_TOTP_KEY, confirmed=True) for person in people
    )


def demo_secret() -> str:
    """DEMO_TOTP_KEY as an authenticator app takes it (base32, in groups of four)."""
    import base64

    secret = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def demo_code() -> str:
    """The code an authenticator holding the demo secret shows now."""
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(DEMO_TOTP_KEY)).token():06d}"


def _key_logins() -> list[tuple[str, str, str]]:
    wanted = [
        ("sanjiang.drafter", "三江镇 拟稿人"),
        ("sanjiang.first", "三江镇 初审（办公室主任）"),
        ("sanjiang.second", "三江镇 复审（网站管理员）"),
        ("sanjiang.final", "三江镇 终审（分管领导）"),
        ("sanjiang.leader", "三江镇 主要领导"),
        ("jyj.drafter", "县教育局 拟稿人（其他单位同理：单位代码.drafter/first/second/final/leader）"),
        ("xld.leader", "分管县领导（特级信息批示）"),
        ("xxzx.reviewer", "县信息中心 网站审核员"),
        ("bmj.officer", "县保密局"),
        ("wxb.officer", "县委网信办"),
        ("xzfb.register", "县政府办 错敏登记"),
        ("xxzx.sysadmin", "系统管理员（后台 /manage/）"),
        ("xxzx.security", "安全管理员（后台 /manage/：审批角色申请、维护词库）"),
        ("xxzx.auditor", "审计管理员（审计日志）"),
    ]
    people = User.objects.filter(username__in=[w for w, _ in wanted])
    names = dict(people.values_list("username", "full_name"))
    asked = {p.username for p in people if p.role_names() & REQUIRED_ROLES}
    logins = [(u, names.get(u, ""), what + ("；须验证码" if u in asked else "")) for u, what in wanted]
    # The demo command prints these rows as they are: this one tells where the codes come from.
    logins.append(
        (
            "验证码",
            "",
            f"标“须验证码”的账号登录后还须输入验证码：在验证器 App 中添加密钥 {demo_secret()}，"
            "或运行 sanshen demo_code 查看当前验证码",
        )
    )
    return logins


SAMPLE_ITEMS = [
    (
        "sanjiang",
        "xzdt",
        "三江镇召开2026年秋冬季森林防火工作部署会",
        "<p>11月20日，三江镇召开2026年秋冬季森林防火工作部署会，镇党委、政府班子成员，各村（社区）党组织书记参加会议。</p>"
        "<p>会议要求，各村（社区）要压紧压实森林防火责任，加强野外用火管理，做好防火宣传，确保全镇森林资源安全。</p>",
        "general",
        [],
    ),
    (
        "jyj",
        "bmdt",
        "县教育局开展校园食品安全专项检查",
        "<p>为切实保障师生饮食安全，县教育局联合县市场监督管理局于11月中旬对全县中小学校食堂开展食品安全专项检查。</p>"
        "<p>检查组共检查学校食堂32所，发现问题15个，已全部督促整改到位。</p>",
        "general",
        [],
    ),
    (
        "czj",
        "yjsgk",
        "锦屏县财政局2026年部门预算公开说明",
        "<p>根据《中华人民共和国预算法》及有关规定，现将锦屏县财政局2026年部门预算公开如下。</p>"
        "<p>一、部门主要职责：负责全县财政收支管理工作。</p><p>二、收支预算总体情况：详见附表。</p>",
        "general",
        ["budget"],
    ),
]


def _create_sample_items() -> None:
    from huey.contrib.djhuey import HUEY

    from sanshen.review import workflow
    from sanshen.review.models import REVIEW_POINT_KEYS, Status, Submission

    # Archive forms right away while loading, without waiting for the background consumer.
    immediate = HUEY.immediate
    HUEY.immediate = True
    try:
        for code, column_slug, title, body, grade, topics in SAMPLE_ITEMS:
            drafter = User.objects.get(username=f"{code}.drafter")
            s = workflow.create_submission(
                drafter, title=title, body=body, column=Column.objects.get(slug=column_slug), grade=grade, topics=topics
            )
            workflow.perform(s, drafter, "submit")
            for _ in range(6):
                s.refresh_from_db()
                if s.status == Status.APPROVED:
                    break
                actor = workflow.eligible_users(s, s.status).exclude(pk=s.drafter_id).order_by("username").first()
                workflow.perform(s, actor, "pass", opinion="同意。", points=REVIEW_POINT_KEYS)
            workflow.perform(Submission.objects.get(pk=s.pk), User.objects.get(username="xxzx.reviewer"), "publish")
        # One item waiting for 初审, so the first reviewer's inbox is not empty.
        drafter = User.objects.get(username="sanjiang.drafter")
        s = workflow.create_submission(
            drafter,
            title="三江镇关于开展冬季农村安全用电宣传的通知",
            body="<p>各村（社区）：为做好冬季农村安全用电工作，现就有关事项通知如下。</p><p>1、加强宣传，入户讲解安全用电常识。</p>",
            column=Column.objects.get(slug="tzgg"),
        )
        workflow.perform(s, drafter, "submit")
    finally:
        HUEY.immediate = immediate


# ---------------------------------------------------------------------------------------------
# Removing the demo county before going into service


class DemoRemovalRefused(SanshenError):
    """Real data refers to the demo county: removing it would take real records along, so nothing is removed."""


# Models of django-otp, named in Chinese in the removal's audit entry.
ROW_LABELS = {"otp_totp.totpdevice": "验证器", "otp_static.staticdevice": "恢复码组", "otp_static.statictoken": "恢复码"}


@dataclass
class Removal:
    units: int
    people: int
    items: int
    files: int
    rows: dict[str, int]  # what was removed, by model (verbose name) → rows


def _reverse_relations(model):
    """The foreign keys (and one-to-ones) of other models that point at `model`, hidden ones (related_name="+")
    included."""
    return [
        r
        for r in model._meta.get_fields(include_hidden=True)
        if r.auto_created and not r.concrete and (r.one_to_many or r.one_to_one)
    ]


def demo_rows() -> dict[type, set]:
    """Everything the demo county owns, by model: its units and people, every row that refers to a demo unit (items,
    roles, seals, new-media accounts, …) and, through those, every row that refers to such a row (revisions,
    decisions, attachments, …), and what its people own (CASCADE: tokens, notifications, authenticators). Rows that
    only *mention* a demo person, such as a real role request a demo administrator filed, are not the demo's: they
    stop the removal (remove_demo). The audit log (DO_NOTHING) is never followed: it is kept."""
    from collections import defaultdict

    from django.db.models import CASCADE, DO_NOTHING

    from sanshen.accountability.models import Bulletin

    owned: dict[type, set] = defaultdict(set)
    demo_people = set(User.objects.filter(is_demo=True).values_list("pk", flat=True))
    frontier = [
        (Unit, set(Unit.objects.filter(is_demo=True).values_list("pk", flat=True))),
        (User, demo_people),
        # The county-wide bulletins of the demo's year of history (load_history), drafted by its demo office.
        (Bulletin, set(Bulletin.objects.filter(created_by__in=demo_people).values_list("pk", flat=True))),
    ]
    while frontier:
        model, pks = frontier.pop()
        new = pks - owned[model]
        if not new:
            continue
        owned[model] |= new
        for relation in _reverse_relations(model):
            on_delete = relation.field.remote_field.on_delete
            if on_delete is DO_NOTHING or (model is User and on_delete is not CASCADE):
                continue
            related = relation.related_model._meta.concrete_model
            children = set(related._base_manager.filter(**{f"{relation.field.name}__in": new}).values_list("pk", flat=True))
            if children:
                frontier.append((related, children))
    return {model: pks for model, pks in owned.items() if pks}


def remove_demo(*, dry_run: bool = False) -> Removal:
    """删除演示县: its units, people, items and their files, in one transaction, recorded in the audit log (which is
    kept whole: entries of the demo's people keep their names). Refused, removing nothing, while real people belong
    to or hold roles in a demo unit, or real records refer to demo people.

    The rows are deleted directly, all of them, in no particular order: they refer to each other in circles (an item
    and its current revision), which the ORM's deletion cannot untie. Foreign keys are checked when the transaction
    ends (Django declares them deferred), and checked explicitly before the audit entry is written, so a row left
    pointing at a removed one rolls everything back."""
    from django.db import connection

    from sanshen.audit.log import record
    from sanshen.review.models import Submission

    with transaction.atomic():
        owned = demo_rows()
        _refuse_real_people(owned)
        _refuse_or_detach_references(owned)
        files = _stored_files(owned)
        removal = Removal(
            units=len(owned.get(Unit, ())),
            people=len(owned.get(User, ())),
            items=len(owned.get(Submission, ())),
            files=len(files),
            rows={
                ROW_LABELS.get(m._meta.label_lower, str(m._meta.verbose_name)): len(pks)
                for m, pks in sorted(owned.items(), key=lambda i: i[0]._meta.label)
                if not m._meta.auto_created  # many-to-many link rows
            },
        )
        if dry_run or not owned:
            transaction.set_rollback(True)  # nothing let go in a dry run
            return removal
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model, pks in owned.items():
                ids = sorted(pks)
                for i in range(0, len(ids), 500):
                    batch = ids[i : i + 500]
                    cursor.execute(
                        f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} IN "
                        f"({', '.join(['%s'] * len(batch))})",
                        batch,
                    )
        connection.check_constraints(
            table_names=sorted({r.related_model._meta.db_table for m in owned for r in _reverse_relations(m)})
        )
        record(
            "accounts.demo_removed",
            units=removal.units,
            people=removal.people,
            items=removal.items,
            files=removal.files,
            rows=removal.rows,
        )
        transaction.on_commit(lambda: _delete_files(files))
    return removal


def _refuse_or_detach_references(owned: dict[type, set]) -> None:
    """Rows outside the demo that point at its rows: SET_NULL ones let go (as a deletion would do), any other kind
    stops the removal. Only references to demo people can be left here: whatever points at a unit, or at a row of
    the demo, is the demo's."""
    from django.db.models import DO_NOTHING, SET_NULL

    blockers = []
    for model, pks in owned.items():
        for relation in _reverse_relations(model):
            on_delete = relation.field.remote_field.on_delete
            if on_delete is DO_NOTHING:
                continue
            related = relation.related_model._meta.concrete_model
            outside = related._base_manager.filter(**{f"{relation.field.name}__in": pks}).exclude(
                pk__in=owned.get(related, ())
            )
            if on_delete is SET_NULL:
                outside.update(**{relation.field.name: None})
            else:
                blockers += [(row, relation.field) for row in outside[:5]]
    if blockers:
        shown = "；".join(f"{row._meta.verbose_name}“{row}”（{field.verbose_name}）" for row, field in blockers[:5])
        raise DemoRemovalRefused(f"正式数据引用了演示账号，不能删除演示县：{shown}", code="referenced_by_real_data")


def _refuse_real_people(owned: dict[type, set]) -> None:
    real = list(User.objects.filter(pk__in=owned.get(User, ()), is_demo=False).order_by("id")[:5])
    if real:
        names = "、".join(f"{p.username}（{p.unit}）" for p in real)
        raise DemoRemovalRefused(
            f"演示单位中有正式人员：{names}。请先在系统管理中把他们调到正式单位，再删除演示县", code="real_people_in_demo_units"
        )
    roles = list(Role.objects.filter(pk__in=owned.get(Role, ()), user__is_demo=False).select_related("user", "unit")[:5])
    if roles:
        shown = "、".join(str(r) for r in roles)
        raise DemoRemovalRefused(
            f"正式人员在演示单位担任角色：{shown}。请先撤销这些角色，再删除演示县", code="real_roles_in_demo_units"
        )


def _stored_files(owned: dict[type, set]) -> list[tuple]:
    """(storage, name) of every file the demo's rows point to: seals, attachments, forms, pictures."""
    from django.db.models import FileField

    files = []
    for model, pks in owned.items():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
        for field in fields:
            for name in model._base_manager.filter(pk__in=pks).exclude(**{field.name: ""}).values_list(field.name, flat=True):
                if name:
                    files.append((field.storage, name))
    return files


def _delete_files(files: list[tuple]) -> None:
    for storage, name in files:
        storage.delete(name)

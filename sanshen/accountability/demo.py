"""A year of 责任追究 history for the demo county 锦屏县: errors of every source, kind and state, two issued
quarterly bulletins, an interview and a referral to the secrecy bureau. Called by `sanshen demo` after the county
and its sample items exist; a second call does nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sanshen.accounts.models import Unit, User
from sanshen.review.models import Submission

from . import bulletins, interviews, register
from .models import Bulletin, EntryStep, ErrorEntry, Interview, Severity, Source
from .periods import period_of

SITE = "http://localhost:8000"
OFFICE = "xzfb.register"
REVIEWER = "xxzx.reviewer"

# days ago, unit code, source, category, severity, text, suggestion, what happened next
HISTORY = [
    (350, "sanjiang", Source.COUNTY_REVIEW, "fixed_phrase", Severity.GENERAL, "贯切落实", "贯彻落实", "verified"),
    (330, "jyj", Source.SUPERIOR, "leader_name", Severity.SERIOUS, "杜家豪", "杜家毫", "verified_late"),
    (300, "maoping", Source.MONITORING, "broken_link", Severity.GENERAL, "附件下载链接失效", "", "verified"),
    (270, "czj", Source.PUBLIC_REPORT, "typo", Severity.GENERAL, "预算公开说眀", "预算公开说明", "verified"),
    (240, "sanjiang", Source.COUNTY_REVIEW, "pii_phone", Severity.GENERAL, "联系人手机13985512345", "办公电话", "verified"),
    (210, "dunzhai", Source.MONITORING, "stale_column", Severity.GENERAL, "“乡镇动态”栏目超过2周未更新", "", "verified_late"),
    (180, "jyj", Source.COUNTY_REVIEW, "fixed_phrase", Severity.SERIOUS, "二十大三中全会", "二十届三中全会", "verified"),
    (160, "sanjiang", Source.SUPERIOR, "fixed_phrase", Severity.GENERAL, "扫黑险恶", "扫黑除恶", "verified"),
    (140, "qimeng", Source.PUBLIC_REPORT, "other", Severity.GENERAL, "图片显示不全", "", "dismissed"),
    (120, "jyj", Source.MONITORING, "typo", Severity.GENERAL, "热列欢迎", "热烈欢迎", "verified"),
    (100, "jyj", Source.SUPERIOR, "place_name", Severity.GENERAL, "湖北省张家界", "湖南省张家界", "verified_late"),
    (80, "tonggu", Source.MONITORING, "stale_account", Severity.GENERAL, "“铜鼓发布”公众号超过14天未更新", "", "verified"),
    (45, "sanjiang", Source.COUNTY_REVIEW, "idiom_typo", Severity.GENERAL, "勿忘初心", "不忘初心", "rectified"),
    (30, "czj", Source.SUPERIOR, "leak", Severity.SERIOUS, "内部资料 注意保存", "", "rectifying"),
    (12, "maoping", Source.MONITORING, "hidden_content", Severity.SERIOUS, "页面底部隐藏链接", "", "confirmed"),
    (5, "pingqiu", Source.PUBLIC_REPORT, "typo", Severity.GENERAL, "防讯", "防汛", "pending"),
    (2, "jyj", Source.MONITORING, "typo", Severity.GENERAL, "按排部署", "安排部署", "pending"),
]


def load_history(now: dt.datetime | None = None) -> bool:
    """Create the history once; returns False when the register already has entries or the demo county is missing."""
    if ErrorEntry.objects.exists() or not User.objects.filter(username=OFFICE).exists():
        return False
    now = now or timezone.now()
    office = User.objects.get(username=OFFICE)
    reviewer = User.objects.get(username=REVIEWER)
    published = {s.unit.code: s for s in Submission.objects.published().select_related("unit", "published_revision")}
    with transaction.atomic():
        entries = [_entry(row, now, office, reviewer, published) for row in HISTORY]
        _interview_and_referral(now, office, entries)
    _issue_bulletins(now, office)
    return True


def _unit_person(unit: Unit) -> User:
    return User.objects.get(username=f"{unit.code}.second")


def _entry(row, now, office, reviewer, published) -> ErrorEntry:
    days, code, source, category, severity, text, suggestion, outcome = row
    unit = Unit.objects.get(code=code)
    found = now - dt.timedelta(days=days, hours=3)
    item = published.get(code)
    place = {"submission": item, "revision": item.published_revision} if item and source == Source.COUNTY_REVIEW and outcome != "rectified" else {}
    if not place:
        place = {"url": f"{SITE}/column/{'xzdt' if unit.kind == Unit.Kind.TOWNSHIP else 'bmdt'}/#{code}-{days}"}
    entry = register.register_error(
        unit=unit,
        source=source,
        category=category,
        severity=severity,
        text=text,
        suggestion=suggestion,
        message="" if suggestion else "详见页面",
        found_by={Source.COUNTY_REVIEW: reviewer, Source.SUPERIOR: office}.get(source),
        reporter={Source.SUPERIOR: "黔东南州人民政府办公室", Source.PUBLIC_REPORT: "网民"}.get(source, ""),
        reference="黔东南府办通〔2026〕8号" if source == Source.SUPERIOR else "",
        found_at=found,
        **place,
    )
    # The demo backdates what register_error stamped "now", so the history reads like a year of work.
    ErrorEntry.objects.filter(pk=entry.pk).update(created=found)
    EntryStep.objects.filter(entry=entry).update(created=found)
    entry.refresh_from_db()
    if outcome == "pending":
        return entry
    person = _unit_person(unit)
    confirmed = found + dt.timedelta(hours=2)
    if entry.state == "pending":
        if outcome == "dismissed":
            return register.perform(entry, office, "dismiss", comment="经核实，系浏览器缓存所致，页面显示正常。", at=confirmed)
        entry = register.perform(entry, office, "confirm", at=confirmed)
    deadline = register.default_deadline(severity, confirmed)
    ErrorEntry.objects.filter(pk=entry.pk).update(confirmed_at=confirmed, deadline=deadline)
    entry.refresh_from_db()
    if outcome == "confirmed":
        return entry
    entry = register.perform(entry, person, "start", at=confirmed + dt.timedelta(hours=3))
    if outcome == "rectifying":
        return entry
    late = outcome == "verified_late"
    done = deadline + (dt.timedelta(days=3) if late else -dt.timedelta(hours=6))
    kwargs = {"proof_url": f"{SITE}/column/xzdt/#fixed-{entry.pk}"} if not entry.submission_id else {}
    if entry.submission_id:
        # A county-review error is corrected in a new revision of the item.
        _new_revision(entry, person, done - dt.timedelta(hours=1))
    entry = register.perform(entry, person, "rectify", comment="已改正并重新核对全文。", at=done, **kwargs)
    if outcome == "rectified":
        return entry
    return register.perform(entry, office, "verify", at=done + dt.timedelta(days=1))


def _new_revision(entry: ErrorEntry, person: User, at) -> None:
    from sanshen.review.models import Revision

    current = entry.submission.revisions.order_by("-number").first()
    Revision.objects.create(
        submission=entry.submission,
        number=current.number + 1,
        title=current.title,
        body=current.body.replace(entry.text, entry.suggestion) if entry.suggestion else current.body,
        author=person,
        stage=entry.submission.status,
        note="按登记问题整改",
        created=at,
    )


def _interview_and_referral(now, office, entries) -> None:
    jyj = Unit.objects.get(code="jyj")
    period = period_of(now - dt.timedelta(days=180))
    held = now - dt.timedelta(days=150)
    interviews.record_interview(
        office,
        unit=jyj,
        period=period.code,
        reason="出现严重表述错误（“二十大三中全会”应为“二十届三中全会”），同一季度差错较多",
        held_at=held,
        place="县政府办三楼会议室",
        interviewers="县政府办副主任 杨志强、政务公开股股长",
        interviewees="县教育局分管副局长、办公室主任、网站管理员",
        minutes="通报了县教育局信息发布中出现的差错，听取了该局情况说明。该局承认审核把关不严，终审环节未逐字核对。",
        commitments="一、即日起终审逐字核对重要表述；二、组织信息员参加保密和规范表述培训；三、每月开展一次自查。",
        follow_up_on=(held + dt.timedelta(days=30)).date(),
        entries=[e for e in entries if e.unit_id == jyj.pk and period.contains(e.found_at)],
    )
    Interview.objects.filter(unit=jyj).update(created=held)
    leak = next(e for e in entries if e.category == "leak")
    register.perform(
        leak, office, "refer", comment="财政局网站附件含“内部资料 注意保存”字样，涉嫌泄露内部资料，移送县国家保密局调查处理。",
        at=leak.found_at + dt.timedelta(days=1),
    )


def _issue_bulletins(now, office) -> None:
    latest = period_of(now).previous()
    for period in (latest.previous(), latest):
        bulletin = bulletins.create_draft(period, office)
        bulletin = bulletins.update_draft(
            bulletin,
            office,
            issue_date=period.next_first_day + dt.timedelta(days=9),
            analysis="部分单位终审环节把关不严，规范表述和领导姓名仍有差错；个别栏目和新媒体账号更新不及时。",
        )
        bulletins.issue(bulletin, office)
    assert Bulletin.objects.issued().count() == 2

"""A model of the county for Hypothesis's stateful testing: random people of two units, the county offices and the
administrators do random things to random items, and after every step the published items are checked against
rules written here from scratch — not by calling the guards the workflow itself uses (workflow.publication_blockers).

Used by test_publication_model.py (bounded, fixed seed, in `make test`) and bench/publication_model.py (longer runs,
and runs with a guard removed, to show the machine finds each bypass of issue 7).
"""

from __future__ import annotations

import io
from collections import Counter

from django.db import transaction
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from sanshen.accounts import roles
from sanshen.accounts.models import CONTENT_ROLES, Role, RoleName, RoleRequest
from sanshen.audit.models import AuditEntry
from sanshen.review import attachments, checking, whitelist, workflow
from sanshen.review.exceptions import WorkflowError
from sanshen.review.models import (
    REVIEW_POINT_KEYS,
    Decision,
    Escalation,
    FindingRecord,
    Grade,
    Revision,
    Status,
    Submission,
    Topic,
    WhitelistEntry,
)
from sanshen.test import County, make_person

# Words that must never be online, whatever anyone marked, proposed or approved.
FORBIDDEN = ("绝密★", "法轮大法好")
BODIES = (
    "<p>11月20日，三江镇召开森林防火工作会议，部署秋冬季森林防火工作。</p>",
    "<p>全镇完成造林1200亩，比上年增长20%。</p>",
    "<p>咨询电话13800138000。</p>",  # a serious finding: passes only with a reason
    "<p>本文件为绝密★启用前，请勿外传。</p>",  # a block finding
    "<p>会场口号：法轮大法好。</p>",  # a level-1 banned word (block)
    "<p>复审校对后的正文：全镇完成造林1200亩。</p>",
)
# What drafters send: block text cannot be submitted, so an item holding it only stands still in the drafter's hands.
# Block text comes in through the edits of anyone (edit) and of the reviewers at their stage (reviewer_at_stage).
DRAFTED = BODIES[:3] + BODIES[5:]
# What a reviewer does to the text at their stage: nothing, often; block text, often enough to be passed on.
PROOFREAD = (None, None, *BODIES[3:5], *BODIES)
TITLES = ("三江镇召开森林防火工作会议", "关于开展冬季造林的通知", "绝密★会议纪要")
GRADES = (Grade.GENERAL, Grade.IMPORTANT, Grade.SPECIAL)
TOPIC_SETS = ((), (Topic.BUDGET,), (Topic.EMERGENCY,), (Topic.POLICY,))
DRAFTER_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)
# Few items, so that sequences of actions on the same item (which is where bypasses live) are likely.
MAX_ITEMS = 3
CONTENT_ROLE_CHOICES = (RoleName.FIRST_REVIEWER, RoleName.SECOND_REVIEWER, RoleName.COUNTY_REVIEWER, RoleName.DRAFTER)


# What a refused action may raise: the workflow's (whitelists included) and the role rules' own errors.
REFUSALS = (WorkflowError, roles.RoleError)


def _word(text: str) -> bytes:
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph(text)
    document.save(out)
    return out.getvalue()


def world() -> tuple:
    """Everything a refused action must leave as it was."""
    return (
        tuple(Submission.objects.order_by("pk").values_list("pk", "status", "version", "run", "current_revision_id")),
        Decision.objects.count(),
        Revision.objects.count(),
        tuple(FindingRecord.objects.order_by("pk").values_list("pk", "resolution", "reason")),
        tuple(WhitelistEntry.objects.order_by("pk").values_list("pk", "status")),
        tuple(Role.objects.order_by("pk").values_list("pk", "role", "unit_id", "user_id")),
        tuple(RoleRequest.objects.order_by("pk").values_list("pk", "status")),
        Escalation.objects.filter(answered_at__isnull=True).count(),
        AuditEntry.objects.count(),
    )


# ---------------------------------------------------------------------------------------------
# The rules, written again from the regulation (spec.md), reading rows only


def required_stages(s: Submission) -> list[str]:
    stages = [Status.FIRST_REVIEW, Status.SECOND_REVIEW, Status.FINAL_REVIEW]
    if (
        s.grade in (Grade.IMPORTANT, Grade.SPECIAL)
        or {Topic.BUDGET, Topic.EMERGENCY} & set(s.topics)
        or s.ask_main_leader
        or s.unit.main_leader_signs_all
    ):
        stages.append(Status.MAIN_LEADER)
    if s.grade == Grade.SPECIAL:
        stages.append(Status.COUNTY_LEADER)
    if s.column_id:
        stages.append(Status.COUNTY_REVIEW)
    return stages


def violations(s: Submission) -> list[str]:
    """Why a published item should not be online; empty when it may be."""
    out = []
    published = s.published_revision
    if published is None or published.pk != s.current_revision_id:
        return ["the revision online is not the current one"]
    text = published.title + published.body
    for word in FORBIDDEN:
        if word in text:
            out.append(f"block word {word!r} in the published text")
    for attachment in s.attachments.all():
        found = attachment.findings.filter(severity="block")
        if found.exists():
            out.append(f"block finding in attachment {attachment.name}")
    revisions = {r.number: r for r in s.revisions.all()}
    passes = list(Decision.objects.filter(submission=s, run=s.run, action="pass").select_related("revision").order_by("created", "id"))
    for stage in required_stages(s):
        mine = [d for d in passes if d.stage == stage]
        if not mine:
            out.append(f"no pass at {stage}")
            continue
        signed = mine[-1].revision.number
        for n in range(signed + 1, published.number + 1):
            r = revisions[n]
            if r.stage in DRAFTER_STATUSES:
                out.append(f"{stage} signed revision {signed}; the drafter changed it in revision {n}")
                break
            covering = [d for d in passes if d.stage == r.stage and d.revision.number >= n]
            if not covering:
                out.append(f"revision {n} made at {r.stage} was never signed there")
                break
    latest: dict[str, Escalation] = {}
    for e in s.escalations.filter(run=s.run).order_by("asked_at", "id"):
        latest[e.kind] = e
    for e in latest.values():
        if e.answered_at is None:
            out.append(f"escalation to {e.kind} unanswered")
        elif e.verdict == Escalation.Verdict.OBJECT:
            out.append(f"{e.kind} objected")
    if s.grade == Grade.SPECIAL and not s.filings.filter(run=s.run).exists():
        out.append("特级 without a written filing")
    if not Decision.objects.filter(submission=s, action="publish", revision=published).exists():
        out.append("no publish decision on the revision online")
    return out


# ---------------------------------------------------------------------------------------------


class PublicationMachine(RuleBasedStateMachine):
    """Two units, the county offices and the administrators, doing anything to anything."""

    county: County  # set by the test before the machine runs (sanshen.test.make_county)
    stats: Counter = Counter()  # across runs: steps, refusals, and how far items got (for the bench and the test)

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()  # each run is rolled back in teardown: the next one starts from the same county
        c = self.county
        # Unit B gets the people its items need to go anywhere.
        self.b_second = make_person("b.second", "杨光", c.unit_b, RoleName.SECOND_REVIEWER)
        self.b_final = make_person("b.final", "龙梅", c.unit_b, RoleName.FINAL_REVIEWER, RoleName.MAIN_LEADER)
        self.people = [
            c.drafter, c.first, c.second, c.final, c.leader, c.outsider, c.outsider_reviewer, self.b_second,
            self.b_final, c.county_reviewer, c.county_leader, c.secrecy, c.cyberspace, c.sysadmin, c.security, c.auditor,
        ]  # fmt: skip
        for person in self.people:
            # The county's people are the same objects in every run: what one run granted was rolled back.
            person.refresh_from_db()
            person._role_pairs = None
        self.items: list[int] = []
        self.refusals = 0
        self.steps = 0
        self.block_at_stage = 0  # times a block finding stood at a review stage (what issue 7's first two bypasses need)

    def teardown(self):
        stats = type(self).stats
        stats["runs"] += 1
        stats["steps"] += self.steps
        stats["refusals"] += self.refusals
        stats["block findings at a stage"] += self.block_at_stage
        for status in Submission.objects.values_list("status", flat=True):
            stats[f"items {status}"] += 1
        stats["decisions"] += Decision.objects.count()
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # -- helpers -----------------------------------------------------------------------------

    def _item(self, index: int) -> Submission:
        return Submission.objects.select_related("unit", "current_revision").get(pk=self.items[index % len(self.items)])

    def _actor(self, choice: int, *, likely: list):
        """Mostly someone who could act (so items move), sometimes anyone (so refusals are tried)."""
        pool = likely if likely and choice % 4 else self.people
        return pool[choice % len(pool)]

    def _escalator(self, s: Submission):
        """The person who may ask the offices about the item now (复审), if anyone."""
        return next((p for p in self.people if any(a.name == "escalate" for a in workflow.available_actions(s, p))), None)

    def _holder(self, s: Submission):
        """The reviewer who holds the item at their stage now (may settle findings, proofread, pass), if anyone."""
        return next((p for p in self.people if workflow.may_resolve(s, p)), None)

    def _take_out_blocked_files(self, s: Submission, user) -> None:
        """What a person does with a file that holds a block finding: deletes it (nothing else makes it go)."""
        blocked = {f.attachment_id for f in checking.gate_findings(s.current_revision)[0] if f.attachment_id}
        for attachment in s.attachments.filter(pk__in=blocked):
            self._attempt(attachments.remove_attachment, attachment, user)

    def _settle_or_correct(self, item: int, holder, resolution: str, county_wide: bool) -> Submission:
        """The reviewer at the stage tries to settle each block finding (非错误 or a whitelist proposal); where that is
        refused, as it must be, they correct the text and delete the file instead, so the item can move on."""
        s = self._item(item)
        block = checking.gate_findings(s.current_revision)[0]
        self.block_at_stage += bool(block)
        for finding in block:
            self._attempt(
                workflow.resolve_finding, s, holder, finding, resolution=resolution, reason="经核实不是错误", county_wide=county_wide
            )
        s = self._item(item)
        if any(f.revision_id for f in checking.gate_findings(s.current_revision)[0]):
            base = s.current_revision.number
            self._attempt(workflow.save_revision, s, holder, title=s.title, body=BODIES[5], base_revision=base)
        self._take_out_blocked_files(self._item(item), holder)
        return self._item(item)

    def _attempt(self, action, *args, **kwargs):
        """Run one action; a refusal must change nothing at all."""
        self.steps += 1
        before = world()
        try:
            with transaction.atomic():
                return action(*args, **kwargs)
        except REFUSALS:
            self.refusals += 1
            assert world() == before, f"{action.__name__} was refused but changed something"
            return None

    # -- rules -------------------------------------------------------------------------------

    @initialize()
    def first_items(self):
        """A draft, and an item its unit has passed (main leader included) that waits at county review: the bypasses
        that begin with county review asking for changes then need a few steps, not thirty."""
        c = self.county
        for grade in (Grade.GENERAL, Grade.IMPORTANT):
            s = workflow.create_submission(c.drafter, title=TITLES[0], body=BODIES[0], column=c.column, grade=grade)
            self.items.append(s.pk)
        s = workflow.perform(s, c.drafter, "submit")
        while s.status != Status.COUNTY_REVIEW:
            holder = next(p for p in self.people if any(a.name == "pass" for a in workflow.available_actions(s, p)))
            s = workflow.perform(s, holder, "pass", opinion="同意。", points=REVIEW_POINT_KEYS)

    @precondition(lambda self: len(self.items) < MAX_ITEMS)
    @rule(
        who=st.integers(0, 15),
        title=st.sampled_from(TITLES),
        body=st.sampled_from(DRAFTED),
        grade=st.sampled_from(GRADES),
        topics=st.sampled_from(TOPIC_SETS),
        media=st.booleans(),
    )
    def create(self, who, title, body, grade, topics, media):
        user = self._actor(who, likely=[self.county.drafter, self.county.outsider])
        target = {}
        if media and user.unit_id == self.county.unit_a.pk:
            target["media_account"] = self.county.account
        else:
            target["column"] = self.county.column
        s = self._attempt(workflow.create_submission, user, title=title, body=body, grade=grade, topics=list(topics), **target)
        if s is not None:
            self.items.append(s.pk)

    @rule(item=st.integers(0, 99), who=st.integers(0, 15), body=st.sampled_from(BODIES), stale=st.booleans())
    def edit(self, item, who, body, stale):
        s = self._item(item)
        editors = [p for p in self.people if workflow.can_edit(s, p)]
        user = self._actor(who, likely=editors)
        base = s.current_revision.number - (1 if stale and s.current_revision.number > 1 else 0)
        self._attempt(workflow.save_revision, s, user, title=s.title, body=body, base_revision=base)

    @rule(item=st.integers(0, 99), who=st.integers(0, 15), grade=st.sampled_from(GRADES), topics=st.sampled_from(TOPIC_SETS))
    def change_details(self, item, who, grade, topics):
        s = self._item(item)
        user = self._actor(who, likely=[s.drafter])
        self._attempt(
            workflow.save_revision, s, user, title=s.title, body=s.body, base_revision=s.current_revision.number,
            grade=grade, topics=list(topics),
        )  # fmt: skip

    @rule(item=st.integers(0, 99), who=st.integers(0, 15), text=st.sampled_from(("值班电话13800138000", "绝密★启用前", "分工表")))
    def attach(self, item, who, text):
        s = self._item(item)
        editors = [p for p in self.people if workflow.can_edit(s, p)]
        user = self._actor(who, likely=editors)
        added = self._attempt(attachments.add_attachment, s, user, name="附件.docx", data=_word(text))
        if added is not None:
            checking.check_attachment(added.pk)  # what the background worker does

    @rule(item=st.integers(0, 99), moves=st.integers(1, 8), objection=st.integers(0, 5))
    def advance(self, item, moves, objection):
        """Move one item forward the way its people would: 送审, each stage's 通过 with reasons (block findings settled
        if that is allowed, corrected if not), answers, 发布."""
        for _ in range(moves):
            s = self._item(item)
            if s.status in DRAFTER_STATUSES:
                user, action, kwargs = s.drafter, "submit", {}
            elif s.status == Status.ESCALATED:
                pending = s.escalations.filter(run=s.run, answered_at__isnull=True).first()
                user = self.county.secrecy if pending.kind == Escalation.Kind.SECRECY else self.county.cyberspace
                verdict = Escalation.Verdict.OBJECT if objection == 0 else Escalation.Verdict.AGREE
                action, kwargs = "answer", {"verdict": verdict}
            elif s.status == Status.APPROVED:
                user, action, kwargs = next(iter(workflow.publishers(s)), None), "publish", {"post_url": "https://mp.weixin.qq.com/s/x"}
            elif objection == 0 and not s.escalations.filter(run=s.run).exists() and (asker := self._escalator(s)):
                # 复审 asks the secrecy bureau, which (objection == 0) answers 不宜发布 a step later.
                user, action, kwargs = asker, "escalate", {"kinds": [Escalation.Kind.SECRECY]}
            else:
                # Who holds the stage is asked only when something blocks: this runs on every move.
                if checking.gate_findings(s.current_revision)[0] and (holder := self._holder(s)):
                    resolution = ("not_error", "propose_whitelist")[objection % 2]
                    s = self._settle_or_correct(item, holder, resolution, county_wide=objection > 2)
                able = [p for p in self.people if any(a.name == "pass" for a in workflow.available_actions(s, p))]
                user, action, kwargs = (able[0] if able else None), "pass", {"points": REVIEW_POINT_KEYS}
            if user is None:
                return
            if action in ("submit", "pass"):
                _, serious = checking.gate_findings(s.current_revision)
                kwargs["finding_reasons"] = {str(f.pk): "经核实" for f in serious}
            if self._attempt(workflow.perform, s, user, action, expected_version=s.version, opinion="同意。", **kwargs) is None:
                return

    @rule(item=st.integers(0, 99), body=st.sampled_from(DRAFTED), grade=st.sampled_from((None, *GRADES)))
    def drafters_turn(self, item, body, grade):
        """The drafter of an item that came back, or that 送审 refused, revises it (text, perhaps its grade; files that
        must block taken out) and sends it again."""
        s = self._item(item)
        if s.status not in DRAFTER_STATUSES:
            return
        self._take_out_blocked_files(s, s.drafter)
        title = TITLES[0] if any(word in s.title for word in FORBIDDEN) else s.title
        details = {"grade": grade} if grade else {}
        base = s.current_revision.number
        if self._attempt(workflow.save_revision, s, s.drafter, title=title, body=body, base_revision=base, **details) is None:
            return
        s = self._item(item)
        _, serious = checking.gate_findings(s.current_revision)
        reasons = {str(f.pk): "经核实" for f in serious}
        self._attempt(workflow.perform, s, s.drafter, "submit", expected_version=s.version, finding_reasons=reasons)

    @rule(
        item=st.integers(0, 99),
        body=st.sampled_from(PROOFREAD),
        attach=st.sampled_from((None, None, "绝密★启用前", "值班电话13800138000")),
        resolution=st.sampled_from(("not_error", "propose_whitelist")),
        county_wide=st.booleans(),
    )
    def reviewer_at_stage(self, item, body, attach, resolution, county_wide):
        """The reviewer holding the item proofreads it (校: new text or a file, sometimes one that must block), tries to
        settle the findings that stop it — 非错误 or a whitelist proposal, block ones included — corrects the text
        where that is refused, and passes it on.

        Block text cannot be submitted, so this is the way it reaches a stage; the random rules alone seldom chain the
        three steps on one item."""
        s = self._item(item)
        holder = self._holder(s)
        if holder is None:
            return
        if body is not None:
            base = s.current_revision.number
            self._attempt(workflow.save_revision, s, holder, title=s.title, body=body, base_revision=base)
        if attach is not None:
            added = self._attempt(attachments.add_attachment, self._item(item), holder, name="附件.docx", data=_word(attach))
            if added is not None:
                checking.check_attachment(added.pk)
        s = self._settle_or_correct(item, holder, resolution, county_wide)
        reasons = {str(f.pk): "经核实" for f in checking.gate_findings(s.current_revision)[1]}
        self._attempt(
            workflow.perform, s, holder, "pass", expected_version=s.version, opinion="同意。", points=REVIEW_POINT_KEYS,
            finding_reasons=reasons,
        )  # fmt: skip

    @rule(item=st.integers(0, 99), back=st.booleans())
    def ask_for_changes(self, item, back):
        """The reviewer holding the item sends it back: 建议修改 (or 回退 to the drafter)."""
        s = self._item(item)
        holders = [p for p in self.people if any(a.name == "request_changes" for a in workflow.available_actions(s, p))]
        if holders:
            action, kwargs = ("return", {"to_stage": "drafter"}) if back else ("request_changes", {})
            self._attempt(workflow.perform, s, holders[0], action, expected_version=s.version, opinion="请修改。", **kwargs)

    @rule(item=st.integers(0, 99), who=st.integers(0, 15), pick=st.integers(0, 99), choice=st.integers(0, 9))
    def act(self, item, who, pick, choice):
        """Anything anyone may do now (mostly), or any action by anyone (sometimes, to be refused)."""
        s = self._item(item)
        actor = self._actor(who, likely=[p for p in self.people if workflow.available_actions(s, p)])
        offered = [a.name for a in workflow.available_actions(s, actor) if a.name != "edit"]
        names = ("submit", "recall", "pass", "request_changes", "return", "send_back", "refuse", "escalate", "answer",
                 "publish", "withdraw")  # fmt: skip
        action = offered[pick % len(offered)] if offered and pick % 4 else names[pick % len(names)]
        kwargs: dict = {"opinion": "同意。" if choice % 5 else ""}
        if action in ("submit", "pass") and choice % 3:
            _, serious = checking.gate_findings(s.current_revision)
            kwargs["finding_reasons"] = {str(f.pk): "经核实" for f in serious}
        if action == "pass":
            kwargs["points"] = REVIEW_POINT_KEYS if choice % 4 else REVIEW_POINT_KEYS[:3]
        elif action == "return":
            kwargs["to_stage"] = ("drafter", Status.FIRST_REVIEW, Status.SECOND_REVIEW)[choice % 3]
        elif action == "escalate":
            kwargs["kinds"] = ([Escalation.Kind.SECRECY], [Escalation.Kind.CYBERSPACE], list(Escalation.Kind.values))[choice % 3]
        elif action == "answer":
            kwargs["verdict"] = Escalation.Verdict.values[choice % 3]
        elif action == "publish":
            kwargs["post_url"] = "https://mp.weixin.qq.com/s/x" if choice % 5 else ""
        self._attempt(workflow.perform, s, actor, action, expected_version=s.version, **kwargs)

    @rule(item=st.integers(0, 99), who=st.integers(0, 15), pick=st.integers(0, 99),
          resolution=st.sampled_from(("not_error", "not_error", "propose_whitelist", "fixed")), county_wide=st.booleans())  # fmt: skip
    def resolve(self, item, who, pick, resolution, county_wide):
        s = self._item(item)
        findings = list(s.current_revision.findings.all()) + list(checking.file_findings(s.current_revision))
        gated = [f for f in findings if f.severity in checking.GATED]
        # What people most want to make go away: the findings that stop the item.
        findings = gated if gated and pick % 4 else findings
        if not findings:
            return
        user = self._actor(who, likely=[p for p in self.people if workflow.may_resolve(s, p)] + [s.drafter])
        self._attempt(
            workflow.resolve_finding, s, user, findings[pick % len(findings)], resolution=resolution,
            reason="经核实不是错误", county_wide=county_wide,
        )  # fmt: skip

    @rule(who=st.integers(0, 15), pick=st.integers(0, 99), approve=st.booleans())
    def decide_whitelist(self, who, pick, approve):
        entries = list(WhitelistEntry.objects.filter(status__in=("proposed", "approved")).order_by("pk"))
        if not entries:
            return
        entry = entries[pick % len(entries)]
        user = self._actor(who, likely=[self.county.security])
        if entry.status == "proposed":
            self._attempt(whitelist.decide, entry, user, approve=approve, note="审批")
        else:
            self._attempt(whitelist.withdraw, entry, user, note="撤销")

    @rule(who=st.integers(0, 15), whom=st.integers(0, 15), role=st.sampled_from(CONTENT_ROLE_CHOICES), approve=st.booleans())
    def change_roles(self, who, whom, role, approve):
        c = self.county
        actor = self._actor(who, likely=[c.sysadmin])
        # Half the time for an administrator's own account: 三权分立 is what stands in the way there.
        targets = [c.sysadmin, c.security, c.auditor] if whom % 2 else self.people
        person = targets[whom // 2 % len(targets)]
        unit = person.unit if role != RoleName.COUNTY_REVIEWER else self.county.county_reviewer.unit
        request = self._attempt(roles.grant_role, actor, person, unit, role, reason="工作需要")
        if request is not None and request.status == RoleRequest.Status.PENDING:
            decider = self.county.security if approve else self.people[who % len(self.people)]
            self._attempt(roles.approve_role, decider, request, comment="同意")
        for p in self.people:
            p.refresh_from_db()
            p._role_pairs = None

    # -- invariants --------------------------------------------------------------------------

    @invariant()
    def published_items_are_what_was_signed(self):
        for s in Submission.objects.filter(status=Status.PUBLISHED).select_related("unit", "published_revision"):
            found = violations(s)
            assert not found, f"《{s.title}》 is online but: {found}"

    @invariant()
    def whitelists_in_force_were_approved_by_someone_else(self):
        for entry in WhitelistEntry.objects.filter(status="approved"):
            assert entry.decided_by_id and entry.decided_by_id != entry.added_by_id, f"{entry.text!r} approved by its author"
            security = entry.decided_by.roles.filter(role=RoleName.SECURITY_ADMIN).exists()
            assert security, f"{entry.text!r} whitelisted by someone who is not a security administrator"

    @invariant()
    def administrators_hold_no_content_role(self):
        administrators = Role.objects.filter(role__in=(RoleName.ADMIN, RoleName.SECURITY_ADMIN, RoleName.AUDITOR))
        ids = set(administrators.values_list("user_id", flat=True))
        mixed = Role.objects.filter(user_id__in=ids, role__in=CONTENT_ROLES).select_related("user").first()
        assert mixed is None, f"administrator {mixed.user} holds the content role {mixed.role}"

"""审计日志 pages: only the audit administrator reads them (三权分立: the system admin cannot).

The list is in Chinese (action, object by its title or name, result), filtered by person, unit, action, result and
date; the CSV export is UTF-8 with a BOM (Excel opens it) and is itself an audit entry; the checkpoints page is
what an operator prints and keeps away from the server.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import checkpoints
from .forms import EntryFilterForm
from .labels import DETAIL_LABELS, action_label, outcome_label, status_label
from .log import client_ip, record, verify
from .models import AuditEntry

CSV_CHUNK = 1000


def _require_auditor(request) -> None:
    if not request.user.has_role("auditor"):
        raise PermissionDenied


@dataclass
class Row:
    """One entry as the page and the CSV show it."""

    entry: AuditEntry
    action: str
    object: str
    outcome: str
    unit: str


def _object_names(entries: list[AuditEntry]) -> dict[tuple[str, str], str]:
    """(object_type, object_id) → "稿件《…》", "人员 张三": one query per kind of object on the page."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.object_type and e.object_id:
            wanted[e.object_type].add(e.object_id)
    names = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
            found = model._default_manager.filter(pk__in=ids)
            for obj in found:
                names[(label, str(obj.pk))] = f"{model._meta.verbose_name}{_title(obj)}"
        except (LookupError, ValueError, ValidationError):
            continue  # a type that no longer exists, or ids of another shape: shown as recorded
    return names


def _title(obj) -> str:
    title = getattr(obj, "title", "")
    if title:
        return f"《{title}》"
    name = getattr(obj, "display_name", "") or getattr(obj, "name", "") or str(obj)
    username = getattr(obj, "username", "")
    return f" {name}（{username}）" if username and username != name else f" {name}"


def _describe(e: AuditEntry, names: dict[tuple[str, str], str]) -> str:
    if not e.object_type:
        username = (e.detail or {}).get("username")  # a failed login or a lockout names the account tried
        return f"账号 {username}" if username else ""
    known = names.get((e.object_type, e.object_id))
    if known:
        return known
    try:
        kind = apps.get_model(e.object_type)._meta.verbose_name
    except LookupError:
        kind = e.object_type
    recorded = (e.detail or {}).get("object") or (e.detail or {}).get("title")
    return f"{kind} {recorded or '#' + e.object_id}（已删除）"


# Decisions taken at a stage: the list says which stage ("审核通过（初审初校）").
STAGE_ACTIONS = frozenset({"review.pass", "review.request_changes", "review.return", "review.refuse"})


def _rows(entries: list[AuditEntry]) -> list[Row]:
    names = _object_names(entries)
    return [Row(e, _action(e), _describe(e, names), outcome_label(e.outcome), _unit(e)) for e in entries]


def _action(e: AuditEntry) -> str:
    stage = (e.detail or {}).get("from_status") if e.action in STAGE_ACTIONS else None
    return f"{action_label(e.action)}（{status_label(stage)}）" if stage else action_label(e.action)


def _unit(e: AuditEntry) -> str:
    unit = getattr(e.actor, "unit", None) if e.actor_id else None
    return (unit.short_name or unit.name) if unit else ""


def _errors(form: EntryFilterForm) -> list[str]:
    """"起始日期：请输入有效日期。": each field's message says which field it is about."""
    if not form.is_bound or form.is_valid():
        return []
    return [
        f"{form.fields[name].label}：{message}" if name in form.fields else message
        for name, messages in form.errors.items()
        for message in messages
    ]


def _entries(form: EntryFilterForm):
    return form.apply(AuditEntry.objects.select_related("actor__unit"))


@login_required
def entries(request):
    _require_auditor(request)
    form = EntryFilterForm(request.GET or None)
    page = Paginator(_entries(form), 50).get_page(request.GET.get("page"))
    result = None
    if request.GET.get("verify"):
        count, problems = verify()
        result = {"count": count, "problems": problems, "checkpoints": len(checkpoints.read()[0])}
    context = {"form": form, "errors": _errors(form), "page": page, "rows": _rows(list(page)), "result": result}
    return render(request, "audit/entries.html", context)


@login_required
def entry(request, seq: int):
    _require_auditor(request)
    found = AuditEntry.objects.select_related("actor__unit").filter(seq=seq).first()
    if found is None:
        raise Http404
    (row,) = _rows([found])
    details = [(DETAIL_LABELS.get(k, k), _detail_value(k, v)) for k, v in (found.detail or {}).items()]
    seqs = AuditEntry.objects.order_by("seq").values_list("seq", flat=True)
    context = {
        "row": row,
        "e": found,
        "details": details,
        "previous": seqs.filter(seq__lt=seq).last(),
        "following": seqs.filter(seq__gt=seq).first(),
    }
    return render(request, "audit/entry.html", context)


def _detail_value(key: str, value) -> str:
    if key.endswith("status") and isinstance(value, str):
        return status_label(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return "" if value is None else str(value)


@login_required
def export(request):
    """CSV of the filtered entries, every one of them (not one page); the export itself is audited first."""
    _require_auditor(request)
    form = EntryFilterForm(request.GET or None)
    qs = _entries(form).order_by("seq")
    filters = {k: str(v) for k, v in (form.cleaned_data.items() if form.is_bound and form.is_valid() else ()) if v}
    record("audit.exported", actor=request.user, ip=client_ip(request), count=qs.count(), filters=filters)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(_csv_lines(qs), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_HEADER = ["序号", "时间", "操作人", "单位", "操作", "操作代码", "对象", "结果", "来源地址", "详情", "哈希"]


def _csv_lines(qs):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADER)  # the BOM: Excel reads the file as UTF-8
    chunk: list[AuditEntry] = []
    for e in qs.iterator(chunk_size=CSV_CHUNK):
        chunk.append(e)
        if len(chunk) == CSV_CHUNK:
            yield from _csv_chunk(writer, chunk)
            chunk = []
    yield from _csv_chunk(writer, chunk)


def _csv_chunk(writer, chunk: list[AuditEntry]):
    for r in _rows(chunk):
        e = r.entry
        cells = [
            e.seq, timezone.localtime(e.created).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name, r.unit, r.action,
            e.action, r.object, r.outcome, e.ip or "", json.dumps(e.detail, ensure_ascii=False), e.hash,
        ]  # fmt: skip
        yield writer.writerow([_cell(c) for c in cells])


def _cell(value) -> str:
    # A name or detail typed by a user must not run as a spreadsheet formula (CSV injection).
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def checkpoint_list(request):
    """检查点: for printing. Each line is checked against the database as it is now."""
    _require_auditor(request)
    marks, bad = checkpoints.read()
    hashes = dict(AuditEntry.objects.filter(seq__in={m.seq for m in marks}).values_list("seq", "hash"))
    purged_before = max((m.seq for m in marks if m.kind == checkpoints.PURGE), default=0)
    rows = []
    for m in reversed(marks):
        if m.kind == checkpoints.PURGE:
            state = "清理后的链首"
        elif m.seq not in hashes:
            state = "已按期清理" if m.seq < purged_before else "库中缺失"
        else:
            state = "一致" if hashes[m.seq] == m.hash else "不一致"
        rows.append((m, state))
    context = {"rows": rows, "bad": bad, "path": checkpoints.path(), "now": timezone.now()}
    return render(request, "audit/checkpoints.html", context)

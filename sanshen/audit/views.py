"""审计日志 pages: only the audit administrator reads them (三权分立: the system admin cannot)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .log import verify
from .models import AuditEntry


def _require_auditor(request):
    if not request.user.has_role("auditor"):
        raise PermissionDenied


@login_required
def entries(request):
    _require_auditor(request)
    qs = AuditEntry.objects.all()
    action = request.GET.get("action", "").strip()
    who = request.GET.get("who", "").strip()
    if action:
        qs = qs.filter(action__startswith=action)
    if who:
        qs = qs.filter(actor_name__icontains=who)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    result = None
    if request.GET.get("verify"):
        count, problems = verify()
        result = {"count": count, "problems": problems}
    return render(request, "audit/entries.html", {"page": page, "action": action, "who": who, "result": result})

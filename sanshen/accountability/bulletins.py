"""通报: drafting, editing and issuing a period's bulletin, and rendering it for the page, the download and the command.

A draft shows the register as it stands. Issuing freezes it: the figures (scores included) and the rendered .docx
and PDF are stored with the bulletin, which from then on is only ever read back from what was stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from sanshen.audit.log import record

from . import rules
from .charts import all_charts
from .documents import BulletinText, bulletin_docx, bulletin_pdf
from .exceptions import InvalidInput, InvalidTransition, NotAllowed
from .figures import compute_figures
from .models import Bulletin
from .periods import Period, parse_period

EDITABLE_FIELDS = ("number", "title", "recipients", "intro", "analysis", "requirements", "issuer", "issue_date", "copy_to")
FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf": "application/pdf"}

DEFAULT_REQUIREMENTS = (
    "（一）压实审核责任。各单位要严格执行“三审三校”制度，主要领导切实履行第一责任人职责，分管领导和科室负责人层层把关，做到先审后发。\n"
    "（二）抓好问题整改。对本通报所列问题，相关单位要在规定时限内整改到位，并举一反三开展自查。\n"
    "（三）加强保密审查。涉及国家秘密、工作秘密和个人信息的内容一律不得上网，确需公开的须脱敏处理。"
)


def county_name() -> str:
    return settings.SANSHEN_COUNTY_NAME


def issuer_name() -> str:
    return f"{county_name()}人民政府办公室"


def default_number(period: Period) -> str:
    """锦府办通〔2026〕3号: the next number of the year's issued bulletins."""
    issued = Bulletin.objects.issued().filter(period__startswith=str(period.year)).count()
    return f"{county_name()[0]}府办通〔{period.year}〕{issued + 1}号"


def default_text(period: Period) -> BulletinText:
    return BulletinText(
        number=default_number(period),
        title=f"关于{period.label}全县政府网站和政务新媒体信息发布审核情况的通报",
        recipients="各乡镇人民政府，县直各部门：",
        intro=(
            f"按照《{county_name()}人民政府网站及政务新媒体平台信息发布“三审三校”制度》要求，县人民政府办公室对{period.label}"
            "各单位信息报送审核、发布及错敏字登记整改情况进行了统计，现将有关情况通报如下。"
        ),
        analysis="",
        requirements=DEFAULT_REQUIREMENTS,
        issuer=issuer_name(),
        issue_date=timezone.localdate(),
        copy_to="县人民政府办公室主要负责同志",
    )


def text_of(bulletin: Bulletin) -> BulletinText:
    return BulletinText(**{name: getattr(bulletin, name) for name in EDITABLE_FIELDS})


def create_draft(period: Period, user, *, ip: str | None = None) -> Bulletin:
    if not rules.can_manage(user):
        raise NotAllowed("只有县政府办可以起草通报", code="not_office")
    text = default_text(period)
    with transaction.atomic():
        bulletin = Bulletin.objects.create(period=period.code, created_by=user, **text.__dict__)
        record("accountability.bulletin_draft", actor=user, obj=bulletin, ip=ip, period=period.code)
    return bulletin


def update_draft(bulletin: Bulletin, user, *, ip: str | None = None, **fields) -> Bulletin:
    if not rules.can_manage(user):
        raise NotAllowed("只有县政府办可以修改通报", code="not_office")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(f"未知字段：{', '.join(sorted(unknown))}", code="unknown_field")
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if locked.is_issued:
            raise InvalidTransition("通报已印发存档，不能修改", code="bulletin_issued")
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, fields[name])
        for name in ("title", "recipients", "intro", "issuer"):
            if not str(getattr(locked, name)).strip():
                raise InvalidInput("标题、主送、开头和发文机关不能为空", code="text_required")
        if changed:
            locked.save()
            record("accountability.bulletin_edit", actor=user, obj=locked, ip=ip, fields=changed)
    return locked


def issue(bulletin: Bulletin, user, *, ip: str | None = None) -> Bulletin:
    """印发: freeze the figures and the rendered files; the bulletin never changes again."""
    if not rules.can_manage(user):
        raise NotAllowed("只有县政府办可以印发通报", code="not_office")
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if locked.is_issued:
            raise InvalidTransition("通报已印发，不能重复印发", code="bulletin_issued")
        if not locked.number.strip():
            raise InvalidInput("请先填写文号", code="number_required")
        if Bulletin.objects.issued().filter(period=locked.period).exists():
            raise InvalidTransition(f"{parse_period(locked.period).label}的通报已经印发过", code="period_issued")
        figures = compute_figures(parse_period(locked.period))
        text = text_of(locked)
        charts = all_charts(figures)
        locked.figures = figures
        locked.docx.save(f"bulletin-{locked.period}-{locked.pk}.docx", ContentFile(bulletin_docx(text, figures, charts)), save=False)
        locked.pdf.save(f"bulletin-{locked.period}-{locked.pk}.pdf", ContentFile(bulletin_pdf(text, figures, charts)), save=False)
        locked.status = Bulletin.Status.ISSUED
        locked.issued_by, locked.issued_at = user, timezone.now()
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            raise InvalidTransition("本期通报已经印发过", code="period_issued") from None
        record(
            "accountability.bulletin_issue",
            actor=user,
            obj=locked,
            ip=ip,
            period=locked.period,
            number=locked.number,
            errors=figures["totals"]["errors"],
        )
    return locked


def figures_of(bulletin: Bulletin) -> dict:
    """An issued bulletin's stored figures, a draft's live ones."""
    return bulletin.figures if bulletin.is_issued else compute_figures(parse_period(bulletin.period))


def render(bulletin: Bulletin, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise InvalidInput(f"不支持的格式：{fmt}（可用 docx、pdf）", code="bad_format")
    if bulletin.is_issued:
        stored = bulletin.docx if fmt == "docx" else bulletin.pdf
        with stored.open("rb") as f:
            return f.read()
    figures = compute_figures(parse_period(bulletin.period))
    return _render(text_of(bulletin), figures, fmt)


def _render(text: BulletinText, figures: dict, fmt: str) -> bytes:
    charts = all_charts(figures)
    return bulletin_docx(text, figures, charts) if fmt == "docx" else bulletin_pdf(text, figures, charts)


def period_document(period: Period, fmt: str) -> tuple[bytes, Bulletin | None]:
    """The command's document: the issued bulletin of the period if there is one, else one drawn from the register now."""
    if fmt not in FORMATS:
        raise InvalidInput(f"不支持的格式：{fmt}（可用 docx、pdf）", code="bad_format")
    issued = Bulletin.objects.issued().filter(period=period.code).first()
    if issued is not None:
        return render(issued, fmt), issued
    return _render(default_text(period), compute_figures(period), fmt), None

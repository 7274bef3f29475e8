"""上级通报导入: the errors a superior department or the cyberspace office reported, from an .xlsx sheet.

Every row is checked before anything is written; one bad row and nothing is imported, and each bad row is named
with what is wrong. The first row holds the column names (TEMPLATE_COLUMNS; 应为, 说明 and 通报单位 may be left out).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sanshen.accounts.models import Unit
from sanshen.audit.log import record

from .categories import all_categories
from .exceptions import ImportFailed
from .models import ErrorEntry, Severity, Source
from .register import register_error

TEMPLATE_COLUMNS = ("单位", "发现日期", "差错类别", "差错性质", "差错原文", "应为", "说明", "页面地址", "通报文号", "通报单位")
REQUIRED_COLUMNS = ("单位", "发现日期", "差错类别", "差错性质", "差错原文", "页面地址", "通报文号")
MAX_ROWS = 2000
SEVERITY_WORDS = {
    "严重表述错误": Severity.SERIOUS,
    "严重": Severity.SERIOUS,
    "serious": Severity.SERIOUS,
    "一般差错": Severity.GENERAL,
    "一般": Severity.GENERAL,
    "general": Severity.GENERAL,
}


@dataclass
class ImportResult:
    created: list[ErrorEntry]
    duplicates: int


def template_xlsx() -> bytes:
    """An empty sheet with the column names and one example row, for the office to fill in."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "上级通报"
    sheet.append(list(TEMPLATE_COLUMNS))
    sheet.append(["三江镇", "2026-08-03", "错别字", "一般差错", "贯切落实", "贯彻落实", "", "https://www.example.gov.cn/art/1.html",
                  "黔东南州政府办〔2026〕12号", "州人民政府办公室"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def import_superior_xlsx(data: bytes, user, *, ip: str | None = None) -> ImportResult:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFailed("文件无法读取：请上传 Excel 2007 及以上版本的 .xlsx 文件", code="not_xlsx", problems=[]) from None
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    if not rows:
        raise ImportFailed("表格是空的", code="empty", problems=[])
    header = [_text(v) for v in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFailed(
            f"第 1 行缺少列：{'、'.join(missing)}（第一行须为列名：{'、'.join(TEMPLATE_COLUMNS)}）", code="missing_columns", problems=[]
        )
    index = {name: header.index(name) for name in TEMPLATE_COLUMNS if name in header}
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFailed(f"一次最多导入 {MAX_ROWS} 行，请分批导入", code="too_many_rows", problems=[])

    units = {}
    for unit in Unit.objects.all():
        units[unit.name] = unit
        if unit.short_name:
            units.setdefault(unit.short_name, unit)
    categories = {label: code for code, (label, _) in all_categories().items()}
    categories.update({code: code for code in all_categories()})
    today = timezone.localdate()

    problems, parsed = [], []
    for number, row in enumerate(rows[1:], start=2):
        cell = {name: (row[i] if i < len(row) else None) for name, i in index.items()}
        if all(_text(v) == "" for v in cell.values()):
            continue
        faults = []
        unit = units.get(_text(cell["单位"]))
        if unit is None:
            faults.append(f"单位“{_text(cell['单位'])}”不存在" if _text(cell["单位"]) else "未填单位")
        found_on = _date(cell["发现日期"])
        if found_on is None:
            faults.append(f"发现日期“{_text(cell['发现日期'])}”无法识别（应为 2026-08-03）")
        elif found_on > today:
            faults.append("发现日期晚于今天")
        category = categories.get(_text(cell["差错类别"]))
        if category is None:
            faults.append(f"差错类别“{_text(cell['差错类别'])}”无法识别")
        severity = SEVERITY_WORDS.get(_text(cell["差错性质"]))
        if severity is None:
            faults.append(f"差错性质“{_text(cell['差错性质'])}”应为“严重表述错误”或“一般差错”")
        text = _text(cell["差错原文"])
        if not text:
            faults.append("未填差错原文")
        url = _text(cell["页面地址"])
        if not url.startswith(("http://", "https://")):
            faults.append("页面地址应以 http:// 或 https:// 开头")
        reference = _text(cell["通报文号"])
        if not reference:
            faults.append("未填通报文号")
        if faults:
            problems.append(f"第 {number} 行：{'；'.join(faults)}")
            continue
        parsed.append({
            "unit": unit,
            "category": category,
            "severity": severity,
            "text": text,
            "suggestion": _text(cell.get("应为")),
            "message": _text(cell.get("说明")),
            "url": url,
            "reference": reference,
            "reporter": _text(cell.get("通报单位")) or "上级部门",
            "found_at": timezone.make_aware(dt.datetime.combine(found_on, dt.time(9, 0))),
        })
    if problems:
        raise ImportFailed(f"有 {len(problems)} 行不能导入，已全部取消，请改正后重新上传", code="bad_rows", problems=problems)
    if not parsed:
        raise ImportFailed("表格中没有数据行", code="no_rows", problems=[])

    created, duplicates = [], 0
    with transaction.atomic():
        for values in parsed:
            before = ErrorEntry.objects.count()
            entry = register_error(source=Source.SUPERIOR, found_by=user, ip=ip, **values)
            if ErrorEntry.objects.count() == before:
                duplicates += 1
            else:
                created.append(entry)
        record("accountability.import", actor=user, ip=ip, rows=len(parsed), created=len(created), duplicates=duplicates)
    return ImportResult(created=created, duplicates=duplicates)

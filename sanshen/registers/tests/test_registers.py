import io

import openpyxl
import pytest
from django.db import transaction

from sanshen.registers.loading import deployment_registers, import_words
from sanshen.registers.models import QualifiedSource, SensitiveWord
from sanshen.review.models import FindingRecord
from sanshen.test import draft


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, data",
    [
        ("words.txt", "赌博网站\n代开发票\n".encode()),
        ("words.csv", "词语,分类,级别,说明,建议\n赌博网站,违法,1,,\n代开发票,违法,2,,\n".encode()),
        ("words.xlsx", _xlsx([("词语", "分类", "级别"), ("赌博网站", "违法", 1), ("代开发票", "违法", 2)])),
    ],
)
def test_it_imports_word_lists(db, name, data):
    added, updated = import_words(data, name)
    assert (added, updated) == (2, 0)
    assert set(SensitiveWord.objects.values_list("word", flat=True)) == {"赌博网站", "代开发票"}
    assert import_words(data, name) == (0, 2)


def test_it_refuses_a_broken_file_and_keeps_nothing(db):
    with pytest.raises(ValueError) as exc:
        import_words(b"\x00\x01 not a workbook", "words.xlsx")
    assert str(exc.value)
    assert not SensitiveWord.objects.exists()


def test_the_checks_see_an_imported_word_at_once(county):
    before = draft(county, body="<p>严厉打击境外赌博网站推广活动。</p>")
    assert not before.current_revision.findings.filter(category="sensitive_word", text="赌博网站").exists()
    import_words("赌博网站,违法,2\n".encode(), "w.csv")
    after = draft(county, body="<p>严厉打击境外赌博网站推广活动。</p>")
    found = after.current_revision.findings.get(category="sensitive_word", text="赌博网站")
    assert found.severity == "serious"
    assert found.resolution == FindingRecord.Resolution.OPEN


def test_a_whitelisted_word_is_not_reported(county):
    import_words("赌博网站,违法,2\n赌博网站治理,白名单,2\n".encode(), "w.csv")
    s = draft(county, body="<p>开展赌博网站治理专项行动。</p>")
    assert not s.current_revision.findings.filter(category="sensitive_word").exists()


def test_it_reloads_only_when_a_register_changes(db, django_assert_num_queries):
    deployment_registers()
    with django_assert_num_queries(1):
        first = deployment_registers()
    QualifiedSource.objects.create(name="锦屏县融媒体中心")
    second = deployment_registers()
    assert first is not second
    assert "锦屏县融媒体中心" in second["qualified_sources"]


def test_a_change_that_was_rolled_back_leaves_no_registers_behind(db):
    # A server may load the registers inside a change's transaction; if that change is rolled back, the next change
    # must not come with the same version number, or the server would keep the registers that never were.
    deployment_registers()
    with pytest.raises(RuntimeError), transaction.atomic():
        QualifiedSource.objects.create(name="从未保存的稿源")
        assert "从未保存的稿源" in deployment_registers()["qualified_sources"]
        raise RuntimeError
    QualifiedSource.objects.create(name="锦屏县融媒体中心")
    sources = deployment_registers()["qualified_sources"]
    assert "锦屏县融媒体中心" in sources and "从未保存的稿源" not in sources


def _admin_with_word_permissions(county):
    # The word lists are the security administrator's (三权分立).
    return county.security


def test_an_admin_imports_a_word_list_through_the_admin_page(county, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sanshen.audit.models import AuditEntry

    client.force_login(_admin_with_word_permissions(county))
    page = client.get("/manage/registers/sensitiveword/")
    assert "导入词库文件" in page.content.decode()
    upload = SimpleUploadedFile("词库.csv", "词语,分类,级别\n赌博网站,违法,1\n代开发票,违法,2\n".encode())
    r = client.post("/manage/registers/sensitiveword/import/", {"file": upload})
    assert r.status_code == 302
    assert dict(SensitiveWord.objects.values_list("word", "level")) == {"赌博网站": 1, "代开发票": 2}
    entry = AuditEntry.objects.get(action="registers.words_imported")
    assert (entry.actor_id, entry.detail["added"]) == (county.security.pk, 2)


def test_the_admin_page_refuses_a_broken_word_list_in_chinese(county, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(_admin_with_word_permissions(county))
    upload = SimpleUploadedFile("词库.xlsx", b"\x00\x01 not a workbook")
    r = client.post("/manage/registers/sensitiveword/import/", {"file": upload})
    assert r.status_code == 400
    assert "无法读取 Excel 文件“词库.xlsx”" in r.content.decode()
    assert not SensitiveWord.objects.exists()

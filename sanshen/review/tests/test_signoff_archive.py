"""审签表存档: the form is kept in the unit's archive the moment the item leaves the unit."""

import io
import zipfile

from django.core.files.base import ContentFile

from sanshen.review import signoff
from sanshen.review.models import Grade, SignOffRecord, Status
from sanshen.test import pass_as

from .helpers import general_item_at


def test_it_archives_the_form_when_a_general_item_leaves_its_unit(county, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        s = general_item_at(county, Status.FINAL_REVIEW)
    assert SignOffRecord.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        s = pass_as(s, county.final)
    assert s.status == Status.COUNTY_REVIEW
    (record,) = SignOffRecord.objects.all()
    assert (record.submission, record.unit, record.run, record.title, record.is_scan) == (
        s, county.unit_a, 1, s.title, False,
    )
    assert record.fingerprint == signoff.build_form(s, 1).fingerprint
    assert record.pdf.read().startswith(b"%PDF")
    assert record.png.read().startswith(b"\x89PNG")


def test_it_archives_an_important_item_after_the_main_leader_signs(county, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        s = pass_as(general_item_at(county, Status.FINAL_REVIEW, grade=Grade.IMPORTANT), county.final)
    assert (s.status, SignOffRecord.objects.count()) == (Status.MAIN_LEADER, 0)
    with django_capture_on_commit_callbacks(execute=True):
        pass_as(s, county.leader)
    assert SignOffRecord.objects.filter(submission=s, run=1).count() == 1


def test_it_archives_the_scan_of_a_paper_unit(county, django_capture_on_commit_callbacks):
    county.unit_a.signs_on_paper = True
    county.unit_a.save(update_fields=["signs_on_paper"])
    s = general_item_at(county, Status.FINAL_REVIEW)
    s.form_scan.save("scan.pdf", ContentFile(b"%PDF-1.4 scanned form of unit A"), save=True)
    with django_capture_on_commit_callbacks(execute=True):
        pass_as(s, county.final)
    (record,) = SignOffRecord.objects.all()
    assert (record.is_scan, record.fingerprint, record.png.name) == (True, "", "")
    assert record.pdf.read() == b"%PDF-1.4 scanned form of unit A"


def test_it_serves_the_form_to_the_unit(county, client):
    s = general_item_at(county, Status.SECOND_REVIEW)
    client.force_login(county.drafter)
    r = client.get(f"/work/submissions/{s.pk}/form.pdf")
    assert (r.status_code, r["Content-Type"]) == (200, "application/pdf")
    assert r.content.startswith(b"%PDF")
    r = client.get(f"/work/submissions/{s.pk}/form.docx")
    assert r.status_code == 200
    assert r["Content-Disposition"] == f'attachment; filename="signoff-{s.pk}.docx"'
    assert client.get(f"/work/submissions/{s.pk}/form.exe").status_code == 404


def test_it_lists_and_exports_the_units_forms(county, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        s = general_item_at(county, Status.COUNTY_REVIEW)
    record = SignOffRecord.objects.get()
    for person in (county.drafter, county.county_reviewer):
        client.force_login(person)
        assert s.title in client.get("/work/archive/?q=森林防火").content.decode()
        r = client.get(f"/work/archive/{record.pk}.pdf")
        assert (r.status_code, r["Content-Type"]) == (200, "application/pdf")
    r = client.get("/work/archive/?export=zip")
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert names == [f"{record.created:%Y%m%d}-{s.pk}-1-{s.title}.pdf"]

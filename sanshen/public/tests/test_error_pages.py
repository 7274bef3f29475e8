import pytest
from django.test import Client


@pytest.mark.parametrize("url", ["/no-such-page/", "/article/00000000-0000-0000-0000-000000000000/", "/work/submissions/999999/"])
def test_it_answers_404_in_chinese_without_details(county, url):
    client = Client()
    client.force_login(county.first)
    r = client.get(url)
    assert r.status_code == 404
    body = r.content.decode()
    assert "页面不存在" in body
    for leak in ("Traceback", "SELECT", "/work/main", "sanshen/", "DEBUG"):
        assert leak not in body


def test_it_answers_500_in_chinese_without_a_stack_trace(county, settings, monkeypatch):
    from sanshen.review import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom at /work/main/sanshen/review/views.py")

    monkeypatch.setattr(views, "_get_submission", broken)
    client = Client(raise_request_exception=False)
    client.force_login(county.first)
    r = client.get("/work/submissions/1/")
    assert r.status_code == 500
    body = r.content.decode()
    assert "系统出错" in body
    assert "boom" not in body and "Traceback" not in body

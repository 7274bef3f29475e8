"""Real parallel requests on one item, against a live server on PostgreSQL.

Several people eligible for the same stage press 通过 at the same moment: the row lock in
workflow.perform() lets exactly one through, and everyone else is told it was already handled.
Two editors saving on the same base revision: one wins, the other gets the 409 diff page.

PostgreSQL only: SQLite serialises writers and the test database lives in one connection, so
the race this guards against cannot happen there (the CI runs the suite a second time on PostgreSQL).
"""

import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from sanshen.audit.models import AuditEntry
from sanshen.review.models import REVIEW_POINT_KEYS, Decision, Revision, Status
from sanshen.test import PASSWORD, make_person

from .helpers import general_item_at, refreshed

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a real write race needs PostgreSQL"),
]

ALREADY_HANDLED = "已被他人处理：稿件状态或内容已变化，请刷新后查看"


class Browser:
    """One person's own session against the live server: a cookie jar, and the CSRF token it holds."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, final URL, page) after following redirects; 4xx answers are returned, not raised."""
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._csrf()}, doseq=True).encode()
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=30) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode()

    def login(self, username: str) -> None:
        self.request("/accounts/login/")
        status, url, _ = self.request("/accounts/login/", {"username": username, "password": PASSWORD})
        assert (status, url) == (200, self.base_url + "/work/"), f"{username} could not log in"

    def _csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == settings.CSRF_COOKIE_NAME)


def _race(requests: list) -> list[tuple[int, str, str]]:
    """Run each zero-argument request in its own thread, all released at the same moment."""
    barrier = threading.Barrier(len(requests))
    results: list = [None] * len(requests)

    def run(i: int) -> None:
        barrier.wait(timeout=30)
        results[i] = requests[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert all(r is not None for r in results), "a request never came back"
    return results


def _logged_in(live_server, username: str) -> Browser:
    browser = Browser(live_server.url)
    browser.login(username)
    return browser


def test_it_lets_exactly_one_of_several_reviewers_pass_at_the_same_moment(county, live_server):
    reviewers = [county.first] + [
        make_person(f"a.first{n}", name, county.unit_a, "first_reviewer") for n, name in ((2, "杨帆"), (3, "龙涛"), (4, "吴静"))
    ]
    s = general_item_at(county, Status.FIRST_REVIEW)
    version = s.version
    browsers = [_logged_in(live_server, reviewer.username) for reviewer in reviewers]
    data = {"action": "pass", "version": version, "opinion": "同意。", "points": list(REVIEW_POINT_KEYS)}
    url = f"/work/submissions/{s.pk}/action/"

    results = _race([lambda b=b: b.request(url, data) for b in browsers])

    assert [status for status, _, _ in results] == [200] * len(reviewers)
    winners = [i for i, (_, _, page) in enumerate(results) if "初审通过，已送复审复校" in page]
    losers = [i for i, (_, _, page) in enumerate(results) if ALREADY_HANDLED in page]
    assert len(winners) == 1
    assert sorted(winners + losers) == list(range(len(reviewers)))
    s = refreshed(s)
    assert (s.status, s.version) == (Status.SECOND_REVIEW, version + 1)
    (decision,) = Decision.objects.filter(submission=s, action=Decision.Action.PASS)
    assert decision.actor == reviewers[winners[0]]
    assert AuditEntry.objects.filter(action="review.pass", object_id=str(s.pk)).count() == 1


def test_it_keeps_one_of_two_edits_on_the_same_base_revision(county, live_server):
    other = make_person("a.first2", "杨帆", county.unit_a, "first_reviewer")
    s = general_item_at(county, Status.FIRST_REVIEW)
    bodies = {county.first.username: "<p>三江镇召开冬季防火会议。</p>", other.username: "<p>三江镇召开春季防火会议。</p>"}
    browsers = {username: _logged_in(live_server, username) for username in bodies}
    url = f"/work/submissions/{s.pk}/edit/"

    answers = _race(
        [lambda u=u: browsers[u].request(url, {"title": s.title, "body": bodies[u], "base_revision": 1}) for u in bodies]
    )
    results = dict(zip(bodies, answers))

    statuses = sorted(status for status, _, _ in results.values())
    assert statuses == [200, 409]
    (winner,) = [u for u, (status, _, _) in results.items() if status == 200]
    (loser,) = [u for u, (status, _, _) in results.items() if status == 409]
    assert "修改已保存为新版本。" in results[winner][2]
    assert "稿件已被他人修改（当前为第 2 版，您编辑的是第 1 版），请查看差异后重新修改" in results[loser][2]
    revisions = list(Revision.objects.filter(submission=s).values_list("number", "author__username", "body"))
    assert revisions == [(1, "a.drafter", s.body), (2, winner, bodies[winner])]
    assert refreshed(s).version == 2
    assert AuditEntry.objects.filter(action="review.edit", object_id=str(s.pk)).count() == 1

"""Desk speed: every click a county clerk makes on the review desk, timed through a real HTTP server.

    .venv/bin/python bench/desk_speed.py [--items 12] [--workers 4] [--port 8765] [--keep]

It loads the demo county (`sanshen demo`) into a throw-away data folder (SQLite, as `make run`), starts the app as
`make run` does (scripts/serve.sh: gunicorn with scripts/gunicorn.conf.py, DEBUG off, and the huey consumer beside
it) on loopback, and presses the clerks' clicks with httpx, one person per client with their own session:

  拟稿人: 我的待办, 新建稿件 (page, save), 稿件页, 修改 (page, save), 修改对比, 送审
  初审、复审、终审: 我的待办, 稿件页, 通过 (with the eight points); 复审 once asks for changes, the drafter revises
  县信息中心: 我的待办, 县级队列, 稿件页, 审签表 (until the background drawing is ready), 通过, 发布
  and the archive, the list, notifications.

A click is what the browser waits for: the POST and the page its redirect leads to, counted together. Prints a
Markdown table of median / p95 / max per click and overall, with the machine's load before and after; exits 1 when
any click's p95 is above the target (300 ms).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
TARGET_P95_MS = 300.0
DEMO_PASSWORD = "Jinping@2026"
POINTS = ("political", "secrecy", "truthfulness", "timeliness", "accuracy", "completeness", "safety", "presentation")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
BASE_REVISION = re.compile(r'name="base_revision" value="(\d+)"')
TARGET = re.compile(r'<option value="(column:\d+)">网站栏目 · 乡镇动态</option>')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=12, help="items taken from 新建 to 发布")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("SANSHEN_WORKERS", "4")))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the data folder afterwards")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="sanshen-desk-"))
    env = {
        **os.environ,
        "SANSHEN_VAR_DIR": str(folder / "var"),
        "SANSHEN_AUDIT_KEY": "desk-speed-bench",
        "SANSHEN_AUDIT_CHECKPOINT_DIR": str(folder / "checkpoints"),
        "SANSHEN_DEBUG": "false",
        "SANSHEN_HUEY_IMMEDIATE": "false",
        "SANSHEN_WORKERS": str(args.workers),
    }
    env.pop("DATABASE_URL", None)
    env.pop("SANSHEN_REDIS_URL", None)
    print(f"数据目录 {folder}；载入演示县……", flush=True)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"], ["demo"]):
        subprocess.run([str(BIN / "sanshen"), *command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        ["bash", "scripts/serve.sh", "127.0.0.1", str(args.port)], env=env, cwd=ROOT, start_new_session=True
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        _wait_until_up(base)
        load_before = os.getloadavg()
        timings = Desk(base, env).run(args.items)
        load_after = os.getloadavg()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return report(timings, args, load_before, load_after)


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/accounts/login/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("服务未在 60 秒内启动")


class Person:
    """One logged-in browser: a client with its own cookies, timing every click."""

    def __init__(self, base: str, username: str, timings: dict, env: dict):
        self.client = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
        self.timings = timings
        self.username = username
        page = self.client.get("/accounts/login/")
        r = self.client.post(
            "/accounts/login/",
            data={"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": _csrf(page.text)},
        )
        assert r.status_code == 302, f"{username} could not log in ({r.status_code})"
        r = self.client.get(r.headers["location"])
        if r.headers.get("location", "").startswith("/accounts/second-factor/"):
            code = subprocess.run(
                [str(BIN / "sanshen"), "demo_code"], env=env, cwd=ROOT, check=True, capture_output=True, text=True
            ).stdout.strip()
            page = self.client.get("/accounts/second-factor/")
            r = self.client.post("/accounts/second-factor/", data={"code": code, "csrfmiddlewaretoken": _csrf(page.text)})
            assert r.status_code == 302, f"{username}: the second factor was refused ({r.status_code})"
        assert self.client.get("/work/submissions/").status_code == 200, f"{username} could not log in"

    def get(self, name: str, url: str) -> httpx.Response:
        start = time.perf_counter()
        r = self.client.get(url)
        self.timings[name].append((time.perf_counter() - start) * 1000)
        assert r.status_code in (200, 202), f"{self.username} {name} {url}: {r.status_code}"
        return r

    def post(self, name: str, url: str, data: dict, files=None) -> httpx.Response:
        """A click on a form button: the POST and the page its redirect leads to."""
        page_csrf = data.pop("_csrf")
        start = time.perf_counter()
        r = self.client.post(url, data={**data, "csrfmiddlewaretoken": page_csrf}, files=files)
        assert r.status_code == 302, f"{self.username} {name} {url}: {r.status_code} {r.text[:300]}"
        r = self.client.get(r.headers["location"])
        self.timings[name].append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200, f"{self.username} {name} → {r.url}: {r.status_code}"
        error = re.search(r'<li class="msg-error">([^<]+)', r.text)
        assert error is None, f"{self.username} {name}: {error.group(1)}"
        return r


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


class Desk:
    def __init__(self, base: str, env: dict):
        self.timings: dict[str, list[float]] = defaultdict(list)
        people = ("sanjiang.drafter", "sanjiang.first", "sanjiang.second", "sanjiang.final", "xxzx.reviewer")
        self.drafter, self.first, self.second, self.final, self.county = (
            Person(base, name, self.timings, env) for name in people
        )

    def run(self, items: int) -> dict[str, list[float]]:
        for i in range(items):
            self.one_item(i)
        return self.timings

    def one_item(self, i: int) -> None:
        d = self.drafter
        d.get("我的待办", "/work/")
        page = d.get("新建稿件（页面）", "/work/submissions/new/")
        column = TARGET.search(page.text).group(1)
        body = (
            f"<p>11月{i % 28 + 1}日，三江镇召开第{i + 1}次森林防火工作部署会，镇党委、政府班子成员参加会议。</p>"
            "<p>会议要求，各村（社区）要压紧压实森林防火责任，加强野外用火管理，确保全镇森林资源安全。</p>"
        )
        r = d.post(
            "新建稿件（保存）",
            "/work/submissions/new/",
            {"_csrf": _csrf(page.text), "title": f"三江镇部署森林防火工作（{i + 1}）", "body": body, "target": column, "grade": "general"},
        )
        url = str(r.url.path)
        pk = int(url.rstrip("/").rsplit("/", 1)[1])
        page = d.get("修改稿件（页面）", f"{url}edit/")
        d.post(
            "修改稿件（保存）",
            f"{url}edit/",
            {
                "_csrf": _csrf(page.text), "title": f"三江镇部署秋冬季森林防火工作（{i + 1}）", "body": body,
                "target": column, "grade": "general", "base_revision": BASE_REVISION.search(page.text).group(1),
            },
        )  # fmt: skip
        d.get("修改对比", f"{url}diff/")
        self._act(d, "稿件页", "送审", url, "submit")
        self._act(self.first, "稿件页", "通过（初审）", url, "pass", opinion="同意。", points=POINTS)
        if i % 3 == 0:
            self._act(self.second, "稿件页", "建议修改", url, "request_changes", opinion="请补充会议时间。")
            page = d.get("修改稿件（页面）", f"{url}edit/")
            d.post(
                "修改稿件（保存）",
                f"{url}edit/",
                {
                    "_csrf": _csrf(page.text), "title": f"三江镇部署秋冬季森林防火工作（{i + 1}）",
                    "body": body + "<p>会议时间为上午9时。</p>", "target": column, "grade": "general",
                    "base_revision": BASE_REVISION.search(page.text).group(1),
                },
            )  # fmt: skip
            self._act(d, "稿件页", "重新送审", url, "submit")
            self._act(self.first, "稿件页", "通过（初审）", url, "pass", opinion="同意。", points=POINTS)
        self._act(self.second, "稿件页", "通过（复审）", url, "pass", opinion="同意。", points=POINTS)
        self._act(self.final, "稿件页", "通过（终审）", url, "pass", opinion="同意发布。", points=POINTS)
        c = self.county
        c.get("县级队列", "/work/queues/")
        self._form_ready(c, pk)
        self._act(c, "稿件页（县级，含审签表）", "通过（县级审核）", url, "pass", opinion="审核通过。")
        page = self._act(c, "稿件页", "发布", url, "publish")
        assert "已发布到网站" in page.text, "发布 did not say where the item is online"
        c.get("审签表 PDF", f"{url}form.pdf")
        if i % 4 == 0:
            for person in (d, self.second, c):
                person.get("稿件列表", "/work/submissions/")
                person.get("通知", "/work/notifications/")
                person.get("审签表存档", "/work/archive/")

    def _act(self, person: Person, page_name: str, name: str, url: str, action: str, **data) -> httpx.Response:
        person.get("我的待办", "/work/")
        page = person.get(page_name, url)
        version = VERSION.search(page.text).group(1)
        fields = {"_csrf": _csrf(page.text), "action": action, "version": version, "opinion": data.get("opinion", "")}
        if "points" in data:
            fields["points"] = list(data["points"])
        return person.post(name, f"{url}action/", fields)

    def _form_ready(self, person: Person, pk: int) -> None:
        """The county page shows the form once the background drawing is done; until then it polls form-status."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            r = person.get("审签表（生成状态）", f"/work/submissions/{pk}/form-status/")
            if "form-pending" not in r.text:
                person.get("审签表图片", f"/work/submissions/{pk}/form.png")
                return
            time.sleep(0.5)
        raise AssertionError("审签表 not drawn within 30 s")


def report(timings: dict[str, list[float]], args, load_before, load_after) -> int:
    every = [t for values in timings.values() for t in values]
    print(f"\n### 审核台点击耗时（gunicorn {args.workers} 个工作进程 + huey，演示县，{args.items} 篇稿件从新建到发布）\n")
    print(f"负载 {load_before[0]:.2f} → {load_after[0]:.2f}（1 分钟平均）\n")
    print("| 点击 | 次数 | 中位数 ms | p95 ms | 最大 ms |")
    print("|---|---:|---:|---:|---:|")
    for name, values in sorted(timings.items(), key=lambda kv: -_p95(kv[1])):
        print(f"| {name} | {len(values)} | {statistics.median(values):.0f} | {_p95(values):.0f} | {max(values):.0f} |")
    overall = _p95(every)
    print(f"| **全部** | {len(every)} | {statistics.median(every):.0f} | **{overall:.0f}** | {max(every):.0f} |")
    slow = [name for name, values in timings.items() if _p95(values) > TARGET_P95_MS]
    verdict = "每种点击都达到" if not slow else f"未达到：{'、'.join(slow)}"
    print(f"\n目标：每种点击 p95 ≤ {TARGET_P95_MS:.0f} ms —— {verdict}")
    return 0 if not slow else 1


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


if __name__ == "__main__":
    sys.exit(main())

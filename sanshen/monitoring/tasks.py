"""监测的定时任务 (huey): the nightly site crawl, account checks every six hours, reposts daily, probes twice an hour."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .models import MonitorRun


@db_periodic_task(crontab(hour="2", minute="10"))
def crawl_sites() -> int:
    """网站巡检 of every active website, at night when the county portal is quiet."""
    from .runs import run_due

    return len(run_due(MonitorRun.Kind.SITE))


@db_periodic_task(crontab(hour="*/6", minute="40"))
def check_accounts() -> int:
    """新媒体账号: new posts and 僵尸号 risk."""
    from .runs import run_due

    return len(run_due(MonitorRun.Kind.ACCOUNT))


@db_periodic_task(crontab(hour="4", minute="20"))
def compare_reposts() -> int:
    """转载比对 of every published repost against its original."""
    from .runs import run_due

    return len(run_due(MonitorRun.Kind.REPOSTS))


@db_periodic_task(crontab(minute="5,35"))
def probe_sites() -> int:
    """站点可访问性: 48 probes a day (国办: at least 20), each giving up after 15 seconds."""
    from .runs import probe_sites as probe

    return probe()


@db_task()
def execute_run(run_pk: int) -> int:
    """A run started from the 监测 page."""
    from .runs import execute

    run = MonitorRun.objects.select_related("site").get(pk=run_pk)
    return execute(run).pk

"""The daily checkpoint: the chain's head goes outside the database at least once a day, whatever else happens."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .log import checkpoint


@db_periodic_task(crontab(hour="0", minute="10"))
def daily_checkpoint() -> int:
    mark = checkpoint("daily")
    return mark.seq if mark else 0

"""gunicorn's settings for sanshen: the same for `make run` (scripts/serve.sh) and a county's systemd unit.

Run as `gunicorn -c scripts/gunicorn.conf.py --bind 127.0.0.1:8000` from the checkout.
"""

import os

wsgi_app = "sanshen.wsgi:application"

# Sync workers, one process each: nginx in front buffers slow clients and uploads.
workers = int(os.environ.get("SANSHEN_WORKERS", "4"))
# The slowest page draws a sign-off form PDF; OCR and file checks run in the huey consumer, not here.
timeout = int(os.environ.get("SANSHEN_WORKER_TIMEOUT", "60"))
graceful_timeout = 20

# Only the proxy may say the request came over HTTPS (sanshen.wsgi trusts the same addresses for X-Real-IP).
forwarded_allow_ips = os.environ.get("SANSHEN_TRUSTED_PROXIES", "127.0.0.1,::1")

# Errors to stderr (journald under systemd); the access log only when SANSHEN_ACCESS_LOG names a file, since
# nginx keeps one in front.
errorlog = "-"
loglevel = "warning"
accesslog = os.environ.get("SANSHEN_ACCESS_LOG") or None

# No control socket in the home directory: two checkouts on one machine would share it.
control_socket_disable = True

# Django, every view (the URLconf imports them on the first request otherwise: 2 s, mostly matplotlib) and 机审's
# word lists and language model are loaded once, in the master, and the forked workers share them: four workers
# start at once and none spends its first request loading (about 7 s and 230 MB each without this).
# Deploy new code with a restart, not a HUP.
preload_app = True


def when_ready(server):
    import gc

    from django.db import connections
    from django.urls import get_resolver

    from sanshen.review.checking import column_profiles, engine

    get_resolver().url_patterns
    try:
        engine().check("三江镇召开森林防火工作会议，部署秋冬季森林防火工作。")
        # Each column's profile (column_fit) is learned from its published items: once here, not on a first save.
        column_profiles()
    except Exception:
        # A checker that fails here fails the same way on a save, where the person sees it; serve regardless.
        server.log.exception("机审预热失败，各工作进程将在第一次检查时再载入")
    # The profiles were read from the database: the forked workers must not share that connection.
    connections.close_all()
    # Keep what is loaded out of the collector's way, so it is not copied into every worker by the next collection.
    gc.freeze()

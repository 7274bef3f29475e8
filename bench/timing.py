"""Per-request timing for bench/load.py: wall time, CPU time and SQL of every request, one JSON line each.

Only bench/load_settings.py enables it (outermost, so it times every other middleware too). Each gunicorn worker
appends to its own file, `$SANSHEN_BENCH_TIMING_LOG.<pid>`, so lines never interleave.
"""

from __future__ import annotations

import json
import os
import time

from django.db import connection


class _Queries:
    """Counts the queries of one request and the time spent waiting on the database."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self.slowest = (0.0, "")

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - started
            self.seconds += took
            self.count += 1
            if took > self.slowest[0]:
                self.slowest = (took, sql)


class TimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.base = os.environ["SANSHEN_BENCH_TIMING_LOG"]
        self.out = None
        self.pid = None

    def __call__(self, request):
        queries = _Queries()
        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(queries):
            response = self.get_response(request)
        line = {
            "at": time.time(),
            "method": request.method,
            "path": request.get_full_path(),
            "status": response.status_code,
            "ms": round((time.perf_counter() - started) * 1000, 2),
            "cpu_ms": round((time.process_time() - cpu) * 1000, 2),
            "sql_n": queries.count,
            "sql_ms": round(queries.seconds * 1000, 2),
            "slowest_sql_ms": round(queries.slowest[0] * 1000, 2),
            "slowest_sql": queries.slowest[1][:400],
            "pid": os.getpid(),
            "id": request.headers.get("X-Bench-Request", ""),  # the load client's number for this request
        }
        self._write(json.dumps(line, ensure_ascii=False))
        return response

    def _write(self, text: str) -> None:
        # The app is loaded in gunicorn's master and the workers are forked: open the file in the worker.
        if self.pid != os.getpid():
            self.pid = os.getpid()
            self.out = open(f"{self.base}.{self.pid}", "a", encoding="utf-8", buffering=1)
        self.out.write(text + "\n")

"""Settings of bench/load.py's server: the production settings unchanged, with bench/timing.py's middleware first."""

from sanshen.settings import *  # noqa: F403
from sanshen.settings import MIDDLEWARE

MIDDLEWARE = ["bench.timing.TimingMiddleware", *MIDDLEWARE]

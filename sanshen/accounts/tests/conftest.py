import datetime as dt
import time

import pytest
import time_machine


@pytest.fixture
def fresh_failure_window(settings):
    """Failed logins are summed per clock-aligned window (logins.window_start); a test that ran across a window's
    end would see two windows and two first failures. This one starts a minute into the next window, clock running."""
    length = settings.SANSHEN_LOGIN_FAILURE_WINDOW_MINUTES * 60
    start = (int(time.time()) // length + 1) * length + 60
    with time_machine.travel(dt.datetime.fromtimestamp(start, dt.timezone.utc), tick=True):
        yield

"""Proof by a model: random sequences of everything people can do, and after every step nothing is online that the
rules (written independently in machine.py) would keep off, and every refused action changed nothing.

Bounded for `make test` (fixed seed, about two minutes); bench/publication_model.py runs it longer and with guards
removed to show what it catches.
"""

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from .machine import PublicationMachine

BUDGET = settings(
    max_examples=40,
    stateful_step_count=40,
    derandomize=True,  # a fixed seed: the same sequences on every run, SQLite and PostgreSQL alike
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_published_items_keep_every_rule_whatever_anyone_does(county, settings):
    settings.HUEY_IMMEDIATE = True
    PublicationMachine.county = county
    PublicationMachine.stats.clear()
    run_state_machine_as_test(PublicationMachine, settings=BUDGET)
    stats = PublicationMachine.stats
    # The runs must reach the places the rules are about, or they prove nothing.
    assert stats["items published"] > 0 and stats["refusals"] > 0
    # …and a block finding must stand at a review stage, where a reviewer tries to settle it and pass it on.
    assert stats["block findings at a stage"] > 0

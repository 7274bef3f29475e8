"""The publication model (sanshen/review/tests/machine.py) run longer than `make test` does, and with guards removed.

    .venv/bin/python bench/publication_model.py                     # the real code: must find nothing
    .venv/bin/python bench/publication_model.py --examples 300      # a longer run
    .venv/bin/python bench/publication_model.py --mutant all        # each issue-7 bypass with its guard taken out

A mutant takes out one guard of issue 7 — for the publication bypasses both the rule in the transition and the same
rule in workflow.publication_blockers, which otherwise stops everything at publication; for admin_role the 三权分立
check on roles — and the machine must then find a published item, or an administrator's account, that breaks the
rules it checks (written independently of the workflow's code). Prints, per mutant, whether it found a violation,
the time, runs (shrinking included), steps, refusals, items published and block findings seen at a review stage,
and the first line of what it found.
Uses a throw-away SQLite database; nothing of the project's own data is touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _patches(name: str) -> list:
    """The guard each bypass of issue 7 needs removed, as patches."""
    from sanshen.review import checking, whitelist, workflow
    from sanshen.review.models import FindingRecord

    no_final_check = mock.patch.object(workflow, "publication_blockers", lambda *a, **k: [])

    def gate_open_blocks_only(revision):
        block, serious = original_gate(revision)
        return [f for f in block if f.resolution == FindingRecord.Resolution.OPEN], serious

    original_gate = checking.gate_findings

    def path_index_following(submission, stage):
        from sanshen.review.stages import required_stages

        path = required_stages(submission)
        return path[path.index(stage) + 1 :] if stage in path else []

    mutants = {
        # 1. "已修改" declared by a person lets a block finding through.
        "declared_fixed": [
            no_final_check,
            mock.patch.object(checking, "UNSETTLEABLE", ()),
            mock.patch.object(checking, "gate_findings", gate_open_blocks_only),
        ],
        # 2. A whitelist proposal is in force at once and may cover block words.
        "whitelist": [
            no_final_check,
            mock.patch.object(checking, "UNSETTLEABLE", ()),
            mock.patch.object(whitelist, "UNSETTLEABLE", ()),
            mock.patch("sanshen.registers.loading._whitelist_pairs", _all_whitelist_pairs),
            mock.patch.object(checking, "gate_findings", gate_open_blocks_only),
        ],
        # 3. The next stage is looked up in the stages of the grade as it is now; a stage no longer on the path ends it.
        "grade_lowered": [
            no_final_check,
            mock.patch.object(workflow, "stages_after", path_index_following),
            mock.patch.object(workflow, "_changed_since_request", lambda submission: False),
        ],
        # 4. A resubmission resumes where changes were asked for, whatever the drafter changed.
        "replaced_body": [no_final_check, mock.patch.object(workflow, "_changed_since_request", lambda submission: False)],
        # 5. 不宜发布 does not stop 复审 from passing the item on.
        "objection": [no_final_check, mock.patch.object(workflow, "_standing_objection", lambda submission: None)],
        # 6. 三权分立 not enforced: the system administrator may ask for roles on administrators' accounts, and an
        # administrator may hold a content role (and so read every item).
        "admin_role": [
            mock.patch("sanshen.accounts.roles.may_manage_account", lambda actor, person: True),
            mock.patch("sanshen.accounts.roles.role_conflict", lambda *a, **k: None),
            mock.patch("sanshen.accounts.models.role_conflict", lambda *a, **k: None),
        ],
    }
    return mutants[name]


def _all_whitelist_pairs():
    from sanshen.review.models import WhitelistEntry

    return frozenset(WhitelistEntry.objects.exclude(status="withdrawn").values_list("text", "rule", "unit_id"))


MUTANTS = ("declared_fixed", "whitelist", "grade_lowered", "replaced_body", "objection", "admin_role")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--mutant", choices=(*MUTANTS, "all", "none"), default="none")
    parser.add_argument("--seed", type=int, default=0, help="0: Hypothesis's fixed (derandomized) order")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="sanshen-model-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanshen.settings")
    os.environ["SANSHEN_VAR_DIR"] = str(work)
    os.environ["SANSHEN_HUEY_IMMEDIATE"] = "true"
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'model.sqlite3'}"
    import django

    django.setup()
    from django.conf import settings as django_settings
    from django.core.management import call_command

    django_settings.MEDIA_ROOT = work / "media"
    call_command("migrate", verbosity=0)

    from hypothesis import HealthCheck, seed, settings
    from hypothesis.errors import FlakyFailure
    from hypothesis.stateful import run_state_machine_as_test

    from sanshen.review.tests.machine import PublicationMachine
    from sanshen.test import make_county

    PublicationMachine.county = make_county()
    names = MUTANTS if args.mutant == "all" else (() if args.mutant == "none" else (args.mutant,))
    budget = settings(
        max_examples=args.examples,
        stateful_step_count=args.steps,
        derandomize=args.seed == 0,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    failed_any = False
    for name in names or ("none",):
        PublicationMachine.stats.clear()
        started = time.perf_counter()
        with ExitStack() as stack:
            for patch in [] if name == "none" else _patches(name):
                stack.enter_context(patch)
            def run():
                run_state_machine_as_test(PublicationMachine, settings=budget)

            try:
                (seed(args.seed)(run) if args.seed else run)()
                outcome, detail = "no violation found", ""
            except AssertionError as exc:
                outcome, detail = "VIOLATION FOUND", (str(exc).splitlines() or [repr(exc)])[0][:300]
                failed_any = True
            except FlakyFailure as exc:  # found once, not on replay: the machine kept something between runs
                outcome, detail = "FLAKY", (str(exc.exceptions[0]).splitlines() or [repr(exc)])[0][:300]
                failed_any = True
        stats = PublicationMachine.stats
        print(
            f"{name:15} {outcome:18} {time.perf_counter() - started:7.1f} s  runs {stats['runs']:4}  steps {stats['steps']:6}  "
            f"refused {stats['refusals']:5}  published {stats['items published']:4}  "
            f"block at a stage {stats['block findings at a stage']:4}  {detail}"
        )
    return 1 if failed_any and args.mutant == "none" else 0


if __name__ == "__main__":
    sys.exit(main())

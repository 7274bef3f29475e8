"""The `sanshen` console command: Django's management commands plus the check tools.

`sanshen check FILE` (sanshen.documents.check_cli: files read as uploads are) and `sanshen csc-eval FILE`
run the check library without Django or a database; `sanshen check` with no file (or with Django's own
options) is Django's system check.
"""

from __future__ import annotations

import os
import sys


def _is_text_check(argv: list[str]) -> bool:
    if len(argv) < 2 or argv[1] != "check":
        return False
    args = argv[2:]
    django_flags = {"--deploy", "--tag", "-t", "--list-tags", "--fail-level", "--database", "--settings"}
    if any(a.split("=")[0] in django_flags for a in args):
        return False
    return any(not a.startswith("-") or a == "-" for a in args) or "--format" in " ".join(args)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if _is_text_check(argv):
        from sanshen.documents.check_cli import main as check_main

        return check_main(argv[2:])
    if len(argv) >= 2 and argv[1] == "csc-eval":
        from sanshen.checks.cli import csc_eval_main

        return csc_eval_main(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanshen.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())

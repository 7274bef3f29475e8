"""Every registered checker's EXAMPLES produce exactly the findings it declares."""

import pytest

from sanshen.checks import CheckContext
from sanshen.checks.registry import CHECKERS, load_checker_class


@pytest.mark.parametrize("code", list(CHECKERS))
def test_it_has_the_checker_shape(code):
    cls = load_checker_class(CHECKERS[code])
    assert cls.code == code
    assert cls.label
    assert cls.__doc__
    assert cls.EXAMPLES, f"{code} declares no examples"


def _examples():
    for code, path in CHECKERS.items():
        cls = load_checker_class(path)
        # An example is (text, rules) or (text, rules, context keyword arguments).
        for i, (text, rules, *rest) in enumerate(cls.EXAMPLES):
            yield pytest.param(code, text, rules, rest[0] if rest else {}, id=f"{code}-{i}")


@pytest.mark.parametrize("code, text, rules, context", list(_examples()))
def test_its_examples_hold(code, text, rules, context):
    checker = load_checker_class(CHECKERS[code])()
    found = sorted(f.rule for f in checker.check(text, CheckContext(**context)))
    assert found == sorted(rules)

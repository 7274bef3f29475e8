"""Every audit code used anywhere in sanshen/ has a Chinese label, so the audit page never shows a raw code.

The codes are read from the source: the first argument of every `record(...)` call outside tests. A literal is a
code; both branches of `a if x else b` are codes; a name is resolved from the string literals assigned or passed
under that name anywhere in sanshen/; an f-string must be declared in labels.DYNAMIC_CODES.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from sanshen.audit.labels import ACTION_LABELS, DYNAMIC_CODES, OUTCOME_LABELS, action_label, outcome_label

ROOT = Path(__file__).resolve().parents[2]  # sanshen/
WHERE = "sanshen/audit/labels.py"


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" not in path.relative_to(ROOT).parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _is_record(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "record") or (isinstance(func, ast.Attribute) and func.attr == "record")


CODE = re.compile(r"^[a-z_]+\.[a-z_.]+$")


def _strings_named(trees, name: str) -> set[str]:
    """Audit-code-shaped literals bound to `name` anywhere: `name = "..."` or `f(..., name="...")` (a helper that
    takes the code as a parameter gets it from its callers, in whichever module they are)."""
    found = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == name:
                value = node.value
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                value = node.value
            else:
                continue
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and CODE.match(value.value):
                found.add(value.value)
    return found


def _dynamic(template: str) -> set[str]:
    module, _, attr = DYNAMIC_CODES[template].rpartition(".")
    values = getattr(importlib.import_module(module), attr)
    head, _, rest = template.partition("{")
    tail = rest.partition("}")[2]
    return {f"{head}{value}{tail}" for value in values}


def used_codes() -> dict[str, str]:
    """code → "file:line" of one place that records it. Raises with the place of anything it cannot read."""
    codes: dict[str, str] = {}
    sources = list(_sources())
    trees = [tree for _, tree in sources]
    for path, tree in sources:
        for node in ast.walk(tree):
            if not _is_record(node):
                continue
            where = f"{path.relative_to(ROOT.parent)}:{node.lineno}"
            arg = node.args[0]
            if isinstance(arg, ast.JoinedStr):
                template = "".join(
                    part.value if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}" for part in arg.values
                )
                if template not in DYNAMIC_CODES:
                    pytest.fail(
                        f"{where}: record(f\"{template}\") builds its code at run time. Declare in {WHERE} "
                        f"DYNAMIC_CODES[{template!r}] = \"module.DICT\" (the dict whose keys it takes), and label each code."
                    )
                found = _dynamic(template)
            elif isinstance(arg, ast.Name):
                found = _strings_named(trees, arg.id)
                if not found:
                    pytest.fail(f"{where}: record({arg.id}, ...) — no literal code is ever passed as {arg.id!r}")
            else:
                found = {n.value for n in ast.walk(arg) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
            for code in found:
                codes.setdefault(code, where)
    return codes


def used_outcomes() -> dict[str, str]:
    outcomes: dict[str, str] = {}
    for path, tree in _sources():
        for node in ast.walk(tree):
            if _is_record(node):
                for kw in node.keywords:
                    if kw.arg == "outcome":
                        for n in ast.walk(kw.value):
                            if isinstance(n, ast.Constant) and isinstance(n.value, str):
                                outcomes.setdefault(n.value, f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    return outcomes


def test_it_finds_the_codes_of_every_kind_of_call():
    codes = used_codes()
    for code in ("accounts.login", "review.publish", "review.pass", "review.attachment_masked", "audit.purge"):
        assert code in codes, code
    assert codes["review.attachment_masked"].startswith("sanshen/review/")


def test_every_audit_code_has_a_chinese_label():
    missing = {code: where for code, where in used_codes().items() if code not in ACTION_LABELS}
    assert not missing, "审计操作没有中文名称：" + "; ".join(
        f"{code!r} ({where})" for code, where in sorted(missing.items())
    ) + f". Add each to ACTION_LABELS in {WHERE}."


def test_every_outcome_has_a_chinese_label():
    missing = {o: where for o, where in used_outcomes().items() if o not in OUTCOME_LABELS}
    assert not missing, f"审计结果没有中文名称：{missing}. Add each to OUTCOME_LABELS in {WHERE}."


@pytest.mark.parametrize(
    "code, label",
    [
        ("accounts.login", "登录"),
        ("review.publish", "发布稿件"),
        ("manage.changed", "系统管理：修改"),
        # an unknown code is shown as it is, never hidden
        ("someone.new_thing", "someone.new_thing"),
    ],
)
def test_it_names_actions(code, label):
    assert action_label(code) == label


@pytest.mark.parametrize("outcome, label", [("ok", "成功"), ("failed", "失败"), ("denied", "拒绝"), ("odd", "odd")])
def test_it_names_outcomes(outcome, label):
    assert outcome_label(outcome) == label


def test_a_code_without_a_label_fails_with_the_place_to_add_it(monkeypatch):
    monkeypatch.delitem(ACTION_LABELS, "review.publish")
    with pytest.raises(AssertionError) as exc:
        test_every_audit_code_has_a_chinese_label()
    message = str(exc.value)
    assert "'review.publish' (sanshen/" in message and "ACTION_LABELS in sanshen/audit/labels.py" in message

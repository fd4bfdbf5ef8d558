"""The learner engines the auditor's tests use: each planted-bug file is good.py changed in one place only."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

ENGINES = Path(__file__).parent / "engines"
CLASS = re.compile(
    r"\b(GoodValue|OverwriteValue|OrderValue|TanhRuleValue|PowRuleValue|NoReflectedValue|RecursiveValue)\b"
)


def body(name: str) -> list[str]:
    """The file without its module docstring, every class name written as Value."""
    text = (ENGINES / name).read_text()
    code = text.split('"""', 2)[2]
    return CLASS.sub("Value", code).splitlines()


def methods(lines: list[str]) -> list[str]:
    """For each line, the method it belongs to."""
    owner, out = "", []
    for line in lines:
        m = re.match(r"    def (\w+)\(", line)
        owner = m.group(1) if m else owner
        out.append(owner)
    return out


@pytest.mark.parametrize(
    ("name", "changed"),
    [
        ("overwrite.py", {"__add__"}),
        ("order.py", {"backward"}),
        ("tanh_rule.py", {"tanh"}),
        ("pow_rule.py", {"__pow__"}),
        ("reflected.py", {"__radd__", "__rsub__", "__rmul__", "__rtruediv__"}),
        ("recursive.py", {"backward"}),
    ],
)
def test_each_copy_differs_from_good_py_only_where_it_says(name: str, changed: set[str]) -> None:
    good, copy = body("good.py"), body(name)
    owners_good, owners_copy = methods(good), methods(copy)
    touched: set[str] = set()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=good, b=copy, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        touched |= {owners_good[i] for i in range(i1, i2) if good[i].strip()}
        touched |= {owners_copy[j] for j in range(j1, j2) if copy[j].strip() and "PLANTED BUG" not in copy[j]}
    assert touched == changed
    if name != "recursive.py":
        assert any("PLANTED BUG" in line for line in copy)

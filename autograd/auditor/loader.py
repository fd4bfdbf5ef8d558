"""``MODULE:CLASS`` → the class: a ``.py`` file, or a module importable from the current folder.

Importing runs the learner's module, so it runs with a time limit, its prints
go nowhere, and whatever it raises becomes an :class:`AuditUsageError`.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import os
import sys
from types import ModuleType

from autograd.auditor.run import AuditUsageError
from autograd.auditor.sandbox import limited
from autograd.explain.sentences import text

__all__ = ["EXAMPLE", "load_class"]

#: What a target looks like.
EXAMPLE = "my_engine.py:MyValue"
#: Seconds an import may take.
IMPORT_SECONDS = 10.0


def _from_file(path: str) -> ModuleType:
    folder, stem = os.path.split(os.path.abspath(path))
    name = stem.removesuffix(".py")
    if name in sys.modules:  # never replace a module already loaded
        name = f"{name}_audited"
    spec = importlib.util.spec_from_file_location(name, os.path.join(folder, stem))
    if spec is None or spec.loader is None:
        raise ImportError(f"not a Python file: {path}")
    module = importlib.util.module_from_spec(spec)
    if folder not in sys.path:
        sys.path.insert(0, folder)  # so the learner's file can import the files beside it
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _import(module: str) -> ModuleType:
    if module.endswith(".py") or "/" in module or os.sep in module:
        if not os.path.isfile(module):
            raise FileNotFoundError(f"no such file: {module}")
        return _from_file(module)
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    return importlib.import_module(module)


def load_class(target: str, lang: str = "en") -> object:
    """The object ``target`` (``MODULE:CLASS``) names; :class:`AuditUsageError` if it cannot be had."""
    module, sep, name = target.rpartition(":")
    if not sep or not module or not name:
        raise AuditUsageError(text("audit_usage_target", lang, example=EXAMPLE, target=target))
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        outcome = limited(lambda: _import(module), IMPORT_SECONDS)
    if outcome.timed_out:
        raise AuditUsageError(
            text("audit_usage_import_timeout", lang, module=module, seconds=int(IMPORT_SECONDS))
        )
    if not outcome.ok:
        raise AuditUsageError(text("audit_usage_import", lang, module=module, error=outcome.error))
    found: object = outcome.value
    for part in name.split("."):
        if not hasattr(found, part):
            mod = outcome.value
            classes = [
                k for k, v in vars(mod).items() if isinstance(v, type) and v.__module__ == mod.__name__
            ]
            names = ", ".join(classes) or "-"
            raise AuditUsageError(text("audit_usage_no_class", lang, module=module, name=name, names=names))
        found = getattr(found, part)
    return found

"""Seeded, deterministic test runs: hypothesis derandomized, global RNGs fixed; a clean op table."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import settings

from autograd.testing import restored_ops

settings.register_profile("default", deadline=None, derandomize=True, max_examples=100)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _seed_rngs() -> None:
    random.seed(0)
    np.random.seed(0)


@pytest.fixture
def custom_ops() -> Iterator[None]:
    """Ops added with define_op during the test are removed afterwards (and replaced ones restored)."""
    with restored_ops():
        yield


@pytest.fixture
def prog_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """argv[0] as ``python -m autograd`` sets it, so the CLI's usage lines name the program as users see it."""
    monkeypatch.setattr(sys, "argv", ["__main__.py"])

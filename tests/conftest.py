"""Seeded, deterministic test runs: hypothesis derandomized, global RNGs fixed."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("default", deadline=None, derandomize=True, max_examples=100)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _seed_rngs() -> None:
    random.seed(0)
    np.random.seed(0)

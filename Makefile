# The two commands a new user runs: `make demo` and `make test`.
# Each creates .venv and installs what it needs on a machine with only python3 and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,demos]'
	touch $(STAMP)

# `make demo LANG=ja` runs the tour in Japanese (so does a Japanese locale such as LANG=ja_JP.UTF-8).
DEMO_LANG := $(if $(filter ja%,$(LANG)),ja,en)

demo: $(STAMP)
	$(PY) demos/tour.py --lang $(DEMO_LANG)

test: lint typecheck unit

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(STAMP)
	$(PY) -m mypy

unit: $(STAMP)
	MPLBACKEND=Agg $(PY) -m pytest

bench: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(PY) benchmarks/engine.py
	$(PY) benchmarks/compare.py --quick

clean:
	rm -rf $(VENV) out build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis

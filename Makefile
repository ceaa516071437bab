# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: setup demo test lint fixtures bench soak clean

$(STAMP): requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# Byte-compiled once here, so no run pays for compiling the project (even where PYTHONDONTWRITEBYTECODE
# is set, as on this project's machines); a changed file is simply compiled again.
setup: $(STAMP)
	$(PY) -m automation.ensure_chromium
	$(PY) -m compileall -q automation flows

demo: setup
	$(PY) -m flows.root

test: setup
	scripts/ensure-test-tools.sh
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .

# Rebuild the replica's page bundle (needs Node.js and npm; the built bundle is committed).
fixtures:
	cd fixtures/replica && npm ci --no-audit --no-fund && npm run build

$(BENCH_STAMP): bench/requirements-bench.lock $(STAMP)
	$(PY) -m pip install -q --disable-pip-version-check -r bench/requirements-bench.lock -c requirements.lock
	touch $(BENCH_STAMP)

# Nine images: python -m flows vs shot-scraper multi vs a Playwright floor; comparator vs pixelmatch-py.
# BENCH_ARGS=--runs 3 for a quicker look. See README "Performance".
BENCH_ARGS ?=
bench: setup $(BENCH_STAMP)
	$(PY) bench/bench.py $(BENCH_ARGS)

# Both paths N times in a row on the replica: passes, failures, the slowest run (`make soak N=10`).
N ?= 50
soak: setup
	$(PY) bench/soak.py -n $(N)

clean:
	rm -rf $(VENV) images .pytest_cache

# The two commands of the README: `make run` and `make test`. Both set up first if needed.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTHON ?= python3
CODE   := ingest assistant ui evals tests bench
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup system-deps run test test-fast lint bench bench-scale clean

setup: $(STAMP)

# torch is pinned and installed first: the pin takes the local CPU wheel, and anything that
# installs later finds it satisfied instead of pulling several GB of CUDA packages.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade --quiet pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -c "import torch, sentence_transformers, chromadb, langchain_core; print('setup ok: torch', torch.__version__)"
	touch $(STAMP)

# The system packages that some tests need (Chromium for the browser tests, libjemalloc2, a
# PostgreSQL server for the shared-database tests). Without them those tests skip, and the last
# line of `make test` names each skipped group.
system-deps:
	bash .ci/system-packages

run: setup
	$(BIN)/study ui

lint: setup
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy ingest assistant ui evals

test: lint
	$(BIN)/pytest -q

test-fast: setup
	$(BIN)/pytest -q -m "not slow and not browser"

bench: setup
	$(BIN)/python bench/bench_core.py
	$(BIN)/python bench/bench_examples.py
	$(BIN)/python bench/bench_ui.py
	$(BIN)/python bench/bench_eval.py
	$(BIN)/python bench/bench_llm.py

bench-scale: setup
	$(BIN)/python bench/bench_scale.py --sizes 1000,10000,50000 --server --server-ingest 1000,10000 --repeat 1000

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

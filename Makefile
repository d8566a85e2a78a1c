# hpt: the README's two commands.
#   make lab    set up .venv and open the course in JupyterLab
#   make test   set up .venv with the test tools and run every check
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# The second BLAS kernel every test and notebook also runs under (make test-prescott).
CORETYPE ?= Prescott
# The lowest declared versions (make test-lowest): a separate venv, built by uv with
# --resolution lowest-direct, on the lowest Python that requires-python declares.
LOWEST_VENV   ?= .venv-lowest
LOWEST_PYTHON ?= $(shell .ci/lowest-python)
IP     ?= 127.0.0.1
PORT   ?= 8888
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
NBVAL_FLAGS := --nbval-lax --nbval-current-env --nbval-cell-timeout=120 \
               --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test test-default test-prescott test-lowest test-cluster unit notebooks \
        browser lint nav bench clean help

help:
	@echo "make lab        create .venv, install the course and open JupyterLab"
	@echo "make test       create .venv, install the test tools and run every check:"
	@echo "                test-default, then test-prescott and test-lowest"
	@echo "make test-default   ruff, course check, unit tests, doctests, notebooks, browser"
	@echo "make test-prescott  unit tests, doctests and notebooks again under"
	@echo "                    OPENBLAS_CORETYPE=$(CORETYPE) (another BLAS kernel)"
	@echo "make test-lowest    the lowest declared versions in $(LOWEST_VENV) (uv, lowest-direct)"
	@echo "make test-cluster   only the real Dask cluster test (dask scheduler + 2 workers)"
	@echo "make unit|notebooks|browser|lint   run one part of the checks"
	@echo "make nav        regenerate navigation, course maps and environment.yml"
	@echo "make bench      time every notebook and run every benchmark (about 15 min)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.lab-stamp: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab,parallel]"
	@touch $@

$(VENV)/.test-stamp: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.lab-stamp

lab: $(VENV)/.lab-stamp
	@echo "Opening the course; the URL with its token is printed below."
	$(BIN)/jupyter lab --ServerApp.ip=$(IP) --ServerApp.port=$(PORT) $(ROOT_FLAG) \
		--ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/notebooks/00_index.ipynb

test: test-default test-prescott test-lowest

test-default: $(VENV)/.test-stamp
	$(BIN)/ruff check .
	$(BIN)/python -m hpt_helpers.course check
	$(BIN)/python tests/blas_kernel.py
	$(BIN)/python -m pytest --doctest-modules hpt_helpers tests/unit \
		$(NBVAL_FLAGS) notebooks tests/browser

# The same unit tests, doctests and notebooks under another OpenBLAS kernel: nothing may
# depend on the last bits of floating point. blas_kernel.py prints the kernel and fails
# if the variable did not select another one than the CPU's default.
test-prescott: $(VENV)/.test-stamp
	OPENBLAS_CORETYPE=$(CORETYPE) $(BIN)/python tests/blas_kernel.py --differs-from-default
	OPENBLAS_CORETYPE=$(CORETYPE) $(BIN)/python -m pytest -p no:cacheprovider \
		--doctest-modules hpt_helpers tests/unit $(NBVAL_FLAGS) notebooks

# The lowest versions pyproject.toml declares, on the lowest declared Python when this
# machine has it (.ci/lowest-python looks on PATH, in pyenv and in /usr/bin).
$(LOWEST_VENV)/.stamp: pyproject.toml $(VENV)/.test-stamp
	$(BIN)/python -m pip install --quiet "uv>=0.4"
	@if [ -z "$(LOWEST_PYTHON)" ]; then \
	    echo "NOTE: the lowest declared Python is not installed; testing the lowest"; \
	    echo "      package versions on $$($(PYTHON) --version 2>&1) instead"; fi
	rm -rf $(LOWEST_VENV)
	$(BIN)/uv venv --quiet --python "$(or $(LOWEST_PYTHON),$(PYTHON))" $(LOWEST_VENV)
	$(BIN)/uv pip install --quiet --python $(LOWEST_VENV)/bin/python \
		--resolution lowest-direct -e ".[test]"
	@touch $@

test-lowest: $(LOWEST_VENV)/.stamp
	$(LOWEST_VENV)/bin/python -c "import sys, numpy, scipy, sklearn, matplotlib, pandas; \
	print('lowest versions: Python', sys.version.split()[0], '| numpy', numpy.__version__, \
	      '| scipy', scipy.__version__, '| scikit-learn', sklearn.__version__, \
	      '| matplotlib', matplotlib.__version__, '| pandas', pandas.__version__)"
	$(LOWEST_VENV)/bin/python -m pytest -p no:cacheprovider --doctest-modules hpt_helpers \
		tests/unit $(NBVAL_FLAGS) notebooks

test-cluster: $(VENV)/.test-stamp
	$(BIN)/python -m pytest tests/unit/test_dask_cluster.py

lint: $(VENV)/.test-stamp
	$(BIN)/ruff check .
	$(BIN)/python -m hpt_helpers.course check

unit: $(VENV)/.test-stamp
	$(BIN)/python -m pytest --doctest-modules hpt_helpers tests/unit

notebooks: $(VENV)/.test-stamp
	$(BIN)/python -m pytest $(NBVAL_FLAGS) notebooks

browser: $(VENV)/.test-stamp
	$(BIN)/python -m pytest tests/browser

nav: $(VENV)/.test-stamp
	$(BIN)/python -m hpt_helpers.course nav
	$(BIN)/python -m hpt_helpers.course env

bench: $(VENV)/.test-stamp
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	$(BIN)/python benchmarks/time_notebooks.py
	$(BIN)/python benchmarks/bench_lesson_widgets.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_browser.py --with-2d
	$(BIN)/python benchmarks/bench_parallel.py --repeat 2 --reference
	$(BIN)/python benchmarks/bench_search.py
	$(BIN)/python benchmarks/bench_async.py
	$(BIN)/python benchmarks/bench_failures.py

clean:
	rm -rf $(VENV) $(LOWEST_VENV) .pytest_cache .ruff_cache build *.egg-info

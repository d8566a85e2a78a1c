# hpt: the README's two commands.
#   make lab    set up .venv and open the course in JupyterLab
#   make test   set up .venv with the test tools and run every check
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
IP     ?= 127.0.0.1
PORT   ?= 8888
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
NBVAL_FLAGS := --nbval-lax --nbval-current-env --nbval-cell-timeout=120 \
               --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test unit notebooks browser lint nav bench clean help

help:
	@echo "make lab        create .venv, install the course and open JupyterLab"
	@echo "make test       create .venv, install the test tools and run every check"
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

test: $(VENV)/.test-stamp
	$(BIN)/ruff check .
	$(BIN)/python -m hpt_helpers.course check
	$(BIN)/python -m pytest --doctest-modules hpt_helpers tests/unit \
		$(NBVAL_FLAGS) notebooks tests/browser

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

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info

# Two commands do everything on a fresh machine (Python 3.11+, Node.js for the site's assets):
#   make book   build the site into _build/html
#   make test   run every test (unit tests, notebooks, site in a real browser)
# Re-running either is quick when nothing changed: each step leaves a stamp.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP_VENV := $(VENV)/.stamp-installed

.PHONY: help venv book test test-unit test-notebooks test-site lab serve sync bench constraints clean

help:
	@echo "make book   build the book into _build/html"
	@echo "make test   run every test"
	@echo "make lab    open the notebooks in JupyterLab"
	@echo "make serve  serve the built book on http://127.0.0.1:8000"
	@echo "make sync   regenerate notebooks/*.ipynb from the pages in book/"
	@echo "make bench  run the benchmarks"

# -- environment ---------------------------------------------------------------

$(STAMP_VENV): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

venv: $(STAMP_VENV)

constraints: $(STAMP_VENV)
	$(PY) -m pip freeze --exclude-editable | sed '1i # Exact versions the book is built and tested with (pip install -c constraints.txt).\n# Regenerate after changing pyproject.toml: make constraints' > constraints.txt

# -- notebooks -----------------------------------------------------------------

sync: $(STAMP_VENV)
	$(BIN)/jupytext --sync book/*.md

# -- tests -----------------------------------------------------------------------

test-unit: $(STAMP_VENV)
	$(BIN)/pytest tests -m "not browser" -p no:nbval --ignore=tests/notebooks

test-notebooks: $(STAMP_VENV)
	$(BIN)/pytest --nbval-lax -n 2 --dist loadfile notebooks

test: test-unit test-notebooks

# -- reading -------------------------------------------------------------------

lab: $(STAMP_VENV)
	$(PY) -m pip install --quiet -c constraints.txt jupyterlab
	$(BIN)/jupyter lab notebooks

bench: $(STAMP_VENV)
	@echo "benchmarks: not written yet"

clean:
	rm -rf _build .pytest_cache

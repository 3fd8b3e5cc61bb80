# Two commands do everything on a fresh machine (Python 3.11+, Node.js for the site's assets):
#   make book   build the site into _build/html
#   make test   run every test (unit tests, notebooks, site in a real browser)
# Re-running either is quick when nothing changed: each step leaves a stamp.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP_VENV := $(VENV)/.stamp-installed

.DELETE_ON_ERROR:
.PHONY: help venv assets book test test-unit test-notebooks test-site test-lab chromium lab notebook serve sync bench \
        constraints clean book-student pdf test-editions

help:
	@echo "make book   build the book into _build/html"
	@echo "make book-student  the book without solutions, into _build/student/html (also: make book STUDENT=1)"
	@echo "make pdf    the whole book as one PDF, _build/pdf/nnlib-book.pdf"
	@echo "make test   run every test"
	@echo "make lab    open copies of the chapter notebooks in JupyterLab (make notebook: Notebook 7)"
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

# Freeze the venv's versions, with a header (written by Python: no GNU-only sed). The venv
# is what was frozen, so its stamp is renewed rather than forcing a reinstall next time.
constraints: $(STAMP_VENV)
	$(PY) -c 'import subprocess, sys; frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"], check=True, capture_output=True, text=True).stdout; open("constraints.txt", "w").write("# Exact versions the book is built and tested with (pip install -c constraints.txt).\n# Regenerate after changing pyproject.toml: make constraints\n" + frozen)'
	touch $(STAMP_VENV)

# -- notebooks -----------------------------------------------------------------

# The MyST pages in book/ are the source of truth; notebooks/ is generated from
# them by tools/reader_notebooks.py, which turns the MyST-only syntax into what
# every notebook front end renders (solutions in collapsed <details>, {doc}
# links to the other notebooks, numbered equations), so that the notebooks read
# well in JupyterLab, Notebook 7, Binder and Colab alike. An unchanged page gives
# an unchanged file; tests/site/test_sync.py checks every notebook is up to date.
CHAPTERS := $(filter-out book/api.md,$(wildcard book/*.md))

sync: $(STAMP_VENV)
	$(PY) tools/reader_notebooks.py $(CHAPTERS)

# -- site assets (npm) ---------------------------------------------------------
# MathJax 3, require.js and the Jupyter widgets HTML manager are installed from
# the npm registry with package-lock.json and served by the site itself from
# <site>/vendor/ (html_extra_path: _site_assets), so pages load nothing from
# other hosts. Not under _static/: Jupyter Book adds a script tag per file there.
# anywidget's AMD bundle (the init-scale explorer) comes from its pinned pip wheel
# (anywidget/nbextension/index.js) to vendor/anywidget/index.js, the path that
# _ext/jupyter-widgets-setup.js maps for require.js.

NODE_MODULES_STAMP := node_modules/.package-lock.json
ASSETS := _site_assets
ASSETS_STAMP := $(ASSETS)/vendor/mathjax/tex-mml-chtml.js
HTML_MANAGER := node_modules/@jupyter-widgets/html-manager/dist

$(NODE_MODULES_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "make book needs Node.js and npm to install the site's MathJax and widget scripts."; \
	  echo "Install them, e.g. 'sudo apt-get install nodejs npm' (Debian/Ubuntu), 'brew install node' (macOS),"; \
	  echo "or from https://nodejs.org, then run make book again."; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

$(ASSETS_STAMP): $(NODE_MODULES_STAMP) $(STAMP_VENV) _ext/jupyter-widgets-setup.js _ext/nnlib_site.py
	rm -rf $(ASSETS)
	mkdir -p $(ASSETS)/vendor/mathjax $(ASSETS)/vendor/requirejs $(ASSETS)/vendor/@jupyter-widgets/html-manager/dist
	cp -r node_modules/mathjax/es5/tex-mml-chtml.js node_modules/mathjax/es5/input node_modules/mathjax/es5/output \
	      node_modules/mathjax/es5/ui node_modules/mathjax/es5/a11y node_modules/mathjax/es5/adaptors \
	      node_modules/mathjax/es5/sre node_modules/mathjax/LICENSE $(ASSETS)/vendor/mathjax/
	cp node_modules/requirejs/require.js node_modules/requirejs/README.md $(ASSETS)/vendor/requirejs/
	cp $(HTML_MANAGER)/*.woff2 $(HTML_MANAGER)/*.woff $(HTML_MANAGER)/*.ttf \
	   $(HTML_MANAGER)/*.eot $(HTML_MANAGER)/*.svg $(ASSETS)/vendor/@jupyter-widgets/html-manager/dist/
	# The manager's bundle with a few edits (ajv option, no ipywidgets 7 modules, no
	# source maps): see slim_widget_manager in _ext/nnlib_site.py.
	$(PYTHON) _ext/nnlib_site.py slim-manager $(HTML_MANAGER)/embed-amd.js \
	    $(ASSETS)/vendor/@jupyter-widgets/html-manager/dist/embed-amd.js
	cp _ext/jupyter-widgets-setup.js $(ASSETS)/vendor/
	mkdir -p $(ASSETS)/vendor/anywidget
	cp "$$($(PY) -c 'import anywidget, pathlib; print(pathlib.Path(anywidget.__file__).parent / "nbextension" / "index.js")')" \
	   $(ASSETS)/vendor/anywidget/index.js
	touch $@

assets: $(ASSETS_STAMP)

# -- book ----------------------------------------------------------------------
# Executed with a cache (_build/.jupyter_cache): an unchanged rebuild is quick.
# -W -n --keep-going: any warning, broken reference or failing cell fails the build.

# The execution cache is keyed on each page's code only, and Sphinx re-reads
# only pages whose source changed: when nnlib changes, every page must be read
# and run again, so drop both the cache and Sphinx's saved environment.
NNLIB_STAMP := _build/.stamp-nnlib
$(NNLIB_STAMP): $(shell find nnlib -name '*.py' -o -name '*.js') pyproject.toml constraints.txt
	rm -rf _build/.jupyter_cache _build/.doctrees _build/student/.doctrees _build/pdf/.doctrees
	mkdir -p _build
	touch $@

book: $(STAMP_VENV) $(ASSETS_STAMP) $(NNLIB_STAMP)
ifeq ($(STUDENT),)
	NNLIB_WIDGETS=static $(BIN)/jupyter-book build . -W -n --keep-going
else
	$(PY) _ext/editions.py student
endif

# -- editions (README: "Editions") ---------------------------------------------
# Same sources, same execution cache (_build/.jupyter_cache), other outputs:
#   make book-student (or make book STUDENT=1)  solutions removed -> _build/student/html
#   make pdf                                    the whole book   -> _build/pdf/nnlib-book.pdf
book-student: $(STAMP_VENV) $(ASSETS_STAMP) $(NNLIB_STAMP)
	$(PY) _ext/editions.py student

pdf: $(STAMP_VENV) $(ASSETS_STAMP) $(NNLIB_STAMP) chromium
	$(PY) _ext/editions.py singlehtml
	CHROME_PATH=$(CHROME_PATH) $(PY) _ext/editions.py pdf

# Both editions against the regular build, and the student site through the
# site tests that load every page (links and anchors; each page in Chromium,
# light mode: maths typeset, widgets drawn, no errors; the slider pages).
test-editions: $(STAMP_VENV) chromium book book-student pdf
	$(BIN)/pytest tests/editions -p no:nbval
	NNLIB_SITE_HTML=$(CURDIR)/_build/student/html CHROME_PATH=$(CHROME_PATH) $(BIN)/pytest \
	  tests/site/test_links.py tests/site/test_browser.py -p no:nbval -n 2 --site -k "not dark"

serve:
	@test -f _build/html/index.html || { echo "No built site: run make book first."; exit 1; }
	@echo "Serving the book on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(PYTHON) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

# -- tests -----------------------------------------------------------------------

test-unit: $(STAMP_VENV) $(NODE_MODULES_STAMP)
	$(BIN)/pytest tests -p no:nbval --ignore=tests/site --ignore=tests/lab --ignore=tests/editions -n 2

# nbval runs every notebook; notebooks/conftest.py keeps its executions in
# test-artifacts/nbval-executions/, which the site's determinism test compares
# with the book build's: each chapter runs twice in one make test, not three times.
# NNLIB_WIDGETS=static as in make book, so the two executions build the same widgets
# (the live widgets have their own unit tests).
test-notebooks: $(STAMP_VENV)
	NNLIB_WIDGETS=static $(BIN)/pytest --nbval-lax -n 2 --dist loadfile notebooks

# Debian's Chromium for the browser tests (Playwright is a pip dependency; it
# never downloads a browser here).
# CHROME_PATH points the tests at another Chromium. Without root, say what to run.
CHROME_PATH ?= /usr/bin/chromium
chromium:
	@test -x $(CHROME_PATH) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	  else echo "The site tests need Chromium at $(CHROME_PATH). Install it as root, then run make test again:"; \
	       echo "  sudo apt-get install chromium    (Debian/Ubuntu)"; \
	       echo "or point CHROME_PATH at an installed Chromium: make test CHROME_PATH=/path/to/chromium"; exit 1; fi; }

# Site tests: pages/notebooks in sync, links, determinism, and headless Chromium
# over the built site (screenshots in test-artifacts/screenshots/).
test-site: $(STAMP_VENV) chromium book
	CHROME_PATH=$(CHROME_PATH) $(BIN)/pytest tests/site -p no:nbval -n 2 --site

# The chapters as a reader runs them (tests/lab/): a Jupyter server set up as
# `make lab` sets it up, chapter 7 (the live explorer) in JupyterLab and chapter 10 in Notebook 7,
# Run All in headless Chromium (screenshots in test-artifacts/lab/).
test-lab: $(STAMP_VENV) chromium
	CHROME_PATH=$(CHROME_PATH) $(BIN)/pytest tests/lab -p no:nbval

# test-editions before test-site: both write screenshots to test-artifacts/, the site's last.
test: test-unit test-notebooks test-editions test-site test-lab

# -- reading -------------------------------------------------------------------

# Copies of the chapters in _lab/ (ignored by git: reading never changes notebooks/),
# widget state saved with them, --allow-root when run as root: see tools/lab.py.
# The lab extra (in dev) brings JupyterLab and Notebook 7 (no MyST extension: see pyproject.toml).
lab: $(STAMP_VENV)
	$(PY) tools/lab.py

notebook: $(STAMP_VENV)
	$(PY) tools/lab.py --notebook

bench: $(STAMP_VENV) book  # the site section measures the built book
	@$(PY) -c 'import torch' 2>/dev/null || $(PY) -m pip install --quiet -e ".[torch]" || echo "bench: could not install the torch extra (pyproject.toml); running without the PyTorch comparison"
	$(PY) -m benchmarks $(if $(BENCH_BOOK),--book) $(if $(BENCH_TEST),--test) $(if $(BENCH_THREADS),--threads $(BENCH_THREADS)) $(BENCH_ARGS)

clean:
	rm -rf _build .pytest_cache $(ASSETS) test-artifacts

# nnlesson: `make html` builds the book, `make test` runs every test.
# Both create the virtual environment .venv on first use (Python 3.11+), and
# install the npm packages of package-lock.json (KaTeX) into node_modules.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: html book sphinx-options serve test bench bench-pages clean distclean env

env: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	touch $(STAMP)

# KaTeX renders the equations when the book is built (docs/_ext/katex_math.py).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# The one place that says how the book is built. `make html`, Read the Docs
# and the site tests all run `make book`, with their own SPHINXBUILD and
# BUILDDIR. Strict: a failing cell, a Sphinx warning or a Python warning
# inside a chapter fails the build (-n -W; --keep-going reports them all).
# -j 3 on 2 cores: Sphinx hands each reader process a run of consecutive
# chapters; with 3 runs the slowest chapters land in different ones.
# Doctrees go beside the site, never into it.
SPHINXOPTS := -n -W --keep-going -j 3
SPHINXBUILD ?= $(BIN)/python -m sphinx
BUILDDIR ?= _build

book:
	$(SPHINXBUILD) $(SPHINXOPTS) -c . -d $(BUILDDIR)/doctrees docs $(BUILDDIR)/html

sphinx-options:
	@echo $(SPHINXOPTS)

html: $(STAMP) $(NODE_STAMP)
	@$(MAKE) --no-print-directory book
	@echo "The book is at file://$(CURDIR)/$(BUILDDIR)/html/index.html"

serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/sphinx-autobuild $(SPHINXOPTS) --watch nnlesson --watch conf.py -c . \
		-d $(BUILDDIR)/doctrees docs $(BUILDDIR)/html

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m nnlesson.book.bench

# Each chapter's weight (bytes loaded) and time to rendered math, in Chromium.
bench-pages: html
	$(BIN)/python tests/site/pageweight.py $(BUILDDIR)/html

clean:
	rm -rf $(BUILDDIR)

distclean: clean
	rm -rf $(VENV) *.egg-info node_modules

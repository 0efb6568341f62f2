# nnlesson: `make html` builds the book, `make test` runs every test.
# Both create the virtual environment .venv on first use (Python 3.11+).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: html serve test bench clean distclean env

env: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	touch $(STAMP)

# The book, strictly: a failing cell, a Sphinx warning or a Python warning
# inside a chapter fails the build. Sphinx re-reads only changed chapters;
# conf.py makes any change to nnlesson/ re-run every chapter.
# -j 3 on 2 cores: Sphinx hands each reader process a run of consecutive
# chapters; with 3 runs the two slowest chapters (claims, convexity) land in
# different ones, and the clean build takes about 21 s instead of 30 s.
SPHINXOPTS ?= -n -W --keep-going -j 3
html: $(STAMP)
	$(BIN)/sphinx-build $(SPHINXOPTS) -c . docs _build/html
	@echo "The book is at file://$(CURDIR)/_build/html/index.html"

serve: $(STAMP)
	$(BIN)/sphinx-autobuild $(SPHINXOPTS) --watch nnlesson --watch conf.py -c . docs _build/html

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m nnlesson.bench

clean:
	rm -rf _build

distclean: clean
	rm -rf $(VENV) *.egg-info

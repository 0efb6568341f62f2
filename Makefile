# nnlesson: `make html` builds the book, `make test` runs every test.
# Both create the virtual environment .venv on first use (Python 3.11+), and
# install the npm packages of package-lock.json (KaTeX) into node_modules.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS := test,docs,pdf
# Exact versions of everything .venv holds, committed, so that a new release
# of Sphinx, myst-nb, the theme or NumPy cannot break the strict build on a
# fresh machine. pyproject.toml keeps its ranges; `make lock` refreshes this.
CONSTRAINTS := constraints.txt

.PHONY: html book pdf book-pdf publish book-publish sphinx-options serve test test-dist bench bench-pages clean distclean env lock
NODE_STAMP := node_modules/.installed

env: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[$(EXTRAS)]'
	touch $(STAMP)

# Refresh constraints.txt: the newest releases that pyproject.toml's ranges
# allow, installed into a fresh environment (_build/lock), then frozen.
# Run `make html` and `make test` before committing the new file.
LOCK_VENV = $(BUILDDIR)/lock
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -e '.[$(EXTRAS)]'
	{ echo "# Exact versions for .venv (make env), CI and Read the Docs; Python 3.11."; \
	  echo "# Made by 'make lock' from pyproject.toml's ranges: do not edit by hand."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --all --exclude-editable \
	    | grep -v '^nnlesson[= ]'; } > $(CONSTRAINTS)
	rm -rf $(LOCK_VENV)
	@echo "$(CONSTRAINTS) refreshed: run make html and make test, then commit it"

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
# EDITION=handout: the site and the PDF without the exercises' solutions,
# for handing out before the answers, in a folder of their own.
EDITION ?= full
ifeq ($(EDITION),handout)
BUILDDIR ?= _build/handout
else ifneq ($(EDITION),full)
$(error EDITION=$(EDITION): choose EDITION=full (the default) or EDITION=handout)
endif
BUILDDIR ?= _build
# The edition is also a tag: ```{only} handout``` in a page.
# PDF_REFERENCE=yes or no: whether the PDF prints the API reference as its
# appendices (auto, the default: the full edition does, the handout not).
PDF_REFERENCE ?= auto
BOOKOPTS = -D nnlesson_edition=$(EDITION) -t $(EDITION) -c . -d $(BUILDDIR)/doctrees docs

book:
	$(SPHINXBUILD) $(SPHINXOPTS) $(BOOKOPTS) $(BUILDDIR)/html

sphinx-options:
	@echo $(SPHINXOPTS)

html: $(STAMP) $(NODE_STAMP)
	@$(MAKE) --no-print-directory book
	@echo "The book is at file://$(CURDIR)/$(BUILDDIR)/html/index.html"

# The whole book as one PDF, from the doctrees of `make html` (nothing runs
# again; the glued values are the same build's): Sphinx's one-page builder,
# printed by headless Chromium into the site's downloads/, then the pages
# that list the downloads are written again with a link to it.
pdf: html
	@$(MAKE) --no-print-directory book-pdf

# The steps of `make pdf` once the site is built; the PDF tests run them too.
BOOKPYTHON ?= $(BIN)/python
book-pdf:
	$(SPHINXBUILD) -b singlehtml $(SPHINXOPTS) -D nnlesson_pdf_reference=$(PDF_REFERENCE) \
		$(BOOKOPTS) $(BUILDDIR)/singlehtml
	$(BOOKPYTHON) docs/_ext/book_pdf.py $(BUILDDIR)/singlehtml $(BUILDDIR)/html/downloads
	@$(MAKE) --no-print-directory book

# The site as it is published (Read the Docs runs `make book-publish`):
# the book with its PDF and the notebooks' zip, and in its handout/ folder,
# where conf.py's addresses say it is, the handout edition with its own PDF.
# The handout is built in a folder of its own, then copied in; the book's
# builds leave that folder alone. Into $(BUILDDIR)/html, like make html.
publish: $(STAMP) $(NODE_STAMP)
	@$(MAKE) --no-print-directory book-publish
	@echo "The published site is at file://$(CURDIR)/$(BUILDDIR)/html/index.html"

book-publish:
	@$(MAKE) --no-print-directory book book-pdf EDITION=handout BUILDDIR=$(BUILDDIR)/handout
	@$(MAKE) --no-print-directory book book-pdf EDITION=full BUILDDIR=$(BUILDDIR)
	rm -rf $(BUILDDIR)/html/handout
	cp -R $(BUILDDIR)/handout/html $(BUILDDIR)/html/handout

serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/sphinx-autobuild $(SPHINXOPTS) --watch nnlesson --watch conf.py $(BOOKOPTS) \
		$(BUILDDIR)/html

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest --durations=20

# What a reader takes away, made and used as a reader would: the book's PDF
# (printed from the session's build, read back), the notebooks' zip (each
# notebook run in a fresh environment outside the repository, installing
# as its first cell says), the handout edition. Slower than `make test`.
test-dist: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -m dist tests/site

bench: $(STAMP)
	$(BIN)/python -m nnlesson.book.bench

# Each chapter's weight (bytes loaded) and time to rendered math, in Chromium.
bench-pages: html
	$(BIN)/python tests/site/pageweight.py $(BUILDDIR)/html

clean:
	rm -rf $(BUILDDIR)

distclean: clean
	rm -rf $(VENV) *.egg-info node_modules

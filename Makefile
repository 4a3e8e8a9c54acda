# The two commands of the README:
#   make run    set everything up, start the local Neo4j (unless NEO4J_URI), load the facts, serve the API
#   make test   set everything up and run the whole test suite against a real Neo4j
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: setup run test neo4j-fetch validate load bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

neo4j-fetch: setup
	$(BIN)/hkg neo4j fetch

run: setup
	$(BIN)/hkg run

test: setup neo4j-fetch
	$(BIN)/pytest

validate: setup
	$(BIN)/hkg validate

load: setup
	$(BIN)/hkg load

clean:
	-$(BIN)/hkg neo4j stop
	rm -rf $(VENV) .neo4j

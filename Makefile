# The two commands of the README:
#   make run    set everything up, start the local Neo4j (unless NEO4J_URI), load the facts, serve the API
#   make test   set everything up and run the whole test suite against a real Neo4j
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: setup run test neo4j-fetch fuseki-fetch system-deps frontend reconcile-client validate load openapi-examples bench clean

setup: $(VENV)/.installed

# compat editable mode puts the project folder on the path, so a top-level package added later
# (curation/, places/ ...) is importable without reinstalling; the default mode maps a fixed list.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --config-settings editable_mode=compat -e '.[test]'
	touch $@

neo4j-fetch: setup
	$(BIN)/hkg neo4j fetch

# An independent client of the reconciliation service for the tests: py-reconciliation-service-api
# pins old pydantic and httpx, so it lives in a virtual environment of its own.
RECONCILE_VENV ?= .venv-reconcile
reconcile-client: $(RECONCILE_VENV)/.installed

$(RECONCILE_VENV)/.installed:
	$(PYTHON) -m venv $(RECONCILE_VENV)
	$(RECONCILE_VENV)/bin/pip install -q --disable-pip-version-check 'py-reconciliation-service-api==0.2.1'
	touch $@

# Apache Jena Fuseki (the SPARQL engine) from Maven Central into .fuseki/lib (~/.m2 caches it).
fuseki-fetch: setup
	$(BIN)/hkg fuseki fetch

# Debian packages the tests drive: Chromium (explorer end-to-end tests) and raptor2-utils
# (an independent RDF parser for the export round trip), and a CJK font so that the explorer's
# screenshots show Chinese names. Installed only when missing.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v rapper >/dev/null 2>&1 || missing="$$missing raptor2-utils"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The explorer's static files and the API docs pages (Swagger UI, ReDoc), built from npm
# packages pinned by package-lock.json (no CDN at run time).
frontend:
	@for dir in explorer apidocs; do \
	  (cd $$dir && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent) || exit 1; \
	done

run: setup fuseki-fetch frontend
	$(BIN)/hkg run

test: setup neo4j-fetch fuseki-fetch system-deps frontend reconcile-client
	$(BIN)/pytest

validate: setup
	$(BIN)/hkg validate

load: setup
	$(BIN)/hkg load

# The OpenAPI document's response examples (api/examples/responses.json), from the curated
# data in a throwaway Neo4j: run after changing data/ or an answer's shape.
openapi-examples: setup neo4j-fetch
	$(BIN)/hkg openapi-examples

clean:
	-$(BIN)/hkg neo4j stop
	-$(BIN)/hkg fuseki stop
	rm -rf $(VENV) $(RECONCILE_VENV) .neo4j .fuseki

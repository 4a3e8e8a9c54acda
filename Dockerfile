# The API image: the project installed with pip, the curated data alongside it.
# `hkg run` with NEO4J_URI set starts no Neo4j of its own: it loads data/ into that server
# and serves the API on port 8000. See docker-compose.yml for the server it talks to.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The packages of pyproject.toml [tool.setuptools] packages (with their package data:
# *.ttl, *.cypher, the local-server pom.xml). README* is optional for the COPY, so the build
# does not depend on which docs exist; pyproject.toml names README.md as the readme.
COPY pyproject.toml README* ./
COPY api/ api/
COPY cli/ cli/
COPY graph/ graph/
COPY loaders/ loaders/
COPY ontology/ ontology/
COPY queries/ queries/
RUN pip install . && useradd --system --no-create-home hkg

# The curated facts and article texts, copied last: editing them rebuilds only this layer.
COPY data/ data/

ENV HKG_DATA_DIR=/app/data \
    HKG_API_HOST=0.0.0.0 \
    HKG_API_PORT=8000

USER hkg
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"]
CMD ["hkg", "run"]

# The API image. Two stages:
#   frontend  Node builds the explorer bundle and the API docs pages (Swagger UI, ReDoc)
#             from the npm packages pinned by each folder's package-lock.json;
#   runtime   the project installed with pip, the bundles and the curated data beside it.
# `hkg run` with NEO4J_URI set starts no Neo4j of its own: it loads data/ into that server
# and serves the API on port 8000. See docker-compose.yml for the servers it talks to.
# tests/test_dockerfile.py installs the package from exactly the files copied below.

FROM node:20-slim AS frontend
WORKDIR /build
COPY explorer/ explorer/
COPY apidocs/ apidocs/
RUN for dir in explorer apidocs; do \
      (cd $dir && rm -rf node_modules dist && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent) || exit 1; \
    done

FROM python:3.11-slim AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Every Python package of the project (setuptools discovers them from pyproject.toml's
# include list), with their package data (*.ttl, *.cypher, pom.xml, config files).
COPY pyproject.toml README.md ./
COPY api/ api/
COPY cli/ cli/
COPY graph/ graph/
COPY loaders/ loaders/
COPY ontology/ ontology/
COPY queries/ queries/
COPY exports/ exports/
COPY names/ names/
COPY curation/ curation/
COPY servers/ servers/
COPY places/ places/
RUN pip install . && useradd --system --no-create-home hkg

COPY --from=frontend /build/explorer/dist/ /app/explorer/dist/
COPY --from=frontend /build/apidocs/dist/ /app/apidocs/dist/

# The curated facts and article texts, copied last: editing them rebuilds only this layer.
# Curation writes here: mount a volume on /app/data to keep curators' saves.
COPY data/ data/
RUN chown -R hkg /app/data

ENV HKG_DATA_DIR=/app/data \
    HKG_EXPLORER_DIST=/app/explorer/dist \
    HKG_APIDOCS_DIST=/app/apidocs/dist \
    HKG_API_HOST=0.0.0.0 \
    HKG_API_PORT=8000

USER hkg
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"]
CMD ["hkg", "run"]

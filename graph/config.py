"""The one configuration object, read from the environment (and an optional .env file)."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # When NEO4J_URI is set the project uses that server (a team's, Aura, a cluster through
    # neo4j://) and starts nothing. When it is unset, the local server below is the default.
    neo4j_uri: str | None = Field(default=None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    # Unset with the local server: a random password generated at its first start and kept
    # in <HKG_NEO4J_HOME>/password (mode 0600), so that no documented constant opens the
    # database to every local user. Unset with NEO4J_URI: the server will refuse the login.
    neo4j_password: str | None = Field(default=None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")

    # The project's own local server (only used when NEO4J_URI is unset).
    local_home: Path = Field(default=PROJECT_ROOT / ".neo4j", validation_alias="HKG_NEO4J_HOME")
    # The jars are shared by every local server of the checkout (the test server included),
    # so that they are downloaded once.
    local_lib: Path = Field(default=PROJECT_ROOT / ".neo4j" / "lib", validation_alias="HKG_NEO4J_LIB")
    local_port: int = Field(default=7687, validation_alias="HKG_NEO4J_PORT")
    # 2 cores and 24 GiB. A load is one transaction, and its state lives in the heap: 2 GiB
    # holds tens of thousands of facts; the 250k-fact synthetic benchmark needs 8g, the 500k
    # one more (see bench/load_bench.py). 1 GiB of page cache holds the curated store many times.
    local_heap: str = Field(default="2g", validation_alias="HKG_NEO4J_HEAP")
    local_pagecache: str = Field(default="1g", validation_alias="HKG_NEO4J_PAGECACHE")
    # Cap on the memory of all transactions (dbms.memory.transaction.total.max); empty: Neo4j's
    # default, 70% of the heap.
    local_tx_memory: str = Field(default="", validation_alias="HKG_NEO4J_TX_MEMORY")
    local_start_timeout: float = Field(default=180.0, validation_alias="HKG_NEO4J_START_TIMEOUT")
    # Rows of one download (a history or timeline as CSV/JSON); more is refused with 422.
    download_max_rows: int = Field(default=5_000, ge=1, validation_alias="HKG_DOWNLOAD_MAX_ROWS")

    # --- SPARQL: Apache Jena Fuseki over a TDB2 store (servers/fuseki). -----------------------
    # When HKG_FUSEKI_URL is set (docker-compose's fuseki service) the API proxies to it and
    # manages nothing; otherwise the project's own Fuseki runs on 127.0.0.1:HKG_FUSEKI_PORT.
    fuseki_url: str | None = Field(default=None, validation_alias="HKG_FUSEKI_URL")
    fuseki_home: Path = Field(default=PROJECT_ROOT / ".fuseki", validation_alias="HKG_FUSEKI_HOME")
    # Jena's jars, a folder of their own: never on Neo4j's classpath (their Jetty versions differ).
    fuseki_lib: Path = Field(default=PROJECT_ROOT / ".fuseki" / "lib", validation_alias="HKG_FUSEKI_LIB")
    fuseki_port: int = Field(default=3030, validation_alias="HKG_FUSEKI_PORT")
    # 127.0.0.1 (Fuseki's --localhost); docker-compose's fuseki container sets 0.0.0.0.
    fuseki_bind: str = Field(default="127.0.0.1", validation_alias="HKG_FUSEKI_BIND")
    # The engine's own time-out (servers/fuseki/config.ttl) stops runaways; the heap bounds what
    # four of them can take at once (measured: tests/test_sparql.py, the runaway test).
    fuseki_heap: str = Field(default="512m", validation_alias="HKG_FUSEKI_HEAP")
    fuseki_start_timeout: float = Field(default=90.0, validation_alias="HKG_FUSEKI_START_TIMEOUT")
    # How often the store keeper looks at the graph version (seconds).
    fuseki_poll: float = Field(default=1.0, gt=0, validation_alias="HKG_FUSEKI_POLL")
    # The /sparql proxy: queries at once per API process (more: 503), rows and bytes of an
    # answer (more: cut, header X-SPARQL-Truncated), size of a POST body (more: 413).
    sparql_concurrency: int = Field(default=4, ge=1, validation_alias="HKG_SPARQL_CONCURRENCY")
    sparql_max_rows: int = Field(default=10_000, ge=1, validation_alias="HKG_SPARQL_MAX_ROWS")
    sparql_max_bytes: int = Field(default=16 * 1024 * 1024, ge=1024, validation_alias="HKG_SPARQL_MAX_BYTES")
    sparql_max_body: int = Field(default=1024 * 1024, ge=1024, validation_alias="HKG_SPARQL_MAX_BODY")

    data_dir: Path = Field(default=PROJECT_ROOT / "data", validation_alias="HKG_DATA_DIR")
    # Curators (name -> token hash, see curation/tokens.py). Unset or empty: curation disabled.
    curators_file: Path | None = Field(default=None, validation_alias="HKG_CURATORS_FILE")
    # Loads: a change of up to load_single_tx_rows rows commits in ONE transaction (readers see
    # all of it or none); a larger one writes its new items in transactions of load_batch_rows
    # under a load id (undone if the load dies) and its updates and deletions in the last one.
    load_single_tx_rows: int = Field(default=20_000, ge=1, validation_alias="HKG_LOAD_SINGLE_TX_ROWS")
    load_batch_rows: int = Field(default=10_000, ge=1, validation_alias="HKG_LOAD_BATCH_ROWS")
    api_host: str = Field(default="127.0.0.1", validation_alias="HKG_API_HOST")
    api_port: int = Field(default=8000, validation_alias="HKG_API_PORT")
    # uvicorn worker processes for `hkg serve`: 2 served 1.1-1.9x the requests of 1 on this 2-core
    # machine (docs/benchmarks.md). Each keeps its own answer cache, rate-limit windows and
    # background builds, so 1 stays the default.
    api_workers: int = Field(default=1, ge=1, le=16, validation_alias="HKG_API_WORKERS")
    # Whole answers of the heavy pages (profile, neighbourhood) kept per graph version (api/cache.py);
    # off: every request runs its queries (benchmarks report both).
    answer_cache: bool = Field(default=True, validation_alias="HKG_ANSWER_CACHE")
    answer_cache_entries: int = Field(default=2000, ge=0, validation_alias="HKG_ANSWER_CACHE_ENTRIES")

    # Reconciliation (/reconcile): queries per batch (also the manifest's batchSize), candidates
    # per query (default and most), and the largest POST form accepted.
    reconcile_batch_max: int = Field(default=50, validation_alias="HKG_RECONCILE_BATCH_MAX")
    reconcile_default_limit: int = Field(default=10, validation_alias="HKG_RECONCILE_DEFAULT_LIMIT")
    reconcile_limit_max: int = Field(default=50, validation_alias="HKG_RECONCILE_LIMIT_MAX")
    reconcile_body_max: int = Field(default=1_000_000, validation_alias="HKG_RECONCILE_BODY_MAX")

    # The built static files (make frontend); an installed package (the Docker image) sets these.
    explorer_dist: Path = Field(default=PROJECT_ROOT / "explorer" / "dist", validation_alias="HKG_EXPLORER_DIST")
    apidocs_dist: Path = Field(default=PROJECT_ROOT / "apidocs" / "dist", validation_alias="HKG_APIDOCS_DIST")

    # Origins of other APIs the explorer may be pointed at with ?api= (comma-separated): the
    # page's Content-Security-Policy lets it connect to these and to its own origin only.
    explorer_api_origins: str = Field(default="", validation_alias="HKG_EXPLORER_API_ORIGINS")

    @property
    def explorer_connect_origins(self) -> list[str]:
        return [o.strip() for o in self.explorer_api_origins.split(",") if o.strip()]

    @model_validator(mode="after")
    def _local_password(self) -> "Settings":
        if self.neo4j_password is None and self.uses_local_server:
            self.neo4j_password = local_password(self.local_home)
        return self

    # --- Serving limits: the one table of page sizes, bounds and time-outs (routes read these,
    # never their own numbers). --------------------------------------------------------------
    page_default: int = Field(default=50, ge=1, validation_alias="HKG_PAGE_DEFAULT")
    page_max: int = Field(default=500, ge=1, validation_alias="HKG_PAGE_MAX")
    # Deep offsets cost the server as much as reading everything before them; past this,
    # narrow the query instead (422).
    max_offset: int = Field(default=10_000, ge=0, validation_alias="HKG_MAX_OFFSET")
    # An interactive read answers within this many seconds or gives 503 + Retry-After: the
    # client-side deadline frees the worker even when Neo4j is frozen ...
    read_deadline: float = Field(default=3.0, gt=0, validation_alias="HKG_READ_DEADLINE")
    # ... and Neo4j itself ends the transaction after this long, so nothing keeps running
    # there once the client has gone.
    tx_timeout: float = Field(default=3.0, gt=0, validation_alias="HKG_TX_TIMEOUT")
    # Seconds a client is told to wait (Retry-After) when the graph is unavailable.
    retry_after: int = Field(default=2, ge=1, validation_alias="HKG_RETRY_AFTER")
    # /health: the background probe runs this often, and reports unavailable when its last
    # success is older than `health_stale_after`.
    probe_interval: float = Field(default=1.0, gt=0, validation_alias="HKG_PROBE_INTERVAL")
    health_stale_after: float = Field(default=3.0, gt=0, validation_alias="HKG_HEALTH_STALE_AFTER")
    # Whole-graph exports and analytics are built in the background (exports/builder.py), one
    # at a time per worker, never under the read deadline but stopped after `build_timeout`
    # seconds; until built a request gets 503 + Retry-After (an estimate: the last build's
    # duration, `build_first_estimate` before the first).
    build_timeout: float = Field(default=900.0, gt=0, validation_alias="HKG_BUILD_TIMEOUT")
    build_workers: int = Field(default=1, ge=1, validation_alias="HKG_BUILD_WORKERS")
    build_first_estimate: float = Field(default=10.0, gt=0, validation_alias="HKG_BUILD_FIRST_ESTIMATE")
    # The plan warm-up (api/warmup.py): when the API starts, each named read runs once in the
    # background, outside the read deadline, so that Neo4j has planned it before the first
    # request (a first plan on the national graph took 6-20 s, past the deadline, and was never
    # cached). Neo4j stops each warm-up read after `warmup_timeout` seconds.
    warmup: bool = Field(default=True, validation_alias="HKG_WARMUP")
    warmup_timeout: float = Field(default=120.0, gt=0, validation_alias="HKG_WARMUP_TIMEOUT")
    # Worker threads for the synchronous routes: enough that 100 concurrent requests all start
    # their deadline at once instead of queueing behind a frozen Neo4j.
    api_threads: int = Field(default=128, ge=8, validation_alias="HKG_API_THREADS")
    # Reads the API runs in Neo4j at once; the others wait their turn in order, and a read still
    # waiting when its deadline passes is never started (graph/deadline.py). On 2 cores, 64
    # at once served a depth-2 neighbourhood at 23 req/s to 64 clients, 6 at once at 37
    # (bench/api_bench.py, docs/benchmarks.md): the rest was lost to contention.
    read_concurrency: int = Field(default=8, ge=1, validation_alias="HKG_READ_CONCURRENCY")
    # /search keeps at most this many candidates per way of matching (Chinese full-text, English
    # full-text, substring): a word 840,000 names share took 89 s on the national graph.
    search_candidates: int = Field(default=1000, ge=10, validation_alias="HKG_SEARCH_CANDIDATES")
    # CORS: origins allowed to call the read API from a browser ("*" = any).
    cors_origins: list[str] = Field(default=["*"], validation_alias="HKG_CORS_ORIGINS")
    # HTTP caching: max-age of successful answers (0 = `no-cache`: revalidate every time, so a
    # curator's load is visible at once); answers larger than `gzip_min_bytes` are gzipped.
    cache_max_age: int = Field(default=0, ge=0, validation_alias="HKG_CACHE_MAX_AGE")
    gzip_min_bytes: int = Field(default=1000, ge=0, validation_alias="HKG_GZIP_MIN_BYTES")
    # zlib's own default: a 155 KB profile in 1.7 ms of CPU (Starlette's 9: 3.0 ms, 2% smaller).
    gzip_level: int = Field(default=6, ge=1, le=9, validation_alias="HKG_GZIP_LEVEL")
    # Rate limits per client (its address): `rate_limit` requests per `rate_window` seconds;
    # 0 switches them off. Loopback clients are exempt unless `rate_limit_loopback`.
    rate_limit: int = Field(default=600, ge=0, validation_alias="HKG_RATE_LIMIT")
    rate_window: int = Field(default=60, ge=1, validation_alias="HKG_RATE_WINDOW")
    rate_limit_loopback: bool = Field(default=False, validation_alias="HKG_RATE_LIMIT_LOOPBACK")

    @property
    def uses_local_server(self) -> bool:
        return not self.neo4j_uri

    @property
    def uses_local_fuseki(self) -> bool:
        return not self.fuseki_url

    @property
    def sparql_endpoint(self) -> str:
        """The query service of servers/fuseki/config.ttl (dataset `hkg`, endpoint `query`)."""
        base = (self.fuseki_url or f"http://127.0.0.1:{self.fuseki_port}").rstrip("/")
        return f"{base}/hkg/query"

    @property
    def uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.local_port}"


def local_password(home: Path) -> str:
    """The local server's password: read from home/password, or generated there once.
    O_EXCL makes two first starts agree on one password (the loser reads the winner's)."""
    path = home / "password"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    home.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(24)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(password + "\n")
    return password


@lru_cache
def get_settings() -> Settings:
    return Settings()

"""The one configuration object, read from the environment (and an optional .env file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # When NEO4J_URI is set the project uses that server (a team's, Aura, a cluster through
    # neo4j://) and starts nothing. When it is unset, the local server below is the default.
    neo4j_uri: str | None = Field(default=None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    neo4j_password: str = Field(default="hospital-kg-local", validation_alias="NEO4J_PASSWORD")
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

    data_dir: Path = Field(default=PROJECT_ROOT / "data", validation_alias="HKG_DATA_DIR")
    api_host: str = Field(default="127.0.0.1", validation_alias="HKG_API_HOST")
    api_port: int = Field(default=8000, validation_alias="HKG_API_PORT")

    @property
    def uses_local_server(self) -> bool:
        return not self.neo4j_uri

    @property
    def uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.local_port}"


@lru_cache
def get_settings() -> Settings:
    return Settings()

"""Runs in its own virtual environment (.venv-reconcile, made by `make reconcile-client`):
py-reconciliation-service-api, an independent client of the W3C Reconciliation Service API
v0.2, reads the service's manifest and reconciles a batch.

    python reconcile_client.py SERVICE_URL < queries.json > results.json

stdin: a JSON list of queries ({"query", "type", "limit", "properties"}); stdout: a JSON list
of the client's parsed results, one per query, as plain data.
"""

import json
import sys

from py_reconciliation_service_api import build_reconciliation_service
from py_reconciliation_service_api.models.reconciliation import ReconciliationQuery


def main() -> None:
    url = sys.argv[1]
    service = build_reconciliation_service(url)   # fetches and validates the manifest, requires "0.2"
    queries = [ReconciliationQuery.model_validate(q) for q in json.load(sys.stdin)]
    results = service.reconcile_batch(queries)
    json.dump({"manifest": service._manifest.model_dump(mode="json", exclude_none=True),
               "results": [r.model_dump(mode="json", exclude_none=True) for r in results]},
              sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

"""The W3C Reconciliation Service API v0.2 (the version OpenRefine speaks) over the graph:
models of its requests and answers, the properties it matches and extends with, and the
service that answers through the one name resolver (names/)."""

"""For operators: /healthz and /readyz for load balancers, /metrics for Prometheus
(docs/operations.md). A face: it reads the job queue and the search index, nothing reads it."""

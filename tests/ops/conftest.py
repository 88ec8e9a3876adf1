from .redis import redis_server, shared_redis_url  # noqa: F401  (fixtures)

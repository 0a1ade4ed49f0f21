"""Django's Redis cache backend, with one client object per connection pool.

Django's backend builds a new `redis.Redis` client for every cache operation
(its pools are shared, the client objects are not). Building one sets up a
table of about 170 response callbacks, which measured about a third of a
millisecond of CPU per operation on the development machine, several times the
cost of the operation itself on a page served from shared fragments
(docs/performance-notes.md). A client is safe to share between threads (each
command borrows a connection from the pool), so one per pool is kept.
"""

from django.core.cache.backends import redis as django_redis


class _Client(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client

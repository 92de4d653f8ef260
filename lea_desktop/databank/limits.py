"""Failed authentications, limited per client address.

A token is 256 random bits, so guessing one is hopeless; the limit keeps a stranger from trying
anyway at the network's speed, filling the log and holding the database. A request that
presents a token (or any Authorization header) which fails counts; a request with no token at
all does not (it guesses nothing). After `limit` failures within `window` seconds, that address
is answered 429 with `Retry-After` for every request that presents a token, valid or not, until
the oldest failure is `window` seconds old.

The address is the one uvicorn gives the app: the peer's, or the one a trusted reverse proxy
put in `X-Forwarded-For` (see docs/security.md). The counts live in the server's process: with
`--workers N`, each process counts its own.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque


class AuthLimiter:
    """Failed authentications per client address, in a sliding window."""

    MAX_ADDRESSES = 10_000  # addresses remembered at most (memory stays bounded)

    def __init__(self, limit: int, window: float, clock=time.monotonic) -> None:  # type: ignore[no-untyped-def]
        self.limit = limit
        self.window = window
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, address: str) -> int:
        """Seconds until `address` may present a token again; 0 when it may now."""
        with self._lock:
            failures = self._failures.get(address)
            if failures is None or len(failures) < self.limit:
                return 0
            wait = failures[0] + self.window - self._clock()
            return max(1, math.ceil(wait)) if wait > 0 else 0

    def failed(self, address: str) -> None:
        """Count one failed authentication from `address`."""
        now = self._clock()
        with self._lock:
            failures = self._failures.pop(address, None)
            if failures is None:
                failures = deque(maxlen=self.limit)
            failures.append(now)
            self._failures[address] = failures  # most recent last
            if len(self._failures) > self.MAX_ADDRESSES:
                self._forget(now)

    def _forget(self, now: float) -> None:
        """Drop addresses whose failures are all older than the window; if that is not enough,
        the ones that failed least recently."""
        for address in [a for a, f in self._failures.items() if f[-1] + self.window <= now]:
            del self._failures[address]
        while len(self._failures) > self.MAX_ADDRESSES:
            self._failures.popitem(last=False)

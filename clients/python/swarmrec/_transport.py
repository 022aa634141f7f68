"""HTTP/1.1 transport of the client: pooled keep-alive connections, bounded retries with backoff.

Retry policy (one place, used by every call):

- 429 (overloaded) and 503 (not ready, store unavailable) are retried up to ``max_retries`` times, for
  every method: the server refuses those before doing anything. The wait is the server's Retry-After
  when it sent one (capped by ``max_retry_after``: a longer wait is not sat out, the error is raised),
  otherwise exponential backoff ``backoff * 2**attempt`` capped by ``max_backoff``, with jitter.
- Connection failures (refused, reset, timed out, closed before the answer) are retried the same bounded
  number of times when the request is safe to send twice: idempotent methods, read-only POSTs, requests
  that carry an ``Idempotency-Key``, or a failure before any byte of the request left (connect refused).
  Otherwise the failure is raised at once: the server may have stored the request.
- A pooled connection the server has closed while idle is detected before reuse and replaced.

Streaming answers (NDJSON) keep their connection until the iterator is exhausted or closed; retries only
happen before the first line is handed out.
"""

from __future__ import annotations

import http.client
import json
import random
import select
import socket
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union
from urllib.parse import urlencode, urlsplit

from .errors import ConnectionFailedError, ProtocolError, SwarmrecError, error_for_status

QueryValue = Union[str, int, float, bool, Sequence[str]]


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long the client retries (see the module documentation)."""

    max_retries: int = 5
    backoff: float = 0.1
    max_backoff: float = 10.0
    max_retry_after: float = 60.0

    def delay(self, attempt: int, retry_after: Optional[float], rng: random.Random) -> Optional[float]:
        """Seconds to wait before retry ``attempt`` (0-based), or None when the wait is too long to sit out."""
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        base = min(self.max_backoff, self.backoff * (2 ** attempt))
        return base * (0.5 + 0.5 * rng.random())


def parse_retry_after(value: Optional[str]) -> Optional[float]:
    """Retry-After as seconds: delta-seconds or an HTTP-date; None when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(int(value)))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


_CONNECT_ERRORS = (ConnectionRefusedError, socket.gaierror)


class Response:
    """A complete answer: status, headers and body bytes."""

    def __init__(self, status: int, headers: Dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self, method: str, path: str) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise ProtocolError(f"answer is not JSON: {self.body[:200]!r}", code="invalid_response",
                                status=self.status, method=method, path=path) from e


class Transport:
    """Sends requests to one base URL (``http://`` or ``https://``) with pooled keep-alive connections."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy = RetryPolicy(),
        headers: Optional[Mapping[str, str]] = None,
        pool_size: int = 8,
        seed: Optional[int] = None,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base URL must be http(s)://host[:port][/prefix], got {base_url!r}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port or (443 if self._https else 80)
        self._prefix = parts.path.rstrip("/")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry
        self._headers = dict(headers or {})
        self._pool: List[http.client.HTTPConnection] = []
        self._pool_size = pool_size
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._sleep = time.sleep

    # ---- connections

    def _new_connection(self) -> http.client.HTTPConnection:
        if self._https:
            return http.client.HTTPSConnection(self._host, self._port, timeout=self.timeout)
        return http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)

    def _acquire(self) -> Tuple[http.client.HTTPConnection, bool]:
        """A connection and whether it was reused from the pool (dropped idle ones are discarded)."""
        with self._lock:
            while self._pool:
                conn = self._pool.pop()
                if not _dropped(conn):
                    return conn, True
                conn.close()
        return self._new_connection(), False

    def _release(self, conn: http.client.HTTPConnection, reusable: bool) -> None:
        if reusable:
            _set_timeout(conn, self.timeout)
            with self._lock:
                if len(self._pool) < self._pool_size:
                    self._pool.append(conn)
                    return
        conn.close()

    def close(self) -> None:
        """Closes every pooled connection."""
        with self._lock:
            pool, self._pool = self._pool, []
        for c in pool:
            c.close()

    # ---- requests

    def url(self, path: str, query: Optional[Mapping[str, Optional[QueryValue]]] = None) -> str:
        target = self._prefix + path
        if query:
            pairs: List[Tuple[str, str]] = []
            for k, v in query.items():
                if v is None:
                    continue
                if isinstance(v, bool):
                    pairs.append((k, "true" if v else "false"))
                elif isinstance(v, (list, tuple)):
                    pairs.extend((k, str(x)) for x in v)
                else:
                    pairs.append((k, str(v)))
            if pairs:
                target += "?" + urlencode(pairs)
        return target

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Mapping[str, Optional[QueryValue]]] = None,
        body: Any = None,
        headers: Optional[Mapping[str, str]] = None,
        safe_to_repeat: Optional[bool] = None,
        ok: Sequence[int] = (200,),
        retry_busy: bool = True,
        timeout: Optional[float] = None,
    ) -> Response:
        """Sends a request and reads the whole answer; raises a SwarmrecError for any status not in ``ok``.

        ``retry_busy=False`` answers a 429/503 at once instead of retrying it; ``timeout`` replaces the
        transport's socket timeout for this request.
        """
        conn, resp, status, hdrs = self._send(method, path, query, body, headers, safe_to_repeat, ok,
                                              retry_busy, timeout)
        try:
            data = resp.read()
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            raise ConnectionFailedError(f"answer broke off: {e}", code="connection_failed", status=status,
                                        method=method, path=path) from e
        self._release(conn, not resp.will_close)
        return Response(status, hdrs, data)

    def stream_lines(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Mapping[str, Optional[QueryValue]]] = None,
        body: Any = None,
        headers: Optional[Mapping[str, str]] = None,
        safe_to_repeat: Optional[bool] = None,
        timeout: Optional[float] = None,
    ) -> Iterator[bytes]:
        """Sends a request and yields the answer's non-empty lines as they arrive (NDJSON).

        The request is sent when iteration starts. Closing the iterator early drops the connection.
        """
        conn, resp, status, _ = self._send(method, path, query, body, headers, safe_to_repeat, (200,), True,
                                              timeout)
        finished = False
        try:
            while True:
                try:
                    line = resp.readline()
                except (OSError, http.client.HTTPException) as e:
                    raise ConnectionFailedError(f"stream broke off: {e}", code="connection_failed",
                                                status=status, method=method, path=path) from e
                if not line:
                    resp.read()  # marks the answer as done, so the connection can carry the next one
                    finished = True
                    break
                line = line.strip()
                if line:
                    yield line
        finally:
            if finished:
                self._release(conn, not resp.will_close)
            else:
                conn.close()

    def _send(self, method, path, query, body, headers, safe_to_repeat, ok, retry_busy, timeout):
        target = self.url(path, query)
        hdrs = dict(self._headers)
        payload: Optional[bytes] = None
        if body is not None:
            payload = body if isinstance(body, bytes) else json.dumps(
                body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
            hdrs.setdefault("Content-Type", "application/json")
        if headers:
            hdrs.update(headers)
        if safe_to_repeat is None:
            safe_to_repeat = method in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
        if any(k.lower() == "idempotency-key" for k in hdrs):
            safe_to_repeat = True
        attempt = 0
        while True:
            conn, reused = self._acquire()
            _set_timeout(conn, self.timeout if timeout is None else timeout)
            sent = False
            try:
                if conn.sock is None:
                    conn.connect()
                sent = True
                conn.request(method, target, body=payload, headers=hdrs)
                resp = conn.getresponse()
            except (OSError, http.client.HTTPException) as e:
                conn.close()
                never_sent = not sent or isinstance(e, _CONNECT_ERRORS)
                if (safe_to_repeat or never_sent) and attempt < self.retry.max_retries:
                    # a reused connection that broke is retried at once; the rest back off
                    if not reused:
                        wait = self.retry.delay(attempt, None, self._rng)
                        self._sleep(wait if wait is not None else 0.0)
                    attempt += 1
                    continue
                note = "" if never_sent or safe_to_repeat else " (the request may have been processed)"
                raise ConnectionFailedError(f"{type(e).__name__}: {e}{note}", code="connection_failed",
                                            method=method, path=path) from e
            status = resp.status
            resp_headers = {k.lower(): v for k, v in resp.getheaders()}
            if status in ok:
                return conn, resp, status, resp_headers
            try:
                data = resp.read()
            except (OSError, http.client.HTTPException):
                data = b""
                conn.close()
            else:
                self._release(conn, not resp.will_close)
            retry_after = parse_retry_after(resp_headers.get("retry-after"))
            if retry_busy and status in (429, 503) and attempt < self.retry.max_retries:
                wait = self.retry.delay(attempt, retry_after, self._rng)
                if wait is not None:
                    self._sleep(wait)
                    attempt += 1
                    continue
            raise _error(status, data, method, path, retry_after)


def _error(status: int, data: bytes, method: str, path: str, retry_after: Optional[float]) -> SwarmrecError:
    code, message = f"http_{status}", data[:200].decode("utf-8", "replace")
    try:
        err = json.loads(data.decode("utf-8")).get("error", {})
        code = str(err.get("code", code))
        message = str(err.get("message", message))
    except (ValueError, AttributeError, UnicodeDecodeError):
        pass
    return error_for_status(status)(message, code=code, status=status, method=method, path=path,
                                    retry_after=retry_after)


def _set_timeout(conn: http.client.HTTPConnection, timeout: float) -> None:
    conn.timeout = timeout  # used when it connects
    if conn.sock is not None:
        conn.sock.settimeout(timeout)


def _dropped(conn: http.client.HTTPConnection) -> bool:
    """True when an idle pooled connection was closed by the server (readable at EOF) or is unusable."""
    sock = conn.sock
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)

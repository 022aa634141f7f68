"""Retries, backoff and error mapping, against a scripted local HTTP server (no swarmrec needed).

Waits are recorded instead of slept, so the tests check the exact delays the policy chose.
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
import unittest
from email.utils import formatdate
from typing import List, Tuple

import live  # noqa: F401  (puts the client on sys.path)

from swarmrec import (Client, ConnectionFailedError, Event, OverloadedError, ProtocolError, ServerError,
                      UnavailableError)
from swarmrec._transport import RetryPolicy, parse_retry_after
import random


class Scripted(http.server.ThreadingHTTPServer):
    """Answers requests from a script of (status, headers, body) in order; 'drop' closes without answering."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.script: List[Tuple] = []
        self.seen: List[Tuple[str, str, bytes, dict]] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def _any(self) -> None:
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        srv: Scripted = self.server  # type: ignore[assignment]
        srv.seen.append((self.command, self.path, body, dict(self.headers)))
        status, headers, payload = srv.script.pop(0) if srv.script else (200, {}, b'{"status":"up"}')
        if status == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _any


def err(code: str) -> dict:
    return {"error": {"code": code, "message": f"{code} happened"}}


class TransportTest(unittest.TestCase):
    def setUp(self) -> None:
        self.srv = Scripted()
        self.waits: List[float] = []
        self.sr = Client(self.srv.url, max_retries=3, backoff=0.1, max_backoff=0.3, max_retry_after=5)
        self.sr._t._sleep = self.waits.append  # record instead of sleeping

    def tearDown(self) -> None:
        self.sr.close()
        self.srv.stop()

    def test_503_waits_the_retry_after_then_succeeds(self) -> None:
        self.srv.script = [(503, {"Retry-After": "2"}, err("store_unavailable")), (200, {}, {"status": "up"})]
        self.assertTrue(self.sr.health())
        self.assertEqual([2.0], self.waits)
        self.assertEqual(2, len(self.srv.seen))

    def test_429_backs_off_exponentially_then_raises_with_the_code(self) -> None:
        self.srv.script = [(429, {}, err("overloaded"))] * 4
        with self.assertRaises(OverloadedError) as e:
            self.sr.model()
        self.assertEqual(("overloaded", 429), (e.exception.code, e.exception.status))
        self.assertEqual("overloaded happened", e.exception.message)
        self.assertEqual(4, len(self.srv.seen))  # the first try and 3 retries
        self.assertEqual(3, len(self.waits))
        for attempt, w in enumerate(self.waits):
            cap = min(0.3, 0.1 * 2 ** attempt)
            self.assertTrue(cap / 2 <= w <= cap, (attempt, w))

    def test_a_retry_after_over_the_cap_is_raised_at_once(self) -> None:
        self.srv.script = [(503, {"Retry-After": "3600"}, err("not_ready"))]
        with self.assertRaises(UnavailableError) as e:
            self.sr.model()
        self.assertEqual(3600.0, e.exception.retry_after)
        self.assertEqual([], self.waits)
        self.assertEqual(1, len(self.srv.seen))

    def test_ready_does_not_retry_a_503(self) -> None:
        self.srv.script = [(503, {"Retry-After": "1"}, err("not_ready"))]
        self.assertFalse(self.sr.ready())
        self.assertEqual(([], 1), (self.waits, len(self.srv.seen)))

    def test_a_post_that_lost_its_answer_is_not_sent_twice_without_a_key(self) -> None:
        self.srv.script = [("drop", {}, b"")]
        with self.assertRaises(ConnectionFailedError) as e:
            self.sr.send_events([Event("u", "i")])
        self.assertIn("may have been processed", e.exception.message)
        self.assertIsNone(e.exception.status)
        self.assertEqual(1, len(self.srv.seen))

    def test_a_post_with_an_idempotency_key_is_retried(self) -> None:
        self.srv.script = [("drop", {}, b""), (200, {}, {"accepted": 1, "last_sequence": 9})]
        r = self.sr.send_events([Event("u", "i", "like")], idempotency_key="k-1")
        self.assertEqual((1, 9), (r.accepted, r.last_sequence))
        self.assertEqual(2, len(self.srv.seen))
        self.assertEqual(["k-1", "k-1"], [h.get("Idempotency-Key") for _, _, _, h in self.srv.seen])
        self.assertEqual([{"user": "u", "item": "i", "type": "like"}], json.loads(self.srv.seen[1][2]))

    def test_a_get_that_lost_its_answer_is_retried(self) -> None:
        self.srv.script = [("drop", {}, b""), (200, {}, {"status": "up"})]
        self.assertTrue(self.sr.health())
        self.assertEqual(2, len(self.srv.seen))

    def test_refused_connections_are_retried_a_bounded_number_of_times(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]  # nothing listens there once closed
        c = Client(f"http://127.0.0.1:{port}", max_retries=2, backoff=0.01)
        waits: List[float] = []
        c._t._sleep = waits.append
        with self.assertRaises(ConnectionFailedError) as e:
            c.send_events([Event("u", "i")])  # refused before sending: safe to retry even a POST
        self.assertEqual("connection_failed", e.exception.code)
        self.assertEqual(2, len(waits))

    def test_errors_without_a_json_body(self) -> None:
        self.srv.script = [(502, {}, b"<html>bad gateway</html>")]
        with self.assertRaises(ServerError) as e:
            self.sr.model()
        self.assertEqual(("http_502", 502), (e.exception.code, e.exception.status))
        self.srv.script = [(200, {}, b"not json")]
        with self.assertRaises(ProtocolError):
            self.sr.model()

    def test_keep_alive_connection_is_reused(self) -> None:
        for _ in range(3):
            self.assertTrue(self.sr.health())
        self.assertEqual(1, len(self.sr._t._pool))

    def test_requests_carry_the_admin_token_only_where_needed(self) -> None:
        c = Client(self.srv.url, admin_token="t0k")
        self.srv.script = [(200, {}, {"version": 2}), (200, {}, {"status": "up"})]
        c.rebuild()
        c.health()
        c.close()
        self.assertEqual("Bearer t0k", self.srv.seen[0][3].get("Authorization"))
        self.assertIsNone(self.srv.seen[1][3].get("Authorization"))


class RetryAfterTest(unittest.TestCase):
    def test_parse(self) -> None:
        self.assertEqual(3.0, parse_retry_after("3"))
        self.assertIsNone(parse_retry_after(None))
        self.assertIsNone(parse_retry_after("soon"))
        import time
        self.assertAlmostEqual(30, parse_retry_after(formatdate(time.time() + 30, usegmt=True)), delta=2)
        self.assertEqual(0.0, parse_retry_after(formatdate(time.time() - 30, usegmt=True)))

    def test_policy(self) -> None:
        p = RetryPolicy(max_retries=3, backoff=1, max_backoff=4, max_retry_after=10)
        rng = random.Random(1)
        self.assertEqual(7.0, p.delay(0, 7.0, rng))
        self.assertIsNone(p.delay(0, 11.0, rng))
        self.assertTrue(2 <= p.delay(2, None, rng) <= 4)
        self.assertTrue(2 <= p.delay(9, None, rng) <= 4)


if __name__ == "__main__":
    unittest.main()

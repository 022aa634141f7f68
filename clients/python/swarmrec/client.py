"""The swarmrec HTTP client (standard library only).

>>> from swarmrec import Client, Event
>>> sr = Client("http://127.0.0.1:8080")
>>> sr.send_events([Event("alice", "post-1", "like")])
>>> sr.recommend("alice", k=5).ids

Every method maps to one endpoint of ``docs/openapi.yaml`` (batch helpers split large inputs into several
requests). Methods whose docstring says "Needs a server with ..." (user profiles, dislikes, text embeddings) call
endpoints or fields the server does not serve yet; they raise :class:`~swarmrec.errors.NotFoundError` or
:class:`~swarmrec.errors.BadRequestError` until it does. Retries and errors: see :mod:`swarmrec._transport` and :mod:`swarmrec.errors`.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union
from urllib.parse import quote

from . import __version__
from ._transport import RetryPolicy, Transport
from .errors import ProtocolError, SwarmrecError, UnavailableError
from .models import (Event, FeedRules, Follow, IngestResult, ModelInfo, Post, Recommendations, ScoredList,
                     Timestamp, UserProfile, timestamp_json)

__all__ = ["Client", "EventLike", "FollowLike"]

#: an Event, or a mapping with the same keys, or a (user, item[, type[, value[, timestamp]]]) tuple
EventLike = Union[Event, Mapping[str, Any], Tuple[Any, ...]]
#: a Follow, a mapping with its keys, or a (follower, followee[, type]) tuple
FollowLike = Union[Follow, Mapping[str, Any], Tuple[Any, ...]]

_NDJSON = "application/x-ndjson"


def _seg(s: str) -> str:
    return quote(str(s), safe="")


def _event_json(e: EventLike) -> Dict[str, Any]:
    if isinstance(e, Event):
        return e.to_json()
    if isinstance(e, Mapping):
        return Event(**e).to_json()
    if isinstance(e, tuple):
        return Event(*e).to_json()
    raise TypeError(f"an event must be an Event, a mapping or a tuple, got {type(e).__name__}")


def _follow_json(f: FollowLike) -> Dict[str, Any]:
    if isinstance(f, Follow):
        return f.to_json()
    if isinstance(f, Mapping):
        return Follow(**f).to_json()
    if isinstance(f, tuple):
        return Follow(*f).to_json()
    raise TypeError(f"a follow must be a Follow, a mapping or a tuple, got {type(f).__name__}")


def _chunks(seq: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    if size <= 0:
        raise ValueError("chunk size must be positive")
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


class Client:
    """A client of one swarmrec server.

    Args:
        url: base URL, e.g. ``http://127.0.0.1:8080`` (default: ``$SWARMREC_URL`` or that address).
        admin_token: bearer token for admin endpoints (rebuild; user deletion on servers that guard it);
            default ``$SWARMREC_ADMIN_TOKEN``.
        timeout: socket timeout in seconds for connecting and for each read.
        max_retries: retries of 429/503 answers and of connection failures (bounded; 0 = none).
        backoff, max_backoff: exponential backoff base and cap in seconds, without a Retry-After.
        max_retry_after: the longest Retry-After the client waits for; a longer one raises at once.
        pool_size: idle keep-alive connections kept (one in use per thread at a time).

    A client may be shared by threads. Use it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        url: Optional[str] = None,
        *,
        admin_token: Optional[str] = None,
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff: float = 0.1,
        max_backoff: float = 10.0,
        max_retry_after: float = 60.0,
        pool_size: int = 8,
    ) -> None:
        url = url or os.environ.get("SWARMREC_URL") or "http://127.0.0.1:8080"
        self.admin_token = admin_token if admin_token is not None else os.environ.get("SWARMREC_ADMIN_TOKEN")
        self._t = Transport(
            url,
            timeout=timeout,
            retry=RetryPolicy(max_retries=max_retries, backoff=backoff, max_backoff=max_backoff,
                              max_retry_after=max_retry_after),
            headers={"User-Agent": f"swarmrec-python/{__version__}", "Accept": "application/json"},
            pool_size=pool_size,
        )

    @property
    def url(self) -> str:
        return self._t.base_url

    def close(self) -> None:
        self._t.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _json(self, method: str, path: str, **kw: Any) -> Any:
        return self._t.request(method, path, **kw).json(method, path)

    def _admin(self) -> Dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"} if self.admin_token else {}

    # ---- health

    def health(self) -> bool:
        """``GET /health``: True when the process answers (liveness)."""
        return self._json("GET", "/health").get("status") == "up"

    def ready(self) -> bool:
        """``GET /ready``: True once the first model is in service, False while the server answers 503.

        A 503 is answered at once (not retried); connection failures raise after the bounded retries.
        """
        try:
            self._t.request("GET", "/ready", retry_busy=False)
            return True
        except UnavailableError:
            return False

    def wait_ready(self, timeout: float = 60.0, interval: float = 0.2) -> None:
        """Polls ``/ready`` until it answers 200; after ``timeout`` seconds raises the last failure
        (UnavailableError while the server said 503, ConnectionFailedError while nothing answered).
        """
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.ready():
                    return
                failure: SwarmrecError = UnavailableError(f"not ready after {timeout} s", code="not_ready",
                                                          status=503, method="GET", path="/ready")
            except SwarmrecError as e:
                failure = e
            if time.monotonic() >= deadline:
                raise failure
            time.sleep(interval)

    def metrics(self) -> str:
        """``GET /metrics``: the Prometheus text exposition."""
        return self._t.request("GET", "/metrics").body.decode("utf-8")

    # ---- writes

    def send_events(
        self,
        events: Iterable[EventLike],
        *,
        chunk_size: int = 10_000,
        idempotency_key: Optional[str] = None,
    ) -> IngestResult:
        """``POST /v1/events``: stores events durably (each request is all-or-nothing).

        More than ``chunk_size`` events (the server's ``max-events-per-request``, 10,000 by default) go in
        several requests; a failure in one leaves the earlier ones stored. The answer sums ``accepted`` and
        carries the last request's ``last_sequence``.

        ``idempotency_key``: sent as the ``Idempotency-Key`` header (suffixed ``-<chunk>`` when split), which
        makes a retry after a lost answer safe on servers that deduplicate batches (engine issue); with a
        key the client retries connection failures of this POST, without one it does not (the batch could
        be stored twice). A server that does not know the header ignores it.
        """
        body = [_event_json(e) for e in events]
        if not body:
            raise ValueError("no events given")
        accepted, last = 0, 0
        extra: Dict[str, Any] = {}
        for n, chunk in enumerate(_chunks(body, chunk_size)):
            headers = {}
            if idempotency_key is not None:
                headers["Idempotency-Key"] = idempotency_key if len(body) <= chunk_size else f"{idempotency_key}-{n}"
            r = IngestResult.from_json(self._json("POST", "/v1/events", body=list(chunk), headers=headers))
            accepted += r.accepted
            last = r.last_sequence
            extra = r.extra
        return IngestResult(accepted=accepted, last_sequence=last, extra=extra)

    def send_event(self, user: str, item: str, type: str = "view", value: Optional[float] = None,
                   timestamp: Optional[Timestamp] = None) -> IngestResult:
        """One event (a batch of one)."""
        return self.send_events([Event(user, item, type, value, timestamp)])

    def put_item(
        self,
        item: str,
        *,
        categories: Optional[Sequence[str]] = None,
        tags: Optional[Sequence[str]] = None,
        created: Optional[Timestamp] = None,
        vector: Optional[Sequence[float]] = None,
        author: Optional[str] = None,
        text: Optional[str] = None,
    ) -> None:
        """``PUT /v1/items/{id}``: stores item metadata.

        ``categories``, ``tags``, ``created`` and a content ``vector`` (1..4096 numbers, one dimension for all
        items) are served now. ``author`` needs a server with authors (feed rules) and ``text`` a server with
        text embeddings (simulations); the server stores both, but embeds no text yet, so to find posts by
        author on such a server put the author in ``tags`` as well (the OASIS adapter sends ``author:<id>``).
        Only the fields given are sent.
        """
        post = Post(str(item), author=author, text=text, categories=categories, tags=tags, created=created,
                    vector=vector)
        self._json("PUT", f"/v1/items/{_seg(item)}", body=post.fields())

    def delete_item(self, item: str) -> None:
        """``DELETE /v1/items/{id}``: the item is never recommended again (sends the admin token if set)."""
        self._json("DELETE", f"/v1/items/{_seg(item)}", headers=self._admin())

    def forget_user(self, user: str) -> int:
        """``DELETE /v1/users/{id}``: forgets the user in the store, the model overlay and the caches.

        Returns how many stored events were deleted. Sends the admin token when the client has one
        (servers that guard destructive endpoints need it).
        """
        d = self._json("DELETE", f"/v1/users/{_seg(user)}", headers=self._admin())
        return int(d.get("events_deleted", 0))

    # ---- reads

    def recommend(
        self,
        user: str,
        k: int = 10,
        *,
        algo: Optional[str] = None,
        exclude: Optional[Iterable[str]] = None,
        scene: Optional[str] = None,
        device: Optional[str] = None,
        location: Optional[str] = None,
        rules: Optional[FeedRules] = None,
    ) -> Recommendations:
        """``GET /v1/users/{id}/recommendations``: the user's top-``k`` (an unknown user gets popular items).

        ``exclude``: item ids to leave out (at most 1,000; ids must not contain commas).
        ``rules``: feed rules as query parameters. Rules that need a body
        (boosts, pins) are sent as ``POST /v1/users/{id}/recommendations`` with ``{k, algo, exclude, rules}``
        (also needs that server).
        """
        path = f"/v1/users/{_seg(user)}/recommendations"
        ex = list(exclude) if exclude is not None else None
        if rules is not None and rules.needs_body():
            body: Dict[str, Any] = {"k": k, "rules": rules.to_json()}
            for name, v in (("algo", algo), ("exclude", ex), ("scene", scene), ("device", device),
                            ("location", location)):
                if v is not None:
                    body[name] = v
            return Recommendations.from_json(self._json("POST", path, body=body, safe_to_repeat=True))
        query: Dict[str, Any] = {"k": k, "algo": algo, "scene": scene, "device": device, "location": location}
        if ex:
            query["exclude"] = ",".join(ex)
        if rules is not None:
            query.update(rules.to_query())
        return Recommendations.from_json(self._json("GET", path, query=query))

    def _batch_body(self, users: Sequence[str], k: int, algo: Optional[str], step: bool,
                    scene: Optional[str], device: Optional[str], location: Optional[str],
                    rules: Optional[FeedRules]) -> Dict[str, Any]:
        body: Dict[str, Any] = {"users": [str(u) for u in users], "k": k}
        for name, v in (("algo", algo), ("scene", scene), ("device", device), ("location", location)):
            if v is not None:
                body[name] = v
        if step:
            body["step"] = True
        if rules is not None:
            body["rules"] = rules.to_json()
        return body

    def recommend_batch(
        self,
        users: Sequence[str],
        k: int = 10,
        *,
        algo: Optional[str] = None,
        step: bool = False,
        scene: Optional[str] = None,
        device: Optional[str] = None,
        location: Optional[str] = None,
        rules: Optional[FeedRules] = None,
        chunk_size: int = 10_000,
    ) -> List[Recommendations]:
        """``POST /v1/recommendations/batch``: every user's list, in the order given.

        An invalid user id gives an entry with ``error`` set (``ok`` is False); the others are unaffected.
        With ``step=True`` the batch is a simulation step: users whose inputs did not change since the
        previous step with the same algo and k are answered from it (``source == "step"``).
        For large populations prefer :meth:`stream_batch`, which does not hold every answer in memory.
        ``rules`` needs a server with feed rules.
        """
        return list(self.stream_batch(users, k, algo=algo, step=step, scene=scene, device=device,
                                      location=location, rules=rules, chunk_size=chunk_size))

    def stream_batch(
        self,
        users: Sequence[str],
        k: int = 10,
        *,
        algo: Optional[str] = None,
        step: bool = False,
        scene: Optional[str] = None,
        device: Optional[str] = None,
        location: Optional[str] = None,
        rules: Optional[FeedRules] = None,
        chunk_size: int = 10_000,
    ) -> Iterator[Recommendations]:
        """Like :meth:`recommend_batch`, streamed: asks for NDJSON and yields each user's answer as its line
        arrives, in request order. Users beyond ``chunk_size`` (the server's ``max-batch-users``) are sent
        in further requests, each started when the previous one is read to the end.
        """
        users = list(users)
        for chunk in _chunks(users, chunk_size):
            body = self._batch_body(chunk, k, algo, step, scene, device, location, rules)
            for line in self._t.stream_lines("POST", "/v1/recommendations/batch", body=body,
                                             headers={"Accept": _NDJSON}, safe_to_repeat=True):
                yield Recommendations.from_json(_line(line, "/v1/recommendations/batch"))

    def similar_items(self, item: str, k: int = 10, *, algo: Optional[str] = None) -> ScoredList:
        """``GET /v1/items/{id}/similar``: nearest items (NotFoundError ``unknown_item`` if not in the model)."""
        d = self._json("GET", f"/v1/items/{_seg(item)}/similar", query={"k": k, "algo": algo})
        return ScoredList.from_json(d, "item")

    def similar_users(self, user: str, k: int = 10, *, algo: Optional[str] = None) -> ScoredList:
        """``GET /v1/users/{id}/similar``: nearest users (NotFoundError ``unknown_user`` if not in the model)."""
        d = self._json("GET", f"/v1/users/{_seg(user)}/similar", query={"k": k, "algo": algo})
        return ScoredList.from_json(d, "user")

    def popular(self, k: int = 10, *, kind: str = "count", now: Optional[int] = None) -> ScoredList:
        """``GET /v1/popular``: ``kind="count"`` (most interactions) or ``"trending"`` (time-decayed).

        ``kind="hot"`` (votes and age, dislikes count against) and ``now`` (simulation clock) need a server
        with the simulations issue's hot score.
        """
        d = self._json("GET", "/v1/popular", query={"k": k, "kind": kind, "now": now})
        return ScoredList.from_json(d, "kind")

    # ---- model

    def model(self) -> ModelInfo:
        """``GET /v1/model``: version, build time, sizes, pending events, served algorithms."""
        return ModelInfo.from_json(self._json("GET", "/v1/model"))

    def rebuild(self, *, timeout: float = 900.0) -> ModelInfo:
        """``POST /v1/model/rebuild`` (admin token): rebuilds now; answers once the new model is in service.

        ``timeout``: seconds to wait for that answer (a full-scale build takes minutes). A connection that
        breaks after the request left is not retried (it would start a second build).
        """
        if not self.admin_token:
            raise ValueError("rebuild needs the admin token (Client(admin_token=...) or $SWARMREC_ADMIN_TOKEN)")
        return ModelInfo.from_json(self._json("POST", "/v1/model/rebuild", headers=self._admin(),
                                              safe_to_repeat=False, timeout=timeout))

    # ---- simulations (endpoints of the feed-controls and simulations issues)

    def send_follows(self, follows: Iterable[FollowLike]) -> Dict[str, Any]:
        """``POST /v1/follows`` with ``[{follower, followee, type: follow|unfollow}]``.

        Returns the server's answer as parsed JSON (``accepted``, ``changed``).
        """
        body = [_follow_json(f) for f in follows]
        if not body:
            raise ValueError("no follows given")
        return self._json("POST", "/v1/follows", body=body, safe_to_repeat=True)

    def follow(self, follower: str, followee: str) -> Dict[str, Any]:
        """``follower`` follows ``followee``."""
        return self.send_follows([Follow(follower, followee)])

    def unfollow(self, follower: str, followee: str) -> Dict[str, Any]:
        """``follower`` stops following ``followee``."""
        return self.send_follows([Follow(follower, followee, "unfollow")])

    def following(self, user: str) -> List[str]:
        """``GET /v1/users/{id}/following``: the ids the user follows.

        Accepts ``{"following": [id | {"id"|"followee": id}, ...]}`` or a bare array.
        """
        d = self._json("GET", f"/v1/users/{_seg(user)}/following")
        entries = d.get("following", d.get("users", [])) if isinstance(d, Mapping) else d
        out: List[str] = []
        for e in entries or []:
            if isinstance(e, Mapping):
                out.append(str(e.get("id", e.get("followee", e.get("user", "")))))
            else:
                out.append(str(e))
        return out

    def put_user(self, user: str, *, bio: Optional[str] = None,
                 vector: Optional[Sequence[float]] = None) -> None:
        """``PUT /v1/users/{id}`` with ``bio`` (embedded by the server) and/or a ``vector``.

        Needs a server with user profiles (simulations issue).
        """
        self._json("PUT", f"/v1/users/{_seg(user)}", body=UserProfile(str(user), bio, vector).fields())

    def rank(self, user: str, items: Sequence[str], k: Optional[int] = None, *,
             algo: Optional[str] = None, rules: Optional[FeedRules] = None) -> Recommendations:
        """``POST /v1/users/{id}/rank``: orders the caller's candidates by the model (unknown ones last,
        flagged in each entry's ``extra``).
        """
        body: Dict[str, Any] = {"items": [str(i) for i in items]}
        if k is not None:
            body["k"] = k
        if algo is not None:
            body["algo"] = algo
        if rules is not None:
            body["rules"] = rules.to_json()
        return Recommendations.from_json(self._json("POST", f"/v1/users/{_seg(user)}/rank", body=body,
                                                    safe_to_repeat=True))

    def step(
        self,
        *,
        step: Optional[int] = None,
        now: Optional[Timestamp] = None,
        posts: Iterable[Post] = (),
        users_upsert: Iterable[UserProfile] = (),
        follows: Iterable[FollowLike] = (),
        events: Iterable[EventLike] = (),
        feed_users: Union[str, Sequence[str], None] = "all",
        k: int = 10,
        algo: Optional[str] = None,
        rules: Optional[FeedRules] = None,
        idempotency_key: Optional[str] = None,
        timeout: Optional[float] = None,
    ) -> Iterator[Recommendations]:
        """``POST /v1/steps``: one round trip per simulation step (``users_upsert`` must be empty: profiles are not served yet).

        Sends ``{step|now, posts, users_upsert, follows, events, feed: {users, k, algo?, rules?}}``; the server
        stores the writes durably (a failed write part fails the call before any feed is computed), then
        streams the feeds as NDJSON, which this iterator yields one user at a time. ``feed_users``: a list of
        ids, ``"all"``, or None for writes only. The request is sent when iteration starts: consume the
        iterator (``list(...)``) even when no feed is asked. A connection failure is retried only with an
        ``idempotency_key`` (the writes could otherwise be stored twice). ``timeout`` replaces the client's
        socket timeout for this call (the wait for each line).
        """
        if step is not None and now is not None:
            raise ValueError("give step or now, not both")
        body: Dict[str, Any] = {}
        if step is not None:
            body["step"] = int(step)
        if now is not None:
            body["now"] = timestamp_json(now)
        body["posts"] = [p.to_json() for p in posts]
        body["users_upsert"] = [u.to_json() for u in users_upsert]
        body["follows"] = [_follow_json(f) for f in follows]
        body["events"] = [_event_json(e) for e in events]
        if feed_users is not None:
            feed: Dict[str, Any] = {"users": feed_users if isinstance(feed_users, str) else [str(u) for u in feed_users],
                                    "k": k}
            if algo is not None:
                feed["algo"] = algo
            if rules is not None:
                feed["rules"] = rules.to_json()
            body["feed"] = feed
        headers = {"Accept": _NDJSON}
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        for line in self._t.stream_lines("POST", "/v1/steps", body=body, headers=headers, safe_to_repeat=False,
                                         timeout=timeout):
            yield Recommendations.from_json(_line(line, "/v1/steps"))

    @staticmethod
    def new_idempotency_key() -> str:
        """A random key for ``send_events(..., idempotency_key=...)`` and ``step``."""
        return uuid.uuid4().hex


def _line(line: bytes, path: str) -> Mapping[str, Any]:
    try:
        d = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise ProtocolError(f"NDJSON line is not JSON: {line[:200]!r}", code="invalid_response", status=200,
                            method="POST", path=path) from e
    if not isinstance(d, Mapping):
        raise ProtocolError(f"NDJSON line is not an object: {line[:200]!r}", code="invalid_response",
                            status=200, method="POST", path=path)
    return d

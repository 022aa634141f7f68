"""Typed values sent to and read from the swarmrec HTTP API.

Inputs (:class:`Event`, :class:`Post`, :class:`UserProfile`, :class:`Follow`, :class:`FeedRules`) know how
to render themselves as the JSON the server expects (``to_json``). Answers (:class:`Recommendations`,
:class:`ScoredList`, :class:`ModelInfo`, :class:`IngestResult`) are parsed leniently: fields the client does
not know yet (a newer server's) are kept in ``extra`` instead of being dropped or failing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

__all__ = [
    "EventType",
    "Timestamp",
    "Event",
    "Post",
    "UserProfile",
    "Follow",
    "FeedRules",
    "Scored",
    "ErrorInfo",
    "Recommendations",
    "ScoredList",
    "ModelInfo",
    "IngestResult",
    "timestamp_json",
]

#: epoch seconds (int; float is floored), an ISO-8601 string, or a datetime (naive means UTC).
Timestamp = Union[int, float, str, datetime]


class EventType:
    """Event type names. The server weighs view 1, click 2, like 4, share 5, purchase 5, rating = its value."""

    VIEW = "view"
    CLICK = "click"
    LIKE = "like"
    SHARE = "share"
    PURCHASE = "purchase"
    RATING = "rating"
    #: the user was shown the item (no preference).
    IMPRESSION = "impression"
    #: counts against an item. Needs a server with dislike events (hot score).
    DISLIKE = "dislike"


def timestamp_json(t: Timestamp) -> Union[int, str]:
    """A timestamp as the API takes it: integer epoch seconds or an ISO-8601 instant."""
    if isinstance(t, bool):
        raise TypeError("a timestamp cannot be a bool")
    if isinstance(t, int):
        return t
    if isinstance(t, float):
        if not math.isfinite(t):
            raise ValueError(f"timestamp must be finite, got {t!r}")
        return int(math.floor(t))
    if isinstance(t, datetime):
        if t.tzinfo is None:
            t = t.replace(tzinfo=timezone.utc)
        return int(math.floor(t.timestamp()))
    if isinstance(t, str):
        return t
    raise TypeError(f"timestamp must be epoch seconds, an ISO-8601 string or a datetime, got {type(t).__name__}")


def _put(d: Dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        d[key] = value


def _labels(values: Optional[Iterable[str]]) -> Optional[List[str]]:
    return None if values is None else [str(v) for v in values]


@dataclass(frozen=True)
class Event:
    """One interaction: ``user`` did ``type`` to ``item`` (``value`` is required for ratings).

    Without a timestamp the server stamps the event with its own clock when it arrives.
    """

    user: str
    item: str
    type: str = EventType.VIEW
    value: Optional[float] = None
    timestamp: Optional[Timestamp] = None

    def to_json(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {"user": str(self.user), "item": str(self.item), "type": self.type}
        _put(d, "value", None if self.value is None else float(self.value))
        if self.timestamp is not None:
            d["timestamp"] = timestamp_json(self.timestamp)
        return d


@dataclass(frozen=True)
class Post:
    """An item written during a simulation, as sent in a step's ``posts`` (and by ``put_item``).

    ``author`` and ``text`` need a server with authors (feed rules) and text embeddings (simulations);
    ``categories``, ``tags``, ``created`` and ``vector`` are served now.
    """

    id: str
    author: Optional[str] = None
    text: Optional[str] = None
    categories: Optional[Sequence[str]] = None
    tags: Optional[Sequence[str]] = None
    created: Optional[Timestamp] = None
    vector: Optional[Sequence[float]] = None

    def fields(self) -> Dict[str, Any]:
        """The metadata fields (everything but ``id``)."""
        d: Dict[str, Any] = {}
        _put(d, "author", None if self.author is None else str(self.author))
        _put(d, "text", self.text)
        _put(d, "categories", _labels(self.categories))
        _put(d, "tags", _labels(self.tags))
        if self.created is not None:
            d["created"] = timestamp_json(self.created)
        if self.vector is not None:
            d["vector"] = [float(x) for x in self.vector]
        return d

    def to_json(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {"id": str(self.id)}
        d.update(self.fields())
        return d


@dataclass(frozen=True)
class UserProfile:
    """A user's profile, as in ``PUT /v1/users/{id}`` and a step's ``users_upsert``.

    Needs a server with user profiles (simulations issue): ``bio`` is embedded by the server, a ``vector``
    the client sends wins over the computed one.
    """

    id: str
    bio: Optional[str] = None
    vector: Optional[Sequence[float]] = None

    def fields(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {}
        _put(d, "bio", self.bio)
        if self.vector is not None:
            d["vector"] = [float(x) for x in self.vector]
        return d

    def to_json(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {"id": str(self.id)}
        d.update(self.fields())
        return d


@dataclass(frozen=True)
class Follow:
    """``follower`` starts (``type="follow"``) or stops (``type="unfollow"``) following ``followee``."""

    follower: str
    followee: str
    type: str = "follow"

    def __post_init__(self) -> None:
        if self.type not in ("follow", "unfollow"):
            raise ValueError(f"follow type must be 'follow' or 'unfollow', got {self.type!r}")

    def to_json(self) -> Dict[str, Any]:
        return {"follower": str(self.follower), "followee": str(self.followee), "type": self.type}


def _csv(values: Optional[Union[str, Iterable[str]]]) -> Optional[str]:
    if values is None:
        return None
    if isinstance(values, str):
        return values
    return ",".join(str(v) for v in values)


def _num(x: Optional[float]) -> Optional[str]:
    if x is None:
        return None
    if isinstance(x, bool):
        raise TypeError("a rule value cannot be a bool")
    return repr(int(x)) if isinstance(x, int) else repr(float(x))


@dataclass
class FeedRules:
    """Request-time feed rules (the feed-controls issue; names are the server's contract).

    The server refuses a malformed rule with ``invalid_rule`` (BadRequestError).
    Simple rules travel as query parameters (:meth:`to_query`); every rule, boosts and pins included,
    as the JSON ``rules`` object of batch, step and POST recommendation bodies (:meth:`to_json`).

    Attributes mirror the parameters: ``category``/``exclude_category``/``tag``/``exclude_tag``/
    ``author``/``exclude_author`` (any of, lists or comma-separated), ``max_age`` and
    ``fresh_half_life`` (seconds), ``now`` (epoch seconds, the request's clock), ``rotate``
    (``exclude|demote|off``), ``diversity`` (MMR lambda), ``max_per_category``, ``max_per_author``,
    ``explore`` (share of slots), ``seed``, ``explain``, ``network_share`` (share from followed authors),
    ``boosts`` and ``pins`` (JSON only, passed through as given), ``extra`` (any further rule, as given).
    """

    category: Optional[Union[str, Sequence[str]]] = None
    exclude_category: Optional[Union[str, Sequence[str]]] = None
    tag: Optional[Union[str, Sequence[str]]] = None
    exclude_tag: Optional[Union[str, Sequence[str]]] = None
    author: Optional[Union[str, Sequence[str]]] = None
    exclude_author: Optional[Union[str, Sequence[str]]] = None
    max_age: Optional[float] = None
    now: Optional[int] = None
    fresh_half_life: Optional[float] = None
    rotate: Optional[str] = None
    diversity: Optional[float] = None
    max_per_category: Optional[int] = None
    max_per_author: Optional[int] = None
    explore: Optional[float] = None
    seed: Optional[int] = None
    explain: Optional[bool] = None
    network_share: Optional[float] = None
    boosts: Optional[List[Mapping[str, Any]]] = None
    pins: Optional[List[Mapping[str, Any]]] = None
    extra: Dict[str, Any] = field(default_factory=dict)

    _LISTS = ("category", "exclude_category", "tag", "exclude_tag", "author", "exclude_author")
    _NUMBERS = ("max_age", "now", "fresh_half_life", "diversity", "max_per_category", "max_per_author",
                "explore", "seed", "network_share")

    def __post_init__(self) -> None:
        if self.rotate is not None and self.rotate not in ("exclude", "demote", "off"):
            raise ValueError(f"rotate must be exclude, demote or off, got {self.rotate!r}")

    def needs_body(self) -> bool:
        """True when some rule (boosts, pins, a non-scalar extra) cannot travel as a query parameter."""
        return bool(self.boosts or self.pins
                    or any(isinstance(v, (dict, list, tuple)) for v in self.extra.values()))

    def to_query(self) -> Dict[str, str]:
        """The rules as query parameters (raises ValueError for boosts and pins, which need a body)."""
        if self.needs_body():
            raise ValueError("boosts, pins and structured rules need a JSON body")
        q: Dict[str, str] = {}
        for name in self._LISTS:
            v = _csv(getattr(self, name))
            if v is not None:
                q[name] = v
        for name in self._NUMBERS:
            v = _num(getattr(self, name))
            if v is not None:
                q[name] = v
        if self.rotate is not None:
            q["rotate"] = self.rotate
        if self.explain is not None:
            q["explain"] = "true" if self.explain else "false"
        for k, v in self.extra.items():
            q[k] = ("true" if v else "false") if isinstance(v, bool) else str(v)
        return q

    def to_json(self) -> Dict[str, Any]:
        """The rules as the JSON ``rules`` object (lists as arrays)."""
        d: Dict[str, Any] = {}
        for name in self._LISTS:
            v = getattr(self, name)
            if v is not None:
                d[name] = v.split(",") if isinstance(v, str) else [str(x) for x in v]
        for name in self._NUMBERS:
            _put(d, name, getattr(self, name))
        _put(d, "rotate", self.rotate)
        _put(d, "explain", self.explain)
        _put(d, "boosts", None if self.boosts is None else [dict(b) for b in self.boosts])
        _put(d, "pins", None if self.pins is None else [dict(p) for p in self.pins])
        d.update(self.extra)
        return d


# ---- answers


def _rest(d: Mapping[str, Any], known: Iterable[str]) -> Dict[str, Any]:
    ks = set(known)
    return {k: v for k, v in d.items() if k not in ks}


@dataclass(frozen=True)
class Scored:
    """One ranked entry: an item (recommendations, similar items, popular) or a user (similar users)."""

    id: str
    score: float
    extra: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Scored":
        key = "item" if "item" in d else "id"
        return cls(id=str(d[key]), score=float(d.get("score", 0.0)), extra=_rest(d, (key, "score")))


def _scored(entries: Optional[Iterable[Mapping[str, Any]]]) -> List[Scored]:
    return [Scored.from_json(e) for e in (entries or [])]


@dataclass(frozen=True)
class ErrorInfo:
    """A per-entry error inside a batch answer (the batch itself succeeded)."""

    code: str
    message: str

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "ErrorInfo":
        return cls(code=str(d.get("code", "")), message=str(d.get("message", "")))


@dataclass(frozen=True)
class Recommendations:
    """One user's list, from a single request, a batch line or a step line.

    ``source`` says where it came from: ``l1``/``l2`` (caches), ``computed``, ``fallback`` (popularity after
    a deadline), ``step`` (unchanged since the previous step). ``degraded`` is true for fallbacks. In a
    batch, an entry whose user id was refused has ``error`` set and no items; ``ok`` tells them apart.
    """

    user: str
    items: List[Scored]
    algo: Optional[str] = None
    degraded: bool = False
    source: Optional[str] = None
    model_version: Optional[int] = None
    error: Optional[ErrorInfo] = None
    extra: Dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def ids(self) -> List[str]:
        """The recommended item ids, best first."""
        return [s.id for s in self.items]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Recommendations":
        err = d.get("error")
        return cls(
            user=str(d.get("user", "")),
            items=_scored(d.get("items")),
            algo=d.get("algo"),
            degraded=bool(d.get("degraded", False)),
            source=d.get("source"),
            model_version=d.get("model_version"),
            error=ErrorInfo.from_json(err) if isinstance(err, Mapping) else None,
            extra=_rest(d, ("user", "items", "algo", "degraded", "source", "model_version", "error")),
        )


@dataclass(frozen=True)
class ScoredList:
    """A ranked list of similar items / users or popular items; ``key`` is the item, user or kind asked."""

    key: str
    algo: Optional[str]
    items: List[Scored]
    extra: Dict[str, Any] = field(default_factory=dict)

    @property
    def ids(self) -> List[str]:
        return [s.id for s in self.items]

    @classmethod
    def from_json(cls, d: Mapping[str, Any], key_name: str) -> "ScoredList":
        return cls(key=str(d.get(key_name, "")), algo=d.get("algo"), items=_scored(d.get("items")),
                   extra=_rest(d, (key_name, "algo", "items")))


@dataclass(frozen=True)
class ModelInfo:
    """``GET /v1/model``: the model in service."""

    version: int
    built_at: Optional[str]
    build_seconds: Optional[float]
    users: int
    items: int
    interactions: int
    last_sequence: int
    pending_events: int
    rebuilding: bool
    algos: List[str]
    default_algo: Optional[str]
    extra: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "ModelInfo":
        algos = d.get("algos", [])
        if isinstance(algos, str):
            algos = [a for a in algos.split(",") if a]
        known = ("version", "built_at", "build_seconds", "users", "items", "interactions", "last_sequence",
                 "pending_events", "rebuilding", "algos", "default_algo")
        return cls(
            version=int(d.get("version", 0)),
            built_at=d.get("built_at"),
            build_seconds=d.get("build_seconds"),
            users=int(d.get("users", 0)),
            items=int(d.get("items", 0)),
            interactions=int(d.get("interactions", 0)),
            last_sequence=int(d.get("last_sequence", 0)),
            pending_events=int(d.get("pending_events", 0)),
            rebuilding=bool(d.get("rebuilding", False)),
            algos=[str(a) for a in algos],
            default_algo=d.get("default_algo"),
            extra=_rest(d, known),
        )


@dataclass(frozen=True)
class IngestResult:
    """``POST /v1/events``: how many events were stored and the store's sequence after the last one."""

    accepted: int
    last_sequence: int
    extra: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "IngestResult":
        return cls(accepted=int(d.get("accepted", 0)), last_sequence=int(d.get("last_sequence", 0)),
                   extra=_rest(d, ("accepted", "last_sequence")))

"""OASIS adapter: swarmrec as the recommender of an OASIS social simulation.

OASIS (camel-ai/oasis) keeps its platform in one SQLite database: tables ``user``, ``post``, ``follow``,
``like``, ``dislike``, ``trace`` and ``rec``. Each time step it calls ``Platform.update_rec_table``, which
reads every user, post and trace row, scores posts for every user, deletes the whole ``rec`` table and
writes it again; ``refresh`` then shows each agent posts drawn from its ``rec`` rows (plus, outside the
Reddit mode, posts of people it follows). This adapter replaces that recommender and nothing else:

1. :meth:`OasisAdapter.push` reads only the rows added since its previous call (high-water marks on each
   table's integer key, kept in memory and, with ``state_file``, on disk) and sends them to swarmrec:
   original posts and quotes as items (``PUT /v1/items/{post_id}``, the author as the tag
   ``author:<user_id>``), likes as ``like`` events, reposts and quotes as ``share`` events on the root post;
   optionally dislikes, follows, refresh impressions and user bios, for servers that take them.
2. :meth:`OasisAdapter.fill_rec` asks swarmrec for every user's feed (one streamed step batch per
   ``batch_size`` users; unchanged users are answered from the previous step) and rewrites ``rec`` with
   ``k`` posts per user, in one transaction. A user's own posts are never written to their rows.

``await adapter.update_rec_table()`` does both, so ``adapter.install(platform)`` swaps it in for OASIS's
own method. Things the adapter does not carry over: an unlike or undo-dislike (swarmrec has no way to take
an event back), comments, and reports.

Timestamps: by default (``timestamps="server"``) events are sent without a time and the server stamps
them on arrival. With ``timestamps="rows"`` the rows' ``created_at`` is sent: an integer time step (OASIS's
Twitter mode) becomes ``origin + step * step_seconds``; a datetime string (Reddit mode, written from the
local clock) is read as local time.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple, Union

from .client import Client
from .errors import SwarmrecError
from .models import Event, EventType, Follow

__all__ = ["OasisAdapter", "SyncReport", "oasis_time"]

_TABLES = ("user", "post", "like", "dislike", "follow", "trace")
_BEFORE_ALL = -(2 ** 63)  # below every SQLite integer key (OASIS's user ids start at 0)


def oasis_time(value: Any, *, origin: int, step_seconds: int) -> Optional[int]:
    """Epoch seconds of an OASIS ``created_at``: a time step (int, or digits) or a datetime string."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a time: {value!r}")
    if isinstance(value, (int, float)):
        return int(origin + float(value) * step_seconds)
    s = str(value).strip()
    try:
        return int(origin + float(s) * step_seconds)
    except ValueError:
        pass
    try:
        return int(datetime.fromisoformat(s).timestamp())
    except ValueError:
        raise ValueError(f"created_at {value!r} is neither a time step nor an ISO datetime") from None


@dataclass
class SyncReport:
    """What one :meth:`OasisAdapter.sync` (or push / fill) did, with wall-clock seconds per part."""

    users: int = 0
    posts: int = 0
    shares: int = 0
    likes: int = 0
    dislikes: int = 0
    follows: int = 0
    unfollows: int = 0
    impressions: int = 0
    events_sent: int = 0
    feeds: int = 0
    rec_rows: int = 0
    push_seconds: float = 0.0
    feed_seconds: float = 0.0
    write_seconds: float = 0.0
    skipped: Dict[str, int] = field(default_factory=dict)

    def merge(self, other: "SyncReport") -> "SyncReport":
        for name in ("users", "posts", "shares", "likes", "dislikes", "follows", "unfollows", "impressions",
                     "events_sent", "feeds", "rec_rows", "push_seconds", "feed_seconds", "write_seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, v in other.skipped.items():
            self.skipped[k] = self.skipped.get(k, 0) + v
        return self


class OasisAdapter:
    """Keeps a swarmrec server in step with an OASIS database and fills its ``rec`` table.

    Args:
        client: the swarmrec :class:`~swarmrec.Client` (a dedicated server, or at least one whose item ids
            are this simulation's post ids).
        db: path of the OASIS SQLite database, or an open ``sqlite3.Connection`` to it.
        k: posts written to ``rec`` per user (OASIS's ``max_rec_post_len``; its default is 2).
        algo: the swarmrec algorithm (default: the server's ``default-algo``).
        fetch_extra: how many more than ``k`` to ask for, so that ``k`` remain after dropping the user's own
            posts and ids that are not posts of this database.
        batch_size: users per streamed batch request (at most the server's ``max-batch-users``).
        workers: item PUTs in flight at once (one request per post: the API has no batch of items).
        author_tags: tag each item ``author:<user_id>`` (served now).
        send_author: also send the ``author`` field (the server then never recommends a user's own
            posts by itself, and feed rules and ``network_share`` can use it).
        send_text: send the post text (``text``). Needs a server with text embeddings (simulations).
        dislikes: send dislike rows as ``dislike`` events. Needs a server with dislike events.
        follows: send follow rows, and unfollows (rows that disappeared), to ``POST /v1/follows``.
        impressions: send what ``refresh`` showed (trace rows) as ``impression`` events. The server's
            rotation then leaves posts shown before out of the next feeds.
        profiles: send each new user's bio with ``PUT /v1/users/{id}``. Needs a server with user profiles.
        timestamps: ``"server"`` (no timestamps sent) or ``"rows"`` (the rows' ``created_at``, see above).
        origin, step_seconds: epoch second of time step 0 and seconds per step, for ``timestamps="rows"``.
        state_file: JSON file keeping the high-water marks across runs (written after each push).
    """

    def __init__(
        self,
        client: Client,
        db: Union[str, "os.PathLike[str]", sqlite3.Connection],
        *,
        k: int = 2,
        algo: Optional[str] = None,
        fetch_extra: int = 8,
        batch_size: int = 5000,
        workers: int = 4,
        author_tags: bool = True,
        send_author: bool = False,
        send_text: bool = False,
        dislikes: bool = False,
        follows: bool = False,
        impressions: bool = False,
        profiles: bool = False,
        timestamps: str = "server",
        origin: Optional[int] = None,
        step_seconds: int = 60,
        state_file: Optional[Union[str, "os.PathLike[str]"]] = None,
    ) -> None:
        if k < 1:
            raise ValueError("k must be at least 1")
        if timestamps not in ("server", "rows"):
            raise ValueError("timestamps must be 'server' or 'rows'")
        self.client = client
        if isinstance(db, sqlite3.Connection):
            self._db = db
            self._owns_db = False
        else:
            self._db = sqlite3.connect(os.fspath(db), timeout=30.0, check_same_thread=False)
            self._owns_db = True
        self.k = k
        self.algo = algo
        self.fetch_extra = max(0, fetch_extra)
        self.batch_size = batch_size
        self.workers = max(1, workers)
        self.author_tags = author_tags
        self.send_author = send_author
        self.send_text = send_text
        self.dislikes = dislikes
        self.follows = follows
        self.impressions = impressions
        self.profiles = profiles
        self.timestamps = timestamps
        self.origin = int(time.time()) if origin is None else int(origin)
        self.step_seconds = step_seconds
        self.state_file = None if state_file is None else os.fspath(state_file)
        self.marks: Dict[str, int] = {t: _BEFORE_ALL for t in _TABLES}
        self._nonce = uuid.uuid4().hex
        self._authors: Dict[int, int] = {}  # post id (items sent) -> author user id
        self._follows: Dict[int, Tuple[int, int]] = {}  # follow id -> (follower, followee), when follows
        if self.state_file and os.path.exists(self.state_file):
            self._load_state()

    # ---- state

    def _load_state(self) -> None:
        with open(self.state_file, "r", encoding="utf-8") as f:  # type: ignore[arg-type]
            st = json.load(f)
        self.marks.update({k: int(v) for k, v in st.get("marks", {}).items() if k in self.marks})
        self._nonce = str(st.get("nonce", self._nonce))
        self.origin = int(st.get("origin", self.origin))
        # what was already sent: authors of the items, the follow edges
        for pid, uid in self._db.execute(
                "SELECT post_id, user_id FROM post WHERE post_id <= ? AND (original_post_id IS NULL "
                "OR quote_content IS NOT NULL)", (self.marks["post"],)):
            self._authors[int(pid)] = int(uid)
        if self.follows:
            for fid, a, b in self._db.execute(
                    "SELECT follow_id, follower_id, followee_id FROM follow WHERE follow_id <= ?",
                    (self.marks["follow"],)):
                self._follows[int(fid)] = (int(a), int(b))

    def _save_state(self) -> None:
        if not self.state_file:
            return
        d = os.path.dirname(os.path.abspath(self.state_file))
        fd, tmp = tempfile.mkstemp(prefix=".swarmrec-oasis-", dir=d)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"marks": self.marks, "nonce": self._nonce, "origin": self.origin}, f)
        os.replace(tmp, self.state_file)

    def close(self) -> None:
        """Closes the database connection if the adapter opened it."""
        if self._owns_db:
            self._db.close()

    # ---- push: new rows to swarmrec

    def _when(self, created_at: Any) -> Optional[int]:
        if self.timestamps == "server":
            return None
        return oasis_time(created_at, origin=self.origin, step_seconds=self.step_seconds)

    def _rows(self, sql: str, mark: str) -> List[Tuple[Any, ...]]:
        return list(self._db.execute(sql, (self.marks[mark],)))

    def _key(self, table: str, lo: int, hi: int) -> str:
        return f"oasis-{self._nonce}-{table}-{lo}-{hi}"

    def _send(self, table: str, events: List[Event], hi: int) -> int:
        if events:
            self.client.send_events(events, idempotency_key=self._key(table, self.marks[table], hi))
        self.marks[table] = hi
        return len(events)

    def push(self) -> SyncReport:
        """Sends the rows added since the previous push; returns what was sent."""
        t0 = time.perf_counter()
        rep = SyncReport()

        users = self._rows("SELECT user_id, bio FROM user WHERE user_id > ? ORDER BY user_id", "user")
        if users:
            if self.profiles:
                for uid, bio in users:
                    self.client.put_user(str(uid), bio=bio or "")
            rep.users = len(users)
            self.marks["user"] = int(users[-1][0])

        posts = self._rows("SELECT post_id, user_id, original_post_id, content, quote_content, created_at "
                           "FROM post WHERE post_id > ? ORDER BY post_id", "post")
        shares: List[Event] = []
        items: List[Tuple[int, int, Optional[str], Optional[int]]] = []  # post, author, text, created
        for pid, uid, original, content, quote, created in posts:
            pid, uid = int(pid), int(uid)
            when = self._when(created)
            if original is not None:
                shares.append(Event(str(uid), str(original), EventType.SHARE, timestamp=when))
                if quote is None:
                    continue  # a repost is a share, not a post of its own
            items.append((pid, uid, quote if original is not None else content, when))
        self._put_items(items)
        for pid, uid, _, _ in items:
            self._authors[pid] = uid
        rep.posts = len(items)
        if posts:
            rep.shares = len(shares)
            if shares:
                self.client.send_events(shares, idempotency_key=self._key(
                    "post", self.marks["post"], int(posts[-1][0])))
            self.marks["post"] = int(posts[-1][0])

        likes = self._rows("SELECT like_id, user_id, post_id, created_at FROM \"like\" WHERE like_id > ? "
                           "ORDER BY like_id", "like")
        if likes:
            rep.likes = self._send("like", [Event(str(u), str(p), EventType.LIKE, timestamp=self._when(c))
                                            for _, u, p, c in likes], int(likes[-1][0]))

        if self.dislikes:
            rows = self._rows("SELECT dislike_id, user_id, post_id, created_at FROM dislike "
                              "WHERE dislike_id > ? ORDER BY dislike_id", "dislike")
            if rows:
                rep.dislikes = self._send("dislike", [
                    Event(str(u), str(p), EventType.DISLIKE, timestamp=self._when(c)) for _, u, p, c in rows],
                    int(rows[-1][0]))

        if self.impressions:
            rows = self._rows("SELECT rowid, user_id, created_at, info FROM trace WHERE rowid > ? "
                              "AND action = 'refresh' ORDER BY rowid", "trace")
            seen: List[Event] = []
            for _, uid, created, info in rows:
                for pid in _refreshed_posts(info):
                    seen.append(Event(str(uid), str(pid), EventType.IMPRESSION, timestamp=self._when(created)))
            if rows:
                rep.impressions = self._send("trace", seen, int(rows[-1][0]))

        if self.follows:
            rep.follows, rep.unfollows = self._push_follows()

        rep.events_sent = rep.shares + rep.likes + rep.dislikes + rep.impressions
        self._save_state()
        rep.push_seconds = time.perf_counter() - t0
        return rep

    def _put_items(self, items: List[Tuple[int, int, Optional[str], Optional[int]]]) -> None:
        def put(it: Tuple[int, int, Optional[str], Optional[int]]) -> None:
            pid, uid, text, when = it
            self.client.put_item(
                str(pid),
                tags=[f"author:{uid}"] if self.author_tags else None,
                created=when,
                author=str(uid) if self.send_author else None,
                text=(text or "") if self.send_text else None,
            )

        if self.workers == 1 or len(items) < 2:
            for it in items:
                put(it)
            return
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="swarmrec-oasis") as pool:
            for _ in pool.map(put, items):  # raises the first failure
                pass

    def _push_follows(self) -> Tuple[int, int]:
        new = self._rows("SELECT follow_id, follower_id, followee_id FROM follow WHERE follow_id > ? "
                         "ORDER BY follow_id", "follow")
        present = {int(r[0]) for r in self._db.execute("SELECT follow_id FROM follow WHERE follow_id <= ?",
                                                       (self.marks["follow"],))}
        gone = [fid for fid in self._follows if fid not in present]
        batch: List[Follow] = [Follow(str(self._follows[fid][0]), str(self._follows[fid][1]), "unfollow")
                               for fid in gone]
        batch += [Follow(str(a), str(b)) for _, a, b in new]
        if batch:
            self.client.send_follows(batch)
        for fid in gone:
            del self._follows[fid]
        for fid, a, b in new:
            self._follows[int(fid)] = (int(a), int(b))
        if new:
            self.marks["follow"] = int(new[-1][0])
        return len(new), len(gone)

    # ---- fill: swarmrec's feeds into rec

    def feeds(self) -> Dict[int, List[int]]:
        """Every user's feed from swarmrec: up to ``k`` post ids, own posts and non-posts left out."""
        users = [int(r[0]) for r in self._db.execute("SELECT user_id FROM user ORDER BY user_id")]
        want = min(200, self.k + self.fetch_extra)
        out: Dict[int, List[int]] = {}
        for rec in self.client.stream_batch([str(u) for u in users], want, algo=self.algo, step=True,
                                            chunk_size=self.batch_size):
            if not rec.ok:
                raise SwarmrecError(f"no feed for user {rec.user!r}: {rec.error.message}",  # type: ignore[union-attr]
                                    code=rec.error.code, status=200)  # type: ignore[union-attr]
            uid = int(rec.user)
            posts: List[int] = []
            for item in rec.ids:
                try:
                    pid = int(item)
                except ValueError:
                    continue
                author = self._authors.get(pid)
                if author is None or author == uid:
                    continue
                posts.append(pid)
                if len(posts) == self.k:
                    break
            out[uid] = posts
        return out

    def fill_rec(self) -> SyncReport:
        """Rewrites ``rec`` from swarmrec's feeds for every user (one transaction)."""
        rep = SyncReport()
        t0 = time.perf_counter()
        feeds = self.feeds()
        t1 = time.perf_counter()
        rows = [(u, p) for u, ps in feeds.items() for p in ps]
        with self._db:
            self._db.execute("DELETE FROM rec")
            self._db.executemany("INSERT INTO rec (user_id, post_id) VALUES (?, ?)", rows)
        rep.feeds = len(feeds)
        rep.rec_rows = len(rows)
        rep.feed_seconds = t1 - t0
        rep.write_seconds = time.perf_counter() - t1
        return rep

    def sync(self) -> SyncReport:
        """:meth:`push` then :meth:`fill_rec`."""
        return self.push().merge(self.fill_rec())

    async def update_rec_table(self) -> SyncReport:
        """Drop-in for ``oasis.social_platform.platform.Platform.update_rec_table``: runs :meth:`sync`.

        Like OASIS's own, it blocks the event loop while it works (HTTP and SQLite calls are synchronous).
        """
        return self.sync()

    def install(self, platform: Any) -> None:
        """Makes ``platform.update_rec_table`` call this adapter (the rest of OASIS is unchanged)."""
        platform.update_rec_table = self.update_rec_table


def _refreshed_posts(info: Optional[str]) -> List[int]:
    """Post ids in a refresh trace's info (``{"posts": [{"post_id": ...}, ...]}``, JSON)."""
    if not info:
        return []
    try:
        d = json.loads(info)
    except ValueError:
        return []
    out: List[int] = []
    for p in (d.get("posts") or []) if isinstance(d, dict) else []:
        if isinstance(p, dict) and p.get("post_id") is not None:
            try:
                out.append(int(p["post_id"]))
            except (TypeError, ValueError):
                pass
    return out

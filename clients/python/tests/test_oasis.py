"""The OASIS adapter on a database with OASIS's tables, filled by a small simulated run, against a live server.

The tables are described here from reading OASIS's schema (camel-ai/oasis, oasis/social_platform/schema):
the table and column names are the interface the adapter reads; the rest is this test's own.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import tempfile
import unittest
from typing import Dict, List

from live import LiveServer

from swarmrec.oasis import OasisAdapter, SyncReport, oasis_time

SERVER: LiveServer

# table -> its columns (name, SQL type); the first column of each is its integer key
TABLES: Dict[str, List[str]] = {
    "user": ["user_id INTEGER PRIMARY KEY AUTOINCREMENT", "agent_id INTEGER", "user_name TEXT", "name TEXT",
             "bio TEXT", "created_at DATETIME", "num_followings INTEGER DEFAULT 0",
             "num_followers INTEGER DEFAULT 0"],
    "post": ["post_id INTEGER PRIMARY KEY AUTOINCREMENT", "user_id INTEGER", "original_post_id INTEGER",
             "content TEXT DEFAULT ''", "quote_content TEXT", "created_at DATETIME",
             "num_likes INTEGER DEFAULT 0", "num_dislikes INTEGER DEFAULT 0", "num_shares INTEGER DEFAULT 0",
             "num_reports INTEGER DEFAULT 0"],
    "follow": ["follow_id INTEGER PRIMARY KEY AUTOINCREMENT", "follower_id INTEGER", "followee_id INTEGER",
               "created_at DATETIME"],
    "like": ["like_id INTEGER PRIMARY KEY AUTOINCREMENT", "user_id INTEGER", "post_id INTEGER",
             "created_at DATETIME"],
    "dislike": ["dislike_id INTEGER PRIMARY KEY AUTOINCREMENT", "user_id INTEGER", "post_id INTEGER",
                "created_at DATETIME"],
    "trace": ["user_id INTEGER", "created_at DATETIME", "action TEXT", "info TEXT"],
    "rec": ["user_id INTEGER", "post_id INTEGER"],
}

TOPICS = ["chess", "cycling", "jazz"]


def setUpModule() -> None:
    global SERVER
    SERVER = LiveServer().start()


def tearDownModule() -> None:
    SERVER.stop()


class Platform:
    """A stand-in for OASIS's platform writes: what sign-up, posting, liking, reposting, quoting, disliking,
    following and refreshing leave in the database (created_at is the time step, as in OASIS's Twitter mode)."""

    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path)
        for t, cols in TABLES.items():
            extra = ", PRIMARY KEY(user_id, post_id)" if t == "rec" else ""
            self.db.execute(f'CREATE TABLE "{t}" ({", ".join(cols)}{extra})')
        self.db.commit()
        self.step = 0
        self.topic: Dict[int, str] = {}  # post id -> topic

    def _do(self, sql: str, args=()) -> int:
        cur = self.db.execute(sql, args)
        self.db.commit()
        return cur.lastrowid

    def sign_up(self, uid: int, bio: str) -> None:
        self._do("INSERT INTO user (user_id, agent_id, user_name, name, bio, created_at) VALUES (?,?,?,?,?,?)",
                 (uid, uid, f"u{uid}", f"User {uid}", bio, str(self.step)))

    def post(self, uid: int, topic: str) -> int:
        pid = self._do("INSERT INTO post (user_id, content, created_at) VALUES (?,?,?)",
                       (uid, f"thoughts on {topic}", str(self.step)))
        self.topic[pid] = topic
        return pid

    def like(self, uid: int, pid: int) -> None:
        self._do('INSERT INTO "like" (user_id, post_id, created_at) VALUES (?,?,?)', (uid, pid, str(self.step)))

    def dislike(self, uid: int, pid: int) -> None:
        self._do("INSERT INTO dislike (user_id, post_id, created_at) VALUES (?,?,?)", (uid, pid, str(self.step)))

    def repost(self, uid: int, pid: int) -> int:
        return self._do("INSERT INTO post (user_id, original_post_id, created_at) VALUES (?,?,?)",
                        (uid, pid, str(self.step)))

    def quote(self, uid: int, pid: int, text: str) -> int:
        q = self._do("INSERT INTO post (user_id, original_post_id, content, quote_content, created_at) "
                     "VALUES (?,?,?,?,?)", (uid, pid, "", text, str(self.step)))
        self.topic[q] = self.topic[pid]
        return q

    def follow(self, a: int, b: int) -> None:
        self._do("INSERT INTO follow (follower_id, followee_id, created_at) VALUES (?,?,?)", (a, b, str(self.step)))

    def refresh(self, uid: int) -> List[int]:
        shown = [r[0] for r in self.db.execute("SELECT post_id FROM rec WHERE user_id = ?", (uid,))]
        self._do("INSERT INTO trace (user_id, created_at, action, info) VALUES (?,?,?,?)",
                 (uid, str(self.step), "refresh", json.dumps({"posts": [{"post_id": p} for p in shown]})))
        return shown

    def rec(self) -> Dict[int, List[int]]:
        out: Dict[int, List[int]] = {}
        for u, p in self.db.execute("SELECT user_id, post_id FROM rec ORDER BY user_id"):
            out.setdefault(u, []).append(p)
        return out

    def author(self, pid: int) -> int:
        return self.db.execute("SELECT user_id FROM post WHERE post_id = ?", (pid,)).fetchone()[0]


class OasisAdapterTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "oasis.db")
        self.state = os.path.join(self.dir.name, "state.json")
        self.sr = SERVER.client()
        self.pf = Platform(self.path)
        # 15 users, 5 per topic; each writes 2 posts about its topic and likes the first post of every
        # other member of its group and the second post of the next member. Likes never cross topics, and
        # each user keeps untouched posts of its topic that others liked.
        self.users = list(range(15))
        self.interest = {u: TOPICS[u % 3] for u in self.users}
        self.posts: Dict[int, List[int]] = {}
        for u in self.users:
            self.pf.sign_up(u, f"into {self.interest[u]}")
        for u in self.users:
            self.posts[u] = [self.pf.post(u, self.interest[u]) for _ in range(2)]
        self.likes = 0
        for u in self.users:
            group = [v for v in self.users if self.interest[v] == self.interest[u]]
            after = group[(group.index(u) + 1) % len(group)]
            for p in [self.posts[v][0] for v in group if v != u] + [self.posts[after][1]]:
                self.pf.like(u, p)
                self.likes += 1
        self.pf.repost(0, self.posts[6][1])  # posts of its group it had not liked
        self.pf.quote(1, self.posts[7][1], "so true")
        self.pf.follow(0, 3)

    def tearDown(self) -> None:
        self.sr.close()
        self.pf.db.close()
        self.dir.cleanup()

    def check_rec(self, k: int) -> Dict[int, List[int]]:
        rec = self.pf.rec()
        posts = {r[0] for r in self.pf.db.execute(
            "SELECT post_id FROM post WHERE original_post_id IS NULL OR quote_content IS NOT NULL")}
        for u, ps in rec.items():
            self.assertLessEqual(len(ps), k)
            for p in ps:
                self.assertIn(p, posts, "only posts (no reposts, no foreign ids) are written")
                self.assertNotEqual(u, self.pf.author(p), "a user's own post is never in its rec rows")
        return rec

    def test_push_sends_only_new_rows_and_fill_rewrites_rec(self) -> None:
        ad = OasisAdapter(self.sr, self.path, k=2, state_file=self.state)
        rep = ad.push()
        self.assertEqual((15, 31, 2, self.likes), (rep.users, rep.posts, rep.shares, rep.likes))
        self.assertEqual(self.likes + 2, rep.events_sent)
        again = ad.push()
        self.assertEqual((0, 0, 0, 0), (again.users, again.posts, again.shares, again.likes))
        self.sr.rebuild()
        m = self.sr.model()
        self.assertEqual(self.likes + 2, m.interactions)  # likes, the repost's and the quote's share

        fill = ad.fill_rec()
        self.assertEqual(15, fill.feeds)
        rec = self.check_rec(2)
        self.assertEqual(set(self.users), set(rec))
        for u, ps in rec.items():
            self.assertEqual(2, len(ps))
            # co-likes only happen inside a topic group: item-kNN keeps every user's rec in its topic
            self.assertEqual([self.interest[u]] * 2, [self.pf.topic[p] for p in ps], (u, ps))

        # next step: a like on a recommended post takes it out of that user's rec at once (no rebuild);
        # a stale row is gone after the rewrite
        self.pf.step = 1
        u, p = 5, rec[5][0]
        self.pf.like(u, p)
        self.pf.db.execute("INSERT INTO rec VALUES (?, ?)", (7, self.posts[7][0]))
        self.pf.db.commit()
        rep = ad.sync()
        self.assertEqual((0, 0, 1), (rep.users, rep.posts, rep.likes))
        self.assertEqual(30, rep.rec_rows)
        rec = self.check_rec(2)
        self.assertNotIn(p, rec[5])

        # a new adapter on the same state file sends nothing twice and still knows the authors
        ad.close()
        ad2 = OasisAdapter(self.sr, self.path, k=2, state_file=self.state)
        self.assertEqual(0, ad2.push().events_sent)
        self.pf.post(2, "chess")
        self.assertEqual(1, ad2.push().posts)
        ad2.fill_rec()
        self.check_rec(2)
        ad2.close()

    def test_replaces_update_rec_table_of_a_platform(self) -> None:
        class OasisPlatform:
            async def update_rec_table(self):
                raise AssertionError("OASIS's own recommender should not run")

        platform = OasisPlatform()
        conn = sqlite3.connect(self.path)
        try:
            ad = OasisAdapter(self.sr, conn, k=3, timestamps="rows", origin=1_700_000_000, step_seconds=3600)
            ad.install(platform)
            rep = asyncio.run(platform.update_rec_table())
            self.assertIsInstance(rep, SyncReport)
            self.assertEqual(self.likes + 2, rep.events_sent)
            self.assertEqual(15, rep.feeds)
            self.check_rec(3)
            # refresh reads what the adapter wrote
            self.assertEqual(self.pf.rec().get(0, []), self.pf.refresh(0))
        finally:
            conn.close()


class OasisTimeTest(unittest.TestCase):
    def test_steps_and_datetimes(self) -> None:
        self.assertEqual(1000 + 3 * 60, oasis_time("3", origin=1000, step_seconds=60))
        self.assertEqual(1000 + 120, oasis_time(2, origin=1000, step_seconds=60))
        self.assertIsNone(oasis_time(None, origin=0, step_seconds=60))
        from datetime import datetime
        when = datetime(2024, 5, 1, 12, 30, 15, 250000)
        self.assertEqual(int(when.timestamp()), oasis_time(str(when), origin=0, step_seconds=60))
        with self.assertRaises(ValueError):
            oasis_time("yesterday", origin=0, step_seconds=60)


if __name__ == "__main__":
    unittest.main()

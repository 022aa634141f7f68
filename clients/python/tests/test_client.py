"""The client against a live server (every endpoint the server serves today)."""

from __future__ import annotations

import unittest

from live import LiveServer

from swarmrec import (BadRequestError, Event, EventType, ForbiddenError, IngestResult, NotFoundError,
                      Recommendations, SwarmrecError)

SERVER: LiveServer


def setUpModule() -> None:
    global SERVER
    SERVER = LiveServer({"algos": "itemknn,pop,content"}).start()


def tearDownModule() -> None:
    SERVER.stop()


def community(prefix: str, users: int = 6, items: int = 6):
    """Two disjoint groups: users 0..2 like items 0..2, users 3..5 like items 3..5 (each misses one)."""
    events = []
    half_u, half_i = users // 2, items // 2
    for u in range(users):
        lo = 0 if u < half_u else half_i
        for i in range(lo, lo + half_i):
            if (u % half_u) != (i - lo):  # user j of a group skips item j of its half
                events.append(Event(f"{prefix}u{u}", f"{prefix}i{i}", EventType.LIKE))
    return events


class ClientTest(unittest.TestCase):
    def setUp(self) -> None:
        self.sr = SERVER.client()

    def tearDown(self) -> None:
        self.sr.close()

    def test_health_ready_and_metrics(self) -> None:
        self.assertTrue(self.sr.health())
        self.assertTrue(self.sr.ready())
        self.sr.wait_ready(timeout=5)
        self.assertIn("# TYPE", self.sr.metrics())

    def test_events_train_the_model_and_take_effect_at_once(self) -> None:
        r = self.sr.send_events(community("ev-"))
        self.assertIsInstance(r, IngestResult)
        self.assertEqual(12, r.accepted)
        info = self.sr.rebuild()
        self.assertGreaterEqual(info.users, 6)
        self.assertIn("itemknn", info.algos)
        # ev-u0 misses ev-i0, which its group liked; the other group's items are not co-liked at all
        rec = self.sr.recommend("ev-u0", k=3, algo="itemknn")
        self.assertEqual("ev-u0", rec.user)
        self.assertEqual("itemknn", rec.algo)
        self.assertEqual("ev-i0", rec.ids[0])
        self.assertNotIn("ev-i1", rec.ids)  # already liked
        self.assertEqual(sorted((s.score for s in rec.items), reverse=True), [s.score for s in rec.items])
        # a like takes effect on the next request: the item is never recommended to that user again
        self.sr.send_event("ev-u0", "ev-i0", EventType.LIKE)
        self.assertNotIn("ev-i0", self.sr.recommend("ev-u0", k=3, algo="itemknn").ids)

    def test_events_in_chunks_as_tuples_and_mappings(self) -> None:
        events = [("ch-u1", f"ch-i{i}") for i in range(10)]
        events += [{"user": "ch-u2", "item": f"ch-i{i}", "type": "rating", "value": 4.5} for i in range(10)]
        events += [Event("ch-u3", "ch-i0", timestamp=1_700_000_000), Event("ch-u3", "ch-i1", timestamp="2024-01-01T00:00:00Z")]
        before = self.sr.model().last_sequence
        r = self.sr.send_events(events, chunk_size=7)
        self.assertEqual(22, r.accepted)
        self.assertGreaterEqual(r.last_sequence, before + 22)

    def test_server_errors_carry_code_message_and_status(self) -> None:
        with self.assertRaises(BadRequestError) as e:
            self.sr.send_events([Event("er-u", "er-i", "no-such-type")])
        self.assertEqual(400, e.exception.status)
        self.assertEqual("invalid_event", e.exception.code)
        self.assertIn("no-such-type", e.exception.message)
        with self.assertRaises(BadRequestError) as e:
            self.sr.recommend("er-u", k=0)
        self.assertEqual("invalid_k", e.exception.code)
        with self.assertRaises(BadRequestError) as e:
            self.sr.recommend("er-u", algo="no-such-algo")
        self.assertEqual("unknown_algo", e.exception.code)
        with self.assertRaises(BadRequestError) as e:
            self.sr.popular(kind="sideways")
        self.assertEqual("invalid_parameter", e.exception.code)
        with self.assertRaises(NotFoundError) as e:
            self.sr._t.request("GET", "/v1/no-such-route")
        self.assertEqual(("not_found", 404), (e.exception.code, e.exception.status))
        self.assertIsInstance(e.exception, SwarmrecError)

    def test_ids_are_escaped_in_paths(self) -> None:
        user = "we ird/ü?#%"
        self.sr.send_event(user, "esc-i1", EventType.LIKE)
        rec = self.sr.recommend(user, k=2)
        self.assertEqual(user, rec.user)
        self.assertEqual(1, self.sr.forget_user(user))

    def test_unknown_user_gets_popular_items(self) -> None:
        self.sr.send_events(community("pop-"))
        self.sr.rebuild()
        rec = self.sr.recommend("pop-nobody", k=4)
        self.assertEqual("pop", rec.algo)
        self.assertEqual(4, len(rec.items))
        count = self.sr.popular(k=4, kind="count")
        self.assertEqual("count", count.key)
        self.assertEqual(4, len(count.items))
        self.assertEqual(count.ids, rec.ids)
        trending = self.sr.popular(k=3, kind="trending")
        self.assertEqual(("trending", 3), (trending.key, len(trending.items)))

    def test_exclude_and_delete_item(self) -> None:
        self.sr.send_events(community("del-"))
        self.sr.rebuild()
        self.assertEqual("del-i0", self.sr.recommend("del-u0", k=3, algo="itemknn").ids[0])
        self.assertNotIn("del-i0", self.sr.recommend("del-u0", k=3, algo="itemknn", exclude=["del-i0"]).ids)
        self.sr.delete_item("del-i0")
        self.assertNotIn("del-i0", self.sr.recommend("del-u0", k=3, algo="itemknn").ids)
        with self.assertRaises(NotFoundError) as e:
            self.sr.similar_items("del-i0")
        self.assertEqual("unknown_item", e.exception.code)

    def test_similar_items_and_users(self) -> None:
        self.sr.send_events(community("sim-"))
        self.sr.rebuild()
        items = self.sr.similar_items("sim-i0", k=2, algo="itemknn")
        self.assertEqual("sim-i0", items.key)
        self.assertEqual({"sim-i1", "sim-i2"}, set(items.ids))
        users = self.sr.similar_users("sim-u0", k=2, algo="itemknn")
        self.assertEqual("sim-u0", users.key)
        self.assertTrue(set(users.ids) <= {"sim-u1", "sim-u2"}, users.ids)
        with self.assertRaises(NotFoundError) as e:
            self.sr.similar_users("sim-nobody")
        self.assertEqual("unknown_user", e.exception.code)

    def test_batch_with_an_invalid_user(self) -> None:
        self.sr.send_events(community("bat-"))
        self.sr.rebuild()
        users = ["bat-u0", "", "bat-u3", "bat-nobody"]
        res = self.sr.recommend_batch(users, k=2, algo="itemknn")
        self.assertEqual(users, [r.user for r in res])
        self.assertTrue(res[0].ok and res[2].ok and res[3].ok)
        self.assertFalse(res[1].ok)
        self.assertEqual("invalid_user", res[1].error.code)
        self.assertEqual([], res[1].items)
        self.assertEqual(self.sr.recommend("bat-u0", k=2, algo="itemknn").ids, res[0].ids)
        self.assertEqual("pop", res[3].algo)

    def test_streamed_batch_in_chunks_keeps_order(self) -> None:
        self.sr.send_events(community("str-"))
        self.sr.rebuild()
        users = [f"str-u{u}" for u in range(6)] + ["str-new"]
        it = self.sr.stream_batch(users, k=2, chunk_size=3)
        first = next(it)
        self.assertIsInstance(first, Recommendations)
        rest = list(it)
        self.assertEqual(users, [first.user] + [r.user for r in rest])
        plain = self.sr.recommend_batch(users, k=2)
        self.assertEqual([r.ids for r in plain], [first.ids] + [r.ids for r in rest])
        # an iterator closed early gives its connection up; the client goes on working
        it = self.sr.stream_batch(users, k=2)
        next(it)
        it.close()
        self.assertTrue(self.sr.health())

    def test_step_batches_rescore_only_changed_users(self) -> None:
        self.sr.send_events(community("stp-"))
        self.sr.rebuild()
        users = [f"stp-u{u}" for u in range(6)]
        list(self.sr.stream_batch(users, k=2, algo="itemknn", step=True))
        again = list(self.sr.stream_batch(users, k=2, algo="itemknn", step=True))
        self.assertEqual(["step"] * 6, [r.source for r in again])
        self.sr.send_event("stp-u4", "stp-i0", EventType.LIKE)
        third = {r.user: r for r in self.sr.stream_batch(users, k=2, algo="itemknn", step=True)}
        self.assertEqual("computed", third["stp-u4"].source)
        self.assertEqual("step", third["stp-u0"].source)
        self.assertNotIn("stp-i0", third["stp-u4"].ids)
        # a step answer equals a plain batch's
        plain = self.sr.recommend_batch(users, k=2, algo="itemknn")
        self.assertEqual([r.ids for r in plain], [third[u].ids for u in users])

    def test_model_and_rebuild_needs_the_admin_token(self) -> None:
        m = self.sr.model()
        self.assertGreaterEqual(m.version, 1)
        self.assertEqual("itemknn", m.default_algo)
        with SERVER.client(admin_token="wrong") as bad:
            with self.assertRaises(ForbiddenError) as e:
                bad.rebuild()
            self.assertEqual(("forbidden", 403), (e.exception.code, e.exception.status))
        with SERVER.client(admin_token="") as none:
            with self.assertRaises(ValueError):
                none.rebuild()
        self.sr.send_event("mdl-u", "mdl-i")
        after = self.sr.rebuild()
        self.assertGreater(after.version, m.version)
        self.assertEqual(0, after.pending_events)

    def test_forget_user(self) -> None:
        self.sr.send_events([Event("fgt-u", f"fgt-i{i}") for i in range(3)] + [Event("fgt-v", "fgt-i0")])
        self.sr.rebuild()
        self.sr.similar_users("fgt-u", algo="itemknn")
        self.assertEqual(3, self.sr.forget_user("fgt-u"))
        self.sr.rebuild()
        with self.assertRaises(NotFoundError):
            self.sr.similar_users("fgt-u", algo="itemknn")

    def test_items_with_vectors_reach_users_by_content_before_a_rebuild(self) -> None:
        self.sr.put_item("vec-a", categories=["science"], tags=["author:vec-w"], vector=[1.0, 0.0, 0.0])
        self.sr.put_item("vec-b", vector=[0.0, 1.0, 0.0])
        self.sr.send_event("vec-u", "vec-a", EventType.LIKE)
        self.sr.rebuild()
        # two new posts put after the rebuild: the one close to vec-u's history comes first
        self.sr.put_item("vec-near", vector=[0.9, 0.1, 0.0], created=1_700_000_000)
        self.sr.put_item("vec-far", vector=[0.0, 0.0, 1.0])
        rec = self.sr.recommend("vec-u", k=3, algo="content")
        self.assertEqual("content", rec.algo)
        self.assertEqual("vec-near", rec.ids[0])
        self.assertNotIn("vec-a", rec.ids)
        with self.assertRaises(BadRequestError) as e:
            self.sr.put_item("vec-bad", vector=[])
        self.assertEqual("invalid_item", e.exception.code)
        with self.assertRaises(ValueError):  # refused by the client: JSON has no NaN
            self.sr.put_item("vec-nan", vector=[float("nan")])


if __name__ == "__main__":
    unittest.main()

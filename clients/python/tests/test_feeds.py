"""Feed rules, follows, ranking and one-call steps against a live server."""

from __future__ import annotations

import time
import unittest

from live import LiveServer

from swarmrec import BadRequestError, Event, EventType, FeedRules, Post

SERVER: LiveServer


def setUpModule() -> None:
    global SERVER
    SERVER = LiveServer({"algos": "itemknn,pop"}).start()


def tearDownModule() -> None:
    SERVER.stop()


class FeedTest(unittest.TestCase):
    def setUp(self) -> None:
        self.sr = SERVER.client()
        now = int(time.time())
        # items f0..f11: even ones are "sci" by author "fa", odd ones "art" by "fb"
        for i in range(12):
            self.sr.put_item(f"f{i}", author="fa" if i % 2 == 0 else "fb",
                             categories=["sci" if i % 2 == 0 else "art"], created=now - i * 60)
        events = []
        for u in range(8):
            for i in range(12):
                if (u + i) % 2 == 0 and (u + i) % 3 != 0:
                    events.append(Event(f"fu{u}", f"f{i}", EventType.LIKE))
        self.sr.send_events(events)
        self.sr.rebuild()

    def tearDown(self) -> None:
        self.sr.close()

    def test_rules_filter_and_explain(self) -> None:
        recs = self.sr.recommend("fu0", k=4, rules=FeedRules(category="art", explain=True))
        self.assertTrue(recs.ids)
        self.assertTrue(all(int(i[1:]) % 2 == 1 for i in recs.ids), recs.ids)
        with self.assertRaises(BadRequestError) as e:
            self.sr.recommend("fu0", k=4, rules=FeedRules(diversity=3))
        self.assertEqual("invalid_rule", e.exception.code)

    def test_follows_and_network_share(self) -> None:
        self.sr.follow("fu0", "fb")
        self.assertEqual(["fb"], self.sr.following("fu0"))
        recs = self.sr.recommend("fu0", k=4, rules=FeedRules(network_share=1.0))
        self.assertTrue(recs.ids)
        self.assertTrue(all(int(i[1:]) % 2 == 1 for i in recs.ids), recs.ids)
        self.sr.unfollow("fu0", "fb")
        self.assertEqual([], self.sr.following("fu0"))

    def test_rank_orders_the_given_candidates(self) -> None:
        ranked = self.sr.rank("fu0", ["f1", "f2", "nope", "f4"])
        self.assertEqual({"f1", "f2", "f4"}, set(ranked.ids))

    def test_one_round_trip_step(self) -> None:
        lines = list(self.sr.step(step=1, posts=[Post("fnew", author="fb", categories=["art"])],
                                  follows=[("fu1", "fb")], events=[Event("fu1", "f3", EventType.LIKE)],
                                  feed_users=["fu1", "fu2"], k=3, rules=FeedRules(network_share=1.0)))
        self.assertEqual(["fu1", "fu2"], [r.user for r in lines])
        self.assertIn("fnew", lines[0].ids)
        self.assertNotIn("f3", lines[0].ids)


if __name__ == "__main__":
    unittest.main()

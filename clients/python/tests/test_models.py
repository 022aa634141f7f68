"""How inputs render as JSON / query parameters and how answers are read (no server needed)."""

from __future__ import annotations

import unittest
from datetime import datetime, timedelta, timezone

import live  # noqa: F401

from swarmrec import Event, FeedRules, Follow, ModelInfo, Post, Recommendations, UserProfile
from swarmrec.models import timestamp_json


class ModelsTest(unittest.TestCase):
    def test_event_json(self) -> None:
        self.assertEqual({"user": "u", "item": "i", "type": "view"}, Event("u", "i").to_json())
        self.assertEqual({"user": "7", "item": "9", "type": "rating", "value": 4.0, "timestamp": 1700000000},
                         Event(7, 9, "rating", 4, 1700000000.9).to_json())  # type: ignore[arg-type]

    def test_timestamps(self) -> None:
        self.assertEqual(0, timestamp_json(datetime(1970, 1, 1)))  # naive means UTC
        self.assertEqual(3600, timestamp_json(datetime(1970, 1, 1, 2, tzinfo=timezone(timedelta(hours=1)))))
        self.assertEqual("2024-01-01T00:00:00Z", timestamp_json("2024-01-01T00:00:00Z"))
        with self.assertRaises(ValueError):
            timestamp_json(float("inf"))
        with self.assertRaises(TypeError):
            timestamp_json(True)

    def test_post_user_follow_json(self) -> None:
        p = Post("p1", author="u1", text="hello", tags=("a", "b"), created=5, vector=(1, 2))
        self.assertEqual({"id": "p1", "author": "u1", "text": "hello", "tags": ["a", "b"], "created": 5,
                          "vector": [1.0, 2.0]}, p.to_json())
        self.assertEqual({"id": "u1", "bio": "likes cats"}, UserProfile("u1", bio="likes cats").to_json())
        self.assertEqual({"follower": "a", "followee": "b", "type": "unfollow"},
                         Follow("a", "b", "unfollow").to_json())
        with self.assertRaises(ValueError):
            Follow("a", "b", "block")

    def test_rules(self) -> None:
        r = FeedRules(category=["science", "art"], exclude_author="u1", max_age=3600, now=1_700_000_000,
                      rotate="demote", diversity=0.3, explain=True, network_share=0.5)
        self.assertEqual({"category": "science,art", "exclude_author": "u1", "max_age": "3600",
                          "now": "1700000000", "diversity": "0.3", "network_share": "0.5",
                          "rotate": "demote", "explain": "true"}, r.to_query())
        self.assertEqual({"category": ["science", "art"], "exclude_author": ["u1"], "max_age": 3600,
                          "now": 1_700_000_000, "diversity": 0.3, "network_share": 0.5, "rotate": "demote",
                          "explain": True}, r.to_json())
        self.assertFalse(r.needs_body())
        boosted = FeedRules(boosts=[{"category": "art", "factor": 2}])
        self.assertTrue(boosted.needs_body())
        with self.assertRaises(ValueError):
            boosted.to_query()
        with self.assertRaises(ValueError):
            FeedRules(rotate="sometimes")

    def test_answers_keep_unknown_fields(self) -> None:
        r = Recommendations.from_json({"user": "u", "algo": "itemknn", "degraded": False, "source": "computed",
                                       "model_version": 3, "exhausted": True,
                                       "items": [{"item": "i", "score": 0.5, "because": [{"item": "j"}]}]})
        self.assertEqual(["i"], r.ids)
        self.assertEqual({"exhausted": True}, r.extra)
        self.assertEqual({"because": [{"item": "j"}]}, r.items[0].extra)
        self.assertTrue(r.ok)
        bad = Recommendations.from_json({"user": "", "error": {"code": "invalid_user", "message": "id is empty"}})
        self.assertEqual(("invalid_user", False), (bad.error.code, bad.ok))
        m = ModelInfo.from_json({"version": 2, "algos": "pop,itemknn", "users": 1, "embedder": "minilm"})
        self.assertEqual((["pop", "itemknn"], {"embedder": "minilm"}), (m.algos, m.extra))


class BuildBackendTest(unittest.TestCase):
    def test_pyproject_reader_without_tomllib_agrees_with_tomllib(self) -> None:
        import importlib
        import os
        import sys
        sys.path.insert(0, os.path.join(live.CLIENT, "_build"))
        try:
            backend = importlib.import_module("swarmrec_build")
            try:
                import tomllib  # noqa: F401
            except ImportError:
                self.skipTest("no tomllib to compare with (Python < 3.11)")
            with_toml = backend._project()
            saved = sys.modules.get("tomllib")
            sys.modules["tomllib"] = None  # type: ignore[assignment]  # makes `import tomllib` fail
            try:
                without = backend._project()
            finally:
                sys.modules["tomllib"] = saved  # type: ignore[assignment]
            self.assertEqual(with_toml, without)
            self.assertEqual("swarmrec", without["name"])
        finally:
            sys.path.remove(os.path.join(live.CLIENT, "_build"))


if __name__ == "__main__":
    unittest.main()

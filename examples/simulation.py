#!/usr/bin/env python3
"""A small social simulation driven through the swarmrec Python client.

N agents, each with one interest among T topics, write posts (mostly about their interest), like what
their feed shows them (likelier when it is about their interest), and ask for their feeds every step in
one streamed step batch. Per step it prints the time to write the step's posts and events, the time to
compute every agent's feed, and how often the feeds showed agents posts of their own interest, next to
the share a uniformly random feed would have given (the fraction of other agents' posts about that
interest, averaged over agents).

    python3 examples/simulation.py --url http://127.0.0.1:8080 --admin-token TOKEN --agents 200 --steps 10

The server learns new posts at model rebuilds: with an admin token the example rebuilds after every
step's writes (``--rebuild-every``); without one, feeds change only at the server's own rebuild schedule.
``--text`` sends the posts' text and ``--follows`` a follow graph; both need a server with the
simulations issue's text embeddings and follows. Uses only the standard library and ./clients/python
(installed, or found next to this file).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from typing import Dict, List

try:
    import swarmrec
except ImportError:  # run from a checkout without installing the client
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python"))
    import swarmrec

from swarmrec import Client, Event, EventType, Follow

WORDS = {
    "science": "telescope quantum cell genome physics lab experiment data",
    "sports": "match goal league coach stadium season transfer final",
    "music": "album concert guitar chorus tour vinyl festival band",
    "food": "recipe bread spice kitchen dinner noodles bakery taste",
    "travel": "flight island hostel map train mountain passport beach",
    "games": "quest level console speedrun boss pixel arcade guild",
    "art": "canvas gallery sketch museum portrait brush sculpture ink",
    "politics": "vote senate policy election debate council reform poll",
}


def main(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default=os.environ.get("SWARMREC_URL", "http://127.0.0.1:8080"))
    ap.add_argument("--admin-token", default=os.environ.get("SWARMREC_ADMIN_TOKEN"))
    ap.add_argument("--agents", type=int, default=100)
    ap.add_argument("--topics", type=int, default=5, help=f"at most {len(WORDS)}")
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--k", type=int, default=10, help="feed length")
    ap.add_argument("--post-rate", type=float, default=0.3, help="chance an agent posts in a step")
    ap.add_argument("--on-topic", type=float, default=0.8, help="chance a post is about its author's interest")
    ap.add_argument("--like-match", type=float, default=0.5, help="chance to like a shown post of one's interest")
    ap.add_argument("--like-other", type=float, default=0.05, help="chance to like any other shown post")
    ap.add_argument("--rebuild-every", type=int, default=1, help="steps between rebuilds (needs the admin token; 0 = never)")
    ap.add_argument("--prefix", default="sim", help="id prefix, to keep clear of other data on the server")
    ap.add_argument("--text", action="store_true", help="send post text (needs a server with text embeddings)")
    ap.add_argument("--follows", action="store_true", help="agents follow agents of their interest (needs a server with follows)")
    ap.add_argument("--extra", type=int, default=40, help="candidates asked beyond k, from which the agent's own "
                    "posts and posts it was already shown are dropped")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    if not 1 <= a.topics <= len(WORDS):
        ap.error(f"--topics must be 1..{len(WORDS)}")
    if a.agents < 2 or a.steps < 1 or a.k < 1:
        ap.error("need --agents >= 2, --steps >= 1, --k >= 1")

    rng = random.Random(a.seed)
    topics = list(WORDS)[: a.topics]
    agents = [f"{a.prefix}-a{i}" for i in range(a.agents)]
    interest = {u: topics[i % a.topics] for i, u in enumerate(agents)}
    topic_of: Dict[str, str] = {}  # post id -> topic
    author_of: Dict[str, str] = {}  # post id -> agent
    seen_liked = set()
    shown: Dict[str, set] = {u: set() for u in agents}  # posts each agent was shown (client-side rotation)
    sr = Client(a.url, admin_token=a.admin_token)
    sr.wait_ready(timeout=60)
    can_rebuild = bool(a.admin_token) and a.rebuild_every > 0
    if not can_rebuild:
        print("note: no admin token (or --rebuild-every 0): feeds learn new posts only at the server's own rebuilds")

    def write_posts(n_posts: Dict[str, int]) -> int:
        count = 0
        for u, n in n_posts.items():
            for _ in range(n):
                pid = f"{a.prefix}-p{len(topic_of)}"
                t = interest[u] if rng.random() < a.on_topic else rng.choice(topics)
                text = " ".join(rng.sample(WORDS[t].split(), 4))
                sr.put_item(pid, categories=[t], tags=[f"author:{u}"], text=text if a.text else None)
                topic_of[pid], author_of[pid] = t, u
                count += 1
        return count

    # step 0: every agent posts twice and has a short history: likes of a few posts of its interest, a
    # view of a random one (what it did on the platform before the simulation starts)
    t0 = time.perf_counter()
    write_posts({u: 2 for u in agents})
    boot = []
    for u in agents:
        mine = [p for p, t in topic_of.items() if t == interest[u] and author_of[p] != u]
        boot += [Event(u, p, EventType.LIKE) for p in rng.sample(mine, min(3, len(mine)))]
        boot.append(Event(u, rng.choice([p for p in topic_of if author_of[p] != u]), EventType.VIEW))
    sr.send_events(boot)
    if a.follows:
        sr.send_follows([Follow(u, v) for u in agents for v in rng.sample(agents, 3)
                         if v != u and interest[v] == interest[u]])
    if can_rebuild:
        sr.rebuild()
    print(f"setup: {len(agents)} agents, {len(topics)} topics, {len(topic_of)} posts, {len(boot)} events "
          f"in {time.perf_counter() - t0:.3f} s")

    total_match = total_shown = 0
    total_random = 0.0
    for step in range(1, a.steps + 1):
        # feeds for every agent, in one streamed step batch
        t_feed = time.perf_counter()
        feeds = {}
        for rec in sr.stream_batch(agents, min(200, a.k + a.extra), step=True):
            fresh = [p for p in rec.ids if p in topic_of and author_of[p] != rec.user and p not in shown[rec.user]]
            feeds[rec.user] = fresh[: a.k]
            shown[rec.user].update(feeds[rec.user])
        feed_s = time.perf_counter() - t_feed

        # what agents saw: share of their interest, against a random feed's expectation
        n_shown = sum(len(f) for f in feeds.values())
        match = sum(1 for u, f in feeds.items() for p in f if topic_of[p] == interest[u])
        by_topic: Dict[str, int] = {}
        by_author_topic: Dict[tuple, int] = {}
        for p, t in topic_of.items():
            by_topic[t] = by_topic.get(t, 0) + 1
            key = (author_of[p], t)
            by_author_topic[key] = by_author_topic.get(key, 0) + 1
        own: Dict[str, int] = {}
        for au in author_of.values():
            own[au] = own.get(au, 0) + 1
        rnd = sum((by_topic.get(interest[u], 0) - by_author_topic.get((u, interest[u]), 0))
                  / max(1, len(topic_of) - own.get(u, 0)) for u in agents) / len(agents)

        # the agents act: like some of what they saw, post
        t_write = time.perf_counter()
        events = []
        for u, f in feeds.items():
            for p in f:  # a shown post is not a view: views count as (weak) preference
                like = a.like_match if topic_of[p] == interest[u] else a.like_other
                if (u, p) not in seen_liked and rng.random() < like:
                    seen_liked.add((u, p))
                    events.append(Event(u, p, EventType.LIKE))
        new_posts = write_posts({u: 1 for u in agents if rng.random() < a.post_rate})
        if events:
            sr.send_events(events)
        write_s = time.perf_counter() - t_write
        rebuild_s = 0.0
        if can_rebuild and step % a.rebuild_every == 0:
            t_rb = time.perf_counter()
            sr.rebuild()
            rebuild_s = time.perf_counter() - t_rb

        share = match / n_shown if n_shown else 0.0
        total_match += match
        total_shown += n_shown
        total_random += rnd
        print(f"step {step}: feeds {feed_s:.3f} s ({len(feeds)} agents, {n_shown} posts shown), "
              f"writes {write_s:.3f} s ({new_posts} posts, {len(events)} events), rebuild {rebuild_s:.3f} s; "
              f"own interest {share:.2f} vs random {rnd:.2f}")

    overall = total_match / total_shown if total_shown else 0.0
    print(f"summary: agents saw posts of their own interest {overall:.2f} of the time, "
          f"a random feed {total_random / a.steps:.2f} ({total_shown} posts shown over {a.steps} steps)")
    sr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""examples/simulation.py runs end to end against a live server at a small size."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unittest

from live import REPO, LiveServer


class ExampleTest(unittest.TestCase):
    def test_simulation_runs_and_reports_every_step(self) -> None:
        server = LiveServer().start()
        try:
            r = subprocess.run([sys.executable, os.path.join(REPO, "examples", "simulation.py"), "--url", server.url,
                                "--admin-token", server.token, "--agents", "40", "--steps", "3", "--k", "5"],
                               capture_output=True, text=True, timeout=300,
                               env=dict(os.environ, PYTHONPATH=""))
        finally:
            server.stop()
        self.assertEqual(0, r.returncode, r.stdout + r.stderr)
        steps = re.findall(r"^step (\d+): feeds [0-9.]+ s \(40 agents, (\d+) posts shown\).*"
                           r"own interest ([0-9.]+) vs random ([0-9.]+)$", r.stdout, re.M)
        self.assertEqual(["1", "2", "3"], [s[0] for s in steps], r.stdout)
        self.assertTrue(all(int(s[1]) > 0 for s in steps), r.stdout)
        m = re.search(r"^summary: agents saw posts of their own interest ([0-9.]+) of the time, "
                      r"a random feed ([0-9.]+)", r.stdout, re.M)
        self.assertIsNotNone(m, r.stdout)
        # agents like posts of their interest far more often: the feeds learn it (0.43 against 0.18 for
        # a random feed at this size and seed when this test was written)
        self.assertGreater(float(m.group(1)), float(m.group(2)), r.stdout)


if __name__ == "__main__":
    unittest.main()

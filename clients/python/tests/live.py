"""A live swarmrec server for the tests: the built jar, on a free port, with an in-memory store.

Found from ``$SWARMREC_JAR`` (default ``swarmrec-cli/target/swarmrec.jar`` of this checkout) and run with
``$SWARMREC_JAVA`` (default ``$JAVA_HOME/bin/java``, then the JDK ``scripts/jdk.sh`` finds), with the JVM flags the
``./swarmrec`` launcher uses. When the jar or a JDK is missing the tests are skipped with a message,
except under ``CI=true``, where that is an error.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import unittest
from typing import Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(CLIENT))
if CLIENT not in sys.path:
    sys.path.insert(0, CLIENT)

from swarmrec import Client  # noqa: E402


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> Exception:
    """SkipTest outside CI, a plain error under CI=true."""
    if in_ci():
        return RuntimeError(f"{reason} (CI=true: failing instead of skipping)")
    return unittest.SkipTest(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _java() -> Optional[str]:
    """$SWARMREC_JAVA, else $JAVA_HOME/bin/java, else the JDK the project's scripts/jdk.sh finds."""
    for c in (os.environ.get("SWARMREC_JAVA"),
              os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else None):
        if c and os.access(c, os.X_OK):
            return c
    try:
        home = subprocess.run(["bash", "-c", '. scripts/jdk.sh && swarmrec_find_jdk && printf %s "$JAVA_HOME"'],
                              cwd=REPO, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    java = os.path.join(home, "bin", "java") if home else ""
    return java if java and os.access(java, os.X_OK) else None


class LiveServer:
    """``swarmrec serve --store memory:`` in a child process; ``start()`` returns when /ready answers."""

    def __init__(self, settings: Optional[Dict[str, str]] = None) -> None:
        self.settings = {"rebuild-interval-seconds": "0", "rebuild-after-events": "0", "warm-users": "0"}
        self.settings.update(settings or {})
        self.token = secrets.token_hex(16)
        self.port = 0
        self.proc: Optional[subprocess.Popen] = None
        self.log_path = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, **kw) -> Client:
        kw.setdefault("admin_token", self.token)
        return Client(self.url, **kw)

    def start(self) -> "LiveServer":
        jar = os.environ.get("SWARMREC_JAR") or os.path.join(REPO, "swarmrec-cli", "target", "swarmrec.jar")
        if not os.path.isfile(jar):
            raise unavailable(f"no server jar at {jar}; build it with "
                              "./mvnw -q -B -DskipTests -pl swarmrec-cli -am package")
        java = _java()
        if java is None:
            raise unavailable("no java found (SWARMREC_JAVA, JAVA_HOME or PATH) to start the server")
        self.port = free_port()
        cmd: List[str] = [java, "-Xmx512m", "-XX:+UseSerialGC", "--add-modules", "jdk.incubator.vector",
                          "--enable-native-access=ALL-UNNAMED", "-jar", jar, "serve", "--store", "memory:",
                          "--host", "127.0.0.1", "--port", str(self.port),
                          "--set", f"admin-token={self.token}"]
        for k, v in self.settings.items():
            cmd += ["--set", f"{k}={v}"]
        fd, self.log_path = tempfile.mkstemp(prefix="swarmrec-pytest-", suffix=".log")
        log = os.fdopen(fd, "wb")
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     cwd=tempfile.gettempdir())
        log.close()
        c = Client(self.url, max_retries=0, timeout=5)
        deadline = time.monotonic() + 120
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if c.ready():
                    c.close()
                    return self
            except Exception:
                pass
            if time.monotonic() > deadline:
                c.close()
                self.stop()
                raise RuntimeError(f"server not ready after 120 s:\n{self.log_tail()}")
            time.sleep(0.2)

    def log_tail(self, n: int = 40) -> str:
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if self.log_path and os.path.exists(self.log_path):
            os.unlink(self.log_path)
            self.log_path = ""

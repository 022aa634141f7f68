"""`pip install ./clients/python` in a fresh virtual environment, offline, then the installed client
talks to a live server."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import unittest
import zipfile

from live import CLIENT, LiveServer, unavailable


class InstallTest(unittest.TestCase):
    def test_offline_install_in_a_fresh_venv(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            venv = os.path.join(tmp, "venv")
            made = subprocess.run([sys.executable, "-m", "venv", venv], capture_output=True, text=True)
            if made.returncode != 0:
                raise unavailable(f"python3 -m venv failed (ensurepip missing?): {made.stderr.strip()[-300:]}")
            py = os.path.join(venv, "bin", "python")
            env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONPATH="")
            r = subprocess.run([py, "-m", "pip", "install", "--no-index", CLIENT], capture_output=True,
                               text=True, env=env, cwd=tmp)
            self.assertEqual(0, r.returncode, r.stdout + r.stderr)
            server = LiveServer().start()
            try:
                code = ("import sys, swarmrec, swarmrec.oasis\n"
                        "assert swarmrec.__file__.startswith(sys.prefix), swarmrec.__file__\n"
                        "c = swarmrec.Client(sys.argv[1])\n"
                        "print(swarmrec.__version__, c.health(), c.send_event('inst-u', 'inst-i').accepted)\n")
                r = subprocess.run([py, "-c", code, server.url], capture_output=True, text=True, env=env, cwd=tmp)
            finally:
                server.stop()
            self.assertEqual(0, r.returncode, r.stderr)
            self.assertEqual("0.1.0 True 1", r.stdout.strip())

    def test_wheel_holds_the_package_and_valid_record(self) -> None:
        sys.path.insert(0, os.path.join(CLIENT, "_build"))
        try:
            import swarmrec_build as backend
            with tempfile.TemporaryDirectory() as tmp:
                name = backend.build_wheel(tmp)
                self.assertEqual("swarmrec-0.1.0-py3-none-any.whl", name)
                with zipfile.ZipFile(os.path.join(tmp, name)) as z:
                    names = set(z.namelist())
                    for f in ("swarmrec/__init__.py", "swarmrec/client.py", "swarmrec/oasis.py", "swarmrec/py.typed",
                              "swarmrec-0.1.0.dist-info/METADATA", "swarmrec-0.1.0.dist-info/RECORD"):
                        self.assertIn(f, names)
                    self.assertFalse(any("__pycache__" in n for n in names))
                    record = z.read("swarmrec-0.1.0.dist-info/RECORD").decode().splitlines()
                    import base64
                    import hashlib
                    for line in record:
                        path, digest, size = line.rsplit(",", 2)
                        if path.endswith("RECORD"):
                            continue
                        data = z.read(path)
                        self.assertEqual(int(size), len(data))
                        self.assertEqual(digest, "sha256=" + base64.urlsafe_b64encode(
                            hashlib.sha256(data).digest()).rstrip(b"=").decode())
                sdist = backend.build_sdist(tmp)
                self.assertTrue(os.path.isfile(os.path.join(tmp, sdist)))
        finally:
            sys.path.remove(os.path.join(CLIENT, "_build"))


if __name__ == "__main__":
    unittest.main()

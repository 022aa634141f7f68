#!/usr/bin/env bash
# Runs the Python client's tests (clients/python/tests: client, transport, OASIS adapter, offline
# install, example) against live servers started from the built jar. Run by swarmrec-cli's
# integration-test phase (so by ./run-tests); by hand after building the jar. Without python3 they are
# skipped with a message, except with CI=true, where that fails.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=${SWARMREC_PYTHON:-python3}
if ! command -v "$py" >/dev/null 2>&1 || ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 8))' 2>/dev/null; then
  if [ "${CI:-}" = true ]; then
    echo "swarmrec: no Python 3.8+ ('$py'): the Python client tests cannot run (CI=true)" >&2
    exit 1
  fi
  echo "swarmrec: no Python 3.8+ ('$py'); skipping the Python client tests (clients/python/tests)" >&2
  exit 0
fi
cd "$root/clients/python/tests"
exec "$py" -B -W error::ResourceWarning -m unittest discover -s . -p 'test_*.py' -v

"""PEP 517 build backend of the swarmrec Python client: standard library only, so that
``pip install ./clients/python`` works without a package index.

It builds a pure-Python wheel (PEP 427: the package files, ``METADATA``, ``WHEEL``, ``RECORD`` with sha256
digests) and an sdist (a ``.tar.gz`` of the source tree) with :mod:`zipfile` and :mod:`tarfile`; PEP 660
editable installs get a wheel holding a ``.pth`` file that points at this directory. Name, version,
description and Python requirement come from ``[project]`` in ``pyproject.toml``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile
from typing import Dict, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "swarmrec"
SDIST_FILES = ("pyproject.toml", "README.md")
SDIST_DIRS = ("_build", PACKAGE, "tests")


def _project() -> Dict[str, str]:
    """The string fields of [project] in pyproject.toml (tomllib when there is one)."""
    path = os.path.join(ROOT, "pyproject.toml")
    try:
        import tomllib  # Python 3.11+
    except ImportError:
        tomllib = None
    if tomllib is not None:
        with open(path, "rb") as f:
            proj = tomllib.load(f).get("project", {})
        return {k: v for k, v in proj.items() if isinstance(v, str)}
    out: Dict[str, str] = {}
    section = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                section = line.strip("[]").strip()
            elif section == "project":
                m = re.match(r'^([A-Za-z0-9_-]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(#.*)?$', line)
                if m:
                    out[m.group(1)] = m.group(2).replace('\\"', '"').replace("\\\\", "\\")
    return out


def _names() -> Tuple[str, str, str]:
    p = _project()
    name, version = p["name"], p["version"]
    dist = re.sub(r"[-_.]+", "_", name)
    return name, version, f"{dist}-{version}"


def _metadata() -> bytes:
    p = _project()
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {p['name']}",
        f"Version: {p['version']}",
        f"Summary: {p.get('description', '')}",
    ]
    if "requires-python" in p:
        lines.append(f"Requires-Python: {p['requires-python']}")
    body = ""
    readme = p.get("readme")
    if readme and os.path.exists(os.path.join(ROOT, readme)):
        lines.append("Description-Content-Type: text/markdown")
        with open(os.path.join(ROOT, readme), encoding="utf-8") as f:
            body = f.read()
    return ("\n".join(lines) + "\n\n" + body).encode("utf-8")


def _wheel_file(tag: str = "py3-none-any") -> bytes:
    return f"Wheel-Version: 1.0\nGenerator: swarmrec_build\nRoot-Is-Purelib: true\nTag: {tag}\n".encode()


def _package_files() -> List[Tuple[str, str]]:
    """(archive name, file path) of every file of the package, sorted, without caches."""
    out = []
    base = os.path.join(ROOT, PACKAGE)
    for d, dirs, files in os.walk(base):
        dirs[:] = sorted(x for x in dirs if x != "__pycache__")
        for fn in sorted(files):
            if fn.endswith((".pyc", ".pyo")):
                continue
            full = os.path.join(d, fn)
            out.append((os.path.relpath(full, ROOT).replace(os.sep, "/"), full))
    return out


def _digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _write_wheel(wheel_directory: str, entries: List[Tuple[str, bytes]]) -> str:
    _, _, stem = _names()
    dist_info = f"{stem}.dist-info"
    entries = entries + [
        (f"{dist_info}/METADATA", _metadata()),
        (f"{dist_info}/WHEEL", _wheel_file()),
        (f"{dist_info}/top_level.txt", (PACKAGE + "\n").encode()),
    ]
    record = "".join(f"{n},{_digest(d)},{len(d)}\n" for n, d in entries) + f"{dist_info}/RECORD,,\n"
    filename = f"{stem}-py3-none-any.whl"
    os.makedirs(wheel_directory, exist_ok=True)
    stamp = _stamp()
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in entries + [(f"{dist_info}/RECORD", record.encode())]:
            info = zipfile.ZipInfo(n, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, d)
    return filename


def _stamp() -> Tuple[int, int, int, int, int, int]:
    """Archive timestamps: SOURCE_DATE_EPOCH when set (reproducible builds), else 1980-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    t = time.gmtime(int(epoch)) if epoch else time.gmtime(315532800)
    return (max(1980, t.tm_year), t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)


# ---- PEP 517 hooks


def get_requires_for_build_wheel(config_settings: Optional[dict] = None) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: Optional[dict] = None) -> List[str]:
    return []


def get_requires_for_build_editable(config_settings: Optional[dict] = None) -> List[str]:
    return []


def prepare_metadata_for_build_wheel(metadata_directory: str, config_settings: Optional[dict] = None) -> str:
    _, _, stem = _names()
    d = os.path.join(metadata_directory, f"{stem}.dist-info")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "METADATA"), "wb") as f:
        f.write(_metadata())
    with open(os.path.join(d, "WHEEL"), "wb") as f:
        f.write(_wheel_file())
    return os.path.basename(d)


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory: str, config_settings: Optional[dict] = None,
                metadata_directory: Optional[str] = None) -> str:
    entries = []
    for name, path in _package_files():
        with open(path, "rb") as f:
            entries.append((name, f.read()))
    return _write_wheel(wheel_directory, entries)


def build_editable(wheel_directory: str, config_settings: Optional[dict] = None,
                   metadata_directory: Optional[str] = None) -> str:
    return _write_wheel(wheel_directory, [(f"_{PACKAGE}_editable.pth", (ROOT + "\n").encode())])


def build_sdist(sdist_directory: str, config_settings: Optional[dict] = None) -> str:
    _, version, stem = _names()
    filename = f"{stem}.tar.gz"
    os.makedirs(sdist_directory, exist_ok=True)
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))

    def add(tar: tarfile.TarFile, rel: str, data: bytes) -> None:
        info = tarfile.TarInfo(f"{stem}/{rel}")
        info.size, info.mtime, info.mode = len(data), mtime, 0o644
        tar.addfile(info, io.BytesIO(data))

    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz") as tar:
        files = [f for f in SDIST_FILES if os.path.exists(os.path.join(ROOT, f))]
        for d in SDIST_DIRS:
            for base, dirs, names in os.walk(os.path.join(ROOT, d)):
                dirs[:] = sorted(x for x in dirs if x != "__pycache__")
                files += [os.path.relpath(os.path.join(base, n), ROOT) for n in sorted(names)
                          if not n.endswith((".pyc", ".pyo"))]
        for rel in files:
            with open(os.path.join(ROOT, rel), "rb") as f:
                add(tar, rel.replace(os.sep, "/"), f.read())
        add(tar, "PKG-INFO", _metadata())
    return filename

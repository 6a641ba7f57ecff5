# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared fixtures of the Python module's tests.

CTest sets PYTHONPATH to <build>/python, STOCHOS_SHARED_DIR (the team's fixtures and corpus)
and STOCHOS_CLI (the stochos binary of the same build), so the tests compare the module with
the CLI built from the same sources.
"""

import os
import pathlib
import subprocess
import sys

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("STOCHOS_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SHARED = pathlib.Path(os.environ.get("STOCHOS_SHARED_DIR", SOURCE_DIR.parent / "shared"))
FIXTURES = SHARED / "fixtures"


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: slow end-to-end test (CTest label e2e)")


@pytest.fixture(scope="session")
def fixtures():
    if not FIXTURES.is_dir():
        pytest.skip("shared fixtures not found (set STOCHOS_SHARED_DIR)")
    return FIXTURES


@pytest.fixture(scope="session")
def shared():
    if not SHARED.is_dir():
        pytest.skip("shared folder not found (set STOCHOS_SHARED_DIR)")
    return SHARED


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("STOCHOS_CLI")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("the stochos CLI is not built (STOCHOS_CLI)")

    def run(*args, check=True):
        result = subprocess.run([path, *map(str, args)], capture_output=True, text=True)
        if check and result.returncode != 0:
            raise AssertionError("stochos %s failed (%d): %s" % (" ".join(map(str, args)), result.returncode,
                                                                result.stderr))
        return result

    return run


@pytest.fixture(scope="session")
def note_seq_module(tmp_path_factory):
    """A stand-in for note_seq's music_pb2 (Debian has no note_seq): our music.proto compiled by
    protoc under note_seq's file name, note_seq/protobuf/music.proto, registered in the default
    descriptor pool exactly as note_seq's generated module registers itself."""
    root = tmp_path_factory.mktemp("note_seq")
    proto_dir = root / "note_seq" / "protobuf"
    proto_dir.mkdir(parents=True)
    (proto_dir / "music.proto").write_bytes((SOURCE_DIR / "src/stochos/proto/music.proto").read_bytes())
    subprocess.run(["protoc", "-I", str(root), "--python_out", str(root), "note_seq/protobuf/music.proto"],
                   check=True)
    (root / "note_seq" / "__init__.py").write_text("")
    (proto_dir / "__init__.py").write_text("")
    sys.path.insert(0, str(root))
    from note_seq.protobuf import music_pb2  # noqa: E402
    return music_pb2

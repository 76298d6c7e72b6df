"""Shared fixtures: where the source tree and the snn command are (set by ctest, or found from here)."""
import os
import pathlib

import pytest


@pytest.fixture(scope="session")
def source_dir():
    return pathlib.Path(os.environ.get("SNN_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


@pytest.fixture(scope="session")
def snn_binary(source_dir):
    binary = os.environ.get("SNN_BINARY", str(source_dir / "build" / "snn"))
    if not os.path.exists(binary):
        pytest.skip(f"no snn command at {binary} (set SNN_BINARY)")
    return binary


@pytest.fixture(scope="session")
def experiments(source_dir):
    return source_dir / "experiments"

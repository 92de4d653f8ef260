"""Packaging fixtures: the bundle plan (build/bundle_plan.py), loaded the way the spec loads it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_plan():
    spec = importlib.util.spec_from_file_location("bundle_plan", ROOT / "build" / "bundle_plan.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def plan():
    return load_plan()

"""Fixtures shared by the engine's unit tests (AWS_FACTS.md is the reference for every expected value)."""

from __future__ import annotations

import pytest

from engine import Simulator


@pytest.fixture
def sim() -> Simulator:
    """A fresh simulator: seed 0, us-east-1, account 123456789012, jitter off, t=0 at 2026-01-01T00:00:00Z."""
    return Simulator(seed=0)


@pytest.fixture
def lam(sim: Simulator):
    return sim.client("lambda")

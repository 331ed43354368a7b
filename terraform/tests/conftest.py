"""Shared paths for the infrastructure checks (terraform/, docker/)."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TERRAFORM = ROOT / "terraform"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT

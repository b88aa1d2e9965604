"""The dev-set gate itself: hashes, floors, slack, and the refusal to lower a floor without --lower."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dev_gate


@pytest.fixture
def gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "set.jsonl").write_text('{"a": 1}\n', encoding="utf-8")
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"max_slack": 0.05, "sets": {}}), encoding="utf-8")
    monkeypatch.setattr(dev_gate, "HERE", tmp_path)
    monkeypatch.setattr(dev_gate, "FLOORS", floors)
    assert dev_gate.main(["add", "toy", "set.jsonl"]) == 0
    assert dev_gate.main(["set", "toy", "f1", "0.9"]) == 0
    return tmp_path


def test_scores_at_or_just_over_their_floors_pass(gate: Path) -> None:
    dev_gate.check("toy", {"f1": 0.92})


@pytest.mark.parametrize(("score", "message"), [(0.89, "under its floors"), (0.96, "raise these floors")])
def test_scores_under_or_far_over_their_floors_fail(gate: Path, score: float, message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        dev_gate.check("toy", {"f1": score})


def test_an_edited_dev_set_fails_until_rehashed(gate: Path) -> None:
    (gate / "set.jsonl").write_text('{"a": 2}\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="changed since its floors were set"):
        dev_gate.check("toy", {"f1": 0.92})
    assert dev_gate.main(["rehash", "toy"]) == 0
    dev_gate.check("toy", {"f1": 0.92})


def test_a_floor_is_lowered_only_with_the_flag(gate: Path) -> None:
    assert dev_gate.main(["set", "toy", "f1", "0.8"]) == 2
    assert dev_gate.load()["sets"]["toy"]["floors"]["f1"] == 0.9
    assert dev_gate.main(["set", "toy", "f1", "0.8", "--lower"]) == 0
    assert dev_gate.load()["sets"]["toy"]["floors"]["f1"] == 0.8


def test_every_declared_dev_set_exists_with_its_recorded_hash() -> None:
    data = json.loads(dev_gate.FLOORS.read_text(encoding="utf-8"))
    for name, entry in data["sets"].items():
        assert entry["floors"], name
        assert dev_gate.digest(entry["files"]) == entry["sha256"], name

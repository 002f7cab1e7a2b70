"""Shared fixtures: the real rule file and a tiny inline one for unit tests."""

from __future__ import annotations

import atexit
import copy
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

import footspine
from footspine.knowledge import RulesSource
from footspine.model import Answers, Condition
from footspine.operators import evaluate
from footspine.rules import Rules, from_source

# One rules cache for the test session, never the developer's own: set before any test module
# loads the rules (several do at import), and removed at the end.
RULES_CACHE = Path(tempfile.mkdtemp(prefix="footspine-test-cache-"))
os.environ["FOOTSPINE_CACHE_DIR"] = str(RULES_CACHE)
os.environ.pop("FOOTSPINE_NO_CACHE", None)
atexit.register(shutil.rmtree, RULES_CACHE, ignore_errors=True)

# In CI the same examples every run, so a red build can always be reproduced; locally, new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
RULES_PATH = ROOT / "data" / "conditions.json"

TINY: dict[str, Any] = {
    "schema_version": 1,
    "rules_version": "test",
    "disclaimer": "Not a diagnosis.",
    "default_triage": {"level": "soon", "reason": "Nothing stands out."},
    "likelihood_bands": [
        {"label": "likely", "min_score": 2.0, "sets_triage": True},
        {"label": "possible", "min_score": 0.5, "sets_triage": False},
        {"label": "less likely", "min_score": -100, "sets_triage": False},
    ],
    "red_flags": [
        {
            "id": "rf_cold",
            "name": "Cold foot",
            "text": "Is the foot suddenly cold?",
            "help": "Blocked artery.",
            "level": "emergency",
            "advice": "Go now.",
            "source": "test source",
        },
        {
            "id": "rf_weak",
            "name": "Weakness",
            "text": "Getting weaker?",
            "help": "Nerve.",
            "level": "urgent",
            "advice": "Today.",
            "source": "test source",
        },
    ],
    "questions": [
        {"id": "age", "text": "Age?", "help": "h", "kind": "number", "min": 0, "max": 120, "unit": "years"},
        {
            "id": "where",
            "text": "Where?",
            "help": "h",
            "kind": "multi",
            "choices": [{"id": "heel", "text": "heel"}, {"id": "toe", "text": "toe"}],
        },
        {"id": "back", "text": "Back pain?", "help": "h", "kind": "yes_no"},
        {
            "id": "leg",
            "text": "Leg pain?",
            "help": "h",
            "kind": "single",
            "choices": [{"id": "none", "text": "none"}, {"id": "below_knee", "text": "below knee"}],
            "ask_if": {"eq": ["back", "yes"]},
        },
    ],
    "conditions": [
        {
            "id": "heel_thing",
            "name": "Heel thing",
            "origin": "local",
            "description": "d",
            "prior": 0.0,
            "prior_source": "s",
            "findings": [
                {"when": {"in": ["where", ["heel"]]}, "label": "heel", "weight": 2.5, "source": "s"},
                {"when": {"eq": ["back", "yes"]}, "label": "back", "weight": -1.0, "source": "s"},
            ],
            "treatment": ["rest"],
            "treatment_source": "s",
            "seek_care": "if worse",
            "triage": "self_care",
        },
        {
            "id": "back_thing",
            "name": "Back thing",
            "origin": "spinal",
            "description": "d",
            "prior": 0.0,
            "prior_source": "s",
            "findings": [
                {"when": {"eq": ["back", "yes"]}, "label": "back", "lr": 2.0, "source": "s"},
                {"when": {"eq": ["leg", "below_knee"]}, "label": "leg", "weight": 1.5, "source": "s"},
                {"when": {"gte": ["age", 70]}, "label": "old", "weight": 0.5, "source": "s"},
            ],
            "treatment": ["exercise"],
            "treatment_source": "s",
            "seek_care": "2 weeks",
            "triage": "soon",
        },
    ],
}


def only_supports(condition: Condition, before: Answers, after: Answers) -> bool:
    """Whether going from ``before`` to ``after`` only makes positive findings of ``condition`` hold.

    An answer can support a cause through one finding and argue against it through another (an
    injury supports a fracture, yet completes the Ottawa-negative finding); such an answer may lower it.
    """
    for finding in condition.findings:
        was, now = evaluate(finding.when, before) is True, evaluate(finding.when, after) is True
        if was and not now:
            return False
        if now and not was and finding.points < 0:
            return False
    return True


def tiny_rules(**changes: Any) -> dict[str, Any]:
    """A deep copy of TINY, with top-level keys replaced."""
    data = copy.deepcopy(TINY)
    data.update(changes)
    return data


def load_dict(data: Any, label: str = "rules.json") -> Rules:
    return from_source(RulesSource(label, json.dumps(data)))


def reassuring(kb: Rules) -> dict[str, str]:
    """Every warning sign answered the way that raises nothing (four steps "yes", the rest "no")."""
    return {flag.id: "yes" if flag.raise_on == "no" else "no" for flag in kb.kb.red_flags}


@pytest.fixture(scope="session")
def kb() -> Rules:
    return footspine.load(RULES_PATH)


@pytest.fixture(scope="session")
def tiny() -> Rules:
    return load_dict(TINY)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads a developer's own rule-file setting, country, language, locale, pager, colour choice,
    home directory or rules cache; the rules cache is one folder for the session, outside every
    test's own tmp_path (tests that look at what was written there see only their own files)."""
    monkeypatch.setenv("FOOTSPINE_CACHE_DIR", str(RULES_CACHE))
    monkeypatch.delenv("FOOTSPINE_NO_CACHE", raising=False)
    monkeypatch.delenv("FOOTSPINE_RULES", raising=False)
    for name in ("FOOTSPINE_COUNTRY", "FOOTSPINE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "80")

"""Every sentence footspine shows comes from the message catalogue or the rule file, so both can be
translated. Proof: with a pseudo-translation of both (every letter swapped for an accented one of
the same width), no command's human output holds a word of plain ASCII English."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import footspine
from footspine import messages
from footspine.cli import app
from footspine.render_report import html_page, markdown
from footspine.results import CheckResult

from .conftest import RULES_PATH

_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "àƀçđèƒĝĥìĵķĺɱñòþʠŕšţùṽŵẋýžÀƁÇĐÈƑĜĤÌĴĶĹṀÑÒÞǪŔŠŢÙṼŴẊÝŽ"
_SWAP = str.maketrans(_PLAIN, _ACCENTED)
_KEEP = re.compile(r"\{[^{}]*\}|\b[A-Z]{2}\b")  # placeholders, and the foot map's area tokens
CASES = Path(__file__).parent / "cases"
_TEXT_FIELDS = {
    "disclaimer", "reason", "label", "name", "text", "help", "advice", "description", "source",
    "prior_source", "treatment", "treatment_source", "avoid", "seek_care", "unit", "triage_from", "from_band",
    "self_check",
}  # fmt: skip


def pseudo(text: str) -> str:
    """The text with its letters accented, placeholders and map tokens kept."""
    out, last = [], 0
    for kept in _KEEP.finditer(text):
        out += [text[last : kept.start()].translate(_SWAP), kept.group()]
        last = kept.end()
    return "".join([*out, text[last:].translate(_SWAP)])


def pseudo_rules(node: Any, key: str = "") -> Any:
    """The rule file with every text field translated and every id, value and condition kept."""
    if isinstance(node, dict):
        return {k: pseudo_rules(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [pseudo_rules(item, key) for item in node]
    if isinstance(node, str) and key in _TEXT_FIELDS:
        return pseudo(node)
    return node


@pytest.fixture(scope="module")
def rules_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pseudo") / "rules.json"
    path.write_text(json.dumps(pseudo_rules(json.loads(RULES_PATH.read_text()))))
    return path


@pytest.fixture(scope="module")
def allowed_words(rules_file: Path) -> set[str]:
    """Words that stay as they are in any language: ids people type or scripts read."""
    rules = footspine.load(rules_file)
    ids = {q.id for q in rules.all_questions} | {c.id for c in rules.conditions}
    ids |= {choice for q in rules.all_questions for choice in q.choice_ids} | {"unsure"}
    ids |= {group.id for c in rules.conditions for group in c.groups}
    # Expected causes of the case files that the rules do not know are printed by `eval` as ids.
    ids |= {c for f in CASES.glob("*.json") for c in json.loads(f.read_text())["expected"]["causes"]}
    return {part for name in ids for part in re.split(r"[_\W]+", name) if part} | {"footspine", "sha256"}


def untranslated(text: str, allowed: set[str]) -> list[str]:
    # Markup, option names, and the rule file's hash (hex digits can spell "ddd" or "face").
    text = re.sub(
        r"<style>.*?</style>|<[^>]+>|--[a-z-]+|\b[A-Z]+=[A-Z]+\b|\b[0-9a-f]{12,64}\b", " ", text, flags=re.S
    )
    return sorted({word for word in re.findall(r"[A-Za-z]{3,}", text) if word not in allowed})


def test_the_pseudo_catalogue_changes_every_message() -> None:
    catalogue = {key: pseudo(value) for key, value in messages.ENGLISH.items()}
    with messages.use(catalogue):
        assert messages.say("check.title") != messages.ENGLISH["check.title"]
    assert messages.say("check.title") == "footspine result (not a diagnosis)"  # back to English


COMMANDS = [
    ["check", "--no-input", "-a", "rf_cold_pale_foot=yes", "-a", "rf_saddle_numbness=unsure",
     "-a", "pain_area=heel_underside,outer_ankle", "-a", "first_steps=yes", "-a", "age=50"],
    ["check", "--no-input", "-a", "leg_pain=below_knee", "-a", "numbness=top_big_toe", "-a", "back_pain=yes"],
    ["questions"],
    ["conditions"],
    ["map", "--roots"],
    ["eval", "tests/cases"],
    ["rules", "explain", "lumbar_spinal_stenosis"],
    ["rules", "validate"],
]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_every_commands_human_output_is_translatable(
    args: list[str], rules_file: Path, allowed_words: set[str]
) -> None:
    catalogue = {key: pseudo(value) for key, value in messages.ENGLISH.items()}
    with messages.use(catalogue):
        if args[:2] == ["rules", "validate"]:
            args = [*args, str(rules_file)]
        else:
            args = [*args, "--rules", str(rules_file)]
        # Wide enough that no id in the eval tables is folded in two.
        result = CliRunner().invoke(app, args, env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    shown = result.stdout.replace(str(rules_file), " ")  # the file's own name is no message
    assert untranslated(shown, allowed_words) == []


def test_the_interview_and_the_reports_are_translatable(rules_file: Path, allowed_words: set[str]) -> None:
    catalogue = {key: pseudo(value) for key, value in messages.ENGLISH.items()}
    replies = ["?", "perhaps", "back", "yes", *["unsure"] * 80]
    with messages.use(catalogue):
        result = CliRunner().invoke(
            app,
            ["check", "--rules", str(rules_file)],
            input="\n".join(replies) + "\n",
            env={"COLUMNS": "100"},
        )
        assert result.exit_code == 0, result.output
        rules = footspine.load(rules_file)
        check = CheckResult(
            rules.score({"rf_cold_pale_foot": "yes", "pain_area": ["heel_underside"]}), rules.kb
        )
        reports = markdown(check, date(2026, 1, 1)) + html_page(check, date(2026, 1, 1))
    assert untranslated(result.stdout, allowed_words | {"perhaps"}) == []  # the person's own word, echoed
    assert untranslated(reports, allowed_words) == []

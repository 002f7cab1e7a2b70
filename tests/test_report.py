"""The summary for the clinic: Markdown and a printable HTML page, written safely."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from footspine.cli import app
from footspine.render_report import html_page, markdown
from footspine.results import CheckResult
from footspine.rules import Rules

from .conftest import ROOT, load_dict, tiny_rules

runner = CliRunner()
CASE = json.loads((ROOT / "tests" / "cases" / "p03.json").read_text())["answers"]
DAY = date(2026, 11, 24)


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "p03.json"
    path.write_text(json.dumps(CASE))
    return path


def test_markdown_report(tmp_path: Path, answers_file: Path) -> None:
    target = tmp_path / "summary.md"
    result = runner.invoke(
        app, ["check", "--no-input", "--answers", str(answers_file), "--report", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote the summary to {target}" in result.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    text = target.read_text()
    assert text.startswith("# footspine summary (not a diagnosis)\n\n*Date: ")
    assert "**How urgently to get care: SOON" in text
    assert "### 1. Lumbar disc herniation (sciatica) (spinal): likely" in text
    assert (  # one sciatica: the nerve root is shown under the disc, with what pointed to it
        "Which nerve: L4 nerve root irritation (likely), from: Numbness of the inner shin or ankle (L4 skin area)"
        in text
    )
    assert "### 2. Degenerative disc disease (spinal): less likely" in text
    assert "| How old are you? | 47 years |" in text
    assert (
        "| Where on the foot or ankle is the pain? Pick all that apply. | the arch (middle of the sole); the inner ankle |"
        in text
    )
    assert "contact a doctor.*" in text
    # On paper as on screen, the urgency is the last line, with what to do.
    assert text.rstrip().endswith(
        "**\\[!\\] SEE A CLINICIAN SOON: Book a GP or physiotherapist visit within two weeks.**"
    )


def test_html_report_marks_the_painful_areas_and_escapes_text(kb: Rules) -> None:
    page = html_page(CheckResult(kb.score({"pain_area": ("heel_underside", "outer_ankle")}), kb.kb), DAY)
    assert page.startswith("<!DOCTYPE html>")
    assert '<g id="right-sole-heel_underside" class="area heel_underside pain">' in page
    assert '<g id="right-top-outer_ankle" class="area outer_ankle pain">' in page
    assert '<g id="right-top-inner_ankle" class="area inner_ankle">' in page
    assert "<pre" not in page and "<mark>" not in page  # a drawing, not ASCII art
    # Self-contained: no script, no link, no address of any kind (inline SVG needs no namespace URL).
    assert "@page" in page and "<script" not in page and "http" not in page and "<link" not in page
    data = tiny_rules()
    data["conditions"][0]["name"] = "<b>Heel & thing</b>"
    tiny = load_dict(data)
    escaped = html_page(CheckResult(tiny.score({"where": ("heel",)}), tiny.kb), DAY)
    assert "&lt;b&gt;Heel &amp; thing&lt;/b&gt;" in escaped and "<b>Heel" not in escaped
    as_markdown = markdown(CheckResult(tiny.score({"where": ("heel",)}), tiny.kb), DAY)
    assert "&lt;b&gt;Heel & thing&lt;/b&gt;" in as_markdown and "<b>" not in as_markdown


def test_red_flags_head_the_report(kb: Rules) -> None:
    report = kb.score({"rf_cold_pale_foot": "yes", "pain_area": ("heel_underside",), "first_steps": "yes"})
    text = markdown(CheckResult(report, kb.kb), DAY)
    sign = "WARNING SIGN: A foot or leg that has suddenly gone cold"
    assert text.index("EMERGENCY") < text.index(sign) < text.index("## Possible causes")
    advice = kb.kb.red_flag_by_id["rf_cold_pale_foot"].advice
    assert text.count(advice) == 1  # each warning sign once, in the urgency box
    page = html_page(CheckResult(report, kb.kb), DAY)
    assert (
        page.index("EMERGENCY")
        < page.index("WARNING SIGN: A foot or leg that has suddenly gone cold")
        < page.index("Possible causes")
    )
    assert page.count(html.escape(advice)) == 1
    # An emergency summary carries no self-care notes for the causes listed with it.
    stretch = kb.kb.condition_by_id["plantar_fasciitis"].treatment[0]
    for document in (text, page):
        assert "Plantar fasciitis" in document
        assert stretch not in document and "What usually helps" not in document
        assert "Self-care notes are left out: get emergency care first." in document
    calm = markdown(
        CheckResult(kb.score({"pain_area": ("heel_underside",), "first_steps": "yes"}), kb.kb), DAY
    )
    assert stretch in calm  # the same cause without the warning sign keeps its self-care


def test_report_refuses_overwrite_and_bad_names(tmp_path: Path) -> None:
    existing = tmp_path / "old.html"
    existing.write_text("keep me")
    refused = runner.invoke(app, ["check", "--no-input", "--report", str(existing)])
    assert refused.exit_code == 2
    assert "already exists" in refused.stderr and existing.read_text() == "keep me"
    forced = runner.invoke(app, ["check", "--no-input", "--report", str(existing), "--force"])
    assert forced.exit_code == 0 and existing.read_text().startswith("<!DOCTYPE html>")
    wrong = runner.invoke(app, ["check", "--no-input", "--report", str(tmp_path / "r.pdf")])
    assert wrong.exit_code == 2
    assert (
        wrong.stderr
        == f"error: --report {tmp_path / 'r.pdf'}: use a name ending in one of .md, .markdown, .html, .htm, .fhir.json\n"
    )


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM and shutil.which("pdftotext")) and not os.environ.get("FOOTSPINE_REQUIRE_CHROMIUM"),
    reason="needs chromium and pdftotext (installed by .ci/run)",
)


def _printed(tmp_path: Path, args: list[str]) -> tuple[str, str]:
    """The HTML report of ``check args`` printed to PDF by headless Chromium: its text, flattened,
    and pdfinfo's description of the file."""
    assert CHROMIUM, "chromium is required here (FOOTSPINE_REQUIRE_CHROMIUM is set)"
    page = tmp_path / "summary.html"
    assert runner.invoke(app, ["check", "--no-input", *args, "--report", str(page)]).exit_code == 0
    pdf = tmp_path / "summary.pdf"
    profile = tempfile.mkdtemp(dir=tmp_path)
    subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return " ".join(text.split()), info


def _pages(info: str) -> int:
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@needs_chromium
def test_html_report_prints_to_pdf_in_headless_chromium(tmp_path: Path, answers_file: Path) -> None:
    flat, info = _printed(tmp_path, ["--answers", str(answers_file)])
    assert "footspine summary (not a diagnosis)" in flat
    assert "How urgently to get care: SOON" in flat
    assert "1. Lumbar disc herniation (sciatica) (spinal): likely" in flat
    assert "Which nerve: L4 nerve root irritation (likely)" in flat
    assert "Foot: left foot" in flat
    assert "painful area: solid" in flat and "orange, heavy outline" in flat  # the legend, in a column
    assert "not a diagnosis. It suggests possible causes" in flat
    # No country known: the report says how to print the number. A4 outside the Letter countries.
    assert "Emergency: your local number (to print it here, give" in flat
    assert 1 <= _pages(info) <= 4 and "(A4)" in info  # all of the case file's 50 answers listed


RUNNER_HEEL = {
    **dict.fromkeys(("rf_cold_pale_foot", "rf_dvt", "back_pain", "injury", "heel_squeeze"), "no"),
    **dict.fromkeys(("rf_four_steps", "first_steps", "activity_change", "barefoot_hard"), "yes"),
    **dict.fromkeys(("leg_pain", "weakness", "numbness", "history", "local_signs"), "none"),
    "pain_area": "heel_underside", "skin": "normal", "age": "34", "duration": "under_6_weeks",
    "sides": "one_foot", "which_foot": "right",
}  # fmt: skip


@needs_chromium
@pytest.mark.parametrize(("country", "number", "paper"), [("GB", "999", "(A4)"), ("US", "911", "(letter)")])
def test_a_self_care_report_is_two_pages_with_the_number_once(
    tmp_path: Path, country: str, number: str, paper: str
) -> None:
    args = [f"-a{key}={value}" for key, value in RUNNER_HEEL.items()]
    flat, info = _printed(tmp_path, [*args, "--country", country])
    assert "How urgently to get care: SELF-CARE" in flat
    assert flat.count(number) == 1  # in the urgency box, where a reader looks first
    assert flat.count("Ibuprofen tablets can ease pain") <= 1  # each caution once
    assert _pages(info) <= 2 and paper in info


def test_a_lower_sign_under_an_emergency_is_named_without_its_advice(kb: Rules) -> None:
    """On paper as on screen: an urgent sign's "see a doctor today" never stands under an emergency."""
    report = kb.score({"rf_cold_pale_foot": "yes", "rf_four_steps": "no"})
    assert report.triage.level == "emergency"
    urgent = kb.kb.red_flag_by_id["rf_four_steps"]
    for document in (markdown(CheckResult(report, kb.kb), DAY), html_page(CheckResult(report, kb.kb), DAY)):
        assert html.escape(urgent.name) in document or urgent.name in document
        assert urgent.advice not in document and html.escape(urgent.advice) not in document

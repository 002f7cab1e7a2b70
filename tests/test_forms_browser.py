"""footspine's FHIR Questionnaire in a clinic's form engine: LHC-Forms (npm `lforms`, pinned in
web/package-lock.json, installed with `npm ci` at test time, no CDN) renders it in headless
Chromium; a page script clicks answers as a person would, LHC-Forms writes the
QuestionnaireResponse, and footspine scores it. The items the browser shows are the ones
footspine would ask."""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from footspine.cli import app
from footspine.fhir import questionnaire
from footspine.operators import compiled

from .conftest import ROOT
from .test_properties import KB

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NPM = shutil.which("npm")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and NPM) and not os.environ.get("FOOTSPINE_REQUIRE_CHROMIUM"),
    reason="needs chromium and npm (installed by .ci/run)",
)
runner = CliRunner()

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>footspine in LHC-Forms</title>
<link href="lforms/webcomponent/styles.css" rel="stylesheet">
<script src="lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="lforms/webcomponent/runtime.js" type="module"></script>
<script src="lforms/webcomponent/polyfills.js" type="module"></script>
<script src="lforms/webcomponent/main.js" type="module"></script>
<script src="lforms/fhir/R4/lformsFHIR.min.js" defer></script>
</head><body><div id="form"></div><pre id="shown"></pre><pre id="response">pending</pre><pre id="log"></pre>
<script>
const QUESTIONNAIRE = %(questionnaire)s;
const ACTIONS = %(actions)s;  // [linkId, answer code or whole number], in order
const pause = (ms) => new Promise((done) => setTimeout(done, ms));
const log = (text) => { document.getElementById('log').textContent += text + "\\n"; };
window.addEventListener('load', async () => {
  try {
    await LForms.Util.addFormToPage(QUESTIONNAIRE, 'form');
    await pause(500);
    for (const [linkId, answer] of ACTIONS) {
      if (typeof answer === 'number') {  // typed, as a person types a number
        const input = document.getElementById(linkId + '/1');
        input.focus();
        input.value = String(answer);
        input.dispatchEvent(new Event('input', {bubbles: true}));
        input.dispatchEvent(new Event('change', {bubbles: true}));
        input.blur();
      } else {  // a click on the radio button or check box of that answer
        const label = document.getElementById(linkId + '/1|urn:footspine:answer|' + answer);
        if (!label) { log('no such answer on screen: ' + linkId + ' ' + answer); continue; }
        label.querySelector('input').click();
      }
      await pause(150);
    }
    await pause(500);
    const shown = [...document.querySelectorAll('lhc-item[id^="item-"]')].map((e) => e.id.slice(5, -2));
    document.getElementById('shown').textContent = JSON.stringify(shown);
    const response = LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form'));
    document.getElementById('response').textContent = JSON.stringify(response);
  } catch (error) { log('error: ' + error); }
});
</script></body></html>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A folder holding LHC-Forms from the lock file, served on a local port."""
    folder = tmp_path_factory.mktemp("forms")
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / "web" / name, folder / name)
    installed = subprocess.run(
        [str(NPM), "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
        cwd=folder, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-2000:]
    (folder / "lforms").symlink_to(folder / "node_modules" / "lforms" / "dist" / "lforms")
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def in_browser(
    site: tuple[Path, str], actions: list[tuple[str, Any]], name: str
) -> tuple[dict[str, Any], list[str]]:
    """The QuestionnaireResponse LHC-Forms writes after these clicks, and the items it shows."""
    folder, address = site
    page = PAGE % {"questionnaire": json.dumps(questionnaire(KB.kb)), "actions": json.dumps(actions)}
    (folder / f"{name}.html").write_text(page)
    dom = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=30000",
         "--dump-dom", f"{address}/{name}.html"],
        capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    found = {
        key: html.unescape(value) for key, value in re.findall(r'<pre id="(\w+)">(.*?)</pre>', dom, re.S)
    }
    assert found.get("log", "") == "", found.get("log")
    return json.loads(found["response"]), json.loads(found["shown"])


RED_FLAG_AND_MORE = [
    ("rf_cold_pale_foot", "no"), ("rf_dvt", "no"), ("rf_four_steps", "yes"),
    ("age", 64), ("history", "diabetes"), ("pain_area", "toes"), ("pain_area", "ball_of_foot"),
    ("injury", "no"), ("back_pain", "no"), ("rf_diabetic_limb_threat", "yes"),
]  # fmt: skip


def test_a_form_filled_in_lhc_forms_gives_footspine_s_own_result(site: tuple[Path, str]) -> None:
    """A diabetic foot with black skin, clicked in the browser: the response LHC-Forms writes gives
    the emergency, and the same triage and causes as the same answers given to footspine."""
    response, shown = in_browser(site, RED_FLAG_AND_MORE, "emergency")
    assert "rf_diabetic_limb_threat" in shown
    through = runner.invoke(
        app, ["check", "--no-input", "--json", "--answers", "-"], input=json.dumps(response)
    )
    assert through.exit_code == 0, through.output
    result = json.loads(through.stdout)
    assert result["triage"]["level"] == "emergency"
    assert "rf_diabetic_limb_threat" in [flag["id"] for flag in result["red_flags"]]
    typed = ["-a", "rf_cold_pale_foot=no", "-a", "rf_dvt=no", "-a", "rf_four_steps=yes", "-a", "age=64",
             "-a", "history=diabetes", "-a", "pain_area=toes,ball_of_foot", "-a", "injury=no",
             "-a", "back_pain=no", "-a", "rf_diabetic_limb_threat=yes"]  # fmt: skip
    direct = json.loads(runner.invoke(app, ["check", "--no-input", "--json", *typed]).stdout)
    assert result["triage"] == direct["triage"]
    assert [c["id"] for c in result["causes"]] == [c["id"] for c in direct["causes"]]


CALM_START = [
    ("rf_cold_pale_foot", "no"), ("rf_dvt", "no"), ("rf_four_steps", "yes"), ("back_pain", "no"),
    ("leg_pain", "none"), ("weakness", "none"), ("numbness", "none"), ("injury", "no"),
    ("history", "none"), ("age", 40), ("pain_area", "heel_underside"),
]  # fmt: skip


AN_INJURY = [
    ("rf_cold_pale_foot", "no"), ("rf_four_steps", "yes"), ("injury", "yes"), ("back_pain", "no"),
    ("leg_pain", "none"), ("pain_area", "outer_ankle"), ("local_signs", "swollen"), ("age", 30),
]  # fmt: skip
SCIATICA = [
    ("back_pain", "yes"), ("leg_pain", "below_knee"), ("weakness", "tiptoe"), ("numbness", "unsure"),
    ("injury", "no"), ("history", "cancer"), ("age", 71), ("onset", "gradual"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "actions"), [("calm", CALM_START), ("injury", AN_INJURY), ("sciatica", SCIATICA)]
)
def test_the_browser_shows_the_items_footspine_would_ask(
    site: tuple[Path, str], name: str, actions: list[tuple[str, Any]]
) -> None:
    """Every gated item is on the form exactly when footspine's skip logic would ask it (the full
    questionnaire, --all-questions): an unanswered or "not sure" earlier answer leaves it asked."""
    response, shown = in_browser(site, actions, name)
    answers = dict(KB.answers({link: value for link, value in _answers(response).items()}))
    for question in KB.kb.all_questions:
        if question.ask_if is None:
            continue
        asked = compiled(question.ask_if)(answers) is not False
        assert (question.id in shown) == asked, question.id
    if name == "calm":  # no back or leg symptoms, no injury: those warning signs leave the form
        assert "rf_saddle_numbness" not in shown and "rf_open_deformed" not in shown
        assert "first_steps" in shown  # heel pain: the heel's own questions stay


def _answers(response: dict[str, Any]) -> dict[str, Any]:
    from footspine.fhir import answers_from_response

    return answers_from_response(response, KB.kb, "browser")

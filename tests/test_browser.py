"""The summary's foot drawing as a real browser draws it: headless Chromium takes a screenshot of the
page, and the pixels at the marked areas are checked; the printed PDF's text holds side and legend."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from datetime import date
from pathlib import Path

import pytest

from footspine import footsvg
from footspine.render_report import html_page
from footspine.results import CheckResult
from footspine.rules import Rules

from .conftest import reassuring

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM and shutil.which("pdftotext")) and not os.environ.get("FOOTSPINE_REQUIRE_CHROMIUM"),
    reason="needs chromium and pdftotext (installed by .ci/run)",
)
WINDOW = (900, 1600)
Pixel = tuple[int, int, int]


class Image:
    """The rows of an 8-bit RGB or RGBA PNG (what Chromium writes), decoded with zlib alone."""

    def __init__(self, data: bytes, rows_needed: int | None = None) -> None:
        assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
        chunks, at = [], 8
        while at < len(data):
            length, kind = struct.unpack(">I4s", data[at : at + 8])
            chunks.append((kind, data[at + 8 : at + 8 + length]))
            at += 12 + length
        header = dict(chunks)[b"IHDR"]
        self.width, self.height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
        assert depth == 8 and colour in (2, 6) and interlace == 0, "only 8-bit RGB(A), not interlaced"
        self.channels = 3 if colour == 2 else 4
        raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
        self.rows = self._unfilter(raw, min(self.height, rows_needed or self.height))

    def _unfilter(self, raw: bytes, count: int) -> list[bytearray]:
        step, size = self.channels, self.width * self.channels
        rows: list[bytearray] = []
        previous = bytearray(size)
        for y in range(count):
            start = y * (size + 1)
            kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + size])
            if kind == 1:
                for i in range(step, size):
                    row[i] = (row[i] + row[i - step]) & 0xFF
            elif kind == 2:
                row = bytearray((a + b) & 0xFF for a, b in zip(row, previous, strict=True))
            elif kind == 3:
                for i in range(size):
                    left = row[i - step] if i >= step else 0
                    row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
            elif kind == 4:
                for i in range(size):
                    a = row[i - step] if i >= step else 0
                    b, c = previous[i], previous[i - step] if i >= step else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
            rows.append(row)
            previous = row
        return rows

    def at(self, x: float, y: float) -> Pixel:
        row, i = self.rows[round(y)], round(x) * self.channels
        return (row[i], row[i + 1], row[i + 2])


def rgb(colour: str) -> Pixel:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def near(pixel: Pixel, colour: str, tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, rgb(colour), strict=True))


def chromium(profile: str, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM, "chromium is required here (FOOTSPINE_REQUIRE_CHROMIUM is set)"
    return subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--force-device-scale-factor=1", f"--user-data-dir={profile}", *args,
        ],
        check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module")
def calm(kb: Rules) -> dict[str, str]:
    """Every warning sign answered the reassuring way, so the drawing sits near the top of the page."""
    return reassuring(kb)


@needs_chromium
def test_the_browser_draws_the_left_foot_with_its_marks(
    kb: Rules, calm: dict[str, str], tmp_path: Path
) -> None:
    answers = {
        **calm, "sides": "one_foot", "which_foot": "left", "pain_area": ("heel_centre", "big_toe_joint"),
        "numbness": ("sole_outer_edge",), "first_steps": "yes",
    }  # fmt: skip
    page = html_page(CheckResult(kb.score(answers), kb.kb), date(2026, 11, 24))
    shown = tmp_path / "summary.html"
    shown.write_text(page)
    profile = tempfile.mkdtemp(dir=tmp_path)
    window = f"--window-size={WINDOW[0]},{WINDOW[1]}"
    # Where the browser lays out the drawing: a copy of the page reports its box in the title.
    probe = tmp_path / "probe.html"
    probe.write_text(
        page.replace(
            "</body>",
            "<script>document.title = JSON.stringify(document.querySelector('svg.feet')"
            ".getBoundingClientRect())</script></body>",
        )
    )
    dom = chromium(profile, window, "--dump-dom", probe.as_uri()).stdout
    box = json.loads(re.search(r"<title>(.*?)</title>", dom, re.S).group(1).replace("&quot;", '"'))  # type: ignore[union-attr]
    assert box["bottom"] < WINDOW[1], "the drawing must be inside the screenshot"
    shot = tmp_path / "summary.png"
    chromium(profile, window, f"--screenshot={shot}", shown.as_uri())
    image = Image(shot.read_bytes(), rows_needed=int(box["bottom"]) + 2)
    assert (image.width, image.height) == WINDOW
    scale = box["width"] / footsvg.size("left")[0]
    centres = footsvg.centres("left")

    def pixel(area: str, dx: float = 0, dy: float = 0) -> Pixel:
        x, y = centres[area]
        return image.at(box["x"] + (x + dx) * scale, box["y"] + (y + dy) * scale)

    # The painful areas have the painful fill; an area not marked has the skin's.
    assert near(pixel("left-sole-heel_centre"), footsvg.PAIN_FILL), pixel("left-sole-heel_centre")
    assert near(pixel("left-sole-big_toe_joint"), footsvg.PAIN_FILL)
    assert near(pixel("left-top-big_toe_joint"), footsvg.PAIN_FILL)
    assert near(pixel("left-sole-arch"), footsvg.SKIN_FILL), pixel("left-sole-arch")
    assert near(pixel("left-top-top_of_foot"), footsvg.SKIN_FILL)
    # A left foot: seen from below its big toe is on the left of the view, from above on the right.
    sole_x, top_x = centres["left-sole-big_toe_joint"][0], centres["left-top-big_toe_joint"][0]
    sole_mid, top_mid = centres["left-sole-heel_centre"][0], centres["left-top-back_of_heel"][0]
    assert sole_x < sole_mid and top_x > top_mid
    mirror = 2 * sole_mid - sole_x  # where the joint would be on a right foot's sole
    assert not near(
        image.at(box["x"] + mirror * scale, box["y"] + centres["left-sole-big_toe_joint"][1] * scale),
        footsvg.PAIN_FILL,
    )
    # The numb outer edge is striped: blue stripes with the skin between them, in a small square.
    square = [pixel("left-sole-outer_edge", dx, dy) for dx in range(-6, 7, 2) for dy in range(-6, 7, 2)]
    assert any(near(p, footsvg.NUMB_STROKE, 40) for p in square), square
    assert any(near(p, footsvg.SKIN_FILL, 40) for p in square), square


@needs_chromium
def test_the_printed_summary_names_the_side_and_explains_the_marks(
    kb: Rules, calm: dict[str, str], tmp_path: Path
) -> None:
    answers = {
        **calm, "sides": "both_feet", "pain_area": ("top_of_foot",), "numbness": ("top_big_toe",),
        "back_pain": "yes", "leg_pain": "below_knee", "leg_worse_than_back": "yes",
    }  # fmt: skip
    report = kb.score(answers)
    assert report.causes[0].origin == "spinal"
    page = tmp_path / "summary.html"
    page.write_text(html_page(CheckResult(report, kb.kb), date(2026, 11, 24)))
    pdf = tmp_path / "summary.pdf"
    chromium(tempfile.mkdtemp(dir=tmp_path), "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "Foot: both feet" in flat
    assert "Left foot" in flat and "Right foot" in flat and "sole (from below)" in flat
    assert "painful area: solid orange, heavy outline" in flat
    assert "numb or tingling area: blue stripes" in flat
    assert "L5 skin area (top of the foot and big toe): purple dots, labelled L5" in flat

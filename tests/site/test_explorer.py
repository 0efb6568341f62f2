"""The interactive figures of the descent and valleys chapters, in the built book, in real Chromium.

Every number the explorer shows must be the package's own result: the test
runs the explorer's rates itself, with the settings the valleys chapter
states (``explorer_runs``, which runs ``gradient_descent``'s loop for all of
them side by side; that a study's run is the single run, bit for bit, is
tests/test_study.py's) and compares the step count, the final J and the
reason with what the page says.
"""

import gzip
import json
import re
import subprocess
import sys

import pytest

import background
from sitetools import ROOT, chapter_settings

EXPLORER = ".nnl-widget[data-nnl-kind=explorer]"
STEPPER = ".nnl-widget[data-nnl-kind=stepper]"
POINTS = "el => el.getAttribute('points').trim().split(/\\s+/).filter(Boolean).length"
#: The valleys chapter's settings: its explorer's rates, step budget and tolerance.
SETTINGS = chapter_settings("valleys")
RATES = SETTINGS["explorer_etas"]


RUN_EVERY_RATE = """\
import json, sys
from nnlesson.book.explorer import explorer_runs, final_cost_text, reason_text
settings = json.loads(sys.argv[1])
rates, max_steps, tolerance = (settings[name] for name in ("explorer_etas", "max_steps", "tolerance"))
results = explorer_runs(rates, max_steps, tolerance)
print(json.dumps([{"steps": f"{results[rate].n_steps:,} step",
                   "cost": final_cost_text(results[rate]),
                   "reason": reason_text(results[rate], tolerance, max_steps)}
                  for rate in rates]))
"""


@background.job("expected")
def _run_every_rate(tmp_path_factory):
    result = subprocess.run([sys.executable, "-c", RUN_EVERY_RATE, json.dumps(SETTINGS)],
                            capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    """What the package gives at each of the explorer's rates: the step count,
    final J and reason as the explorer words them (computed in the background)."""
    return background.result("expected", tmp_path_factory)


@pytest.mark.parametrize("where", ["http", "file"])
def test_every_slider_position_shows_the_packages_result(open_page, server, site, expected,
                                                         where):
    base = server if where == "http" else site.as_uri()
    record = open_page(f"{base}/valleys.html", base)
    page = record.page
    page.wait_for_selector(f"{EXPLORER}[data-nnl-ready=true]")
    assert len(RATES) >= 15
    slider = page.locator(f"{EXPLORER} [data-nnl-role=slider]")
    slider.focus()
    page.keyboard.press("Home")
    for k, result in enumerate(expected):
        if k:
            page.keyboard.press("ArrowRight")  # the slider moves with the arrow keys
        assert page.get_attribute(EXPLORER, "data-nnl-run") == str(k)
        text = page.inner_text(f"{EXPLORER} [data-nnl-role=readout]")
        assert f"η = {RATES[k]:g}" in text
        assert result["steps"] in text, (k, text)
        assert result["cost"] in text, (k, text)
        assert result["reason"] in text, (k, text)
    assert page.locator(f"{EXPLORER} [role=img], {EXPLORER} svg").count() >= 2
    assert record.outside_requests() == []
    assert record.errors == []


def test_step_adds_one_point_and_play_draws_to_the_end(open_page, server):
    record = open_page(f"{server}/valleys.html", server)
    page = record.page
    page.wait_for_selector(f"{EXPLORER}[data-nnl-ready=true]")
    page.click(f"{EXPLORER} [data-nnl-role=reset]")
    assert page.get_attribute(EXPLORER, "data-nnl-shown") == "1"
    for shown in (2, 3, 4):
        page.click(f"{EXPLORER} [data-nnl-role=step]")
        assert page.get_attribute(EXPLORER, "data-nnl-shown") == str(shown)
        assert page.eval_on_selector(f"{EXPLORER} [data-nnl-role=path]", POINTS) == shown
    page.click(f"{EXPLORER} [data-nnl-role=play]")
    total = page.evaluate(
        "sel => JSON.parse(document.querySelector(sel + ' .nnl-data').textContent)"
        ".runs[+document.querySelector(sel).dataset.nnlRun].steps.length", EXPLORER)
    page.wait_for_function(
        "([sel, n]) => document.querySelector(sel).dataset.nnlShown == n", arg=[EXPLORER, total],
        timeout=15_000)
    assert record.errors == []
    # The stepper: arrow keys and buttons move one step.
    record = open_page(f"{server}/descent.html", server)
    page = record.page
    page.wait_for_selector(f"{STEPPER}[data-nnl-ready=true]")
    page.focus(f"{STEPPER} [data-nnl-role=plot]")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.get_attribute(STEPPER, "data-nnl-step") == "2"
    page.click(f"{STEPPER} [data-nnl-role=prev]")
    assert page.get_attribute(STEPPER, "data-nnl-step") == "1"
    assert record.errors == []


def test_the_run_it_opens_on_keeps_every_step(site):
    """Step on the run the explorer opens on moves one descent step (no step skipped)."""
    page = (site / "valleys.html").read_text(encoding="utf-8")
    (payload,) = re.findall(r'data-nnl-kind="explorer".*?<script[^>]*>(.*?)</script>', page, re.S)
    data = json.loads(payload.replace("<\\/", "</"))
    run = data["runs"][data["initial"]]
    assert run["learning_rate"] == SETTINGS["eta"]
    assert run["steps"] == list(range(run["n_steps"] + 1))


FIGURES = {"descent": ["#fig-descent-1d", "#fig-bounce-steps"], "valleys": ["#fig-explorer-static"]}


@pytest.mark.parametrize("chapter", FIGURES)
def test_without_javascript_the_static_figures_show(browser, server, chapter):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/{chapter}.html")
    for figure in FIGURES[chapter]:
        assert page.is_visible(f"{figure} img"), figure
    assert page.locator(".nnl-widget").count() == len(FIGURES[chapter])
    for k in range(len(FIGURES[chapter])):
        assert page.locator(".nnl-widget").nth(k).is_hidden()
    context.close()


@pytest.mark.parametrize("chapter", FIGURES)
def test_each_widget_takes_its_figures_place_and_number(open_page, server, chapter):
    # On screen the widget sits inside its static figure, above the caption, so
    # the figure keeps its number; only the picture is hidden, and in print
    # the picture shows instead of the widget.
    page = open_page(f"{server}/{chapter}.html", server).page
    page.wait_for_function(
        "n => document.querySelectorAll('.nnl-widget[data-nnl-ready=true]').length == n",
        arg=len(FIGURES[chapter]))
    for figure in FIGURES[chapter]:
        assert page.locator(f"{figure} > .nnl-widget").count() == 1, figure
        assert page.is_visible(f"{figure} figcaption .caption-number"), figure
        assert page.is_hidden(f"{figure} img"), figure
    page.emulate_media(media="print")
    for figure in FIGURES[chapter]:
        # Hidden on screen, the picture was never fetched (loading="lazy"):
        # shown, it loads when reached.
        page.locator(f"{figure} img").scroll_into_view_if_needed()
        page.wait_for_function("sel => document.querySelector(sel).naturalWidth > 0",
                               arg=f"{figure} img")
        assert page.is_visible(f"{figure} img") and page.is_hidden(f"{figure} > .nnl-widget")


def test_figure_numbers_on_screen_have_no_gaps(visits):
    # Every numbered figure of the book is on screen, once, in order.
    from sitetools import CHAPTERS

    numbers = [int(text.split()[1]) for chapter in CHAPTERS
               for text in visits["pages"][chapter]["numbers"] if text.startswith("Figure")]
    assert numbers == list(range(1, len(numbers) + 1)), numbers


@pytest.mark.parametrize("chapter, widget", [("valleys", EXPLORER), ("descent", STEPPER)])
def test_the_figures_pass_axe(open_page, server, chapter, widget):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    record = open_page(f"{server}/{chapter}.html", server)
    record.page.wait_for_selector(f"{widget}[data-nnl-ready=true]")
    results = axe_module.Axe().run(record.page, context={"include": [[widget]]})
    serious = [v["id"] for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []


@pytest.mark.parametrize("chapter", FIGURES)
def test_the_figures_add_at_most_150_kb(site, chapter):
    page = (site / f"{chapter}.html").read_text(encoding="utf-8")
    widgets = "".join(re.findall(r'<div class="nnl-widget".*?</script></div>', page, re.S))
    assert widgets.count("nnl-data") == len(FIGURES[chapter])
    added = widgets.encode() + b"".join(
        (site / "_static" / name).read_bytes() for name in ("nnl-widgets.js", "nnl-widgets.css"))
    assert len(gzip.compress(added)) <= 150_000, len(gzip.compress(added))
    assert "nnl-widgets.js" in page and "nnl-widgets.js" not in (site / "cost.html").read_text()

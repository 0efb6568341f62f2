"""The interactive figures (docs/_static/nnl-widgets.js) on their test page.

The page is written once per session by widget_harness/make_sample.py from
real descent runs, opened from file:// in headless Chromium, and driven with
the keyboard and the widgets' documented hooks (data-nnl-* attributes).
"""

import importlib.util
import json
import pathlib
import re

import pytest

from sitetools import ROOT

STATIC = ROOT / "docs" / "_static"
HARNESS = pathlib.Path(__file__).resolve().parent / "widget_harness"
EXPLORER = ".nnl-widget[data-nnl-kind=explorer]"
STEPPER = ".nnl-widget[data-nnl-kind=stepper]"
POINT_COUNT = "el => el.getAttribute('points').trim().split(/\\s+/).filter(Boolean).length"


@pytest.fixture(scope="session")
def harness(tmp_path_factory):
    """(file:// URL of the test page, its explorer data, its stepper data)."""
    spec = importlib.util.spec_from_file_location("make_sample", HARNESS / "make_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = module.write(tmp_path_factory.mktemp("widgets"))
    text = page.read_text(encoding="utf-8")
    data = [json.loads(block) for block in re.findall(
        r'<script type="application/json" class="nnl-data">(.*?)</script>', text, re.S)]
    return page.as_uri(), data[0], data[1]


class Opened:
    """A page with its requests and console errors recorded."""

    def __init__(self, context, url):
        self.page = context.new_page()
        self.requests, self.errors = [], []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url, wait_until="load")

    def attr(self, selector, name):
        return self.page.get_attribute(selector, name)

    def assert_clean(self):
        outside = [u for u in self.requests if not u.startswith(("file://", "data:"))]
        assert outside == [], outside
        assert self.errors == []


@pytest.fixture
def open_harness(browser, harness):
    contexts = []

    def _open(width=1100, theme=None, **options):
        context = browser.new_context(viewport={"width": width, "height": 900}, **options)
        contexts.append(context)
        opened = Opened(context, harness[0])
        if theme:
            opened.page.evaluate("t => { document.documentElement.dataset.theme = t; }", theme)
        return opened

    yield _open
    for context in contexts:
        context.close()


def test_widgets_replace_their_static_figures(open_harness):
    opened = open_harness()
    page = opened.page
    for selector, fallback in [(EXPLORER, "#fig-explorer-static"), (STEPPER, "#fig-stepper-static")]:
        assert page.is_visible(selector)
        assert opened.attr(selector, "data-nnl-ready") == "true"
        # The widget moved into its figure, above the caption; only the picture hides.
        assert page.locator(f"{fallback} > {selector}").count() == 1
        assert page.is_hidden(f"{fallback} img") and page.is_visible(f"{fallback} figcaption")
        assert "nnl-has-widget" in opened.attr(fallback, "class")
    assert page.eval_on_selector_all(".nnl-widget svg.nnl-svg", "s => s.every(e => e.getAttribute('role') === 'img' && e.getAttribute('aria-label'))")
    assert page.eval_on_selector_all(".nnl-widget [onclick], .nnl-widget [oninput], .nnl-widget [onkeydown]", "e => e.length") == 0
    opened.assert_clean()


def test_without_javascript_the_static_figures_show(open_harness):
    opened = open_harness(java_script_enabled=False)
    for selector, fallback in [(EXPLORER, "#fig-explorer-static"), (STEPPER, "#fig-stepper-static")]:
        assert opened.page.is_hidden(selector)
        assert opened.page.is_visible(f"{fallback} img")
    opened.assert_clean()


def test_print_shows_the_static_figures(open_harness):
    opened = open_harness()
    opened.page.emulate_media(media="print")
    for selector, fallback in [(EXPLORER, "#fig-explorer-static"), (STEPPER, "#fig-stepper-static")]:
        assert opened.page.is_hidden(selector)
        assert opened.page.is_visible(f"{fallback} img")


def test_slider_arrow_keys_choose_a_run(open_harness, harness):
    opened = open_harness()
    page, runs = opened.page, harness[1]["runs"]
    start = harness[1].get("initial", 0)
    assert opened.attr(EXPLORER, "data-nnl-run") == str(start)
    slider = f"{EXPLORER} [data-nnl-role=slider]"
    readout = f"{EXPLORER} [data-nnl-role=readout]"
    assert opened.attr(readout, "aria-live") == "polite"
    page.focus(slider)
    for key, expected in [("ArrowRight", start + 1), ("ArrowRight", start + 2), ("ArrowLeft", start + 1)]:
        page.keyboard.press(key)
        assert opened.attr(EXPLORER, "data-nnl-run") == str(expected)
        run = runs[expected]
        text = page.inner_text(readout)
        # The learning rate as String(x) in JavaScript, the book's reason and step count.
        lr = page.evaluate("x => String(x)", run["learning_rate"])
        for fact in [f"η = {lr}", run["reason_text"], run["n_steps_text"]]:
            assert fact in text, (fact, text)
        assert page.inner_text(f"{EXPLORER} label") == f"Learning rate η = {lr}"
        # Choosing a run draws its whole path.
        assert opened.attr(EXPLORER, "data-nnl-shown") == str(len(run["x"]))
    opened.assert_clean()


def test_step_adds_one_point(open_harness, harness):
    opened = open_harness()
    page = opened.page
    page.click(f"{EXPLORER} [data-nnl-role=reset]")
    assert opened.attr(EXPLORER, "data-nnl-shown") == "1"
    for expected in (2, 3):
        page.click(f"{EXPLORER} [data-nnl-role=step]")
        assert opened.attr(EXPLORER, "data-nnl-shown") == str(expected)
        for role in ("path", "cost-path"):
            assert page.eval_on_selector(f"{EXPLORER} [data-nnl-role={role}]", POINT_COUNT) == expected
    run = harness[1]["runs"][int(opened.attr(EXPLORER, "data-nnl-run"))]
    steps = run["steps"]
    assert f"Showing step {steps[2]:,} of {run['n_steps_text']}" in page.inner_text(
        f"{EXPLORER} [data-nnl-role=readout]")
    page.click(f"{EXPLORER} [data-nnl-role=end]")
    assert opened.attr(EXPLORER, "data-nnl-shown") == str(len(steps))
    opened.assert_clean()


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_play_reaches_the_last_point(open_harness, harness, motion):
    opened = open_harness(reduced_motion=motion)
    page, runs = opened.page, harness[1]["runs"]
    longest = max(range(len(runs)), key=lambda i: len(runs[i]["x"]))
    page.eval_on_selector(f"{EXPLORER} [data-nnl-role=slider]",
                          "(s, i) => { s.value = i; s.dispatchEvent(new Event('input')); }", longest)
    play = f"{EXPLORER} [data-nnl-role=play]"
    page.click(f"{EXPLORER} [data-nnl-role=reset]")
    total = len(runs[longest]["x"])
    if motion == "no-preference":  # Pause stops part way; Play goes on from there
        page.click(play)
        page.wait_for_function(f"() => +document.querySelector('{EXPLORER}').dataset.nnlShown > 3")
        page.click(play)
        paused = int(opened.attr(EXPLORER, "data-nnl-shown"))
        assert page.inner_text(play) == "Play" and paused < total
        page.wait_for_timeout(200)
        assert int(opened.attr(EXPLORER, "data-nnl-shown")) == paused
    page.click(play)
    assert page.inner_text(play) == "Pause"
    page.wait_for_function(f"() => document.querySelector('{EXPLORER}').dataset.nnlShown === '{total}'",
                           timeout=9000)
    assert page.inner_text(play) == "Play"
    assert page.eval_on_selector(f"{EXPLORER} [data-nnl-role=path]", POINT_COUNT) == total
    opened.assert_clean()


def test_stepper_arrow_keys_step_forward_and_back(open_harness, harness):
    opened = open_harness()
    page, steps = opened.page, harness[2]["steps"]
    readout = f"{STEPPER} [data-nnl-role=readout]"
    plot = f"{STEPPER} [data-nnl-role=plot]"
    assert opened.attr(plot, "tabindex") == "0"
    page.focus(plot)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert opened.attr(STEPPER, "data-nnl-step") == "3"
    assert page.eval_on_selector(f"{STEPPER} [data-nnl-role=trail]", POINT_COUNT) == 4
    text = page.inner_text(readout)
    step = {field: column[3] for field, column in steps.items()}  # the data is columns
    w, cost, slope, move = page.evaluate(
        "([w, c, s, m]) => [w, c, s, m].map(x => x.toPrecision(4).replace('-', '\u2212'))",
        [step["w"], step["cost"], step["slope"], -harness[2]["learning_rate"] * step["slope"]])
    move = f"{'+' if float(move.replace(chr(0x2212), '-')) > 0 else ''}{move}"
    # A *_text field, when the data has one, is shown as is instead of the number.
    w, cost = step.get("w_text", w), step.get("cost_text", cost)
    slope, move = step.get("slope_text", slope), step.get("move_text", move)
    assert text.startswith(f"Step 3 of {len(steps['w']) - 1}: w = {w}, J = {cost}, slope = {slope}; "
                           f"the next step moves w by {move}"), text
    page.keyboard.press("ArrowLeft")
    assert opened.attr(STEPPER, "data-nnl-step") == "2"
    page.click(f"{STEPPER} [data-nnl-role=next]")
    assert opened.attr(STEPPER, "data-nnl-step") == "3"
    page.click(f"{STEPPER} [data-nnl-role=prev]")
    page.click(f"{STEPPER} [data-nnl-role=prev]")
    assert opened.attr(STEPPER, "data-nnl-step") == "1"
    page.click(f"{STEPPER} [data-nnl-role=reset]")
    assert opened.attr(STEPPER, "data-nnl-step") == "0"
    page.focus(plot)
    page.keyboard.press("ArrowLeft")  # stays at the start
    assert opened.attr(STEPPER, "data-nnl-step") == "0"
    opened.assert_clean()


def test_phone_width_fits_and_text_stays_readable(open_harness):
    opened = open_harness(width=400)
    page = opened.page
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    # The smallest SVG text, in CSS pixels on screen.
    smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('.nnl-widget svg.nnl-svg')].map(svg => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return Math.min(...[...svg.querySelectorAll('text')].map(
            t => parseFloat(getComputedStyle(t).fontSize) * scale));
    }))""")
    assert smallest >= 11, smallest
    panels = page.eval_on_selector_all(f"{EXPLORER} .nnl-svg", "s => s.map(e => e.getBoundingClientRect().top)")
    assert panels[1] > panels[0] + 100, "the explorer's panels should stack on a phone"
    opened.assert_clean()


def test_panels_sit_side_by_side_on_a_wide_screen(open_harness):
    opened = open_harness(width=1100)
    tops = opened.page.eval_on_selector_all(f"{EXPLORER} .nnl-svg", "s => s.map(e => e.getBoundingClientRect().top)")
    assert abs(tops[0] - tops[1]) < 2


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_accessibility(open_harness, theme):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    opened = open_harness(theme=theme)
    results = axe_module.Axe().run(opened.page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            inside = opened.page.evaluate(
                "sel => { const el = document.querySelector(sel);"
                " return !!(el && el.closest('.nnl-widget')); }", node["target"][0])
            if inside:
                found.append(f"{violation['id']}: {node['target']}")
    assert found == []


def test_data_is_shown_as_text_and_preformatted_fields_win(open_harness, harness):
    opened = open_harness()
    data = json.loads(json.dumps(harness[1]))
    data["title"] = "<img src=x id=injected>"
    data["static_id"] = "nowhere"
    run = data["runs"][data["initial"]]
    run.update(learning_rate_text="ten", final_cost_text="about 0.0045", n_steps_text="many")
    page = opened.page
    page.evaluate("""data => {
        const root = document.createElement('div');
        root.className = 'nnl-widget'; root.id = 'extra'; root.hidden = true;
        const script = document.createElement('script');
        script.type = 'application/json'; script.className = 'nnl-data';
        script.textContent = JSON.stringify(data);
        root.appendChild(script); document.querySelector('main').appendChild(root);
        window.nnlWidgets.init();
    }""", data)
    assert page.locator("#injected").count() == 0
    assert page.inner_text("#extra .nnl-title") == data["title"]
    text = page.inner_text("#extra [data-nnl-role=readout]")
    for fact in ("η = ten", "took many steps", "J = about 0.0045"):
        assert fact in text, text
    opened.assert_clean()


def test_unusable_data_leaves_the_static_figure(open_harness):
    opened = open_harness()
    warnings = []
    opened.page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
    opened.page.evaluate("""() => {
        const root = document.createElement('div');
        root.className = 'nnl-widget'; root.id = 'broken'; root.hidden = true;
        const script = document.createElement('script');
        script.type = 'application/json'; script.className = 'nnl-data';
        script.textContent = '{"kind": "explorer", "runs": []}';
        root.appendChild(script); document.querySelector('main').appendChild(root);
        window.nnlWidgets.init();
    }""")
    assert opened.page.is_hidden("#broken")
    assert any("nnl-widgets" in w for w in warnings)
    opened.assert_clean()


def test_steps_are_columns_and_columns_of_unequal_length_are_refused(open_harness, harness):
    """Each number of a run once, in a column of its field; a column that is
    a number short leaves the widget out (the static figure stays)."""
    stepper = harness[2]
    assert isinstance(stepper["steps"], dict)
    assert len({len(column) for column in stepper["steps"].values()}) == 1
    assert all(isinstance(run["x"], list) and len(run["x"]) == len(run["y"]) == len(run["steps"])
               for run in harness[1]["runs"])
    opened = open_harness()
    warnings = []
    opened.page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
    for kind, data in [("stepper", json.loads(json.dumps(stepper))),
                       ("explorer", json.loads(json.dumps(harness[1])))]:
        if kind == "stepper":
            data["steps"]["cost"].pop()
        else:
            data["runs"][-1]["y"].pop()
        opened.page.evaluate("""([kind, data]) => {
            const root = document.createElement('div');
            root.className = 'nnl-widget'; root.id = 'short-' + kind; root.hidden = true;
            const script = document.createElement('script');
            script.type = 'application/json'; script.className = 'nnl-data';
            script.textContent = JSON.stringify(data);
            root.appendChild(script); document.querySelector('main').appendChild(root);
            window.nnlWidgets.init();
        }""", [kind, data])
        assert opened.page.is_hidden(f"#short-{kind}")
        assert opened.page.get_attribute(f"#short-{kind}", "data-nnl-ready") is None
    assert any("bad data: steps: columns must be lists of one length" in w for w in warnings)
    assert any("x, y, steps and costs must align" in w for w in warnings), warnings


def test_files_are_small_and_build_no_markup_from_strings(site):
    # What a reader loads is the built site's copy (minified by the build).
    served = sum((site / "_static" / name).stat().st_size
                 for name in ("nnl-widgets.js", "nnl-widgets.css"))
    assert served < 40_000
    js = (STATIC / "nnl-widgets.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", js, flags=re.S)  # the header comment names them
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function",
                      "fetch(", "XMLHttpRequest", "document.write"):
        assert forbidden not in code, forbidden

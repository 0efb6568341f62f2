/* nnl-widgets.js: interactive figures for the nnlesson book. Plain ES2017, no
 * libraries, no build step, no network requests, no eval, no innerHTML.
 *
 * PAGE MARKUP. Each widget is a hidden container holding its data as JSON,
 * followed somewhere by a static fallback figure with the id "static_id":
 *
 *   <div class="nnl-widget" data-nnl-kind="explorer" hidden>
 *     <script type="application/json" class="nnl-data">{...}</script>
 *   </div>
 *   <figure class="nnl-static" id="fig-explorer-static">...PNG...</figure>
 *
 * On load every .nnl-widget is built, un-hidden and given role="group", and
 * moved into the element #static_id (the static figure), before its
 * figcaption; that figure gets the class "nnl-has-widget", and
 * nnl-widgets.css hides its picture on screen only, so the figure keeps its
 * number and caption. With JavaScript off, or if the data is unusable (a
 * console warning says why), the widget stays hidden and the fallback shows.
 * In print the CSS hides the widget and shows the fallback.
 *
 * EXPLORER DATA (kind "explorer"); * marks optional fields:
 *   static_id, title*, x_label, y_label, settings_text*, initial* (run index)
 *   map: {x: [m], y: [n], cost: [[...]], cost_is_row_x: true,
 *         best: [x, y], best_cost, best_cost_text*}
 *        cost[i][j] is J at (x[i], y[j]); with cost_is_row_x false, cost[j][i].
 *   runs: [{learning_rate, reason, reason_text, n_steps, final_cost,
 *           steps: [step numbers, from 0 to n_steps], x: [...], y: [...],
 *           costs: [J...], learning_rate_text*, n_steps_text*, final_cost_text*}]
 *   A run's stored points are columns: point i is (x[i], y[i]) at step
 *   steps[i], with cost costs[i].
 *   reason_text completes the sentence "It stopped because ...".
 *   Points outside the map are clipped; the readout then says so.
 *
 * STEPPER DATA (kind "stepper"):
 *   static_id, title*, x_label, learning_rate, settings_text*,
 *   end_text* (ends the readout at the last step, instead of the next move),
 *   curve: {w_from, w_to, cost: [...]}: cost[i] is J at the i-th of
 *     cost.length evenly spaced weights from w_from to w_to,
 *   move_words* (what the next step is, in the readout; default "(learning rate
 *   times minus the slope)"),
 *   steps: {w: [...], cost: [...], slope: [...], w_text*: [...],
 *           cost_text*: [...], slope_text*: [...], move_text*: [...]}
 *   Steps are columns of equal length, step k being (w[k], cost[k], ...);
 *   stepperSteps() is the one place that reads them (any further column is
 *   passed on to each step as a field of the same name).
 *   Steps are consecutive: step k+1 is where step k's move lands. With
 *   moves_taken* (a method with a memory: momentum) the move is the step
 *   actually taken, w of step k+1 minus w of step k; without it the move is
 *   -learning_rate * slope.
 *
 * NUMBER FORMATS (a *_text field, when given, is used as is instead):
 *   learning rate: String(x), the shortest exact form; J, w, slope and move:
 *   x.toPrecision(4) with a true minus sign (a move gets a "+" when
 *   positive); step counts:
 *   integers with comma thousands separators ("20,000").
 *
 * BEHAVIOUR. Explorer: choosing a run (slider) stops play and draws the WHOLE
 * path; Reset goes back to step 0 (one point drawn), Step adds one stored
 * point, End draws all, Play draws from the current point to the end (from
 * step 0 if already at the end) in at most ~5 s, at least 40 points/s; with
 * prefers-reduced-motion it jumps in 5 chunks, 0.4 s apart. Stepper: Next,
 * Previous, Reset buttons; ArrowRight/ArrowLeft (and Home/End) anywhere in
 * the widget, including its focusable plot.
 *
 * TEST HOOKS (stable). Container: data-nnl-ready="true" once built;
 * explorer: data-nnl-run (selected run index), data-nnl-shown (stored points
 * drawn, >= 1); stepper: data-nnl-step (current step index), data-nnl-shown
 * (= step + 1). Elements by data-nnl-role: slider, play, step, reset, end
 * (explorer); next, prev, reset, plot (the focusable stepper plot); readout
 * (aria-live); path (map polyline), cost-path (cost polyline), trail (stepper
 * polyline): each has data-nnl-shown points. window.nnlWidgets.init(root)
 * builds widgets added later (already built ones are skipped).
 */
(function () {
  'use strict';
  const SVGNS = 'http://www.w3.org/2000/svg';
  const VIRIDIS = ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c',
    '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725'];
  let counter = 0;

  // ---- formatting ---------------------------------------------------------
  const fmtLR = x => String(x);
  const fmtNum = x => Number(x).toPrecision(4).replace('-', '\u2212');  // a true minus
  const fmtInt = n => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const pick = (text, value, f) => (typeof text === 'string' ? text : f(value));
  const plural = (n, word) => (Number(n) === 1 ? word : word + 's');
  const MINUS = '\u2212';
  function fmtTick(v) {
    let s = Math.abs(v) >= 1000 && Number.isInteger(v) ? fmtInt(Math.abs(v))
      : String(Number(Math.abs(v).toPrecision(10)));
    return (v < 0 ? MINUS : '') + s;
  }
  const SUP = {'-': '\u207b', 0: '\u2070', 1: '\u00b9', 2: '\u00b2', 3: '\u00b3', 4: '\u2074',
    5: '\u2075', 6: '\u2076', 7: '\u2077', 8: '\u2078', 9: '\u2079'};
  function fmtLogTick(v) {
    if (v >= 0.001) return String(Number(v.toPrecision(6)));
    const k = Math.round(Math.log10(v));
    if (Math.abs(v / Math.pow(10, k) - 1) < 1e-9) {
      return '10' + String(k).split('').map(c => SUP[c]).join('');
    }
    return v.toExponential(0);
  }

  // ---- DOM helpers --------------------------------------------------------
  function set(node, attrs) {
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    return node;
  }
  function make(ns, tag, attrs, text) {
    const node = set(ns ? document.createElementNS(ns, tag) : document.createElement(tag), attrs || {});
    if (text !== undefined) node.textContent = text;
    return node;
  }
  const pointsOf = pts => pts.map(p => p[0] + ',' + p[1]).join(' ');
  const el = (tag, attrs, text) => make(null, tag, attrs, text);
  const sv = (tag, attrs, text) => make(SVGNS, tag, attrs, text);
  const add = (parent, child) => parent.appendChild(child);
  const r2 = v => Math.round(v * 100) / 100;

  // ---- scales and ticks ---------------------------------------------------
  function linear(d0, d1, r0, r1) {
    if (d1 === d0) { d0 -= 0.5; d1 += 0.5; }
    const f = v => r0 + (v - d0) / (d1 - d0) * (r1 - r0);
    f.domain = [d0, d1];
    return f;
  }
  function logScale(d0, d1, r0, r1) {
    const lin = linear(Math.log10(d0), Math.log10(d1), r0, r1);
    return v => lin(Math.log10(Math.max(v, 1e-300)));
  }
  function niceTicks(lo, hi, target, whole) {
    const span = hi - lo;
    if (!(span > 0)) return [lo];
    let step = Math.pow(10, Math.floor(Math.log10(span / target)));
    for (const m of [1, 2, 2.5, 5, 10]) {
      if (span / (step * m) <= target) { step *= m; break; }
    }
    if (whole) step = Math.max(1, Math.round(step));
    const out = [];
    for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
      out.push(Number(v.toPrecision(12)));
    }
    return out;
  }
  function logTicks(lo, hi) {
    for (const mults of [[1], [1, 3], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
      const out = [];
      for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
        for (const m of mults) {
          const v = Number((m * Math.pow(10, k)).toPrecision(6));
          if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
        }
      }
      if (out.length >= 3) return out.length > 7 ? out.filter((_, i) => i % 2 === 0) : out;
    }
    return niceTicks(lo, hi, 4).filter(v => v > 0);
  }

  // Axes with ticks and labels. frame: {x, y, w, h}; sx, sy: scales.
  function drawAxes(g, frame, sx, xt, sy, yt, xLabel, yLabel, yFmt) {
    const bottom = frame.y + frame.h;
    for (const v of yt) {
      const y = r2(sy(v));
      add(g, sv('line', {class: 'nnl-grid', x1: frame.x, x2: frame.x + frame.w, y1: y, y2: y}));
      add(g, sv('line', {class: 'nnl-axis', x1: frame.x - 5, x2: frame.x, y1: y, y2: y}));
      add(g, sv('text', {x: frame.x - 8, y: y + 4, 'text-anchor': 'end'}, (yFmt || fmtTick)(v)));
    }
    for (const v of xt) {
      const x = r2(sx(v));
      add(g, sv('line', {class: 'nnl-grid', x1: x, x2: x, y1: frame.y, y2: bottom}));
      add(g, sv('line', {class: 'nnl-axis', x1: x, x2: x, y1: bottom, y2: bottom + 5}));
      add(g, sv('text', {x: x, y: bottom + 19, 'text-anchor': 'middle'}, fmtTick(v)));
    }
    add(g, sv('rect', {class: 'nnl-frame', x: frame.x, y: frame.y, width: frame.w, height: frame.h}));
    add(g, sv('text', {class: 'nnl-label', x: frame.x + frame.w / 2, y: bottom + 38,
      'text-anchor': 'middle'}, xLabel));
    const ly = frame.y + frame.h / 2;
    add(g, sv('text', {class: 'nnl-label', x: 14, y: ly, 'text-anchor': 'middle',
      transform: 'rotate(-90 14 ' + ly + ')'}, yLabel));
  }

  function svgPanel(width, height, label) {
    return sv('svg', {viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': label,
      class: 'nnl-svg', preserveAspectRatio: 'xMidYMid meet'});
  }
  function clipRect(svg, frame) {
    const id = 'nnl-clip-' + (++counter);
    const clip = add(add(svg, sv('defs')), sv('clipPath', {id: id}));
    add(clip, sv('rect', {x: frame.x, y: frame.y, width: frame.w, height: frame.h}));
    return 'url(#' + id + ')';
  }
  function star(cx, cy, r) {
    const pts = [];
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + i * Math.PI / 5, rr = i % 2 ? r * 0.45 : r;
      pts.push(r2(cx + rr * Math.cos(a)) + ',' + r2(cy + rr * Math.sin(a)));
    }
    return pts.join(' ');
  }
  function viridis(t) {
    t = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
    const i = Math.min(VIRIDIS.length - 2, Math.floor(t)), f = t - i;
    const a = VIRIDIS[i], b = VIRIDIS[i + 1], out = [];
    for (let c = 1; c < 7; c += 2) {
      const u = parseInt(a.substr(c, 2), 16), v = parseInt(b.substr(c, 2), 16);
      out.push(Math.round(u + (v - u) * f));
    }
    return out;
  }
  // An image of colour(col, row) for a cols x rows grid (row 0 at the top),
  // stretched over the box: one small canvas-made PNG as a data: URL.
  function raster(g, cols, rows, colour, box) {
    const canvas = el('canvas', {width: cols, height: rows}), ctx = canvas.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(cols, rows);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) img.data.set(colour(c, r).concat(255), (r * cols + c) * 4);
    }
    ctx.putImageData(img, 0, 0);
    add(g, sv('image', {href: canvas.toDataURL('image/png'), x: box.x, y: box.y,
      width: box.w, height: box.h, preserveAspectRatio: 'none'}));
  }
  // A legend entry: a small drawing and its words.
  function key(legend, text, draw, width) {
    const item = add(legend, el('span', {class: 'nnl-key'})), w = width || 24;
    draw(add(item, sv('svg', {viewBox: '0 0 ' + w + ' 16', width: w, height: 16})));
    add(item, document.createTextNode(text));
  }
  function need(cond, what) {
    if (!cond) throw new Error('bad data: ' + what);
  }
  const isNum = v => typeof v === 'number' && isFinite(v);

  function button(role, label) {
    return el('button', {type: 'button', class: 'nnl-button', 'data-nnl-role': role}, label);
  }

  // ---- the widgets' data -------------------------------------------------------
  // Columns of equal length (an object of arrays) as a list of rows.
  function rows(table, what) {
    need(table && typeof table === 'object', what);
    const names = Object.keys(table), n = names.length ? table[names[0]].length : 0;
    need(n > 0 && names.every(k => Array.isArray(table[k]) && table[k].length === n),
      what + ': columns must be lists of one length');
    return Array.from({length: n}, (_, i) => {
      const row = {};
      for (const k of names) row[k] = table[k][i];
      return row;
    });
  }
  // The explorer's runs, each with points: [[x, y]...] made from its columns.
  function explorerRuns(data) {
    need(Array.isArray(data.runs) && data.runs.length > 0, 'runs');
    return data.runs.map((run, i) => {
      const points = rows({x: run.x, y: run.y, step: run.steps, cost: run.costs}, 'run ' + i +
        ': x, y, steps and costs must align').map(p => [p.x, p.y]);
      return Object.assign({}, run, {points: points});
    });
  }
  // The stepper's curve ({w: [...], cost: [...]}) and steps ([{w, cost, slope, ...}]).
  function stepperSteps(data) {
    const c = data.curve;
    need(c && isNum(c.w_from) && isNum(c.w_to) && Array.isArray(c.cost) && c.cost.length > 1,
      'curve');
    const n = c.cost.length;
    const w = c.cost.map((_, i) => c.w_from + (c.w_to - c.w_from) * i / (n - 1));
    const steps = rows(data.steps, 'steps');
    need(steps.every(s => isNum(s.w) && isNum(s.cost) && isNum(s.slope)), 'steps');
    if (data.moves_taken) steps.forEach((s, i) => { if (i + 1 < steps.length) s.move = steps[i + 1].w - s.w; });
    return {curve: {w: w, cost: c.cost}, steps: steps};
  }

  // ---- the learning-rate explorer ------------------------------------------
  function explorer(root, data) {
    const map = data.map, runs = explorerRuns(data);
    need(map && Array.isArray(map.x) && Array.isArray(map.y) && Array.isArray(map.cost), 'map');
    const nx = map.x.length, ny = map.y.length;
    const at = map.cost_is_row_x === false ? (i, j) => map.cost[j][i] : (i, j) => map.cost[i][j];
    let cmin = Infinity, cmax = -Infinity;
    for (let i = 0; i < nx; i++) {
      for (let j = 0; j < ny; j++) {
        const c = at(i, j);
        if (c > 0 && isFinite(c)) { cmin = Math.min(cmin, c); cmax = Math.max(cmax, c); }
      }
    }
    need(cmin < Infinity, 'map.cost');
    if (!(cmax > cmin)) cmax = cmin * 10;
    const lc0 = Math.log10(cmin), lc1 = Math.log10(cmax);

    const id = 'nnl-' + (++counter);
    const title = data.title || 'Gradient descent on two weights';
    if (data.title) add(root, el('p', {class: 'nnl-title'}, data.title));

    // Controls.
    const controls = add(root, el('div', {class: 'nnl-controls'}));
    const sliderBox = add(controls, el('div', {class: 'nnl-slider'}));
    const label = add(sliderBox, el('label', {for: id + '-lr'}));
    const slider = add(sliderBox, el('input', {type: 'range', id: id + '-lr', min: 0,
      max: runs.length - 1, step: 1, 'data-nnl-role': 'slider'}));
    const ends = add(sliderBox, el('div', {class: 'nnl-ends', 'aria-hidden': 'true'}));
    add(ends, el('span', {}, 'η = ' + lrText(runs[0])));
    add(ends, el('span', {}, 'η = ' + lrText(runs[runs.length - 1])));
    const buttons = add(controls, el('div', {class: 'nnl-buttons'}));
    const playB = add(buttons, button('play', 'Play'));
    const stepB = add(buttons, button('step', 'Step'));
    const resetB = add(buttons, button('reset', 'Reset'));
    const endB = add(buttons, button('end', 'End'));

    // Panels.
    const panels = add(root, el('div', {class: 'nnl-panels'}));
    const W = 370, H = 318;
    const mf = {x: 58, y: 22, w: 250, h: 250};
    const mapSvg = add(panels, svgPanel(W, H, 'Cost map over ' + data.x_label + ' and ' +
      data.y_label + ' (darker is lower cost) with the descent path of the chosen learning rate; ' +
      'the text below the figure describes the run.'));
    const sx = linear(map.x[0], map.x[nx - 1], mf.x, mf.x + mf.w);
    const sy = linear(map.y[0], map.y[ny - 1], mf.y + mf.h, mf.y);
    const mapClip = clipRect(mapSvg, mf);
    const heat = add(mapSvg, sv('g', {'clip-path': mapClip}));
    const dx = (sx(map.x[nx - 1]) - sx(map.x[0])) / Math.max(1, nx - 1);
    const dy = (sy(map.y[0]) - sy(map.y[ny - 1])) / Math.max(1, ny - 1);
    raster(heat, nx, ny, (c, r) => {
      const v = at(c, ny - 1 - r);
      return viridis(v > 0 ? (Math.log10(v) - lc0) / (lc1 - lc0) : 0);
    }, {x: sx(map.x[0]) - dx / 2, y: sy(map.y[ny - 1]) - dy / 2, w: dx * nx, h: dy * ny});
    drawAxes(add(mapSvg, sv('g', {class: 'nnl-axes'})), mf,
      sx, niceTicks(map.x[0], map.x[nx - 1], 5), sy, niceTicks(map.y[0], map.y[ny - 1], 5),
      data.x_label, data.y_label);
    // Colour bar.
    const cb = {x: mf.x + mf.w + 8, y: mf.y, w: 10, h: mf.h};
    const cbg = add(mapSvg, sv('g', {class: 'nnl-axes'}));
    raster(cbg, 1, 64, (c, r) => viridis(1 - (r + 0.5) / 64), cb);
    add(cbg, sv('rect', {class: 'nnl-frame', x: cb.x, y: cb.y, width: cb.w, height: cb.h}));
    const scb = logScale(cmin, cmax, cb.y + cb.h, cb.y);
    for (const v of logTicks(cmin, cmax)) {
      const y = r2(scb(v));
      add(cbg, sv('line', {class: 'nnl-axis', x1: cb.x + cb.w, x2: cb.x + cb.w + 4, y1: y, y2: y}));
      add(cbg, sv('text', {x: cb.x + cb.w + 6, y: y + 4}, fmtLogTick(v)));
    }
    add(cbg, sv('text', {class: 'nnl-label', x: cb.x + cb.w / 2, y: cb.y - 8,
      'text-anchor': 'middle'}, 'J'));
    // Marks.
    const marks = add(mapSvg, sv('g', {'clip-path': mapClip}));
    if (Array.isArray(map.best)) {
      add(marks, sv('polygon', {class: 'nnl-best', points: star(sx(map.best[0]), sy(map.best[1]), 9)}));
    }
    const halo = add(marks, sv('polyline', {class: 'nnl-path-halo', points: ''}));
    const path = add(marks, sv('polyline', {class: 'nnl-path', 'data-nnl-role': 'path', points: ''}));
    const startM = add(marks, sv('circle', {class: 'nnl-start', r: 5}));
    const curM = add(mapSvg, sv('circle', {class: 'nnl-current', r: 5}));

    const cf = {x: 66, y: 22, w: 274, h: 250};
    const costSvg = add(panels, svgPanel(W, H, 'The cost J at each step of the same run, ' +
      'on a logarithmic scale, up to the step shown.'));
    const costClip = clipRect(costSvg, cf);
    const costAxes = add(costSvg, sv('g', {class: 'nnl-axes'}));
    const costMarks = add(costSvg, sv('g', {'clip-path': costClip}));
    const bestLine = add(costMarks, sv('line', {class: 'nnl-best-line'}));
    const costPath = add(costMarks, sv('polyline', {class: 'nnl-cost-path',
      'data-nnl-role': 'cost-path', points: ''}));
    const costCur = add(costSvg, sv('circle', {class: 'nnl-cost-current', r: 4.5}));
    let jmin = isNum(map.best_cost) && map.best_cost > 0 ? map.best_cost : Infinity, jmax = 0;
    for (const run of runs) {
      for (const c of run.costs) {
        if (c > 0 && isFinite(c)) { jmin = Math.min(jmin, c); jmax = Math.max(jmax, c); }
      }
    }
    if (!(jmax > jmin)) { jmin = jmin / 2; jmax = jmax * 2; }
    const pad = Math.max(0.04, (Math.log10(jmax) - Math.log10(jmin)) * 0.06);
    jmin /= Math.pow(10, pad); jmax *= Math.pow(10, pad);
    const sj = logScale(jmin, jmax, cf.y + cf.h, cf.y);

    // Legend (HTML, so it follows the theme) and text.
    const legend = add(root, el('div', {class: 'nnl-legend', 'aria-hidden': 'true'}));
    key(legend, 'descent path', s => {
      add(s, sv('polyline', {class: 'nnl-path-halo', points: '2,11 12,7 22,8'}));
      add(s, sv('polyline', {class: 'nnl-path', points: '2,11 12,7 22,8'}));
    });
    key(legend, 'start', s => add(s, sv('circle', {class: 'nnl-start', cx: 12, cy: 8, r: 5})));
    key(legend, 'step shown', s => add(s, sv('circle', {class: 'nnl-current', cx: 12, cy: 8, r: 5})));
    if (isNum(map.best_cost)) {
      key(legend, 'lowest grid point, J = ' + pick(map.best_cost_text, map.best_cost, fmtNum), s => {
        add(s, sv('polygon', {class: 'nnl-best', points: star(8, 8, 7)}));
        add(s, sv('line', {class: 'nnl-best-line', x1: 18, x2: 40, y1: 8, y2: 8}));
      }, 40);
    }
    const readout = add(root, el('p', {class: 'nnl-readout', 'aria-live': 'polite',
      'data-nnl-role': 'readout'}));
    const summary = add(readout, el('span'));
    add(readout, document.createTextNode(' '));
    const where = add(readout, el('span'));
    if (data.settings_text) add(root, el('p', {class: 'nnl-settings'}, data.settings_text));

    function lrText(run) { return pick(run.learning_rate_text, run.learning_rate, fmtLR); }

    // State.
    let run = 0, mapPts = [], costPts = [], shown = 1, playing = false, timer = 0;

    function select(index) {
      stop();
      run = Math.max(0, Math.min(runs.length - 1, index | 0));
      const r = runs[run];
      slider.value = String(run);
      label.textContent = 'Learning rate η = ' + lrText(r);
      slider.setAttribute('aria-valuetext', 'η = ' + lrText(r));
      mapPts = r.points.map(p => [r2(sx(p[0])), r2(sy(p[1]))]);
      const last = Math.max(1, r.steps[r.steps.length - 1]);
      const sk = linear(0, last, cf.x, cf.x + cf.w);
      costPts = r.costs.map((c, i) => [r2(sk(r.steps[i])), r2(sj(c))]);
      costAxes.textContent = '';
      drawAxes(costAxes, cf, sk, niceTicks(0, last, 4, true), sj, logTicks(jmin, jmax),
        'step', 'cost J (log scale)', fmtLogTick);
      if (isNum(map.best_cost) && map.best_cost > 0) {
        const y = r2(sj(map.best_cost));
        set(bestLine, {x1: cf.x, x2: cf.x + cf.w, y1: y, y2: y});
      }
      set(startM, {cx: mapPts[0][0], cy: mapPts[0][1]});
      const n = r.n_steps;
      summary.textContent = 'Learning rate η = ' + lrText(r) + ': the run took ' +
        pick(r.n_steps_text, n, fmtInt) + ' ' + plural(n, 'step') + ' and ended at J = ' +
        pick(r.final_cost_text, r.final_cost, fmtNum) + '. It stopped because ' +
        r.reason_text + '.';
      root.setAttribute('data-nnl-run', String(run));
      show(mapPts.length);
    }

    function show(n) {
      const r = runs[run];
      shown = Math.max(1, Math.min(mapPts.length, n));
      const pts = pointsOf(mapPts.slice(0, shown));
      path.setAttribute('points', pts);
      halo.setAttribute('points', pts);
      costPath.setAttribute('points', pointsOf(costPts.slice(0, shown)));
      const q = r.points[shown - 1], off = outside(mapPts[shown - 1]), p = edge(shown - 1);
      set(curM, {cx: p[0], cy: p[1], class: off ? 'nnl-current nnl-off' : 'nnl-current'});
      set(costCur, {cx: costPts[shown - 1][0], cy: costPts[shown - 1][1]});
      where.textContent = 'Showing step ' + fmtInt(r.steps[shown - 1]) + ' of ' +
        pick(r.n_steps_text, r.n_steps, fmtInt) + ', J = ' +
        (shown === mapPts.length ? pick(r.final_cost_text, r.final_cost, fmtNum)
          : fmtNum(r.costs[shown - 1])) +
        (off ? '; this point, (' + fmtNum(q[0]) + ', ' + fmtNum(q[1]) +
          '), is off the map; the hollow marker shows where the path leaves it' : '') + '.';
      root.setAttribute('data-nnl-shown', String(shown));
    }

    function outside(p) {
      return p[0] < mf.x || p[0] > mf.x + mf.w || p[1] < mf.y || p[1] > mf.y + mf.h;
    }
    // Where the marker of point i goes: the point itself, or for a point off
    // the map, where the path from the last point on the map leaves the map.
    function edge(i) {
      const b = mapPts[i];
      if (!outside(b)) return b;
      let j = i;
      while (j > 0 && outside(mapPts[j])) j--;
      const a = mapPts[j], lo = [mf.x, mf.y], hi = [mf.x + mf.w, mf.y + mf.h];
      let t = outside(a) ? 0 : 1;
      for (let d = 0; d < 2; d++) {
        if (b[d] > hi[d]) t = Math.min(t, (hi[d] - a[d]) / (b[d] - a[d]));
        if (b[d] < lo[d]) t = Math.min(t, (lo[d] - a[d]) / (b[d] - a[d]));
      }
      return [0, 1].map(d => r2(Math.min(hi[d], Math.max(lo[d], a[d] + t * (b[d] - a[d])))));
    }

    function stop() {
      if (timer) cancelAnimationFrame(timer);
      timer = 0;
      if (playing) {
        playing = false;
        playB.textContent = 'Play';
        readout.setAttribute('aria-busy', 'false');
      }
    }
    function play() {
      if (shown >= mapPts.length) show(1);
      playing = true;
      playB.textContent = 'Pause';
      readout.setAttribute('aria-busy', 'true');
      const reduce = window.matchMedia &&
        window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      const from = shown, left = mapPts.length - from, t0 = performance.now();
      const rate = Math.max(40, left / 5);
      const chunk = Math.ceil(left / 5);
      const tick = now => {
        const t = (now - t0) / 1000;
        const target = reduce ? from + (Math.floor(t / 0.4) + 1) * chunk : from + Math.floor(t * rate);
        if (target > shown) show(target);
        if (shown >= mapPts.length) stop();
        else timer = requestAnimationFrame(tick);
      };
      timer = requestAnimationFrame(tick);
    }

    slider.addEventListener('input', () => select(Number(slider.value)));
    playB.addEventListener('click', () => (playing ? stop() : play()));
    stepB.addEventListener('click', () => { stop(); show(shown + 1); });
    resetB.addEventListener('click', () => { stop(); show(1); });
    endB.addEventListener('click', () => { stop(); show(mapPts.length); });
    root.setAttribute('aria-label', title);
    const initial = Number.isInteger(data.initial) ? data.initial : Math.floor(runs.length / 2);
    select(initial);
  }

  // ---- the one-weight stepper ----------------------------------------------
  function stepper(root, data) {
    const {curve, steps} = stepperSteps(data);
    const eta = data.learning_rate;
    need(isNum(eta), 'learning_rate');
    const title = data.title || 'Gradient descent on one weight';
    if (data.title) add(root, el('p', {class: 'nnl-title'}, data.title));
    const plot = add(root, el('div', {class: 'nnl-plot', tabindex: 0, role: 'group',
      'data-nnl-role': 'plot', 'aria-label': 'Cost curve with the current step. ' +
      'Press the Right arrow key for the next step, the Left arrow key for the previous one.'}));
    const W = 400, H = 270;
    let y0 = Math.min.apply(null, curve.cost), y1 = Math.max.apply(null, curve.cost);
    const padY = (y1 - y0) * 0.06 || 0.01;
    y0 -= 2 * padY; y1 += padY;  // more room below: the bottom, its point and tangent lie there
    const yTicks = niceTicks(y0, y1, 5);
    // Room on the left for the longest tick label and the rotated axis label.
    const left = Math.max(62, 36 + 7.6 * Math.max.apply(null, yTicks.map(v => fmtTick(v).length)));
    const f = {x: left, y: 14, w: W - left - 16, h: 206};
    const svg = add(plot, svgPanel(W, H, 'The cost J over ' + data.x_label + ', the current ' +
      'point, its tangent line and an arrow to where the next step lands; the text below ' +
      'gives the numbers.'));
    const sx = linear(curve.w[0], curve.w[curve.w.length - 1], f.x, f.x + f.w);
    const sy = linear(y0, y1, f.y + f.h, f.y);
    drawAxes(add(svg, sv('g', {class: 'nnl-axes'})), f,
      sx, niceTicks(sx.domain[0], sx.domain[1], 6), sy, yTicks, data.x_label, 'cost J');
    const clip = clipRect(svg, f);
    const g = add(svg, sv('g', {'clip-path': clip}));
    add(g, sv('polyline', {class: 'nnl-curve', points: curve.w.map((w, i) =>
      r2(sx(w)) + ',' + r2(sy(curve.cost[i]))).join(' ')}));
    const tangent = add(g, sv('line', {class: 'nnl-tangent'}));
    const trail = add(g, sv('polyline', {class: 'nnl-trail', 'data-nnl-role': 'trail', points: ''}));
    const dots = add(g, sv('g', {class: 'nnl-dots'}));
    const arrow = add(g, sv('line', {class: 'nnl-arrow'}));
    const head = add(g, sv('polygon', {class: 'nnl-arrowhead'}));
    const next = add(g, sv('circle', {class: 'nnl-next', r: 5}));
    const cur = add(g, sv('circle', {class: 'nnl-cost-current', r: 5.5}));

    const legend = add(root, el('div', {class: 'nnl-legend', 'aria-hidden': 'true'}));
    for (const [text, draw] of [
      ['cost curve', s => add(s, sv('line', {class: 'nnl-curve', x1: 1, y1: 8, x2: 23, y2: 8}))],
      ['earlier steps', s => {
        add(s, sv('polyline', {class: 'nnl-trail', points: '4,5 20,11'}));
        const d = add(s, sv('g', {class: 'nnl-dots'}));
        add(d, sv('circle', {cx: 4, cy: 5, r: 3}));
        add(d, sv('circle', {cx: 20, cy: 11, r: 3}));
      }],
      ['current point', s => add(s, sv('circle', {class: 'nnl-cost-current', cx: 12, cy: 8, r: 5}))],
      ['tangent line', s => add(s, sv('line', {class: 'nnl-tangent', x1: 1, y1: 13, x2: 23, y2: 3}))],
      ['next step', s => add(s, sv('circle', {class: 'nnl-next', cx: 12, cy: 8, r: 5}))]]) {
      key(legend, text, draw);
    }
    const buttons = add(root, el('div', {class: 'nnl-buttons'}));
    const prevB = add(buttons, button('prev', 'Previous step'));
    const nextB = add(buttons, button('next', 'Next step'));
    const resetB = add(buttons, button('reset', 'Reset'));
    const readout = add(root, el('p', {class: 'nnl-readout', 'aria-live': 'polite',
      'data-nnl-role': 'readout'}));
    if (data.settings_text) add(root, el('p', {class: 'nnl-settings'}, data.settings_text));

    let k = 0;
    const last = steps.length - 1;
    function go(i) {
      k = Math.max(0, Math.min(last, i));
      const s = steps[k], x = sx(s.w), y = sy(s.cost);
      const past = steps.slice(0, k + 1).map(t => [r2(sx(t.w)), r2(sy(t.cost))]);
      trail.setAttribute('points', pointsOf(past));
      dots.textContent = '';
      for (const p of past.slice(0, k)) add(dots, sv('circle', {cx: p[0], cy: p[1], r: 3}));
      set(cur, {cx: r2(x), cy: r2(y)});
      const move = isNum(s.move) ? s.move : eta * -s.slope, span = (sx.domain[1] - sx.domain[0]) * 0.18;
      const half = Math.max(span, Math.abs(move) * 1.15);
      for (const [a, w] of [['1', s.w - half], ['2', s.w + half]]) {
        tangent.setAttribute('x' + a, r2(sx(w)));
        tangent.setAttribute('y' + a, r2(sy(s.cost + s.slope * (w - s.w))));
      }
      let text = 'Step ' + k + ' of ' + last + (k === 0 ? ' (the start)' : '') + ': w = ' +
        pick(s.w_text, s.w, fmtNum) + ', J = ' + pick(s.cost_text, s.cost, fmtNum) +
        ', slope = ' + pick(s.slope_text, s.slope, fmtNum) + '; ';
      const hasNext = k < last;
      for (const node of [arrow, head, next]) node.style.display = hasNext ? '' : 'none';
      if (hasNext) {
        const n = steps[k + 1], nx = sx(n.w), ny = sy(n.cost);
        set(next, {cx: r2(nx), cy: r2(ny)});
        const len = Math.hypot(nx - x, ny - y) || 1, ux = (nx - x) / len, uy = (ny - y) / len;
        const bx = nx - ux * 6, by = ny - uy * 6, tip = Math.min(9, len * 0.6);
        set(arrow, {x1: r2(x + ux * 6), y1: r2(y + uy * 6), x2: r2(bx - ux * tip), y2: r2(by - uy * tip)});
        const hx = bx - ux * tip, hy = by - uy * tip, px = -uy * tip / 2, py = ux * tip / 2;
        head.setAttribute('points', pointsOf([[bx, by], [hx + px, hy + py], [hx - px, hy - py]].map(
          p => p.map(r2))));
        const mv = typeof s.move_text === 'string' ? s.move_text : (move > 0 ? '+' : '') + fmtNum(move);
        text += 'the next step moves w by ' + mv + ' ' +
          (data.move_words || '(learning rate times minus the slope)') + '.';
      } else {
        text += data.end_text || 'this is the last step of the run.';
      }
      readout.textContent = text;
      set(root, {'data-nnl-step': k, 'data-nnl-shown': k + 1});
      // At either end the button that cannot move says so, and keeps its focus.
      prevB.setAttribute('aria-disabled', String(k === 0));
      nextB.setAttribute('aria-disabled', String(k === last));
    }
    prevB.addEventListener('click', () => go(k - 1));
    nextB.addEventListener('click', () => go(k + 1));
    resetB.addEventListener('click', () => go(0));
    root.addEventListener('keydown', e => {
      const to = {ArrowLeft: k - 1, ArrowRight: k + 1, Home: 0, End: last}[e.key];
      if (to === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      go(to);
    });
    root.setAttribute('aria-label', title);
    go(0);
  }

  // ---- set-up --------------------------------------------------------------
  const KINDS = {explorer: explorer, stepper: stepper};
  function init(scope) {
    for (const root of (scope || document).querySelectorAll('.nnl-widget')) {
      if (root.getAttribute('data-nnl-ready')) continue;
      const source = root.querySelector('script.nnl-data');
      let data;
      try {
        data = JSON.parse(source ? source.textContent : '');
        const kind = data.kind || root.getAttribute('data-nnl-kind');
        need(KINDS[kind], 'unknown kind ' + kind);
        KINDS[kind](root, data);
      } catch (error) {
        console.warn('nnl-widgets: a widget was left out, the static figure stays: ' + error.message);
        for (const child of Array.from(root.childNodes)) if (child !== source) child.remove();
        continue;
      }
      set(root, {role: 'group', 'data-nnl-ready': 'true'});
      root.classList.add('nnl-' + (data.kind || root.getAttribute('data-nnl-kind')));
      root.hidden = false;
      // The widget takes the static figure's place inside that figure, above its
      // caption, so the figure keeps its number and caption on screen; only the
      // picture is hidden (and shows again in print).
      const fallback = data.static_id && document.getElementById(data.static_id);
      if (fallback) {
        const home = root.closest('.cell') || root.parentElement;
        fallback.classList.add('nnl-has-widget');
        fallback.insertBefore(root, fallback.querySelector('figcaption'));
        // The cell the widget came from is empty now: no empty output box.
        if (home && !home.contains(fallback) && !home.textContent.trim() &&
            !home.querySelector('img, svg, canvas')) home.hidden = true;
      }
    }
  }
  // A stand-in picture is hidden on screen, so a lazily loaded one was never
  // fetched; a browser's print does not wait for lazy pictures that are off
  // screen or hidden. Before printing, every lazy picture loads now.
  const loadForPrint = () => document.querySelectorAll('img[loading="lazy"]')
      .forEach(img => { img.loading = 'eager'; });
  window.addEventListener('beforeprint', loadForPrint);
  if (window.matchMedia) {
    const print = window.matchMedia('print');
    if (print.addEventListener) print.addEventListener('change', e => { if (e.matches) loadForPrint(); });
  }
  window.nnlWidgets = {init: init};
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => init());
  else init();
})();

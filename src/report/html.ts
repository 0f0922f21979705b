/**
 * report.html: one self-contained page (no network: the chart library, its CSS and the data are
 * inlined, and a Content-Security-Policy forbids every fetch) with the verdict, the per-property
 * table, the rule coverage matrix, the action and rejection statistics, and for a counterexample
 * its steps with the state after each step and four charts (uPlot, bundled from node_modules at
 * render time): cumulative BLND minted against the 1 BLND/s line, backfill against its maximum,
 * reward-zone size against its maximum, and each involved user's accrued emissions.
 *
 * Every element a test looks for has a `data-testid`; every text is escaped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RULES } from '../../spec/rules.ts';
import { ACTION_RULES } from '../../spec/fields.ts';
import type { ActionName } from '../../model/actions.ts';
import type { RunResult } from '../run.ts';
import type { CheckResult } from '../check/check.ts';
import type { TracePoint } from './trace.ts';
import type { ReportInput } from './write.ts';

const require = createRequire(import.meta.url);

/** The chart library as shipped by its package: minified IIFE (global `uPlot`) and its CSS. */
export function chartLibrary(): { name: string; version: string; license: string; js: string; css: string } {
  const pkg = JSON.parse(readFileSync(require.resolve('uplot/package.json'), 'utf8')) as { version: string; license: string };
  return {
    name: 'uPlot',
    version: pkg.version,
    license: pkg.license,
    js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
}

/** Text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
const e = (x: unknown): string => escapeHtml(String(x));

/** JSON safe inside a <script> element: no `<`, `>` or `&`, nor the JS line separators. */
export function scriptJson(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Script text safe inside a <script> element. */
const scriptText = (js: string): string => js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
/** CSS safe inside a <style> element. */
const styleText = (css: string): string => css.replace(/<\/(style)/gi, '<\\/$1');

const isCheck = (r: RunResult | CheckResult): r is CheckResult => 'implementation' in r;

/** Stroops as BLND with the 7 decimals, e.g. `3599.0000000`. */
export function blnd(stroops: bigint | string): string {
  const x = BigInt(stroops);
  const neg = x < 0n;
  const s = (neg ? -x : x).toString().padStart(8, '0');
  return `${neg ? '-' : ''}${s.slice(0, -7).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${s.slice(-7)}`;
}
const blndNum = (stroops: bigint): number => Number(stroops) / 1e7;

export interface RuleCoverage {
  readonly rule: string;
  readonly statement: string;
  readonly properties: readonly { id: string; checks: number; status: string }[];
  readonly actions: readonly { name: string; accepted: number; rejected: number }[];
  /** Σ checks of the properties covering the rule. */
  readonly checks: number;
  /** Σ calls (accepted and rejected) of the actions subject to the rule. */
  readonly calls: number;
  readonly exercised: boolean;
}

/** Each spec rule against the properties that cover it and the actions subject to it, with the run's counts. */
export function ruleCoverage(res: RunResult): RuleCoverage[] {
  return RULES.map((rule) => {
    const properties = res.properties.filter((p) => p.rules.includes(rule.id)).map((p) => ({ id: p.id, checks: p.checks, status: p.status }));
    const actions = res.actions.filter((a) => (ACTION_RULES[a.name as ActionName] ?? []).includes(rule.id)).map((a) => ({ name: a.name, accepted: a.accepted, rejected: a.rejected }));
    const checks = properties.reduce((n, p) => n + p.checks, 0);
    const calls = actions.reduce((n, a) => n + a.accepted + a.rejected, 0);
    return { rule: rule.id, statement: rule.statement, properties, actions, checks, calls, exercised: checks > 0 || calls > 0 };
  });
}

const CSS = `
:root { --fail: #b3261e; --pass: #1b7f3b; --warn: #8a5a00; --muted: #666; --line: #ddd; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; padding: 16px 24px 48px; max-width: 1400px; color: #1d1d1d; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.verdict { display: inline-block; font-weight: 700; font-size: 20px; padding: 4px 14px; border-radius: 6px; color: #fff; }
.verdict.pass { background: var(--pass); } .verdict.fail { background: var(--fail); } .verdict.fault { background: var(--warn); } .verdict.insufficient { background: var(--warn); }
table { border-collapse: collapse; margin: 6px 0 12px; width: 100%; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.status-failed { color: var(--fail); font-weight: 700; } .status-passed { color: var(--pass); }
.status-not-exercised { color: var(--warn); font-weight: 600; } .status-not-applicable { color: var(--muted); }
tr.rule-unexercised td { background: #ffe3cc; } tr.rule-unexercised td:first-child { border-left: 4px solid var(--warn); }
.marker-unchecked { display: inline-block; border: 1px solid var(--warn); color: var(--warn); font-size: 11px; padding: 0 5px; border-radius: 3px; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.marker-unexercised { display: inline-block; background: var(--warn); color: #fff; font-size: 11px; font-weight: 700; padding: 0 6px; border-radius: 3px; white-space: nowrap; }
.marker-failing { display: inline-block; background: var(--fail); color: #fff; font-size: 11px; font-weight: 700; padding: 0 6px; border-radius: 3px; }
tr.failing-step td { background: #fdecea; }
tr.rejected-step td.outcome { color: var(--warn); }
ul.changes { margin: 0; padding-left: 16px; min-width: 380px; } ul.changes li { overflow-wrap: anywhere; }
td.mono[data-col="call"] { min-width: 260px; overflow-wrap: anywhere; }
.chart { margin: 12px 0 20px; min-height: 300px; }
.chart-caption { color: var(--muted); margin: 0 0 4px; }
.note { color: var(--muted); }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; } dl.summary dt { color: var(--muted); }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; }
`;

/** The inline script: draws the charts from the embedded JSON with the global `uPlot`. */
const CLIENT = String.raw`
(function () {
  var root = document.documentElement;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];
  window.__reportCharts = charts;
  if (!data.charts) { root.setAttribute('data-charts', 'none'); return; }
  if (typeof uPlot === 'undefined') { root.setAttribute('data-charts', 'error: uPlot missing'); return; }
  var c = data.charts;
  // axis numbers: grouped above 1, three significant digits below (accruals can be a few stroops)
  function fmt(v) {
    if (v == null) return '';
    if (v === 0) return '0';
    var a = Math.abs(v);
    return a >= 1 ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(Number(v.toPrecision(3)));
  }
  try {
    c.list.forEach(function (def) {
      var el = document.getElementById(def.id);
      if (!el) return;
      var width = Math.max(360, Math.min(1300, (el.clientWidth || 900) - 4));
      var series = [{ label: 'seconds' }];
      var cols = [c.x];
      def.series.forEach(function (s) {
        series.push({
          label: s.label,
          stroke: s.color,
          width: 2,
          dash: s.dash || undefined,
          paths: s.linear ? undefined : uPlot.paths.stepped({ align: 1 }),
          points: { show: true, size: 6, fill: s.color },
        });
        cols.push(s.values);
      });
      var drawn = 0;
      var u = new uPlot({
        title: def.title,
        width: width,
        height: 300,
        scales: { x: { time: false }, y: { range: function (u, min, max) { var lo = Math.min(0, min), hi = max > lo ? max : lo + 1; return [lo, hi + (hi - lo) * 0.05]; } } },
        axes: [{ label: c.xLabel }, { label: def.yLabel, size: 90, values: function (u, splits) { return splits.map(fmt); } }],
        series: series,
        hooks: { draw: [function () { drawn++; el.setAttribute('data-drawn', String(drawn)); }] },
      }, cols, el);
      charts.push({ id: def.id, width: u.width, height: u.height, data: cols, series: def.series.map(function (s) { return { label: s.label, color: s.color }; }) });
    });
    root.setAttribute('data-charts', 'ready');
  } catch (err) {
    root.setAttribute('data-charts', 'error: ' + (err && err.message));
    throw err;
  }
})();
`;

const COLORS = ['#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#bcbd22', '#7f7f7f', '#393b79'];
const CAP_COLOR = '#d62728';

interface ChartSeries { label: string; color: string; values: number[]; dash?: number[]; linear?: boolean }
interface ChartDef { id: string; title: string; yLabel: string; series: ChartSeries[] }

/** The chart data of a trace: x = seconds since the emission clock started; amounts in BLND. */
export function chartData(trace: readonly TracePoint[]): { x: number[]; xLabel: string; list: ChartDef[] } {
  const x = trace.map((p) => Number(p.elapsed));
  const first = trace[0]!;
  const backstops = Object.keys(first.backfill);
  const users = Object.keys(first.accrued);
  const color = (i: number): string => COLORS[i % COLORS.length]!;
  const list: ChartDef[] = [
    {
      id: 'chart-emitted',
      title: 'Cumulative BLND minted by emitter.distribute against 1 BLND per second',
      yLabel: 'BLND',
      series: [
        { label: 'minted by distribute (BLND)', color: color(0), values: trace.map((p) => blndNum(p.emitted)) },
        { label: '1 BLND/s since the clock started (BLND)', color: CAP_COLOR, dash: [8, 5], linear: true, values: trace.map((p) => blndNum(p.emissionLine)) },
      ],
    },
    {
      id: 'chart-backfill',
      title: first.backfillMax === null ? 'Backfilled emissions (this profile has no backfill)' : `Backfilled emissions against the ${blnd(first.backfillMax).replace(/\.0+$/, '')} BLND maximum`,
      yLabel: 'BLND',
      series: [
        ...backstops.map((b, i) => ({ label: `backfill of ${b} (BLND)`, color: color(i + 1), values: trace.map((p) => blndNum(p.backfill[b] ?? 0n)) })),
        ...(first.backfillMax === null ? [] : [{ label: 'maximum (BLND)', color: CAP_COLOR, dash: [8, 5], values: trace.map((p) => blndNum(p.backfillMax ?? 0n)) }]),
      ],
    },
    {
      id: 'chart-rewardzone',
      title: 'Reward-zone size against the profile\'s maximum',
      yLabel: 'pools',
      series: [
        ...backstops.map((b, i) => ({ label: `reward zone of ${b}`, color: color(i + 1), values: trace.map((p) => p.rewardZone[b] ?? 0) })),
        { label: 'maximum', color: CAP_COLOR, dash: [8, 5], values: trace.map((p) => p.rewardZoneMax) },
      ],
    },
  ];
  if (users.length > 0) {
    const series: ChartSeries[] = [];
    users.forEach((u, i) => {
      series.push({ label: `${u} backstop emissions (BLND)`, color: color(i), values: trace.map((p) => blndNum(p.accrued[u]?.backstop ?? 0n)) });
      if (trace.some((p) => (p.accrued[u]?.pool ?? 0n) !== 0n)) series.push({ label: `${u} pool emissions (BLND)`, color: color(i + users.length), dash: [3, 3], values: trace.map((p) => blndNum(p.accrued[u]?.pool ?? 0n)) });
    });
    list.push({ id: 'chart-accrued', title: 'Accrued, unclaimed emissions of each involved user', yLabel: 'BLND', series });
  }
  return { x, xLabel: 'seconds since the emission clock started', list };
}

const statusClass = (s: string): string => `status-${s.replace(/\s+/g, '-')}`;

function summarySection(r: ReportInput): string {
  const res = r.result;
  const world = 'snapshot' in res.world ? `snapshot ${res.world.snapshot}` : `${res.world.users} users, ${res.world.pools} pools, start ${res.world.start}`;
  const rows: [string, string][] = [
    ['profile', res.profile],
    ['seed', String(res.seed)],
    ['runs', `${res.runs} of up to ${res.steps} steps`],
    ['steps run', String(res.totalSteps)],
    ['duration', `${Math.round(res.durationMs)} ms`],
    ['world', world],
  ];
  if (isCheck(res)) {
    rows.push(['implementation', `${res.implementation.name} ${res.implementation.version} (claims profile ${res.implementation.profile})`]);
    if (res.skippedActions.length > 0) rows.push(['not generated', res.skippedActions.join(', ')]);
    if (res.corpus.replayed > 0) rows.push(['corpus', `replayed ${res.corpus.replayed} sequence(s) first${res.corpus.failedFile ? `; ${res.corpus.failedFile} failed` : ''}`]);
  }
  // PASS, FAIL, FAULT or INSUFFICIENT (nothing failed, not everything exercised: not a pass)
  const label = res.verdict.toUpperCase();
  if (res.verdict === 'insufficient') rows.unshift(['insufficient', `not a pass: ${res.exercise?.shortfalls.length ?? 0} below the minimum-exercise rule (${(res.exercise?.shortfalls ?? []).map((s) => s.name).join(', ')})`]);
  if (res.fault && !isCheck(res)) rows.unshift(['fault', `${res.fault.kind}: ${res.fault.message}`]);
  // set when a signal stopped the run early (the figures then cover what ran until then)
  const stopped = (res as { interrupted?: { signal: string; runsCompleted: number } }).interrupted;
  if (stopped) rows.unshift(['incomplete', `interrupted by ${stopped.signal} after ${stopped.runsCompleted} of ${res.runs} runs; the figures cover what ran until then`]);
  return `<section id="summary">
<h1>Blend emissions harness ${isCheck(res) ? 'check' : 'run'}: <span id="verdict" data-testid="verdict" class="verdict ${e(res.verdict)}">${label}</span>${stopped ? ' <span class="verdict fault" data-testid="incomplete">INCOMPLETE</span>' : ''}</h1>
<dl class="summary" data-testid="summary">${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd data-field="${e(k)}">${e(v)}</dd>`).join('')}</dl>
</section>`;
}

function checkSection(res: CheckResult): string {
  const out: string[] = [];
  if (res.fault) out.push(`<h2>${res.fault.kind === 'harness' ? 'Harness fault' : 'Implementation fault'}: ${e(res.fault.kind)}</h2><p data-testid="fault">${e(res.fault.message)}</p>`);
  const f = res.finding;
  if (f) {
    const what = f.kind === 'state' ? f.field : f.kind === 'invariant' ? f.property : 'reply';
    const [m, i] = f.kind === 'invariant' ? ['holds', f.message] : [f.model, f.impl];
    out.push(`<h2>First divergence</h2><table data-testid="finding"><thead><tr><th>step</th><th>call</th><th>check</th><th>field or property</th><th>model</th><th>implementation</th><th>rules</th></tr></thead>
<tbody><tr><td class="num">${f.step < 0 ? 'genesis' : f.step + 1}</td><td class="mono">${e(f.call)}</td><td>${e(f.kind)}</td><td class="mono">${e(what)}</td><td class="mono">${e(m)}</td><td class="mono">${e(i)}</td><td>${e(f.rules.join(', '))}</td></tr></tbody></table>`);
  }
  return out.join('\n');
}

const SHOWN_CHANGES = 6;

/** The changes of a step: the first few, the rest folded. */
function changeList(p: TracePoint): string {
  const li = (c: TracePoint['changes'][number]): string => `<li class="mono">${e(c.path)}: ${e(c.before)} &rarr; ${e(c.after)}</li>`;
  const more = p.moreChanges > 0 ? `<li class="note">and ${p.moreChanges} more not listed</li>` : '';
  const head = p.changes.slice(0, SHOWN_CHANGES);
  const rest = p.changes.slice(SHOWN_CHANGES);
  const folded = rest.length + p.moreChanges === 0 ? '' : `<details><summary>${rest.length + p.moreChanges} more</summary><ul class="changes">${rest.map(li).join('')}${more}</ul></details>`;
  return `<ul class="changes" data-count="${p.changes.length + p.moreChanges}">${head.map(li).join('')}</ul>${folded}`;
}

function stepsTable(trace: readonly TracePoint[], failingStep: number): string {
  const first = trace[0]!;
  const backstops = Object.keys(first.backfill);
  const users = Object.keys(first.accrued);
  const head = `<tr><th class="num">step</th><th>call</th><th>outcome</th><th class="num">time (s)</th><th class="num">elapsed (s)</th><th class="num">minted by distribute (BLND)</th><th class="num">1 BLND/s line (BLND)</th>${backstops
    .map((b) => `<th class="num">backfill ${e(b)} (BLND)</th><th class="num">reward zone ${e(b)}</th>`)
    .join('')}<th class="num">reward-zone max</th>${users.map((u) => `<th class="num">${e(u)} accrued backstop / pool (BLND)</th>`).join('')}<th>what changed</th></tr>`;
  const rows = trace.map((p) => {
    const failing = p.step === failingStep + 1;
    const rejected = p.outcome.startsWith('rejected') || p.outcome.startsWith('panic');
    const cls = [failing ? 'failing-step' : '', rejected ? 'rejected-step' : ''].filter(Boolean).join(' ');
    const changes =
      p.step === 0
        ? '<span class="note">the world before the first step</span>'
        : p.changes.length === 0
          ? '<span class="note">nothing</span>'
          : changeList(p);
    return `<tr data-testid="trace-row" data-step="${p.step}"${cls ? ` class="${cls}"` : ''}>
<td class="num">${p.step === 0 ? 'start' : p.step}${failing ? ' <span class="marker-failing">broke here</span>' : ''}</td><td class="mono" data-col="call">${e(p.call ?? '')}</td><td class="outcome mono" data-col="outcome">${e(p.outcome)}</td>
<td class="num" data-col="time">${e(p.time)}</td><td class="num" data-col="elapsed">${e(p.elapsed)}</td><td class="num" data-col="emitted" data-stroops="${e(p.emitted)}">${blnd(p.emitted)}</td><td class="num" data-col="line" data-stroops="${e(p.emissionLine)}">${blnd(p.emissionLine)}</td>
${backstops.map((b) => `<td class="num" data-col="backfill" data-backstop="${e(b)}" data-stroops="${e(p.backfill[b] ?? 0n)}">${blnd(p.backfill[b] ?? 0n)}</td><td class="num" data-col="rz" data-backstop="${e(b)}">${e(p.rewardZone[b] ?? 0)}</td>`).join('')}<td class="num" data-col="rz-max">${e(p.rewardZoneMax)}</td>
${users.map((u) => `<td class="num" data-col="accrued" data-user="${e(u)}" data-backstop-stroops="${e(p.accrued[u]?.backstop ?? 0n)}" data-pool-stroops="${e(p.accrued[u]?.pool ?? 0n)}">${blnd(p.accrued[u]?.backstop ?? 0n)} / ${blnd(p.accrued[u]?.pool ?? 0n)}</td>`).join('')}
<td data-col="changes">${changes}</td></tr>`;
  });
  return `<table id="trace" data-testid="trace-table"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function counterexampleSection(r: ReportInput): string {
  const res = r.result;
  const c = res.counterexample;
  if (c === undefined) {
    const why = res.verdict === 'fault' ? 'The check faulted before a counterexample could be found: nothing to chart.' : res.verdict === 'insufficient' ? 'No counterexample: no property failed, but not every applicable property was exercised (not a pass); there are no steps to chart.' : 'No counterexample: every property held on every step, so there are no steps to chart.';
    return `<section id="counterexample"><h2>Counterexample</h2><p data-testid="no-counterexample">${e(why)}</p></section>`;
  }
  const out: string[] = [`<section id="counterexample"><h2>Counterexample: <span data-testid="counterexample-property">${e(c.property)}</span></h2>`];
  out.push(`<p data-testid="counterexample-message">${e(c.message)}</p>`);
  out.push(`<dl class="summary"><dt>seed</dt><dd>${e(c.seed)}</dd><dt>path</dt><dd class="mono">${e(c.path || '(none)')}</dd><dt>shrunk steps</dt><dd data-testid="counterexample-steps">${c.steps.length}</dd><dt>replay</dt><dd><code>${e(r.replay)}</code></dd>${r.corpusFile ? `<dt>corpus</dt><dd class="mono">${e(r.corpusFile)}</dd>` : ''}</dl>`);
  out.push(`<h3>Shrunk steps</h3><ol class="mono" data-testid="shrunk-steps">${c.steps.map((s) => `<li>${e(s)}</li>`).join('')}</ol>`);
  const trace = c.trace;
  if (trace === undefined || trace.length === 0) {
    out.push('<p class="note" data-testid="no-trace">This report holds no per-step trace of the counterexample (its steps could not be replayed), so there are no charts.</p></section>');
    return out.join('\n');
  }
  const whose = isCheck(res) ? 'the reference model, replaying the steps sent to the implementation' : 'the implementation the run checked, replaying the shrunk steps';
  out.push(`<h3>State after each step</h3><p class="note">As computed by ${e(whose)}. Accrued emissions are what a claim would pay at that time; amounts in BLND with 7 decimals.</p>`);
  out.push(stepsTable(trace, c.failingStep));
  const charts = chartData(trace);
  out.push('<h3>Charts</h3>');
  const captions: Record<string, string> = {
    'chart-emitted': 'BLND minted by emitter.distribute (drops excluded), cumulative, against the most the emitter may mint: 1 BLND per second since the emission clock started.',
    'chart-backfill': 'Each backstop\'s backfilled emissions against the profile\'s maximum.',
    'chart-rewardzone': 'Each backstop\'s reward-zone length against the profile\'s maximum at that time.',
    'chart-accrued': 'Each involved user\'s accrued, unclaimed emissions: from the backstop (all pools) and from pools (all reserves).',
  };
  for (const def of charts.list) {
    out.push(`<figure class="chart-figure"><figcaption class="chart-caption">${e(captions[def.id] ?? '')}</figcaption><div class="chart" id="${e(def.id)}" data-testid="${e(def.id)}"></div></figure>`);
  }
  if (!charts.list.some((d) => d.id === 'chart-accrued')) out.push('<p class="note" data-testid="chart-accrued-none">No user acts in this counterexample: there are no accrued emissions to chart.</p>');
  out.push('</section>');
  return out.join('\n');
}

function propertiesSection(res: RunResult | CheckResult): string {
  const impl = isCheck(res) ? new Map(res.implChecks.map((c) => [c.id, c.checks])) : undefined;
  const rows = res.properties.map(
    (p) =>
      `<tr data-testid="property-row" data-property="${e(p.id)}"><td class="mono" data-col="id">${e(p.id)}</td><td class="${statusClass(p.status)}" data-col="status">${e(p.status)}</td><td class="num" data-col="checks">${p.checks}</td>${
        impl ? `<td class="num" data-col="impl-checks">${impl.get(p.id) ?? 0}</td>` : ''
      }<td class="mono" data-col="rules">${e(p.rules.join(', '))}</td><td data-col="claim">${e(p.claim)}</td></tr>`,
  );
  return `<section id="properties"><h2>Properties</h2><table data-testid="properties-table"><thead><tr><th>property</th><th>status</th><th class="num">${impl ? 'checks on the model' : 'checks'}</th>${impl ? '<th class="num">checks on the implementation</th>' : ''}<th>rules</th><th>claim</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></section>`;
}

function coverageSection(res: RunResult): string {
  const cov = ruleCoverage(res);
  const never = cov.filter((c) => !c.exercised);
  const unchecked = cov.filter((c) => c.exercised && c.checks === 0);
  const rows = cov.map((c) => {
    const props = c.properties.length === 0 ? '<span class="note">none</span>' : c.properties.map((p) => `<span class="nowrap"><span class="mono ${statusClass(p.status)}">${e(p.id)}</span>&nbsp;${p.checks}</span>`).join('<br>');
    const acts = c.actions.length === 0 ? '<span class="note">none</span>' : c.actions.map((a) => `<span class="nowrap"><span class="mono">${e(a.name)}</span>&nbsp;${a.accepted}&nbsp;/&nbsp;${a.rejected}</span>`).join('<br>');
    const cls = !c.exercised ? 'rule-unexercised' : c.checks === 0 ? 'rule-unchecked' : 'rule-exercised';
    const marker = !c.exercised
      ? ' <span class="marker-unexercised" data-testid="never-exercised">NEVER EXERCISED</span>'
      : c.checks === 0
        ? ' <span class="marker-unchecked" data-testid="not-checked">no property checks it</span>'
        : '';
    return `<tr data-testid="rule-row" data-rule="${e(c.rule)}" class="${cls}"><td class="mono" data-col="rule">${e(c.rule)}${marker}</td><td data-col="statement">${e(c.statement)}</td><td data-col="properties">${props}</td><td class="num" data-col="checks">${c.checks}</td><td data-col="actions">${acts}</td><td class="num" data-col="calls">${c.calls}</td></tr>`;
  });
  return `<section id="coverage"><h2>Rule coverage</h2>
<p>Each rule of spec/rules.ts against the properties that cover it (with their checks in this run) and the actions subject to it (spec/fields.ts, accepted / rejected calls). A rule is exercised when a property covering it was checked or an action subject to it was called. <strong data-testid="never-exercised-count">${never.length}</strong> of ${cov.length} rules were never exercised${never.length ? `: <span class="mono">${e(never.map((c) => c.rule).join(', '))}</span>` : ''}; ${unchecked.length} were called but checked by no property${unchecked.length ? `: <span class="mono">${e(unchecked.map((c) => c.rule).join(', '))}</span>` : ''}.</p>
<table data-testid="coverage-table"><thead><tr><th>rule</th><th>statement</th><th>properties (checks)</th><th class="num">checks</th><th>actions (accepted / rejected)</th><th class="num">calls</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></section>`;
}

function statsSection(res: RunResult): string {
  const actions = res.actions.map((a) => `<tr data-testid="action-row" data-action="${e(a.name)}"><td class="mono" data-col="name">${e(a.name)}</td><td class="num" data-col="accepted">${a.accepted}</td><td class="num" data-col="rejected">${a.rejected}</td><td class="num" data-col="total">${a.accepted + a.rejected}</td></tr>`);
  const rejections = res.rejections.map((x) => `<tr data-testid="rejection-row" data-key="${e(x.key)}"><td class="mono" data-col="key">${e(x.key)}</td><td class="num" data-col="count">${x.count}</td></tr>`);
  return `<section id="actions"><h2>Actions</h2><table data-testid="actions-table"><thead><tr><th>action</th><th class="num">accepted</th><th class="num">rejected</th><th class="num">total</th></tr></thead><tbody>${actions.join('\n')}</tbody></table></section>
<section id="rejections"><h2>Rejections</h2>${rejections.length === 0 ? '<p class="note">No call was rejected.</p>' : `<table data-testid="rejections-table"><thead><tr><th>action &rarr; error</th><th class="num">count</th></tr></thead><tbody>${rejections.join('\n')}</tbody></table>`}</section>`;
}

function snapshotSection(r: ReportInput): string {
  const s = r.snapshot;
  if (s === undefined) return '';
  const rz = s.rewardZone.map((p) => `<tr><td class="mono">${e(p.pool)}</td><td class="num">${e(p.tokens)}</td><td class="num">${e(p.nonQueuedTokens)}</td><td class="num">${e(p.shares)}</td><td class="num">${e(p.q4w)}</td><td class="num">${e(p.eps)}</td><td class="num">${e(p.expiration)}</td></tr>`);
  const cl = s.claimable.map((c) => `<tr><td class="mono">${e(c.user)}</td><td class="mono">${e(c.pool)}</td><td class="num">${e(c.stroops)}</td></tr>`);
  return `<section id="snapshot"><h2>Loaded state (ledger ${e(s.ledger)}, timestamp ${e(s.timestamp)})</h2><p>emitter <code>${e(s.emitter)}</code>, backstop <code>${e(s.backstop)}</code>, ${e(s.users)} users</p>
<table><thead><tr><th>reward-zone pool</th><th class="num">tokens</th><th class="num">non-queued tokens</th><th class="num">shares</th><th class="num">q4w</th><th class="num">eps</th><th class="num">expiration</th></tr></thead><tbody>${rz.join('')}</tbody></table>
<table><thead><tr><th>user</th><th>pool</th><th class="num">claimable backstop emissions (stroops)</th></tr></thead><tbody>${cl.join('')}</tbody></table></section>`;
}

/** The whole page. */
export function renderHtml(r: ReportInput): string {
  const res = r.result;
  const lib = chartLibrary();
  const trace = res.counterexample?.trace;
  const hasTrace = trace !== undefined && trace.length > 0;
  const data = {
    verdict: res.verdict,
    profile: res.profile,
    charts: hasTrace ? chartData(trace) : null,
  };
  const title = `Blend emissions harness: ${res.verdict.toUpperCase()} (${res.profile}, seed ${res.seed})`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="blend-emissions-harness">
<title>${e(title)}</title>
<style>${styleText(lib.css)}</style>
<style>${styleText(CSS)}</style>
</head>
<body>
${summarySection(r)}
${isCheck(res) ? checkSection(res) : ''}
${counterexampleSection(r)}
${propertiesSection(res)}
${coverageSection(res)}
${statsSection(res)}
${snapshotSection(r)}
<footer class="note"><p>Self-contained: charts by ${e(lib.name)} ${e(lib.version)} (${e(lib.license)} licence), inlined with the data; nothing is loaded from the network.</p></footer>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script data-lib="${e(lib.name)} ${e(lib.version)}">${scriptText(lib.js)}</script>
<script>${scriptText(CLIENT)}</script>
</body>
</html>
`;
}

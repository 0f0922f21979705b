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
import { CATALOGUE_PATH, ruleAnchor, RULES } from '../../spec/rules.ts';
import { ACTION_RULES } from '../../spec/fields.ts';
import type { ActionName } from '../../model/actions.ts';
import type { RunResult } from '../run.ts';
import type { CheckResult } from '../check/check.ts';
import type { TraceChange, TracePoint } from './trace.ts';
import { rawTitle, sevenDecimals, showField, showOutcome } from './units.ts';
import type { ReportInput } from './input.ts';
import { ruleReach } from '../exercise.ts';
import { cutShort, cutShortText, firstSeenText, inProgressText, shrinkText } from './timing.ts';
import { provenanceRows } from './provenance.ts';
import { baselineRows } from '../check/baseline.ts';

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
export const styleText = (css: string): string => css.replace(/<\/(style)/gi, '<\\/$1');

const isCheck = (r: RunResult | CheckResult): r is CheckResult => 'implementation' in r;

/** Stroops as BLND with the 7 decimals, e.g. `3599.0000000`. */
export function blnd(stroops: bigint | string): string {
  return sevenDecimals(stroops);
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
    const properties = res.properties
      .filter((p) => p.rules.includes(rule.id))
      .map((p) => ({ id: p.id, checks: p.checks, status: p.status }));
    const actions = res.actions
      .filter((a) => (ACTION_RULES[a.name as ActionName] ?? []).includes(rule.id))
      .map((a) => ({ name: a.name, accepted: a.accepted, rejected: a.rejected }));
    const checks = properties.reduce((n, p) => n + p.checks, 0);
    const calls = actions.reduce((n, a) => n + a.accepted + a.rejected, 0);
    return { rule: rule.id, statement: rule.statement, properties, actions, checks, calls, exercised: checks > 0 || calls > 0 };
  });
}

/** The page's own CSS (report.html; scenario.html shares it: src/report/scenario-html.ts). */
export const CSS = `
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
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; } td.num { white-space: nowrap; }
.status-failed { color: var(--fail); font-weight: 700; } .status-passed { color: var(--pass); }
.status-not-exercised { color: var(--warn); font-weight: 600; } .status-not-applicable { color: var(--muted); }
.reach-checked { color: var(--pass); } .reach-not-reached { color: var(--fail); font-weight: 700; } .reach-gap { color: var(--warn); } .reach-lockstep-only, .reach-not-applicable { color: var(--muted); }
.status-known-defect { color: var(--warn); font-weight: 700; }
tr.rule-unexercised td { background: #ffe3cc; } tr.rule-unexercised td:first-child { border-left: 4px solid var(--warn); }
.marker-unchecked { display: inline-block; border: 1px solid var(--warn); color: var(--warn); font-size: 11px; padding: 0 5px; border-radius: 3px; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.marker-unexercised { display: inline-block; background: var(--warn); color: #fff; font-size: 11px; font-weight: 700; padding: 0 6px; border-radius: 3px; white-space: nowrap; }
.marker-failing { display: inline-block; background: var(--fail); color: #fff; font-size: 11px; font-weight: 700; padding: 0 6px; border-radius: 3px; }
tr.failing-step td { background: #fdecea; }
tr.rejected-step td.outcome { color: var(--warn); }
ul.changes { margin: 0; padding-left: 16px; } ul.changes li { overflow-wrap: anywhere; }
td.num.step { white-space: normal; }
#trace { font-size: 13px; }
tr.changes-row td { background: #fcfcfc; border-top: none; padding: 2px 6px 6px 24px; }
tr.changes-row.failing-step td { background: #fdf3f2; }
.changes-grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 4px 24px; max-width: 1300px; }
.changes-grid.two { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
.changes-title { color: var(--muted); font-size: 12px; }
.impl-differs ul.changes li { color: var(--fail); }
.vs { color: var(--muted); font-size: 11px; }
td.mono[data-col="call"] { min-width: 170px; overflow-wrap: anywhere; }
td.outcome { min-width: 120px; }
#trace td.mono:not(.outcome), [data-testid="finding"] td.mono { overflow-wrap: anywhere; } td.outcome { overflow-wrap: normal; }
td[data-col="id"], td[data-col="status"], td[data-col="rule"] { white-space: nowrap; }
.table-wrap { max-width: 100%; overflow-x: auto; margin: 6px 0 12px; }
.table-wrap > table { margin: 0; }
td.differs, .differs.legend { background: #ffd2cc !important; box-shadow: inset 0 0 0 2px var(--fail); font-weight: 700; }
.differs.legend { padding: 0 4px; }
tr.impl-row td { background: #f3f6fb; border-top-style: dashed; }
tr.impl-row.failing-step td { background: #f9e0dd; }
td.side { font-size: 11px; color: var(--muted); white-space: nowrap; }
pre.replay, pre.replay-alt { margin: 2px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.replay { background: #eef4ea; border-left: 3px solid var(--pass); font-weight: 600; }
dl.summary dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
code { overflow-wrap: anywhere; }
.flat-chart { border: 1px dashed var(--line); padding: 10px 12px; background: #fafafa; }
.chart { margin: 12px 0 20px; min-height: 300px; max-width: 100%; overflow: hidden; }
.chart-caption { color: var(--muted); margin: 0 0 4px; }
.note { color: var(--muted); }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; } dl.summary dt { color: var(--muted); }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; max-width: 100%; }
ol.mono li { overflow-wrap: anywhere; }
`;

/** The inline script: draws the charts from the embedded JSON with the global `uPlot`. */
const CLIENT = String.raw`
(function () {
  var root = document.documentElement;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];
  var plots = [];
  window.__reportCharts = charts;
  if (!data.charts) { root.setAttribute('data-charts', 'none'); return; }
  if (typeof uPlot === 'undefined') { root.setAttribute('data-charts', 'error: uPlot missing'); return; }
  var c = data.charts;
  var BLND_INCRS = [], COUNT_INCRS = [];
  for (var ex = -7; ex <= 15; ex++) [1, 2, 5].forEach(function (m) { var v = Number((m * Math.pow(10, ex)).toPrecision(1)); BLND_INCRS.push(v); if (ex >= 0) COUNT_INCRS.push(v); });
  // axis numbers: as many decimals as the step between ticks needs (at most 7, a stroop), grouped
  function fmt(v, dec) {
    if (v == null) return '';
    return v.toLocaleString('en-US', { minimumFractionDigits: dec, maximumFractionDigits: dec });
  }
  function decimalsOf(splits) {
    var step = splits.length > 1 ? Math.abs(splits[1] - splits[0]) : 1;
    if (!(step > 0)) return 0;
    return Math.min(7, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
  }
  // the y range: the drawn series' min..max with a margin, not from 0 (a small change on a large value shows)
  function yRange(u, min, max) {
    if (min == null || max == null) return [0, 1];
    var span = max - min;
    var pad = span > 0 ? span * 0.08 : Math.max(Math.abs(max) * 0.01, 1e-7);
    var lo = min - pad, hi = max + pad;
    if (min >= 0 && lo < 0) lo = 0;
    return [lo, hi];
  }
  try {
    c.list.forEach(function (def) {
      var el = document.getElementById(def.id);
      if (!el || def.flat) return;
      var width = Math.max(360, Math.min(1300, (el.clientWidth || 900) - 4));
      var series = [{ label: 'step' }];
      var cols = [c.x];
      def.series.forEach(function (s) {
        series.push({
          label: s.label,
          stroke: s.color,
          width: 2,
          dash: s.dash || undefined,
          paths: s.linear ? undefined : uPlot.paths.stepped({ align: 1 }),
          points: { show: true, size: s.impl ? 9 : 6, fill: s.color },
          spanGaps: false,
        });
        cols.push(s.values);
      });
      var drawn = 0;
      var u = new uPlot({
        title: def.title,
        width: width,
        height: 300,
        scales: { x: { time: false, range: function (u, min, max) { return [min - 0.3, max + 0.3]; } }, y: { range: yRange } },
        axes: [
          { label: c.xLabel, incrs: COUNT_INCRS, values: function (u, splits) { return splits.map(function (v) { return fmt(v, 0); }); } },
          {
            label: def.yLabel,
            // ticks at whole stroops (BLND) or whole pools at the finest
            incrs: def.yLabel === 'pools' ? COUNT_INCRS : BLND_INCRS,
            size: function (u, values) { var n = 0; (values || []).forEach(function (v) { n = Math.max(n, String(v).length); }); return Math.max(60, 16 + n * 7.5); },
            values: function (u, splits) { var d = decimalsOf(splits); return splits.map(function (v) { return fmt(v, d); }); },
          },
        ],
        series: series,
        hooks: { draw: [function (u) { drawn++; el.setAttribute('data-drawn', String(drawn)); el.setAttribute('data-y-min', String(u.scales.y.min)); el.setAttribute('data-y-max', String(u.scales.y.max)); }] },
      }, cols, el);
      plots.push({ u: u, el: el });
      charts.push({ id: def.id, width: u.width, height: u.height, data: cols, series: def.series.map(function (s) { return { label: s.label, color: s.color }; }) });
    });
    // the charts follow the window's width
    var resizing = 0;
    window.addEventListener('resize', function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () {
        plots.forEach(function (p) { p.u.setSize({ width: Math.max(360, Math.min(1300, (p.el.clientWidth || 900) - 4)), height: 300 }); });
      }, 50);
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

/**
 * A drawn series: its values in the chart's unit (BLND as a float, for drawing only; pools as
 * counts; null where not known). `impl`: the implementation's values (a `check`), drawn where they
 * differ from the model's somewhere; `compared`: a model series drawn (though it may not change)
 * because its implementation series is.
 */
interface ChartSeries {
  label: string;
  color: string;
  values: (number | null)[];
  dash?: number[];
  linear?: boolean;
  impl?: boolean;
  compared?: boolean;
}
/** A series left out because it never changes: its label and its one value, exact (BLND with 7 decimals, or a count). */
interface ConstantSeries {
  label: string;
  value: string;
}
/**
 * One chart: the series that change (drawn, the y axis scaled to their range) and those that never
 * change (named with their value instead of a flat line). `flat` when nothing in it changes: no
 * chart is drawn, the page says so.
 */
interface ChartDef {
  id: string;
  title: string;
  yLabel: string;
  series: ChartSeries[];
  constant: ConstantSeries[];
  flat: boolean;
}

/**
 * A series before the split: exact values (stroops, or counts) and how to show one; `impl` the
 * implementation's values at the same points (null where its state was not read), for a `check`.
 */
interface RawSeries {
  label: string;
  color: string;
  raw: readonly bigint[];
  impl?: readonly (bigint | null)[];
  unit: 'BLND' | 'pools';
  dash?: number[];
  linear?: boolean;
}

const IMPL_COLOR = '#e6550d';

function chartOf(id: string, title: string, yLabel: string, all: readonly RawSeries[]): ChartDef {
  const series: ChartSeries[] = [];
  const constant: ConstantSeries[] = [];
  const num = (r: RawSeries, v: bigint): number => (r.unit === 'BLND' ? blndNum(v) : Number(v));
  for (const r of all) {
    const differs = r.impl?.some((v, i) => v !== null && v !== r.raw[i]);
    if (!differs && r.raw.every((v) => v === r.raw[0])) {
      const v = r.raw[0] ?? 0n;
      constant.push({ label: r.label, value: r.unit === 'BLND' ? `${blnd(v)} BLND` : `${v} pools` });
      continue;
    }
    series.push({
      label: r.label,
      color: r.color,
      values: r.raw.map((v) => num(r, v)),
      ...(r.dash ? { dash: r.dash } : {}),
      ...(r.linear ? { linear: true } : {}),
      ...(differs ? { compared: true } : {}),
    });
    if (differs)
      series.push({
        label: `${r.label.replace(/ \((BLND)\)$/, '')}, implementation${r.unit === 'BLND' ? ' (BLND)' : ''}`,
        color: IMPL_COLOR,
        dash: [4, 3],
        values: r.impl!.map((v) => (v === null ? null : num(r, v))),
        impl: true,
      });
  }
  return { id, title, yLabel, series, constant, flat: series.length === 0 };
}

/**
 * The chart data of a trace: x = the step number (0 the start); amounts in BLND (as
 * floats, for drawing; the tables hold the exact values), reward zones in pools. Each chart draws
 * only the series that change; one that never changes is listed in `constant` with its exact value.
 * In a `check` trace, where the implementation's figures differ from the model's at some step, its
 * series is drawn beside the model's (null where its state was not read).
 */
export function chartData(trace: readonly TracePoint[]): { x: number[]; xLabel: string; list: ChartDef[] } {
  // x: the step (the trace table's rows), not the time: steps in the same second stay apart
  const x = trace.map((p) => p.step);
  const first = trace[0]!;
  const backstops = Object.keys(first.backfill);
  const users = Object.keys(first.accrued);
  const color = (i: number): string => COLORS[i % COLORS.length]!;
  const checked = trace.some((p) => p.impl !== undefined);
  // the implementation's value at each point: its own where read, the model's where its state was the model's text
  const implOf = (
    model: (p: TracePoint) => bigint,
    own: (q: NonNullable<TracePoint['impl']>) => bigint | undefined,
  ): (bigint | null)[] | undefined =>
    checked
      ? trace.map((p) => (p.impl?.source === 'read' ? (own(p.impl) ?? null) : p.impl?.source === 'equal' ? model(p) : null))
      : undefined;
  const emitted = (p: TracePoint): bigint => p.emitted;
  const backfill =
    (b: string) =>
    (p: TracePoint): bigint =>
      p.backfill[b] ?? 0n;
  const rz =
    (b: string) =>
    (p: TracePoint): bigint =>
      BigInt(p.rewardZone[b] ?? 0);
  const accB =
    (u: string) =>
    (p: TracePoint): bigint =>
      p.accrued[u]?.backstop ?? 0n;
  const accP =
    (u: string) =>
    (p: TracePoint): bigint =>
      p.accrued[u]?.pool ?? 0n;
  const list: ChartDef[] = [
    chartOf('chart-emitted', 'Cumulative BLND minted by emitter.distribute against 1 BLND per second', 'BLND', [
      {
        label: 'minted by distribute (BLND)',
        color: color(0),
        unit: 'BLND',
        raw: trace.map(emitted),
        impl: implOf(emitted, (q) => q.emitted),
      },
      {
        label: '1 BLND/s since the clock started (BLND)',
        color: CAP_COLOR,
        dash: [8, 5],
        unit: 'BLND',
        raw: trace.map((p) => p.emissionLine),
      },
    ]),
    chartOf(
      'chart-backfill',
      first.backfillMax === null
        ? 'Backfilled emissions (this profile has no backfill)'
        : `Backfilled emissions against the ${blnd(first.backfillMax).replace(/\.0+$/, '')} BLND maximum`,
      'BLND',
      [
        ...backstops.map(
          (b, i): RawSeries => ({
            label: `backfill of ${b} (BLND)`,
            color: color(i + 1),
            unit: 'BLND',
            raw: trace.map(backfill(b)),
            impl: implOf(backfill(b), (q) => q.backfill?.[b]),
          }),
        ),
        ...(first.backfillMax === null
          ? []
          : [
              {
                label: 'maximum (BLND)',
                color: CAP_COLOR,
                dash: [8, 5],
                unit: 'BLND' as const,
                raw: trace.map((p) => p.backfillMax ?? 0n),
              },
            ]),
      ],
    ),
    chartOf('chart-rewardzone', "Reward-zone size against the profile's maximum", 'pools', [
      ...backstops.map(
        (b, i): RawSeries => ({
          label: `reward zone of ${b}`,
          color: color(i + 1),
          unit: 'pools',
          raw: trace.map(rz(b)),
          impl: implOf(rz(b), (q) => (q.rewardZone?.[b] === undefined ? undefined : BigInt(q.rewardZone[b]!))),
        }),
      ),
      { label: 'maximum', color: CAP_COLOR, dash: [8, 5], unit: 'pools', raw: trace.map((p) => BigInt(p.rewardZoneMax)) },
    ]),
  ];
  if (users.length > 0) {
    const series: RawSeries[] = [];
    users.forEach((u, i) => {
      series.push({
        label: `${u} backstop emissions (BLND)`,
        color: color(i),
        unit: 'BLND',
        raw: trace.map(accB(u)),
        impl: implOf(accB(u), (q) => q.accrued?.[u]?.backstop),
      });
      if (trace.some((p) => accP(u)(p) !== 0n || (p.impl?.accrued?.[u]?.pool ?? 0n) !== 0n))
        series.push({
          label: `${u} pool emissions (BLND)`,
          color: color(i + users.length),
          dash: [3, 3],
          unit: 'BLND',
          raw: trace.map(accP(u)),
          impl: implOf(accP(u), (q) => q.accrued?.[u]?.pool),
        });
    });
    list.push(chartOf('chart-accrued', 'Accrued, unclaimed emissions of each involved user', 'BLND', series));
  }
  return { x, xLabel: 'step (0: the start; the elapsed seconds are in the table)', list };
}

const statusClass = (s: string): string => `status-${s.replace(/\s+/g, '-')}`;

function summarySection(r: ReportInput): string {
  const res = r.result;
  const world =
    'snapshot' in res.world
      ? `snapshot ${res.world.snapshot}`
      : `${res.world.users} users, ${res.world.pools} pools, start ${res.world.start}`;
  const rows: [string, string][] = [
    ['profile', res.profile],
    ['seed', String(res.seed)],
    ['runs', `${res.runs} of up to ${res.steps} steps`],
    ['steps run', String(res.totalSteps)],
    ['duration', `${Math.round(res.durationMs)} ms`],
    ['world', world],
  ];
  // set when --time-budget (check: 60 s by default) stopped new runs: judged on what ran
  if (res.budget)
    rows.push(['time budget', `${res.budget.seconds} s reached: ${res.budget.runsCompleted} of ${res.runs} runs ran (judged on what ran)`]);
  if (isCheck(res)) {
    rows.push([
      'implementation',
      `${res.implementation.name} ${res.implementation.version} (claims profile ${res.implementation.profile})`,
    ]);
    // the code run: each contract's SHA-256 and source (src/report/provenance.ts)
    rows.push(...provenanceRows(res.implementation.provenance));
    // --baseline bundled: whose divergence it is, and the code the baseline ran (src/check/baseline.ts)
    if (res.baseline) rows.push(...baselineRows(res.baseline));
    if (res.skippedActions.length > 0) rows.push(['not generated', res.skippedActions.join(', ')]);
    if (res.corpus.replayed > 0)
      rows.push([
        'corpus',
        `replayed ${res.corpus.replayed} sequence(s) first${res.corpus.failedFile ? `; ${res.corpus.failedFile} failed` : ''}`,
      ]);
  }
  // PASS, FAIL, FAULT or INSUFFICIENT (nothing failed, not everything exercised: not a pass)
  const label = res.verdict.toUpperCase();
  if (res.verdict === 'insufficient')
    rows.unshift([
      'insufficient',
      `not a pass: ${res.exercise?.shortfalls.length ?? 0} below the minimum-exercise rule (${(res.exercise?.shortfalls ?? []).map((s) => s.name).join(', ')})`,
    ]);
  if (res.fault && !isCheck(res)) rows.unshift(['fault', `${res.fault.kind}: ${res.fault.message}`]);
  // the time budget ended while the counterexample was being shrunk: it may not be minimal
  if (cutShort(res.counterexample)) rows.unshift(['shrinking cut short', cutShortText(res.budget?.seconds)]);
  // set when a signal stopped the run early (the figures then cover what ran until then)
  const stopped = (res as { interrupted?: { signal: string; runsCompleted: number } }).interrupted;
  if (stopped)
    rows.unshift([
      'incomplete',
      `interrupted by ${stopped.signal} after ${stopped.runsCompleted} of ${res.runs} runs; the figures cover what ran until then`,
    ]);
  // written while the command still ran (--report-every): not a final verdict
  if (res.inProgress) rows.unshift(['in progress', inProgressText(res)]);
  return `<section id="summary">
<h1>Blend emissions harness ${isCheck(res) ? 'check' : 'run'}: <span id="verdict" data-testid="verdict" class="verdict ${e(res.verdict)}">${label}</span>${res.inProgress ? ' <span class="verdict fault" data-testid="incomplete">IN PROGRESS</span>' : stopped ? ' <span class="verdict fault" data-testid="incomplete">INCOMPLETE</span>' : ''}</h1>
<dl class="summary" data-testid="summary">${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd data-field="${e(k)}">${e(v)}</dd>`).join('')}</dl>
</section>`;
}

/**
 * The start of a self-contained page, up to its </head>: a Content-Security-Policy that forbids
 * every fetch (inline scripts only where the page has some), the title, the inlined styles.
 */
export function pageHead(title: string, { scripts, styles }: { scripts: boolean; styles: readonly string[] }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none';${scripts ? " script-src 'unsafe-inline';" : ''} style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="blend-emissions-harness">
<title>${escapeHtml(title)}</title>
${styles.map((s) => `<style>${styleText(s)}</style>`).join('\n')}
</head>`;
}

/** implementation − model of a state finding whose two values are integers (stored units), else undefined. */
export function findingDifference(f: NonNullable<CheckResult['finding']>): bigint | undefined {
  if (f.kind !== 'state' || !/^-?\d+$/.test(f.model) || !/^-?\d+$/.test(f.impl)) return undefined;
  return BigInt(f.impl) - BigInt(f.model);
}

function checkSection(res: CheckResult): string {
  const out: string[] = [];
  if (res.fault)
    out.push(
      `<h2>${res.fault.kind === 'harness' ? 'Harness fault' : 'Implementation fault'}: ${e(res.fault.kind)}</h2><p data-testid="fault">${e(res.fault.message)}</p>`,
    );
  const f = res.finding;
  if (f) {
    const what = 'field' in f ? f.field : f.kind === 'invariant' ? f.property : 'reply';
    const [m, i] = f.kind === 'invariant' ? ['holds', f.message] : [f.model, f.impl];
    const shown = (v: string): string => (f.kind === 'state' ? fieldHtml(f.field, v) : e(v));
    const diff = findingDifference(f);
    out.push(`<h2>First divergence</h2><div class="table-wrap"><table data-testid="finding"><thead><tr><th>step</th><th>call</th><th>check</th><th>field or property</th><th>model</th><th>implementation</th><th>implementation &minus; model</th><th>rules</th></tr></thead>
<tbody><tr><td class="num">${f.step < 0 ? 'genesis' : f.step + 1}</td><td class="mono" data-col="call">${e(f.call)}</td><td>${e(f.kind)}</td><td class="mono" data-col="field">${e(what)}</td><td class="mono" data-col="model">${shown(m)}</td><td class="mono differs" data-col="impl">${shown(i)}</td><td class="mono num" data-col="difference">${diff === undefined ? '' : `${diff > 0n ? '+' : ''}${fieldHtml(f.kind === 'state' ? f.field : '', String(diff))}`}</td><td>${e(f.rules.join(', '))}</td></tr></tbody></table></div>`);
  }
  return out.join('\n');
}

const SHOWN_CHANGES = 6;

/** A value of a state field in its unit (token amounts with 7 decimals), the stored integer in the tooltip. */
function fieldHtml(path: string, value: string): string {
  const v = showField(path, value);
  const unit = v.unit === 'raw' || v.unit === 's' ? '' : ` ${v.unit}`;
  return v.unit === 'raw'
    ? `<span class="val">${e(v.text)}</span>`
    : `<span class="val" title="${e(rawTitle(v.unit, v.raw))}">${e(v.text)}${e(unit)}</span>`;
}

/** A list of field changes (`before` → `after`): the first few, the rest folded; values in each field's unit. */
function changeList(list: readonly TraceChange[], more: number, versus = false): string {
  const li = (c: TraceChange): string =>
    versus
      ? `<li class="mono" data-path="${e(c.path)}">${e(c.path)}: <span class="vs">model</span> ${fieldHtml(c.path, c.before)} &ne; <span class="vs">implementation</span> ${fieldHtml(c.path, c.after)}</li>`
      : `<li class="mono" data-path="${e(c.path)}">${e(c.path)}: ${fieldHtml(c.path, c.before)} &rarr; ${fieldHtml(c.path, c.after)}</li>`;
  const moreLi = more > 0 ? `<li class="note">and ${more} more not listed</li>` : '';
  const head = list.slice(0, SHOWN_CHANGES);
  const rest = list.slice(SHOWN_CHANGES);
  const folded =
    rest.length + more === 0
      ? ''
      : `<details><summary>${rest.length + more} more</summary><ul class="changes">${rest.map(li).join('')}${moreLi}</ul></details>`;
  return `<ul class="changes" data-count="${list.length + more}">${head.map(li).join('')}</ul>${folded}`;
}

/** A BLND amount cell: BLND with 7 decimals, the stroops in `data-stroops` and the tooltip; `differs` marks it. */
function blndCell(col: string, stroops: bigint, attrs = '', differs = false): string {
  return `<td class="num${differs ? ' differs' : ''}" data-col="${col}"${attrs} data-stroops="${e(stroops)}" title="${e(stroops)} stroops"${differs ? ' data-differs="true"' : ''}>${blnd(stroops)}</td>`;
}

/** An outcome cell: an integer result in its unit (stroops etc. in the tooltip). */
function outcomeCell(call: string | null, outcome: string, profile: string, differs: boolean): string {
  const o = showOutcome(call, outcome, profile);
  return `<td class="outcome mono${differs ? ' differs' : ''}" data-col="outcome" data-outcome="${e(outcome)}"${o.title ? ` title="${e(o.title)}"` : ''}${differs ? ' data-differs="true"' : ''}>${e(o.text)}</td>`;
}

/**
 * The trace: per step a row of the model's figures; in a `check` report a second row under it
 * with what the implementation reported (its reply, and its figures where its state was read), the
 * cells where the two differ marked on both rows; then a full-width row listing what the step
 * changed on the model and, for the implementation, every field where its state differs.
 * Amounts in BLND (stroops in the tooltips and data attributes), times in seconds, zones in pools.
 */
function stepsTable(trace: readonly TracePoint[], failingStep: number, profile: string): string {
  const first = trace[0]!;
  const backstops = Object.keys(first.backfill);
  const users = Object.keys(first.accrued);
  const both = trace.some((p) => p.impl !== undefined);
  // no backfill columns where the profile has none and nothing was backfilled (the chart says so)
  // (and none where nothing was backfilled on either side: the units note says so)
  const withBackfill = trace.some((p) => backstops.some((b) => (p.backfill[b] ?? 0n) !== 0n || (p.impl?.backfill?.[b] ?? 0n) !== 0n));
  // the figure columns (after step, side, call and outcome), for the implementation row's spans
  const figures = 4 + (withBackfill ? 2 : 1) * backstops.length + users.length;
  const columns = (both ? 4 : 3) + figures;
  const head = `<tr><th class="num">step</th>${both ? '<th>side</th>' : ''}<th>call</th><th>outcome</th><th class="num" title="seconds since the emission clock started (ledger time ${e(first.time - first.elapsed)})">elapsed (s)</th><th class="num">minted by distribute (BLND)</th><th class="num">1 BLND/s line (BLND)</th>${backstops
    .map((b) => `${withBackfill ? `<th class="num">backfill ${e(b)} (BLND)</th>` : ''}<th class="num">reward zone ${e(b)} (pools)</th>`)
    .join(
      '',
    )}<th class="num">reward-zone max (pools)</th>${users.map((u) => `<th class="num">${e(u)} accrued backstop / pool (BLND)</th>`).join('')}</tr>`;
  const rows = trace.map((p) => {
    const failing = p.step === failingStep + 1;
    const rejected = p.outcome.startsWith('rejected') || p.outcome.startsWith('panic');
    const cls = [failing ? 'failing-step' : '', rejected ? 'rejected-step' : ''].filter(Boolean).join(' ');
    const im = p.impl;
    const read = im?.source === 'read' ? im : undefined;
    const d = {
      outcome: im !== undefined && im.outcome !== undefined && im.outcome !== p.outcome,
      time: read !== undefined && read.time !== p.time,
      emitted: read?.emitted !== undefined && read.emitted !== p.emitted,
      backfill: (b: string) => read?.backfill !== undefined && (read.backfill[b] ?? 0n) !== (p.backfill[b] ?? 0n),
      rz: (b: string) => read?.rewardZone !== undefined && (read.rewardZone[b] ?? 0) !== (p.rewardZone[b] ?? 0),
      accrued: (u: string) =>
        read?.accrued !== undefined &&
        ((read.accrued[u]?.backstop ?? 0n) !== (p.accrued[u]?.backstop ?? 0n) ||
          (read.accrued[u]?.pool ?? 0n) !== (p.accrued[u]?.pool ?? 0n)),
    };
    const mark = (x: boolean): string => (x ? ' differs" data-differs="true' : '');
    const span = both ? ' rowspan="2"' : '';
    const model = `<tr data-testid="trace-row" data-step="${p.step}" data-side="model"${cls ? ` class="${cls}"` : ''}>
<td class="num step"${span}>${p.step === 0 ? 'start' : p.step}${failing ? ' <span class="marker-failing">broke here</span>' : ''}</td>${both ? '<td class="side">model</td>' : ''}<td class="mono" data-col="call"${span}>${e(p.call ?? '')}</td>${outcomeCell(p.call, p.outcome, profile, d.outcome)}
<td class="num${mark(d.time)}" data-col="elapsed" data-time="${e(p.time)}" title="ledger time ${e(p.time)}">${e(p.elapsed)}</td>${blndCell('emitted', p.emitted, '', d.emitted)}${blndCell('line', p.emissionLine)}
${backstops.map((b) => `${withBackfill ? blndCell('backfill', p.backfill[b] ?? 0n, ` data-backstop="${e(b)}"`, d.backfill(b)) : ''}<td class="num${mark(d.rz(b))}" data-col="rz" data-backstop="${e(b)}">${e(p.rewardZone[b] ?? 0)}</td>`).join('')}<td class="num" data-col="rz-max">${e(p.rewardZoneMax)}</td>
${users.map((u) => accruedCell(u, p.accrued[u], d.accrued(u))).join('')}</tr>`;
    const changed =
      p.step === 0
        ? '<span class="note">the world before the first step</span>'
        : p.changes.length === 0
          ? '<span class="note">nothing</span>'
          : changeList(p.changes, p.moreChanges);
    const differs = both ? implDiffers(p) : '';
    const changes = `<tr data-testid="trace-changes" data-step="${p.step}" class="changes-row${cls ? ` ${cls}` : ''}"><td colspan="${columns}"><div class="changes-grid${both ? ' two' : ''}"><div data-col="changes"><span class="changes-title">${both ? 'what the step changed on the model' : 'what changed'}:</span> ${changed}</div>${differs}</div></td></tr>`;
    return both
      ? `${model}\n${implRow(p, im, profile, withBackfill ? backstops : [], backstops, users, figures, cls, d)}\n${changes}`
      : `${model}\n${changes}`;
  });
  const legend = both
    ? '<p class="note" data-testid="trace-legend">Each step has two rows: the reference model\'s figures, and under them what the implementation reported (its reply, and its figures where its state was read in full); then what the step changed and where the implementation\'s state differs. Cells where the two differ are <span class="differs legend">marked</span>.</p>'
    : '';
  return `${legend}<div class="table-wrap"><table id="trace" data-testid="trace-table"${both ? ' class="two-sided"' : ''}><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

/** Where the implementation's state differs from the model's at a step (the changes row of a two-sided trace). */
function implDiffers(p: TracePoint): string {
  const im = p.impl;
  const body =
    im === undefined || im.source === 'unread'
      ? '<span class="note">not known: its state could not be read at this step</span>'
      : im.source === 'equal' || im.differs.length + im.moreDiffers === 0
        ? '<span class="note">nowhere: its state is the model\'s</span>'
        : changeList(im.differs, im.moreDiffers, true);
  return `<div data-col="impl-differs" class="impl-differs" data-count="${im?.source === 'read' ? im.differs.length + im.moreDiffers : 0}"><span class="changes-title">where the implementation differs (model &ne; implementation):</span> ${body}</div>`;
}

/** A user's accrued emissions, backstop / pool, in BLND (stroops in the data attributes and the tooltip). */
function accruedCell(u: string, a: { backstop: bigint; pool: bigint } | undefined, differs: boolean): string {
  const b = a?.backstop ?? 0n;
  const pl = a?.pool ?? 0n;
  return `<td class="num${differs ? ' differs' : ''}" data-col="accrued" data-user="${e(u)}" data-backstop-stroops="${e(b)}" data-pool-stroops="${e(pl)}" title="${e(b)} / ${e(pl)} stroops"${differs ? ' data-differs="true"' : ''}>${blnd(b)} / ${blnd(pl)}</td>`;
}

/** The implementation's row under a step's model row (see stepsTable). */
function implRow(
  p: TracePoint,
  im: TracePoint['impl'],
  profile: string,
  backfilled: readonly string[],
  backstops: readonly string[],
  users: readonly string[],
  figures: number,
  cls: string,
  d: {
    outcome: boolean;
    time: boolean;
    emitted: boolean;
    backfill: (b: string) => boolean;
    rz: (b: string) => boolean;
    accrued: (u: string) => boolean;
  },
): string {
  const open = `<tr data-testid="trace-impl-row" data-step="${p.step}" data-side="implementation" data-source="${e(im?.source ?? 'unread')}" class="impl-row${cls ? ` ${cls}` : ''}"><td class="side">implementation</td>`;
  const outcome = outcomeCell(p.call, im?.outcome ?? (p.step === 0 ? 'start' : ''), profile, d.outcome);
  if (im === undefined || im.source !== 'read') {
    const why =
      im?.source === 'equal'
        ? "its state reply was the model's state text, byte for byte: every figure is the model's"
        : p.step === 0
          ? 'its state was not read'
          : 'its state could not be read after its reply';
    return `${open}${outcome}<td colspan="${figures}" class="note" data-col="impl-state">${e(why)}</td></tr>`;
  }
  const start = p.time - p.elapsed;
  const time = im.time ?? p.time;
  const elapsed = time - start;
  return `${open}${outcome}
<td class="num${d.time ? ' differs' : ''}" data-col="elapsed" data-time="${e(time)}" title="ledger time ${e(time)}"${d.time ? ' data-differs="true"' : ''}>${e(elapsed)}</td>${im.emitted === undefined ? '<td class="num note" data-col="emitted" title="not known: the implementation\'s reply differs from the model\'s">&mdash;</td>' : blndCell('emitted', im.emitted, '', d.emitted)}${blndCell('line', elapsed * 10_000_000n)}
${backstops.map((b) => `${backfilled.includes(b) ? blndCell('backfill', im.backfill?.[b] ?? 0n, ` data-backstop="${e(b)}"`, d.backfill(b)) : ''}<td class="num${d.rz(b) ? ' differs' : ''}" data-col="rz" data-backstop="${e(b)}"${d.rz(b) ? ' data-differs="true"' : ''}>${e(im.rewardZone?.[b] ?? 0)}</td>`).join('')}<td class="num" data-col="rz-max">${e(p.rewardZoneMax)}</td>
${users.map((u) => accruedCell(u, im.accrued?.[u], d.accrued(u))).join('')}</tr>`;
}

/** The replay commands: the first line is the one to use (the saved file), any further lines the long form. */
function replayHtml(replay: string): string {
  const [main, ...rest] = replay.split('\n').filter((l) => l.trim() !== '');
  const more =
    rest.length === 0
      ? ''
      : `<div class="note">or, regenerating the case from the seed and path:</div>${rest.map((l) => `<pre class="replay-alt" data-testid="replay-alt"><code>${e(l)}</code></pre>`).join('')}`;
  return `<pre class="replay" data-testid="replay"><code>${e(main ?? '')}</code></pre>${more}`;
}

function counterexampleSection(r: ReportInput): string {
  const res = r.result;
  const c = res.counterexample;
  if (c === undefined) {
    const why =
      res.verdict === 'fault'
        ? 'The check faulted before a counterexample could be found: nothing to chart.'
        : res.verdict === 'insufficient'
          ? 'No counterexample: no property failed, but not every applicable property was exercised (not a pass); there are no steps to chart.'
          : 'No counterexample: every property held on every step, so there are no steps to chart.';
    return `<section id="counterexample"><h2>Counterexample</h2><p data-testid="no-counterexample">${e(why)}</p></section>`;
  }
  const out: string[] = [
    `<section id="counterexample"><h2>Counterexample: <span data-testid="counterexample-property">${e(c.property)}</span></h2>`,
  ];
  out.push(`<p data-testid="counterexample-message">${e(c.message)}</p>`);
  if (cutShort(c)) out.push(`<p class="note" data-testid="shrinking-cut-short">${e(cutShortText(res.budget?.seconds))}.</p>`);
  out.push(
    `<dl class="summary"><dt>seed</dt><dd>${e(c.seed)}</dd><dt>path</dt><dd class="mono">${e(c.path || '(none)')}</dd><dt>${cutShort(c) ? 'steps (shrinking cut short)' : 'shrunk steps'}</dt><dd data-testid="counterexample-steps">${c.steps.length}</dd>${c.found ? `<dt>first seen</dt><dd data-testid="first-failure">${e(firstSeenText(c))}</dd>` : ''}${c.shrink ? `<dt>shrinking</dt><dd data-testid="shrink">${e(shrinkText(c))}</dd>` : ''}<dt>replay</dt><dd>${replayHtml(r.replay)}</dd>${r.corpusFile ? `<dt>corpus</dt><dd class="mono">${e(r.corpusFile)}</dd>` : ''}</dl>`,
  );
  out.push(`<h3>Shrunk steps</h3><ol class="mono" data-testid="shrunk-steps">${c.steps.map((s) => `<li>${e(s)}</li>`).join('')}</ol>`);
  const trace = c.trace;
  if (trace === undefined || trace.length === 0) {
    out.push(
      '<p class="note" data-testid="no-trace">This report holds no per-step trace of the counterexample (its steps could not be replayed), so there are no charts.</p></section>',
    );
    return out.join('\n');
  }
  const two = trace.some((p) => p.impl !== undefined);
  const whose = two
    ? 'the reference model, replaying the steps sent to the implementation, and (second row of each step) by the implementation, as it reported them in the lockstep run'
    : isCheck(res)
      ? 'the reference model, replaying the steps sent to the implementation'
      : 'the implementation the run checked, replaying the shrunk steps';
  out.push(
    `<h3>State after each step</h3><p class="note" data-testid="trace-units">As computed by ${e(whose)}. Accrued emissions are what a claim would pay at that time. Amounts in BLND with 7 decimals (hover for stroops; 1 BLND = 10,000,000 stroops); elapsed in seconds since the emission clock started at ledger time ${e(trace[0]!.time - trace[0]!.elapsed)} (hover for the ledger time); reward zones in pools.</p>`,
  );
  if (!trace.some((p) => Object.values(p.backfill).some((v) => v !== 0n) || Object.values(p.impl?.backfill ?? {}).some((v) => v !== 0n))) {
    out.push(
      `<p class="note" data-testid="no-backfill">No backfill in these steps: every backstop's backfilled emissions stay ${e(blnd(0n))} BLND${trace[0]!.backfillMax === null ? ' (the profile has none)' : ''}, so the table has no backfill columns.</p>`,
    );
  }
  out.push(stepsTable(trace, c.failingStep, res.profile));
  const charts = chartData(trace);
  out.push('<h3>Charts</h3>');
  const captions: Record<string, string> = {
    'chart-emitted':
      'BLND minted by emitter.distribute (drops excluded), cumulative, against the most the emitter may mint: 1 BLND per second since the emission clock started.',
    'chart-backfill': "Each backstop's backfilled emissions against the profile's maximum.",
    'chart-rewardzone': "Each backstop's reward-zone length against the profile's maximum at that time.",
    'chart-accrued': "Each involved user's accrued, unclaimed emissions: from the backstop (all pools) and from pools (all reserves).",
  };
  const steps = Math.max(0, trace.length - 1);
  for (const def of charts.list) {
    const consts = def.constant.map((k) => `${e(k.label.replace(/ \(BLND\)$/, ''))}: <span class="mono">${e(k.value)}</span>`).join('; ');
    if (def.flat) {
      out.push(
        `<figure class="chart-figure"><figcaption class="chart-caption">${e(captions[def.id] ?? '')}</figcaption><p class="flat-chart" data-testid="${e(def.id)}-flat"><strong>${e(def.title)}: nothing changed</strong> over the ${steps} step${steps === 1 ? '' : 's'}, so no chart is drawn. Throughout: ${consts}.</p></figure>`,
      );
      continue;
    }
    const implNote = def.series.some((x) => x.impl)
      ? `<p class="note" data-testid="${e(def.id)}-impl">In orange, dashed: the implementation's figures, where they differ from the model's at some step (a gap where its state was not read).</p>`
      : '';
    const note =
      implNote +
      (consts === ''
        ? ''
        : `<p class="note constant-series" data-testid="${e(def.id)}-constant">Not drawn, unchanged throughout: ${consts}.</p>`);
    out.push(
      `<figure class="chart-figure"><figcaption class="chart-caption">${e(captions[def.id] ?? '')} The y axis spans what changed.</figcaption>${note}<div class="chart" id="${e(def.id)}" data-testid="${e(def.id)}"></div></figure>`,
    );
  }
  if (!charts.list.some((d) => d.id === 'chart-accrued'))
    out.push(
      '<p class="note" data-testid="chart-accrued-none">No user acts in this counterexample: there are no accrued emissions to chart.</p>',
    );
  out.push('</section>');
  return out.join('\n');
}

/**
 * A property's rule IDs, each linking to its row of this page's rule coverage table (`#rule-<ID>`),
 * its entry in docs/catalogue.md as the title.
 */
function ruleLinks(rules: readonly string[]): string {
  return rules.map((id) => `<a href="#rule-${e(id)}" title="${e(`${CATALOGUE_PATH}#${ruleAnchor(id)}`)}">${e(id)}</a>`).join(', ');
}

function propertiesSection(res: RunResult | CheckResult): string {
  const impl = isCheck(res) ? new Map(res.implChecks.map((c) => [c.id, c.checks])) : undefined;
  const rows = res.properties.map(
    (p) =>
      `<tr data-testid="property-row" data-property="${e(p.id)}"><td class="mono" data-col="id">${e(p.id)}</td><td class="${statusClass(p.status)}" data-col="status">${e(p.status)}</td><td class="num" data-col="checks">${p.checks}</td>${
        impl ? `<td class="num" data-col="impl-checks">${impl.get(p.id) ?? 0}</td>` : ''
      }<td class="mono" data-col="rules">${ruleLinks(p.rules)}</td><td data-col="claim">${e(p.claim)}</td></tr>`,
  );
  return `<section id="properties"><h2>Properties</h2><div class="table-wrap"><table data-testid="properties-table"><thead><tr><th>property</th><th>status</th><th class="num">${impl ? 'checks on the model' : 'checks'}</th>${impl ? '<th class="num">checks on the implementation</th>' : ''}<th>rules</th><th>claim</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div></section>`;
}

/** The known defects the run met (spec/known-defects.ts): ID, statement, source, fix, witness and the properties that saw it. */
function knownDefectsSection(res: RunResult | CheckResult): string {
  const kds = res.knownDefects ?? [];
  if (kds.length === 0) return '';
  const items = kds.map((d) => {
    const seen = d.seenBy.map(
      (x) =>
        `<tr><td class="mono">${e(x.property)}</td><td class="num">${x.count}</td><td class="num">${x.step + 1}</td><td>${e(x.message)}</td></tr>`,
    );
    return `<div data-testid="known-defect" data-defect="${e(d.id)}"><h3 class="mono">${e(d.id)}</h3><p>${e(d.statement)}</p><ul>${
      d.finding ? `<li>finding: <a href="${e(d.finding.url)}">${e(d.finding.title)}</a></li>` : ''
    }<li>source: <span class="mono">${e(d.source)}</span></li><li>fixed in: <a href="${e(d.fixedIn.url)}">${e(d.fixedIn.repo)}@${e(d.fixedIn.commit)}</a>: ${e(d.fixedIn.how)}</li><li>excused: ${e(d.condition)}</li></ul><p>Witness, from ${e(d.witness.snapshot)} (replayed on the deployed bytecode by test/soroban/known-defects.test.ts):</p><pre class="mono">${e(d.witness.steps.join('\n'))}</pre><div class="table-wrap"><table><thead><tr><th>property</th><th class="num">steps</th><th class="num">first seen (step)</th><th>message</th></tr></thead><tbody>${seen.join('')}</tbody></table></div></div>`;
  });
  return `<section id="known-defects"><h2>Known defects</h2><p>The deployed contracts of profile <code>${e(res.profile)}</code> have these defects, which the profile reproduces: the properties that see them report <span class="status-known-defect">known defect</span> (not a failure) where the step is exactly the defect's condition.</p>${items.join('\n')}</section>`;
}

function coverageSection(res: RunResult): string {
  const cov = ruleCoverage(res);
  // how far each rule was reached (src/exercise.ts ruleReach): checked, lockstep only, gap, not reached, not applicable
  const reach = new Map(ruleReach(res).map((x) => [x.rule, x]));
  const reachCell = (rule: string): string => {
    const x = reach.get(rule);
    if (x === undefined) return '<td data-col="reach"></td>';
    const text = x.status === 'not applicable' ? `not applicable to ${res.profile}` : x.status;
    return `<td data-col="reach" data-reach="${e(x.status)}" class="reach-${e(x.status.replace(/ /g, '-'))}">${e(text)}${x.reason !== undefined && x.status !== 'checked' ? `<br><span class="note">${e(x.reason)}</span>` : ''}</td>`;
  };
  const notReached = [...reach.values()].filter((x) => x.status === 'not reached').map((x) => x.rule);
  const never = cov.filter((c) => !c.exercised);
  const unchecked = cov.filter((c) => c.exercised && c.checks === 0);
  const rows = cov.map((c) => {
    const props =
      c.properties.length === 0
        ? '<span class="note">none</span>'
        : c.properties
            .map((p) => `<span class="nowrap"><span class="mono ${statusClass(p.status)}">${e(p.id)}</span>&nbsp;${p.checks}</span>`)
            .join('<br>');
    const acts =
      c.actions.length === 0
        ? '<span class="note">none</span>'
        : c.actions
            .map((a) => `<span class="nowrap"><span class="mono">${e(a.name)}</span>&nbsp;${a.accepted}&nbsp;/&nbsp;${a.rejected}</span>`)
            .join('<br>');
    const cls = !c.exercised ? 'rule-unexercised' : c.checks === 0 ? 'rule-unchecked' : 'rule-exercised';
    const marker = !c.exercised
      ? ' <span class="marker-unexercised" data-testid="never-exercised">NEVER EXERCISED</span>'
      : c.checks === 0
        ? ' <span class="marker-unchecked" data-testid="not-checked">no property checks it</span>'
        : '';
    return `<tr data-testid="rule-row" id="rule-${e(c.rule)}" data-rule="${e(c.rule)}" class="${cls}"><td class="mono" data-col="rule">${e(c.rule)}${marker}</td><td data-col="statement">${e(c.statement)}</td><td data-col="properties">${props}</td><td class="num" data-col="checks">${c.checks}</td><td data-col="actions">${acts}</td><td class="num" data-col="calls">${c.calls}</td>${reachCell(c.rule)}</tr>`;
  });
  return `<section id="coverage"><h2>Rule coverage</h2>
<p>Each rule of spec/rules.ts against the properties that cover it (with their checks in this run) and the actions subject to it (spec/fields.ts, accepted / rejected calls). A rule is exercised when a property covering it was checked or an action subject to it was called. <strong data-testid="never-exercised-count">${never.length}</strong> of ${cov.length} rules were never exercised${never.length ? `: <span class="mono">${e(never.map((c) => c.rule).join(', '))}</span>` : ''}; ${unchecked.length} were called but checked by no property${unchecked.length ? `: <span class="mono">${e(unchecked.map((c) => c.rule).join(', '))}</span>` : ''}. Status: <strong data-testid="not-reached-count">${notReached.length}</strong> not reached (an applicable property names the rule but none was checked)${notReached.length ? `: <span class="mono">${e(notReached.join(', '))}</span>` : ''}; a rule no property names is checked by lockstep only (why) or a declared gap.</p>
<div class="table-wrap"><table data-testid="coverage-table"><thead><tr><th>rule</th><th>statement</th><th>properties (checks)</th><th class="num">checks</th><th>actions (accepted / rejected)</th><th class="num">calls</th><th>status</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div></section>`;
}

function statsSection(res: RunResult): string {
  const actions = res.actions.map(
    (a) =>
      `<tr data-testid="action-row" data-action="${e(a.name)}"><td class="mono" data-col="name">${e(a.name)}</td><td class="num" data-col="accepted">${a.accepted}</td><td class="num" data-col="rejected">${a.rejected}</td><td class="num" data-col="total">${a.accepted + a.rejected}</td></tr>`,
  );
  const rejections = res.rejections.map(
    (x) =>
      `<tr data-testid="rejection-row" data-key="${e(x.key)}"><td class="mono" data-col="key">${e(x.key)}</td><td class="num" data-col="count">${x.count}</td></tr>`,
  );
  return `<section id="actions"><h2>Actions</h2><div class="table-wrap"><table data-testid="actions-table"><thead><tr><th>action</th><th class="num">accepted</th><th class="num">rejected</th><th class="num">total</th></tr></thead><tbody>${actions.join('\n')}</tbody></table></div></section>
<section id="rejections"><h2>Rejections</h2>${rejections.length === 0 ? '<p class="note">No call was rejected.</p>' : `<div class="table-wrap"><table data-testid="rejections-table"><thead><tr><th>action &rarr; error</th><th class="num">count</th></tr></thead><tbody>${rejections.join('\n')}</tbody></table></div>`}</section>`;
}

function snapshotSection(r: ReportInput): string {
  const s = r.snapshot;
  if (s === undefined) return '';
  const amt = (v: bigint, what: string): string => `<td class="num" title="${e(v)} (10^-7 ${e(what)})">${sevenDecimals(v)}</td>`;
  const rz = s.rewardZone.map(
    (p) =>
      `<tr><td class="mono">${e(p.pool)}</td>${amt(p.tokens, 'LP')}${amt(p.nonQueuedTokens, 'LP')}${amt(p.shares, 'shares')}${amt(p.q4w, 'shares')}<td class="num" title="${e(p.eps)} stroops per second">${sevenDecimals(p.eps)}</td><td class="num">${e(p.expiration)}</td></tr>`,
  );
  const cl = s.claimable.map(
    (c) =>
      `<tr><td class="mono">${e(c.user)}</td><td class="mono">${e(c.pool)}</td><td class="num" data-stroops="${e(c.stroops)}" title="${e(c.stroops)} stroops">${blnd(c.stroops)}</td></tr>`,
  );
  return `<section id="snapshot"><h2>Loaded state (ledger ${e(s.ledger)}, timestamp ${e(s.timestamp)})</h2><p>emitter <code>${e(s.emitter)}</code>, backstop <code>${e(s.backstop)}</code>, ${e(s.users)} users. Amounts with their 7 decimals (hover for the stored integer); times in seconds.</p>
<div class="table-wrap"><table data-testid="snapshot-reward-zone"><thead><tr><th>reward-zone pool</th><th class="num">tokens (LP)</th><th class="num">non-queued tokens (LP)</th><th class="num">shares</th><th class="num">q4w (shares)</th><th class="num">eps (BLND/s)</th><th class="num">expiration (s)</th></tr></thead><tbody>${rz.join('')}</tbody></table></div>
<div class="table-wrap"><table data-testid="snapshot-claimable"><thead><tr><th>user</th><th>pool</th><th class="num">claimable backstop emissions (BLND)</th></tr></thead><tbody>${cl.join('')}</tbody></table></div></section>`;
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
  return `${pageHead(title, { scripts: true, styles: [lib.css, CSS] })}
<body>
${summarySection(r)}
${isCheck(res) ? checkSection(res) : ''}
${counterexampleSection(r)}
${propertiesSection(res)}
${knownDefectsSection(res)}
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

/**
 * report.html as a string: every text escaped, the data embedded as JSON that parses back to the
 * trace's numbers, the chart library inlined (nothing fetched over the network), and written beside
 * report.json atomically by both `run` and `check`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply, type Outcome } from '../../model/world.ts';
import type { Action } from '../../model/actions.ts';
import type { World } from '../../model/state.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { RULES } from '../../spec/rules.ts';
import { runSuite, type RunResult } from '../../src/run.ts';
import { runCheck } from '../../src/check/check.ts';
import { InProcessImplementation } from '../../src/check/implementation.ts';
import { blnd, chartData, escapeHtml, renderHtml, scriptJson } from '../../src/report/html.ts';
import { renderRegressionTest, writeReports } from '../../src/report/write.ts';
import { MUTANTS } from '../properties/mutants.ts';

const require = createRequire(import.meta.url);
const tmp = () => mkdtempSync(join(tmpdir(), 'blend-html-'));
const HOSTILE = '</script><script>alert("x")</script><img src=x onerror=alert(1)> & \u2028';

/** A failing run: the BLND-CLAIM-001 mutant (a claim pays 1 stroop more) under blend-v2. */
function failingRun(): RunResult {
  const m = MUTANTS.find((x) => x.property === 'BLND-CLAIM-001')!;
  return runSuite({ profile: PROFILES['blend-v2'], runs: 300, steps: 100, seed: 20261121, apply: m.apply });
}

const dataBlock = (html: string): unknown => {
  const m = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html);
  expect(m, 'the embedded data block').not.toBeNull();
  return JSON.parse(m![1]!);
};

describe('report.html (string)', () => {
  const run = failingRun();

  it('escapes text and script data', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const j = scriptJson({ s: HOSTILE, n: 12345678901234567890n });
    expect(j).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(j)).toEqual({ s: HOSTILE, n: '12345678901234567890' });
    expect(blnd(35_990_000_000n)).toBe('3,599.0000000');
    expect(blnd(477n)).toBe('0.0000477');
    expect(blnd(-10_000_001n)).toBe('-1.0000001');
  });

  it('escapes every text of the report (claims, messages, calls)', () => {
    const c = run.counterexample!;
    const hostile: RunResult = {
      ...run,
      properties: run.properties.map((p, i) => (i === 0 ? { ...p, claim: HOSTILE } : p)),
      rejections: [...run.rejections, { key: HOSTILE, count: 1 }],
      counterexample: { ...c, message: HOSTILE, steps: [...c.steps.slice(0, -1), HOSTILE], trace: c.trace!.map((p, i) => (i === 1 ? { ...p, call: HOSTILE, changes: [{ path: HOSTILE, before: '<b>', after: '</td>' }] } : p)) },
    };
    const html = renderHtml({ result: hostile, replay: HOSTILE, regressionTest: undefined });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp;');
    // exactly the three scripts of the page: the data, the chart library, the chart code
    expect(html.match(/<script\b/g)).toHaveLength(3);
  });

  it('embeds the chart library and the data inline, and loads nothing over the network', () => {
    const html = renderHtml({ result: run, replay: 'npx blend-harness run', regressionTest: undefined });
    const lib = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
    const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
    expect(html).toContain(lib);
    expect(html).toContain(css);
    expect(html).not.toMatch(/<script\b[^>]*\bsrc\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed|source|video|audio)\b/i);
    expect(html).not.toMatch(/\b(src|href|action)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//i);
    expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'`);
    // the embedded data are the trace's numbers
    const data = dataBlock(html) as { verdict: string; charts: ReturnType<typeof chartData> };
    expect(data.verdict).toBe('fail');
    const trace = run.counterexample!.trace!;
    expect(data.charts).toEqual(JSON.parse(JSON.stringify(chartData(trace))));
    expect(data.charts.x).toEqual(trace.map((p) => Number(p.elapsed)));
    const emitted = data.charts.list.find((d) => d.id === 'chart-emitted')!;
    expect(emitted.series[0]!.values).toEqual(trace.map((p) => Number(p.emitted) / 1e7));
    expect(emitted.series[1]!.values).toEqual(trace.map((p) => Number(p.elapsed)));
    expect(data.charts.list.map((d) => d.id)).toEqual(['chart-emitted', 'chart-backfill', 'chart-rewardzone', 'chart-accrued']);
    for (const id of ['chart-emitted', 'chart-backfill', 'chart-rewardzone', 'chart-accrued']) expect(html).toContain(`id="${id}" data-testid="${id}"`);
  });

  it('holds the tables: properties, every rule with a marker on the never-exercised, actions, the steps', () => {
    const html = renderHtml({ result: run, replay: 'r', regressionTest: undefined });
    for (const p of run.properties) expect(html).toContain(`data-property="${p.id}"><td class="mono" data-col="id">${p.id}</td><td class="status-${p.status.replace(/ /g, '-')}" data-col="status">${p.status}</td><td class="num" data-col="checks">${p.checks}</td>`);
    for (const a of run.actions) expect(html).toContain(`data-action="${a.name}"><td class="mono" data-col="name">${a.name}</td><td class="num" data-col="accepted">${a.accepted}</td><td class="num" data-col="rejected">${a.rejected}</td>`);
    expect(html.match(/data-testid="rule-row"/g)).toHaveLength(RULES.length);
    // I128 has no property and no action: never exercised, and marked so
    expect(html).toMatch(/data-rule="I128" class="rule-unexercised"><td class="mono" data-col="rule">I128 <span class="marker-unexercised" data-testid="never-exercised">NEVER EXERCISED<\/span>/);
    expect(html).toMatch(/data-rule="EMIT-RATE" class="rule-exercised"/);
    const trace = run.counterexample!.trace!;
    expect(html.match(/data-testid="trace-row"/g)).toHaveLength(trace.length);
    expect(html).toContain(`data-step="${run.counterexample!.failingStep + 1}" class="failing-step`);
  });

  it('without a counterexample: the verdict and tables, no charts, and says why', () => {
    const pass = runSuite({ profile: PROFILES['blend-v2'], runs: 5, steps: 30, seed: 1 });
    expect(pass.verdict).toBe('pass');
    const html = renderHtml({ result: pass, replay: 'r', regressionTest: undefined });
    expect(html).toContain('data-testid="no-counterexample"');
    expect(html).not.toContain('data-testid="chart-');
    expect((dataBlock(html) as { charts: unknown }).charts).toBeNull();
  });
});

describe('report.html beside report.json', () => {
  it('run: written with the other reports, atomically (no temporary file left)', () => {
    const dir = tmp();
    const run = failingRun();
    writeReports(dir, { result: run, replay: 'r', regressionTest: renderRegressionTest(run) });
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(json.counterexample.trace).toHaveLength(run.counterexample!.actions.length + 1);
    expect(json.counterexample.trace[0]).toMatchObject({ step: 0, call: null, outcome: 'start' });
  });

  it('check: the steps replayed on the reference model give the trace', async () => {
    // a wrong implementation: one stroop too many in the depositor's LP wallet
    const wrong = (w: World, a: Action): Outcome => {
      const out = apply(w, a);
      if (a.fn === 'backstop.deposit' && out.ok) w.lp.set(a.from, (w.lp.get(a.from) ?? 0n) + 1n);
      return out;
    };
    const r = await runCheck({ profile: PROFILES['blend-v2'], runs: 200, steps: 40, seed: 3, impl: new InProcessImplementation('one stroop', wrong) });
    expect(r.verdict).toBe('fail');
    expect(r.counterexample!.trace).toBeUndefined();
    const dir = tmp();
    writeReports(dir, { result: r, replay: 'r', regressionTest: undefined });
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    const trace = json.counterexample.trace as { step: number; call: string | null; outcome: string }[];
    expect(trace).toHaveLength(r.counterexample!.actions.length + 1);
    expect(trace.slice(1).map((p) => p.call)).toEqual(r.counterexample!.steps);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('data-testid="finding"');
    expect(html).toContain('checks on the implementation');
    expect(html).toContain('data-testid="chart-emitted"');
    expect(existsSync(join(dir, '.report.html.tmp'))).toBe(false);
  });
});

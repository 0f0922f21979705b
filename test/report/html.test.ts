/**
 * report.html as a string: every text escaped, the data embedded as JSON that parses back to the
 * trace's numbers, the chart library inlined (nothing fetched over the network), and written beside
 * report.json atomically by both `run` and `check`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SubprocessImplementation } from '../../src/check/subprocess.ts';
import { readCorpusFile } from '../../src/check/replay-corpus.ts';
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
import { renderMarkdown, renderRegressionTest, writeReports } from '../../src/report/write.ts';
import { resultUnit, sevenDecimals, showField, showOutcome, unitOf } from '../../src/report/units.ts';
import type { TracePoint } from '../../src/report/trace.ts';
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
      counterexample: {
        ...c,
        message: HOSTILE,
        steps: [...c.steps.slice(0, -1), HOSTILE],
        trace: c.trace!.map((p, i) =>
          i === 1
            ? {
                ...p,
                call: HOSTILE,
                changes: [{ path: HOSTILE, before: '<b>', after: '</td>' }],
                impl: {
                  source: 'read' as const,
                  outcome: HOSTILE,
                  differs: [{ path: HOSTILE, before: '<b>', after: '</td>' }],
                  moreDiffers: 0,
                },
              }
            : p,
        ),
      },
    };
    const html = renderHtml({ result: hostile, replay: HOSTILE, regressionTest: undefined });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp;');
    // the implementation's side too (its reply and the fields where it differs)
    expect(html).toContain('data-testid="trace-impl-row"');
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
    expect(data.charts.x).toEqual(trace.map((p) => p.step));
    const emitted = data.charts.list.find((d) => d.id === 'chart-emitted')!;
    expect(emitted.series[0]!.values).toEqual(trace.map((p) => Number(p.emitted) / 1e7));
    expect(emitted.series[1]!.values).toEqual(trace.map((p) => Number(p.elapsed)));
    expect(data.charts.list.map((d) => d.id)).toEqual(['chart-emitted', 'chart-backfill', 'chart-rewardzone', 'chart-accrued']);
    // a chart where something changed is drawn; one where nothing did is a note saying so
    for (const d of data.charts.list) expect(html).toContain(d.flat ? `data-testid="${d.id}-flat"` : `id="${d.id}" data-testid="${d.id}"`);
  });

  it('holds the tables: properties, every rule with a marker on the never-exercised, actions, the steps', () => {
    const html = renderHtml({ result: run, replay: 'r', regressionTest: undefined });
    for (const p of run.properties)
      expect(html).toContain(
        `data-property="${p.id}"><td class="mono" data-col="id">${p.id}</td><td class="status-${p.status.replace(/ /g, '-')}" data-col="status">${p.status}</td><td class="num" data-col="checks">${p.checks}</td>`,
      );
    for (const a of run.actions)
      expect(html).toContain(
        `data-action="${a.name}"><td class="mono" data-col="name">${a.name}</td><td class="num" data-col="accepted">${a.accepted}</td><td class="num" data-col="rejected">${a.rejected}</td>`,
      );
    expect(html.match(/data-testid="rule-row"/g)).toHaveLength(RULES.length);
    // I128 has no property and no action: never exercised, and marked so
    expect(html).toMatch(
      /data-rule="I128" class="rule-unexercised"><td class="mono" data-col="rule">I128 <span class="marker-unexercised" data-testid="never-exercised">NEVER EXERCISED<\/span>/,
    );
    expect(html).toMatch(/data-rule="EMIT-RATE" class="rule-exercised"/);
    const trace = run.counterexample!.trace!;
    expect(html.match(/data-testid="trace-row"/g)).toHaveLength(trace.length);
    expect(html).toContain(`data-step="${run.counterexample!.failingStep + 1}" data-side="model" class="failing-step`);
    // a run has no implementation row
    expect(html).not.toContain('data-testid="trace-impl-row"');
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
    const r = await runCheck({
      profile: PROFILES['blend-v2'],
      runs: 200,
      steps: 40,
      seed: 3,
      impl: new InProcessImplementation('one stroop', wrong),
    });
    expect(r.verdict).toBe('fail');
    // the trace carries what the implementation reported beside the model's figures
    const cx = r.counterexample!;
    expect(r.finding).toMatchObject({ kind: 'state', field: 'wallets.lp.U0' });
    const at = cx.trace![cx.failingStep + 1]!;
    expect(at.impl?.source).toBe('read');
    expect(at.impl!.differs).toEqual([
      {
        path: 'wallets.lp.U0',
        before: r.finding!.kind === 'state' ? r.finding!.model : '',
        after: r.finding!.kind === 'state' ? r.finding!.impl : '',
      },
    ]);
    expect(BigInt(at.impl!.differs[0]!.after) - BigInt(at.impl!.differs[0]!.before)).toBe(1n);
    // before the divergent step its state was the model's
    for (const p of cx.trace!.slice(0, cx.failingStep + 1)) expect(p.impl!.source === 'equal' || p.impl!.differs.length === 0).toBe(true);
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
    // drawn, or a note that nothing in it changed
    expect(html).toMatch(/data-testid="chart-emitted(-flat)?"/);
    expect(html.match(/data-testid="trace-impl-row"/g)).toHaveLength(trace.length);
    expect(html).toContain('data-path="wallets.lp.U0"');
    expect(existsSync(join(dir, '.report.html.tmp'))).toBe(false);
  });
});

describe('units: one unit per table', () => {
  it("names each state field's unit and shows amounts with 7 decimals, exactly", () => {
    expect(unitOf('backstops.backstop.backfill_emissions')).toBe('BLND');
    expect(unitOf('backstops.backstop.blnd')).toBe('BLND');
    expect(unitOf('backstops.backstop.pools.P0.users.U0.emission_data.accrued')).toBe('BLND');
    expect(unitOf('backstops.backstop.pools.P0.rz_emissions.accrued')).toBe('BLND');
    expect(unitOf('wallets.blnd.U1')).toBe('BLND');
    expect(unitOf('comet.blnd.balance')).toBe('BLND');
    expect(unitOf('wallets.lp.U0')).toBe('LP');
    expect(unitOf('backstops.backstop.pools.P0.balance.tokens')).toBe('LP');
    expect(unitOf('backstops.backstop.pools.P0.users.U0.shares')).toBe('shares');
    expect(unitOf('pools.P0.users.U0.supply.0')).toBe('bTokens');
    expect(unitOf('backstops.backstop.pools.P0.emission_data.eps')).toBe('raw');
    expect(unitOf('backstops.backstop.pools.P0.emission_data.expiration')).toBe('s');
    expect(unitOf('now')).toBe('s');
    // exact from the integer: beyond a float's 15-16 digits
    expect(sevenDecimals(123456789012345678901n)).toBe('12,345,678,901,234.5678901');
    expect(sevenDecimals('-1')).toBe('-0.0000001');
    expect(showField('wallets.blnd.U1', '36000000000')).toEqual({ text: '3,600.0000000', raw: '36000000000', unit: 'BLND' });
    expect(showField('wallets.blnd.U1', 'absent')).toEqual({ text: 'absent', raw: 'absent', unit: 'raw' });
    expect(showField('now', '1736780911').text).toBe('1736780911');
    expect(resultUnit('emitter.distribute()', 'blend-v2')).toBe('BLND');
    expect(resultUnit('backstop.claim(from: U0, pool_addresses: [P0], min_lp_tokens_out: 0_0000000)', 'blend-v2')).toBe('LP');
    expect(resultUnit('backstop.claim(from: U0, pool_addresses: [P0], to: U0)', 'blend-v1')).toBe('BLND');
    expect(resultUnit('P0.submit(from: U0, requests: [borrow(reserve: 0, amount: 1_0000000)])', 'blend-v2')).toBe('dTokens');
    expect(showOutcome('emitter.distribute()', 'ok: 970000000', 'blend-v2')).toEqual({
      text: 'ok: 97.0000000 BLND',
      title: '970000000 stroops',
    });
    expect(showOutcome('advance_time(seconds: 5)', 'ok', 'blend-v2')).toEqual({ text: 'ok' });
  });

  it("the trace table: BLND with 7 decimals in every amount cell, the stroops in the tooltip; change lists in each field's unit", () => {
    const run = failingRun();
    const html = renderHtml({ result: run, replay: 'r', regressionTest: undefined });
    const table = /<table id="trace"[\s\S]*?<\/table>/.exec(html)![0];
    const cells = [...table.matchAll(/data-stroops="(-?\d+)" title="([^"]*)"[^>]*>([^<]*)</g)];
    expect(cells.length).toBeGreaterThan(10);
    for (const [, stroops, title, text] of cells) {
      expect(text).toBe(sevenDecimals(stroops!));
      expect(title).toBe(`${stroops} stroops`);
    }
    // no BLND field of the change lists shows its raw stroops
    const blndVals = [...table.matchAll(/<span class="val" title="(-?\d+) stroops">([^<]*)<\/span>/g)];
    expect(blndVals.length).toBeGreaterThan(0);
    for (const [, stroops, text] of blndVals) expect(text).toBe(`${sevenDecimals(stroops!)} BLND`);
    expect(table).not.toMatch(/backfill_emissions: \d+ /);
  });
});

describe('charts scaled to what changed', () => {
  const point = (step: number, emitted: bigint, backfill: bigint): TracePoint => ({
    step,
    call: step === 0 ? null : 'emitter.distribute()',
    outcome: 'ok',
    time: 1000n + BigInt(step),
    elapsed: BigInt(step),
    emitted,
    emissionLine: BigInt(step) * 10_000_000n,
    backfill: { backstop: backfill },
    backfillMax: 10_000_000_0000000n,
    rewardZone: { backstop: 3 },
    rewardZoneMax: 30,
    accrued: {},
    changes: [],
    moreChanges: 0,
  });

  it('a series that never changes is named with its exact value, not drawn; a chart where nothing changes is flat', () => {
    // a large backfill that changes by one stroop: drawn (compared exactly, not as floats)
    const big = 99_999_999_999_999_990n;
    const trace = [point(0, 0n, big), point(1, 5n, big + 1n), point(2, 5n, big + 1n)];
    const c = chartData(trace);
    const byId = Object.fromEntries(c.list.map((d) => [d.id, d]));
    expect(byId['chart-backfill']!.flat).toBe(false);
    expect(byId['chart-backfill']!.series.map((x) => x.label)).toEqual(['backfill of backstop (BLND)']);
    expect(byId['chart-backfill']!.constant).toEqual([{ label: 'maximum (BLND)', value: '10,000,000.0000000 BLND' }]);
    // the reward zone and its maximum never change: no chart, both named
    expect(byId['chart-rewardzone']!.flat).toBe(true);
    expect(byId['chart-rewardzone']!.series).toEqual([]);
    expect(byId['chart-rewardzone']!.constant).toEqual([
      { label: 'reward zone of backstop', value: '3 pools' },
      { label: 'maximum', value: '30 pools' },
    ]);
    const html = renderHtml({
      result: { ...failingRun(), counterexample: { ...failingRun().counterexample!, trace } },
      replay: 'r',
      regressionTest: undefined,
    });
    expect(html).toContain('data-testid="chart-rewardzone-flat"');
    expect(html).not.toContain('id="chart-rewardzone"');
    expect(html).toMatch(
      /data-testid="chart-backfill-constant">Not drawn, unchanged throughout: maximum: <span class="mono">10,000,000\.0000000 BLND/,
    );
  });
});

describe('check reports: the implementation beside the model', () => {
  it("a reply divergence: the implementation's reply at that step, and its state read after it", async () => {
    // a wrong implementation: emitter.distribute mints one stroop more than the model (its reply says so)
    const wrong = (w: World, a: Action): Outcome => {
      const out = apply(w, a);
      if (a.fn === 'emitter.distribute' && out.ok && out.result !== null) return { ...out, result: out.result + 1n };
      return out;
    };
    const r = await runCheck({
      profile: PROFILES['blend-v2'],
      runs: 50,
      steps: 20,
      seed: 5,
      impl: new InProcessImplementation('one stroop more', wrong),
    });
    expect(r.finding?.kind).toBe('reply');
    const cx = r.counterexample!;
    const at = cx.trace![cx.failingStep + 1]!;
    // its state is read after the diverging reply (here, with no pipelining, asked for then): the model's but for the reply
    expect(at.impl).toMatchObject({ source: 'read', differs: [] });
    // its emitted figure is not known (the harness counts the model's events only for agreeing replies)
    expect(at.impl!.emitted).toBeUndefined();
    expect(BigInt(at.impl!.outcome!.replace('ok: ', '')) - BigInt(at.outcome.replace('ok: ', ''))).toBe(1n);
    const html = renderHtml({
      result: r,
      replay: 'npx blend-harness replay corpus/x.json --impl x\nnpx blend-harness check --impl x --path 1:2',
      regressionTest: undefined,
      corpusFile: 'corpus/x.json',
    });
    // the outcomes, both in BLND, the implementation's marked
    expect(html).toMatch(
      new RegExp(
        `data-testid="trace-impl-row" data-step="${cx.failingStep + 1}" data-side="implementation" data-source="read"[^]*?<td class="outcome mono differs" data-col="outcome" data-outcome="${at.impl!.outcome}" title="\\d+ stroops" data-differs="true">ok: [\\d,]+\\.\\d{7} BLND</td>`,
      ),
    );
    expect(html).toContain('<pre class="replay" data-testid="replay"><code>npx blend-harness replay corpus/x.json --impl x</code></pre>');
    expect(html).toContain('data-testid="replay-alt"><code>npx blend-harness check --impl x --path 1:2</code>');
    const md = renderMarkdown({
      result: r,
      replay: 'npx blend-harness replay corpus/x.json --impl x\nnpx blend-harness check --impl x --path 1:2',
      regressionTest: undefined,
      corpusFile: 'corpus/x.json',
    });
    expect(md).toContain(
      'Replay the saved sequence against the implementation:\n\n```\nnpx blend-harness replay corpus/x.json --impl x\n```',
    );
    expect(md).toContain('Or, regenerating the case from the seed and path:\n\n```\nnpx blend-harness check --impl x --path 1:2\n```');
  });

  it("a state divergence on a BLND field: report.md shows both values in BLND, the stored integers beside, and the divergent step's figures", async () => {
    // a wrong implementation: the backstop gains one stroop of BLND when the LP price moves (a step
    // no conservation property looks at, BLND-CONS-004 checks the paying calls: the state comparison finds it)
    const wrong = (w: World, a: Action): Outcome => {
      const out = apply(w, a);
      if (a.fn === 'set_lp_price' && out.ok) for (const bs of w.backstops.values()) if (bs.address === w.emitter.backstop) bs.blnd += 1n;
      return out;
    };
    const r = await runCheck({
      profile: PROFILES['blend-v2'],
      runs: 50,
      steps: 20,
      seed: 5,
      impl: new InProcessImplementation('one stroop', wrong),
    });
    expect(r.finding).toMatchObject({ kind: 'state', field: 'backstops.backstop.blnd' });
    const f = r.finding as { model: string; impl: string };
    const md = renderMarkdown({ result: r, replay: 'r', regressionTest: undefined });
    expect(md).toContain(
      '| model (BLND) | implementation (BLND) | implementation − model (BLND) | stored integers (model / implementation) |',
    );
    expect(md).toContain(`| ${sevenDecimals(f.model)} | ${sevenDecimals(f.impl)} | +0.0000001 | ${f.model} stroops / ${f.impl} stroops |`);
    expect(md).toContain('At the divergent step');
    expect(md).toContain(`| backstops.backstop.blnd | ${sevenDecimals(f.model)} BLND | ${sevenDecimals(f.impl)} BLND |`);
    const html = renderHtml({ result: r, replay: 'r', regressionTest: undefined });
    expect(html).toContain(
      `<td class="mono differs" data-col="impl"><span class="val" title="${f.impl} stroops">${sevenDecimals(f.impl)} BLND</span></td>`,
    );
  });
});

describe('check reports: a reply divergence over the protocol', () => {
  it("the state asked for with the diverging call is read: the implementation's figures and differing fields at that step", async () => {
    // drop-twice: a backstop drops a second time; the state request went with the call (callAndState)
    const dir = tmp();
    const file = join(dir, 'blend-v2-drop.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 1,
        profile: 'blend-v2',
        seed: 1,
        path: '',
        world: { users: 10, pools: 5, start: '1736780911', reward_zone_gap: 1 },
        found: { implementation: 'x', finding: 'x' },
        steps: ['backstop.drop()', 'backstop.drop()'],
        requests: [
          { action: 'backstop.drop', args: { contract: 'backstop' } },
          { action: 'backstop.drop', args: { contract: 'backstop' } },
        ],
      }),
    );
    const { actions } = readCorpusFile(file);
    const fixture = fileURLToPath(new URL('../fixtures/impls/drop-twice.ts', import.meta.url));
    const impl = new SubprocessImplementation({
      command: `"${process.execPath}" --import tsx "${fixture}"`,
      timeoutMs: 20_000,
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
    });
    let r;
    try {
      r = await runCheck({ profile: PROFILES['blend-v2'], runs: 1, steps: 2, seed: 1, impl, corpus: [{ file, actions }] });
    } finally {
      await impl.close();
    }
    expect(r.finding?.kind).toBe('reply');
    const cx = r.counterexample!;
    expect(cx.failingStep).toBe(1);
    const at = cx.trace![2]!;
    expect(at.outcome).toBe('rejected: Emitter#1101 BadDrop');
    expect(at.impl).toMatchObject({ source: 'read', outcome: 'ok' });
    // the second drop paid the dev fund again: 40M BLND more than the model's
    expect(at.impl!.differs.map((d) => d.path)).toEqual(['wallets.blnd.dev_fund']);
    expect(BigInt(at.impl!.differs[0]!.after) - BigInt(at.impl!.differs[0]!.before)).toBe(40_000_000_0000000n);
    const html = renderHtml({ result: r, replay: 'r', regressionTest: undefined });
    expect(html).toContain(
      'wallets.blnd.dev_fund: <span class="vs">model</span> <span class="val" title="400000000000000 stroops">40,000,000.0000000 BLND</span> &ne; <span class="vs">implementation</span> <span class="val" title="800000000000000 stroops">80,000,000.0000000 BLND</span>',
    );
  }, 60_000);
});

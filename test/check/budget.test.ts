/**
 * `check`: time to first failure, and a time budget that bounds the shrinking too (issue 17,
 * points 5 and 6). In process, a deliberately wrong variant of the model (test/properties/mutants.ts)
 * as the implementation: `found` and `shrink` agree with fast-check's path; with a budget far
 * shorter than the shrinking, the check ends at the budget with the smallest divergent sequence so
 * far, marked, and that sequence, saved to the corpus, diverges the same way when replayed. Then
 * the CLI against a wrong implementation in its own process (test/fixtures/impls/): it ends within
 * the budget and a margin, prints and reports the cut, and `blend-harness replay CORPUS_FILE --impl`
 * reproduces the divergence.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/check.ts';
import { loadCorpus, saveToCorpus, worldToJson } from '../../src/check/corpus.ts';
import { InProcessImplementation } from '../../src/check/implementation.ts';
import { readCorpusFile, replayCorpusEntry } from '../../src/check/replay-corpus.ts';
import { main } from '../../src/cli/main.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { MUTANTS } from '../properties/mutants.ts';
import { slowed } from '../helpers.ts';
import { expectFoundAndShrinkAgree } from '../run/found-shrink.ts';

const dir = mkdtempSync(join(tmpdir(), 'blend-check-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// first seen in the first run, within a fraction of a second; a full shrink takes several seconds
const m = MUTANTS.find((x) => x.property === 'BLND-IDX-001')!;
const SETTINGS = { profile: PROFILES[m.profile], runs: 100, steps: 200, seed: 20261121 } as const;
const wrong = () => new InProcessImplementation(`mutant ${m.property}`, m.apply, m.prepare);
// the same, each step made to take at least 1 ms: its shrinking surely outlasts a 1 s budget on any machine
const wrongAndSlow = () => new InProcessImplementation(`mutant ${m.property}`, slowed(m.apply!, 1), m.prepare);

describe('check, in process: time to first failure and a budget that ends the shrinking', () => {
  it('found and shrink agree with fast-check', { timeout: 120_000 }, async () => {
    const startedAt = performance.now() - 1_000;
    const r = await runCheck({ ...SETTINGS, impl: wrong(), startedAt });
    const c = expectFoundAndShrinkAgree(r);
    expect(c.found!.seconds).toBeGreaterThanOrEqual(1);
    expect(r.budget).toBeUndefined();
  });

  it('a 1 s budget ends the shrinking: the smallest divergent sequence so far, marked, and it diverges the same way when replayed', {
    timeout: 120_000,
  }, async () => {
    const t0 = performance.now();
    // seed 1: found in run 1 after ~125 actions and 110 steps long, so its shrinking (at 1 ms a step)
    // outlasts the budget; at SETTINGS' seed the generators of session 12 find it 8 steps long, shrunk in 0.3 s
    const r = await runCheck({ ...SETTINGS, seed: 1, impl: wrongAndSlow(), deadline: t0 + 1_000, budgetSeconds: 1, startedAt: t0 });
    const c = r.counterexample!;
    expect(r.verdict).toBe('fail');
    expect(c.shrink!.cutShort).toBe(true);
    expect(c.found!.seconds).toBeLessThan(1);
    expect(r.budget).toEqual({ seconds: 1, runsCompleted: r.runsCompleted });
    // the exploration and the shrinking end at the budget, give or take one step; the trace replay is the rest
    expect(r.durationMs).toBeLessThan(1_000 + 3_000);
    expect(c.shrink!.seconds + c.found!.seconds).toBeLessThan(1 + 0.3);

    // saved to the corpus as the CLI saves it, then replayed against the same wrong implementation
    const corpus = join(dir, 'corpus');
    const file = saveToCorpus(
      corpus,
      {
        profile: r.profile,
        seed: c.seed,
        path: c.path,
        world: worldToJson(r.world as never),
        found: { implementation: 'm', finding: c.message },
        steps: c.steps,
      },
      c.actions,
    );
    const { entry, actions } = readCorpusFile(file);
    expect(actions).toHaveLength(c.steps.length);
    const again = await replayCorpusEntry(entry, actions, wrong());
    expect(again).toMatchObject({ kind: 'divergence', message: c.message });
    expect(loadCorpus(corpus, r.profile)).toHaveLength(1);
  });
});

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/blend-harness.mjs', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/impls/deposit-rewinds-index-slow.ts', import.meta.url));
const IMPL = `"${process.execPath}" --import tsx "${FIXTURE}"`;

describe('check --time-budget against a wrong implementation in its own process (the CLI)', () => {
  // deposit-rewinds-index-slow (5 ms an action) with seed 2: first seen in the first run some 2 s
  // after the start; its full shrink, over a thousand candidates, takes minutes on any machine
  const BUDGET = 8;

  it('ends within the budget and a margin, prints and reports the cut, and replay reproduces the divergence', {
    timeout: 180_000,
  }, async () => {
    const out = join(dir, 'cli');
    const args = [
      'check',
      '--impl',
      IMPL,
      '--profile',
      'blend-v1',
      '--seed',
      '2',
      '--runs',
      '200',
      '--steps',
      '200',
      '--time-budget',
      String(BUDGET),
      '--out',
      out,
    ];
    const cli = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let started = 0;
    cli.stdout.on('data', (d) => {
      stdout += d;
      if (started === 0 && /^checking against /m.test(stdout)) started = performance.now();
    });
    cli.stderr.on('data', () => {});
    const code = await new Promise<number | null>((res) => cli.on('exit', (c) => res(c)));
    const ended = performance.now();
    expect(code, stdout).toBe(1);
    // from the start line to the exit: the budget, then the trace replay, the reports and stopping the implementation
    expect(started).toBeGreaterThan(0);
    expect((ended - started) / 1000).toBeLessThan(BUDGET + 8);

    expect(stdout).toMatch(/^first seen in run \d+ after \d+ actions, \d+\.\d+ s after the start$/m);
    expect(stdout).toMatch(
      /^shrunk in \d+\.\d+ s: \d+ shrinks? \(smaller failing cases\) of \d+ candidates tried, cut short by the time budget$/m,
    );
    expect(stdout).toMatch(/^cut short at \d+ steps \(the budget ended the shrinking\):$/m);
    expect(stdout).toContain(
      `SHRINKING CUT SHORT by the time budget of ${BUDGET} s: this counterexample is the smallest failing case found until then and may not be minimal (it fails: its replay reproduces it)\n`,
    );
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.verdict).toBe('fail');
    expect(json.shrinkingCutShort).toBe(true);
    // seed 2 finds it early, leaving the budget time to shrink: in run 3 since the session-14 generators
    // (the first from session 11 to 13, the second before)
    expect(json.counterexample.found.run).toBeLessThanOrEqual(3);
    expect(json.counterexample.found.seconds).toBeLessThan(BUDGET);
    expect(json.budget.seconds).toBe(BUDGET);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(`**Shrinking cut short** by the time budget of ${BUDGET} s`);

    // the saved sequence, replayed against the implementation, diverges the same way
    const corpusFile = json.counterexample.corpusFile as string;
    expect(readCorpusFile(corpusFile).entry.found.finding).toBe(
      `${json.counterexample.message} (shrinking cut short by the time budget: may not be minimal)`,
    );
    let replayed = '';
    const replayCode = await main(['replay', corpusFile, '--impl', IMPL], { out: (s) => (replayed += s), err: (s) => (replayed += s) });
    expect(replayCode, replayed).toBe(1);
    expect(replayed).toContain(`\nDIVERGENCE: ${json.counterexample.message}\n`);
  });
});

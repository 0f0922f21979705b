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
import { budgetProbe } from '../helpers.ts';
import { MAX_ACTIONS_OF_ANY_COMMAND } from '../../src/commands/base.ts';
import { expectFoundAndShrinkAgree } from '../run/found-shrink.ts';

const dir = mkdtempSync(join(tmpdir(), 'blend-check-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// first seen in the first run, within a fraction of a second; a full shrink takes several seconds
const m = MUTANTS.find((x) => x.property === 'BLND-IDX-001')!;
const SETTINGS = { profile: PROFILES[m.profile], runs: 100, steps: 200, seed: 20261121 } as const;
const wrong = () => new InProcessImplementation(`mutant ${m.property}`, m.apply, m.prepare);

describe('check, in process: time to first failure and a budget that ends the shrinking', () => {
  it('found and shrink agree with fast-check', { timeout: 120_000 }, async () => {
    const startedAt = performance.now() - 1_000;
    const r = await runCheck({ ...SETTINGS, impl: wrong(), startedAt });
    const c = expectFoundAndShrinkAgree(r);
    expect(c.found!.seconds).toBeGreaterThanOrEqual(1);
    expect(r.budget).toBeUndefined();
  });

  it('a 5 s budget ends the shrinking: the smallest divergent sequence so far, marked, and it diverges the same way when replayed', {
    timeout: 120_000,
  }, async () => {
    const budgetMs = 5_000;
    const t0 = performance.now();
    // seed 1: found in run 1 after some 150 actions at the model's own speed (0.5 s at a load average of 13 on
    // 2 cores), and 110 steps long; its full shrink runs some 30,000 steps, each made to take at least 1 ms here
    // (30 s): it surely outlasts the budget on any machine. At SETTINGS' seed the generators of session 12 find
    // it 8 steps long, shrunk in 0.3 s
    const probe = budgetProbe(m.apply!, m.prepare, { ms: 1, fastCases: 1, deadline: t0 + budgetMs });
    const r = await runCheck({
      ...SETTINGS,
      seed: 1,
      impl: new InProcessImplementation(`mutant ${m.property}`, probe.apply, probe.prepare),
      deadline: t0 + budgetMs,
      budgetSeconds: budgetMs / 1000,
      startedAt: t0,
    });
    const suiteDone = performance.now();
    const c = r.counterexample!;
    expect(r.verdict).toBe('fail');
    expect(c.found!.run).toBe(1);
    expect(c.shrink!.cutShort).toBe(true);
    expect(c.found!.seconds).toBeLessThan(budgetMs / 1000);
    expect(r.budget).toEqual({ seconds: budgetMs / 1000, runsCompleted: r.runsCompleted });
    // cut by the budget, not before it
    expect(suiteDone - t0).toBeGreaterThanOrEqual(budgetMs);
    // the exploration and the shrinking end at the budget: the budget is checked before each command, so no
    // implementation step begins after it but those of the command in flight (at most MAX_ACTIONS_OF_ANY_COMMAND).
    // Counted, not timed (the trace is replayed on the model, not on the implementation); a check that did not
    // stop the shrinking at the budget would run thousands
    expect(probe.late()).toBeLessThanOrEqual(MAX_ACTIONS_OF_ANY_COMMAND);

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
// its first 3 sequences at the model's own speed (the divergence is found in one of them), every action after
// them at least 30 ms (the shrinking)
const IMPL = `"${process.execPath}" --import tsx "${FIXTURE}" 3`;

describe('check --time-budget against a wrong implementation in its own process (the CLI)', () => {
  // deposit-rewinds-index-slow with seed 2: first seen in run 3, at the model's own speed after the harness and
  // the implementation started (some 2 s, 6 s at a load average of 15 on 2 cores); its full shrink, some 1,800
  // actions at 30 ms, takes a minute or more on any machine
  const BUDGET = 20;

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
    // from the start line to the exit: the budget, then the command in flight, the trace replay, the reports and
    // stopping the implementation; a margin of 25 s for a loaded machine, while the shrinking it cut would have
    // run some 55 s more (the cut itself is read off the output and the report below)
    expect(started).toBeGreaterThan(0);
    expect((ended - started) / 1000).toBeLessThan(BUDGET + 25);

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

/**
 * Time to first failure, and a time budget that bounds the shrinking too (issue 17, points 5 and 6),
 * on deliberately wrong variants of the model (test/properties/mutants.ts):
 * - a failure's `found` (run, actions, seconds) and `shrink` (seconds, fast-check's numShrinks, the
 *   candidates tried) agree with fast-check's own account: the run is the counterexample path's
 *   first number + 1, the shrinks its further numbers, the actions every step executed until then;
 * - with a budget far shorter than the shrinking, the suite ends at the budget, and the smallest
 *   failing case found until then is the counterexample: longer than the full shrink's, marked
 *   "shrinking cut short" in the bundle and the four reports, verdict fail, and its bundle replays
 *   to the same failure.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleOf, loadBundle, replayBundle, saveBundle } from '../../src/bundle.ts';
import { writeReports } from '../../src/report/write.ts';
import { runSuite, runSuiteAsync, type RunResult } from '../../src/run.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { apply as applyModel } from '../../model/world.ts';
import { MUTANTS } from '../properties/mutants.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { budgetProbe } from '../helpers.ts';
import { expectFoundAndShrinkAgree } from './found-shrink.ts';

const dir = mkdtempSync(join(tmpdir(), 'blend-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mutant = (id: string) => MUTANTS.find((m) => m.property === id)!;

/** The settings of a bare `run` (src/cli/commands/run.ts RUN_DEFAULTS). */
const RUNS = 1_300;
const STEPS = 200;

describe('time to first failure', () => {
  // BLND-Q4W-001 is first seen in the first run since session 12 (the long-gap command's big-index tail), BLND-BF-002 in the first
  for (const id of ['BLND-Q4W-001', 'BLND-BF-002']) {
    // (BF-002's full shrink: 18.9 s at a load average of 15 on 2 cores, against the 60 s this had)
    it(`${id}: found and shrink agree with fast-check's path and the run's counts`, { timeout: 180_000 }, async () => {
      const m = mutant(id);
      const startedAt = performance.now() - 2_000;
      const r = await runSuiteAsync({
        profile: PROFILES[m.profile],
        runs: RUNS,
        steps: STEPS,
        seed: 20261121,
        apply: m.apply,
        prepare: m.prepare,
        // the variant's own property alone (another may see the same bug first): this tests the timing, not which catches it
        properties: PROPERTIES.filter((p) => p.id === id),
        startedAt,
      });
      const doneAt = performance.now();
      // the run: fast-check's case index + 1; the shrinks: the path's further numbers; every action
      // the run reports executed by the first failure
      const c = expectFoundAndShrinkAgree(r);
      expect(c.property).toBe(id);
      expect(c.found!.actions).toBeGreaterThanOrEqual(c.found!.run);
      // seconds from the start of the command (2 s before the suite here), the shrinking after it: together
      // from the command's start to the suite's end, so at least the suite's duration and the 2 s before it, at
      // most the time until the suite returned (bounds read off the clock around the call, not a margin)
      expect(c.found!.seconds).toBeGreaterThanOrEqual(2);
      expect(c.found!.seconds + c.shrink!.seconds).toBeGreaterThanOrEqual(2 + r.durationMs / 1000 - 1e-6);
      expect(c.found!.seconds + c.shrink!.seconds).toBeLessThanOrEqual((doneAt - startedAt) / 1000 + 1e-6);
      expect(c.shrink!.seconds).toBeGreaterThan(0);

      // the same figures in every report
      const out = join(dir, `found-${id}`);
      writeReports(out, { result: r, replay: 'npx blend-harness replay x', regressionTest: undefined });
      const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      expect(json.counterexample.found).toEqual(c.found);
      expect(json.counterexample.shrink).toEqual(c.shrink);
      expect(json.shrinkingCutShort).toBe(false);
      const md = readFileSync(join(out, 'report.md'), 'utf8');
      expect(md).toContain(
        `First seen in run ${c.found!.run.toLocaleString('en-US')} after ${c.found!.actions.toLocaleString('en-US')} actions`,
      );
      expect(md).toMatch(
        new RegExp(`shrunk in \\d+\\.\\d+ s: ${c.shrink!.steps} shrinks? \\(smaller failing cases\\) of [\\d,]+ candidates tried\\.`),
      );
      expect(md).not.toContain('cut short');
      const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
      expect(junit).toContain(`<property name="firstFailureRun" value="${c.found!.run}"/>`);
      expect(junit).toContain(`<property name="firstFailureActions" value="${c.found!.actions}"/>`);
      expect(junit).toContain(`<property name="firstFailureSeconds" value="${c.found!.seconds.toFixed(3)}"/>`);
      expect(junit).toContain(`<property name="shrinkSteps" value="${c.shrink!.steps}"/>`);
      expect(junit).toContain('<property name="shrinkingCutShort" value="false"/>');
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      expect(html).toMatch(/data-testid="first-failure">first seen in run [\d,]+ after [\d,]+ actions/);
      expect(html).toMatch(/data-testid="shrink">shrunk in /);
      expect(html).not.toContain('data-testid="shrinking-cut-short"');
      // and in the bundle
      const file = join(out, 'counterexample.json');
      saveBundle(file, bundleOf(r, `mutant ${id}`));
      const b = loadBundle(file).json;
      expect(b.first_failure).toEqual(c.found);
      expect(b.shrink).toEqual({ seconds: c.shrink!.seconds, steps: c.shrink!.steps, attempts: c.shrink!.attempts, cut_short: false });
    });
  }
});

describe('the time budget bounds the shrinking', () => {
  // each first seen within the first runs (some 100 to 350 actions); a full shrink tries over a thousand candidates
  for (const id of ['BLND-BF-002', 'BLND-IDX-001']) {
    it(`${id}: ends at a 3 s budget with the smallest failing case so far, marked, and its bundle replays to the same failure`, {
      timeout: 60_000,
    }, async () => {
      const m = mutant(id);
      const settings = {
        profile: PROFILES[m.profile],
        runs: RUNS,
        steps: STEPS,
        seed: 15, // BF-002 first fails after 245 actions, IDX-001 after 84 (seed 7 reached BF-002 only after 2,800 once the generators of session 12 gained their chains: at 1 ms a step, past the budget)
        apply: m.apply,
        prepare: m.prepare,
        properties: PROPERTIES.filter((p) => p.id === id),
      };
      const full = runSuite(settings);
      expect(full.counterexample?.shrink?.cutShort).toBe(false);

      const budgetMs = 3_000;
      const t0 = performance.now();
      // found at the model's own speed (in run 2 of BF-002, run 1 of IDX-001: some 0.1 s, 0.5 s at a load
      // average of 13 on 2 cores); the shrinking, each step made to take at least 1 ms, is surely longer than
      // the budget on any machine (its full shrink runs some 27,000 and 14,500 steps: 27 s and 14 s at 1 ms)
      const probe = budgetProbe(m.apply!, m.prepare, { ms: 1, fastCases: full.counterexample!.found!.run, deadline: t0 + budgetMs });
      const r: RunResult = await runSuiteAsync({
        ...settings,
        apply: probe.apply,
        prepare: probe.prepare,
        deadline: t0 + budgetMs,
        budgetSeconds: budgetMs / 1000,
        startedAt: t0,
      });
      const suiteDone = performance.now();
      const c = r.counterexample!;
      expect(r.verdict).toBe('fail');
      expect(c.property).toBe(id);
      expect(c.shrink!.cutShort).toBe(true);
      expect(c.found!.seconds).toBeLessThan(budgetMs / 1000);
      // cut by the budget, not before it
      expect(suiteDone - t0).toBeGreaterThanOrEqual(budgetMs);
      // the exploration and the shrinking end at the budget: no step begins after it but the one in flight
      // when it ended (the budget is checked before each step). Counted, not timed: the counterexample's
      // trace, which replays its steps after the run, is the rest. A runner that checked the budget only
      // between cases, or not while shrinking, would run a candidate's further steps (or thousands) after it.
      expect(probe.late() - c.actions.length).toBeGreaterThanOrEqual(0);
      expect(probe.late() - c.actions.length).toBeLessThanOrEqual(1);
      // not minimal: the full shrink goes further (the cut one is one of its ancestors on the same path)
      const cutPath = c.path.split(':');
      const fullPath = full.counterexample!.path.split(':');
      expect(fullPath.slice(0, cutPath.length)).toEqual(cutPath);
      expect(cutPath.length).toBeLessThan(fullPath.length);
      expect(c.steps.length).toBeGreaterThanOrEqual(full.counterexample!.steps.length);
      expect(r.budget).toEqual({ seconds: budgetMs / 1000, runsCompleted: r.runsCompleted });

      // written as the CLI writes it: the bundle and the four reports
      const out = join(dir, `cut-${id}`);
      const file = join(out, 'counterexample.json');
      writeReports(out, { result: r, replay: `npx blend-harness replay ${file}`, regressionTest: undefined });
      saveBundle(file, bundleOf(r, `mutant ${id}`));

      const loaded = loadBundle(file);
      expect(loaded.json.shrink?.cut_short).toBe(true);
      expect(loaded.json.steps).toEqual(c.steps);
      // the replay reproduces the recorded failure exactly: same property, message and step
      expect(replayBundle(loaded, m)).toEqual(loaded.json.failure);
      expect(loaded.json.failure).toEqual({ property: c.property, message: c.message, step: c.failingStep });

      const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      expect(json.verdict).toBe('fail');
      expect(json.shrinkingCutShort).toBe(true);
      expect(json.counterexample.shrink.cutShort).toBe(true);
      const md = readFileSync(join(out, 'report.md'), 'utf8');
      expect(md).toContain(
        '**Shrinking cut short** by the time budget of 3 s: this counterexample is the smallest failing case found until then and may not be minimal',
      );
      expect(md).toContain('Steps (shrinking cut short, may not be minimal):');
      expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<property name="shrinkingCutShort" value="true"/>');
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      expect(html).toContain('data-testid="shrinking-cut-short"');
      expect(html).toContain('<dt>shrinking cut short</dt>');
    });
  }

  it('a sequence in flight when the budget ends stops between two steps: a long first run is cut, not run to its end', {
    timeout: 60_000,
  }, async () => {
    // one run of up to 5,000 steps on the correct model, each step made to take at least 1 ms: running
    // it all takes 5 s or more on any machine, so the 1 s budget always ends it part way
    const t0 = performance.now();
    const probe = budgetProbe(applyModel, undefined, { ms: 1, fastCases: 0, deadline: t0 + 1_000 });
    const r = await runSuiteAsync({
      profile: PROFILES['blend-v2'],
      runs: 1,
      steps: 5_000,
      seed: 5,
      deadline: t0 + 1_000,
      budgetSeconds: 1,
      apply: probe.apply,
      prepare: probe.prepare,
    });
    // ended between two steps: none began after the budget but the one in flight (counted, not timed;
    // a runner that checked the budget only between runs would run the rest of the 5,000)
    expect(probe.late()).toBeLessThanOrEqual(1);
    // nothing failed: the budget is no failure and no fault
    expect(r.verdict).toBe('pass');
    expect(r.counterexample).toBeUndefined();
    // cut part way: some steps ran, and the one run did not complete
    expect(r.budget).toEqual({ seconds: 1, runsCompleted: 0 });
    expect(r.totalSteps).toBeGreaterThan(0);
  });
});

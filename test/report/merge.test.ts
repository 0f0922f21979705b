/**
 * `run --shard k/n` and `blend-harness merge`: n shards together run the cases one run would, and
 * their merged report has one run's totals, verdict and counterexample; merging is deterministic
 * and rejects shard sets that are not one run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSuite, type RunResult, type Shard } from '../../src/run.ts';
import { MergeInputError, mergeReports } from '../../src/report/merge.ts';
import { renderJson, writeReports } from '../../src/report/write.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { MUTANTS } from '../properties/mutants.ts';

const tmp = mkdtempSync(join(tmpdir(), 'blend-merge-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, result: RunResult): string => {
  const dir = join(tmp, name);
  writeReports(dir, { result, replay: '', regressionTest: undefined });
  return dir;
};

/** report.json without the wall-clock figure (the only field that depends on the machine). */
const stable = (json: string): unknown => {
  const { durationMs: _d, ...rest } = JSON.parse(json) as Record<string, unknown>;
  return rest;
};

describe('sharded runs merge into one run', () => {
  const base = { profile: PROFILES['blend-v2'], runs: 60, steps: 40, seed: 11 } as const;
  const whole = runSuite(base);
  const shards: Shard[] = [1, 2, 3].map((index) => ({ index, count: 3 }));
  const parts = shards.map((shard) => runSuite({ ...base, shard }));
  const dirs = parts.map((r, i) => write(`pass-${i + 1}`, r));

  it('each shard runs only its cases, and together they run them all once', () => {
    expect(whole.verdict).toBe('pass');
    expect(parts.map((p) => p.runsCompleted)).toEqual([20, 20, 20]);
    expect(parts.reduce((n, p) => n + p.totalSteps, 0)).toBe(whole.totalSteps);
  });

  it('the merged report has the totals, statuses and verdict of the single run', () => {
    const m = mergeReports(dirs);
    expect(m.verdict).toBe('pass');
    expect(m.totalSteps).toBe(whole.totalSteps);
    expect(m.runsCompleted).toBe(whole.runsCompleted);
    expect(m.actions).toEqual(whole.actions);
    expect(m.rejections).toEqual(whole.rejections);
    expect(m.properties).toEqual(whole.properties);
    expect(m.merged.count).toBe(3);
  });

  it('is deterministic: the same shards in any order give the same report', () => {
    const a = renderJson({ result: mergeReports(dirs), replay: '', regressionTest: undefined });
    const b = renderJson({ result: mergeReports([...dirs].reverse()), replay: '', regressionTest: undefined });
    expect(a).toBe(b);
    // and running the shards again gives the same merged report, but for the time taken
    const again = shards.map((shard, i) => write(`again-${i + 1}`, runSuite({ ...base, shard })));
    const c = renderJson({ result: mergeReports(again), replay: '', regressionTest: undefined });
    const { merged: _ma, ...sa } = stable(a) as Record<string, unknown>;
    const { merged: _mc, ...sc } = stable(c) as Record<string, unknown>;
    expect(sc).toEqual(sa);
  });

  it('a failure: the merged counterexample is the one the single run finds and shrinks', () => {
    const m = MUTANTS.find((x) => x.property === 'BLND-CLAIM-001')!;
    const opts = { profile: PROFILES[m.profile], runs: 200, steps: 120, seed: 5, apply: m.apply, prepare: m.prepare };
    const single = runSuite(opts);
    expect(single.verdict).toBe('fail');
    const failing = [1, 2, 3, 4].map((index) => write(`fail-${index}`, runSuite({ ...opts, shard: { index, count: 4 } })));
    const merged = mergeReports(failing);
    expect(merged.verdict).toBe('fail');
    expect(merged.counterexample?.path).toBe(single.counterexample?.path);
    expect(merged.counterexample?.steps).toEqual(single.counterexample?.steps);
    expect(merged.properties.find((p) => p.id === 'BLND-CLAIM-001')?.status).toBe('failed');
  });

  describe('shard sets that are not one run are refused with one line naming the file', () => {
    const bad = (name: string, edit: (r: Record<string, unknown>) => void, from = 0): string => {
      const dir = join(tmp, name);
      writeReports(dir, { result: parts[from]!, replay: '', regressionTest: undefined });
      const file = join(dir, 'report.json');
      const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      edit(json);
      writeFileSync(file, JSON.stringify(json));
      return dir;
    };
    const cases: [string, () => string[], RegExp][] = [
      ['a shard missing', () => dirs.slice(0, 2), /shard 3\/3 missing/],
      ['a shard twice', () => [dirs[0]!, dirs[0]!, dirs[1]!], /shard 1\/3 again/],
      ['another seed', () => [dirs[0]!, dirs[1]!, bad('seed', (r) => (r.seed = 12), 2)], /seed 12, expected 11/],
      [
        'another shard count',
        () => [dirs[0]!, dirs[1]!, bad('count', (r) => (r.shard = { index: 3, count: 4 }), 2)],
        /shard 3\/4, expected one of 3 shards/,
      ],
      ['not a shard report', () => [bad('noshard', (r) => delete r.shard)], /not a shard report/],
      ['an incomplete shard', () => [dirs[0]!, dirs[1]!, bad('incomplete', (r) => (r.complete = false), 2)], /incomplete/],
      [
        'a shard written while it still ran (--report-every), its process killed',
        () => [
          dirs[0]!,
          dirs[1]!,
          bad(
            'in-progress',
            (r) => {
              r.complete = false;
              r.inProgress = { writtenAt: '2026-12-07T04:00:00.000Z', seconds: 30, everySeconds: 15 };
            },
            2,
          ),
        ],
        /in-progress\/report\.json: shard 3\/3 is a report written while it still ran/,
      ],
      [
        'a malformed report',
        () => [dirs[0]!, dirs[1]!, bad('malformed', (r) => (r.totalSteps = 'many'), 2)],
        /not a blend-harness report: \/totalSteps must be integer/,
      ],
      ['no report at all', () => [dirs[0]!, dirs[1]!, join(tmp, 'nothing-here')], /nothing-here\/report\.json: cannot read it \(ENOENT\)/],
    ];
    for (const [what, dirsOf, message] of cases) {
      it(what, () => {
        const d = dirsOf();
        expect(() => mergeReports(d)).toThrow(MergeInputError);
        expect(() => mergeReports(d)).toThrow(message);
      });
    }
    it('a file that is not JSON', () => {
      const dir = join(tmp, 'notjson');
      writeReports(dir, { result: parts[2]!, replay: '', regressionTest: undefined });
      writeFileSync(join(dir, 'report.json'), '{"tool": "blend-emissions-harness", ');
      expect(() => mergeReports([dirs[0]!, dirs[1]!, dir])).toThrow(/notjson\/report\.json: not JSON/);
    });
  });
});

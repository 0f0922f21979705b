/**
 * `run --report-every` (src/report/periodic.ts): taking the result so far while a run goes on
 * changes nothing of what its seed runs, in one process and with `--workers 2`, where what is taken
 * is the merged progress of the chunks (src/workers/pool.ts `soFar`); a failure reads fail from the
 * time it is seen, before its counterexample is shrunk.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../spec/profiles.ts';
import { runSuiteAsync, type RunOptions, type RunResult } from '../../src/run.ts';
import { runSuiteWorkers, soFar } from '../../src/workers/pool.ts';
import { comparableRun, firstBlendV2Variant } from './same-for-workers.ts';

/**
 * `go` run with a sink taking the result so far before every case the run starts (the poll between
 * cases, `stopped`; with workers, before every case of the main thread's chunks), never stopping it:
 * the result and the takes, in order. Not on a timer: a timer fires only when the run yields (every
 * 10 ms), so what it sees depends on the machine's speed.
 */
async function taking(
  go: (o: Pick<RunOptions, 'progress' | 'stopped'>) => Promise<RunResult>,
): Promise<{ result: RunResult; takes: RunResult[] }> {
  const takes: RunResult[] = [];
  let take: (() => RunResult) | undefined;
  const result = await go({
    progress: (t) => {
      take = t;
    },
    stopped: () => {
      if (take !== undefined) takes.push(take());
      return undefined;
    },
  });
  return { result, takes };
}

describe('run: the result so far', () => {
  it('one process and --workers 2: the same result with it; the merged progress counts up', async () => {
    const opts = { profile: PROFILES['blend-v2'], runs: 120, steps: 40, seed: 7 };
    const plain = comparableRun(await runSuiteAsync(opts));
    expect(plain.verdict).toBe('pass');
    const one = await taking((o) => runSuiteAsync({ ...opts, ...o }));
    expect(comparableRun(one.result)).toEqual(plain);
    const two = await taking((o) => runSuiteWorkers({ ...opts, workers: 2, ...o }));
    expect(comparableRun(two.result)).toEqual(plain);
    for (const { takes } of [one, two]) {
      expect(takes.length).toBeGreaterThan(0);
      expect(takes.every((t) => t.verdict === 'pass' && (t.runsCompleted ?? 0) <= 120)).toBe(true);
      const steps = takes.map((t) => t.totalSteps);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
    }
    expect(one.takes.some((t) => (t.runsCompleted ?? 0) > 0)).toBe(true);
    expect(two.takes.some((t) => (t.runsCompleted ?? 0) > 0)).toBe(true);
  }, 180_000);

  it('a deliberately wrong variant: fail from the first failure on, the same counterexample', async () => {
    const { mutant: m } = firstBlendV2Variant();
    const opts = { profile: PROFILES[m.profile], runs: 400, steps: 100, seed: 3, apply: m.apply, prepare: m.prepare };
    const plain = comparableRun(await runSuiteAsync(opts));
    expect(plain.verdict).toBe('fail');
    // taken before every case: a shrink ends within a yield window of 10 ms too, and a timer then saw no take after the failure
    const { result, takes } = await taking((o) => runSuiteAsync({ ...opts, ...o }));
    expect(comparableRun(result)).toEqual(plain);
    const first = takes.findIndex((t) => t.verdict === 'fail');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(takes.slice(first).every((t) => t.verdict === 'fail' && t.counterexample === undefined)).toBe(true);
    expect(takes[first]!.properties.find((p) => p.status === 'failed')?.id).toBe(m.property);
  }, 180_000);

  it('soFar: chunks in case order up to the first that ended; a failure so far (no counterexample yet) reads fail', () => {
    const r = (runsCompleted: number, verdict: RunResult['verdict'] = 'pass') => ({ runsCompleted, verdict }) as RunResult;
    const sum = (parts: { result: RunResult }[]): RunResult =>
      ({ verdict: 'pass', runsCompleted: parts.reduce((n, p) => n + (p.result.runsCompleted ?? 0), 0) }) as RunResult;
    const chunks = [
      { start: 20, result: r(5) },
      { start: 0, result: r(10) },
      { start: 10, result: r(3, 'fail') },
    ];
    const ends = (d: { result: RunResult }) => d.result.verdict !== 'pass';
    expect(soFar(chunks, ends, sum)).toEqual({ verdict: 'fail', runsCompleted: 13 });
    expect(soFar(chunks.slice(0, 2), ends, sum)).toEqual({ verdict: 'pass', runsCompleted: 15 });
  });
});

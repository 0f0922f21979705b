/**
 * What `--report-every` costs (src/report/periodic.ts): the CPU time of one in-progress write (the
 * result so far taken, judged, and the four reports rendered and renamed into place) in the middle
 * of a default-sized `run`, and the same run's CPU time with and without a write every second.
 * The share of one write per default period (15 s) follows. CPU time, which the machine's load does
 * not inflate.
 *
 *   npx tsx scripts/report-every-cost.ts [--seed N] [--runs N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runSuiteAsync, type RunResult } from '../src/run.ts';
import { judge } from '../src/exercise.ts';
import { periodicReports, REPORT_EVERY_DEFAULT } from '../src/report/periodic.ts';
import { RUN_DEFAULTS } from '../src/cli/commands/run.ts';
import { getProfile } from '../spec/profiles.ts';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '7' }, runs: { type: 'string', default: String(RUN_DEFAULTS.runs) } },
});
const profile = getProfile('blend-v2')!;
const opts = { profile, runs: Number(values.runs), steps: RUN_DEFAULTS.steps, seed: Number(values.seed) };
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const dir = mkdtempSync(join(tmpdir(), 'blend-report-every-cost-'));
try {
  // one run without, one with a write every second; then 20 writes of the finished run's size, timed one by one
  const c0 = cpuMs();
  const plain = await runSuiteAsync(opts);
  const c1 = cpuMs();
  let take: (() => RunResult) | undefined;
  const p = periodicReports<RunResult>({
    dir,
    everySeconds: 1,
    startedAt: performance.now(),
    finish: (r) => judge(r, profile),
    warn: (l) => console.error(l),
  });
  const withIt = await runSuiteAsync({
    ...opts,
    progress: (t) => {
      take = t;
      p.sink(t);
    },
  });
  p.stop();
  const c2 = cpuMs();
  const q = periodicReports<RunResult>({
    dir,
    everySeconds: 3600,
    startedAt: performance.now(),
    finish: (r) => judge(r, profile),
    warn: () => {},
  });
  q.sink(take!);
  const each: number[] = [];
  for (let i = 0; i < 20; i++) {
    const a = cpuMs();
    q.write();
    each.push(cpuMs() - a);
  }
  q.stop();
  each.sort((a, b) => a - b);
  const median = each[10]!;
  const same = plain.totalSteps === withIt.totalSteps && JSON.stringify(plain.properties) === JSON.stringify(withIt.properties);
  console.log(
    `run --profile blend-v2 --runs ${opts.runs} --seed ${opts.seed}: ${plain.totalSteps} actions, the same with the writes: ${same}`,
  );
  console.log(
    `CPU without: ${(c1 - c0).toFixed(0)} ms; with a write every 1 s: ${(c2 - c1).toFixed(0)} ms (wall ${(withIt.durationMs / 1000).toFixed(1)} s)`,
  );
  console.log(
    `one write: median ${median.toFixed(1)} ms CPU (min ${each[0]!.toFixed(1)}, max ${each.at(-1)!.toFixed(1)}); at the default ${REPORT_EVERY_DEFAULT} s: ${((median / (REPORT_EVERY_DEFAULT * 1000)) * 100).toFixed(2)}% of one core`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

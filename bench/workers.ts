/**
 * `--workers` end to end (issue 18 points 1 and 2): the actions per second a user sees, as
 * report.json gives them (totalSteps / durationMs), for `run` and for `check --impl model`, with
 * each worker count given; the wall time of the whole command (start-up included), its CPU time and
 * peak RSS (the process and its threads and children, from /usr/bin/time when present), and the
 * load average before each command (the machine may be shared).
 *
 *   npx tsx bench/workers.ts                       # run 2000 x 200 and check 300 x 200, --workers 1 and 2, seed 1
 *   BENCH_WORKERS=1,2,3 BENCH_SEED=5 npx tsx bench/workers.ts
 *   BENCH_RUN="2000 200" BENCH_CHECK="300 200" npx tsx bench/workers.ts   # runs and steps of each ("0": skip it)
 *
 * Each command is `node bin/blend-harness.mjs …` (the sources through tsx, as in a checkout); with
 * BLEND_HARNESS_DIST=1 the compiled dist/ (npm run build first). The same seed for every worker
 * count: the counts must be equal (printed), only the times differ.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = new URL('../bin/blend-harness.mjs', import.meta.url).pathname;
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const SEED = process.env.BENCH_SEED ?? '1';
const PROFILE = process.env.BENCH_PROFILE ?? 'blend-v2';
const pair = (v: string | undefined, d: string): [number, number] => (v ?? d).split(/\s+/).map(Number) as [number, number];
const RUN = pair(process.env.BENCH_RUN, '2000 200');
const CHECK = pair(process.env.BENCH_CHECK, '300 200');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

export interface Row {
  command: string;
  workers: number;
  load: number;
  verdict: string;
  actions: number;
  runs: number;
  durationMs: number;
  wallMs: number;
  cpuS?: number;
  rssMb?: number;
}

/**
 * `node bin/blend-harness.mjs COMMAND --profile PROFILE --runs RUNS --steps STEPS --seed SEED
 * --workers WORKERS` as a user runs it: report.json's counts and durationMs, the wall time, and
 * (with /usr/bin/time) the CPU time and peak RSS of the process, its threads and the children it
 * waited for. Throws unless it exits 0 or 4 (insufficient).
 */
export function measure(
  command: 'run' | 'check',
  runs: number,
  steps: number,
  workers: number,
  profile: string = PROFILE,
  seed: string = SEED,
): Row {
  const out = mkdtempSync(join(tmpdir(), 'bench-workers-'));
  const args = [BIN, command, '--profile', profile, '--runs', String(runs), '--steps', String(steps), '--seed', seed];
  if (command === 'check') args.push('--impl', 'model', '--time-budget', '3600', '--corpus', join(out, 'corpus'));
  args.push('--workers', String(workers), '--out', out);
  const load = loadavg()[0]!;
  const t0 = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', 'TIME %e %U %S %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0 && r.status !== 4) throw new Error(`${command} --workers ${workers} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  const time = /TIME (\S+) (\S+) (\S+) (\d+)/.exec(r.stderr ?? '');
  rmSync(out, { recursive: true, force: true });
  return {
    command,
    workers,
    load,
    verdict: report.verdict,
    actions: report.totalSteps,
    runs: report.runsCompleted,
    durationMs: report.durationMs,
    wallMs,
    ...(time ? { cpuS: Number(time[2]) + Number(time[3]), rssMb: Math.round(Number(time[4]) / 1024) } : {}),
  };
}

function main(): void {
  const rows: Row[] = [];
  for (const [command, [runs, steps]] of [
    ['run', RUN],
    ['check', CHECK],
  ] as const) {
    if (runs === 0) continue;
    for (const workers of WORKERS) {
      const row = measure(command, runs, steps, workers);
      rows.push(row);
      const rate = Math.round(row.actions / (row.durationMs / 1000));
      console.log(
        `${command} --profile ${PROFILE} --runs ${runs} --steps ${steps} --seed ${SEED} --workers ${workers}: ${row.actions} actions in ${row.runs} runs (${row.verdict}), ${Math.round(row.durationMs)} ms → ${rate} actions/s; wall ${(row.wallMs / 1000).toFixed(1)} s${row.cpuS !== undefined ? `, CPU ${row.cpuS.toFixed(1)} s, peak RSS ${row.rssMb} MB` : ''}; load ${row.load.toFixed(1)}`,
      );
    }
    const same = rows.filter((r) => r.command === command);
    if (new Set(same.map((r) => `${r.actions}/${r.runs}/${r.verdict}`)).size > 1)
      console.log(`  ${command}: the counts DIFFER between worker counts`);
    const base = same.find((r) => r.workers === 1);
    if (base)
      for (const r of same.filter((x) => x.workers !== 1))
        console.log(`  ${command}: --workers ${r.workers} / --workers 1 = ${(base.durationMs / r.durationMs).toFixed(2)}x (actions/s)`);
  }
  console.log(`machine: ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, node ${process.version}`);
}

if (process.argv[1]?.endsWith('workers.ts')) main();

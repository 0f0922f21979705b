/**
 * `npx tsx bench/run-rate.ts` (issue 18 point 2): the end-to-end rate of `run` as a user sees it,
 * with 1 and with 2 workers, and the time of a bare `run`; on a shared machine, with the CPU time
 * that says more than the wall clock.
 *
 *   npx tsx bench/run-rate.ts                         # 3 interleaved rounds, blend-v2, 2000 x 200, seed 1
 *   BENCH_REPEAT=5 BENCH_RUN="600 200" npx tsx bench/run-rate.ts
 *   BENCH_BIN=bin/blend-harness.mjs npx tsx bench/run-rate.ts   # the sources through tsx (default: dist/, npm run build first)
 *
 * Each round runs, one after the other (so that a change of load hits every configuration alike):
 * `run --profile blend-v2 --runs 2000 --steps 200 --seed 1 --workers 1`, the same with `--workers
 * 2`, and a bare `run --seed 1` (the defaults: 1,400 runs of up to 120 steps, a worker per core).
 * For each it prints the actions per second as report.json gives them (totalSteps / durationMs:
 * what the progress line shows), the wall time of the whole process (start-up included), the load
 * average before it, and the CPU seconds of the process split by thread, read from
 * /proc/PID/task/TID/stat every 20 ms while it runs: the main thread (which runs the first worker's
 * chunks), the other threads together (a `--workers 2` thread, and V8's platform threads: the
 * optimizing compiler and the concurrent garbage collector), and actions per CPU second of the
 * whole process. Then the medians per configuration and the ratio --workers 2 / --workers 1.
 * The counts of a seed must be the same for every worker count (checked).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST_BIN = join(ROOT, 'dist/bin/blend-harness.mjs');
const BIN = process.env.BENCH_BIN ? join(ROOT, process.env.BENCH_BIN) : DIST_BIN;
if (BIN === DIST_BIN && !existsSync(DIST_BIN)) {
  console.error('bench/run-rate: no dist/ (run `npm run build` first, or BENCH_BIN=bin/blend-harness.mjs for the sources)');
  process.exit(2);
}
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const SEED = process.env.BENCH_SEED ?? '1';
const PROFILE = process.env.BENCH_PROFILE ?? 'blend-v2';
const [RUNS, STEPS] = (process.env.BENCH_RUN ?? '2000 200').split(/\s+/);
const BARE = process.env.BENCH_BARE !== '0';
/** USER_HZ: /proc stat times are in ticks of 10 ms on Linux. */
const TICK_MS = 10;

interface Sample {
  readonly label: string;
  readonly load: number;
  readonly actions: number;
  readonly runs: number;
  readonly verdict: string;
  readonly durationMs: number;
  readonly wallMs: number;
  /** CPU seconds: the main thread, the other threads, the process. */
  readonly mainCpu: number;
  readonly otherCpu: number;
}

/** CPU ms of each thread of `pid` (utime + stime), merged into `into` (a thread's last reading wins). */
function readThreads(pid: number, into: Map<number, number>): void {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      into.set(Number(tid), (Number(f[11]) + Number(f[12])) * TICK_MS);
    } catch {
      // the thread ended between the listing and the read: its last reading stands
    }
  }
}

function measure(label: string, args: readonly string[]): Promise<Sample> {
  const out = mkdtempSync(join(tmpdir(), 'bench-run-rate-'));
  const load = loadavg()[0]!;
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'run', ...args, '--out', out], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CI: '1', BLEND_HARNESS_DIST: '1' },
  });
  const pid = child.pid!;
  const threads = new Map<number, number>();
  const poll = setInterval(() => readThreads(pid, threads), 20);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      clearInterval(poll);
      const wallMs = performance.now() - t0;
      try {
        if (code !== 0 && code !== 4) throw new Error(`${label} exited ${code}: ${stderr.slice(-500)}`);
        const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
        let mainCpu = 0;
        let otherCpu = 0;
        for (const [tid, ms] of threads)
          if (tid === pid) mainCpu += ms / 1000;
          else otherCpu += ms / 1000;
        resolve({
          label,
          load,
          actions: report.totalSteps,
          runs: report.runsCompleted,
          verdict: report.verdict,
          durationMs: report.durationMs,
          wallMs,
          mainCpu,
          otherCpu,
        });
      } catch (e) {
        reject(e);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  });
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const configs: [string, string[]][] = [
  ['--workers 1', ['--profile', PROFILE, '--runs', RUNS!, '--steps', STEPS!, '--seed', SEED, '--workers', '1']],
  ['--workers 2', ['--profile', PROFILE, '--runs', RUNS!, '--steps', STEPS!, '--seed', SEED, '--workers', '2']],
  ...(BARE ? ([['bare run', ['--seed', SEED]]] as [string, string[]][]) : []),
];
console.log(
  `bench/run-rate: ${BIN.replace(ROOT, '')} run --profile ${PROFILE} --runs ${RUNS} --steps ${STEPS} --seed ${SEED}, ${REPEAT} interleaved rounds; ${cpus().length} cores, node ${process.version}`,
);
const samples: Sample[] = [];
for (let r = 0; r < REPEAT; r++)
  for (const [label, args] of configs) {
    const s = await measure(label, args);
    samples.push(s);
    const cpu = s.mainCpu + s.otherCpu;
    console.log(
      `${label.padEnd(12)} ${s.actions} actions, ${s.runs} runs (${s.verdict}): ${fmt(s.durationMs)} ms → ${fmt(s.actions / (s.durationMs / 1000))} actions/s; wall ${(s.wallMs / 1000).toFixed(2)} s; CPU ${cpu.toFixed(2)} s (main thread ${s.mainCpu.toFixed(2)}, other threads ${s.otherCpu.toFixed(2)}) → ${fmt(s.actions / cpu)} actions per CPU s; load ${s.load.toFixed(1)}`,
    );
  }
console.log('medians:');
const med: Record<string, { rate: number; wall: number }> = {};
for (const [label] of configs) {
  const ss = samples.filter((s) => s.label === label);
  const rate = median(ss.map((s) => s.actions / (s.durationMs / 1000)));
  const wall = median(ss.map((s) => s.wallMs / 1000));
  const perCpu = median(ss.map((s) => s.actions / (s.mainCpu + s.otherCpu)));
  const other = median(ss.map((s) => s.otherCpu / (s.mainCpu + s.otherCpu)));
  med[label] = { rate, wall };
  console.log(
    `  ${label.padEnd(12)} ${fmt(rate)} actions/s (report.json), wall ${wall.toFixed(2)} s, ${fmt(perCpu)} actions per CPU s, ${(100 * other).toFixed(0)}% of the CPU on threads other than the main one`,
  );
  if (new Set(ss.map((s) => `${s.actions}/${s.runs}/${s.verdict}`)).size > 1) console.log(`  ${label}: the counts DIFFER between rounds`);
}
const one = samples.filter((s) => s.label === '--workers 1');
const two = samples.filter((s) => s.label === '--workers 2');
if (one[0] && two[0] && `${one[0].actions}/${one[0].runs}/${one[0].verdict}` !== `${two[0].actions}/${two[0].runs}/${two[0].verdict}`)
  console.log('  the counts DIFFER between --workers 1 and --workers 2');
console.log(`  --workers 2 / --workers 1 = ${(med['--workers 2']!.rate / med['--workers 1']!.rate).toFixed(2)}x (actions/s, medians)`);

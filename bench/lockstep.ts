/**
 * `npx tsx bench/lockstep.ts [RUNS [STEPS]]`: lockstep actions per second of `blend-harness check`
 * against the real v2 contracts (the Soroban driver over the check protocol), the raw host call
 * rate of the same calls made directly inside the driver, and the ratio of the two (the harness's
 * overhead).
 *
 * 1. A lockstep check (profile blend-v2, RUNS sequences of up to STEPS steps, seed 42; default
 *    200 x 50; the state compared in full every k = FULL_STATE_EVERY steps as `check` does, or
 *    BENCH_K) runs against the driver with `BLEND_SOROBAN_TRACE` set, so the driver records every
 *    request it answers; timed on the wall clock (two processes: the harness and the driver), and
 *    in CPU seconds of each process (the driver's counted when it is reaped).
 * 2. `adapters/soroban/examples/direct_bench.rs` replays that trace into `Driver::init`/`reinit`,
 *    `Driver::call` and `Driver::state_text` in one process, timed: the same genesis and restores,
 *    entry-point calls and state reads, without the protocol, the pipe, the model, the invariants or
 *    the comparisons.
 *
 * Printed: lockstep actions/s (wall, and per CPU second of both processes: what an idle machine
 * approaches, the two processes taking turns), raw host calls/s (the entry-point calls alone),
 * the overhead ratio (raw call rate / lockstep rate), and where the driver's time goes. Builds the
 * driver and the example first (cargo, incremental, in the target directory `--impl soroban` uses).
 * BENCH_REPEAT (default 3): best of N direct passes. BENCH_KEEP_TRACE=FILE keeps the request trace.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../src/check/check.ts';
import { SubprocessImplementation } from '../src/check/subprocess.ts';
import { ensureSorobanDriver, findCargo, shellQuote, SOROBAN_MANIFEST, sorobanTargetDir } from '../src/check/soroban.ts';
import { PROFILES } from '../spec/profiles.ts';
import { FULL_STATE_EVERY } from '../src/check/lockstep.ts';

const RUNS = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 200);
const STEPS = Number(process.argv[3] ?? process.env.BENCH_STEPS ?? 50);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const SEED = 42;
const K = Number(process.env.BENCH_K ?? FULL_STATE_EVERY);

/** CPU seconds of this process's reaped children (/proc/self/stat cutime + cstime; 0 elsewhere). */
function childCpuSeconds(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // fields 16 and 17 (cutime, cstime) are the 14th and 15th after the command
    return (Number(rest[13]) + Number(rest[14])) / 100;
  } catch {
    return 0;
  }
}

const target = sorobanTargetDir();
const bin = await ensureSorobanDriver({ notice: (l) => console.error(l) });
const cargo = findCargo()!;
const example = spawnSync(cargo, ['build', '--release', '--quiet', '--example', 'direct_bench', '--manifest-path', SOROBAN_MANIFEST], {
  env: { ...process.env, CARGO_TARGET_DIR: target },
  encoding: 'utf8',
});
if (example.status !== 0) throw new Error(`bench: building examples/direct_bench.rs failed:\n${example.stderr}`);
const direct = join(target, 'release', 'examples', 'direct_bench');

const tmp = mkdtempSync(join(tmpdir(), 'blend-bench-lockstep-'));
try {
  const trace = join(tmp, 'trace.jsonl');
  console.log(
    `lockstep bench: check --impl soroban --profile blend-v2, ${RUNS} sequences of up to ${STEPS} steps, seed ${SEED}, full state comparison every k = ${K} steps; node ${process.version}`,
  );

  // 1. the lockstep check, the driver tracing its requests
  const impl = new SubprocessImplementation({ command: `BLEND_SOROBAN_TRACE=${shellQuote(trace)} ${shellQuote(bin)}`, timeoutMs: 60_000 });
  const cpu0 = process.cpuUsage();
  const child0 = childCpuSeconds();
  const t0 = performance.now();
  const r = await runCheck({ profile: PROFILES['blend-v2'], runs: RUNS, steps: STEPS, seed: SEED, impl, fullStateEvery: K });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await impl.close();
  const harnessCpu = (cpu.user + cpu.system) / 1e6;
  const driverCpu = childCpuSeconds() - child0;
  if (r.verdict !== 'pass') throw new Error(`bench: the lockstep check did not pass: ${r.counterexample?.message ?? r.fault?.message}`);

  // 2. the same requests straight into the driver
  const out = spawnSync(direct, [trace, String(REPEAT)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (out.status !== 0) throw new Error(`bench: direct_bench failed:\n${out.stderr}`);
  const d = JSON.parse(out.stdout.trim()) as {
    requests: number;
    inits: number;
    actions: number;
    states: number;
    init_s: number;
    call_s: number;
    state_s: number;
    init_cpu_s: number;
    call_cpu_s: number;
    state_cpu_s: number;
  };
  const requests = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '').length;
  if (d.actions !== r.totalSteps) throw new Error(`bench: the trace holds ${d.actions} actions, the check counted ${r.totalSteps}`);

  const directTotal = d.init_s + d.call_s + d.state_s;
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const ms = (s: number, n: number): string => `${((s / n) * 1000).toFixed(3)} ms`;
  const lockstepRate = r.totalSteps / wall;
  const cpuRate = r.totalSteps / (harnessCpu + driverCpu);
  const rawRate = d.actions / d.call_s;
  const rawCpuRate = d.actions / d.call_cpu_s;
  console.log(
    `  ${fmt(r.totalSteps)} actions, ${fmt(d.inits)} inits (1 genesis; the rest restored, or rebuilt past the ledger-size bound), ${fmt(d.states)} state reads, ${r.stateReplies?.read ?? 0} of them in full (${fmt(requests)} requests)`,
  );
  console.log(
    `lockstep actions/s: ${fmt(lockstepRate)} (wall ${wall.toFixed(2)} s); per CPU second of both processes ${fmt(cpuRate)} (harness ${harnessCpu.toFixed(2)} s, driver ${driverCpu.toFixed(2)} s)`,
  );
  console.log(
    `raw host calls/s: ${fmt(rawRate)} wall, ${fmt(rawCpuRate)} per CPU second (Driver::call in process, the pass of least CPU of ${REPEAT}: ${ms(d.call_cpu_s, d.actions)} of CPU a call)`,
  );
  console.log(
    `overhead ratio (raw host call rate / lockstep rate): ${(rawRate / lockstepRate).toFixed(2)}x wall, ${(rawCpuRate / cpuRate).toFixed(2)}x per CPU second`,
  );
  console.log(
    `direct (Driver::init/reinit/call/state_text in process): ${directTotal.toFixed(2)} s wall, ${fmt(d.actions / directTotal)} actions/s; CPU: inits ${d.init_cpu_s.toFixed(2)} s (${fmt(d.inits)}: 1 genesis, the rest restored), calls ${d.call_cpu_s.toFixed(2)} s, state reads ${d.state_cpu_s.toFixed(2)} s (${ms(d.state_cpu_s, d.states)} each); ${fmt(d.actions / (d.init_cpu_s + d.call_cpu_s + d.state_cpu_s))} actions per CPU second`,
  );
  console.log(
    `  the harness's share of the lockstep wall time: ${(((wall - directTotal) / wall) * 100).toFixed(0)}% (model, invariants, state comparison, JSON and the pipe)`,
  );
  // BENCH_KEEP_TRACE=FILE keeps the request trace (to replay into direct_bench alone)
  if (process.env.BENCH_KEEP_TRACE) copyFileSync(trace, process.env.BENCH_KEEP_TRACE);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

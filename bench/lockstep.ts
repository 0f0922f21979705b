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
 * BENCH_SNAPSHOT=FILE: profile blend-v1 on that ledger snapshot (`check --snapshot FILE`) instead.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../src/check/check.ts';
import { SubprocessImplementation } from '../src/check/subprocess.ts';
import { ensureSorobanDriver, findCargo, shellQuote, SOROBAN_MANIFEST, sorobanTargetDir } from '../src/check/soroban.ts';
import { PROFILES, type ProfileName } from '../spec/profiles.ts';
import type { WorldConfig } from '../src/world/create.ts';
import { FULL_STATE_EVERY } from '../src/check/lockstep.ts';
import { snapshotCheckOf } from '../src/check/scenario.ts';

const SEED = 42;

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

/** What `lockstepBench` measured: one lockstep check and the same requests replayed into the driver. */
export interface LockstepFigures {
  readonly actions: number;
  readonly inits: number;
  readonly states: number;
  /** State replies read in full. */
  readonly fullReads: number;
  readonly requests: number;
  /** Lockstep actions per second of wall time (harness and driver each a process). */
  readonly lockstepRate: number;
  /** Lockstep actions per CPU second of both processes. */
  readonly cpuRate: number;
  readonly wallSeconds: number;
  readonly harnessCpu: number;
  /** Of it, in the kernel (pipe writes and reads, wake-ups). */
  readonly harnessSystemCpu: number;
  readonly driverCpu: number;
  /** Raw host calls per second of wall time (`Driver::call` in process, the pass of least CPU). */
  readonly rawRate: number;
  /** Raw host calls per CPU second. */
  readonly rawCpuRate: number;
  readonly direct: {
    readonly init_s: number;
    readonly call_s: number;
    readonly state_s: number;
    readonly init_cpu_s: number;
    readonly call_cpu_s: number;
    readonly state_cpu_s: number;
    /** `claimable` queries (the harness's read of what each user may claim): counted and timed apart. */
    readonly queries: number;
    readonly query_s: number;
    readonly query_cpu_s: number;
  };
}

/**
 * The lockstep check of `profile` against the real contracts (the Soroban driver, built first),
 * `runs` sequences of up to `steps` steps, seed 42, k = `k`; then the same requests replayed into
 * the driver in process (`examples/direct_bench.rs`, best of `repeat` passes). `world`: a snapshot
 * world (blend-v1 on the mainnet snapshot, src/check/scenario.ts `snapshotCheckOf`). Throws when
 * the check does not pass or the replay does not count the same actions.
 */
export async function lockstepBench(o: {
  readonly profile: ProfileName;
  readonly runs: number;
  readonly steps: number;
  readonly k?: number;
  readonly repeat?: number;
  readonly world?: WorldConfig;
  readonly keepTrace?: string;
}): Promise<LockstepFigures> {
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
    // 1. the lockstep check, the driver tracing its requests
    const impl = new SubprocessImplementation({
      command: `BLEND_SOROBAN_TRACE=${shellQuote(trace)} ${shellQuote(bin)}`,
      timeoutMs: 60_000,
    });
    const cpu0 = process.cpuUsage();
    const child0 = childCpuSeconds();
    const t0 = performance.now();
    let r: Awaited<ReturnType<typeof runCheck>>;
    try {
      r = await runCheck({
        profile: PROFILES[o.profile],
        runs: o.runs,
        steps: o.steps,
        seed: SEED,
        impl,
        fullStateEvery: o.k ?? FULL_STATE_EVERY,
        ...(o.world ? { world: o.world } : {}),
      });
    } finally {
      await impl.close();
    }
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const harnessCpu = (cpu.user + cpu.system) / 1e6;
    const driverCpu = childCpuSeconds() - child0;
    // a snapshot check of a few runs may end `insufficient` (rules not exercised): every step still agreed
    if (r.verdict !== 'pass' && (r.verdict !== 'insufficient' || r.finding !== undefined || r.fault !== undefined))
      throw new Error(`bench: the lockstep check did not pass (${r.verdict}): ${r.counterexample?.message ?? r.fault?.message}`);

    // 2. the same requests straight into the driver
    if (o.keepTrace) copyFileSync(trace, o.keepTrace);
    const out = spawnSync(direct, [trace, String(o.repeat ?? 3)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (out.status !== 0) throw new Error(`bench: direct_bench failed:\n${out.stderr}`);
    const d = JSON.parse(out.stdout.trim()) as LockstepFigures['direct'] & { inits: number; actions: number; states: number };
    const requests = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '').length;
    if (d.actions !== r.totalSteps) throw new Error(`bench: the trace holds ${d.actions} actions, the check counted ${r.totalSteps}`);
    return {
      actions: r.totalSteps,
      inits: d.inits,
      states: d.states,
      fullReads: r.stateReplies?.read ?? 0,
      requests,
      lockstepRate: r.totalSteps / wall,
      cpuRate: r.totalSteps / (harnessCpu + driverCpu),
      wallSeconds: wall,
      harnessCpu,
      harnessSystemCpu: cpu.system / 1e6,
      driverCpu,
      rawRate: d.actions / d.call_s,
      rawCpuRate: d.actions / d.call_cpu_s,
      direct: d,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const RUNS = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 200);
  const STEPS = Number(process.argv[3] ?? process.env.BENCH_STEPS ?? 50);
  const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
  const K = Number(process.env.BENCH_K ?? FULL_STATE_EVERY);
  // BENCH_SNAPSHOT=FILE: profile blend-v1 on that ledger snapshot (as `npm run bench` runs it)
  const snapshot = process.env.BENCH_SNAPSHOT;
  const profile: ProfileName = snapshot ? 'blend-v1' : 'blend-v2';
  const world = snapshot ? snapshotCheckOf(snapshot, undefined, profile)?.world : undefined;
  console.log(
    `lockstep bench: check --impl soroban --profile ${profile}${snapshot ? ` --snapshot ${snapshot}` : ''}, ${RUNS} sequences of up to ${STEPS} steps, seed ${SEED}, full state comparison every k = ${K} steps; node ${process.version}`,
  );
  // BENCH_KEEP_TRACE=FILE keeps the request trace (to replay into direct_bench alone)
  const f = await lockstepBench({
    profile,
    runs: RUNS,
    steps: STEPS,
    k: K,
    repeat: REPEAT,
    keepTrace: process.env.BENCH_KEEP_TRACE,
    ...(world ? { world } : {}),
  });
  const d = f.direct;
  const directTotal = d.init_s + d.call_s + d.state_s + d.query_s;
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const ms = (s: number, n: number): string => `${((s / n) * 1000).toFixed(3)} ms`;
  console.log(
    `  ${fmt(f.actions)} actions, ${fmt(f.inits)} inits (1 genesis; each sequence in a new host over the post-genesis ledger), ${fmt(f.states)} state reads, ${f.fullReads} of them in full (${fmt(f.requests)} requests)`,
  );
  console.log(
    `lockstep actions/s: ${fmt(f.lockstepRate)} (wall ${f.wallSeconds.toFixed(2)} s); per CPU second of both processes ${fmt(f.cpuRate)} (harness ${f.harnessCpu.toFixed(2)} s, ${f.harnessSystemCpu.toFixed(2)} s of it in the kernel; driver ${f.driverCpu.toFixed(2)} s)`,
  );
  console.log(
    `raw host calls/s: ${fmt(f.rawRate)} wall, ${fmt(f.rawCpuRate)} per CPU second (Driver::call in process, the pass of least CPU of ${REPEAT}: ${ms(d.call_cpu_s, f.actions)} of CPU a call)`,
  );
  console.log(
    `overhead ratio (raw host call rate / lockstep rate): ${(f.rawRate / f.lockstepRate).toFixed(2)}x wall, ${(f.rawCpuRate / f.cpuRate).toFixed(2)}x per CPU second`,
  );
  console.log(
    `direct (Driver::init/reinit/call/state_text in process): ${directTotal.toFixed(2)} s wall, ${fmt(f.actions / directTotal)} actions/s; CPU: inits ${d.init_cpu_s.toFixed(2)} s (${fmt(f.inits)}: 1 genesis, each sequence a new host), calls ${d.call_cpu_s.toFixed(2)} s, state reads ${d.state_cpu_s.toFixed(2)} s (${ms(d.state_cpu_s, f.states)} each), claimable queries ${d.query_cpu_s.toFixed(2)} s (${d.queries}); ${fmt(f.actions / (d.init_cpu_s + d.call_cpu_s + d.state_cpu_s + d.query_cpu_s))} actions per CPU second`,
  );
  console.log(
    `  the harness's share of the lockstep wall time: ${(((f.wallSeconds - directTotal) / f.wallSeconds) * 100).toFixed(0)}% (model, invariants, state comparison, JSON and the pipe)`,
  );
}

if (process.argv[1]?.endsWith('lockstep.ts')) await main();

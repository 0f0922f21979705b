/**
 * `npx tsx bench/lockstep.ts [RUNS [STEPS]]`: lockstep actions per second of `blend-harness check`
 * against the real v2 contracts (the Soroban driver over the check protocol), and the harness's
 * overhead as a ratio to the same calls made directly inside the driver.
 *
 * 1. A lockstep check (profile blend-v2, RUNS sequences of up to STEPS steps, seed 42; default
 *    200 x 50) runs against the driver with `BLEND_SOROBAN_TRACE` set, so the driver records every
 *    request it answers; timed on the wall clock (two processes: the harness and the driver).
 * 2. `adapters/soroban/examples/direct_bench.rs` replays that trace into `Driver::init`,
 *    `Driver::call` and `Driver::state` in one process, timed: the same geneses, entry-point calls
 *    and state reads, without the protocol, the pipe, the model, the invariants or the comparisons.
 *
 * Printed: actions/s of each, the ratio lockstep time / direct time (with and without the
 * geneses), and where the driver's time goes. Builds the driver and the example first (cargo,
 * incremental, in the target directory `--impl soroban` uses). BENCH_REPEAT (default 3): best of N
 * direct passes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../src/check/check.ts';
import { SubprocessImplementation } from '../src/check/subprocess.ts';
import { ensureSorobanDriver, findCargo, shellQuote, SOROBAN_MANIFEST, sorobanTargetDir } from '../src/check/soroban.ts';
import { PROFILES } from '../spec/profiles.ts';

const RUNS = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 200);
const STEPS = Number(process.argv[3] ?? process.env.BENCH_STEPS ?? 50);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const SEED = 42;

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
    `lockstep bench: check --impl soroban --profile blend-v2, ${RUNS} sequences of up to ${STEPS} steps, seed ${SEED}; node ${process.version}`,
  );

  // 1. the lockstep check, the driver tracing its requests
  const impl = new SubprocessImplementation({ command: `BLEND_SOROBAN_TRACE=${shellQuote(trace)} ${shellQuote(bin)}`, timeoutMs: 60_000 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await runCheck({ profile: PROFILES['blend-v2'], runs: RUNS, steps: STEPS, seed: SEED, impl });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await impl.close();
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
  };
  const requests = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '').length;
  if (d.actions !== r.totalSteps) throw new Error(`bench: the trace holds ${d.actions} actions, the check counted ${r.totalSteps}`);

  const directTotal = d.init_s + d.call_s + d.state_s;
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const ms = (s: number, n: number): string => `${((s / n) * 1000).toFixed(3)} ms`;
  console.log(`  ${fmt(r.totalSteps)} actions, ${fmt(d.inits)} geneses, ${fmt(d.states)} state reads (${fmt(requests)} requests)`);
  console.log(
    `lockstep (harness + driver, over the protocol): ${wall.toFixed(2)} s wall, ${fmt(r.totalSteps / wall)} actions/s (harness process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`,
  );
  console.log(
    `direct (Driver::init/call/state in process, best of ${REPEAT}): ${directTotal.toFixed(2)} s, ${fmt(d.actions / directTotal)} actions/s`,
  );
  console.log(
    `  genesis ${d.init_s.toFixed(2)} s (${ms(d.init_s, d.inits)} each), calls ${d.call_s.toFixed(2)} s (${ms(d.call_s, d.actions)} each), state reads ${d.state_s.toFixed(2)} s (${ms(d.state_s, d.states)} each)`,
  );
  console.log(
    `overhead ratio (lockstep time / direct time): ${(wall / directTotal).toFixed(2)}x; without the geneses (lockstep time less the direct geneses, over calls + state reads): ${((wall - d.init_s) / (d.call_s + d.state_s)).toFixed(2)}x`,
  );
  console.log(
    `  the harness's share of the lockstep wall time: ${(((wall - directTotal) / wall) * 100).toFixed(0)}% (model, invariants on both sides, state comparison, JSON and the pipe)`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * `npm run bench`: model-only actions per second with every invariant checked after every step,
 * at 10 users / 5 pools and at 1,000 users / 50 pools. Sequences are generated first (untimed) with
 * the same fast-check commands the suites use, and each world is made just before its sequence, untimed;
 * the timed loop resolves each command against the world, applies it to the reference model and
 * checks every property. One thread; the figure is actions per CPU second of the process. Pin it to
 * one core with `taskset -c 0 npm run bench`.
 * Then `check` against the model, in process and over the subprocess protocol.
 */
import * as fc from 'fast-check';
import { createWorld, type WorldConfig } from '../src/world/create.ts';
import { PROFILES, type ProfileName } from '../spec/profiles.ts';
import { PROPERTIES } from '../properties/index.ts';
import { commandArbs } from '../src/commands/index.ts';
import { Harness, Stats } from '../src/harness/harness.ts';
import { DEFAULT_START } from '../src/run.ts';
import { runCheck } from '../src/check/check.ts';
import { InProcessImplementation } from '../src/check/implementation.ts';
import { SubprocessImplementation } from '../src/check/subprocess.ts';
import { MODEL_IMPL_COMMAND } from '../src/cli/main.ts';

const SEQUENCES = Number(process.env.BENCH_SEQUENCES ?? 1000);
const STEPS = Number(process.env.BENCH_STEPS ?? 200);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

/**
 * Best-of-REPEAT actions per CPU second of this process (user + system time, which includes the
 * garbage collector and is not inflated when another process shares the core).
 */
function bench(profileName: ProfileName, cfg: WorldConfig): { actions: number; perSecond: number } {
  const profile = PROFILES[profileName];
  const arb = fc.commands(commandArbs(profile), { maxCommands: STEPS, size: 'max' });
  const sequences = fc.sample(arb, { seed: 42, numRuns: SEQUENCES }).map((c) => [...c]);
  let best = 0;
  let actions = 0;
  for (let r = 0; r < REPEAT; r++) {
    const stats = new Stats();
    let cpuSeconds = 0;
    for (const sequence of sequences) {
      // a fresh world per sequence, made just before it runs (as fast-check's model run does),
      // outside the timer
      const world = createWorld(profile, cfg);
      const t0 = process.cpuUsage();
      const h = new Harness(world, PROPERTIES, stats);
      for (const cmd of sequence) cmd.run(h, h);
      const d = process.cpuUsage(t0);
      cpuSeconds += (d.user + d.system) / 1e6;
    }
    actions = stats.steps;
    best = Math.max(best, actions / cpuSeconds);
  }
  return { actions, perSecond: best };
}

const cases: [string, WorldConfig][] = [
  ['10 users / 5 pools', { users: 10, pools: 5, start: DEFAULT_START, rewardZoneGap: 1 }],
  ['1,000 users / 50 pools', { users: 1000, pools: 50, start: DEFAULT_START, rewardZoneGap: 1 }],
];
console.log(
  `blend-emissions-harness bench: ${SEQUENCES} sequences of up to ${STEPS} steps, best of ${REPEAT}, ${PROPERTIES.length} invariants after every step, actions per CPU second, node ${process.version}`,
);
for (const profile of ['documented', 'blend-v1', 'blend-v2'] as const) {
  const figures = cases.map(([name, cfg]) => [name, bench(profile, cfg)] as const);
  for (const [name, f] of figures)
    console.log(
      `${profile.padEnd(10)} ${name.padEnd(24)} ${Math.round(f.perSecond).toLocaleString('en-US').padStart(10)} actions/s  (${f.actions} actions)`,
    );
  const ratio = figures[0]![1].perSecond / figures[1]![1].perSecond;
  console.log(`${profile.padEnd(10)} large case is ${ratio.toFixed(2)}x slower than the small case`);
}

// `check`: the same lockstep run against the model in process and over the protocol (a child
// process speaking NDJSON); the ratio is the protocol's cost.
const CHECK_RUNS = Number(process.env.BENCH_CHECK_RUNS ?? 300);
if (CHECK_RUNS > 0)
  console.log(
    `\ncheck against the model: ${CHECK_RUNS} sequences of up to 50 steps, seed 42 (replies, invariants on both sides and the whole state compared after every step)`,
  );
for (const profile of CHECK_RUNS > 0 ? (['documented', 'blend-v1', 'blend-v2'] as const) : []) {
  const figures: number[] = [];
  for (const impl of [new InProcessImplementation(), new SubprocessImplementation({ command: MODEL_IMPL_COMMAND, timeoutMs: 30_000 })]) {
    const t0 = performance.now();
    const r = await runCheck({ profile: PROFILES[profile], runs: CHECK_RUNS, steps: 50, seed: 42, impl });
    const perSecond = r.totalSteps / ((performance.now() - t0) / 1000);
    await impl.close();
    if (r.verdict !== 'pass') throw new Error(`bench: the self-check failed: ${r.counterexample?.message ?? r.fault?.message}`);
    figures.push(perSecond);
  }
  const [inProcess, subprocess] = figures as [number, number];
  console.log(
    `${profile.padEnd(10)} in process ${Math.round(inProcess).toLocaleString('en-US').padStart(7)} actions/s, over the protocol ${Math.round(subprocess).toLocaleString('en-US').padStart(7)} actions/s: ${(subprocess / inProcess).toFixed(2)} of in-process`,
  );
}

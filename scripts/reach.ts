/**
 * What ordinary default runs reach (issue 17): per profile, the count of each boundary of
 * src/commands/reach.ts over a default `run` (1,300 runs x 200 steps) and over a default
 * `check --impl model` (100 runs x 50 steps, the model in process), with the wall and CPU time of each
 * (the CPU time is what the machine's load does not inflate).
 *
 * With --whale, in the world with the whale (spec/worlds.ts `whale`): its keys too.
 *
 *   npx tsx scripts/reach.ts [--seed N] [--profile P] [--no-check] [--whale]
 */
import { parseArgs } from 'node:util';
import { runSuite, DEFAULT_WORLD } from '../src/run.ts';
import { runCheck } from '../src/check/check.ts';
import { InProcessImplementation } from '../src/check/implementation.ts';
import { RUN_DEFAULTS } from '../src/cli/commands/run.ts';
import { ReachCounter, reachTargets } from '../src/commands/reach.ts';
import { PROFILE_NAMES, getProfile } from '../spec/profiles.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    profile: { type: 'string' },
    'no-check': { type: 'boolean', default: false },
    whale: { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const CHECK_DEFAULTS = { runs: 100, steps: 50 };
const whale = values.whale === true;
const world = whale ? { ...DEFAULT_WORLD, whale: true } : DEFAULT_WORLD;

for (const name of values.profile !== undefined ? [values.profile] : PROFILE_NAMES) {
  const profile = getProfile(name)!;
  const run = new ReachCounter();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = runSuite({ profile, runs: RUN_DEFAULTS.runs, steps: RUN_DEFAULTS.steps, seed, apply: run.apply, world });
  const runMs = performance.now() - t0;
  const runCpu = process.cpuUsage(cpu0);
  let check: ReachCounter | undefined;
  let checkMs = 0;
  let checkSteps = 0;
  let checkCpu = 0;
  if (!values['no-check']) {
    check = new ReachCounter();
    const t1 = performance.now();
    const cpu1 = process.cpuUsage();
    const c = await runCheck({
      profile,
      ...CHECK_DEFAULTS,
      seed,
      world,
      impl: new InProcessImplementation('reference model (in process, counting)', check.apply),
    });
    checkMs = performance.now() - t1;
    const d = process.cpuUsage(cpu1);
    checkCpu = (d.user + d.system) / 1e6;
    checkSteps = c.totalSteps;
    if (c.verdict !== 'pass') console.log(`  check verdict: ${c.verdict} ${c.fault?.message ?? c.finding?.toString() ?? ''}`);
  }
  console.log(
    `${name}: run ${r.verdict}, ${r.totalSteps} steps in ${(runMs / 1000).toFixed(2)} s (CPU ${((runCpu.user + runCpu.system) / 1e6).toFixed(2)} s)` +
      (check ? `; check --impl model ${checkSteps} steps in ${(checkMs / 1000).toFixed(2)} s (CPU ${checkCpu.toFixed(2)} s)` : ''),
  );
  const w = Math.max(...reachTargets(profile, whale).map((k) => k.length));
  for (const k of reachTargets(profile, whale))
    console.log(`  ${k.padEnd(w)}  run ${String(run.count(k)).padStart(6)}${check ? `  check ${String(check.count(k)).padStart(5)}` : ''}`);
}

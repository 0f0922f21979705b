/**
 * How many lockstep actions a `check --run-profile pr` needs before it meets the pr run profile's
 * minimum-exercise rule (src/cli/presets.ts: every generated action accepted, every rejection path
 * taken, every applicable property checked and so every rule reached, at least once), per seed:
 * the cases of the seed, in order (each of up to 150 steps), are checked until their counts meet
 * it. The sequences are those `check --impl soroban --run-profile pr --seed S` sends the real
 * contracts (the same generators, seed and cases; the driver claims blend-v2, whose lockstep part
 * it is), checked here against the reference model in process, which answers as the contracts do
 * (a divergence of the contracts would be a finding): so the count is what the driver must get
 * through within the pr profile's 40 s (its rate: docs/performance.md).
 *
 *   npx tsx scripts/pr-reach.ts [--seeds 1,2,3] [--max-runs 2000] [--profile blend-v2]
 *
 * Prints, per seed, the runs and actions that met the rule and the paths met last (those that
 * decide it), then the median and the largest over the seeds. Exit 0 when every seed met it.
 */
import { parseArgs } from 'node:util';
import type { ActionName } from '../model/actions.ts';
import { apply as modelApply } from '../model/world.ts';
import { PROPERTIES } from '../properties/index.ts';
import type { Property } from '../properties/types.ts';
import { runCheck } from '../src/check/check.ts';
import { InProcessImplementation } from '../src/check/implementation.ts';
import { RUN_PRESETS } from '../src/cli/presets.ts';
import { exerciseShortfalls } from '../src/exercise.ts';
import { Stats } from '../src/harness/harness.ts';
import { getProfile } from '../spec/profiles.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3,4,5,6,7,8,9,10' },
    'max-runs': { type: 'string', default: '2000' },
    profile: { type: 'string', default: 'blend-v2' },
  },
});
const profile = getProfile(values.profile);
if (profile === undefined) {
  process.stderr.write(`pr-reach: unknown profile ${values.profile}\n`);
  process.exit(2);
}
const pr = RUN_PRESETS.pr;
const maxRuns = Number(values['max-runs']);
const seeds = values.seeds.split(',').map(Number);

interface Met {
  readonly runs: number;
  readonly actions: number;
  readonly last: readonly string[];
}
/** Per path of the rule not met after the first case: the actions after which it was first met. */
const firstMet = new Map<string, number[]>();

/** The first case after which the seed's counts meet the pr rule (undefined: not within `maxRuns`). */
async function metAt(seed: number): Promise<{ met?: Met; short: string[]; actions: number }> {
  const accepted = new Map<ActionName, number>();
  const rejected = new Map<string, number>();
  const checks = new Map<string, number>();
  const applicable = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile!));
  // each property counted when the harness checks it (it calls `check` exactly then)
  const counted: Property[] = applicable.map((p) => ({
    ...p,
    applies: (s) => p.applies(s),
    check: (s) => {
      checks.set(p.id, (checks.get(p.id) ?? 0) + 1);
      return p.check(s);
    },
  }));
  const shortNow = (): string[] => {
    const result = {
      actions: [...accepted].map(([name, n]) => ({ name, accepted: n, rejected: 0 })),
      rejections: [...rejected].map(([key, count]) => ({ key, count })),
      properties: applicable.map((p) => ({
        id: p.id,
        claim: p.claim,
        rules: p.rules,
        checks: checks.get(p.id) ?? 0,
        status: (checks.get(p.id) ?? 0) > 0 ? ('passed' as const) : ('not exercised' as const),
      })),
      profile: profile!.name,
    };
    return exerciseShortfalls(result, profile!, pr.minExercise).map((s) => `${s.kind} ${s.name}`);
  };
  const stop = new AbortController();
  let met: Met | undefined;
  let previous: string[] = [];
  const impl = new InProcessImplementation('reference model (in process, counting)', (w, a) => {
    const out = modelApply(w, a);
    if (out.ok) accepted.set(a.fn, (accepted.get(a.fn) ?? 0) + 1);
    else {
      const k = Stats.rejectionKey(a.fn, out.error.contract, out.error.code, out.error.errorName);
      rejected.set(k, (rejected.get(k) ?? 0) + 1);
    }
    return out;
  });
  const r = await runCheck({
    profile: profile!,
    runs: maxRuns,
    steps: pr.steps,
    seed,
    impl,
    properties: counted,
    signal: stop.signal,
    onCase: (done, steps) => {
      if (met !== undefined) return;
      const short = shortNow();
      for (const p of previous) if (!short.includes(p)) firstMet.set(p, [...(firstMet.get(p) ?? []), steps]);
      if (short.length === 0) {
        met = { runs: done, actions: steps, last: previous };
        stop.abort();
      } else previous = short;
    },
  });
  if (r.verdict === 'fail' || r.verdict === 'fault')
    throw new Error(`seed ${seed}: ${r.verdict} (${r.fault?.message ?? r.finding?.toString() ?? ''})`);
  return { met, short: met === undefined ? shortNow() : [], actions: r.totalSteps };
}

const found: { seed: number; met: Met }[] = [];
for (const seed of seeds) {
  const { met, short, actions } = await metAt(seed);
  if (met === undefined) {
    console.log(`seed ${seed}: not met in ${maxRuns} runs (${actions} actions): ${short.join(', ')}`);
    continue;
  }
  found.push({ seed, met });
  console.log(`seed ${seed}: met after ${met.runs} runs, ${met.actions} actions; met last: ${met.last.join(', ')}`);
}
const a = found.map((f) => f.met.actions).sort((x, y) => x - y);
if (a.length > 0)
  console.log(
    `${found.length} of ${seeds.length} seeds met the pr rule; actions needed: median ${a[Math.floor((a.length - 1) / 2)]}, largest ${a[a.length - 1]}`,
  );
// the paths met late, latest first: the actions after which each was met, per seed that met it late
const late = [...firstMet]
  .map(([p, n]) => [p, n.sort((x, y) => x - y)] as const)
  .sort((x, y) => y[1][y[1].length - 1]! - x[1][x[1].length - 1]!);
for (const [p, n] of late.slice(0, 15))
  console.log(`  ${p}: met after ${n.join(', ')} actions (${n.length} of ${seeds.length} seeds met it after the first case)`);
process.exitCode = found.length === seeds.length ? 0 : 1;

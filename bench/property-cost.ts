/**
 * The run-time cost of one property: model-only actions per CPU second with every property, and
 * with every property but `BENCH_PROPERTY` (default BLND-CONS-005), on the same sequences (the
 * bench's: fast-check commands of blend-v2, seed 42, up to 200 steps), interleaved, best of
 * `BENCH_REPEAT`. `npx tsx bench/property-cost.ts` (BENCH_SEQUENCES, default 200).
 */
import * as fc from 'fast-check';
import { createWorld, type WorldConfig } from '../src/world/create.ts';
import { PROFILES } from '../spec/profiles.ts';
import { PROPERTIES } from '../properties/index.ts';
import type { Property } from '../properties/types.ts';
import { commandArbs } from '../src/commands/index.ts';
import { Harness, Stats } from '../src/harness/harness.ts';
import { DEFAULT_START } from '../src/run.ts';

const ID = process.env.BENCH_PROPERTY ?? 'BLND-CONS-005';
const SEQUENCES = Number(process.env.BENCH_SEQUENCES ?? 200);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 4);
const profile = PROFILES['blend-v2'];
const without = PROPERTIES.filter((p) => p.id !== ID);
if (without.length === PROPERTIES.length) throw new Error(`no property ${ID}`);

const cases: [string, WorldConfig][] = [
  ['10 users / 5 pools', { users: 10, pools: 5, start: DEFAULT_START, rewardZoneGap: 1 }],
  ['1,000 users / 50 pools', { users: 1000, pools: 50, start: DEFAULT_START, rewardZoneGap: 1 }],
];
for (const [label, cfg] of cases) {
  const arb = fc.commands(commandArbs(profile), { maxCommands: 200, size: 'max' });
  const sequences = fc.sample(arb, { seed: 42, numRuns: SEQUENCES }).map((c) => [...c]);
  const perSecond = (props: readonly Property[]): number => {
    const stats = new Stats();
    let cpu = 0;
    for (const sequence of sequences) {
      const world = createWorld(profile, cfg);
      const t0 = process.cpuUsage();
      const h = new Harness(world, props, stats);
      for (const cmd of sequence) cmd.run(h, h);
      const d = process.cpuUsage(t0);
      cpu += (d.user + d.system) / 1e6;
    }
    return stats.steps / cpu;
  };
  let bestWithout = 0;
  let bestWith = 0;
  for (let r = 0; r < REPEAT; r++) {
    bestWithout = Math.max(bestWithout, perSecond(without));
    bestWith = Math.max(bestWith, perSecond(PROPERTIES));
  }
  const slowdown = (1 - bestWith / bestWithout) * 100;
  console.log(
    `${label}: ${bestWithout.toFixed(0)} actions/CPU s without ${ID}, ${bestWith.toFixed(0)} with (${slowdown.toFixed(1)}% slower)`,
  );
}

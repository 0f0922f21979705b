/**
 * src/protocol/state-text.ts: stateText(w) is byte for byte JSON.stringify(worldToState(w)), after
 * every step of generated runs (its kept fragments never go stale), on a loaded mainnet snapshot,
 * and with the keys JavaScript orders first (array indices) and the text a string escapes.
 */
import * as fc from 'fast-check';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/create.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { commandArbs } from '../../src/commands/index.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { stateText } from '../../src/protocol/state-text.ts';
import { stateToWorld, worldToState } from '../../src/protocol/state.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { snapshotWorld } from '../../src/world/snapshot.ts';

const canonical = (w: Parameters<typeof worldToState>[0]): string => JSON.stringify(worldToState(w));

describe('stateText is JSON.stringify(worldToState(w))', () => {
  for (const name of ['documented', 'blend-v1', 'blend-v2'] as const) {
    it(`${name}: after every step of 150 generated runs`, () => {
      const profile = PROFILES[name];
      const sequences = fc.sample(fc.commands(commandArbs(profile), { maxCommands: 120, size: 'max' }), { seed: 5, numRuns: 150 });
      let steps = 0;
      for (const seq of sequences) {
        const w = createWorld(profile, DEFAULT_WORLD);
        expect(stateText(w)).toBe(canonical(w));
        const h = new Harness(
          w,
          PROPERTIES.filter((p) => p.profiles?.(profile) ?? true),
          new Stats(),
        );
        for (const cmd of seq) {
          cmd.run(h, h);
          steps++;
          const got = stateText(w);
          if (got !== canonical(w)) expect(got).toBe(canonical(w));
        }
      }
      expect(steps).toBeGreaterThan(5_000);
    });
  }

  it('index keys first, numerically; escaped names; a world read back from its state', () => {
    const w = createWorld(PROFILES['blend-v2'], DEFAULT_WORLD);
    w.lp.set('10', 5n);
    w.lp.set('9', 6n);
    w.lp.set('a"b\\c', 7n);
    w.names.set('x', 'y');
    w.pools.get('P0')!.emissionConfig = new Map([
      [10, 1n],
      [2, 3n],
      [1, 4n],
    ]);
    expect(stateText(w)).toBe(canonical(w));
    expect(stateText(w)).toContain('"lp":{"9":"6","10":"5"');
    const back = stateToWorld(PROFILES['blend-v2'], worldToState(w));
    expect(stateText(back)).toBe(canonical(w));
  });

  it('a fragment kept for a reserve is not reused once a field changes in place', () => {
    const w = createWorld(PROFILES['blend-v2'], DEFAULT_WORLD);
    const before = stateText(w);
    const r = w.pools.get('P0')!.reserves[0]!;
    r.bSupply += 1n;
    const after = stateText(w);
    expect(after).not.toBe(before);
    expect(after).toBe(canonical(w));
  });

  const SNAPSHOT = new URL('../../../shared/data/mainnet-55261759-snapshot.json', import.meta.url).pathname;
  it.skipIf(!existsSync(SNAPSHOT))('the mainnet snapshot world (skipped where ../shared is absent)', () => {
    const w = snapshotWorld({ snapshot: SNAPSHOT });
    expect(w.pools.size).toBeGreaterThan(0);
    const m = snapshotWorld({ snapshot: SNAPSHOT, migration: { reserves: 2 } });
    expect(stateText(m)).toBe(canonical(m));
    expect(stateText(w)).toBe(canonical(w));
  });
});

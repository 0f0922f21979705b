/**
 * The end-of-sequence `claimable` sample of an exact implementation (src/check/claimable.ts
 * `endOfSequenceUsers`, PROBE_UNTOUCHED): the users a sequence touched always, a window of the
 * others chosen by the sequence's hash, every user in turn over successive windows, and everybody
 * when they are few.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/actions.ts';
import { apply } from '../../model/world.ts';
import {
  actionUsers,
  chooseProbed,
  endOfSequenceUsers,
  PROBE_UNTOUCHED,
  sequenceHash,
  usersWithPositions,
} from '../../src/check/claimable.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { PROFILES } from '../../spec/profiles.ts';

const users = (n: number): string[] => Array.from({ length: n }, (_, i) => `U${i}`);

describe('chooseProbed', () => {
  it('asks everybody when the untouched are at most the window', () => {
    const all = users(20);
    expect(chooseProbed(all, new Set(), 7, 20)).toEqual(all);
    expect(chooseProbed(all, new Set(['U0', 'U5', 'U9', 'U19']), 12345, 16)).toEqual(all);
    // one more untouched than the window: a sample
    expect(chooseProbed(all, new Set(['U0', 'U5', 'U9']), 12345, 16)).toHaveLength(3 + 16);
  });

  for (const [n, window, touchedEvery] of [
    [200, 16, 0],
    [200, 16, 7],
    [37, 5, 3],
    [33, 16, 0],
  ] as const) {
    it(`${n} users, window ${window}${touchedEvery ? `, every ${touchedEvery}th touched` : ''}: the touched always, every user over ⌈untouched / window⌉ consecutive hashes`, () => {
      const all = users(n);
      const touched = new Set(touchedEvery === 0 ? [] : all.filter((_, i) => i % touchedEvery === 0));
      const untouched = all.length - touched.size;
      const windows = Math.ceil(untouched / window);
      const seen = new Set<string>();
      // consecutive hashes from an arbitrary base: windows base mod w, ..., all of them
      const base = 0x9e3779b9;
      for (let k = 0; k < windows; k++) {
        const asked = chooseProbed(all, touched, base + k, window);
        for (const t of touched) expect(asked).toContain(t);
        expect(asked.length).toBe(touched.size + window);
        // in the world's order, no repeats
        expect(asked).toEqual(all.filter((u) => asked.includes(u)));
        for (const u of asked) seen.add(u);
      }
      expect(seen.size).toBe(n);
      // one window fewer leaves someone out (the windows are disjoint up to the wrap of the last)
      const fewer = new Set<string>(touched);
      for (let k = 0; k < windows - 1; k++) for (const u of chooseProbed(all, touched, base + k, window)) fewer.add(u);
      expect(fewer.size).toBeLessThan(n);
    });
  }

  it('the same hash gives the same users', () => {
    const all = users(100);
    const t = new Set(['U3']);
    expect(chooseProbed(all, t, 42, PROBE_UNTOUCHED)).toEqual(chooseProbed(all, t, 42, PROBE_UNTOUCHED));
    expect(chooseProbed(all, t, 42, PROBE_UNTOUCHED)).not.toEqual(chooseProbed(all, t, 43, PROBE_UNTOUCHED));
  });
});

describe('the sequence it is chosen by', () => {
  const seq: Action[] = [
    { fn: 'backstop.deposit', backstop: 'backstop', from: 'U0', pool: 'P0', amount: 1_000_0000000n },
    { fn: 'pool.claim', pool: 'P0', from: 'U1', reserveTokenIds: [1], to: 'U2' },
    { fn: 'emitter.drop', list: [['U3', 1n]] },
    { fn: 'backstop.draw', backstop: 'backstop', pool: 'P0', amount: 1n, to: 'U4' },
    { fn: 'advance_time', seconds: 3_600n },
  ];

  it('actionUsers: callers, recipients and drop recipients', () => {
    expect(seq.flatMap(actionUsers)).toEqual(['U0', 'U1', 'U2', 'U3', 'U4']);
  });

  it('sequenceHash: stable, a 32-bit unsigned integer, and changed by any call', () => {
    const h = sequenceHash(seq);
    expect(h).toBe(sequenceHash(structuredClone(seq)));
    expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    expect(sequenceHash(seq.slice(0, -1))).not.toBe(h);
    expect(sequenceHash([...seq.slice(0, -1), { fn: 'advance_time', seconds: 3_601n }])).not.toBe(h);
  });

  it('a generated world: everybody with a position is asked', () => {
    const w = createWorld(PROFILES['blend-v2'], DEFAULT_WORLD);
    const steps: Action[] = [
      { fn: 'backstop.deposit', backstop: 'backstop', from: 'U0', pool: 'P0', amount: 1_000_0000000n },
      { fn: 'backstop.deposit', backstop: 'backstop', from: 'U1', pool: 'P0', amount: 1_000_0000000n },
    ];
    for (const a of steps) expect(apply(w, a).ok).toBe(true);
    const r = endOfSequenceUsers(w, steps);
    expect(r.withPositions).toBeGreaterThanOrEqual(2);
    expect(r.users).toEqual(usersWithPositions(w));
  });
});

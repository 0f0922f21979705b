/**
 * The deep-time chain (src/commands/deep-time.ts): one `eps` deadline scenario in 4 (seed bits
 * 16-17 = 2) brings a backstop depositor's BLND past 2^64 stroops, some 20 cycles of a ~4,500-year
 * advance, the distributions and a gulp, then stores it (a queue of 1 share), one cycle more and
 * claims: the claim adds to a stored accrued past 2^64 (the backstop's `func88 +421 add->sub`) and
 * sums a pool's claim past 2^64 (`claim +1330 add->sub`). The model's every property holds along
 * the chain (the harness checks them at each step), in the default world (the Comet refuses the
 * 1.9 x 10^19 stroops: ErrMaxInRatio) and in the world with the whale (accepted). One deep seed in 2
 * (bit 18) then ends with the zone tail: a reward-zone allocation past 2^64 added to by a
 * distribution (the backstop's `distribute +1167 add->sub`), the first of them allocating the pool
 * 2^64 stroops plus less than its share (session 18: `func143 +208 ge->gt`, u128_div_rem's n.hi == d
 * branch, `zoneTailSeconds`); the others, with the whale, with the
 * queue tail: a distribution over the chain's pool with all its 2^64 tokens queued (`func81 +80`),
 * after one with part of them queued whose non_queued_tokens borrows from the high half (session 19:
 * `func81 +92`, `partialQueueShares`), and a draw of 2^64 of the pool's tokens last (`func83 +123`).
 */
import { describe, expect, it } from 'vitest';
import { Deadline, endsInZone, goesDeep } from '../../src/commands/scenario.ts';
import { ReachCounter } from '../../src/commands/reach.ts';
import { zoneTailSeconds } from '../../src/commands/deep-time.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { TWO_64 } from '../../src/commands/whale.ts';
import type { StepOutcome } from '../../properties/types.ts';

const SEED = (2 << 16) | 5;

describe('the deep-time chain', () => {
  it('is one eps seed in 4 (bits 16-17 = 2), and with the whale every eps seed and one distribute and gulp seed in 4 (bits 16-17 = 2)', () => {
    expect(goesDeep('eps', SEED, false)).toBe(true);
    expect(goesDeep('eps', 5, false)).toBe(false);
    expect(goesDeep('eps', (3 << 16) | 5, false)).toBe(false);
    expect(goesDeep('gulp', SEED, false)).toBe(false);
    expect(goesDeep('distribute', SEED, false)).toBe(false);
    for (const bits of [0, 1, 2, 3]) expect(goesDeep('eps', (bits << 16) | 5, true)).toBe(true);
    for (const kind of ['gulp', 'distribute'] as const) {
      expect(goesDeep(kind, SEED, true)).toBe(true);
      for (const bits of [0, 1, 3]) expect(goesDeep(kind, (bits << 16) | 5, true)).toBe(false);
    }
    expect(goesDeep('q4w', 5, true)).toBe(false);
    expect(goesDeep('swap', 5, true)).toBe(false);
  });
  for (const whale of [false, true])
    it(`reaches a claim of 2^64 stroops from one pool over a stored accrued past 2^64 (${whale ? 'the whale' : 'default world'})`, () => {
      const counter = new ReachCounter();
      const h = new Harness(createWorld(PROFILES['blend-v2'], { ...DEFAULT_WORLD, whale }), PROPERTIES, new Stats(), counter.apply);
      const s = new Deadline('eps', SEED, 0);
      const fns: string[] = [];
      let claimed: StepOutcome | undefined;
      for (const a of s.actions(h)) {
        h.step(a);
        fns.push(a.fn);
        if (a.fn === 'backstop.claim') claimed = h.last!.outcome;
      }
      expect(fns.length).toBeGreaterThan(32);
      // with the whale the chain's pool holds its wallet, past 2^64 tokens: the queue tail follows the claim
      const claimAt = fns.lastIndexOf('backstop.claim');
      expect(claimAt).toBe(whale ? fns.length - 13 : fns.length - 1);
      const o = claimed!;
      if (whale) {
        expect(o.ok).toBe(true);
        const e = o.ok ? o.events.find((x) => x.topic === 'claim' && x.contract === 'backstop') : undefined;
        expect(e !== undefined && e.topic === 'claim' && e.contract === 'backstop' && e.claimed >= TWO_64).toBe(true);
      } else expect(o.ok ? 'ok' : `${o.error.contract}#${o.error.code}`).toBe('Comet#17');
      expect(counter.count('deep-time: a backstop claim adding to a stored accrued of 2^64 stroops or more')).toBe(1);
      expect(counter.count('deep-time: a backstop claim of 2^64 stroops or more from one pool')).toBe(1);
      expect(counter.count('deep-time: a backstop distribution adding to a reward-zone allocation of 2^64 stroops or more')).toBe(0);
      if (whale) {
        // the queue tail: the largest holder queues a part (session 19), 6 s, both distributions over the
        // pool whose non_queued_tokens borrows from the high half; both holders queue the rest, 6 s, both
        // distributions over the all-queued pool, both dequeue; the pool draws 2^64 tokens (func83 +123)
        expect(fns.slice(claimAt + 1)).toEqual([
          'backstop.queue_withdrawal',
          'advance_time',
          'emitter.distribute',
          'backstop.distribute',
          'backstop.queue_withdrawal',
          'backstop.queue_withdrawal',
          'advance_time',
          'emitter.distribute',
          'backstop.distribute',
          'backstop.dequeue_withdrawal',
          'backstop.dequeue_withdrawal',
          'backstop.draw',
        ]);
        expect(h.last!.outcome.ok).toBe(true);
      }
      expect(counter.count('whale: a distribution over a reward-zone pool with every share queued and 2^64 tokens or more')).toBe(
        whale ? 1 : 0,
      );
      expect(
        counter.count(
          "whale: a distribution over a reward-zone pool of 2^64 tokens or more whose queued tokens' low half passes its tokens' (a borrow from the high half)",
        ),
      ).toBe(whale ? 1 : 0);
      expect(counter.count('whale: a draw of 2^64 tokens or more')).toBe(whale ? 1 : 0);
    });
  it('ends with the zone tail for one deep seed in 2 (bit 18)', () => {
    expect(endsInZone(SEED)).toBe(false);
    expect(endsInZone((1 << 18) | SEED)).toBe(true);
  });
  for (const whale of [false, true])
    it(`with the zone tail: a distribution adds to a reward-zone allocation past 2^64 (${whale ? 'the whale' : 'default world'})`, () => {
      const counter = new ReachCounter();
      const h = new Harness(createWorld(PROFILES['blend-v2'], { ...DEFAULT_WORLD, whale }), PROPERTIES, new Stats(), counter.apply);
      const fns: string[] = [];
      for (const a of new Deadline('eps', (1 << 18) | SEED, 0).actions(h)) {
        h.step(a);
        fns.push(a.fn);
      }
      // after the claim: the advance, both distributions (the allocation now past 2^64), 6 s, both again
      expect(fns.slice(fns.lastIndexOf('backstop.claim') + 1)).toEqual([
        'advance_time',
        'emitter.distribute',
        'backstop.distribute',
        'advance_time',
        'emitter.distribute',
        'backstop.distribute',
      ]);
      expect(h.last!.outcome.ok).toBe(true);
      expect(counter.count('deep-time: a backstop distribution adding to a reward-zone allocation of 2^64 stroops or more')).toBe(1);
      // the first of them allocated the pool 2^64 + less than its share (backstop func143 +208's n.hi == d)
      expect(
        counter.count(
          'deep-time: a backstop distribution allocating a reward-zone pool 2^64 stroops or more, under 2^64 + 2^64 / 10^7, at once',
        ),
      ).toBe(1);
    });
  it("the zone tail's advance: the least seconds whose allocation share x s reaches 2^64, a dividend share x s x 10^7 with high half 10^7", () => {
    for (const share of [5_000_000n, 5_000_001n, 7_654_321n, 9_999_999n, 10_000_000n]) {
      const s = zoneTailSeconds(share);
      expect(share * s).toBeGreaterThanOrEqual(TWO_64);
      expect(share * (s - 1n)).toBeLessThan(TWO_64);
      expect((share * s * 10_000_000n) >> 64n).toBe(10_000_000n);
    }
  });
});

/**
 * The whale's withdrawal that borrows from the high half of its pool's queued shares (issue 19's
 * backstop mutant `func83 +211 sub->add`: PoolBalance::withdraw's checked q4w - shares, the high
 * half's `- borrow`): one single-entry whale tail in two (src/commands/scenario.ts `whaleTail`, seed
 * bit 11) waits out the q4w lock after queueing all its shares past 2^64, then withdraws 2^62 + k
 * shares and dequeues the rest; and a whale withdrawal command of the "just under 2^64" kind takes
 * 2^62 + bps (src/commands/whale.ts `whaleShares`: near 2^64 shares the token conversion overflows
 * i128 first). Counted in a blend-v2 run of the world with the whale (src/commands/reach.ts): rare,
 * once in 200 runs at seed 1 (it needs an expired q4w entry past 2^64).
 */
import { describe, expect, it } from 'vitest';
import { ReachCounter } from '../../src/commands/reach.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { createWorld } from '../../src/world/create.ts';
import { Harness, Stats } from '../../src/harness/harness.ts';
import { QueueAllRemoveChain } from '../../src/commands/scenario.ts';
import { WithdrawalStep, dequeueLeaving2To64, withdrawPast2To64 } from '../../src/commands/backstop.ts';
import { poolList } from '../../src/commands/base.ts';
import { TWO_64 } from '../../src/commands/whale.ts';
import { expectReached } from './reach-run.ts';

describe('the whale withdrawal mutation testing needs', () => {
  it('a blend-v2 run with the whale withdraws past the high half of a pool q4w', () => {
    expectReached(['whale: a withdrawal borrowing from the high half of the pool q4w'], 0, { seed: 1, whale: true });
  }, 180_000);
});

describe('dequeueLeaving2To64', () => {
  const q = (...amounts: bigint[]) => amounts.map((amount, i) => ({ amount, exp: BigInt(i) }));
  it('takes the entries after the newest one past 2^64 whole and that one down to 2^64', () => {
    expect(dequeueLeaving2To64(q(TWO_64 + 5n))).toBe(5n);
    expect(dequeueLeaving2To64(q(TWO_64 + 9n, 3n, TWO_64 + 7n, 2n, 1n))).toBe(10n);
    // an entry of exactly 2^64 is not past it: the next older one is
    expect(dequeueLeaving2To64(q(TWO_64 + 9n, TWO_64, 4n))).toBe(TWO_64 + 4n + 9n);
  });
  it('is 0 where no entry is past 2^64', () => {
    expect(dequeueLeaving2To64(q())).toBe(0n);
    expect(dequeueLeaving2To64(q(TWO_64, 1n, TWO_64 - 1n))).toBe(0n);
  });
});

describe('the whale queue step tail (session 15)', () => {
  // one whale queue_withdrawal step in two (user seed bit 14) goes on, where its q4w allows, with a
  // dequeue ending 2^64 + bps inside an entry past it (queued again) and the lock waited out before
  // a withdrawal of 2^62 + bps (src/commands/backstop.ts WithdrawalStep `whaleQueueTail`): without
  // it, 100 runs at seed 1 reached the first key never and the second once
  // session 16: then a dequeue leaving exactly 2^64 in the newest entry past it (dequeueLeaving2To64:
  // equal low halves, backstop dequeue_withdrawal +399), which 1,300 runs at seed 1 reached never
  it('100 blend-v2 runs with the whale at seed 1 reach the three high-half boundaries more than twice', () => {
    expectReached(
      [
        'whale: a dequeue of 2^64 or more ending inside a q4w entry past it',
        'whale: a withdrawal borrowing from the high half of the pool q4w',
        'whale: a dequeue ending inside a q4w entry with equal low halves (k x 2^64 left in it)',
        // session 18: the step's 2^64 withdrawal form (user seed bit 16)
        'whale: a withdrawal of 2^64 shares or more ending inside a q4w entry past it',
      ],
      2,
      { runs: 100, seed: 1, whale: true },
    );
  }, 180_000);
});

describe('the whale tail of the queue-all chain', () => {
  // seed bits: 12-13 clear (the chain keeps the zone), 14 set (the whale tail), 15 clear (one entry);
  // bit 11 picks the withdrawal form (set) or the dequeue form (clear)
  const run = (seed: number) => {
    const counter = new ReachCounter();
    const h = new Harness(createWorld(PROFILES['blend-v2'], { ...DEFAULT_WORLD, whale: true }), PROPERTIES, new Stats(), counter.apply);
    for (const a of new QueueAllRemoveChain(seed).actions(h)) h.step(a);
    return counter;
  };
  it('the dequeue form ends a dequeue of 2^64 + k inside the entry, then borrows from the high half', () => {
    const c = run((1 << 14) | 5);
    expect(c.count('whale: a dequeue of 2^64 or more ending inside a q4w entry past it')).toBe(1);
    expect(c.count('whale: a dequeue borrowing from the high half')).toBeGreaterThan(0);
  });
  it('the withdrawal form withdraws 2^62 + k past the low half of the pool q4w', () => {
    const c = run((1 << 14) | (1 << 11) | 5);
    expect(c.count('whale: a withdrawal borrowing from the high half of the pool q4w')).toBe(1);
    expect(c.count('whale: a withdrawal of 2^64 shares or more ending inside a q4w entry past it')).toBe(0);
  });
  // session 18: seed bit 10 (backstop func83 +207, withdraw +555)
  it('with bit 10, the pool drawn down first, withdraws 2^64 + k ending inside the entry', () => {
    const c = run((1 << 14) | (1 << 11) | (1 << 10) | 5);
    expect(c.count('whale: a withdrawal of 2^64 shares or more ending inside a q4w entry past it')).toBe(1);
    expect(c.count('whale: withdraw accepted')).toBe(1);
  });
});

describe('withdrawPast2To64', () => {
  const q = (...amounts: bigint[]) => amounts.map((amount, i) => ({ amount, exp: BigInt(i) }));
  it('takes the entries before the oldest one past 2^64 + k whole and 2^64 + k of it', () => {
    expect(withdrawPast2To64(q(TWO_64 + 9n), 5n)).toBe(TWO_64 + 5n);
    expect(withdrawPast2To64(q(3n, TWO_64 + 5n, TWO_64 + 9n), 5n)).toBe(3n + TWO_64 + 5n + TWO_64 + 5n);
  });
  it('is 0 where no entry is past 2^64 + k', () => {
    expect(withdrawPast2To64(q(), 0n)).toBe(0n);
    expect(withdrawPast2To64(q(TWO_64 + 5n, 1n), 5n)).toBe(0n);
  });
});

describe("the whale queue step's 2^64 withdrawal (session 18)", () => {
  // user seed: bit 15 (the whale), bits 12-13 = 1 (all its shares), bit 14 (the withdrawal), bit 16 (its 2^64 form)
  const seed = (1 << 16) | (1 << 15) | (1 << 14) | (1 << 12);
  const run = (s: number) => {
    const counter = new ReachCounter();
    const h = new Harness(createWorld(PROFILES['blend-v2'], { ...DEFAULT_WORLD, whale: true }), PROPERTIES, new Stats(), counter.apply);
    const w = h.world;
    const pool = poolList(w)[0]!;
    const backstop = w.pools.get(pool)!.backstop;
    // two entries: a small one, then every other share (past 2^64)
    expect(h.step({ fn: 'backstop.deposit', backstop, from: w.whale!, pool, amount: w.lp.get(w.whale!)! }).ok).toBe(true);
    expect(h.step({ fn: 'backstop.queue_withdrawal', backstop, from: w.whale!, pool, amount: 7n }).ok).toBe(true);
    const step = new WithdrawalStep('backstop.queue_withdrawal', s, 0, 5);
    const outcomes = [];
    for (const a of step.actions(h)) outcomes.push(h.step(a));
    return { counter, outcomes };
  };
  it('draws the pool down and withdraws 2^64 + k past the entries before', () => {
    const { counter, outcomes } = run(seed);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(counter.count('whale: a withdrawal of 2^64 shares or more ending inside a q4w entry past it')).toBe(1);
  });
  it('without bit 16, 2^62 + k', () => {
    const { counter } = run(seed & ~(1 << 16));
    expect(counter.count('whale: a withdrawal of 2^64 shares or more ending inside a q4w entry past it')).toBe(0);
    expect(counter.count('whale: withdraw accepted')).toBe(1);
  });
});

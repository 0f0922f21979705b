/**
 * A user's backstop balance and withdrawal queue (model/backstop/user-balance.ts) on the contract's
 * own unit-test values: blend-contracts-v2 @ ba22b48 backstop/src/backstop/user.rs `mod tests`
 * (same names, same numbers), plus the boundaries they leave open, each in a pair.
 */
import { describe, expect, it } from 'vitest';
import { addShares, dequeueShares, queueSharesForWithdrawal, withdrawShares } from '../../../model/backstop/user-balance.ts';
import type { Q4W, UserBalance } from '../../../model/state.ts';
import { PROFILES } from '../../../spec/profiles.ts';

const V2 = PROFILES['blend-v2'];
const V1 = PROFILES['blend-v1'];
const LOCK = 17n * 24n * 60n * 60n;
const ub = (shares: bigint, q4w: Q4W[] = []): UserBalance => ({ shares, q4w });
const THREE: Q4W[] = [
  { amount: 125n, exp: 10000000n },
  { amount: 200n, exp: 12592000n },
  { amount: 50n, exp: 19592000n },
];

describe('user.rs unit tests (v2)', () => {
  it('test_add_shares', () => {
    expect(addShares(ub(100n), 12318972n)).toEqual(ub(12318972n + 100n));
  });

  it('test_q4w_none_queued', () => {
    expect(queueSharesForWithdrawal(V2, ub(1000n), 500n, 10000n)).toEqual(ub(500n, [{ amount: 500n, exp: 10000n + LOCK }]));
  });

  it('test_q4w_new_placed_last', () => {
    const q = [{ amount: 200n, exp: 12592000n }];
    expect(queueSharesForWithdrawal(V2, ub(1000n, q), 500n, 11000000n)).toEqual(ub(500n, [...q, { amount: 500n, exp: 11000000n + LOCK }]));
  });

  const entries = (n: number): Q4W[] => Array.from({ length: n }, (_, i) => ({ amount: 200n, exp: 12592000n + BigInt(i) }));

  it('test_q4w_new_to_max_works (19 queued, the 20th fits)', () => {
    const next = queueSharesForWithdrawal(V2, ub(1000n, entries(19)), 500n, 11000000n);
    expect(next.q4w).toEqual([...entries(19), { amount: 500n, exp: 11000000n + LOCK }]);
  });

  it('test_q4w_new_over_max_panics (20 queued)', () => {
    expect(() => queueSharesForWithdrawal(V2, ub(1000n, entries(20)), 500n, 11000000n)).toThrowError(/^Backstop#1007 /);
  });

  it('test_q4w_over_shares_panics; all the shares queue (the pair)', () => {
    const q = [{ amount: 200n, exp: 12592000n }];
    expect(() => queueSharesForWithdrawal(V2, ub(800n, q), 801n, 11000000n)).toThrowError(/^Backstop#10 /);
    expect(queueSharesForWithdrawal(V2, ub(800n, q), 800n, 11000000n).shares).toBe(0n);
  });

  it('test_withdraw_shares_no_q4w_panics', () => {
    expect(() => withdrawShares(ub(1000n), 1n, 11000000n)).toThrowError(/^Backstop#10 /);
  });

  it('test_withdraw_shares_exact_amount (unlocked at exactly its exp)', () => {
    expect(withdrawShares(ub(1000n, [{ amount: 200n, exp: 12592000n }]), 200n, 12592000n)).toEqual(ub(1000n, []));
  });

  it('a second before its exp the entry is locked: NotExpired (1001)', () => {
    expect(() => withdrawShares(ub(1000n, [{ amount: 200n, exp: 12592000n }]), 200n, 12592000n - 1n)).toThrowError(/^Backstop#1001 /);
  });

  it('test_withdraw_shares_less_than_entry', () => {
    expect(withdrawShares(ub(1000n, [{ amount: 200n, exp: 12592000n }]), 150n, 12592000n)).toEqual(
      ub(1000n, [{ amount: 50n, exp: 12592000n }]),
    );
  });

  it('test_withdraw_shares_multiple_entries', () => {
    expect(withdrawShares(ub(1000n, THREE), 300n, 22592000n)).toEqual(
      ub(1000n, [
        { amount: 25n, exp: 12592000n },
        { amount: 50n, exp: 19592000n },
      ]),
    );
  });

  it('withdrawing exactly the first two entries stops before the third, still locked', () => {
    expect(withdrawShares(ub(1000n, THREE), 325n, 12592000n)).toEqual(ub(1000n, [{ amount: 50n, exp: 19592000n }]));
    expect(() => withdrawShares(ub(1000n, THREE), 326n, 12592000n)).toThrowError(/^Backstop#1001 /);
  });

  it('test_withdraw_shares_multiple_entries_not_exp', () => {
    expect(() => withdrawShares(ub(1000n, THREE), 300n, 11192000n)).toThrowError(/^Backstop#1001 /);
  });

  it('test_withdraw_shares_over_total; the whole queue withdraws (the pair)', () => {
    const q: Q4W[] = [
      { amount: 125n, exp: 10000000n },
      { amount: 200n, exp: 11190000n },
      { amount: 50n, exp: 11191000n },
    ];
    expect(() => withdrawShares(ub(1000n, q), 376n, 11192000n)).toThrowError(/^Backstop#10 /);
    expect(withdrawShares(ub(1000n, q), 375n, 11192000n)).toEqual(ub(1000n, []));
  });

  it('the input balance is not changed', () => {
    const before = ub(
      1000n,
      THREE.map((x) => ({ ...x })),
    );
    withdrawShares(before, 300n, 22592000n);
    dequeueShares(V2, before, 150n);
    expect(before).toEqual(ub(1000n, THREE));
  });

  it('test_dequeue_shares_no_q4w_panics', () => {
    expect(() => dequeueShares(V2, ub(1000n), 1n)).toThrowError(/^Backstop#10 /);
  });

  it('test_dequeue_shares_exact_amount', () => {
    expect(dequeueShares(V2, ub(1000n, [{ amount: 200n, exp: 10000000n }]), 200n)).toEqual(ub(1000n, []));
  });

  it('test_dequeue_shares_less_than_entry', () => {
    expect(dequeueShares(V2, ub(1000n, [{ amount: 200n, exp: 14592000n }]), 150n)).toEqual(ub(1000n, [{ amount: 50n, exp: 14592000n }]));
  });

  it('test_dequeue_shares_multiple_entries_dequeue_newest', () => {
    expect(dequeueShares(V2, ub(1000n, THREE), 150n)).toEqual(
      ub(1000n, [
        { amount: 125n, exp: 10000000n },
        { amount: 100n, exp: 12592000n },
      ]),
    );
  });

  it('an exact match stops the walk: an older entry of 0 shares (queue_withdrawal(0)) stays', () => {
    const q: Q4W[] = [
      { amount: 0n, exp: 10000000n },
      { amount: 200n, exp: 12592000n },
    ];
    expect(dequeueShares(V2, ub(1000n, q), 200n)).toEqual(ub(1000n, [{ amount: 0n, exp: 10000000n }]));
    expect(
      withdrawShares(
        ub(1000n, [
          { amount: 200n, exp: 10000000n },
          { amount: 0n, exp: 12592000n },
        ]),
        200n,
        12592000n,
      ),
    ).toEqual(ub(1000n, [{ amount: 0n, exp: 12592000n }]));
  });

  it('dequeuing exactly the two newest entries leaves the oldest whole', () => {
    expect(dequeueShares(V2, ub(1000n, THREE), 250n)).toEqual(ub(1000n, [{ amount: 125n, exp: 10000000n }]));
  });

  it('test_dequeue_shares_over_total; the whole queue dequeues (the pair)', () => {
    expect(() => dequeueShares(V2, ub(1000n, THREE), 376n)).toThrowError(/^Backstop#10 /);
    expect(dequeueShares(V2, ub(1000n, THREE), 375n)).toEqual(ub(1000n, []));
  });
});

describe('v1 (blend-contracts backstop/src/backstop/user.rs): dequeue takes the oldest first', () => {
  it('150 of 125 + 200 + 50: the oldest entry, then 25 of the next', () => {
    expect(dequeueShares(V1, ub(1000n, THREE), 150n)).toEqual(
      ub(1000n, [
        { amount: 175n, exp: 12592000n },
        { amount: 50n, exp: 19592000n },
      ]),
    );
    expect(dequeueShares(V1, ub(1000n, THREE), 325n)).toEqual(ub(1000n, [{ amount: 50n, exp: 19592000n }]));
  });

  it('the v1 lock (21 days) and queue size', () => {
    expect(queueSharesForWithdrawal(V1, ub(1000n), 500n, 10000n).q4w).toEqual([{ amount: 500n, exp: 10000n + 21n * 24n * 60n * 60n }]);
    const full = Array.from({ length: Number(V1.maxQ4wEntries.value) }, () => ({ amount: 1n, exp: 1n }));
    expect(() => queueSharesForWithdrawal(V1, ub(1000n, full), 1n, 10000n)).toThrowError(/^Backstop#1007 /);
    expect(queueSharesForWithdrawal(V1, ub(1000n, full.slice(1)), 1n, 10000n).q4w).toHaveLength(full.length);
  });
});

/**
 * The whale (spec/genesis.json `whale_lp`: 2^64 + 2 x 10^14 LP stroops at genesis): the one LP
 * holder whose backstop amounts pass 2^63 and 2^64 stroops, where the contracts' i128 `+` and `-`
 * (two i64 halves) carry into and borrow from the high half (docs/usage.md, the survivor group
 * "the i128 lowering's high half"). The backstop commands act as the whale for a few of their
 * seeds, read off bits 15-19 of a seed they already draw (a `fc.nat({ max: 2^20 })`), so that the
 * random stream, and every other command, seed and path, stay as they were; a seed under 2^15
 * (what fast-check shrinks towards) never picks it. Sources: spec/constants.ts U64_MAX (2^64 - 1).
 */
import { U64_MAX } from '../../spec/constants.ts';
import { HostError } from '../../spec/errors.ts';
import { ContractError } from '../../model/errors.ts';
import type { Action } from '../../model/actions.ts';
import { poolBalanceOf, type Address, type BackstopState, type World } from '../../model/state.ts';

/**
 * Whether `e` is the contracts' i128 overflow panic (WasmVm#6) a generator met computing what an
 * action would (a pool's non-queued tokens, `fixed_mul_floor(q4w, tokens, shares)`, past i128 once
 * the whale queued 2^63 or more of a pool of 2^64 tokens): the action would panic likewise, so the
 * generator leaves it out. Never raised in a world without the whale.
 */
export function isI128Panic(e: unknown): boolean {
  return e instanceof ContractError && e.contract === HostError.Panic.contract && e.code === HostError.Panic.code;
}

/** 2^64 stroops: the first amount with a non-zero i128 high half. */
export const TWO_64 = U64_MAX.value + 1n;
/** 2^63 stroops: the first amount whose low half has its top bit set (a carry when two are added). */
const TWO_63 = TWO_64 / 2n;

/** A seed's bits from here up (0 ... 32 for a seed of at most 2^20) choose the whale. */
const HIGH_SHIFT = 15;

/**
 * The whale, when the world has one and `seed`'s high bits ask for it: one seed in `oneIn` (of
 * those at or above 2^15), else undefined (the command picks a user as before).
 */
export function whaleOf(w: World, seed: number, oneIn: number): Address | undefined {
  if (w.whale === undefined) return undefined;
  return (seed >>> HIGH_SHIFT) % oneIn === oneIn - 1 ? w.whale : undefined;
}

/**
 * A whale's deposit or donation from a drawn amount `a` (stroops) and a seed's bits 12-14: 2^63 + a
 * (two in eight), 2^64 - a (one in eight; both under 2^64, their low halves' top bit set), or the
 * whale's whole wallet `balance` (five in eight: a pool's tokens and shares past 2^64, a non-zero
 * high half). A drawn amount of 0 or less (the error cases) stays as drawn.
 */
export function whaleAmount(a: bigint, seed: number, balance: bigint): bigint {
  if (a <= 0n) return a;
  const k = (seed >>> 12) & 7;
  if (k < 2) return TWO_63 + a;
  if (k === 2) return TWO_64 - a;
  return balance > 0n ? balance : TWO_63 + a;
}

/**
 * A whale's queue_withdrawal, dequeue_withdrawal or withdraw from what it holds there (`base`:
 * non-queued or queued shares), the drawn amount (`drawn`: basis points of `base`) and a seed's
 * bits 12-13: as drawn, all of `base` (past 2^64 once it deposited its wallet: the high half of the
 * pool's q4w), or just under 2^64 (2^64 - 1 - `bps`: of a `base` past 2^64, a low half over
 * `base`'s, the subtraction's borrow from the high half; for a withdrawal, `withdraw`, 2^62 + `bps`;
 * for a dequeue, `dequeue`, with seed bit 14 set, 2^64 + `bps`); a withdrawal of a `base` past 2^64
 * with bits 12-13 clear and bit 14 set takes 2^62 + `bps` too.
 */
/** 2^62 shares (`whaleShares` for a withdrawal). */
export const TWO_62: bigint = 2n ** 62n;

export function whaleShares(base: bigint, drawn: bigint, bps: number, seed: number, withdraw = false, dequeue = false): bigint {
  switch ((seed >>> 12) & 3) {
    case 1:
    case 3:
      return base;
    case 2:
      if (base <= TWO_64) return drawn;
      // a withdrawal converts its shares to tokens (shares x tokens / total shares, an i128 product):
      // near 2^64 shares of a pool of 2^64 tokens it panics before the pool balance moves, so a
      // withdrawal takes 2^62 + bps, whose low half still passes a queued total of 2^64 + a little
      // (PoolBalance::withdraw's q4w - shares borrows from the high half: backstop func83 +211)
      if (withdraw) return TWO_62 + BigInt(Math.max(0, bps));
      // a dequeue with bit 14 set takes 2^64 + bps out of a queued total past it: ending inside an
      // entry past 2^64, its `entry - remaining` has a non-zero high half on both sides (backstop
      // dequeue_withdrawal +394)
      if (dequeue && ((seed >>> 14) & 1) === 1 && base > TWO_64 + BigInt(Math.max(0, bps))) return TWO_64 + BigInt(Math.max(0, bps));
      return TWO_64 - 1n - BigInt(Math.max(0, bps));
    default:
      // session 15: half of these whale withdrawals out of a queued total past 2^64 (seed bit 14)
      // take the high-half form too (2^62 + bps), which the drawn amount of such a total rarely
      // reaches without overflowing the token conversion
      if (withdraw && ((seed >>> 14) & 1) === 1 && base > TWO_64) return TWO_62 + BigInt(Math.max(0, bps));
      return drawn;
  }
}

/** A draw of `pool`'s backstop tokens down to `left` (LP stroops) to `to`; nothing where it holds no more. */
export function* drawTo(bs: BackstopState, pool: Address, left: bigint, to: Address): Generator<Action, void, undefined> {
  const tokens = poolBalanceOf(bs, pool).tokens;
  if (tokens > left) yield { fn: 'backstop.draw', backstop: bs.address, pool, amount: tokens - left, to };
}

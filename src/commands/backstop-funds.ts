/**
 * Backstop fund-management commands: `draw` (a pool takes LP tokens out of its backstop) and
 * `donate` (LP tokens given to a pool's backstop without shares). Both move a pool's tokens, and so
 * its non-queued tokens and its share of the next distribution. Seeds resolve against the world
 * when the command runs, as every command's (src/commands/base.ts).
 */
import * as fc from 'fast-check';
import type { Action } from '../../model/actions.ts';
import { poolBalanceOf, type Address, type World } from '../../model/state.ts';
import { whaleAmount, whaleOf } from './whale.ts';
import { BlendCommand, backstopOfPool, pick, pickPool, pickPreferring, poolList } from './base.ts';

const BPS = 10_000n;

/** Pools holding backstop tokens, in the backstops' storage order. */
function poolsWithTokens(w: World): Address[] {
  const out: Address[] = [];
  for (const bs of w.backstops.values()) bs.poolBalances.forEach((pb, p) => (pb.tokens > 0n ? out.push(p) : undefined));
  return out;
}

/**
 * `backstop.draw(pool_address, amount, to)`: `amount` is `bps` basis points of the pool's tokens
 * (10,000: the pool drawn to 0 tokens; over 10,000: more than it holds, InsufficientFunds), or -1
 * stroop (`bps` < 0: NegativeAmountError). `to` is a user.
 */
export class Draw extends BlendCommand {
  constructor(
    readonly poolSeed: number,
    readonly bps: number,
    readonly toSeed: number,
  ) {
    super();
  }
  resolve(w: World): Action {
    const pool = pickPreferring(poolsWithTokens(w), poolList(w), this.poolSeed);
    const backstop = backstopOfPool(w, pool);
    const tokens = poolBalanceOf(w.backstops.get(backstop)!, pool).tokens;
    const amount = this.bps < 0 ? -1n : (tokens * BigInt(this.bps)) / BPS + (this.bps > 10_000 ? 1n : 0n);
    return { fn: 'backstop.draw', backstop, pool, amount, to: pick(w.users, this.toSeed) };
  }
  describe(): string {
    return `backstop.draw(pool_address: #${this.poolSeed}, amount: ${this.bps} bps, to: #${this.toSeed})`;
  }
}

/**
 * `backstop.donate(from, pool_address, amount)`: mostly a user; one seed in sixteen the backstop
 * (BadRequest) and one the pool itself (the host refuses its second require_auth, WasmVm#4).
 */
export class Donate extends BlendCommand {
  constructor(
    readonly fromSeed: number,
    readonly poolSeed: number,
    readonly amount: bigint,
  ) {
    super();
  }
  resolve(w: World): Action {
    const pool = pickPool(w, this.poolSeed);
    const backstop = backstopOfPool(w, pool);
    const k = this.fromSeed % 16;
    // one user seed in 32 (by its high bits): the whale, an amount past 2^63 (src/commands/whale.ts)
    const whale = k < 14 ? whaleOf(w, this.fromSeed, 32) : undefined;
    if (whale !== undefined) {
      const amount = whaleAmount(this.amount, this.fromSeed, w.lp.get(whale) ?? 0n);
      return { fn: 'backstop.donate', backstop, from: whale, pool, amount };
    }
    const from = k === 15 ? pool : k === 14 ? backstop : pick(w.users, this.fromSeed >>> 4);
    return { fn: 'backstop.donate', backstop, from, pool, amount: this.amount };
  }
  describe(): string {
    return `backstop.donate(from: #${this.fromSeed}, pool_address: #${this.poolSeed}, amount: ${this.amount})`;
  }
}

const seed = fc.nat({ max: 1 << 20 });
/** Basis points of the pool's tokens: some, all (drawn to 0), more than all, or a negative amount (-1). */
const drawBps = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 10_000 }) },
  { weight: 3, arbitrary: fc.constant(10_000) },
  { weight: 1, arbitrary: fc.constantFrom(10_001, 20_000) },
  { weight: 1, arbitrary: fc.constant(-1) },
);
const donation = fc.oneof(
  { weight: 4, arbitrary: fc.bigInt(1n, 1_000_0000000n) },
  { weight: 3, arbitrary: fc.bigInt(10_000_0000000n, 400_000_0000000n) },
  { weight: 1, arbitrary: fc.constantFrom(0n, -1n) },
);

export const backstopFundArbs = {
  draw: fc.tuple(seed, drawBps, seed).map(([p, b, t]) => new Draw(p, b, t)),
  donate: fc.tuple(seed, seed, donation).map(([f, p, a]) => new Donate(f, p, a)),
};

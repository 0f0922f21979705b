/**
 * Time advances, biased to the rules' boundaries: fixed lengths (5 s, 1 h ± 1 s, 24 h ± 1 s, 7 d,
 * 17/21 d, 31 d), and advances to one second before, at or after a deadline the world holds (a
 * queued withdrawal's unlock, an EPS expiration, a swap's unlock, the next allowed distribution or
 * pool gulp, the end of the reward-zone edit window), which sums of fixed lengths rarely hit.
 */
import * as fc from 'fast-check';
import type { Action } from '../../model/actions.ts';
import type { World } from '../../model/state.ts';
import { BlendCommand, pick } from './base.ts';

const H = 3600n;
const D = 86400n;
export const BOUNDARIES: readonly bigint[] = [1n, 4n, 5n, 6n, H - 1n, H, H + 1n, D - 1n, D, D + 1n, 7n * D, 7n * D + 1n, 17n * D, 17n * D + 1n, 21n * D, 21n * D + 1n, 31n * D, 31n * D + 1n];

export class AdvanceTime extends BlendCommand {
  constructor(readonly seconds: bigint) {
    super();
  }
  resolve(): Action {
    return { fn: 'advance_time', seconds: this.seconds };
  }
  describe(): string {
    return `advance_time(seconds: ${this.seconds})`;
  }
}

export const advanceTimeArb = fc
  .oneof({ weight: 3, arbitrary: fc.constantFrom(...BOUNDARIES) }, { weight: 2, arbitrary: fc.bigInt(1n, 2n * D) }, { weight: 1, arbitrary: fc.bigInt(1n, 120n * D) })
  .map((s) => new AdvanceTime(s));

/** Every deadline of `w` still ahead (seconds), sorted; duplicates removed. */
export function deadlines(w: World): bigint[] {
  const p = w.profile;
  const out = new Set<bigint>();
  const add = (t: bigint | undefined): void => {
    if (t !== undefined && t > w.now) out.add(t);
  };
  add(w.emitter.queuedSwap?.unlockTime);
  for (const bs of w.backstops.values()) {
    for (const users of bs.userBalances.values()) for (const ub of users.values()) for (const q of ub.q4w) add(q.exp);
    for (const e of bs.emisData.values()) add(e.expiration);
    if (bs.lastDistributionTime > 0n) {
      add(bs.lastDistributionTime + p.distributeMinInterval.seconds.value);
      add(bs.lastDistributionTime + p.distributeMinInterval.seconds.value + 1n);
      if (p.rzEditWindow !== null) add(bs.lastDistributionTime + p.rzEditWindow.value);
    }
    if (p.poolGulpMinInterval !== null) for (const rz of bs.rzEmis.values()) add(rz.lastTime + p.poolGulpMinInterval.value);
  }
  for (const pool of w.pools.values()) for (const e of pool.emisData.values()) add(e.expiration);
  return sortBigints([...out]);
}

/** Sort timestamps ascending: as doubles where every one is exact as a double (always, in practice), else by bigint comparison. */
function sortBigints(xs: bigint[]): bigint[] {
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  for (const x of xs) if (x > max || x < -max) return xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const d = Float64Array.from(xs, Number).sort();
  return Array.from(d, BigInt);
}

/** advance_time to a deadline of the world, one second before it, at it or one second after. */
export class AdvanceToDeadline extends BlendCommand {
  constructor(readonly deadlineSeed: number, readonly offset: -1 | 0 | 1) {
    super();
  }
  resolve(w: World): Action {
    const ahead = deadlines(w);
    const target = ahead.length === 0 ? w.now + 1n : pick(ahead, this.deadlineSeed) + BigInt(this.offset);
    return { fn: 'advance_time', seconds: target > w.now ? target - w.now : 1n };
  }
  describe(): string {
    return `advance_time(to: deadline #${this.deadlineSeed} ${this.offset >= 0 ? '+' : ''}${this.offset} s)`;
  }
}

export const advanceToDeadlineArb = fc
  .tuple(fc.nat(), fc.constantFrom(-1 as const, 0 as const, 1 as const))
  .map(([d, o]) => new AdvanceToDeadline(d, o));

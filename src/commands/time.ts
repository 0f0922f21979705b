/**
 * Time advances, biased to the rules' boundaries: fixed lengths (5 s, 1 h ± 1 s, 24 h ± 1 s, 7 d,
 * 17/21 d, 31 d), and advances to one second before, at or after a deadline the world holds (a
 * queued withdrawal's unlock, an EPS expiration, a swap's unlock, the next allowed distribution or
 * pool gulp, the end of the reward-zone edit window, v1's 24 h reward-zone swap freshness and next
 * reward-zone size, the time a backfilling backstop reaches the backfill cap), which sums of fixed
 * lengths rarely hit. The scenario commands (scenario.ts) go to most of these with the action due.
 */
import * as fc from 'fast-check';
import type { Action } from '../../model/actions.ts';
import type { World } from '../../model/state.ts';
import { nextGulpAt, rzEditWindowEnd } from '../../properties/preconditions.ts';
import { EMISSION_RATE } from '../../spec/constants.ts';
import { BlendCommand } from './base.ts';

const H = 3600n;
const D = 86400n;
export const BOUNDARIES: readonly bigint[] = [
  1n,
  4n,
  5n,
  6n,
  H - 1n,
  H,
  H + 1n,
  D - 1n,
  D,
  D + 1n,
  7n * D,
  7n * D + 1n,
  17n * D,
  17n * D + 1n,
  21n * D,
  21n * D + 1n,
  31n * D,
  31n * D + 1n,
];

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
  .oneof(
    { weight: 3, arbitrary: fc.constantFrom(...BOUNDARIES) },
    { weight: 2, arbitrary: fc.bigInt(1n, 2n * D) },
    { weight: 1, arbitrary: fc.bigInt(1n, 120n * D) },
  )
  .map((s) => new AdvanceTime(s));

/** Every deadline of `w` still ahead (seconds), sorted; duplicates removed. */
export function deadlines(w: World): bigint[] {
  const d = sortedUnique(collectDeadlines(w));
  return d instanceof Float64Array ? Array.from(d, BigInt) : d;
}

/** `deadlines(w)[seed % n]`, undefined where there is none (only the chosen one is made a bigint). */
function pickDeadline(w: World, seed: number): bigint | undefined {
  const d = sortedUnique(collectDeadlines(w));
  if (d.length === 0) return undefined;
  const x = d[seed % d.length]!;
  return typeof x === 'bigint' ? x : BigInt(x);
}

/** Every deadline of `w` still ahead (seconds), in no order, with repeats. */
function collectDeadlines(w: World): bigint[] {
  const p = w.profile;
  const now = w.now;
  // collected as doubles where every one is exact as a double (always, in practice: timestamps),
  // sorted natively and deduplicated in order; bigints otherwise (no Set, no iterator per map:
  // this runs on every advance to a deadline)
  const out: bigint[] = [];
  const add = (t: bigint | undefined): void => {
    if (t !== undefined && t > now) out.push(t);
  };
  add(w.emitter.queuedSwap?.unlockTime);
  const addQ4w = (ub: { readonly q4w: readonly { readonly exp: bigint }[] }): void => {
    for (const q of ub.q4w) add(q.exp);
  };
  const addExpiration = (e: { readonly expiration: bigint }): void => add(e.expiration);
  for (const bs of w.backstops.values()) {
    bs.userBalances.forEach((users) => users.forEach(addQ4w));
    bs.emisData.forEach(addExpiration);
    if (bs.lastDistributionTime > 0n) {
      add(bs.lastDistributionTime + p.distributeMinInterval.seconds.value);
      add(bs.lastDistributionTime + p.distributeMinInterval.seconds.value + 1n);
      if (p.rzEditWindow !== null) add(rzEditWindowEnd(bs.lastDistributionTime, p.rzEditWindow.value));
    }
    const gulpGap = p.poolGulpMinInterval?.value;
    if (gulpGap !== undefined) bs.rzEmis.forEach((rz) => add(nextGulpAt(rz.lastTime, gulpGap)));
    // v1: a reward-zone swap needs a distribution within the last 24 h
    if (p.rzSwapFreshness !== null && bs.lastDistributionTime > 0n) add(bs.lastDistributionTime + p.rzSwapFreshness.value);
    // v2 backfill: when a backstop the emitter does not know would have backfilled exactly the cap
    if (p.backfill.enabled && bs.lastDistributionTime > 0n && !w.emitter.lastDistro.has(bs.address) && bs.backfillStatus !== false) {
      const left = p.backfill.max.value - bs.backfillEmissions;
      if (left > 0n) add(bs.lastDistributionTime + (left + EMISSION_RATE.value - 1n) / EMISSION_RATE.value);
    }
  }
  // v1: the next growth of the reward zone's maximum size (one more pool every 2^shiftBits s after the epoch)
  const rz = p.rewardZone;
  if (rz.kind === 'growing')
    add(now < rz.epoch.value ? rz.epoch.value : rz.epoch.value + (((now - rz.epoch.value) >> rz.shiftBits) + 1n) * (1n << rz.shiftBits));
  w.pools.forEach((pool) => pool.emisData.forEach(addExpiration));
  return out;
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * `xs` ascending without repeats: as doubles (sorted natively) where every one is exact as a
 * double, which timestamps always are in practice; else as bigints by comparison.
 */
function sortedUnique(xs: bigint[]): Float64Array | bigint[] {
  let exact = true;
  for (const x of xs) if (x > MAX_EXACT || x < -MAX_EXACT) exact = false;
  if (exact) {
    const d = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) d[i] = Number(xs[i]!);
    d.sort();
    let n = 0;
    for (let i = 0; i < d.length; i++) if (i === 0 || d[i] !== d[n - 1]) d[n++] = d[i]!;
    return d.subarray(0, n);
  }
  xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return xs.filter((x, i) => i === 0 || x !== xs[i - 1]);
}

/** advance_time to a deadline of the world, one second before it, at it or one second after. */
export class AdvanceToDeadline extends BlendCommand {
  constructor(
    readonly deadlineSeed: number,
    readonly offset: -1 | 0 | 1,
  ) {
    super();
  }
  resolve(w: World): Action {
    const deadline = pickDeadline(w, this.deadlineSeed);
    const target = deadline === undefined ? w.now + 1n : deadline + BigInt(this.offset);
    return { fn: 'advance_time', seconds: target > w.now ? target - w.now : 1n };
  }
  describe(): string {
    return `advance_time(to: deadline #${this.deadlineSeed} ${this.offset >= 0 ? '+' : ''}${this.offset} s)`;
  }
}

export const advanceToDeadlineArb = fc
  .tuple(fc.nat(), fc.constantFrom(-1 as const, 0 as const, 1 as const))
  .map(([d, o]) => new AdvanceToDeadline(d, o));

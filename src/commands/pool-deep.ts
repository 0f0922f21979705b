/**
 * Pool deep time: one pool user's BLND accrual on one reserve token past 2^64 stroops (1.8 x 10^12
 * BLND), the i128 high half of the pool's emission sums (issue 19's pool mutants, each an i128
 * sum's high half compiled `carry + (x.hi + y.hi)`, read in the bundled pool.wasm): `func109 +292
 * add->sub` and `+293 add->sub` (pool/src/emissions/distributor.rs `update_user_emissions`'
 * `accrual += to_accrue`, the stored accrued plus the new accrual: +292 differs once the stored
 * accrued is 2^64 or more, +293 once either is), and `claim +483` / `+484 add->sub` (`execute_claim`'s
 * `to_claim += claim_emissions(..)`, the claim's running total: +484 differs for a token's claim of
 * 2^64 or more, +483 once the total so far is).
 *
 * A pool gulp gives its reserve tokens 30% of the pool's allocation, whose other 70% becomes the
 * backstop depositors' EPS, a u64 of 14 decimals: at most (2^64 - 1) x 604800 / 10^7 stroops (about
 * 1.1 x 10^18) a gulp (backstop/src/emissions/manager.rs `set_backstop_emission_eps`; more traps in
 * the contract and the model alike), so a pool gulp takes at most some 4.8 x 10^17 stroops and 2^64
 * needs 39 gulps with no claim between, all to one token and nearly all to one holder. The chain,
 * over the emitter's current backstop (v2 flow): the richest LP holder deposits its wallet into the
 * reward-zone pool with the most non-queued tokens among those that take supplies (where that pool
 * is not already 90% of the zone: src/commands/deep-time.ts does the same); the pool's emission
 * configuration set to one b token (a reserve chosen by the seed); a user (chosen by the seed)
 * supplies 1,000 times the token's other supply as collateral (at least 1,000 whole tokens, so that
 * the reserve index stays far inside i128); then cycles of (advance, the emitter's distribution, the
 * backstop's, the pool's gulp), each advance long enough (about 1.9 x 10^11 s, 5,900 years, over the
 * pool's part of the zone) that the gulp gives the pool 99.5% of that maximum; any other zone pool
 * whose allocation nears the maximum is gulped too (BLND-LIVE-001). Once the user's accrued on the
 * token is 2^64 stroops or more, it supplies one token more (`update_emissions` stores the accrued,
 * past 2^64: the `+293` sum), the cycle's gulp, 7 days, and its claim of the token twice (the stored
 * accrued plus a week's accrual: `+292`, `+293`; the claim's total past 2^64, then the token's second
 * claim of 0 added to it: `+484`, `+483`), whose 1.8 x 10^19 BLND stroops the pool moves from the
 * backstop under its allowance. Some 170 actions, 7.4 x 10^12 s of ledger time (the driver's ledger
 * sequence never advances, so no TTL or allowance expires). Every amount is read off the live world
 * when its turn comes (counted by src/commands/reach.ts, keys `pool-deep: ...`).
 */
import type { Action, ActionName } from '../../model/actions.ts';
import type { Profile } from '../../spec/profiles.ts';
import type { ProtocolAction } from '../protocol/messages.ts';
import { nonQueuedTokens } from '../../model/backstop/pool-balance.ts';
import { splitEmissions } from '../../model/backstop/gulp.ts';
import { fixedDivFloor } from '../../model/math.ts';
import { poolUserAccruedAt, reserveEmissionDataAt, resTokenId, tokenBalance } from '../../model/pool/distributor.ts';
import { loadReserve, toAssetFromB } from '../../model/pool/reserve.ts';
import { poolBalanceOf, rzEmisOf, type Address, type PoolState, type World } from '../../model/state.ts';
import { BACKSTOP_EMISSION_SHARE, EMISSION_PERIOD, EMISSION_RATE, POOL_STATUS_ON_ICE, SCALAR_7 } from '../../spec/constants.ts';
import { backstopDistributionOf } from '../../properties/preconditions.ts';
import { MAX_ACTIONS_OF_ANY_COMMAND, pick } from './base.ts';
import { maxEpsTokens } from './deep-time.ts';
import { Scenario } from './scenario.ts';
import { TWO_64, isI128Panic } from './whale.ts';

/** The most actions the chain performs (about 4 per cycle, some 40 cycles). */
export const POOL_DEEP_MAX_ACTIONS = MAX_ACTIONS_OF_ANY_COMMAND;

/** The cycles the chain allows itself (39 gulps reach 2^64 at 99.5% of the maximum; one more after the touch, and slack). */
const MAX_CYCLES = 44;
/** A cycle's allocation: this many thousandths of the largest the pool's gulp can take. */
const CYCLE_PER_MILLE = 995n;
/** The user's supply: this many times the token's other supply (and at least this many whole tokens). */
const DOMINANCE = 1000n;

/**
 * Whether a pool claim command's pool seed (src/commands/pool.ts `PoolClaim`, a `fc.nat({ max: 2^20 })`)
 * asks for the chain instead: bits 15-19 all set, one claim in 32 (about one run in 10 of the default
 * 200 steps; the claim reads its pool seed only through `pickPreferring`, modulo a list's length: no
 * new draw, the random stream stays as it was; a seed under 2^15, what fast-check shrinks towards,
 * asks for none).
 */
export function goesPoolDeep(poolSeed: number): boolean {
  return ((poolSeed >>> 15) & 31) === 31;
}

/**
 * The protocol actions the chain performs under `p` besides the claim and advance_time: an
 * implementation without one of them is given claims that never ask for the chain
 * (src/commands/index.ts `commandArbs`).
 */
export const poolDeepFns = (p: Profile): readonly (ActionName | ProtocolAction)[] => [
  'backstop.deposit',
  'pool.set_emissions_config',
  'pool.supply',
  'emitter.distribute',
  backstopDistributionOf(p),
  'pool.gulp_emissions',
];

/** The chain as a scenario: the reserve by `seed`, the user by `userSeed` (each modulo its list's length). */
export class PoolDeepChain extends Scenario {
  constructor(
    readonly seed: number,
    readonly userSeed: number,
  ) {
    super();
  }
  describe(): string {
    return `scenario.pool_deep_time(#${this.seed}, user #${this.userSeed})`;
  }
  protected override maxActions(_w: World): number {
    return POOL_DEEP_MAX_ACTIONS;
  }
  protected script = (w: World): Generator<Action, void, undefined> => poolDeepChain(w, this.seed, this.userSeed);
}

/** A user's BLND stroops accrued on the reserve token `id` of `pool`, at the world's time (read, not written). */
export function poolAccruedNow(w: World, pool: PoolState, id: number, user: Address): bigint {
  const d = pool.emisData.get(id);
  if (d === undefined) return 0n;
  const r = pool.reserves[Math.floor(id / 2)]!;
  const supply = id % 2 === 0 ? r.dSupply : r.bSupply;
  const index = reserveEmissionDataAt(d, w.now, supply, r.scalar).index;
  return poolUserAccruedAt(pool.userEmis.get(user)?.get(id), index, tokenBalance(pool, user, id), r.scalar);
}

/**
 * The chain over the emitter's current backstop (v2 flow; nothing where the zone has no pool that
 * takes supplies, or where the user would need more than MAX_CYCLES cycles).
 */
export function* poolDeepChain(w: World, seed: number, userSeed: number): Generator<Action, void, undefined> {
  const bs = w.backstops.get(w.emitter.backstop);
  if (bs === undefined || w.users.length === 0) return;
  const profile = bs.profile ?? w.profile;
  const epsScale = profile.epsScale?.value;
  if (profile.flow !== 'v2' || epsScale === undefined || w.emitter.lastDistro.get(bs.address) === undefined) return;
  const zone = bs.rewardZone;
  if (zone.length === 0 || zone.some((p) => (w.pools.get(p)?.reserves.length ?? 0) === 0)) return;
  // pools whose status lets a supply through (model/pool/status.ts `requireActionAllowed`)
  const open = zone.filter((p) => BigInt(w.pools.get(p)!.status) <= POOL_STATUS_ON_ICE.value);
  if (open.length === 0) return;
  const S7 = SCALAR_7.value;
  const maxTokens = maxEpsTokens(epsScale);
  // the allocation whose 70% is 99.5% of the maximum
  const cycleAlloc = (maxTokens * CYCLE_PER_MILLE * S7) / (1000n * BACKSTOP_EMISSION_SHARE.value);
  const nq = (p: Address): bigint => nonQueuedTokens(poolBalanceOf(bs, p));
  let pool: Address;
  let total = 0n;
  try {
    pool = open.reduce((best, p) => (nq(p) > nq(best) ? p : best));
    for (const p of zone) total += nq(p);
  } catch (e) {
    // a zone pool's queued-share conversion past i128 (the whale's): the distribution would panic
    if (isI128Panic(e)) return;
    throw e;
  }
  // the richest LP holder's wallet into the pool, where the pool is not yet 90% of the zone
  if (nq(pool) * 10n < total * 9n) {
    const from = [...w.lp.keys()]
      .filter((u) => w.users.includes(u) || u === w.whale)
      .reduce<Address | undefined>((b, u) => (b === undefined || (w.lp.get(u) ?? 0n) > (w.lp.get(b) ?? 0n) ? u : b), undefined);
    const amount = from === undefined ? 0n : (w.lp.get(from) ?? 0n);
    if (from === undefined || amount <= 0n) return;
    yield { fn: 'backstop.deposit', backstop: bs.address, from, pool, amount };
  }
  let share: bigint;
  try {
    share = fixedDivFloor(
      nq(pool),
      zone.reduce((t, p) => t + nq(p), 0n),
      S7,
    );
  } catch (e) {
    if (isI128Panic(e)) return;
    throw e;
  }
  if (share * 2n < S7) return;
  const p = w.pools.get(pool)!;
  // an enabled reserve (a disabled one refuses the supply: the world option secondReserve's last)
  const enabled = p.reserves.flatMap((res, i) => (res.enabled ? [i] : []));
  if (enabled.length === 0) return;
  const r = enabled[seed % enabled.length]!;
  const id = resTokenId(r, true);
  const user = pick(w.users, userSeed);
  // the pool's emissions all to the reserve's b token
  if (p.emissionConfig.size !== 1 || !p.emissionConfig.has(id))
    yield { fn: 'pool.set_emissions_config', pool, metadata: [{ resIndex: r, resType: 1, share: S7 }] };
  const reserve = p.reserves[r]!;
  const supply = (amount: bigint): Action => ({ fn: 'pool.submit', pool, from: user, request: 'supply', reserveIndex: r, amount });
  // the user's collateral: DOMINANCE times the others' b tokens, in the reserve's units
  const others = reserve.bSupply - tokenBalance(p, user, id);
  const data = loadReserve(reserve, p.bstopRate, w.now);
  const least = DOMINANCE * reserve.scalar;
  const wanted = toAssetFromB(data, DOMINANCE * others) + reserve.scalar;
  const amount = wanted > least ? wanted : least;
  if (amount > reserve.config.supplyCap / 2n) return;
  yield supply(amount);
  const held = tokenBalance(p, user, id);
  if (held <= 0n || held * DOMINANCE < reserve.bSupply * (DOMINANCE - 1n)) return; // the supply was refused
  // the user's part of a cycle's gulp, and the cycles it takes
  const perCycle = (splitEmissions(cycleAlloc).pool * held) / reserve.bSupply;
  if (perCycle <= 0n || TWO_64 / perCycle + 2n > BigInt(MAX_CYCLES)) return;
  let touched = false;
  for (let c = 0; c < MAX_CYCLES; c++) {
    // the backstop's next distribution allocates the pool cycleAlloc less what it holds already
    const want = cycleAlloc - rzEmisOf(bs, pool).accrued;
    const elapsed = (want * S7) / (share * EMISSION_RATE.value);
    const since = w.now - bs.lastDistributionTime;
    yield { fn: 'advance_time', seconds: elapsed > since ? elapsed - since : 1n };
    if (poolAccruedNow(w, p, id, user) >= TWO_64) {
      // the accrued (past 2^64) stored by a supply of one token, then this cycle's gulp
      yield supply(reserve.scalar);
      touched = true;
    }
    yield { fn: 'emitter.distribute' };
    yield { fn: backstopDistributionOf(profile), backstop: bs.address };
    for (const q of zone)
      if (q !== pool && splitEmissions(rzEmisOf(bs, q).accrued).backstop * 2n > maxTokens) yield { fn: 'pool.gulp_emissions', pool: q };
    yield { fn: 'pool.gulp_emissions', pool };
    const emis = p.emisData.get(id);
    if (emis === undefined || emis.expiration <= w.now) return; // the gulp did not set the token's EPS: give up
    if (touched) break;
  }
  if (!touched) return;
  yield { fn: 'advance_time', seconds: EMISSION_PERIOD.value };
  yield { fn: 'pool.claim', pool, from: user, reserveTokenIds: [id, id], to: user };
}

/**
 * The pool's i128 high halves, reached on purpose (issue 19's pool survivors): positions past 2^64
 * units and amounts whose low 64 bits are 0, where the compiled contract's i128 arithmetic carries
 * into, borrows from, or adds up the high halves. A random submit reaches them only by luck (an
 * amount past 2^64 units in an 18-decimal reserve, about 20 a minute under load); this chain meets
 * each operand condition exactly, with amounts computed from the live world:
 * - a borrow minting exactly k x 2^64 d tokens (their low half 0): the user's liabilities add them
 *   (pool/src/pool/user.rs `add_liabilities`), whose carry test then compares two equal low halves
 *   (the `func137 +99 gt->ge` mutant carries one 2^64 more); and the other amounts are k x 2^64 units;
 * - a repay and a withdrawal whose burnt tokens' low half is larger than the balance's (a balance
 *   past 2^64 tokens): the new balance `balance - burnt` borrows from its high half (pool/src/pool/
 *   user.rs `remove_liabilities`, `remove_collateral`; the `func122 +1170 sub->add` mutant);
 * - a borrow in the pool's second reserve by a user whose first reserve's liabilities are worth
 *   2^64 base units or more (7-decimal base, every price 1.0): the health factor's sum of
 *   liabilities adds a term to a total whose high half is not 0 (pool/src/pool/health_factor.rs
 *   `PositionData::calculate_from_positions`; the `func148 +962 add->sub` mutant);
 * - a borrow by the lender, whose collateral in the first reserve is worth 2^64 base units or more,
 *   after it posts one token of collateral in the second: the same health check adds the second
 *   reserve's collateral to a raw collateral total whose high half is not 0 (the `func148 +595
 *   add->sub` mutant: `a.hi - b.hi` there makes the i128 addition's overflow test fire, a trap).
 * Counted by src/commands/reach.ts, keys `pool-high: ...`.
 *
 * Asked for by a supply or withdraw command's reserve seed (src/commands/pool.ts `Submit`), one seed
 * in `ONE_IN` by bits 14-15 (which the command's other choices, and the utilisation chains of borrow
 * and repay seeds, do not read for a supply or a withdrawal), so that this reach adds no draw: the
 * random stream stays as it was; a seed under 2^14 (what fast-check shrinks towards) asks for none.
 * Units: amounts in the reserve's units, tokens in b or d tokens (12-decimal rates).
 */
import type { Action } from '../../model/actions.ts';
import type { RequestType } from '../../model/pool/positions.ts';
import { loadReserve, toAssetFromB, toAssetFromD, toDTokenUp, type ReserveData } from '../../model/pool/reserve.ts';
import type { Address, PoolState, World } from '../../model/state.ts';
import { ORACLE_PRICE, SCALAR_12 } from '../../spec/constants.ts';
import { Scenario } from './scenario.ts';
import { collateralFor } from './utilisation.ts';

/** 2^64: one unit of an i128's high half. */
export const HIGH = 2n ** 64n;
/** Seed bits (above these) that choose whether a supply or a withdrawal is a high-half chain. */
const SELECT_SHIFT = 14;
/** One supply or withdraw seed in this many (by bits 14-15) asks for a chain. */
const ONE_IN = 4;

/** Whether a submit of `request` with this reserve seed (a `fc.nat({ max: 2^20 })`) asks for the high-half chain: a supply or a withdrawal with bits 14-15 set. */
export function highHalvesOf(request: RequestType, seed: number): boolean {
  if (request !== 'supply' && request !== 'withdraw') return false;
  return ((seed >>> SELECT_SHIFT) & (ONE_IN - 1)) === ONE_IN - 1;
}

/** `x` rounded up to a multiple of 2^64 (at least 2^64): an amount whose low half is 0. */
export const zeroLow = (x: bigint): bigint => (x <= HIGH ? HIGH : ((x + HIGH - 1n) / HIGH) * HIGH);

/**
 * Tokens to burn from a balance `balance` (past 2^64) whose low half is larger than the balance's
 * low half and under 2^64 (so `balance - burnt` borrows from the high half): halfway between the
 * balance's low half and 2^64; undefined where that gap is too small (a low half within 8 of 2^64).
 */
export function borrowingBurn(balance: bigint): bigint | undefined {
  if (balance < HIGH) return undefined;
  const low = balance % HIGH;
  if (HIGH - low < 8n) return undefined;
  return low + (HIGH - low) / 2n;
}

/**
 * The amount (units) whose borrow mints exactly `dTokens` d tokens, ceil(amount x 10^12 / d_rate)
 * (pool/src/pool/reserve.rs `to_d_token_up`): from floor(dTokens x d_rate / 10^12), a step or two
 * either way (at a d_rate of 1 or more each unit more mints at most one d token more).
 */
export function borrowMinting(d: ReserveData, dTokens: bigint): bigint {
  let a = (dTokens * d.dRate) / SCALAR_12.value;
  for (let i = 0; i < 4 && toDTokenUp(d, a) > dTokens; i++) a--;
  for (let i = 0; i < 4 && toDTokenUp(d, a) < dTokens; i++) a++;
  return a;
}

/** The value in base units (7 decimals at a price of 1.0: the driver's flat oracle) of `amount` units of a reserve of scalar `scalar`. */
export const baseOf = (amount: bigint, scalar: bigint): bigint => (amount * ORACLE_PRICE.value) / scalar;

/**
 * The chain on `pool` (reserves 0 and 1): `other` supplies about 3 x the borrow in reserve 0 and
 * `from` twice the collateral the borrow needs in reserve 1 (each exactly k x 2^64 units); `from`
 * borrows what mints exactly k x 2^64 d tokens of reserve 0, worth 2^64 base units or more,
 * then one token of reserve 1 (the health check over both liabilities); `other` (not `plain`) posts
 * one token of reserve 1 and borrows one (the health check over both collaterals); then `from` repays and
 * `other` withdraws part of reserve 0 with burnt tokens that borrow from the balance's high half;
 * then everything is repaid and withdrawn with an excess (k x 2^64 units each, refunded or capped).
 * With `plain`, `other` lends without collateral: its supply and withdrawals of reserve 0 are the
 * uncollateralised requests (types 0 and 1), so that `remove_supply`'s i128 subtraction borrows from
 * its balance's high half (pool func122, the inlined `Withdraw`). Nothing where the pool has fewer
 * than two reserves. Each action is read off the live world.
 */
export class HighHalfChain extends Scenario {
  constructor(
    readonly pool: Address,
    readonly from: Address,
    readonly other: Address,
    readonly plain = false,
  ) {
    super();
  }
  describe(): string {
    return 'scenario.pool_high_halves()';
  }
  protected script = (w: World): Generator<Action, void, undefined> => highHalfChain(w, this);
}

/** The reserve `i` of `pool` brought up to now (in memory only). */
const dataAt = (w: World, pool: PoolState, i: number): ReserveData => loadReserve(pool.reserves[i]!, pool.bstopRate, w.now);

function* highHalfChain(w: World, c: HighHalfChain): Generator<Action, void, undefined> {
  const pool = w.pools.get(c.pool);
  if (pool === undefined || pool.reserves.length < 2 || c.from === c.other) return;
  const submit = (from: Address, request: RequestType, reserveIndex: number, amount: bigint): Action => ({
    fn: 'pool.submit',
    pool: c.pool,
    from,
    request,
    reserveIndex,
    amount,
  });
  const r0 = pool.reserves[0]!;
  const r1 = pool.reserves[1]!;
  // the borrow: 2^64 units or more, worth 2^64 base units or more, with a margin of a quarter
  const least = baseOf(HIGH, r0.scalar) >= HIGH ? HIGH : (HIGH * r0.scalar) / ORACLE_PRICE.value + 1n;
  // the units that mint exactly k x 2^64 d tokens (at a d_rate of 1 or more: at least as many units)
  const borrow = borrowMinting(dataAt(w, pool, 0), zeroLow(least + least / 4n));
  // the lender's requests and position: collateral, or (plain) b tokens without collateral
  const lend: RequestType = c.plain ? 'supply_uncollateralized' : 'supply';
  const unlend: RequestType = c.plain ? 'withdraw_uncollateralized' : 'withdraw';
  const lent = (): bigint => pool.positions.get(c.other)?.[c.plain ? 'supply' : 'collateral'].get(0) ?? 0n;
  yield submit(c.other, lend, 0, zeroLow(3n * borrow));
  const collateral = collateralFor(w, pool, c.from, 0, borrow + borrow / 8n, 1);
  if (collateral > 0n) yield submit(c.from, 'supply', 1, zeroLow(2n * collateral));
  // read again: the supply brought reserve 0 up to now
  yield submit(c.from, 'borrow', 0, borrowMinting(dataAt(w, pool, 0), zeroLow(least + least / 4n)));
  yield submit(c.from, 'borrow', 1, r1.scalar);
  // the lender (collateral past 2^64 base units in reserve 0) posts a token of reserve 1 and borrows one: its
  // health check adds reserve 1's collateral to a collateral total whose high half is not 0
  const lenderBorrows = !c.plain && lent() > 0n;
  if (lenderBorrows) {
    yield submit(c.other, 'supply', 1, r1.scalar);
    yield submit(c.other, 'borrow', 1, r1.scalar);
  }
  // part of the debt, and part of the supply, with burnt tokens that borrow from the high half
  const debt = pool.positions.get(c.from)?.liabilities.get(0) ?? 0n;
  const dBurn = borrowingBurn(debt);
  if (dBurn !== undefined) yield submit(c.from, 'repay', 0, toAssetFromD(dataAt(w, pool, 0), dBurn));
  const bBurn = borrowingBurn(lent());
  if (bBurn !== undefined) yield submit(c.other, unlend, 0, toAssetFromB(dataAt(w, pool, 0), bBurn));
  // then everything back, each amount exactly k x 2^64 units (the excess refunded, or the withdrawal capped at the balance)
  for (const i of [1, 0]) {
    const left = pool.positions.get(c.from)?.liabilities.get(i) ?? 0n;
    if (left > 0n) yield submit(c.from, 'repay', i, zeroLow(2n * toAssetFromD(dataAt(w, pool, i), left)));
  }
  if (lenderBorrows) {
    const owed = pool.positions.get(c.other)?.liabilities.get(1) ?? 0n;
    if (owed > 0n) yield submit(c.other, 'repay', 1, zeroLow(2n * toAssetFromD(dataAt(w, pool, 1), owed)));
    const own = pool.positions.get(c.other)?.collateral.get(1) ?? 0n;
    if (own > 0n) yield submit(c.other, 'withdraw', 1, zeroLow(2n * toAssetFromB(dataAt(w, pool, 1), own)));
  }
  const posted = pool.positions.get(c.from)?.collateral.get(1) ?? 0n;
  if (posted > 0n) yield submit(c.from, 'withdraw', 1, zeroLow(2n * toAssetFromB(dataAt(w, pool, 1), posted)));
  const rest = lent();
  if (rest > 0n) yield submit(c.other, unlend, 0, zeroLow(2n * toAssetFromB(dataAt(w, pool, 0), rest)));
}

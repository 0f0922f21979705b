/**
 * Oracle prices that move and age (session 19, `set_oracle_price`): the health-factor edge and the
 * minimum-collateral chains (src/commands/hf-edge.ts, src/commands/min-collateral.ts), in a world
 * with a disabled reserve (`--second-reserve on`, `mutate`'s default for the pool) and where the
 * implementation announces `oracle.set_price`, stamp the price of the reserve asset they borrow
 * exactly 24 h (ORACLE_MAX_PRICE_AGE) before their accepted borrow (load_price accepts it; issue 19's
 * pool mutant `func150 +329 const-1`, `t + 86399 < now`, refuses it), then 24 h + 1 s before a
 * borrow and a collateral withdrawal of one unit (InvalidPrice, 1210, on both sides): the boundary
 * in a pair; then give the asset back to the live 1.0 feed. Bit 19 of the borrow's reserve seed
 * (which no other choice of these chains reads: streams elsewhere are as before) also moves the
 * price off 1.0 (`priceOf`), so that the chains meet their edges at other prices.
 * Units: prices 7 decimals; timestamps seconds.
 */
import type { Action } from '../../model/actions.ts';
import type { RequestType } from '../../model/pool/positions.ts';
import type { Address } from '../../model/state.ts';
import { ORACLE_MAX_PRICE_AGE, ORACLE_PRICE } from '../../spec/constants.ts';

/** The seed bit (a borrow's reserve seed, a `fc.nat({ max: 2^20 })`) that moves the price off 1.0. */
const MOVE_BIT = 19;
/** The seed bits (the lowest) that choose the moved price, in 1/`PRICE_STEPS` steps of 1.0. */
const PRICE_BITS = 10;
const PRICE_STEPS = 256n;

/**
 * The price (7 decimals) an oracle chain with this reserve seed uses: ORACLE_PRICE where bit 19 is
 * clear; else (1 + the seed's low 10 bits) / 256 of it, from 1/256 to 4.0 (1.0 only at 255).
 */
export function priceOf(seed: number): bigint {
  if (((seed >>> MOVE_BIT) & 1) === 0) return ORACLE_PRICE.value;
  return (ORACLE_PRICE.value * (1n + BigInt(seed & ((1 << PRICE_BITS) - 1)))) / PRICE_STEPS;
}

/** `set_oracle_price`: `asset` at `price` stamped `timestamp` (seconds), or a live feed at ORACLE_PRICE without one. */
export function setPrice(asset: Address, price: bigint, timestamp?: bigint): Action {
  return timestamp === undefined
    ? { fn: 'set_oracle_price', asset, price: ORACLE_PRICE.value }
    : { fn: 'set_oracle_price', asset, price, timestamp };
}

/** Whether the ledger time `now` lets a price be stamped 24 h + 1 s before it (a u64 timestamp). */
export const canAge = (now: bigint): boolean => now > ORACLE_MAX_PRICE_AGE.value;

/** `asset` at `price` stamped exactly 24 h before `now`: the oldest price load_price accepts. */
export const dayOld = (asset: Address, price: bigint, now: bigint): Action => setPrice(asset, price, now - ORACLE_MAX_PRICE_AGE.value);

/**
 * The stale half of the pair, then the live feed again: `asset` stamped 24 h + 1 s before `now`, a
 * borrow and a collateral withdrawal of one unit (`submit`, both refused: InvalidPrice, 1210, where
 * the user has liabilities), and `asset` back to the live 1.0 feed.
 */
export function* staleThenLive(
  asset: Address,
  price: bigint,
  now: bigint,
  submit: (request: RequestType, amount: bigint) => Action,
): Generator<Action, void, undefined> {
  yield setPrice(asset, price, now - ORACLE_MAX_PRICE_AGE.value - 1n);
  yield submit('borrow', 1n);
  yield submit('withdraw', 1n);
  yield setPrice(asset, price);
}

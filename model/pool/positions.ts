/**
 * Lenders' and borrowers' positions, as far as emissions see them: b tokens (supply and
 * collateral) and d tokens (liabilities) per reserve, with the reserve's emissions updated before
 * every change. Source: pool/src/pool/user.rs `add_supply`, `remove_supply`, `add_liabilities`,
 * `remove_liabilities` (v2). b_rate and d_rate are taken as 1 (interest does not move b/d supplies).
 * The model does not check health factors: emissions do not depend on them.
 */
import { PoolError } from '../../spec/errors.ts';
import type { ErrorSpec } from '../../spec/errors.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { add, sub } from '../math.ts';
import type { Address, Positions, PoolState } from '../state.ts';
import { resTokenId, tokenBalance, updateEmissions } from './distributor.ts';

export type RequestType = 'supply' | 'withdraw' | 'borrow' | 'repay';

const EMPTY: Positions = { supply: new Map(), liabilities: new Map() };

/**
 * `submit` with one request: supply (0) / withdraw (1) b tokens, borrow (4) / repay (5) d tokens.
 * Withdraw and repay take at most the balance. Returns the tokens moved.
 * Errors, in the contract's order (pool/src/pool/actions.rs `build_actions_from_request`): the
 * profile's `negativeRequest` for an amount below 0 (`require_nonnegative`: NegativeAmountError, 8;
 * DIV-POOL-NEGATIVE-AMOUNT); the profile's `unknownReserve` for a reserve the pool does not have
 * (the contracts: the missing `ResConfig`, WasmVm#3; the documents' reading: BadRequest, 1200;
 * DIV-POOL-UNKNOWN-RESERVE); InvalidBTokenMintAmount (1216), InvalidBTokenBurnAmount (1217),
 * InvalidDTokenMintAmount (1218), InvalidDTokenBurnAmount (1219) for nothing to move.
 */
export function submit(ctx: Ctx, pool: PoolState, user: Address, request: RequestType, reserveIndex: number, amount: bigint): bigint {
  const negative = ctx.p.errors.negativeRequest;
  if (negative !== null && amount < 0n) panicWithError(negative, `request amount ${amount}`);
  const r = pool.reserves[reserveIndex];
  if (r === undefined) panicWithError(ctx.p.errors.unknownReserve, `no reserve ${reserveIndex}`);
  const isSupply = request === 'supply' || request === 'withdraw';
  const id = resTokenId(reserveIndex, isSupply);
  const balance = tokenBalance(pool, user, id);
  const adding = request === 'supply' || request === 'borrow';
  const moved = adding ? amount : amount > balance ? balance : amount;
  const err: ErrorSpec = isSupply
    ? adding ? PoolError.InvalidBTokenMintAmount : PoolError.InvalidBTokenBurnAmount
    : adding ? PoolError.InvalidDTokenMintAmount : PoolError.InvalidDTokenBurnAmount;
  if (moved <= 0n) panicWithError(err);
  updateEmissions(ctx, pool, id, user);
  const next = adding ? add(balance, moved) : sub(balance, moved);
  const pos = pool.positions.get(user) ?? EMPTY;
  const side = new Map(isSupply ? pos.supply : pos.liabilities);
  side.set(reserveIndex, next);
  ctx.tx.set(pool.positions, user, isSupply ? { supply: side, liabilities: pos.liabilities } : { supply: pos.supply, liabilities: side });
  if (isSupply) ctx.tx.put(r, 'bSupply', adding ? add(r.bSupply, moved) : sub(r.bSupply, moved));
  else ctx.tx.put(r, 'dSupply', adding ? add(r.dSupply, moved) : sub(r.dSupply, moved));
  return moved;
}

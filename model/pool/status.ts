/**
 * The pool's status: `update_status` (permissionless) sets it from its backstop's `pool_data`, and
 * `require_action_allowed` refuses borrows of a pool on ice and supplies of a frozen one.
 * Statuses (spec/constants.ts POOL_STATUS_*): 0 admin active, 1 active, 2 admin on ice, 3 on ice,
 * 4 admin frozen, 5 frozen, 6 setup. The generated pools leave setup admin-active (0).
 * Source: blend-contracts-v2 @ ba22b48 pool/src/pool/status.rs `execute_update_pool_status`,
 * `calc_pool_backstop_threshold`; pool/src/pool/pool.rs `require_action_allowed`; backstop
 * `load_pool_backstop_data` (q4w_pct); the order of the checks read from blend-contract-sdk 2.25.0
 * pool.wasm (func 199 and 144) and backstop.wasm (func 65).
 */
import {
  I128_MAX,
  POOL_STATUS_ACTIVE,
  POOL_STATUS_ADMIN_ACTIVE,
  POOL_STATUS_ADMIN_FROZEN,
  POOL_STATUS_ADMIN_ON_ICE,
  POOL_STATUS_FROZEN,
  POOL_STATUS_ON_ICE,
  POOL_STATUS_SETUP,
  POOL_THRESHOLD_PC,
  Q4W_ACTIVE_BELOW,
  Q4W_ADMIN_ACTIVE_ICE,
  Q4W_ADMIN_ICE_FREEZE,
  Q4W_FREEZE,
  SCALAR_7,
} from '../../spec/constants.ts';
import type { RequestType } from '../../spec/actions.ts';
import { PoolError } from '../../spec/errors.ts';
import type { Ctx } from '../context.ts';
import { panicWithError } from '../errors.ts';
import { fixedDivCeil } from '../math.ts';
import { loadPoolBackstopData } from '../backstop/reward-zone.ts';
import { poolBalanceOf, type PoolState } from '../state.ts';

const S7 = SCALAR_7.value;
const sat = (a: bigint, b: bigint): bigint => {
  const r = a * b;
  return r > I128_MAX.value ? I128_MAX.value : r;
};

/**
 * `calc_pool_backstop_threshold`: bal_blnd^4 x bal_usdc (whole tokens of the BLND and USDC the
 * backstop's LP tokens for this pool hold, saturating at i128::MAX) times SCALAR_7 (saturating) over
 * POOL_THRESHOLD_PC (1e25): the threshold's percentage, 7 decimals (met at 1_0000000).
 */
export function poolBackstopThreshold(blnd: bigint, usdc: bigint): bigint {
  const b = blnd / S7;
  const u = usdc / S7;
  return sat(sat(sat(sat(sat(b, b), b), b), u), S7) / POOL_THRESHOLD_PC.value;
}

/**
 * `update_status()`: reads the pool's backstop `pool_data` (its BLND and USDC, the threshold met
 * or not; q4w_pct = ceil(q4w x SCALAR_7 / shares), 0 without shares) and sets the status:
 * - admin frozen (4) or setup (6): StatusNotAllowed (1204);
 * - admin on ice (2): frozen (5) at q4w 75% or more, else unchanged;
 * - admin active (0): on ice (3) below the threshold or at q4w 50% or more, else unchanged;
 * - active, on ice or frozen (1, 3, 5): frozen at q4w 60% or more; else active (1) with the
 *   threshold met and q4w under 30%; else on ice (3).
 * The config is stored either way. Returns the status (a u32).
 */
export function updateStatus(ctx: Ctx, pool: PoolState): bigint {
  const bs = ctx.w.backstops.get(pool.backstop)!;
  const data = loadPoolBackstopData(ctx, bs, pool.address);
  const met = poolBackstopThreshold(data.blnd, data.usdc) >= S7;
  const pb = poolBalanceOf(bs, pool.address);
  const q4w = pb.shares > 0n ? fixedDivCeil(pb.q4w, pb.shares, S7) : 0n;
  const status = BigInt(pool.status);
  let next: bigint;
  switch (status) {
    case POOL_STATUS_ADMIN_FROZEN.value:
    case POOL_STATUS_SETUP.value:
      panicWithError(PoolError.StatusNotAllowed, `update_status of a pool in status ${status}`);
      break;
    case POOL_STATUS_ADMIN_ON_ICE.value:
      next = q4w >= Q4W_ADMIN_ICE_FREEZE.value ? POOL_STATUS_FROZEN.value : status;
      break;
    case POOL_STATUS_ADMIN_ACTIVE.value:
      next = !met || q4w >= Q4W_ADMIN_ACTIVE_ICE.value ? POOL_STATUS_ON_ICE.value : status;
      break;
    default:
      if (q4w >= Q4W_FREEZE.value) next = POOL_STATUS_FROZEN.value;
      else if (met && q4w < Q4W_ACTIVE_BELOW.value) next = POOL_STATUS_ACTIVE.value;
      else next = POOL_STATUS_ON_ICE.value;
  }
  ctx.tx.put(pool, 'status', Number(next!));
  return next!;
}

/**
 * `require_action_allowed`: a borrow (request type 4) of a pool not active (status over 1), a
 * supply of either kind (0 or 2) of a frozen one (status over 3): InvalidPoolStatus (1206).
 * Withdrawals and repayments are always allowed, and so is a request type the contract does not
 * know (`unknown`, 10 or more: neither 0, 2, 4 nor 9), which `from_u32` refuses next.
 */
export function requireActionAllowed(pool: PoolState, request: RequestType): void {
  const s = BigInt(pool.status);
  const supplies = request === 'supply' || request === 'supply_uncollateralized';
  if ((request === 'borrow' && s > POOL_STATUS_ACTIVE.value) || (supplies && s > POOL_STATUS_ON_ICE.value))
    panicWithError(PoolError.InvalidPoolStatus, `${request} refused in pool status ${s}`);
}

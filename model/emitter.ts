/**
 * The Emitter: 1 BLND per second to the current backstop, backstop swaps, drops.
 * Source: blend-contracts emitter/src/emitter.rs and emitter/src/backstop_manager.rs (v2 reuses this emitter).
 */
import { EMISSION_RATE, I128_MAX, SWAP_UNLOCK_TIME } from '../spec/constants.ts';
import { EmitterError, TokenError } from '../spec/errors.ts';
import type { Ctx } from './context.ts';
import { panicWithError } from './errors.ts';
import { add, mul, overflow } from './math.ts';
import type { Address, Swap } from './state.ts';

/**
 * `get_last_distro(backstop)`: seconds; undefined where the emitter does not know the backstop
 * (the contract panics on the missing key, which a v2 backstop reads as "backfill").
 */
export function getLastDistro(ctx: Ctx, backstop: Address): bigint | undefined {
  return ctx.w.emitter.lastDistro.get(backstop);
}

/** Mint (now - last distribution) seconds of BLND (stroops) to `backstop`. */
function executeDistribute(ctx: Ctx, backstop: Address): bigint {
  const last = ctx.w.emitter.lastDistro.get(backstop);
  if (last === undefined) overflow('LastDistro missing for the current backstop');
  if (ctx.w.now < last) overflow('attempt to subtract with overflow (now - last distro)');
  const amount = mul(ctx.w.now - last, EMISSION_RATE.value);
  ctx.tx.set(ctx.w.emitter.lastDistro, backstop, ctx.w.now);
  mintTo(ctx, backstop, amount);
  ctx.events.push({ topic: 'distribute', contract: 'emitter', backstop, amount });
  return amount;
}

function mintTo(ctx: Ctx, to: Address, amount: bigint): void {
  const bs = ctx.w.backstops.get(to);
  if (bs !== undefined) ctx.tx.put(bs, 'blnd', add(bs.blnd, amount));
  else ctx.tx.set(ctx.w.blnd, to, add(ctx.w.blnd.get(to) ?? 0n, amount));
}

/**
 * The BLND Stellar Asset Contract's `mint(to, amount)` as the emitter's drop calls it (soroban-env-host
 * stellar_asset_contract/contract.rs `mint`, balance.rs `receive_balance`). Errors: Token
 * NegativeAmountError (8) for an amount below 0; Token OverflowError (12) where the recipient's
 * balance would pass i128.
 */
function sacMint(ctx: Ctx, to: Address, amount: bigint): void {
  if (amount < 0n) panicWithError(TokenError.NegativeAmountError, `mint of ${amount} to ${to}`);
  const balance = ctx.w.backstops.get(to)?.blnd ?? ctx.w.blnd.get(to) ?? 0n;
  if (balance + amount > I128_MAX.value) panicWithError(TokenError.OverflowError, `mint of ${amount} to ${to}`);
  mintTo(ctx, to, amount);
}

/** `distribute()`: returns the stroops minted to the current backstop. */
export function distribute(ctx: Ctx): bigint {
  return executeDistribute(ctx, ctx.w.emitter.backstop);
}

/** The backstop token balance (LP stroops) the emitter compares in a swap. */
function backstopTokenBalance(ctx: Ctx, addr: Address): bigint {
  return ctx.w.backstops.get(addr)?.lpTokens ?? ctx.w.lp.get(addr) ?? 0n;
}

function isNewBackstopLarger(ctx: Ctx, newBackstop: Address): boolean {
  return backstopTokenBalance(ctx, newBackstop) > backstopTokenBalance(ctx, ctx.w.emitter.backstop);
}

/**
 * `queue_swap_backstop(new_backstop, new_backstop_token)`: unlocks in 31 days.
 * Errors: SwapAlreadyExists (1103); InsufficientBackstopSize (1100) unless the new backstop holds more backstop tokens.
 */
export function queueSwapBackstop(ctx: Ctx, newBackstop: Address, newBackstopToken: Address): Swap {
  if (ctx.w.emitter.queuedSwap !== undefined) panicWithError(EmitterError.SwapAlreadyExists);
  if (!isNewBackstopLarger(ctx, newBackstop)) panicWithError(EmitterError.InsufficientBackstopSize);
  const swap: Swap = { newBackstop, newBackstopToken, unlockTime: ctx.w.now + SWAP_UNLOCK_TIME.value };
  ctx.tx.put(ctx.w.emitter, 'queuedSwap', swap);
  return swap;
}

/** `cancel_swap_backstop()`. Errors: SwapNotQueued (1102); SwapCannotBeCanceled (1105) while the new backstop is larger. */
export function cancelSwapBackstop(ctx: Ctx): Swap {
  const swap = ctx.w.emitter.queuedSwap;
  if (swap === undefined) return panicWithError(EmitterError.SwapNotQueued);
  if (isNewBackstopLarger(ctx, swap.newBackstop)) panicWithError(EmitterError.SwapCannotBeCanceled);
  ctx.tx.put(ctx.w.emitter, 'queuedSwap', undefined);
  return swap;
}

/**
 * `swap_backstop()`: a final distribution to the old backstop, then the new one starts from now.
 * Errors: SwapNotQueued (1102); SwapNotUnlocked (1104) before the unlock time; InsufficientBackstopSize (1100).
 */
export function swapBackstop(ctx: Ctx): Swap {
  const swap = ctx.w.emitter.queuedSwap;
  if (swap === undefined) return panicWithError(EmitterError.SwapNotQueued);
  if (swap.unlockTime > ctx.w.now) panicWithError(EmitterError.SwapNotUnlocked);
  if (!isNewBackstopLarger(ctx, swap.newBackstop)) panicWithError(EmitterError.InsufficientBackstopSize);
  const old = ctx.w.emitter.backstop;
  executeDistribute(ctx, old);
  ctx.tx.put(ctx.w.emitter, 'queuedSwap', undefined);
  ctx.tx.put(ctx.w.emitter, 'backstop', swap.newBackstop);
  ctx.tx.put(ctx.w.emitter, 'backstopToken', swap.newBackstopToken);
  ctx.tx.set(ctx.w.emitter.lastDistro, swap.newBackstop, ctx.w.now);
  ctx.events.push({ topic: 'swap', contract: 'emitter', from: old, to: swap.newBackstop });
  return swap;
}

/**
 * `drop(list)`, called by `caller` (a backstop): mints each (recipient, stroops) of the list, in
 * order. Source: blend-contracts emitter/src/emitter.rs `execute_drop`.
 * Errors, in the contract's order: the profile's `dropByOtherBackstop` unless the caller is the
 * current backstop (the emitter's `backstop.require_auth()`: the host's auth failure in the
 * contracts, the emitter's UnauthorizedError (4) in the documents' reading; DIV-DROP-AUTH);
 * BadDrop (1101) where this backstop dropped before; a panic (WasmVm#6) where the list's i128 sum
 * overflows (the contract's checked add); BadDrop (1101) where the sum exceeds the profile's
 * `maxDrop` (50M BLND); the BLND token's NegativeAmountError (8) or OverflowError (12) from the
 * first mint it refuses (`sacMint`), the whole drop rolled back.
 */
export function drop(ctx: Ctx, caller: Address, list: readonly (readonly [Address, bigint])[]): void {
  const backstop = ctx.w.emitter.backstop;
  if (caller !== backstop) panicWithError(ctx.p.errors.dropByOtherBackstop, 'drop must be called by the current backstop');
  if (ctx.w.emitter.dropped.has(backstop)) panicWithError(EmitterError.BadDrop);
  let total = 0n;
  for (const [, amount] of list) total = add(total, amount);
  if (total > ctx.p.maxDrop.value) panicWithError(EmitterError.BadDrop);
  for (const [to, amount] of list) sacMint(ctx, to, amount);
  ctx.tx.add(ctx.w.emitter.dropped, backstop);
  ctx.events.push({ topic: 'drop', contract: 'emitter', backstop, total, list });
}

/**
 * The reference model's entry point: applies one action to a world as one transaction (every
 * write rolled back when the call is rejected). Worlds are built outside the model (src/world/).
 */
import { ContractError } from './errors.ts';
import type { Action } from './actions.ts';
import type { Ctx, ModelEvent } from './context.ts';
import { Tx } from './tx.ts';
import { sequenceOf, type Address, type BackstopState, type PoolState, type World } from './state.ts';
import * as emitter from './emitter.ts';
import { deposit } from './backstop/deposit.ts';
import { dequeueWithdrawal, queueWithdrawal, withdraw } from './backstop/withdrawal.ts';
import { addReward, removeReward } from './backstop/reward-zone.ts';
import { distribute, gulpEmissionsV1 } from './backstop/distribute.ts';
import { claim as backstopClaim } from './backstop/claim.ts';
import { drop } from './backstop/drop.ts';
import { donate, draw } from './backstop/funds.ts';
import { gulpEmissions as poolGulp, setEmissionsConfig } from './pool/manager.ts';
import { claim as poolClaim } from './pool/distributor.ts';
import { submitRequests } from './pool/positions.ts';
import { updateStatus } from './pool/status.ts';
import { fillAuction, newAuction } from './pool/auction.ts';
import { perLp, setComposition } from './comet.ts';

export type Outcome =
  | { readonly ok: true; readonly result: bigint | null; readonly events: readonly ModelEvent[] }
  | { readonly ok: false; readonly error: ContractError };

function backstopOf(w: World, addr: Address): BackstopState {
  const bs = w.backstops.get(addr);
  if (bs === undefined) throw new Error(`model: no backstop ${addr}`);
  return bs;
}
function poolOf(w: World, addr: Address): PoolState {
  const p = w.pools.get(addr);
  if (p === undefined) throw new Error(`model: no pool ${addr}`);
  return p;
}

/** The context of a call to `bs` (or to one of its pools): under the backstop's own profile where it has one. */
function at(ctx: Ctx, bs: BackstopState): Ctx {
  return bs.profile === undefined || bs.profile === ctx.p ? ctx : { ...ctx, p: bs.profile };
}

/** The context of a call to pool `p`, which calls its backstop: under that backstop's profile. */
function atPool(ctx: Ctx, p: PoolState): Ctx {
  const bs = ctx.w.backstops.get(p.backstop);
  return bs === undefined ? ctx : at(ctx, bs);
}

/**
 * Route `a` to its contract function. A call to a backstop, or to a pool (which calls its
 * backstop), runs under that backstop's profile; the emitter and the world's own actions under
 * the world's.
 */
function dispatch(root: Ctx, a: Action): bigint | null {
  const w = root.w;
  switch (a.fn) {
    case 'advance_time':
      root.tx.put(w, 'now', w.now + a.seconds);
      return null;
    case 'advance_blocks':
      root.tx.put(w, 'sequence', sequenceOf(w) + a.blocks);
      return null;
    case 'set_lp_price':
      setComposition(root, a.blndPerLp, a.usdcPerLp);
      // v1 backstops value LP tokens from their stored LPTknVal: refresh it (`update_tkn_val`,
      // permissionless), so that the composition moves their threshold as it moves v2's
      for (const bs of w.backstops.values()) if (at(root, bs).p.lpTokenValue === 'stored') updateTokenValue(root, bs);
      return null;
    case 'set_oracle_price':
      // the oracle's storage: never fails (load_price judges the price when a pool reads it)
      root.tx.set(w.oracle, a.asset, a.timestamp === undefined ? { price: a.price } : { price: a.price, timestamp: a.timestamp });
      return null;
    case 'emitter.distribute':
      return emitter.distribute(root);
    case 'emitter.queue_swap_backstop':
      emitter.queueSwapBackstop(root, a.newBackstop, a.newBackstopToken);
      return null;
    case 'emitter.cancel_swap_backstop':
      emitter.cancelSwapBackstop(root);
      return null;
    case 'emitter.swap_backstop':
      emitter.swapBackstop(root);
      return null;
    case 'emitter.drop':
      // called directly under the current backstop's authorisation (its require_auth mocked, as the driver does)
      emitter.drop(root, w.emitter.backstop, a.list);
      return null;
    case 'backstop.distribute': {
      const bs = backstopOf(w, a.backstop);
      return distribute(at(root, bs), bs);
    }
    case 'backstop.gulp_emissions': {
      const bs = backstopOf(w, a.backstop);
      return gulpEmissionsV1(at(root, bs), bs);
    }
    case 'backstop.add_reward': {
      const bs = backstopOf(w, a.backstop);
      addReward(at(root, bs), bs, a.toAdd, a.toRemove);
      return null;
    }
    case 'backstop.remove_reward': {
      const bs = backstopOf(w, a.backstop);
      removeReward(at(root, bs), bs, a.toRemove);
      return null;
    }
    case 'backstop.deposit': {
      const bs = backstopOf(w, a.backstop);
      return deposit(at(root, bs), bs, a.from, a.pool, a.amount);
    }
    case 'backstop.queue_withdrawal': {
      const bs = backstopOf(w, a.backstop);
      queueWithdrawal(at(root, bs), bs, a.from, a.pool, a.amount);
      return null;
    }
    case 'backstop.dequeue_withdrawal': {
      const bs = backstopOf(w, a.backstop);
      dequeueWithdrawal(at(root, bs), bs, a.from, a.pool, a.amount);
      return null;
    }
    case 'backstop.withdraw': {
      const bs = backstopOf(w, a.backstop);
      return withdraw(at(root, bs), bs, a.from, a.pool, a.amount);
    }
    case 'backstop.claim': {
      const bs = backstopOf(w, a.backstop);
      return backstopClaim(at(root, bs), bs, a.from, a.pools, a.minLpTokensOut, a.to);
    }
    case 'backstop.drop': {
      const bs = backstopOf(w, a.backstop);
      drop(at(root, bs), bs);
      return null;
    }
    case 'backstop.draw': {
      const bs = backstopOf(w, a.backstop);
      draw(at(root, bs), bs, a.pool, a.amount, a.to);
      return null;
    }
    case 'backstop.donate': {
      const bs = backstopOf(w, a.backstop);
      donate(at(root, bs), bs, a.from, a.pool, a.amount);
      return null;
    }
    case 'pool.set_emissions_config': {
      const p = poolOf(w, a.pool);
      setEmissionsConfig(atPool(root, p), p, a.metadata);
      return null;
    }
    case 'pool.submit': {
      const p = poolOf(w, a.pool);
      return submitRequests(atPool(root, p), p, a.from, [
        { request: a.request, reserveIndex: a.reserveIndex, amount: a.amount },
        ...(a.more ?? []),
      ]);
    }
    case 'pool.new_auction': {
      const p = poolOf(w, a.pool);
      newAuction(atPool(root, p), p, a.auctionType, a.user, a.bid, a.lot, a.percent);
      return null;
    }
    case 'pool.fill_auction': {
      const p = poolOf(w, a.pool);
      fillAuction(atPool(root, p), p, a.from, a.auctionType, a.user, a.percent);
      return null;
    }
    case 'pool.update_status': {
      const p = poolOf(w, a.pool);
      return updateStatus(atPool(root, p), p);
    }
    case 'pool.gulp_emissions': {
      const p = poolOf(w, a.pool);
      return poolGulp(atPool(root, p), p);
    }
    case 'pool.claim': {
      const p = poolOf(w, a.pool);
      return poolClaim(atPool(root, p), p, a.from, a.reserveTokenIds, a.to);
    }
  }
}

/**
 * v1 backstop `update_tkn_val` (fund_management.rs execute_update_comet_token_value): store BLND and
 * USDC per LP token from the Comet's balances and supply.
 */
export function updateTokenValue(ctx: Ctx, bs: BackstopState): void {
  const c = ctx.w.comet;
  ctx.tx.put(bs, 'lpTokenVal', { blndPerLp: perLp(c.blnd, c.supply), usdcPerLp: perLp(c.usdc, c.supply) });
}

/**
 * Apply one action to the world as one transaction. A rejected call returns its ContractError and
 * leaves the world as it was; any other exception is a bug of the model and propagates.
 */
export function apply(w: World, a: Action): Outcome {
  const tx = new Tx();
  const events: ModelEvent[] = [];
  const ctx: Ctx = { w, p: w.profile, tx, events };
  try {
    const result = dispatch(ctx, a);
    tx.commit();
    return { ok: true, result, events };
  } catch (e) {
    tx.rollback();
    if (e instanceof ContractError) return { ok: false, error: e };
    throw e;
  }
}

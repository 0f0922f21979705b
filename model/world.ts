/**
 * The reference model's entry point: builds a world and applies one action as one transaction
 * (every write rolled back when the call is rejected).
 */
import { maxRewardZoneSize, type Profile } from '../spec/profiles.ts';
import { ContractError } from './errors.ts';
import type { Action } from './actions.ts';
import type { Ctx, ModelEvent } from './context.ts';
import { Tx } from './tx.ts';
import { newBackstop, newPool, type Address, type BackstopState, type CometState, type PoolState, type World } from './state.ts';
import * as emitter from './emitter.ts';
import { deposit } from './backstop/deposit.ts';
import { dequeueWithdrawal, queueWithdrawal, withdraw } from './backstop/withdrawal.ts';
import { addReward, removeReward } from './backstop/reward-zone.ts';
import { distribute, gulpEmissionsV1 } from './backstop/distribute.ts';
import { claim as backstopClaim } from './backstop/claim.ts';
import { drop } from './backstop/drop.ts';
import { gulpEmissions as poolGulp, setEmissionsConfig } from './pool/manager.ts';
import { claim as poolClaim } from './pool/distributor.ts';
import { submit } from './pool/positions.ts';
import { balanceForPerLp, perLp, setComposition } from './comet.ts';
import { COMET_BLND_WEIGHT, COMET_INIT_POOL_SUPPLY, COMET_STROOP_SCALAR, COMET_SWAP_FEE, COMET_USDC_WEIGHT, POOL_BACKSTOP_RATE, RESERVE_DECIMALS } from '../spec/constants.ts';
import { newReserve } from './pool/reserve.ts';
import { GENESIS } from '../spec/genesis.ts';
import { snapshotWorld, type SnapshotWorldSpec } from '../src/snapshot/world.ts';

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
    case 'set_lp_price':
      setComposition(root, a.blndPerLp, a.usdcPerLp);
      // v1 backstops value LP tokens from their stored LPTknVal: refresh it (`update_tkn_val`,
      // permissionless), so that the composition moves their threshold as it moves v2's
      for (const bs of w.backstops.values()) if (at(root, bs).p.lpTokenValue === 'stored') updateTokenValue(root, bs);
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
    case 'pool.set_emissions_config': {
      const p = poolOf(w, a.pool);
      setEmissionsConfig(atPool(root, p), p, a.metadata);
      return null;
    }
    case 'pool.submit': {
      const p = poolOf(w, a.pool);
      return submit(atPool(root, p), p, a.from, a.request, a.reserveIndex, a.amount);
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

export interface WorldConfig {
  readonly users: number;
  readonly pools: number;
  /** Ledger timestamp to start at (seconds). */
  readonly start: bigint;
  /** Reserves per pool. */
  readonly reserves?: number;
  /** LP tokens in each user's wallet (stroops). */
  readonly lpPerUser?: bigint;
  /**
   * Leave the current backstop's reward zone this many pools short of full, with filler pools
   * `F<i>` above the threshold, so that full-zone rules are reachable in a short run. null: empty zone.
   */
  readonly rewardZoneGap?: number | null;
  /**
   * Start from a ledger snapshot instead (src/snapshot/world.ts): the snapshot's contracts and
   * state, with the migration's v2 side where asked. `users`, `pools` and `start` then only
   * describe it (the snapshot's counts and timestamp).
   */
  readonly fromSnapshot?: SnapshotWorldSpec;
}

/** LP tokens (stroops) each filler pool's depositor holds: above the v1 and v2 thresholds at the default composition. */
export const FILLER_DEPOSIT = GENESIS.fillerDeposit;
export const FILLER_DEPOSITOR = GENESIS.names.fillerDepositor;
/** 10^decimals of the generated reserves' assets (7 decimals). */
const RESERVE_SCALAR = 10n ** RESERVE_DECIMALS.value;
/** Each configured reserve token's share of a generated pool's emissions (7 decimals: 50%). */
export const DEFAULT_RESERVE_SHARE = GENESIS.reserveShare;

// the genesis constants are spec/genesis.json's, which the Soroban driver reads too
export const CURRENT_BACKSTOP = GENESIS.names.currentBackstop;
export const NEXT_BACKSTOP = GENESIS.names.nextBackstop;
export const BACKSTOP_TOKEN = GENESIS.names.backstopToken;
export const NEXT_BACKSTOP_TOKEN = GENESIS.names.nextBackstopToken;
export const DROP_RECIPIENT = GENESIS.names.dropRecipient;

/** The Comet composition the generated worlds start from: 5 BLND and 0.1 USDC per LP token (stroops per LP token). */
export const DEFAULT_COMPOSITION = GENESIS.composition;

/**
 * The generated worlds' Comet, as the Soroban driver deploys it: an 80/20 BLND:USDC pool with a
 * 0.3% fee, `init` minting 100 LP, joined for every LP token genesis hands out (`supply`), then set
 * to exactly DEFAULT_COMPOSITION (`comet.set_composition`: balances ceil(per_lp * supply / 1e7)).
 */
export function genesisComet(supply: bigint): CometState {
  const rec = (perLpToken: bigint, weight: bigint) => ({ balance: balanceForPerLp(perLpToken, supply), weight, scalar: COMET_STROOP_SCALAR.value });
  return {
    blnd: rec(DEFAULT_COMPOSITION.blndPerLp, COMET_BLND_WEIGHT.value),
    usdc: rec(DEFAULT_COMPOSITION.usdcPerLp, COMET_USDC_WEIGHT.value),
    supply,
    swapFee: COMET_SWAP_FEE.value,
  };
}
/** A drop list of 40M BLND, leaving room for the 10M backfill within the 50M drop. */
export const DEFAULT_DROP_LIST = [[DROP_RECIPIENT, GENESIS.dropAmount]] as const;

/**
 * A generated world: the emitter knows `backstop` since `start`; under a profile with backfill a
 * second backstop `backstop_next`, unknown to the emitter, holds a third of the pools.
 */
export function createWorld(profile: Profile, cfg: WorldConfig): World {
  if (cfg.fromSnapshot !== undefined) return snapshotWorld(cfg.fromSnapshot);
  const w: World = {
    profile,
    now: cfg.start,
    emitter: {
      backstop: CURRENT_BACKSTOP,
      backstopToken: BACKSTOP_TOKEN,
      lastDistro: new Map([[CURRENT_BACKSTOP, cfg.start]]),
      dropped: new Set(),
      queuedSwap: undefined,
    },
    backstops: new Map(),
    pools: new Map(),
    // sized below, once genesis has handed out its LP tokens
    comet: genesisComet(COMET_INIT_POOL_SUPPLY.value),
    factoryPools: new Set(),
    blnd: new Map(),
    lp: new Map(),
    users: [],
    focus: [],
    names: new Map(),
  };
  w.backstops.set(CURRENT_BACKSTOP, newBackstop(CURRENT_BACKSTOP, DEFAULT_DROP_LIST));
  // a second backstop, unknown to the emitter, that a swap can go to (under v2 it backfills)
  const twoBackstops = profile.backfill.enabled || profile.flow === 'v1';
  if (twoBackstops) w.backstops.set(NEXT_BACKSTOP, newBackstop(NEXT_BACKSTOP, DEFAULT_DROP_LIST));
  const reserves = cfg.reserves ?? GENESIS.reserves;
  for (let i = 0; i < cfg.pools; i++) {
    const addr = `${GENESIS.names.poolPrefix}${i}`;
    const owner = twoBackstops && i % GENESIS.nextBackstopPools.modulus === GENESIS.nextBackstopPools.remainder ? NEXT_BACKSTOP : CURRENT_BACKSTOP;
    const rs = Array.from({ length: reserves }, (_, r) => newReserve(`${addr}.asset${r}`, RESERVE_SCALAR, cfg.start));
    const pool = newPool(addr, owner, rs, POOL_BACKSTOP_RATE.value);
    // half to reserve 0's suppliers, half to reserve 1's borrowers (res_token_id = index * 2 + type)
    pool.emissionConfig = new Map([[1, DEFAULT_RESERVE_SHARE], [rs.length > 1 ? 2 : 0, DEFAULT_RESERVE_SHARE]]);
    w.pools.set(addr, pool);
    w.factoryPools.add(addr);
    w.focus!.push(addr);
  }
  const gap = cfg.rewardZoneGap ?? null;
  if (gap !== null) {
    const current = w.backstops.get(CURRENT_BACKSTOP)!;
    const fund = (bs: BackstopState, addr: Address): void => {
      bs.poolBalances.set(addr, { shares: FILLER_DEPOSIT, tokens: FILLER_DEPOSIT, q4w: 0n });
      bs.userBalances.set(addr, new Map([[FILLER_DEPOSITOR, { shares: FILLER_DEPOSIT, q4w: [] }]]));
      bs.lpTokens += FILLER_DEPOSIT;
    };
    // all but the last two of the current backstop's own pools start funded in its reward zone
    const room = Number(maxRewardZoneSize(profile, cfg.start)) - gap;
    const ownAll = w.focus!.filter((a) => w.pools.get(a)!.backstop === CURRENT_BACKSTOP);
    const own = ownAll.slice(0, Math.max(0, Math.min(ownAll.length - 2, room)));
    const rz: Address[] = [];
    for (const addr of own) {
      fund(current, addr);
      rz.push(addr);
    }
    const fill = room - own.length;
    for (let i = 0; i < fill; i++) {
      const addr = `${GENESIS.names.fillerPoolPrefix}${i}`;
      const rs = Array.from({ length: reserves }, (_, r) => newReserve(`${addr}.asset${r}`, RESERVE_SCALAR, cfg.start));
      w.pools.set(addr, newPool(addr, CURRENT_BACKSTOP, rs, POOL_BACKSTOP_RATE.value));
      w.factoryPools.add(addr);
      fund(current, addr);
      rz.push(addr);
    }
    current.rewardZone = rz;
    // the current backstop has distributed before: its clock runs from the start
    current.lastDistributionTime = cfg.start;
    current.backfillStatus = false;
    // the new backstop of a migration starts with its pools funded and in its reward zone
    const next = w.backstops.get(NEXT_BACKSTOP);
    if (next !== undefined) {
      const max = Number(maxRewardZoneSize(profile, cfg.start));
      for (const [addr, pool] of w.pools) {
        if (pool.backstop !== NEXT_BACKSTOP) continue;
        fund(next, addr);
        if (next.rewardZone.length < max) next.rewardZone = [...next.rewardZone, addr];
      }
    }
  }
  const lpPerUser = cfg.lpPerUser ?? GENESIS.lpPerUser;
  for (let i = 0; i < cfg.users; i++) {
    const u = `${GENESIS.names.userPrefix}${i}`;
    w.users.push(u);
    w.lp.set(u, lpPerUser);
  }
  // the Comet's supply: its initial 100 LP plus every LP token genesis handed out
  let supply = COMET_INIT_POOL_SUPPLY.value;
  for (const v of w.lp.values()) supply += v;
  for (const bs of w.backstops.values()) supply += bs.lpTokens;
  Object.assign(w.comet, genesisComet(supply));
  // v1 backstops store the LP token value at deployment (update_tkn_val)
  if (profile.lpTokenValue === 'stored') {
    const ctx: Ctx = { w, p: profile, tx: new Tx(), events: [] };
    for (const bs of w.backstops.values()) updateTokenValue(ctx, bs);
  }
  return w;
}

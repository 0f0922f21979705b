/**
 * The generated worlds (`init.world` without a snapshot): the emitter, one or two backstops, `pools`
 * pools of `reserves` reserves (reserve r of pool number i with spec/genesis.json
 * `reserve_decimals`[(i + r) % 4] decimals: 6, 7, 9, 18), `users` users with LP tokens, and where asked a reward zone
 * `rewardZoneGap` pools short of full (filler pools above the threshold); with `secondReserve`, reserve 1
 * of each pool at spec/genesis.json `second_reserve`, reserve 0 of each filler pool with r_one
 * `second_reserve.filler_r_one`, and a last reserve, disabled. Every constant comes from
 * spec/ (spec/genesis.json through src/world/genesis.ts, spec/constants.ts); the state records are
 * the model's (model/state.ts).
 */
import { maxRewardZoneSize, type Profile } from '../../spec/profiles.ts';
import { COMET_INIT_POOL_SUPPLY, POOL_BACKSTOP_RATE } from '../../spec/constants.ts';
import { GENESIS } from '../../spec/genesis.ts';
import type { WorldConfig } from '../../spec/worlds.ts';
import type { Ctx } from '../../model/context.ts';
import { Tx } from '../../model/tx.ts';
import { newBackstop, newPool, type Address, type BackstopState, type ReserveState, type World } from '../../model/state.ts';
import { DEFAULT_RESERVE_CONFIG, FILLER_RESERVE_CONFIG, newReserve, SECOND_RESERVE_CONFIG } from '../../model/pool/reserve.ts';
import { updateTokenValue } from '../../model/world.ts';
import {
  BACKSTOP_TOKEN,
  CURRENT_BACKSTOP,
  DEFAULT_DROP_LIST,
  DEFAULT_RESERVE_SHARE,
  FILLER_DEPOSIT,
  FILLER_DEPOSITOR,
  NEXT_BACKSTOP,
  reserveScalar,
  genesisComet,
} from './genesis.ts';

/**
 * The reserves of the generated pool `addr` numbered `i` (P<i> or F<i>, `filler`): `reserves` at the
 * default configuration, reserve r with reserveScalar(i, r); with the world option `secondReserve`
 * (spec/worlds.ts) reserve 1 (0 of a pool of one reserve) at the second configuration, reserve 0 of
 * a filler pool of two or more reserves at FILLER_RESERVE_CONFIG (r_one 0), and one more reserve,
 * last, disabled at the default configuration.
 */
function reservesOf(addr: Address, i: number, reserves: number, cfg: WorldConfig, filler = false): ReserveState[] {
  const rs = Array.from({ length: reserves }, (_, r) => newReserve(`${addr}.asset${r}`, reserveScalar(i, r), cfg.start));
  if (cfg.secondReserve !== true) return rs;
  const at = reserves > 1 ? 1 : 0;
  rs[at] = newReserve(`${addr}.asset${at}`, reserveScalar(i, at), cfg.start, SECOND_RESERVE_CONFIG);
  if (filler && reserves > 1) rs[0] = newReserve(`${addr}.asset0`, reserveScalar(i, 0), cfg.start, FILLER_RESERVE_CONFIG);
  rs.push(newReserve(`${addr}.asset${reserves}`, reserveScalar(i, reserves), cfg.start, DEFAULT_RESERVE_CONFIG, false));
  return rs;
}

/**
 * A generated world: the emitter knows `backstop` since `start`; under a profile with backfill a
 * second backstop `backstop_next`, unknown to the emitter, holds a third of the pools.
 */
export function generatedWorld(profile: Profile, cfg: WorldConfig): World {
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
    oracle: new Map(),
    blnd: new Map(),
    lp: new Map(),
    users: [],
    focus: [],
    names: new Map(),
    ...(cfg.whale === true ? { whale: GENESIS.names.whale } : {}),
  };
  w.backstops.set(CURRENT_BACKSTOP, newBackstop(CURRENT_BACKSTOP, DEFAULT_DROP_LIST));
  // a second backstop, unknown to the emitter, that a swap can go to (under v2 it backfills)
  const twoBackstops = profile.backfill.enabled || profile.flow === 'v1';
  if (twoBackstops) w.backstops.set(NEXT_BACKSTOP, newBackstop(NEXT_BACKSTOP, DEFAULT_DROP_LIST));
  const reserves = cfg.reserves ?? GENESIS.reserves;
  for (let i = 0; i < cfg.pools; i++) {
    const addr = `${GENESIS.names.poolPrefix}${i}`;
    const owner =
      twoBackstops && i % GENESIS.nextBackstopPools.modulus === GENESIS.nextBackstopPools.remainder ? NEXT_BACKSTOP : CURRENT_BACKSTOP;
    const rs = reservesOf(addr, i, reserves, cfg);
    const pool = newPool(addr, owner, rs, POOL_BACKSTOP_RATE.value);
    // half to reserve 0's suppliers, half to reserve 1's borrowers (res_token_id = index * 2 + type)
    pool.emissionConfig = new Map([
      [1, DEFAULT_RESERVE_SHARE],
      [rs.length > 1 ? 2 : 0, DEFAULT_RESERVE_SHARE],
    ]);
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
      const rs = reservesOf(addr, i, reserves, cfg, true);
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
  // the whale (a world option, off by default): one more LP holder, not one of the users (spec/genesis.json whale_lp)
  if (cfg.whale === true) w.lp.set(GENESIS.names.whale, GENESIS.whaleLp);
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

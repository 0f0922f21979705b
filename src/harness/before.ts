/**
 * Capture, before a step, the records it can touch. Records are immutable, so this copies
 * references of only the touched pools and user: O(reward zone) for a distribution, O(1) else.
 */
import { bTokens } from '../../model/pool/distributor.ts';
import type { Action } from '../../model/actions.ts';
import { poolBalanceOf, rzEmisOf, userBalanceOf, type Address, type PoolState, type World } from '../../model/state.ts';
import type { Before } from '../../properties/types.ts';
import type { BeforeWithRules, RulesBefore } from '../../properties/rule-before.ts';

function backstopPart(
  w: World,
  backstop: Address,
  pools: Iterable<Address>,
  user: Address | undefined,
  morePools?: Iterable<Address>,
): Before['backstop'] {
  const bs = w.backstops.get(backstop);
  if (bs === undefined) return undefined;
  type Backstop = NonNullable<Before['backstop']>;
  const perPool = new Map<Address, Backstop['pools'] extends ReadonlyMap<Address, infer R> ? R : never>();
  // (the user's map only where the action has a user)
  const userPools =
    user === undefined
      ? undefined
      : new Map<Address, NonNullable<Backstop['user']>['perPool'] extends ReadonlyMap<Address, infer R> ? R : never>();
  const capture = (p: Address): void => {
    perPool.set(p, { pool: p, pb: poolBalanceOf(bs, p), rz: rzEmisOf(bs, p), emis: bs.emisData.get(p) });
    if (userPools !== undefined) userPools.set(p, { pool: p, ub: userBalanceOf(bs, p, user!), ue: bs.userEmisData.get(p)?.get(user!) });
  };
  for (const p of pools) capture(p);
  // pools beyond `pools` (for a distribution: those holding an allocation outside the zone), once
  if (morePools !== undefined) for (const p of morePools) if (!perPool.has(p)) capture(p);
  return {
    address: backstop,
    lastDistributionTime: bs.lastDistributionTime,
    backfillEmissions: bs.backfillEmissions,
    backfillStatus: bs.backfillStatus,
    rewardZone: bs.rewardZone,
    blnd: bs.blnd,
    pools: perPool,
    user: userPools === undefined ? undefined : { address: user!, perPool: userPools },
  };
}

/** The res_token_ids a pool gulp sets an EPS for: configured on an enabled reserve, in the configuration's order. */
function gulpIdsOf(p: PoolState): number[] {
  const ids: number[] = [];
  for (const id of p.emissionConfig.keys()) if (p.reserves[Math.floor(id / 2)]?.enabled === true) ids.push(id);
  return ids;
}

function poolPart(w: World, pool: Address, user: Address | undefined): Before['pool'] {
  const p = w.pools.get(pool);
  if (p === undefined) return undefined;
  const balances = new Map<number, bigint>();
  if (user !== undefined) {
    const pos = p.positions.get(user);
    if (pos !== undefined) {
      // a b token's balance: collateral and uncollateralised supply together (get_total_supply)
      for (const [i, v] of bTokens(pos)) balances.set(i * 2 + 1, v);
      for (const [i, v] of pos.liabilities) balances.set(i * 2, v);
    }
  }
  const ue = user === undefined ? undefined : p.userEmis.get(user);
  return {
    address: pool,
    emis: new Map(p.emisData),
    userEmis: ue === undefined ? undefined : new Map(ue),
    supplies: p.reserves.map((r) => [r.bSupply, r.dSupply] as const),
    scalars: p.reserves.map((r) => r.scalar),
    gulpIds: gulpIdsOf(p),
    balances,
  };
}

/** Actions that can write the emitter's `LastDistro` or `Dropped` (the others share the live maps). */
const WRITES_EMITTER = new Set<Action['fn']>([
  'emitter.distribute',
  'emitter.swap_backstop',
  'backstop.distribute',
  'backstop.gulp_emissions',
  'backstop.drop',
  'emitter.drop',
]);

/** The backstop tokens (LP stroops) the emitter compares for a swap (model/emitter.ts backstopTokenBalance). */
const backstopTokens = (w: World, addr: Address | undefined): bigint =>
  addr === undefined ? 0n : (w.backstops.get(addr)?.lpTokens ?? w.lp.get(addr) ?? 0n);

/** The BLND (stroops) `addr` holds: a backstop's own `blnd`, else its wallet. */
export const blndOf = (w: World, addr: Address): bigint => w.backstops.get(addr)?.blnd ?? w.blnd.get(addr) ?? 0n;

/** The rule properties' records of the step (properties/rule-before.ts), for the actions they read. */
function rulesPart(w: World, a: Action): RulesBefore | undefined {
  switch (a.fn) {
    case 'emitter.queue_swap_backstop':
    case 'emitter.cancel_swap_backstop':
    case 'emitter.swap_backstop': {
      const candidate = a.fn === 'emitter.queue_swap_backstop' ? a.newBackstop : w.emitter.queuedSwap?.newBackstop;
      return { swap: { current: backstopTokens(w, w.emitter.backstop), candidate, candidateTokens: backstopTokens(w, candidate) } };
    }
    case 'backstop.add_reward':
    case 'backstop.remove_reward': {
      const bs = w.backstops.get(a.backstop);
      if (bs === undefined) return undefined;
      const pools = new Map<Address, ReturnType<typeof poolBalanceOf>>();
      const named = a.fn === 'backstop.add_reward' ? [a.toAdd, a.toRemove] : [a.toRemove];
      for (const p of named) if (p !== undefined) pools.set(p, poolBalanceOf(bs, p));
      const c = w.comet;
      return { rzEdit: { pools, comet: { blnd: c.blnd.balance, usdc: c.usdc.balance, supply: c.supply }, storedLpValue: bs.lpTokenVal } };
    }
    case 'backstop.claim': {
      const bs = w.backstops.get(a.backstop);
      if (bs === undefined) return undefined;
      const recipientBalances = new Map<Address, ReturnType<typeof userBalanceOf>>();
      for (const p of a.pools) recipientBalances.set(p, userBalanceOf(bs, p, a.to));
      const c = w.comet;
      return {
        claim: {
          comet: { blnd: c.blnd.balance, usdc: c.usdc.balance, supply: c.supply },
          backstopLp: bs.lpTokens,
          recipient: a.to,
          recipientBalances,
        },
      };
    }
    case 'emitter.drop': {
      const balances = new Map<Address, bigint>();
      for (const [to] of a.list) balances.set(to, blndOf(w, to));
      return { emitterDrop: { balances, dropped: w.emitter.dropped.has(w.emitter.backstop) } };
    }
    case 'pool.set_emissions_config': {
      const p = w.pools.get(a.pool);
      return p === undefined ? undefined : { emissionConfig: p.emissionConfig };
    }
    default:
      return undefined;
  }
}

export function captureBefore(w: World, a: Action): Before {
  let backstop: Before['backstop'];
  let pool: Before['pool'];
  switch (a.fn) {
    case 'backstop.distribute':
    case 'backstop.gulp_emissions': {
      const bs = w.backstops.get(a.backstop);
      // the reward zone, then the other pools holding an allocation (backstopPart skips repeats)
      backstop = bs === undefined ? undefined : backstopPart(w, a.backstop, bs.rewardZone, undefined, bs.rzEmis.keys());
      break;
    }
    case 'backstop.add_reward':
    case 'backstop.remove_reward':
    case 'backstop.drop':
      backstop = backstopPart(w, a.backstop, [], undefined);
      break;
    case 'backstop.deposit':
    case 'backstop.queue_withdrawal':
    case 'backstop.dequeue_withdrawal':
    case 'backstop.withdraw':
      backstop = backstopPart(w, a.backstop, [a.pool], a.from);
      break;
    case 'backstop.claim': {
      backstop = backstopPart(w, a.backstop, a.pools, a.from);
      // its `to`, where another user: the records v1 credits the LP to (spec/known-defects.ts V1-CLAIM-TO)
      const bs = w.backstops.get(a.backstop);
      if (backstop !== undefined && bs !== undefined && a.to !== a.from) {
        const perPool = new Map(
          a.pools.map((p) => [p, { pool: p, ub: userBalanceOf(bs, p, a.to), ue: bs.userEmisData.get(p)?.get(a.to) }]),
        );
        backstop = { ...backstop, recipient: { address: a.to, perPool } };
      }
      break;
    }
    case 'backstop.draw':
      backstop = backstopPart(w, a.backstop, [a.pool], undefined);
      break;
    case 'backstop.donate':
      backstop = backstopPart(w, a.backstop, [a.pool], a.from);
      break;
    case 'pool.gulp_emissions': {
      const p = w.pools.get(a.pool);
      backstop = p && backstopPart(w, p.backstop, [a.pool], undefined);
      pool = poolPart(w, a.pool, undefined);
      break;
    }
    case 'pool.claim':
    case 'pool.submit': {
      const p = w.pools.get(a.pool);
      backstop = p && backstopPart(w, p.backstop, [], undefined);
      pool = poolPart(w, a.pool, a.from);
      break;
    }
    case 'pool.set_emissions_config':
      pool = poolPart(w, a.pool, undefined);
      break;
    default:
      break;
  }
  const em = w.emitter;
  const copy = WRITES_EMITTER.has(a.fn);
  // one object shape for every action (keeps the property checks' reads monomorphic)
  const captured: BeforeWithRules = {
    now: w.now,
    emitterBackstop: em.backstop,
    lastDistro: copy ? new Map(em.lastDistro) : em.lastDistro,
    dropped: copy ? new Set(em.dropped) : em.dropped,
    queuedSwap: em.queuedSwap,
    backstop,
    pool,
    rules: rulesPart(w, a),
  };
  return captured;
}

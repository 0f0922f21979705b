/**
 * Capture, before a step, the records it can touch. Records are immutable, so this copies
 * references of only the touched pools and user: O(reward zone) for a distribution, O(1) else.
 */
import type { Action } from '../../model/actions.ts';
import { poolBalanceOf, rzEmisOf, userBalanceOf, type Address, type World } from '../../model/state.ts';
import type { Before } from '../../properties/types.ts';

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
  const userPools = new Map<Address, NonNullable<Backstop['user']>['perPool'] extends ReadonlyMap<Address, infer R> ? R : never>();
  const capture = (p: Address): void => {
    perPool.set(p, { pool: p, pb: poolBalanceOf(bs, p), rz: rzEmisOf(bs, p), emis: bs.emisData.get(p) });
    if (user !== undefined) userPools.set(p, { pool: p, ub: userBalanceOf(bs, p, user), ue: bs.userEmisData.get(p)?.get(user) });
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
    user: user === undefined ? undefined : { address: user, perPool: userPools },
  };
}

function poolPart(w: World, pool: Address, user: Address | undefined): Before['pool'] {
  const p = w.pools.get(pool);
  if (p === undefined) return undefined;
  const balances = new Map<number, bigint>();
  if (user !== undefined) {
    const pos = p.positions.get(user);
    if (pos !== undefined) {
      for (const [i, v] of pos.supply) balances.set(i * 2 + 1, v);
      for (const [i, v] of pos.liabilities) balances.set(i * 2, v);
    }
  }
  const ue = user === undefined ? undefined : p.userEmis.get(user);
  return {
    address: pool,
    emis: new Map(p.emisData),
    userEmis: ue === undefined ? undefined : new Map(ue),
    supplies: p.reserves.map((r) => [r.bSupply, r.dSupply] as const),
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
]);

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
  return {
    now: w.now,
    emitterBackstop: em.backstop,
    lastDistro: copy ? new Map(em.lastDistro) : em.lastDistro,
    dropped: copy ? new Set(em.dropped) : em.dropped,
    queuedSwap: em.queuedSwap,
    backstop,
    pool,
  };
}

/**
 * A supply bringing a reserve's total supply to exactly its supply cap (issue 19's pool survivor
 * `func122 +1568 le->lt`): apply_supply_collateral (pool/src/pool/actions.rs, inlined in
 * build_actions_from_request, pool func122) refuses a supply after which `total_supply >
 * supply_cap` (ExceededSupplyCap, 1220); the mutant refuses it at equality too. The generated
 * reserves' cap is i128::MAX / 4 (spec/genesis.json `pool.supply_cap`, about 4.25 x 10^37 units), so
 * no random supply comes near it; this chain meets it exactly, with amounts computed from the live
 * world: a user holding nothing in the pool supplies, in the enabled reserve of the most decimals,
 * first the smallest amount that takes the total supply past the cap (refused, ExceededSupplyCap),
 * then the amount that brings it to exactly the cap (`supplyTo`, src/commands/supply-edge.ts:
 * accepted; the mutant refuses it), then withdraws twice what it holds (capped at the balance), so
 * the user holds nothing again. The user holds no liabilities, so no health check runs (validate_submit).
 * Then, where the implementation announces them, the same three with the uncollateralised requests
 * (request types 0 and 1): apply_supply's own cap test (pool func122 +799 le->lt, the same edge).
 * Counted by src/commands/reach.ts, keys `supply-cap: ...`.
 *
 * Asked for by a borrow command's reserve seed (src/commands/pool.ts `Submit`), one seed in `ONE_IN`
 * by bits 16-18 (the value `ASK`; 7 is the minimum-collateral chain's, 6 the health-factor edge's;
 * bit 16 clear, so no borrow of the disabled reserve, `disabledBorrowOf`, is taken), only where bits
 * 14-15 do not ask for a utilisation chain, and only in a world with a disabled reserve (the world
 * option `secondReserve`, spec/worlds.ts: `mutate`'s default for the pool): no other choice of a
 * borrow reads those bits, so this reach adds no draw, and the default world's streams stay as they
 * were; a seed under 2^16 (what fast-check shrinks towards) asks for none.
 * Units: amounts in the reserve's units (its decimals), b tokens at a 12-decimal b_rate.
 */
import type { Action } from '../../model/actions.ts';
import type { RequestType } from '../../model/pool/positions.ts';
import { loadReserve, toAssetFromB, toBTokenDown, type ReserveData } from '../../model/pool/reserve.ts';
import type { PoolState, World } from '../../model/state.ts';
import { freePoolUser, submitsOf } from './base.ts';
import { PoolUserChain } from './scenario.ts';
import { supplyTo } from './supply-edge.ts';
import { asksFor } from './chain-seeds.ts';

/** The most units past the edge amount tried for the refused supply (a b_rate under 8 x 10^12 mints one b token more within them). */
const OVER_TRIES = 8n;

/**
 * Whether a borrow with this reserve seed (a `fc.nat({ max: 2^20 })`) asks for the supply-cap
 * chain: bits 16-18 equal to `ASK`, and no utilisation chain. The world must have a disabled
 * reserve too (`withDisabledReserve`), which src/commands/pool.ts asks.
 */
export const supplyCapOf = (request: RequestType, seed: number): boolean => asksFor('supply-cap', request, seed);

/** The enabled reserve of `p` of the most decimals (the first of them), or undefined. */
function widestEnabled(p: PoolState): number | undefined {
  let best: number | undefined;
  p.reserves.forEach((r, i) => {
    if (r.enabled && (best === undefined || r.scalar > p.reserves[best]!.scalar)) best = i;
  });
  return best;
}

/**
 * The two supplies of the chain into a reserve loaded as `d` whose cap is `cap` (units): `edge`,
 * which brings the total supply to exactly `cap` (`supplyTo`), and `over`, the smallest amount
 * above it minting one b token more (the total supply then past the cap); undefined where no
 * amount lands on the cap.
 */
export function capSupplies(d: ReserveData, cap: bigint): { edge: bigint; over: bigint } | undefined {
  const edge = supplyTo(d, cap);
  if (edge === undefined) return undefined;
  const minted = toBTokenDown(d, edge);
  for (let over = edge + 1n; over <= edge + OVER_TRIES; over++) if (toBTokenDown(d, over) > minted) return { edge, over };
  return undefined;
}

/**
 * The chain: on a pool that lets supplies through (status 0 or 1) with an enabled reserve and a
 * user holding nothing there (pool and user picked by `poolSeed` and `userSeed`), in its enabled
 * reserve of the most decimals, the user supplies `capSupplies`' `over` (refused), then its `edge`
 * (accepted at exactly the cap), then withdraws twice its collateral (capped at the balance); then,
 * where `plain`, the same with the uncollateralised requests. Nothing where no pool offers that or
 * no amount lands on the cap; it stops where a supply is refused.
 */
export class SupplyCapChain extends PoolUserChain {
  constructor(
    poolSeed: number,
    userSeed: number,
    /** Whether the chain repeats its supplies and withdrawal with the uncollateralised requests (request types 0 and 1: apply_supply's own cap test, pool func122 +799): where the implementation announces them. */
    readonly plain = false,
  ) {
    super(poolSeed, userSeed);
  }
  describe(): string {
    return 'scenario.pool_supply_cap()';
  }
  protected script = (w: World): Generator<Action, void, undefined> => supplyCapChain(w, this);
}

function* supplyCapChain(w: World, c: SupplyCapChain): Generator<Action, void, undefined> {
  const start = freePoolUser(w, c.poolSeed, c.userSeed, (p) => widestEnabled(p) !== undefined);
  if (start === undefined) return;
  const { pool, p, user } = start;
  const i = widestEnabled(p)!;
  const r = p.reserves[i]!;
  const dataAt = (): ReserveData => loadReserve(r, p.bstopRate, w.now);
  const submit = submitsOf(pool, user, i);
  const kinds = [
    ['supply', 'withdraw', 'collateral'] as const,
    ...(c.plain ? [['supply_uncollateralized', 'withdraw_uncollateralized', 'supply'] as const] : []),
  ];
  for (const [supply, withdraw, side] of kinds) {
    const amounts = capSupplies(dataAt(), r.config.supplyCap);
    if (amounts === undefined) return;
    yield submit(supply, amounts.over);
    yield submit(supply, amounts.edge);
    const posted = p.positions.get(user)?.[side].get(i) ?? 0n;
    if (posted <= 0n) return;
    yield submit(withdraw, 2n * toAssetFromB(dataAt(), posted));
  }
}

/**
 * The v1 to v2 migration, re-enacted on a snapshot of the v1 protocol (`check --snapshot FILE
 * --scenario migration`): a v2 backstop is deployed against the snapshot's emitter, which does not
 * know it; it backfills emissions (at most 10M BLND) while the v1 depositors move their LP tokens
 * to it; the emitter's swap is queued once it holds more LP tokens than the v1 backstop, and
 * executed 31 days later; the v2 backstop then drops (its drop list plus its backfill, at most
 * 50M BLND), and its depositors and the v2 pool's supplier claim.
 *
 * The steps are protocol actions, built from the model's world as it stands before each (the
 * amounts a user withdraws or deposits are what they hold then), so the same sequence drives the
 * model and the implementation. Each step may carry the outcome the timeline expects (`expect`):
 * the scenario fails when the model does not answer it, so a scenario that no longer reaches a
 * rule (the backfill cap, the swap lock) cannot pass unnoticed.
 *
 * The timeline (days from the snapshot's ledger time; every week: the emitter distributes, the v1
 * backstop gulps, the v2 backstop distributes and its pool gulps once it has a reward zone, a v1
 * depositor who stays claims):
 * - day 0: `backstop_v2.distribute()` starts the backfill clock (the emitter does not know it:
 *   `Backfill = true`); a `supplier` supplies to `pool_v2`; the largest v1 depositors, until they
 *   hold more than 55% of the v1 backstop's LP tokens, queue all their shares for withdrawal.
 * - day 21 (the v1 lock): they withdraw and deposit their LP tokens into `backstop_v2` for
 *   `pool_v2`, which joins its reward zone; the backfilled emissions start to be allocated.
 * - day 91: the swap is queued (the v2 backstop now holds more LP tokens than the v1).
 * - day 115.7: the backfill reaches its 10M BLND cap (allocated at day 119); a distribution after
 *   it is refused (MaxBackfillEmissions); claims before the drop are refused (no BLND yet).
 * - day 122: one second before the unlock the swap is refused (SwapNotUnlocked); then it runs.
 *   The v1 backstop gulps its last distribution; `backstop_v2` ends its backfill (its first
 *   distribution after the swap resets its clock, 0 BLND), drops (40M BLND to `dev_fund` plus its
 *   backfill to itself), a second drop is refused (BadDrop), and the claims follow.
 * - one week later: the emitter pays `backstop_v2` (1 BLND/s); the v1 backstop has nothing left to
 *   gulp (BadRequest); the v2 side distributes, gulps and claims again.
 */
import type { Action } from '../../model/actions.ts';
import type { Address, World } from '../../model/state.ts';
import { poolBalanceOf } from '../../model/state.ts';
import { convertToTokens } from '../../model/backstop/pool-balance.ts';
import { BackstopError, EmitterError, TokenError, type ErrorSpec } from '../../spec/errors.ts';
import { MAX_BACKFILLED_EMISSIONS, Q4W_LOCK_TIME_V1, SWAP_UNLOCK_TIME } from '../../spec/constants.ts';
import { V2_BACKSTOP, V2_POOL } from '../world/snapshot.ts';

export const SUPPLIER = 'supplier';
const DAY = 86_400n;
const WEEK = 7n * DAY;
const HOUR = 3_600n;
/** The supplier's deposit into `pool_v2`'s reserve 0 (underlying stroops: 10,000 tokens). */
const SUPPLY = 10_000n * 10_000_000n;

export interface ScenarioStep {
  /** Where in the timeline (for the report). */
  readonly phase: string;
  readonly action: Action;
  /** The model's answer the timeline relies on: accepted, or this error. */
  readonly expect?: 'ok' | ErrorSpec;
}

/** A (user, pool) v1 position, largest first. */
interface Position {
  readonly user: Address;
  readonly pool: Address;
  readonly shares: bigint;
  readonly tokens: bigint;
}

function v1Positions(w: World, v1: Address): Position[] {
  const bs = w.backstops.get(v1)!;
  const out: Position[] = [];
  for (const [pool, users] of bs.userBalances) {
    const pb = poolBalanceOf(bs, pool);
    for (const [user, ub] of users) {
      if (ub.shares <= 0n || pb.shares === 0n) continue;
      out.push({ user, pool, shares: ub.shares, tokens: convertToTokens(pb, ub.shares, true) });
    }
  }
  return out.sort((a, b) => (b.tokens > a.tokens ? 1 : b.tokens < a.tokens ? -1 : a.user < b.user ? -1 : 1));
}

/**
 * The migration's steps on `w`, the model's world (read before each step is built: the generator
 * runs in lockstep with the steps' application). `w` must be a snapshot world with the migration.
 */
export function* migrationSteps(w: World): Generator<ScenarioStep, void, void> {
  const v1 = w.emitter.backstop;
  const token = w.emitter.backstopToken;
  const bs1 = () => w.backstops.get(v1)!;
  const bs2 = () => w.backstops.get(V2_BACKSTOP)!;
  if (w.backstops.get(V2_BACKSTOP) === undefined || !w.pools.has(V2_POOL))
    throw new Error('the migration scenario needs a snapshot world with the migration (world.migration)');

  // the movers: the largest v1 positions, until they hold more than 55% of its LP tokens
  const positions = v1Positions(w, v1);
  const movers: Position[] = [];
  let moved = 0n;
  for (const p of positions) {
    if (moved * 100n > bs1().lpTokens * 55n) break;
    movers.push(p);
    moved += p.tokens;
  }
  const moverUsers = new Set(movers.map((m) => m.user));
  // a v1 depositor who stays, in a reward-zone pool with emissions: claims every week
  const stayer = positions.find((p) => !moverUsers.has(p.user) && bs1().rewardZone.includes(p.pool) && bs1().emisData.has(p.pool));

  const now = (): bigint => w.now;
  const t0 = now();
  const day = (): string => `day ${Number(((now() - t0) * 10n) / DAY) / 10}`;
  const claimV1 = (phase: string): ScenarioStep | undefined =>
    stayer && {
      phase,
      action: { fn: 'backstop.claim', backstop: v1, from: stayer.user, pools: [stayer.pool], minLpTokensOut: 0n, to: stayer.user },
    };
  const claimV2 = (user: Address, phase: string, expect?: 'ok' | ErrorSpec): ScenarioStep => ({
    phase,
    action: { fn: 'backstop.claim', backstop: V2_BACKSTOP, from: user, pools: [V2_POOL], minLpTokensOut: 0n, to: user },
    expect,
  });
  const claimPool = (phase: string, expect?: 'ok' | ErrorSpec): ScenarioStep => ({
    phase,
    action: { fn: 'pool.claim', pool: V2_POOL, from: SUPPLIER, reserveTokenIds: [1], to: SUPPLIER },
    expect,
  });

  /** One week: the emitter and both backstops distribute, the pools gulp, the stayer claims. */
  function* week(): Generator<ScenarioStep, void, void> {
    yield { phase: 'weekly', action: { fn: 'advance_time', seconds: WEEK } };
    const phase = `${day()}: weekly distribution`;
    yield { phase, action: { fn: 'emitter.distribute' }, expect: 'ok' };
    yield { phase, action: { fn: 'backstop.gulp_emissions', backstop: v1 }, expect: 'ok' };
    if (bs2().rewardZone.length > 0) {
      const capped = bs2().backfillEmissions >= MAX_BACKFILLED_EMISSIONS.value;
      yield {
        phase,
        action: { fn: 'backstop.distribute', backstop: V2_BACKSTOP },
        expect: capped ? BackstopError.MaxBackfillEmissions : 'ok',
      };
      if (!capped) yield { phase, action: { fn: 'pool.gulp_emissions', pool: V2_POOL }, expect: 'ok' };
    }
    const c = claimV1(phase);
    if (c) yield c;
  }

  // --- day 0 ---
  let phase = 'day 0: v2 backstop deployed, backfill starts';
  yield { phase, action: { fn: 'backstop.distribute', backstop: V2_BACKSTOP }, expect: 'ok' };
  yield {
    phase,
    action: { fn: 'pool.submit', pool: V2_POOL, from: SUPPLIER, request: 'supply', reserveIndex: 0, amount: SUPPLY },
    expect: 'ok',
  };
  phase = 'day 0: the largest v1 depositors queue their withdrawals';
  for (const m of movers)
    yield { phase, action: { fn: 'backstop.queue_withdrawal', backstop: v1, from: m.user, pool: m.pool, amount: m.shares }, expect: 'ok' };

  // --- weeks 1 to 3, then the move ---
  const unlockAt = t0 + Q4W_LOCK_TIME_V1.value;
  while (now() + WEEK <= unlockAt) yield* week();
  yield { phase: 'the v1 lock ends', action: { fn: 'advance_time', seconds: unlockAt - now() + HOUR } };
  phase = `${day()}: v1 depositors move to the v2 backstop`;
  for (const m of movers) {
    const q = bs1().userBalances.get(m.pool)?.get(m.user)?.q4w ?? [];
    let queued = 0n;
    for (const e of q) if (e.exp <= now()) queued += e.amount;
    yield { phase, action: { fn: 'backstop.withdraw', backstop: v1, from: m.user, pool: m.pool, amount: queued }, expect: 'ok' };
  }
  for (const user of moverUsers) {
    const lp = w.lp.get(user) ?? 0n;
    if (lp > 0n)
      yield { phase, action: { fn: 'backstop.deposit', backstop: V2_BACKSTOP, from: user, pool: V2_POOL, amount: lp }, expect: 'ok' };
  }
  yield { phase, action: { fn: 'backstop.add_reward', backstop: V2_BACKSTOP, toAdd: V2_POOL, toRemove: undefined }, expect: 'ok' };
  yield { phase, action: { fn: 'backstop.distribute', backstop: V2_BACKSTOP }, expect: 'ok' };
  yield { phase, action: { fn: 'pool.gulp_emissions', pool: V2_POOL }, expect: 'ok' };

  // --- weekly until day 91, then the swap is queued ---
  while (now() - t0 < 91n * DAY) yield* week();
  phase = `${day()}: the swap to the v2 backstop is queued`;
  yield { phase, action: { fn: 'emitter.queue_swap_backstop', newBackstop: V2_BACKSTOP, newBackstopToken: token }, expect: 'ok' };
  const swapAt = w.emitter.queuedSwap?.unlockTime ?? now() + SWAP_UNLOCK_TIME.value;

  // --- weekly until the unlock; a claim of backfilled emissions before the drop fails ---
  let claimedEarly = false;
  while (now() + WEEK < swapAt) {
    yield* week();
    if (!claimedEarly) {
      claimedEarly = true;
      const p = `${day()}: claims before the drop (no BLND yet)`;
      yield claimV2(movers[0]!.user, p, TokenError.BalanceError);
      yield claimPool(p, TokenError.BalanceError);
    }
  }
  yield { phase: 'to the unlock', action: { fn: 'advance_time', seconds: swapAt - now() - 1n } };
  yield { phase: `${day()}: the swap, one second early`, action: { fn: 'emitter.swap_backstop' }, expect: EmitterError.SwapNotUnlocked };
  if (bs2().backfillEmissions >= MAX_BACKFILLED_EMISSIONS.value) {
    yield {
      phase: `${day()}: the backfill is capped`,
      action: { fn: 'backstop.distribute', backstop: V2_BACKSTOP },
      expect: BackstopError.MaxBackfillEmissions,
    };
  }
  yield { phase: 'to the unlock', action: { fn: 'advance_time', seconds: 1n } };
  phase = `${day()}: the swap`;
  yield { phase, action: { fn: 'emitter.swap_backstop' }, expect: 'ok' };
  yield { phase, action: { fn: 'backstop.gulp_emissions', backstop: v1 }, expect: 'ok' };
  yield { phase, action: { fn: 'backstop.distribute', backstop: V2_BACKSTOP }, expect: 'ok' };
  yield claimV2(movers[0]!.user, `${day()}: a claim before the drop`, TokenError.BalanceError);
  phase = `${day()}: the drop`;
  yield { phase, action: { fn: 'backstop.drop', backstop: V2_BACKSTOP }, expect: 'ok' };
  yield { phase, action: { fn: 'backstop.drop', backstop: V2_BACKSTOP }, expect: EmitterError.BadDrop };
  phase = `${day()}: the claims after the drop`;
  for (const user of moverUsers) yield claimV2(user, phase, 'ok');
  yield claimPool(phase, 'ok');
  const c = claimV1(phase);
  if (c) yield c;

  // --- one week on the v2 backstop ---
  yield { phase: 'weekly', action: { fn: 'advance_time', seconds: WEEK } };
  phase = `${day()}: the emitter pays the v2 backstop`;
  yield { phase, action: { fn: 'emitter.distribute' }, expect: 'ok' };
  yield { phase, action: { fn: 'backstop.gulp_emissions', backstop: v1 }, expect: BackstopError.BadRequest };
  yield { phase, action: { fn: 'backstop.distribute', backstop: V2_BACKSTOP }, expect: 'ok' };
  yield { phase, action: { fn: 'pool.gulp_emissions', pool: V2_POOL }, expect: 'ok' };
  for (const user of moverUsers) yield claimV2(user, phase, 'ok');
  yield claimPool(phase, 'ok');
  const c2 = claimV1(phase);
  if (c2) yield c2;
}

/** Shared set-up for model tests: a bare world and a context to call model functions directly. */
import { PROFILES, type ProfileName } from '../spec/profiles.ts';
import type { Ctx, ModelEvent } from '../model/context.ts';
import { newBackstop, poolBalanceOf, type Address, type BackstopState, type CometState, type World } from '../model/state.ts';
import { fixedMulFloor } from '../model/math.ts';
import { convertToShares } from '../model/backstop/pool-balance.ts';
import { Tx } from '../model/tx.ts';

/** A world at `now` with one backstop `backstop` and no pools; the emitter knows nothing yet. */
export function bareWorld(profile: ProfileName, now: bigint): { w: World; bs: BackstopState; ctx: Ctx; events: ModelEvent[] } {
  const w: World = {
    profile: PROFILES[profile],
    now,
    emitter: { backstop: 'backstop', backstopToken: 'lp', lastDistro: new Map(), dropped: new Set(), queuedSwap: undefined },
    backstops: new Map(),
    pools: new Map(),
    comet: testComet(500_0000000n, 10_0000000n),
    factoryPools: new Set(),
    oracle: new Map(),
    blnd: new Map(),
    lp: new Map(),
    users: [],
    names: new Map(),
  };
  const bs = newBackstop('backstop');
  // v1 backstops read a stored LP token value: the contracts' tests store (5_0000000, 0_1000000)
  if (w.profile.lpTokenValue === 'stored') bs.lpTokenVal = { blndPerLp: 5_0000000n, usdcPerLp: 1000000n };
  w.backstops.set('backstop', bs);
  const events: ModelEvent[] = [];
  return { w, bs, ctx: { w, p: w.profile, tx: new Tx(), events }, events };
}

/**
 * A Comet 80/20 BLND:USDC LP with a 0.3% fee and `supply` LP stroops, as the contracts' tests create
 * it (blend-contracts-v2 backstop/src/testutils.rs: `create_comet_lp_pool` is 1,000 BLND, 25 USDC,
 * 100 LP; `create_comet_lp_pool_with_tokens_per_share(5_0000000, 0_1000000)` 500 BLND, 10 USDC, 100 LP).
 */
export function testComet(blnd: bigint, usdc: bigint, supply = 100_0000000n): CometState {
  return {
    blnd: { balance: blnd, weight: 8000000n, scalar: 10n ** 11n },
    usdc: { balance: usdc, weight: 2000000n, scalar: 10n ** 11n },
    supply,
    swapFee: 30000n,
  };
}

/**
 * A backstop claim's split of the LP tokens it received: each pool's deposit is
 * floor(lpOut * claim / claimed) and mints shares at the pool's current rate (the contract's own
 * arithmetic, through the model's helpers). Golden tests use it with the LP amount a real Comet pool
 * minted in the Rust test, which the model's 7-decimal composition cannot always reproduce.
 * Call it on the balances before the claim.
 */
export function splitClaimedLp(
  bs: BackstopState,
  lpOut: bigint,
  claims: readonly (readonly [Address, bigint])[],
): { pool: Address; deposit: bigint; minted: bigint }[] {
  const claimed = claims.reduce((sum, [, amount]) => sum + amount, 0n);
  return claims.map(([pool, amount]) => {
    const deposit = fixedMulFloor(lpOut, amount, claimed);
    return { pool, deposit, minted: convertToShares(poolBalanceOf(bs, pool), deposit) };
  });
}

/**
 * `apply`, each call made to take at least `ms` milliseconds (a busy wait before it): timing tests
 * use it so that a search or a shrink is surely longer than a budget on any machine, however fast,
 * while every step's outcome stays the model's own.
 */
export function slowed<A extends unknown[], R>(apply: (...args: A) => R, ms: number): (...args: A) => R {
  return (...args: A) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
    return apply(...args);
  };
}

/**
 * A time-budget test's `apply` and `prepare` around a variant's: `prepare` counts the cases as the
 * runner starts them (one call per case, and one for a counterexample's trace); from case
 * `fastCases + 1` on (the shrinking, once the first failure was found in case `fastCases`) each step
 * is made to take at least `ms` milliseconds (a busy wait before it), so that the shrinking surely
 * outlasts the budget on any machine while the first failure is found at the model's own speed,
 * well before it on any machine. `late()`: how many steps began at or after `deadline`
 * (`performance.now()`, ms), counted as they begin, after the runner's check of the budget — a
 * count, not a duration, so that "nothing runs after the budget but the step in flight" is
 * asserted the same on an idle and on a loaded machine.
 */
export function budgetProbe<W, A, R>(
  apply: (w: W, a: A) => R,
  prepare: ((w: W) => void) | undefined,
  o: { readonly ms: number; readonly fastCases: number; readonly deadline: number },
): { apply: (w: W, a: A) => R; prepare: (w: W) => void; late: () => number; cases: () => number } {
  let cases = 0;
  let late = 0;
  return {
    apply: (w, a) => {
      const at = performance.now();
      if (at >= o.deadline) late++;
      if (cases > o.fastCases) while (performance.now() < at + o.ms);
      return apply(w, a);
    },
    prepare: (w) => {
      cases++;
      prepare?.(w);
    },
    late: () => late,
    cases: () => cases,
  };
}

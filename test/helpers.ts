/** Shared set-up for model tests: a bare world and a context to call model functions directly. */
import { PROFILES, type ProfileName } from '../spec/profiles.ts';
import type { Ctx, ModelEvent } from '../model/context.ts';
import { newBackstop, poolBalanceOf, type Address, type BackstopState, type World } from '../model/state.ts';
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
    comet: { blndPerLp: 50_000_000n, usdcPerLp: 1_000_000n, lpPerBlnd: 10_000_000n },
    factoryPools: new Set(),
    blnd: new Map(),
    lp: new Map(),
    users: [],
    names: new Map(),
  };
  const bs = newBackstop('backstop');
  w.backstops.set('backstop', bs);
  const events: ModelEvent[] = [];
  return { w, bs, ctx: { w, p: w.profile, tx: new Tx(), events }, events };
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

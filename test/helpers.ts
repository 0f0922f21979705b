/** Shared set-up for model tests: a bare world and a context to call model functions directly. */
import { PROFILES, type ProfileName } from '../spec/profiles.ts';
import type { Ctx, ModelEvent } from '../model/context.ts';
import { newBackstop, type BackstopState, type World } from '../model/state.ts';
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

/** Emitter commands: distribute, backstop swaps, drops, and the LP composition input. */
import * as fc from 'fast-check';
import type { Action } from '../../model/actions.ts';
import type { CometRecord, World } from '../../model/state.ts';
import { perLp } from '../../model/comet.ts';
import type { Harness } from '../harness/harness.ts';
import { BlendCommand, backstopList, pick } from './base.ts';

export class EmitterDistribute extends BlendCommand {
  resolve(): Action {
    return { fn: 'emitter.distribute' };
  }
  describe(): string {
    return 'emitter.distribute()';
  }
}

/**
 * Seconds between two emitter distributions that no sum of ordinary advances reaches (a run's
 * advances are at most 120 days each), in a pair at a boundary of the emitter's own arithmetic
 * (emitter/src/emitter.rs `execute_distribute`, `(seconds as i128) * SCALAR_7`, compiled as a
 * 64x64-bit product of the elapsed seconds' 32-bit halves): 2^32 - 1 s and 2^32 s (about 136
 * years), the last gap whose high 32-bit half is 0 and the first whose second partial product
 * (high half x 1 BLND) and its shift into the low word count. Both mint more than 2^55 stroops
 * (4.29e16), past which the i128 goes to the host as an object rather than a small value.
 * Longer gaps are left out: from 430 x 2^32 s (whose partial product carries into the i128's high
 * word) the 1.8e19 stroops minted overflow the u64 EPS of a backstop or pool they reach
 * (`eps does not fit u64`), which the liveness properties (BLND-LIVE-001) do not allow for.
 */
export const LONG_DISTRIBUTION_GAPS: readonly bigint[] = [2n ** 32n - 1n, 2n ** 32n];

/** `advance_time(gap)` then `emitter.distribute()`: one distribution of a gap of `LONG_DISTRIBUTION_GAPS`. */
export class EmitterDistributeAfterGap extends EmitterDistribute {
  constructor(readonly gap: bigint) {
    super();
  }
  override *actions(h: Harness): Generator<Action, void, undefined> {
    yield { fn: 'advance_time', seconds: this.gap };
    yield this.bind(h);
  }
  /** Both actions, as `check` steps them (the base `run` steps only an ordinary command's one action). */
  override run(_m: Harness, h: Harness): void {
    for (const a of this.actions(h)) h.step(a);
  }
  override describe(): string {
    return `advance_time(seconds: ${this.gap}); emitter.distribute()`;
  }
  override toString(): string {
    return `advance_time(seconds: ${this.gap}); ${super.toString()}`;
  }
}

export class QueueSwapBackstop extends BlendCommand {
  constructor(readonly backstopSeed: number) {
    super();
  }
  resolve(w: World): Action {
    const others = backstopList(w).filter((x) => x !== w.emitter.backstop);
    const b = others.length > 0 && this.backstopSeed % 4 !== 3 ? pick(others, this.backstopSeed) : pick(backstopList(w), this.backstopSeed);
    return { fn: 'emitter.queue_swap_backstop', newBackstop: b, newBackstopToken: w.emitter.backstopToken };
  }
  describe(): string {
    return `emitter.queue_swap_backstop(new_backstop: #${this.backstopSeed})`;
  }
}

export class CancelSwapBackstop extends BlendCommand {
  resolve(): Action {
    return { fn: 'emitter.cancel_swap_backstop' };
  }
  describe(): string {
    return 'emitter.cancel_swap_backstop()';
  }
}

export class SwapBackstop extends BlendCommand {
  resolve(): Action {
    return { fn: 'emitter.swap_backstop' };
  }
  describe(): string {
    return 'emitter.swap_backstop()';
  }
}

export class Drop extends BlendCommand {
  constructor(readonly backstopSeed: number) {
    super();
  }
  resolve(w: World): Action {
    // mostly the emitter's current backstop (the only one the emitter lets drop)
    const backstop = this.backstopSeed % 3 === 0 ? pick(backstopList(w), this.backstopSeed) : w.emitter.backstop;
    return { fn: 'backstop.drop', backstop };
  }
  describe(): string {
    return `backstop#${this.backstopSeed}.drop()`;
  }
}

/** The Comet LP's composition: BLND and USDC per LP token, scaled from the current one (its balances over its supply) by 1/4 .. 4. */
export class SetLpPrice extends BlendCommand {
  constructor(
    readonly blndFactor: number,
    readonly usdcFactor: number,
  ) {
    super();
  }
  resolve(w: World): Action {
    const f = (x: bigint, k: number) => {
      const v = (x * BigInt([1, 2, 4, 8, 16][k]!)) / 4n;
      return v > 0n ? v : 1n;
    };
    const c = w.comet;
    // the current composition (model/comet.ts perLp), scaled by the factor
    const per = (rec: CometRecord) => (c.supply > 0n ? perLp(rec, c.supply) : 0n);
    return { fn: 'set_lp_price', blndPerLp: f(per(c.blnd), this.blndFactor), usdcPerLp: f(per(c.usdc), this.usdcFactor) };
  }
  describe(): string {
    return `comet.set_composition(#${this.blndFactor}, #${this.usdcFactor})`;
  }
}

const seed = fc.nat({ max: 1 << 20 });
export const emitterArbs = {
  // one distribution in 16 after a gap of 136 years (LONG_DISTRIBUTION_GAPS): about one a run of 200 steps
  distribute: fc.oneof(
    { weight: 15, arbitrary: fc.constant(null).map(() => new EmitterDistribute()) },
    { weight: 1, arbitrary: fc.constantFrom(...LONG_DISTRIBUTION_GAPS).map((g) => new EmitterDistributeAfterGap(g)) },
  ),
  queueSwap: seed.map((s) => new QueueSwapBackstop(s)),
  cancelSwap: fc.constant(null).map(() => new CancelSwapBackstop()),
  swap: fc.constant(null).map(() => new SwapBackstop()),
  drop: seed.map((s) => new Drop(s)),
  lpPrice: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([a, b]) => new SetLpPrice(a, b)),
};

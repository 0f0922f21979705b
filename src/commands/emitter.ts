/** Emitter commands: distribute, backstop swaps, drops, and the LP composition input. */
import * as fc from 'fast-check';
import { toCall, type Action } from '../../model/actions.ts';
import type { CometRecord, World } from '../../model/state.ts';
import { perLp } from '../../model/comet.ts';
import { I128_MAX, MAX_DROP } from '../../spec/constants.ts';
import type { Harness } from '../harness/harness.ts';
import { BlendCommand, backstopList, pick } from './base.ts';
import { bigIndexNonQueued, bigIndexTail } from './big-index.ts';

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

/**
 * `advance_time(gap)` then `emitter.distribute()`: one distribution of a gap of
 * `LONG_DISTRIBUTION_GAPS`; then, in the v2 flow, the backstop's emission index stepped past 2^64
 * over 2^32 - 1 (the shorter gap) or 2^32 (the longer) non-queued shares (src/commands/big-index.ts
 * `bigIndexTail`: the backstop's distribute, a gulp, queued withdrawals, 6 days 23 h, dequeues).
 */
export class EmitterDistributeAfterGap extends EmitterDistribute {
  private calls: { readonly list: Action[]; readonly names: ReadonlyMap<string, string> } | undefined;
  constructor(readonly gap: bigint) {
    super();
  }
  override *actions(h: Harness): Generator<Action, void, undefined> {
    const list: Action[] = [];
    this.calls = { list, names: h.world.names };
    const first: Action[] = [{ fn: 'advance_time', seconds: this.gap }, this.bind(h)];
    for (const a of first) {
      list.push(a);
      yield a;
    }
    for (const a of bigIndexTail(h.world, bigIndexNonQueued(this.gap))) {
      list.push(a);
      yield a;
    }
  }
  /** Every action, as `check` steps them (the base `run` steps only an ordinary command's one action). */
  override run(_m: Harness, h: Harness): void {
    for (const a of this.actions(h)) h.step(a);
  }
  override describe(): string {
    return `advance_time(seconds: ${this.gap}); emitter.distribute()`;
  }
  override toString(): string {
    const c = this.calls;
    if (c === undefined || c.list.length <= 2) return `advance_time(seconds: ${this.gap}); ${super.toString()}`;
    return c.list.map((a) => toCall(a, (x) => c.names.get(x) ?? x)).join('; ');
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

/**
 * The kinds of list `emitter.drop(list)` is called with, each at a boundary of the emitter's
 * `execute_drop` (blend-contracts emitter/src/emitter.rs; DROP-MAX, DROP-ONCE): `max` totals exactly
 * the 50M maximum (accepted where the current backstop has not dropped; with `repeat`, the same list
 * again: BadDrop, already dropped), `over` 50M + 1 stroop (BadDrop); `negative` holds a negative
 * entry (a non-zero high word: the sum passes, the BLND token's mint refuses it, Token#8; or the sum
 * passes 50M, BadDrop); `past-2^64` two entries under 2^64 whose sum carries into the i128's high
 * word (BadDrop); `past-2^127` two whose sum overflows i128 (the contract's checked add panics,
 * WasmVm#6); `empty` no entry (a drop of 0, accepted). The maximum is the contract's, not
 * cumulative: a backstop drops once, whatever the list.
 */
export type DropListKind = 'max' | 'over' | 'negative' | 'past-2^64' | 'past-2^127' | 'empty';

/** One entry of a drop list: a recipient seed (a user, or one in 5 the current backstop) and its stroops. */
export interface DropEntrySeed {
  readonly recipientSeed: number;
  readonly amount: bigint;
}

/**
 * `emitter.drop(list)` called directly, under the current backstop's authorisation (the backstop's
 * own `drop()` sends only its stored list, which no v2 backstop lets pass these boundaries).
 * With `repeat`, the same list twice.
 */
export class EmitterDropList extends BlendCommand {
  constructor(
    readonly kind: DropListKind,
    readonly entries: readonly DropEntrySeed[],
    readonly repeat: boolean,
  ) {
    super();
  }
  resolve(w: World): Action {
    // users, or the current backstop (whose BLND the conservation property follows): not another backstop
    const to = (seed: number): string => (seed % 5 === 4 ? w.emitter.backstop : pick(w.users, seed));
    return { fn: 'emitter.drop', list: this.entries.map((e) => [to(e.recipientSeed), e.amount] as const) };
  }
  override *actions(h: Harness): Generator<Action, void, undefined> {
    yield this.bind(h);
    if (this.repeat) yield this.bind(h);
  }
  describe(): string {
    return `emitter.drop(${this.kind}: [${this.entries.map((e) => `(#${e.recipientSeed}, ${e.amount})`).join(', ')}])${this.repeat ? ' twice' : ''}`;
  }
  override toString(): string {
    return this.repeat ? `${super.toString()}; ${super.toString()}` : super.toString();
  }
}

const recipient = fc.nat({ max: 1 << 20 });
const entry = (amount: bigint) => recipient.map((recipientSeed): DropEntrySeed => ({ recipientSeed, amount }));

/** `total` in one entry, or split in two non-negative ones (the split point fast-check's bigInt, biased to its ends). */
function totalOf(total: bigint): fc.Arbitrary<DropEntrySeed[]> {
  return fc.oneof(
    entry(total).map((e) => [e]),
    fc.tuple(recipient, recipient, fc.bigInt({ min: 0n, max: total })).map(([r1, r2, a]) => [
      { recipientSeed: r1, amount: a },
      { recipientSeed: r2, amount: total - a },
    ]),
  );
}

/** Two entries, each in [0, limit], whose sum is `limit + 1 + extra` (extra from fast-check, 0 .. 50M): the sum passes `limit`. */
function pastLimit(limit: bigint): fc.Arbitrary<DropEntrySeed[]> {
  return fc.tuple(recipient, recipient, fc.bigInt({ min: 0n, max: MAX_DROP.value })).chain(([r1, r2, extra]) => {
    const total = limit + 1n + extra;
    return fc.bigInt({ min: total - limit, max: limit }).map((a) => [
      { recipientSeed: r1, amount: a },
      { recipientSeed: r2, amount: total - a },
    ]);
  });
}

const B64 = 1n << 64n;

/** The drop lists, by kind (weights: the lists the contract refuses first, which leave the backstop free to drop). */
export const dropListArb: fc.Arbitrary<EmitterDropList> = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(totalOf(MAX_DROP.value), fc.boolean()).map(([l, r]) => new EmitterDropList('max', l, r)) },
  { weight: 3, arbitrary: totalOf(MAX_DROP.value + 1n).map((l) => new EmitterDropList('over', l, false)) },
  {
    weight: 3,
    // a positive entry up to twice the maximum and a negative one down to -2^64, in either order
    arbitrary: fc
      .tuple(recipient, recipient, fc.bigInt({ min: 0n, max: 2n * MAX_DROP.value }), fc.bigInt({ min: 1n, max: B64 }), fc.boolean())
      .map(([r1, r2, p, n, negFirst]) => {
        const pos = { recipientSeed: r1, amount: p };
        const neg = { recipientSeed: r2, amount: -n };
        return new EmitterDropList('negative', negFirst ? [neg, pos] : [pos, neg], false);
      }),
  },
  { weight: 2, arbitrary: pastLimit(B64 - 1n).map((l) => new EmitterDropList('past-2^64', l, false)) },
  { weight: 1, arbitrary: pastLimit(I128_MAX.value).map((l) => new EmitterDropList('past-2^127', l, false)) },
  { weight: 1, arbitrary: fc.constant(null).map(() => new EmitterDropList('empty', [], false)) },
);

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
  dropList: dropListArb,
  lpPrice: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([a, b]) => new SetLpPrice(a, b)),
};

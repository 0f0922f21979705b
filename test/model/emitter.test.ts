/**
 * The Emitter (model/emitter.ts) where the contracts' own tests (test/model/v1/emitter.test.ts) stop:
 * `execute_distribute` reads `get_last_distro_time(..).unwrap_optimized()` and computes
 * `(timestamp - last_distro) * 1_0000000` in u64/i128 under overflow-checks (blend-contracts
 * emitter/src/emitter.rs, storage.rs), and the events the harness folds into its ghost totals.
 */
import { describe, expect, it } from 'vitest';
import { SCALAR_7 } from '../../spec/constants.ts';
import { distribute, drop, swapBackstop } from '../../model/emitter.ts';
import { bareWorld } from '../helpers.ts';

const S7 = SCALAR_7.value;

describe('emitter distribute', () => {
  it('a second distribution in the same second mints 0; a second later, 1 BLND', () => {
    const { w, bs, ctx } = bareWorld('blend-v2', 12345n);
    w.emitter.lastDistro.set('backstop', 12345n);
    expect(distribute(ctx)).toBe(0n);
    expect(bs.blnd).toBe(0n);
    w.now = 12346n;
    expect(distribute(ctx)).toBe(1n * S7);
    expect(bs.blnd).toBe(1n * S7);
  });

  it('a last distribution after now underflows (a panic, WasmVm#6)', () => {
    const { w, ctx } = bareWorld('blend-v2', 12345n);
    w.emitter.lastDistro.set('backstop', 12346n);
    expect(() => distribute(ctx)).toThrowError(/^WasmVm#6 /);
  });

  it("an emitter without the backstop's LastDistro panics (unwrap_optimized, WasmVm#6)", () => {
    const { ctx } = bareWorld('blend-v2', 12345n);
    expect(() => distribute(ctx)).toThrowError(/^WasmVm#6 /);
  });

  it('the distribute event: what the emitter minted and to which backstop', () => {
    const { w, ctx, events } = bareWorld('blend-v1', 12345n);
    w.emitter.lastDistro.set('backstop', 1000n);
    distribute(ctx);
    expect(events).toEqual([{ topic: 'distribute', contract: 'emitter', backstop: 'backstop', amount: 11345n * S7 }]);
  });
});

describe('emitter events (test_drop, test_execute_swap_backstop set-ups)', () => {
  it('drop: the backstop, the total and the list minted', () => {
    const { w, ctx, events } = bareWorld('blend-v1', 12345n);
    w.emitter.lastDistro.set('backstop', 1000n);
    const list = [
      ['frodo', 20_000_000n * S7],
      ['samwise', 30_000_000n * S7],
    ] as const;
    drop(ctx, 'backstop', list);
    expect(events).toEqual([{ topic: 'drop', contract: 'emitter', backstop: 'backstop', total: 50_000_000n * S7, list }]);
  });

  it('swap: the final distribution to the old backstop, then the swap from it to the new one', () => {
    const { w, ctx, events } = bareWorld('blend-v1', 12345n);
    w.emitter.lastDistro.set('backstop', 10000n);
    w.lp.set('new_backstop', 1n);
    w.emitter.queuedSwap = { newBackstop: 'new_backstop', newBackstopToken: 'new_backstop_token', unlockTime: 12345n };
    swapBackstop(ctx);
    expect(events).toEqual([
      { topic: 'distribute', contract: 'emitter', backstop: 'backstop', amount: 2345n * S7 },
      { topic: 'swap', contract: 'emitter', from: 'backstop', to: 'new_backstop' },
    ]);
  });
});

describe('emitter drop(list): the checks in execute_drop order (blend-contracts emitter/src/emitter.rs)', () => {
  const run = (list: readonly (readonly [string, bigint])[], dropped = false) => {
    const { w, ctx } = bareWorld('blend-v2', 12345n);
    if (dropped) w.emitter.dropped.add('backstop');
    try {
      drop(ctx, 'backstop', list);
      return { ok: true as const, w };
    } catch (e) {
      return { ok: false as const, error: (e as Error).message, w };
    }
  };

  it('exactly 50M is minted to the list; 50M + 1 stroop is BadDrop (1101)', () => {
    const ok = run([
      ['frodo', 49_999_999n * S7],
      ['samwise', 1n * S7],
    ]);
    expect(ok.ok).toBe(true);
    expect([ok.w.blnd.get('frodo'), ok.w.blnd.get('samwise')]).toEqual([49_999_999n * S7, S7]);
    expect(ok.w.emitter.dropped.has('backstop')).toBe(true);
    expect(run([['frodo', 50_000_000n * S7 + 1n]]).error).toMatch(/^Emitter#1101 /);
  });

  it('already dropped comes first: BadDrop even for an empty list', () => {
    expect(run([], true).error).toMatch(/^Emitter#1101 /);
    expect(run([]).ok).toBe(true);
  });

  it("a negative entry passes the sum and is the token's NegativeAmountError (8) at its mint; nothing is minted", () => {
    const r = run([
      ['frodo', 10n],
      ['samwise', -1n],
    ]);
    expect(r.error).toMatch(/^Token#8 /);
    // the rollback is the transaction's (model/world.ts apply): here the first mint was written
    expect(run([['samwise', -1n]]).w.blnd.get('samwise')).toBeUndefined();
    // a negative entry under a sum past the maximum: BadDrop first
    expect(
      run([
        ['frodo', 50_000_000n * S7 + 2n],
        ['samwise', -1n],
      ]).error,
    ).toMatch(/^Emitter#1101 /);
  });

  it('a sum past 2^64 is BadDrop; past 2^127 the checked add panics (WasmVm#6)', () => {
    expect(
      run([
        ['frodo', 2n ** 63n],
        ['samwise', 2n ** 63n],
      ]).error,
    ).toMatch(/^Emitter#1101 /);
    expect(
      run([
        ['frodo', 2n ** 126n],
        ['samwise', 2n ** 126n],
      ]).error,
    ).toMatch(/^WasmVm#6 /);
  });
});

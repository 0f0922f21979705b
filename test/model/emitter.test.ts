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

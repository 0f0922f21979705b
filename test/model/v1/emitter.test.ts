/**
 * The v1 Emitter on the contract's own unit-test values, under the `blend-v1` profile:
 * blend-contracts @ 895845f emitter/src/emitter.rs and emitter/src/backstop_manager.rs `mod tests`
 * (same names, same numbers).
 *
 * The v1 pool's unit tests are not re-expressed here or in the other test/model/v1 files: the
 * model does not implement the v1 pool's emission math (its pool follows v2's
 * pool/src/emissions), only the v1 backstop's side of the pool gulp (`gulp_pool_emissions`).
 */
import { describe, expect, it } from 'vitest';
import { SCALAR_7 } from '../../../spec/constants.ts';
import { cancelSwapBackstop, distribute, drop, queueSwapBackstop, swapBackstop } from '../../../model/emitter.ts';
import { bareWorld } from '../../helpers.ts';

const NOW = 12345n;
const S7 = SCALAR_7.value;

/**
 * The emitter's world: `backstop` is the current backstop, `new_backstop` a candidate; their
 * backstop-token balances are 1,000,000 LP and `newBalance`.
 */
function emitterWorld(newBalance: bigint, lastDistro = 1000n) {
  const env = bareWorld('blend-v1', NOW);
  env.w.emitter.backstopToken = 'backstop_token';
  env.w.emitter.lastDistro.set('backstop', lastDistro);
  env.w.emitter.dropped.add('backstop');
  env.bs.lpTokens = 1_000_000n * S7;
  env.w.lp.set('new_backstop', newBalance);
  return env;
}

describe('emitter (v1 unit-test values)', () => {
  it('test_distribute', () => {
    const { w, bs, ctx } = bareWorld('blend-v1', NOW);
    w.emitter.lastDistro.set('backstop', 1000n);
    expect(distribute(ctx)).toBe(11345_0000000n);
    expect(bs.blnd).toBe(11345_0000000n);
    expect(w.emitter.lastDistro.get('backstop')).toBe(12345n);
  });

  const dropList = (samwise: bigint) =>
    [
      ['frodo', 20_000_000n * S7],
      ['samwise', samwise],
    ] as const;

  it('test_drop', () => {
    const { w, ctx } = bareWorld('blend-v1', NOW);
    w.emitter.lastDistro.set('backstop', 1000n);
    drop(ctx, 'backstop', dropList(30_000_000n * S7));
    expect(w.emitter.dropped.has('backstop')).toBe(true);
    expect(w.blnd.get('frodo')).toBe(20_000_000n * S7);
    expect(w.blnd.get('samwise')).toBe(30_000_000n * S7);
  });

  it('test_drop_already_dropped', () => {
    const { w, ctx } = bareWorld('blend-v1', NOW);
    w.emitter.lastDistro.set('backstop', 1000n);
    w.emitter.dropped.add('backstop');
    expect(() => drop(ctx, 'backstop', dropList(30_000_000n * S7))).toThrowError(/Emitter#1101/);
  });

  it('test_drop_too_large', () => {
    const { w, ctx } = bareWorld('blend-v1', NOW);
    w.emitter.lastDistro.set('backstop', 1000n);
    expect(() => drop(ctx, 'backstop', dropList(30_000_001n * S7))).toThrowError(/Emitter#1101/);
    expect(w.emitter.dropped.has('backstop')).toBe(false);
  });
});

describe('emitter backstop manager (v1 unit-test values)', () => {
  it('test_execute_queue_swap_backstop', () => {
    const { w, ctx } = emitterWorld(1_000_001n * S7);
    queueSwapBackstop(ctx, 'new_backstop', 'new_backstop_token');
    expect(w.emitter.backstop).toBe('backstop');
    expect(w.emitter.backstopToken).toBe('backstop_token');
    expect(w.emitter.queuedSwap).toEqual({
      newBackstop: 'new_backstop',
      newBackstopToken: 'new_backstop_token',
      unlockTime: 2678400n + 12345n,
    });
  });

  it('test_execute_queue_swap_backstop_insufficient_funds', () => {
    const { ctx } = emitterWorld(1_000_000n * S7);
    expect(() => queueSwapBackstop(ctx, 'new_backstop', 'new_backstop_token')).toThrowError(/Emitter#1100/);
  });

  it('test_execute_queue_swap_backstop_already_exists', () => {
    const { w, ctx } = emitterWorld(1_000_001n * S7);
    w.emitter.queuedSwap = { newBackstop: 'someone', newBackstopToken: 'some_token', unlockTime: 0n };
    expect(() => queueSwapBackstop(ctx, 'new_backstop', 'new_backstop_token')).toThrowError(/Emitter#1103/);
  });

  it('test_execute_cancel_swap_backstop', () => {
    const { w, ctx } = emitterWorld(1_000_000n * S7);
    w.emitter.queuedSwap = { newBackstop: 'new_backstop', newBackstopToken: 'new_backstop_token', unlockTime: 12345n + 1000n };
    cancelSwapBackstop(ctx);
    expect(w.emitter.backstop).toBe('backstop');
    expect(w.emitter.backstopToken).toBe('backstop_token');
    expect(w.emitter.queuedSwap).toBeUndefined();
  });

  it('test_execute_cancel_swap_backstop_valid_swap', () => {
    const { w, ctx } = emitterWorld(1_000_001n * S7);
    w.emitter.queuedSwap = { newBackstop: 'new_backstop', newBackstopToken: 'new_backstop_token', unlockTime: 12345n + 1000n };
    expect(() => cancelSwapBackstop(ctx)).toThrowError(/Emitter#1105/);
  });

  it('test_execute_cancel_swap_backstop_none_queued', () => {
    const { ctx } = emitterWorld(1_000_000n * S7);
    expect(() => cancelSwapBackstop(ctx)).toThrowError(/Emitter#1102/);
  });

  it('test_execute_swap_backstop', () => {
    const { w, bs, ctx } = emitterWorld(1_000_001n * S7, 10000n);
    w.emitter.queuedSwap = { newBackstop: 'new_backstop', newBackstopToken: 'new_backstop_token', unlockTime: 12345n };
    swapBackstop(ctx);
    expect(w.emitter.backstop).toBe('new_backstop');
    expect(w.emitter.backstopToken).toBe('new_backstop_token');
    expect(w.emitter.queuedSwap).toBeUndefined();
    // the old backstop is paid up to the swap, the new one starts from it
    expect(w.emitter.lastDistro.get('backstop')).toBe(12345n);
    expect(w.emitter.lastDistro.get('new_backstop')).toBe(12345n);
    expect(bs.blnd).toBe(2345n * S7);
    expect(w.blnd.get('new_backstop') ?? 0n).toBe(0n);
  });

  it('test_execute_swap_backstop_not_unlocked', () => {
    const { w, ctx } = emitterWorld(1_000_001n * S7, 10000n);
    w.emitter.queuedSwap = { newBackstop: 'new_backstop', newBackstopToken: 'new_backstop_token', unlockTime: 12345n + 1n };
    expect(() => swapBackstop(ctx)).toThrowError(/Emitter#1104/);
  });

  it('test_execute_swap_backstop_no_queue', () => {
    const { ctx } = emitterWorld(1_000_001n * S7, 10000n);
    expect(() => swapBackstop(ctx)).toThrowError(/Emitter#1102/);
  });

  it('test_execute_swap_backstop_insufficient_funds', () => {
    const { w, ctx } = emitterWorld(1_000_000n * S7, 10000n);
    w.emitter.queuedSwap = { newBackstop: 'new_backstop', newBackstopToken: 'new_backstop_token', unlockTime: 12345n };
    expect(() => swapBackstop(ctx)).toThrowError(/Emitter#1100/);
  });
});

/**
 * The backstop's `drop()` (model/backstop/drop.ts): blend-contracts-v2 @ ba22b48
 * backstop/src/contract.rs `drop` reads `get_drop_list` (an unwrap), pushes
 * `(current_contract_address, backfill_emissions)` and calls the emitter's `drop`; v1
 * (blend-contracts backstop contract.rs) sends its list as it is.
 */
import { describe, expect, it } from 'vitest';
import { drop } from '../../../model/backstop/drop.ts';
import { bareWorld } from '../../helpers.ts';

const S7 = 10_000_000n;
const LIST = [
  ['frodo', 20_000_000n * S7],
  ['samwise', 10_000_000n * S7],
] as const;

describe('backstop drop', () => {
  it('v2: the list plus the backfilled emissions to the backstop itself', () => {
    const { w, bs, ctx, events } = bareWorld('blend-v2', 12345n);
    w.emitter.lastDistro.set('backstop', 1000n);
    bs.dropList = LIST;
    bs.backfillEmissions = 7_000_000n * S7;
    drop(ctx, bs);
    expect(w.blnd.get('frodo')).toBe(20_000_000n * S7);
    expect(w.blnd.get('samwise')).toBe(10_000_000n * S7);
    expect(bs.blnd).toBe(7_000_000n * S7);
    expect(events).toEqual([
      { topic: 'drop', contract: 'emitter', backstop: 'backstop', total: 37_000_000n * S7, list: [...LIST, ['backstop', 7_000_000n * S7]] },
    ]);
  });

  it('v2: the backfill counts toward the 50M maximum (BadDrop 1101 one stroop over, not at it)', () => {
    const over = bareWorld('blend-v2', 12345n);
    over.bs.dropList = LIST;
    over.bs.backfillEmissions = 20_000_000n * S7 + 1n;
    expect(() => drop(over.ctx, over.bs)).toThrowError(/^Emitter#1101 /);
    const at = bareWorld('blend-v2', 12345n);
    at.bs.dropList = LIST;
    at.bs.backfillEmissions = 20_000_000n * S7;
    drop(at.ctx, at.bs);
    expect(at.bs.blnd).toBe(20_000_000n * S7);
  });

  it('v1: the list as it is', () => {
    const { w, bs, ctx, events } = bareWorld('blend-v1', 12345n);
    bs.dropList = LIST;
    bs.backfillEmissions = 7_000_000n * S7;
    drop(ctx, bs);
    expect(bs.blnd).toBe(0n);
    expect(w.blnd.get('frodo')).toBe(20_000_000n * S7);
    expect(events).toEqual([{ topic: 'drop', contract: 'emitter', backstop: 'backstop', total: 30_000_000n * S7, list: LIST }]);
  });

  it('a backstop without a drop list panics reading it (WasmVm#6), before the emitter', () => {
    const { w, bs, ctx } = bareWorld('blend-v1', 12345n);
    bs.dropList = undefined;
    expect(() => drop(ctx, bs)).toThrowError(/^WasmVm#6 /);
    expect(w.emitter.dropped.size).toBe(0);
  });
});

/**
 * The backstop's `drop()`: asks the emitter to mint its drop list (v2: plus the backfilled
 * emissions to itself). Source: backstop/src/contract.rs `drop` (v2), blend-contracts backstop
 * contract.rs `drop` (v1).
 */
import type { Ctx } from '../context.ts';
import { drop as emitterDrop } from '../emitter.ts';
import type { BackstopState } from '../state.ts';
import { overflow } from '../math.ts';

/**
 * Errors: the emitter's BadDrop (1101); the profile's `dropByOtherBackstop` from a backstop that is
 * not current; a panic (WasmVm#6) where the backstop holds no drop list (`get_drop_list` unwraps
 * it before calling the emitter: a v1 backstop's expired temporary entry).
 */
export function drop(ctx: Ctx, bs: BackstopState): void {
  if (bs.dropList === undefined) overflow('DropList missing (get_drop_list unwrap)');
  const list = ctx.p.backfill.enabled ? [...bs.dropList, [bs.address, bs.backfillEmissions] as const] : bs.dropList;
  emitterDrop(ctx, bs.address, list);
}

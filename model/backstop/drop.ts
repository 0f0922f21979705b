/**
 * The backstop's `drop()`: asks the emitter to mint its drop list (v2: plus the backfilled
 * emissions to itself). Source: backstop/src/contract.rs `drop` (v2), blend-contracts backstop
 * contract.rs `drop` (v1).
 */
import type { Ctx } from '../context.ts';
import { drop as emitterDrop } from '../emitter.ts';
import type { BackstopState } from '../state.ts';

/** Errors: the emitter's BadDrop (1101); the profile's `dropByOtherBackstop` from a backstop that is not current. */
export function drop(ctx: Ctx, bs: BackstopState): void {
  const list = ctx.p.backfill.enabled ? [...bs.dropList, [bs.address, bs.backfillEmissions] as const] : bs.dropList;
  emitterDrop(ctx, bs.address, list);
}

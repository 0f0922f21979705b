/**
 * The base of every model-based command. A command holds raw seeds, resolved against the world
 * when it runs (`seed % pools.length`), so a shrunk sequence stays valid. `check` only reads;
 * `run` resolves, acts through the harness (which compares and checks every property);
 * `toString` prints the call in Blend's syntax with resolved names.
 */
import type * as fc from 'fast-check';
import { toCall, type Action } from '../../model/actions.ts';
import type { Address, World } from '../../model/state.ts';
import type { Harness } from '../harness/harness.ts';

export abstract class BlendCommand implements fc.Command<Harness, Harness> {
  /** The action this command resolved to and the names to print it with (printed lazily). */
  private ran: { readonly action: Action; readonly h: Harness } | undefined;

  /** The action these seeds mean in `w`. */
  abstract resolve(w: World): Action;
  /** The seeds, printed while the command has not run yet. */
  abstract describe(): string;

  check(_m: Readonly<Harness>): boolean {
    return true;
  }

  /** Resolve the seeds against the harness's world and remember the call for printing. */
  bind(h: Harness): Action {
    const a = this.resolve(h.world);
    this.ran = { action: a, h };
    return a;
  }

  run(_m: Harness, h: Harness): void {
    h.step(this.bind(h));
  }

  toString(): string {
    const ran = this.ran;
    return ran === undefined ? this.describe() : toCall(ran.action, (x) => ran.h.name(x));
  }
}

/** `list[seed % list.length]`. */
export function pick<T>(list: readonly T[], seed: number): T {
  if (list.length === 0) throw new Error('pick from an empty list');
  return list[seed % list.length]!;
}

export const poolList = (w: World): Address[] => [...w.pools.keys()];

/** A pool for a seed: mostly one of the world's focus pools, one seed in eight any pool. */
export function pickPool(w: World, seed: number): Address {
  const focus = w.focus !== undefined && w.focus.length > 0 ? w.focus : poolList(w);
  return seed % 8 === 7 ? pick(poolList(w), seed >>> 3) : pick(focus, seed >>> 3);
}

/** Prefer from `preferred` (when not empty), else `fallback`. */
export function pickPreferring<T>(preferred: readonly T[], fallback: readonly T[], seed: number): T {
  return preferred.length > 0 && seed % 4 !== 3 ? pick(preferred, seed >>> 2) : pick(fallback, seed >>> 2);
}
export const backstopList = (w: World): Address[] => [...w.backstops.keys()];
export const backstopOfPool = (w: World, pool: Address): Address => w.pools.get(pool)!.backstop;

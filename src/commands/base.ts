/**
 * The base of every model-based command. A command holds raw seeds, resolved against the world
 * when it runs (`seed % pools.length`), so a shrunk sequence stays valid. `check` only reads;
 * `run` resolves, acts through the harness (which compares and checks every property);
 * `toString` prints the call in Blend's syntax with resolved names.
 */
import type * as fc from 'fast-check';
import { toCall, type Action } from '../../model/actions.ts';
import type { RequestType } from '../../model/pool/positions.ts';
import type { Address, PoolState, World } from '../../model/state.ts';
import { POOL_STATUS_ACTIVE } from '../../spec/constants.ts';
import type { Harness } from '../harness/harness.ts';

/**
 * The most actions one command performs: 1 for an ordinary command, up to this for a scenario
 * (src/commands/scenario.ts). A run of `steps` commands applies at most `steps` times this many
 * actions (src/report/merge.ts holds a shard's report to it).
 */
export const MAX_ACTIONS_PER_COMMAND = 32;
/**
 * The most actions any command performs: the pool deep-time chain's (src/commands/pool-deep.ts), a
 * rare chain of some 170 (the backstop's deep-time chain, src/commands/deep-time.ts, some 84).
 */
export const MAX_ACTIONS_OF_ANY_COMMAND = 256;

export abstract class BlendCommand implements fc.Command<Harness, Harness> {
  /**
   * The action this command resolved to and the world's address names to print it with (printed
   * lazily). Only the names map is kept, not the harness, so a finished run's world can be freed.
   */
  private ranAction: Action | undefined;
  private ranNames: ReadonlyMap<Address, string> | undefined;

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
    // (two fields, not an object per command)
    this.ranAction = a;
    this.ranNames = h.world.names;
    return a;
  }

  /**
   * The actions this command performs, in order, each resolved against the world as the ones
   * before it left it: one for an ordinary command, a short chain for a scenario
   * (src/commands/scenario.ts). `run` steps them through the harness; `check` steps each in lockstep.
   */
  *actions(h: Harness): Generator<Action, void, undefined> {
    yield this.bind(h);
  }

  /**
   * Step this command's action through the harness: an ordinary command's one action directly (no
   * generator per command on the hot path); a command whose `actions` yields a chain overrides
   * `run` to step them all (src/commands/scenario.ts).
   */
  run(_m: Harness, h: Harness): void {
    h.step(this.bind(h));
  }

  toString(): string {
    const action = this.ranAction;
    const names = this.ranNames;
    return action === undefined || names === undefined ? this.describe() : toCall(action, (x) => names.get(x) ?? x);
  }
}

/**
 * The users of `w` holding no position in `p` (no collateral, supply or liabilities), in `w.users`'
 * order: who a pool chain can start from nothing (`freePoolUser`).
 */
export function freeUsers(w: World, p: PoolState): Address[] {
  const out: Address[] = [];
  for (const u of w.users) {
    const pos = p.positions.get(u);
    if (pos === undefined || pos.collateral.size + pos.supply.size + pos.liabilities.size === 0) out.push(u);
  }
  return out;
}

/**
 * Where a pool chain starts from nothing (the min-collateral, supply-edge, interest-edge and
 * health-factor edge chains): among the pools of `w` that let borrows through (status 0 or 1:
 * require_action_allowed), pass `fits` and have a user with no position (`freeUsers`), the one
 * `poolSeed` picks (in `w.pools`' order), and the free user of it `userSeed` picks; undefined where
 * no pool qualifies.
 */
export function freePoolUser(
  w: World,
  poolSeed: number,
  userSeed: number,
  fits: (p: PoolState) => boolean,
): { pool: Address; p: PoolState; user: Address } | undefined {
  const pools: Address[] = [];
  for (const [a, p] of w.pools) {
    if (BigInt(p.status) <= POOL_STATUS_ACTIVE.value && fits(p) && freeUsers(w, p).length > 0) pools.push(a);
  }
  if (pools.length === 0) return undefined;
  const pool = pick(pools, poolSeed);
  const p = w.pools.get(pool)!;
  return { pool, p, user: pick(freeUsers(w, p), userSeed) };
}

/**
 * The submits of `from` to `pool` in its reserve `reserveIndex`: a `pool.submit` action of one
 * request and its amount (in the reserve's units). Source: blend-contracts-v2 pool/src/contract.rs
 * `submit`.
 */
export function submitsOf(pool: Address, from: Address, reserveIndex: number): (request: RequestType, amount: bigint) => Action {
  return (request, amount) => ({ fn: 'pool.submit', pool, from, request, reserveIndex, amount });
}

/** `list[seed % list.length]`. */
export function pick<T>(list: readonly T[], seed: number): T {
  if (list.length === 0) throw new Error('pick from an empty list');
  return list[seed % list.length]!;
}

/** Lists derived from a world's pool set, cached per world while the set keeps its size (pools are only ever added). */
interface PoolLists {
  readonly size: number;
  readonly all: readonly Address[];
  readonly withReserves: readonly Address[];
  /** backstop -> its pools, in creation order (a pool's backstop never changes). */
  readonly byBackstop: ReadonlyMap<Address, readonly Address[]>;
}
const poolLists = new WeakMap<World, PoolLists>();

function listsOf(w: World): PoolLists {
  let l = poolLists.get(w);
  if (l === undefined || l.size !== w.pools.size) {
    const all = [...w.pools.keys()];
    const byBackstop = new Map<Address, Address[]>();
    for (const [addr, pool] of w.pools) {
      const list = byBackstop.get(pool.backstop);
      if (list === undefined) byBackstop.set(pool.backstop, [addr]);
      else list.push(addr);
    }
    l = { size: w.pools.size, all, withReserves: all.filter((p) => w.pools.get(p)!.reserves.length > 0), byBackstop };
    poolLists.set(w, l);
  }
  return l;
}

/** Every pool of the world, in creation order (cached; do not mutate). */
export const poolList = (w: World): readonly Address[] => listsOf(w).all;
/** The pools of `backstop` (cached; do not mutate). */
export const poolsOfBackstop = (w: World, backstop: Address): readonly Address[] => listsOf(w).byBackstop.get(backstop) ?? [];

const focusSets = new WeakMap<readonly Address[], { readonly size: number; readonly set: ReadonlySet<Address> }>();
/** The world's focus pools as a set (cached while the list keeps its identity and length: it is only ever appended to). */
export function focusSet(w: World): ReadonlySet<Address> | undefined {
  const focus = w.focus;
  if (focus === undefined) return undefined;
  let c = focusSets.get(focus);
  if (c === undefined || c.size !== focus.length) {
    c = { size: focus.length, set: new Set(focus) };
    focusSets.set(focus, c);
  }
  return c.set;
}

/** Pools with reserves (a loaded snapshot may hold none: its pool data is partial). Cached; do not mutate. */
export const poolsWithReserves = (w: World): readonly Address[] => listsOf(w).withReserves;

/** A pool for a seed: mostly one of the world's focus pools, one seed in eight any pool. */
export function pickPool(w: World, seed: number): Address {
  const focus = w.focus !== undefined && w.focus.length > 0 ? w.focus : poolList(w);
  return seed % 8 === 7 ? pick(poolList(w), seed >>> 3) : pick(focus, seed >>> 3);
}

/** Prefer from `preferred` (when not empty), else `fallback`. */
export function pickPreferring<T>(preferred: readonly T[], fallback: readonly T[], seed: number): T {
  return preferred.length > 0 && seed % 4 !== 3 ? pick(preferred, seed >>> 2) : pick(fallback, seed >>> 2);
}
const backstopLists = new WeakMap<World, readonly Address[]>();
/** Every backstop of the world, in creation order (cached while the set keeps its size: backstops are only ever added; do not mutate). */
export function backstopList(w: World): readonly Address[] {
  let l = backstopLists.get(w);
  if (l === undefined || l.length !== w.backstops.size) backstopLists.set(w, (l = [...w.backstops.keys()]));
  return l;
}
export const backstopOfPool = (w: World, pool: Address): Address => w.pools.get(pool)!.backstop;

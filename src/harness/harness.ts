/**
 * One run's harness: applies actions to the reference model, folds them into the ghost totals,
 * checks every property after every step, and counts what ran, what was rejected and which
 * properties were exercised.
 */
import type { Action, ActionName } from '../../model/actions.ts';
import { apply as modelApply, type Outcome } from '../../model/world.ts';
import type { Profile } from '../../spec/profiles.ts';
import type { Address, World } from '../../model/state.ts';
import { knownDefectOf, PropertyViolation, type Before, type Property, type Step, type StepOutcome } from '../../properties/types.ts';
import { Ghost } from './ghost.ts';
import { captureBefore } from './before.ts';

/** Counts across runs: actions accepted and rejected (by error), properties checked. */
export class Stats {
  readonly accepted = new Map<ActionName, number>();
  readonly rejected = new Map<string, number>();
  /** Per property, a counter the harness increments in place (no map lookup in the step loop). */
  private readonly checkCounters = new Map<string, { n: number }>();
  steps = 0;
  /** Once a failure is being shrunk, counting stops so the figures describe the exploration. */
  frozen = false;
  /**
   * Violations that are a known defect of the profile (spec/known-defects.ts), by property and
   * defect (`<property> <defect>`): how many steps, and the first one's message and step index.
   */
  readonly knownDefects = new Map<string, KnownDefectHit>();

  /** Count one step at which property `property` met known defect `defect`. */
  countKnownDefect(property: string, defect: string, message: string, step: number, actions?: readonly Action[]): void {
    const k = `${property} ${defect}`;
    const hit = this.knownDefects.get(k);
    if (hit !== undefined) hit.count++;
    else this.knownDefects.set(k, { property, defect, count: 1, message, step, actions: actions?.slice() });
  }

  /** The live check counter of property `id`. */
  checkCounter(id: string): { n: number } {
    let c = this.checkCounters.get(id);
    if (c === undefined) {
      c = { n: 0 };
      this.checkCounters.set(id, c);
    }
    return c;
  }

  /** How many times each property was checked (a snapshot). */
  get checks(): ReadonlyMap<string, number> {
    return new Map([...this.checkCounters].map(([id, c]) => [id, c.n]));
  }

  static rejectionKey(fn: ActionName, contract: string, code: number, name: string): string {
    return `${fn} -> ${contract}#${code} ${name}`;
  }

  /** The rejection keys met so far, by action, contract and code (no string is built per step). */
  private readonly rejectionKeys = new Map<ActionName, Map<string, Map<number, string>>>();

  /** Count one rejection of `fn` with `error`. */
  countRejection(fn: ActionName, error: { readonly contract: string; readonly code: number; readonly errorName: string }): void {
    let byContract = this.rejectionKeys.get(fn);
    if (byContract === undefined) this.rejectionKeys.set(fn, (byContract = new Map()));
    let byCode = byContract.get(error.contract);
    if (byCode === undefined) byContract.set(error.contract, (byCode = new Map()));
    let k = byCode.get(error.code);
    if (k === undefined) byCode.set(error.code, (k = Stats.rejectionKey(fn, error.contract, error.code, error.errorName)));
    this.rejected.set(k, (this.rejected.get(k) ?? 0) + 1);
  }
}

/** A property's violation that is a known defect of the profile: the first one met, and how often. */
export interface KnownDefectHit {
  readonly property: string;
  readonly defect: string;
  count: number;
  readonly message: string;
  /** The step's index in its run (0-based) and, where the harness kept them, the run's actions up to it. */
  readonly step: number;
  readonly actions?: readonly Action[];
}

/** Per property list, per action, the indices of the properties that may apply (shared by every harness of the list). */
const byFnOf = new WeakMap<readonly Property[], Map<ActionName, readonly number[]>>();

export class Harness {
  readonly ghost: Ghost;
  private index = 0;
  /** The last step, for reports. */
  last: Step | undefined;
  /** The actions applied so far, where the runner keeps them (for a known defect's first occurrence). */
  trail: readonly Action[] | undefined;
  /** The indices (in `properties`) of the properties that applied to the last step, in order. */
  readonly lastApplied: number[] = [];

  /** The rules the properties check: the world's profile when the harness was made. */
  readonly profile: Profile;
  private readonly applyFn: (w: World, a: Action) => Outcome;
  /** `stats.checkCounter` of each property, in `properties` order. */
  private readonly counters: readonly { n: number }[];
  /** Per action, the indices of the properties that may apply to it (a property's `fns`, or all). */
  private readonly byFn: Map<ActionName, readonly number[]>;

  constructor(
    readonly world: World,
    readonly properties: readonly Property[],
    readonly stats: Stats,
    /** The implementation under test; the reference model by default (tests pass wrong variants). */
    applyFn?: (w: World, a: Action) => Outcome,
  ) {
    this.profile = world.profile;
    this.applyFn = applyFn ?? modelApply;
    this.counters = properties.map((p) => stats.checkCounter(p.id));
    let byFn = byFnOf.get(properties);
    if (byFn === undefined) byFnOf.set(properties, (byFn = new Map()));
    this.byFn = byFn;
    // the emission clock starts at the emitter's last distribution to the current backstop
    const last = world.emitter.lastDistro.get(world.emitter.backstop) ?? world.now;
    this.ghost = new Ghost(last < world.now ? last : world.now, world.profile.dequeueOrder);
    // BLND a backstop already holds counts as received (a loaded snapshot)
    for (const bs of world.backstops.values()) if (bs.blnd > 0n) this.ghost.receivedByBackstop.set(bs.address, bs.blnd);
    for (const bs of world.backstops.values())
      for (const pool of [...bs.emisData.keys(), ...bs.userEmisData.keys()]) this.ghost.preexisting.add(pool);
    for (const p of world.pools.values()) if (p.emisData.size > 0 || p.userEmis.size > 0) this.ghost.preexistingReserves.add(p.address);
  }

  /** The length of a backstop's reward zone (for the ghost; built once per run, not per step). */
  private readonly rzLengthOf = (b: Address): number => this.world.backstops.get(b)?.rewardZone.length ?? 0;

  /** The backstop of a pool (for the ghost). */
  private readonly backstopOf = (pool: Address): Address | undefined => this.world.pools.get(pool)?.backstop;

  name(a: Address): string {
    return this.world.names.get(a) ?? a;
  }

  /** Apply `action`, then check every property; throws PropertyViolation on a breach. */
  step(action: Action): StepOutcome {
    const before: Before = captureBefore(this.world, action);
    const out = this.applyFn(this.world, action);
    // (the model's Outcome is a StepOutcome as it is: a rejection's ContractError carries contract, code and errorName)
    const outcome: StepOutcome = out;
    if (out.ok) this.ghost.record(out.events, this.rzLengthOf, { action, before, backstopOf: this.backstopOf });
    const step: Step = { index: this.index++, profile: this.profile, action, before, outcome, world: this.world, ghost: this.ghost };
    this.last = step;
    const st = this.stats;
    if (!st.frozen) {
      st.steps++;
      if (out.ok) st.accepted.set(action.fn, (st.accepted.get(action.fn) ?? 0) + 1);
      else st.countRejection(action.fn, out.error);
    }
    const props = this.properties;
    const indices = this.byFn.get(action.fn) ?? this.indicesFor(action.fn);
    const applied = this.lastApplied;
    applied.length = 0;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      const p = props[i]!;
      if (!p.applies(step)) continue;
      applied.push(i);
      if (!st.frozen) this.counters[i]!.n++;
      const msg = p.check(step);
      if (msg !== null) {
        // a known defect of the profile, in exactly the defect's condition, is reported, not failed
        const kd = p.knownDefects === undefined ? undefined : knownDefectOf(p, this.profile, msg);
        if (kd === undefined) throw new PropertyViolation(p.id, msg, step.index);
        if (!st.frozen) st.countKnownDefect(p.id, kd.id, kd.message, step.index, this.trail);
      }
    }
    return outcome;
  }

  private indicesFor(fn: ActionName): readonly number[] {
    const out: number[] = [];
    this.properties.forEach((p, i) => {
      if (p.fns === undefined || p.fns.includes(fn)) out.push(i);
    });
    this.byFn.set(fn, out);
    return out;
  }
}

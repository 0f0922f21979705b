/**
 * Runs the invariant suites: fast-check generates action sequences for a profile, the harness
 * applies them to the reference model and checks every property after every step, and any
 * failure is shrunk to a minimal sequence. Deterministic for a seed (and a path, to replay one case).
 */
import * as fc from 'fast-check';
import type { Action } from '../model/actions.ts';
import { ACTION_NAMES, toCall } from '../model/actions.ts';
import type { Outcome } from '../model/world.ts';
import { createWorld, type WorldConfig } from './world/create.ts';
import type { World } from '../model/state.ts';
import type { Profile } from '../spec/profiles.ts';
import { KNOWN_DEFECTS } from '../spec/known-defects.ts';
import { formatSource } from '../spec/sources.ts';
import { PROPERTIES, type Property } from '../properties/index.ts';
import { PropertyViolation } from '../properties/types.ts';
import { commandArbs } from './commands/index.ts';
import { Harness, Stats } from './harness/harness.ts';
import type { LoadedSnapshot } from './world/snapshot/load.ts';
import { stopSignalOf, type InterruptInfo, type StopSignal } from './interrupt.ts';
import { traceActions, type TracePoint } from './report/trace.ts';
import type { ExerciseRule, Shortfall } from './exercise-rule.ts';
import { describeError, unearned } from './verdict.ts';

/** Where generated worlds start: the snapshot's ledger time (2025-01-13), after the v1 epoch. */
export const DEFAULT_START = 1_736_780_911n;

/** What every run of the suites takes: `run` on the model, `check` against an implementation. */
export interface SuiteOptions {
  readonly profile: Profile;
  readonly runs: number;
  readonly steps: number;
  readonly seed: number;
  /** fast-check replay path of one case (from a counterexample). */
  readonly path?: string;
  /**
   * fast-check's replay path of the commands (which of them ran in each shrunk case), printed with a
   * counterexample's path: without it a path into the shrinking of command sequences cannot be walked.
   */
  readonly replayPath?: string;
  readonly world?: WorldConfig;
  readonly properties?: readonly Property[];
  /** Called after each case, for progress: the cases done and the steps run so far. */
  readonly onCase?: (done: number, steps: number) => void;
  /**
   * The time budget: nothing runs after this instant (`performance.now()`, ms), shrinking
   * included. No new case starts after it (the case in flight stops at its next step); a failure
   * found before it is shrunk until it, and when shrinking is cut short the smallest failing case
   * found so far is the counterexample (`shrink.cutShort`). The result says the budget ran out.
   */
  readonly deadline?: number;
  /** The budget in seconds behind `deadline`, for the report. */
  readonly budgetSeconds?: number;
  /**
   * When the command started (`performance.now()`, ms): a counterexample's `found.seconds` counts
   * from here. Default: when the suite started.
   */
  readonly startedAt?: number;
  /**
   * Run only shard `index` of `count` (1-based): the cases whose index i has i % count = index - 1.
   * Every shard generates the same sequences; n shards together run the cases one run would.
   */
  readonly shard?: Shard;
  /**
   * Run only the cases [start, start + count) of the seed's sequence (a worker's share, src/workers/):
   * fast-check's replay path `start` with `count` runs, so the cases before it are skipped without
   * being generated (each case draws from the seed's generator jumped once per case, not from the
   * cases before it) and every case is the one a whole run generates. `runs` is then `count`.
   */
  readonly chunk?: { readonly start: number; readonly count: number };
  /** Polled between cases as `signal` is: a stop (its signal) asked for by another thread (src/workers/). */
  readonly stopped?: () => StopSignal | undefined;
  /**
   * Given, once the suite starts, the function that returns its result so far (what ran until
   * then: the counts, the verdict so far, no counterexample yet), for the reports written while it
   * runs (`--report-every`, src/report/periodic.ts). Calling it draws nothing from the generators.
   */
  progress?(take: () => RunResult): void;
}

/** `--shard k/n`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface RunOptions extends SuiteOptions {
  readonly snapshot?: LoadedSnapshot;
  readonly snapshotPath?: string;
  /** The implementation under test (default: the reference model), and how to prepare its world. */
  readonly apply?: (w: World, a: Action) => Outcome;
  readonly prepare?: (w: World) => void;
}

/** A run's verdict; each has its exit code (docs/exit-codes.md): pass 0, fail 1, fault 3, insufficient 4. */
export type Verdict = 'pass' | 'fail' | 'fault' | 'insufficient';

/** 'known defect': checked, and every violation was a known defect of the profile (spec/known-defects.ts); not a failure. */
export type PropertyStatus = 'passed' | 'failed' | 'not exercised' | 'not applicable' | 'known defect';

/**
 * A known defect of the profile that a run met (spec/known-defects.ts): what it is, where it comes
 * from, where it was fixed, the witness the Soroban driver replays on the deployed bytecode, and
 * per property the steps at which it showed (the first one's message, step and the run's actions).
 */
export interface KnownDefectRow {
  readonly id: string;
  readonly statement: string;
  readonly finding?: { readonly title: string; readonly url: string };
  readonly source: string;
  readonly fixedIn: { readonly repo: string; readonly commit: string; readonly url: string; readonly how: string };
  readonly condition: string;
  /** The witness's steps in Blend's call syntax (from the snapshot it names). */
  readonly witness: { readonly snapshot: string; readonly steps: readonly string[] };
  readonly seenBy: readonly {
    readonly property: string;
    readonly count: number;
    readonly message: string;
    readonly step: number;
    readonly steps?: readonly string[];
  }[];
}

export interface Counterexample {
  readonly property: string;
  readonly message: string;
  readonly seed: number;
  readonly path: string;
  /** The shrunk steps in Blend's call syntax. */
  readonly steps: readonly string[];
  /** The same steps as actions (replayable without the generators). */
  readonly actions: readonly Action[];
  /** The step at which the property broke (0-based). */
  readonly failingStep: number;
  /** fast-check's replay path of the commands, to replay `path` with (see SuiteOptions.replayPath). */
  readonly replayPath?: string;
  /** The state after each step, replayed for report.html (src/report/trace.ts). */
  readonly trace?: readonly TracePoint[];
  /** When the failure was first seen (before shrinking). */
  readonly found?: FirstFailure;
  /** How the shrinking went: its time, fast-check's count of shrinks, and whether the budget cut it short. */
  readonly shrink?: ShrinkInfo;
}

/** When a failure was first seen: time to first failure. */
export interface FirstFailure {
  /**
   * The failing sequence's number (1-based) among the sequences the command ran, in order: in
   * `run` fast-check's case number (the counterexample path's first number + 1; in a shard, among
   * the shard's cases); in `check` the corpus sequences come first, then the generated ones.
   */
  readonly run: number;
  /** The actions (steps) executed across every sequence until the failure, the failing step included. */
  readonly actions: number;
  /** Seconds from the start of the command until the failing step. */
  readonly seconds: number;
}

/** The shrinking of a failure. */
export interface ShrinkInfo {
  /** Seconds from the first failure until shrinking ended (finished, cut short, or stopped by a signal). */
  readonly seconds: number;
  /** fast-check's `numShrinks` (RunDetails): the shrinks that kept the failure, each a smaller failing case. */
  readonly steps: number;
  /** The smaller candidates run while shrinking, failing or not. */
  readonly attempts: number;
  /**
   * True when the time budget ended while shrinking: the counterexample is the smallest failing case
   * found until then, and may not be minimal (it still fails: replay reproduces it).
   */
  readonly cutShort: boolean;
}

/** Thrown inside a case when the time budget ends mid-sequence: neither a pass nor a failure. */
export class BudgetCut extends Error {
  constructor() {
    super('the time budget ended');
    this.name = 'BudgetCut';
  }
}

/** Whether the time budget has ended (`deadline` in `performance.now()` ms). */
export const pastDeadline = (deadline: number | undefined): boolean => deadline !== undefined && performance.now() >= deadline;

export interface RunResult {
  readonly profile: string;
  readonly seed: number;
  readonly runs: number;
  readonly steps: number;
  readonly world: WorldConfig | { snapshot: string };
  /**
   * pass: every applicable property held, every run ran and (set by the commands, src/exercise.ts
   * `judge`) the minimum-exercise rule was met; fail: a property failed (or, in `check`, a
   * divergence); fault: the run could not be completed or checked (an implementation fault, or an
   * error the harness does not understand: see `fault`); insufficient: nothing failed, but what ran
   * does not meet the minimum-exercise rule (by default: every applicable property checked at least
   * once), so it is not a pass.
   */
  readonly verdict: Verdict;
  /** Why the verdict is `fault`: its kind (`harness`, or an implementation fault's) and what happened. */
  readonly fault?: { readonly kind: string; readonly message: string };
  readonly properties: readonly PropertyRow[];
  readonly actions: readonly { name: string; accepted: number; rejected: number }[];
  readonly rejections: readonly { key: string; count: number }[];
  readonly totalSteps: number;
  readonly durationMs: number;
  readonly counterexample?: Counterexample;
  /** Generated sequences that ran to the end or to the failure (not the shrinking attempts). */
  readonly runsCompleted?: number;
  /** Set when a signal stopped the run early: the report is then incomplete. */
  readonly interrupted?: InterruptInfo;
  /** The shard of the cases this run ran (`--shard k/n`); absent when it ran them all. */
  readonly shard?: Shard;
  /** Set when the time budget ran out before every case ran (`--time-budget`). */
  readonly budget?: BudgetInfo;
  /** Known defects of the profile the run met (spec/known-defects.ts): reported, not failed. */
  readonly knownDefects?: readonly KnownDefectRow[];
  /** The minimum-exercise rule and what fell short of it (src/exercise.ts), when a rule was set. */
  readonly exercise?: { readonly rule: ExerciseRule; readonly shortfalls: readonly Shortfall[] };
  /**
   * Set on a report written while the command still ran (`--report-every`, src/report/periodic.ts):
   * no final verdict (report.json `complete: false`); the final reports replace it.
   */
  readonly inProgress?: InProgress;
}

/** What marks a report written while its command still ran (report.json `inProgress`). */
export interface InProgress {
  /** When it was written (ISO 8601, UTC). */
  readonly writtenAt: string;
  /** Seconds since the command started. */
  readonly seconds: number;
  /** `--report-every`: the seconds between two such reports. */
  readonly everySeconds: number;
}

/** A run the time budget cut short: what ran is reported as usual, with this note. */
export interface BudgetInfo {
  readonly seconds: number;
  readonly runsCompleted: number;
}

export type PropertyRow = { id: string; claim: string; rules: readonly string[]; checks: number; status: PropertyStatus };

/** The known defects the run met, in spec/known-defects.ts order, each with the properties that saw it. */
export function knownDefectRows(stats: Stats): KnownDefectRow[] {
  const hits = [...stats.knownDefects.values()];
  const name = (a: string): string => a;
  return KNOWN_DEFECTS.filter((d) => hits.some((h) => h.defect === d.id)).map((d) => ({
    id: d.id,
    statement: d.statement,
    ...(d.finding ? { finding: d.finding } : {}),
    source: formatSource(d.source),
    fixedIn: { repo: d.fixedIn.repo, commit: d.fixedIn.commit, url: d.fixedIn.url, how: d.fixedIn.how },
    condition: d.condition,
    witness: { snapshot: d.witness.snapshot, steps: d.witness.actions.map((a) => toCall(a, name)) },
    seenBy: hits
      .filter((h) => h.defect === d.id)
      .map((h) => ({
        property: h.property,
        count: h.count,
        message: h.message,
        step: h.step,
        ...(h.actions ? { steps: h.actions.map((a) => toCall(a, name)) } : {}),
      })),
  }));
}

/** The per-property, per-action and per-rejection tables of a report. */
export function summarize(
  stats: Stats,
  all: readonly Property[],
  applicable: readonly Property[],
  failedId: string | undefined,
): Pick<RunResult, 'properties' | 'actions' | 'rejections' | 'knownDefects'> {
  const counted = stats.checks;
  const defective = new Set([...stats.knownDefects.values()].map((h) => h.property));
  const knownDefects = knownDefectRows(stats);
  return {
    properties: all.map((p) => {
      const checks = counted.get(p.id) ?? 0;
      const status: PropertyStatus = !applicable.includes(p)
        ? 'not applicable'
        : p.id === failedId
          ? 'failed'
          : checks === 0
            ? 'not exercised'
            : defective.has(p.id)
              ? 'known defect'
              : 'passed';
      return { id: p.id, claim: p.claim, rules: p.rules, checks, status };
    }),
    ...(knownDefects.length > 0 ? { knownDefects } : {}),
    actions: ACTION_NAMES.map((name) => {
      let rejected = 0;
      for (const [k, n] of stats.rejected) if (k.startsWith(`${name} ->`)) rejected += n;
      return { name, accepted: stats.accepted.get(name) ?? 0, rejected };
    }),
    rejections: [...stats.rejected].sort((a, b) => a[0].localeCompare(b[0])).map(([key, count]) => ({ key, count })),
  };
}

export const DEFAULT_WORLD: WorldConfig = { users: 10, pools: 5, start: DEFAULT_START, rewardZoneGap: 1 };

/** The case body and the result of a suite, shared by `runSuite` and `runSuiteAsync`. */
function suite(opts: RunOptions) {
  const all = opts.properties ?? PROPERTIES;
  const props = all.filter((p) => p.profiles === undefined || p.profiles(opts.profile));
  const stats = new Stats();
  const worldCfg = opts.world ?? DEFAULT_WORLD;
  const makeWorld = (): World => (opts.snapshot ? structuredClone(opts.snapshot.world) : createWorld(opts.profile, worldCfg));
  let violation: PropertyViolation | undefined;
  /** The last error a case threw (the shrunk one's, once shrinking is done). */
  let panic: unknown;
  let lastActions: Action[] = [];
  let cases = 0;
  const t0 = performance.now();
  const startedAt = opts.startedAt ?? t0;
  /** When the first failure was seen (performance.now(), ms) and what ran until then. */
  let firstAt = 0;
  let found: FirstFailure | undefined;
  /** Cases run after the first failure: fast-check's shrinking candidates. */
  let attempts = 0;
  const arb = fc.commands(commandArbs(opts.profile), { maxCommands: opts.steps, size: 'max', replayPath: opts.replayPath });
  const params = {
    seed: opts.seed,
    numRuns: opts.runs,
    path: opts.path ?? (opts.chunk !== undefined ? String(opts.chunk.start) : undefined),
    endOnFailure: false,
  };

  /** One generated sequence on a fresh world; throws on a failure (the last one thrown is the counterexample). */
  // case indices in fast-check's order; once a case failed, every later call is a shrinking attempt
  let caseIndex = opts.chunk?.start ?? 0;
  let failed = false;
  let ranInShard = 0;
  const inShard = (i: number): boolean => opts.shard === undefined || i % opts.shard.count === opts.shard.index - 1;
  const runCase = (cmds: Iterable<fc.Command<Harness, Harness>>): void => {
    // another shard's case passes untouched (fast-check still generated it, so the cases line up)
    if (!failed && !inShard(caseIndex++)) return;
    if (!failed) ranInShard++;
    else attempts++;
    const world = makeWorld();
    const h = new Harness(world, props, stats, opts.apply);
    opts.prepare?.(world);
    const actions: Action[] = [];
    h.trail = actions;
    const origStep = h.step.bind(h);
    h.step = (a: Action) => {
      // the budget ends a long sequence between two steps (a shrinking candidate too)
      if (pastDeadline(opts.deadline)) throw new BudgetCut();
      actions.push(a);
      return origStep(a);
    };
    let cut = false;
    try {
      fc.modelRun(() => ({ model: h, real: h }), cmds);
    } catch (e) {
      if (e instanceof BudgetCut) {
        cut = true;
        throw e;
      }
      if (!failed) {
        firstAt = performance.now();
        found = {
          run: opts.shard === undefined ? caseIndex : ranInShard,
          actions: stats.steps,
          seconds: (firstAt - startedAt) / 1000,
        };
      }
      failed = true;
      stats.frozen = true;
      violation = e instanceof PropertyViolation ? e : undefined;
      panic = e;
      lastActions = actions;
      throw e;
    } finally {
      if (!stats.frozen && !cut) {
        cases++;
        opts.onCase?.(cases, stats.steps);
      }
    }
  };

  const finish = (
    raw: fc.RunDetails<[Iterable<fc.Command<Harness, Harness>>]>,
    interruptedBy?: StopSignal,
    budgetSeconds?: number,
    shrinkCut = false,
  ): RunResult => {
    const end = performance.now();
    const durationMs = end - t0;
    // fast-check counts an interruption before any case passed as a failure; stopped by a signal or
    // the budget before a failure, it is none (what ran is reported as usual)
    const details =
      raw.interrupted && raw.counterexamplePath === null && (interruptedBy !== undefined || budgetSeconds !== undefined)
        ? { ...raw, failed: false }
        : raw;
    let counterexample: Counterexample | undefined;
    let fault: RunResult['fault'];
    if (details.failed && failed) {
      const cmds = details.counterexample?.[0];
      const err = details.errorInstance;
      const v = err instanceof PropertyViolation ? err : violation;
      // printed from the actions the failing case applied: a command object is shared by the
      // shrinking attempts, so its own toString shows whichever attempt ran it last, and a command
      // that did not run (check() false) has no action
      const names = makeWorld().names;
      const steps = lastActions.map((a) => toCall(a, (x) => names.get(x) ?? x));
      counterexample = {
        property: v?.propertyId ?? 'MODEL-PANIC',
        message: v?.detail ?? String(err instanceof Error ? err.message : err),
        seed: details.seed,
        path: details.counterexamplePath ?? '',
        steps: v ? steps.slice(0, v.stepIndex + 1) : steps,
        actions: v ? lastActions.slice(0, v.stepIndex + 1) : lastActions,
        failingStep: v?.stepIndex ?? lastActions.length - 1,
        replayPath: replayPathOf(cmds),
        ...(found ? { found } : {}),
        shrink: { seconds: (end - firstAt) / 1000, steps: details.numShrinks, attempts, cutShort: shrinkCut },
      };
      counterexample = { ...counterexample, trace: traceActions(makeWorld(), counterexample.actions, opts) };
      // an error that is not a property's violation: the model (or the harness) threw something the
      // harness does not understand. Its shrunk steps are kept (they raise it), but it is a fault
      if (v === undefined) {
        fault = {
          kind: 'harness',
          message: `an error the harness does not understand, raised by the model or the harness at step ${counterexample.failingStep + 1} of the shrunk steps: ${describeError(err ?? panic)}`,
        };
      }
    }
    // fast-check's own account: a failure no case raised, an early end that is neither a signal nor
    // the budget, fewer runs than asked for
    if (fault === undefined && interruptedBy === undefined) fault = unearned(details, failed, budgetSeconds !== undefined, opts);
    const failedId = counterexample?.property;
    return {
      profile: opts.profile.name,
      seed: opts.seed,
      runs: opts.runs,
      steps: opts.steps,
      world: opts.snapshot ? { snapshot: opts.snapshotPath ?? 'snapshot' } : worldCfg,
      verdict: fault !== undefined ? 'fault' : details.failed ? 'fail' : 'pass',
      ...(fault !== undefined ? { fault } : {}),
      ...summarize(stats, all, props, failedId),
      totalSteps: stats.steps,
      durationMs,
      counterexample,
      runsCompleted: opts.shard === undefined ? details.numRuns : ranInShard,
      ...(interruptedBy
        ? { interrupted: { signal: interruptedBy, runsCompleted: opts.shard === undefined ? details.numRuns : ranInShard } }
        : {}),
      ...(opts.shard ? { shard: opts.shard } : {}),
      ...(budgetSeconds !== undefined && !interruptedBy
        ? { budget: { seconds: budgetSeconds, runsCompleted: opts.shard === undefined ? details.numRuns : ranInShard } }
        : {}),
    };
  };
  /**
   * The result so far (SuiteOptions.progress): the counts of what ran, the verdict so far (a failure
   * seen: fail, or a fault for an error that is not a property's), no counterexample before the end.
   */
  const partial = (): RunResult => ({
    profile: opts.profile.name,
    seed: opts.seed,
    runs: opts.runs,
    steps: opts.steps,
    world: opts.snapshot ? { snapshot: opts.snapshotPath ?? 'snapshot' } : worldCfg,
    verdict: !failed ? 'pass' : violation !== undefined ? 'fail' : 'fault',
    ...(failed && violation === undefined
      ? { fault: { kind: 'harness', message: `an error the harness does not understand, being shrunk: ${describeError(panic)}` } }
      : {}),
    ...summarize(stats, all, props, violation?.propertyId),
    totalSteps: stats.steps,
    durationMs: performance.now() - t0,
    runsCompleted: cases,
    ...(opts.shard ? { shard: opts.shard } : {}),
  });
  return { arb, params, runCase, finish, partial, failed: (): boolean => failed };
}

/** The replay path that fast-check prints after a counterexample's commands. */
export function replayPathOf(cmds: unknown): string | undefined {
  return cmds === undefined ? undefined : /\/\*replayPath="([^"]*)"\*\/$/.exec(String(cmds))?.[1];
}

/** A --path (with its replay path) that fast-check cannot walk with this seed and these settings. */
export class ReplayPathError extends Error {}

/** fast-check's own errors on a path it cannot walk, as a ReplayPathError; anything else as it was. */
export function replayPathError(e: unknown, opts: SuiteOptions): unknown {
  const message = e instanceof Error ? e.message : String(e);
  if (opts.path === undefined || !/Unable to replay|replayPath/.test(message)) return e;
  return new ReplayPathError(
    `--path ${opts.path}${opts.replayPath !== undefined ? ` --replay-path ${opts.replayPath}` : ''}: fast-check cannot replay it with seed ${opts.seed} (${message}); give the --seed, --runs, --steps and --replay-path printed with it`,
  );
}

/** A --path that leads past the end of fast-check's shrinking tree runs nothing: that is no pass. */
export function requireWalked(details: { numRuns: number; failed: boolean; interrupted: boolean }, opts: SuiteOptions): void {
  if (opts.path !== undefined && details.numRuns === 0 && !details.failed && !details.interrupted) {
    throw new ReplayPathError(
      `--path ${opts.path}: no case at this path with seed ${opts.seed}, --runs ${opts.runs} and --steps ${opts.steps}; give the settings printed with it`,
    );
  }
}

export function runSuite(opts: RunOptions): RunResult {
  // the time budget is runSuiteAsync's (it ends a case by interrupting fast-check's run)
  const s = suite({ ...opts, deadline: undefined });
  let details;
  try {
    details = fc.check(fc.property(s.arb, s.runCase), s.params);
  } catch (e) {
    throw replayPathError(e, opts);
  }
  requireWalked(details, opts);
  return s.finish(details);
}

/** How often `runSuiteAsync` lets the event loop run (ms), so that signals are seen. */
const YIELD_EVERY_MS = 10;

/**
 * `runSuite` that can be interrupted: the same sequences (same seed, same paths), but it lets the
 * event loop run between runs, and once `signal` is aborted it stops after the current run (or
 * shrinking step) and returns what ran so far, with `interrupted` set.
 */
export async function runSuiteAsync(opts: RunOptions & { readonly signal?: AbortSignal }): Promise<RunResult> {
  const s = suite(opts);
  opts.progress?.(s.partial);
  let lastYield = performance.now();
  let budgetHit = false;
  let shrinkCut = false;
  /** The budget ended: before a failure no new case starts; after one, shrinking stops (fast-check keeps the smallest failing case so far). */
  const budgetEnded = (): never => {
    if (s.failed()) shrinkCut = true;
    else budgetHit = true;
    throw new fc.PreconditionFailure(true);
  };
  const prop = fc.asyncProperty(s.arb, async (cmds) => {
    if (performance.now() - lastYield >= YIELD_EVERY_MS) {
      await new Promise((res) => setImmediate(res));
      lastYield = performance.now();
    }
    // stop here: fast-check ends the run as interrupted (not as a failure)
    if (opts.signal?.aborted || opts.stopped?.() !== undefined) throw new fc.PreconditionFailure(true);
    // the time budget stops new cases, and the shrinking of a failure already found
    if (pastDeadline(opts.deadline)) budgetEnded();
    try {
      s.runCase(cmds);
    } catch (e) {
      // a sequence the budget ended between two steps: neither a pass nor a failure
      if (e instanceof BudgetCut) budgetEnded();
      throw e;
    }
  });
  let details;
  try {
    details = await fc.check(prop, s.params);
  } catch (e) {
    throw replayPathError(e, opts);
  }
  requireWalked(details, opts);
  return s.finish(
    details,
    stopSignalOf(opts.signal) ?? opts.stopped?.(),
    budgetHit || shrinkCut ? opts.budgetSeconds : undefined,
    shrinkCut,
  );
}

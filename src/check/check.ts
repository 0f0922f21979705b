/**
 * `blend-harness check`: drives an implementation and the reference model with the same fast-check
 * sequences, in lockstep (see lockstep.ts), replaying the regression corpus first. A divergence is
 * shrunk to a minimal sequence and saved to the corpus; an implementation fault ends the run, and
 * so does an error the harness does not understand (a fault too, never a pass: src/verdict.ts).
 * Under `documented`, an implementation that claims a contracts profile is first checked for the
 * recorded differences from the documents, then in lockstep under the profile it claims
 * (documents.ts).
 */
import * as fc from 'fast-check';
import type { Action } from '../../model/actions.ts';
import { ACTION_NAMES, toCall } from '../../model/actions.ts';
import { createWorld } from '../world/create.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { PropertyViolation } from '../../properties/types.ts';
import { commandArbs, type Supports } from '../commands/index.ts';
import type { BlendCommand } from '../commands/base.ts';
import { Harness, Stats } from '../harness/harness.ts';
import {
  BudgetCut,
  DEFAULT_WORLD,
  pastDeadline,
  replayPathError,
  replayPathOf,
  requireWalked,
  summarize,
  type Counterexample,
  type FirstFailure,
  type RunResult,
  type SuiteOptions,
} from '../run.ts';
import { harnessFault, unearned } from '../verdict.ts';
import { ANNOUNCEABLE_ACTIONS, PROTOCOL_VERSION, protocolActionsOf, type Handshake } from '../protocol/messages.ts';
import { Interrupted, stopSignalOf } from '../interrupt.ts';
import { ImplementationFault, type Implementation } from './implementation.ts';
import { documentsMode, replayWitnesses, type DocumentsCheck } from './documents.ts';
import { getProfile, PROFILE_NAMES } from '../../spec/profiles.ts';
import { Divergence, Lockstep, describeFinding, type Finding, type StateTally } from './lockstep.ts';
import { traceOnModel, type ImplementationStep } from '../report/trace.ts';
import { ClaimableProbe, DEFAULT_TOLERANCE, newTally, ToleranceError, type Tolerance } from './claimable.ts';
import { EstimatorRun, requireEstimatorHandshake, type EstimatesReport } from './estimator.ts';
import type { BaselineReport } from './baseline-report.ts';
import type { CorpusReplayResult } from './replay-corpus.ts';

export interface CheckOptions extends SuiteOptions {
  readonly impl: Implementation;
  /** Failing sequences from earlier runs, replayed before the random ones. */
  readonly corpus?: readonly { readonly file: string; readonly actions: readonly Action[] }[];
  /** The corpus of another profile: replayed instead when the lockstep part runs under the profile the implementation claims (documents.ts). */
  readonly corpusFor?: (profile: string) => readonly { readonly file: string; readonly actions: readonly Action[] }[];
  /**
   * Aborted (by a signal): the check stops at once — the implementation is interrupted, the step in
   * flight is dropped — and returns what ran so far, with `interrupted` set.
   */
  readonly signal?: AbortSignal;
  /** The budget in seconds behind `deadline`, for the report. */
  readonly budgetSeconds?: number;
  /**
   * Read the implementation's state in full every this-many-th step even when its reply is the
   * model's state text byte for byte (src/check/lockstep.ts; 0, the default: only when it is not).
   */
  readonly fullStateEvery?: number;
  /** `--tolerance`: how far a blnd-float estimator's estimate may lie from the model's amount (src/check/claimable.ts; default 1 stroop + 2^-52 relative). */
  readonly tolerance?: Tolerance;
  /**
   * Shrink a divergence (default true). `blend-harness mutate` passes false: a mutant is killed by
   * the first divergence (fast-check's `endOnFailure`), and its seed and path still replay it.
   */
  readonly shrink?: boolean;
  /** SuiteOptions.progress, with the check's result so far (once the handshake is accepted and the documents replayed). */
  progress?(take: () => CheckResult): void;
}

export interface CheckResult extends RunResult {
  readonly implementation: Handshake;
  /** Protocol actions the harness could generate but the implementation does not support. */
  readonly skippedActions: readonly string[];
  /** Checks of each invariant on the implementation's own state. */
  readonly implChecks: readonly { id: string; checks: number }[];
  /** The state replies after steps: the model's canonical text byte for byte, or read in full (src/check/lockstep.ts). */
  readonly stateReplies?: StateTally;
  /** k: the state was read afresh and compared in full at every k-th step and at each sequence's end (0: only where it was not the model's text). */
  readonly fullStateEvery?: number;
  readonly finding?: Finding;
  /**
   * Why the check could not be completed: an implementation fault (ImplementationFault's kinds), or
   * `harness`: an error the harness does not understand, or a fast-check run that did not run all
   * its cases for any reason but a signal or the time budget (src/verdict.ts). Never a pass.
   */
  readonly fault?: {
    readonly kind: string;
    readonly message: string;
    /**
     * An implementation fault in a generated case (not in a shrinking attempt, the corpus or the
     * documents' replay): that case's 0-based index at the seed, which `--path CASE` runs again
     * (`blend-harness mutate` replays such a kill on the unmutated build, src/mutate/run.ts).
     */
    readonly case?: number;
  };
  readonly corpus: { readonly replayed: number; readonly failedFile?: string };
  /**
   * `documented` checked against an implementation of the contracts: the recorded differences
   * replayed on it (documents.ts). The rest of the result is the lockstep part, under the profile
   * the implementation claims (`profile`).
   */
  readonly documents?: DocumentsCheck;
  /** The `claimable` probes (an estimator, or an implementation announcing claimable): what was compared (src/check/claimable.ts). */
  readonly estimates?: EstimatesReport;
  /**
   * With a counterexample: the failing sequence as first found, up to its failing step, and what
   * the implementation did on it, when the shrinking changed it (`--baseline bundled` replays it too,
   * src/check/baseline.ts). Not written to report.json (`baseline` says what it did).
   */
  readonly unshrunk?: { readonly actions: readonly Action[]; readonly outcome: CorpusReplayResult };
  /** `--baseline bundled`: each divergence replayed on the bundled build and attributed (src/check/baseline.ts; set by the CLI). */
  readonly baseline?: BaselineReport;
}

/** The check protocol's action names and profiles, as a handshake may claim them. */
const KNOWN_ACTIONS: ReadonlySet<string> = new Set(ANNOUNCEABLE_ACTIONS);

/**
 * A handshake that contradicts the protocol: a profile or an action name the protocol does not
 * define. Nothing it says can be relied on, so the check refuses it (an ImplementationFault of kind
 * `handshake`, exit 3), naming the value and the known set.
 */
export function requireKnownHandshake(h: Pick<Handshake, 'profile' | 'actions'>): void {
  if (!(PROFILE_NAMES as readonly string[]).includes(h.profile)) {
    throw new ImplementationFault(
      'handshake',
      `the handshake claims profile ${JSON.stringify(h.profile)}, which is not a profile of the protocol (known: ${PROFILE_NAMES.join(', ')})`,
    );
  }
  const unknown = [...new Set(h.actions)].filter((a) => !KNOWN_ACTIONS.has(a));
  if (unknown.length > 0) {
    throw new ImplementationFault(
      'handshake',
      `the handshake announces action${unknown.length === 1 ? '' : 's'} ${unknown.map((a) => JSON.stringify(a)).join(', ')}, not in the protocol (known: ${ANNOUNCEABLE_ACTIONS.join(', ')})`,
    );
  }
}

/** One sequence: in lockstep with an implementation, or the model alone with an estimator probed (src/check/estimator.ts). */
type Sequence = Pick<Lockstep, 'model' | 'step' | 'finish'>;

/** A fast-check async command around a model-based command: resolved on the model, run in lockstep. */
class LockstepCommand implements fc.AsyncCommand<Sequence, Sequence> {
  constructor(
    readonly inner: BlendCommand,
    private readonly stopped: () => boolean,
    /** The time budget's end (`performance.now()`, ms): a sequence stops between two steps after it. */
    private readonly deadline?: number,
  ) {}
  check(m: Readonly<Sequence>): boolean {
    return this.inner.check(m.model);
  }
  async run(_m: Sequence, r: Sequence): Promise<void> {
    if (this.stopped()) throw new Interrupted('a signal');
    if (pastDeadline(this.deadline)) throw new BudgetCut();
    for (const a of this.inner.actions(r.model)) await r.step(a);
  }
  toString(): string {
    return this.inner.toString();
  }
}

export async function runCheck(opts: CheckOptions): Promise<CheckResult> {
  const t0 = performance.now();
  const impl = opts.impl;
  const stopped = (): boolean => opts.signal?.aborted === true;
  const onAbort = (): void => impl.interrupt?.();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (stopped()) onAbort();
  try {
    return await checkWith(opts, impl, stopped, t0);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

async function checkWith(opts: CheckOptions, impl: Implementation, stopped: () => boolean, t0: number): Promise<CheckResult> {
  const startedAt = opts.startedAt ?? t0;
  const all = opts.properties ?? PROPERTIES;
  let profile = opts.profile;
  let props = all.filter((p) => p.profiles === undefined || p.profiles(profile));
  const worldCfg = opts.world ?? DEFAULT_WORLD;
  const stats = new Stats();
  const implStats = new Stats();

  let handshake: Handshake;
  try {
    handshake = await impl.handshake(opts.profile.name);
  } catch (e) {
    if (!stopped()) throw e;
    // interrupted before the implementation said who it is: nothing was checked
    const none: Handshake = {
      protocol_version: PROTOCOL_VERSION,
      name: '(interrupted before the handshake)',
      version: '',
      profile: opts.profile.name,
      actions: [],
    };
    return {
      profile: opts.profile.name,
      seed: opts.seed,
      runs: opts.runs,
      steps: opts.steps,
      world: worldCfg,
      verdict: 'pass',
      ...summarize(stats, all, props, undefined),
      totalSteps: 0,
      durationMs: performance.now() - t0,
      runsCompleted: 0,
      interrupted: { signal: stopSignalOf(opts.signal)!, runsCompleted: 0 },
      implementation: none,
      skippedActions: [],
      implChecks: all.map((p) => ({ id: p.id, checks: 0 })),
      corpus: { replayed: 0 },
    };
  }
  requireKnownHandshake(handshake);
  const announced = new Set(handshake.actions);
  // an estimator executes nothing: the model runs every generated action (src/check/estimator.ts)
  const estimator = handshake.estimator;
  if (estimator !== undefined) requireEstimatorHandshake(handshake);
  if (opts.tolerance !== undefined && estimator?.units !== 'blnd-float')
    throw new ToleranceError(
      `--tolerance: applies to an estimator in blnd-float units only; ${handshake.name} ${estimator === undefined ? 'is not an estimator (its answers are compared exactly)' : `answers in ${estimator.units} (compared exactly)`}`,
    );
  // asked of protocol actions too: pool.submit is generated with the request types announced
  const supports: Supports = (fn) => estimator !== undefined || protocolActionsOf(fn).every((x) => announced.has(x));
  const skippedActions = ACTION_NAMES.filter((fn) => !supports(fn)).flatMap((fn) => protocolActionsOf(fn).filter((x) => !announced.has(x)));
  if (!supports('advance_time'))
    throw new ImplementationFault('handshake', 'the implementation does not support advance_time, which every check needs');
  // `claimable` asked at chosen points: of an estimator, and of an implementation that announces it (src/check/claimable.ts)
  const tally = newTally();
  const probeMode = estimator !== undefined ? estimator.units : announced.has('claimable') ? 'exact' : undefined;
  const tolerance = opts.tolerance ?? DEFAULT_TOLERANCE;
  const probe = probeMode === undefined ? undefined : new ClaimableProbe(impl, probeMode, tolerance, tally, stats);

  let fault: { readonly kind: string; readonly message: string } | undefined;
  /** The generated case (0-based index at the seed) an implementation fault happened in. */
  let faultCase: number | undefined;
  let corpus = opts.corpus;
  // the documents against an implementation of the contracts: the recorded differences first, then
  // the lockstep part under the profile the implementation claims
  let documents: DocumentsCheck | undefined;
  if (estimator !== undefined && documentsMode(opts.profile.name, handshake.profile)) {
    // an estimator of the contracts checked under `documented`: the model runs under the profile it
    // claims (it executes nothing, so no recorded difference can be replayed on it)
    profile = getProfile(handshake.profile)!;
    props = all.filter((p) => p.profiles === undefined || p.profiles(profile));
    corpus = opts.corpusFor?.(profile.name) ?? [];
  } else if (documentsMode(opts.profile.name, handshake.profile)) {
    const claimed = getProfile(handshake.profile)!;
    try {
      documents = await replayWitnesses(impl, opts.profile.name, claimed.name, stopped);
    } catch (e) {
      if (e instanceof ImplementationFault) fault = e;
      else if (!stopped()) fault = harnessFault(e, 'while replaying the recorded differences from the documents');
    }
    profile = claimed;
    props = all.filter((p) => p.profiles === undefined || p.profiles(profile));
    corpus = opts.corpusFor?.(claimed.name) ?? [];
  }

  /** A fresh lockstep pair: the model world and the implementation's, compared at genesis (an estimator: the model alone). */
  const start = async (actions: Action[], observed?: ImplementationStep[]): Promise<Sequence> => {
    if (estimator !== undefined) return new EstimatorRun(new Harness(createWorld(profile, worldCfg), props, stats), probe!, actions);
    await impl.init(profile.name, worldCfg);
    const world = createWorld(profile, worldCfg);
    const h = new Harness(world, props, stats);
    return new Lockstep(h, impl, props, implStats, profile, await impl.state(), actions, {
      fullStateEvery: opts.fullStateEvery,
      tally: stateReplies,
      observed,
      probe,
    });
  };

  const stateReplies: StateTally = { equal: 0, read: 0 };
  let failure: { error: Divergence | PropertyViolation; actions: Action[]; observed: ImplementationStep[] } | undefined;
  let counterexample: Counterexample | undefined;
  let replayed = 0;
  let failedFile: string | undefined;
  /** The sequences run so far (the corpus first), for `found.run`; a worker's chunk counts from its first case. */
  let sequences = opts.chunk?.start ?? 0;
  /** Time to first failure, and the shrinking after it. */
  let found: FirstFailure | undefined;
  let firstAt = 0;
  let attempts = 0;
  let unshrunk: CheckResult['unshrunk'];
  /** The generated cases that ran to their end (not the shrinking attempts). */
  let cases = 0;

  // what ran so far, for the reports written while it runs (--report-every, src/report/periodic.ts):
  // from here on (the handshake accepted, the documents replayed), so that a handshake refused writes nothing
  opts.progress?.(
    (): CheckResult => ({
      profile: profile.name,
      seed: opts.seed,
      runs: opts.runs,
      steps: opts.steps,
      world: worldCfg,
      verdict: fault
        ? 'fault'
        : failure || (documents !== undefined && documents.confirmed < documents.differences.length)
          ? 'fail'
          : 'pass',
      ...summarize(stats, all, props, failure && propertyOf(failure.error)),
      totalSteps: stats.steps,
      durationMs: performance.now() - t0,
      implementation: handshake,
      skippedActions,
      implChecks: all.map((p) => ({ id: p.id, checks: implStats.checks.get(p.id) ?? 0 })),
      stateReplies: { ...stateReplies },
      fullStateEvery: opts.fullStateEvery ?? 0,
      ...(fault ? { fault: { kind: fault.kind, message: fault.message } } : {}),
      corpus: { replayed, failedFile },
      ...(documents ? { documents } : {}),
      runsCompleted: cases,
    }),
  );

  /** What an error thrown by a sequence means: a fault, a finding, or an error the harness does not understand (a fault too). */
  const classify = (e: unknown, actions: Action[], observed: ImplementationStep[], where: string): void => {
    if (e instanceof ImplementationFault) fault ??= e;
    else if (e instanceof Divergence || e instanceof PropertyViolation) {
      if (failure === undefined) {
        firstAt = performance.now();
        found = { run: sequences, actions: stats.steps, seconds: (firstAt - startedAt) / 1000 };
        // the sequence as first found, up to its failing step (`check --baseline bundled` replays it too)
        const at = stepOfError(e);
        unshrunk = {
          actions: actions.slice(0, at + 1),
          outcome:
            e instanceof Divergence
              ? { kind: 'divergence', finding: e.finding, message: describeFinding(e.finding) }
              : { kind: 'model', property: e.propertyId, step: e.stepIndex, message: e.detail },
        };
      }
      failure = { error: e, actions: [...actions], observed };
    } else fault ??= harnessFault(e, where);
  };

  // the corpus first: each saved sequence as it was, without the generators
  let budgetHit = false;
  for (const c of corpus ?? []) {
    if (fault || failure || stopped()) break;
    if (pastDeadline(opts.deadline)) {
      budgetHit = true;
      break;
    }
    replayed++;
    sequences++;
    const actions: Action[] = [];
    const observed: ImplementationStep[] = [];
    try {
      const ls = await start(actions, observed);
      for (const a of c.actions) {
        if (stopped()) throw new Interrupted('a signal');
        await ls.step(a);
      }
      await ls.finish();
    } catch (e) {
      if (stopped()) {
        replayed--;
        break;
      }
      classify(e, actions, observed, `while replaying the corpus file ${c.file}`);
      if (!fault) failedFile = c.file;
    }
  }

  let details: fc.RunDetails<[Iterable<fc.AsyncCommand<Lockstep, Lockstep>>]> | undefined;
  let shrinkCut = false;
  // (a chunk of no cases: the handshake, the documents and the corpus only, src/workers/check-pool.ts)
  if (!fault && !failure && !stopped() && !budgetHit && opts.chunk?.count !== 0) {
    const arbs = commandArbs(profile, supports).map((arb) =>
      arb.map((c) => new LockstepCommand(c as BlendCommand, stopped, opts.deadline)),
    );
    /** The budget ended: before a finding no new case starts; after one, shrinking stops (fast-check keeps the smallest failing case so far). */
    const budgetEnded = (): never => {
      if (failure !== undefined) shrinkCut = true;
      else budgetHit = true;
      throw new fc.PreconditionFailure(true);
    };
    const prop = fc.asyncProperty(
      fc.commands(arbs, { maxCommands: opts.steps, size: 'max', replayPath: opts.replayPath }),
      async (cmds) => {
        // after a fault nothing more can be learnt from this implementation: skip what is left
        fc.pre(fault === undefined);
        // interrupted: fast-check ends the run as interrupted (not as a failure)
        if (stopped()) throw new fc.PreconditionFailure(true);
        // the time budget stops new cases, and the shrinking of a divergence already found
        if (pastDeadline(opts.deadline)) budgetEnded();
        const actions: Action[] = [];
        const observed: ImplementationStep[] = [];
        if (failure === undefined) sequences++;
        else attempts++;
        let cut = false;
        try {
          const ls = await start(actions, observed);
          await fc.asyncModelRun(() => ({ model: ls, real: ls }), cmds);
          await ls.finish();
        } catch (e) {
          // whatever the signal cut short (a killed implementation, a dropped step) is not a finding
          if (stopped()) throw new fc.PreconditionFailure(true);
          // a sequence the budget ended between two steps: neither a pass nor a finding
          if (e instanceof BudgetCut) {
            cut = true;
            budgetEnded();
          }
          const shrinking = stats.frozen;
          stats.frozen = true;
          implStats.frozen = true;
          const run = (opts.chunk?.start ?? 0) + cases + 1;
          if (!shrinking && fault === undefined && e instanceof ImplementationFault) faultCase = run - 1;
          classify(
            e,
            actions,
            observed,
            shrinking ? 'while shrinking a finding' : `during run ${run}${opts.chunk ? '' : ` of ${opts.runs}`}`,
          );
          throw e;
        } finally {
          if (!stats.frozen && !cut) {
            cases++;
            opts.onCase?.(cases, stats.steps);
          }
        }
      },
    );
    try {
      // a worker's chunk (src/workers/check-pool.ts): its cases from replay path `start`, as src/run.ts
      const path = opts.path ?? (opts.chunk !== undefined ? String(opts.chunk.start) : undefined);
      details = await fc.check(prop, {
        seed: opts.seed,
        numRuns: opts.runs,
        path,
        endOnFailure: opts.shrink === false,
        maxSkipsPerRun: 1,
      });
    } catch (e) {
      throw replayPathError(e, opts);
    }
    requireWalked(details, opts);
    // fast-check's own account of the run: a failure the harness did not classify, or a run that
    // ended early for no reason the harness knows, is a fault, never a pass
    // (fast-check counts an interruption before any case passed as a failure: the budget's is none)
    const ended = budgetHit && details.interrupted && details.counterexamplePath === null ? { ...details, failed: false } : details;
    if (fault === undefined && !stopped()) fault = unearned(ended, failure !== undefined, budgetHit, opts);
  }

  // a fault no awaited reply carried (a line or an exit after the last reply) ends what would be a
  // pass as a fault (after a finding it is the finding's: a state read after a diverging reply)
  if (fault === undefined && failure === undefined && !stopped()) fault = impl.faultSeen?.();
  const shrinkEnd = performance.now();
  let finding: Finding | undefined;
  if (failure && !fault) {
    const err = failure.error;
    const stepIndex = stepOfError(err);
    const actions = failure.actions.slice(0, stepIndex + 1);
    if (err instanceof Divergence) finding = err.finding;
    counterexample = {
      property: propertyOf(err),
      message:
        err instanceof Divergence ? describeFinding(err.finding) : `the reference model itself violates ${err.propertyId}: ${err.detail}`,
      seed: failedFile ? 0 : (details?.seed ?? opts.seed),
      path: failedFile ? '' : (details?.counterexamplePath ?? ''),
      steps: actions.map((a) => toCall(a)),
      actions,
      failingStep: stepIndex,
      replayPath: failedFile ? undefined : replayPathOf(details?.counterexample?.[0]),
      // the steps on the model, with what the implementation reported beside (report.html's trace)
      trace: traceOf(profile.name, worldCfg, actions, failure.observed),
      ...(found ? { found } : {}),
      shrink: {
        seconds: (shrinkEnd - firstAt) / 1000,
        // a corpus sequence is replayed as saved, not shrunk
        steps: failedFile ? 0 : (details?.numShrinks ?? 0),
        attempts,
        cutShort: shrinkCut,
      },
    };
  }
  const unconfirmed = documents !== undefined && documents.confirmed < documents.differences.length;
  const verdict = fault ? 'fault' : failure || unconfirmed ? 'fail' : 'pass';
  const failedId = counterexample?.property;
  return {
    profile: profile.name,
    seed: opts.seed,
    runs: opts.runs,
    steps: opts.steps,
    world: worldCfg,
    verdict,
    ...summarize(stats, all, props, failedId),
    totalSteps: stats.steps,
    durationMs: performance.now() - t0,
    counterexample,
    implementation: handshake,
    skippedActions,
    implChecks: all.map((p) => ({ id: p.id, checks: implStats.checks.get(p.id) ?? 0 })),
    stateReplies,
    fullStateEvery: opts.fullStateEvery ?? 0,
    finding,
    fault: fault && { kind: fault.kind, message: fault.message, ...(faultCase !== undefined ? { case: faultCase } : {}) },
    corpus: { replayed, failedFile },
    ...(documents ? { documents } : {}),
    // the sequence first found, when the shrinking changed it (`--baseline bundled` replays it too)
    ...(counterexample && unshrunk !== undefined && !sameActions(unshrunk.actions, counterexample.actions) ? { unshrunk } : {}),
    ...(probeMode !== undefined
      ? { estimates: { mode: probeMode, ...(probeMode === 'blnd-float' ? { tolerance: tolerance.text } : {}), ...tally } }
      : {}),
    runsCompleted: details?.numRuns ?? 0,
    ...(stopped() ? { interrupted: { signal: stopSignalOf(opts.signal)!, runsCompleted: details?.numRuns ?? 0 } } : {}),
    ...((budgetHit || shrinkCut) && !stopped()
      ? { budget: { seconds: opts.budgetSeconds ?? 0, runsCompleted: details?.numRuns ?? 0 } }
      : {}),
  };
}

/** A finding's property as the counterexample names it: an invariant's ID, `DIVERGENCE-<KIND>`, or `MODEL:<ID>` (the model itself). */
const propertyOf = (e: Divergence | PropertyViolation): string =>
  e instanceof Divergence
    ? e.finding.kind === 'invariant'
      ? e.finding.property
      : `DIVERGENCE-${e.finding.kind.toUpperCase()}`
    : `MODEL:${e.propertyId}`;

/** The step (0-based) at which a finding broke: a divergence's (genesis counts as the first step), a model violation's. */
const stepOfError = (e: Divergence | PropertyViolation): number => (e instanceof Divergence ? Math.max(e.finding.step, 0) : e.stepIndex);

/** Whether two action lists are the same steps (their protocol requests, bigints as text). */
const sameActions = (a: readonly Action[], b: readonly Action[]): boolean =>
  a.length === b.length && JSON.stringify(a, bigintText) === JSON.stringify(b, bigintText);
const bigintText = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/** The counterexample's trace on the model with the implementation's reports; undefined when it cannot be replayed (e.g. a snapshot file gone). */
function traceOf(
  profile: string,
  world: CheckResult['world'],
  actions: readonly Action[],
  observed: readonly ImplementationStep[],
): Counterexample['trace'] {
  try {
    return traceOnModel(
      profile,
      world as Parameters<typeof traceOnModel>[1],
      actions,
      observed.filter((o) => o.step < actions.length),
    );
  } catch {
    return undefined;
  }
}

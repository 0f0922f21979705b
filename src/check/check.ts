/**
 * `blend-harness check`: drives an implementation and the reference model with the same fast-check
 * sequences, in lockstep (see lockstep.ts), replaying the regression corpus first. A divergence is
 * shrunk to a minimal sequence and saved to the corpus; an implementation fault ends the run.
 */
import * as fc from 'fast-check';
import type { Action, ActionName } from '../../model/actions.ts';
import { ACTION_NAMES, toCall } from '../../model/actions.ts';
import { createWorld } from '../../model/world.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { PropertyViolation } from '../../properties/types.ts';
import { commandArbs } from '../commands/index.ts';
import type { BlendCommand } from '../commands/base.ts';
import { Harness, Stats } from '../harness/harness.ts';
import { DEFAULT_WORLD, summarize, type Counterexample, type RunResult, type SuiteOptions } from '../run.ts';
import { protocolActionsOf, type Handshake } from '../protocol/messages.ts';
import { ImplementationFault, type Implementation } from './implementation.ts';
import { Divergence, Lockstep, describeFinding, type Finding } from './lockstep.ts';

export interface CheckOptions extends SuiteOptions {
  readonly impl: Implementation;
  /** Failing sequences from earlier runs, replayed before the random ones. */
  readonly corpus?: readonly { readonly file: string; readonly actions: readonly Action[] }[];
}

export interface CheckResult extends RunResult {
  readonly implementation: Handshake;
  /** Protocol actions the harness could generate but the implementation does not support. */
  readonly skippedActions: readonly string[];
  /** Checks of each invariant on the implementation's own state. */
  readonly implChecks: readonly { id: string; checks: number }[];
  readonly finding?: Finding;
  readonly fault?: { readonly kind: string; readonly message: string };
  readonly corpus: { readonly replayed: number; readonly failedFile?: string };
}

/** A fast-check async command around a model-based command: resolved on the model, run in lockstep. */
class LockstepCommand implements fc.AsyncCommand<Lockstep, Lockstep> {
  constructor(readonly inner: BlendCommand) {}
  check(m: Readonly<Lockstep>): boolean {
    return this.inner.check(m.model);
  }
  async run(_m: Lockstep, r: Lockstep): Promise<void> {
    await r.step(this.inner.bind(r.model));
  }
  toString(): string {
    return this.inner.toString();
  }
}

export async function runCheck(opts: CheckOptions): Promise<CheckResult> {
  const all = opts.properties ?? PROPERTIES;
  const props = all.filter((p) => p.profiles === undefined || p.profiles(opts.profile));
  const worldCfg = opts.world ?? DEFAULT_WORLD;
  const stats = new Stats();
  const implStats = new Stats();
  const t0 = performance.now();
  const impl = opts.impl;

  const handshake = await impl.handshake(opts.profile.name);
  const announced = new Set(handshake.actions);
  const supports = (fn: ActionName): boolean => protocolActionsOf(fn).every((x) => announced.has(x));
  const skippedActions = ACTION_NAMES.filter((fn) => !supports(fn)).flatMap((fn) => protocolActionsOf(fn).filter((x) => !announced.has(x)));
  if (!supports('advance_time')) throw new ImplementationFault('handshake', 'the implementation does not support advance_time, which every check needs');

  /** A fresh lockstep pair: the model world and the implementation's, compared at genesis. */
  const start = async (actions: Action[]): Promise<Lockstep> => {
    await impl.init(opts.profile.name, worldCfg);
    const world = createWorld(opts.profile, worldCfg);
    const h = new Harness(world, props, stats);
    return new Lockstep(h, impl, props, implStats, opts.profile, await impl.state(), actions);
  };

  let fault: ImplementationFault | undefined;
  let failure: { error: Divergence | PropertyViolation; actions: Action[] } | undefined;
  let counterexample: Counterexample | undefined;
  let replayed = 0;
  let failedFile: string | undefined;

  const classify = (e: unknown, actions: Action[]): void => {
    if (e instanceof ImplementationFault) fault ??= e;
    else if (e instanceof Divergence || e instanceof PropertyViolation) failure = { error: e, actions: [...actions] };
  };

  // the corpus first: each saved sequence as it was, without the generators
  for (const c of opts.corpus ?? []) {
    if (fault || failure) break;
    replayed++;
    const actions: Action[] = [];
    try {
      const ls = await start(actions);
      for (const a of c.actions) await ls.step(a);
    } catch (e) {
      classify(e, actions);
      if (!(e instanceof ImplementationFault || e instanceof Divergence || e instanceof PropertyViolation)) throw e;
      if (!fault) failedFile = c.file;
    }
  }

  let details: fc.RunDetails<[Iterable<fc.AsyncCommand<Lockstep, Lockstep>>]> | undefined;
  if (!fault && !failure) {
    const arbs = commandArbs(opts.profile, supports).map((arb) => arb.map((c) => new LockstepCommand(c as BlendCommand)));
    let cases = 0;
    const prop = fc.asyncProperty(fc.commands(arbs, { maxCommands: opts.steps, size: 'max' }), async (cmds) => {
      // after a fault nothing more can be learnt from this implementation: skip what is left
      fc.pre(fault === undefined);
      const actions: Action[] = [];
      try {
        const ls = await start(actions);
        await fc.asyncModelRun(() => ({ model: ls, real: ls }), cmds);
      } catch (e) {
        stats.frozen = true;
        implStats.frozen = true;
        classify(e, actions);
        throw e;
      } finally {
        if (!stats.frozen) opts.onCase?.(++cases);
      }
    });
    details = await fc.check(prop, { seed: opts.seed, numRuns: opts.runs, path: opts.path, endOnFailure: false, maxSkipsPerRun: 1 });
  }

  let finding: Finding | undefined;
  if (failure && !fault) {
    const err = failure.error;
    const stepIndex = err instanceof Divergence ? Math.max(err.finding.step, 0) : err.stepIndex;
    const actions = failure.actions.slice(0, stepIndex + 1);
    if (err instanceof Divergence) finding = err.finding;
    counterexample = {
      property: err instanceof Divergence ? (err.finding.kind === 'invariant' ? err.finding.property : `DIVERGENCE-${err.finding.kind.toUpperCase()}`) : `MODEL:${err.propertyId}`,
      message: err instanceof Divergence ? describeFinding(err.finding) : `the reference model itself violates ${err.propertyId}: ${err.detail}`,
      seed: failedFile ? 0 : (details?.seed ?? opts.seed),
      path: failedFile ? '' : (details?.counterexamplePath ?? ''),
      steps: actions.map((a) => toCall(a)),
      actions,
      failingStep: stepIndex,
    };
  }
  const verdict = fault ? 'fault' : failure ? 'fail' : 'pass';
  const failedId = counterexample?.property;
  return {
    profile: opts.profile.name,
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
    finding,
    fault: fault && { kind: fault.kind, message: fault.message },
    corpus: { replayed, failedFile },
  };
}

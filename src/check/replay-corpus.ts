/**
 * `blend-harness replay CORPUS_FILE --impl "<command>"`: one saved failing sequence of the
 * regression corpus (src/check/corpus.ts) replayed in lockstep against an implementation, as
 * `check` replays the corpus first: the same world, the same steps, every reply, invariant and
 * state field compared with the model's. Without the generators, so it is the saved sequence
 * itself, whatever the run length or the generators have become.
 */
import type { Action } from '../../model/actions.ts';
import { createWorld, type WorldConfig } from '../world/create.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { PropertyViolation } from '../../properties/types.ts';
import { getProfile } from '../../spec/profiles.ts';
import { Harness, Stats } from '../harness/harness.ts';
import { corpusEntryOf, CorpusError, readCorpusJson, worldFromJson, type CorpusEntry } from './corpus.ts';
import { ImplementationFault, type Implementation } from './implementation.ts';
import { Divergence, Lockstep, describeFinding, type Finding } from './lockstep.ts';
import { ClaimableProbe, DEFAULT_TOLERANCE, newTally, type Tolerance } from './claimable.ts';
import { EstimatorRun, requireEstimatorHandshake } from './estimator.ts';

/** Whether a parsed JSON file is a corpus entry (`found`, `requests`) rather than `run`'s counterexample.json (which has a `kind` and a `failure`). */
export function isCorpusEntry(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'requests' in json && 'found' in json && !('kind' in json) && !('failure' in json);
}

/**
 * A corpus file, read and checked (src/check/corpus.ts: a regular file within the corpus size
 * limit, strict UTF-8, the entry schema, the world and requests valid). A file that is not a corpus
 * entry (run's counterexample.json, say), or a malformed one, is a CorpusError naming it (exit 2).
 */
export function readCorpusFile(file: string): { entry: CorpusEntry; actions: Action[] } {
  const json = readCorpusJson(file);
  if (!isCorpusEntry(json))
    throw new CorpusError(
      `corpus file ${file}: not a corpus entry (a check corpus file has found and requests; a counterexample.json of run replays without --impl)`,
    );
  return corpusEntryOf(file, json);
}

/** What replaying a corpus file found: nothing (`pass`), a divergence of the implementation, or the model violating a property itself. */
export type CorpusReplayResult =
  | { readonly kind: 'pass'; readonly steps: number }
  | { readonly kind: 'divergence'; readonly finding: Finding; readonly message: string }
  | { readonly kind: 'model'; readonly property: string; readonly step: number; readonly message: string };

/**
 * Replay `actions` on `entry`'s world in lockstep against `impl` (already started; the handshake
 * is sent here). An implementation fault is thrown (ImplementationFault), as `check` treats it.
 */
export async function replayCorpusEntry(
  entry: CorpusEntry,
  actions: readonly Action[],
  impl: Implementation,
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): Promise<CorpusReplayResult> {
  return replaySequence(entry.profile, worldFromJson(entry.world), actions, impl, tolerance);
}

/**
 * Replay `actions` from a fresh `world` under `profileName` in lockstep against `impl` (already
 * started; the handshake is sent here), as `check` replays a corpus sequence: used by
 * replayCorpusEntry and by `check --baseline bundled` (src/check/baseline.ts). An implementation
 * fault is thrown (ImplementationFault).
 */
export async function replaySequence(
  profileName: string,
  world: WorldConfig,
  actions: readonly Action[],
  impl: Implementation,
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): Promise<CorpusReplayResult> {
  const profile = getProfile(profileName)!;
  const props = PROPERTIES.filter((p) => p.profiles === undefined || p.profiles(profile));
  const handshake = await impl.handshake(profile.name);
  // the claimable probes, as check asks them: of an estimator (the model alone steps), or of an implementation announcing claimable
  const estimator = handshake.estimator;
  if (estimator !== undefined) requireEstimatorHandshake(handshake);
  const stats = new Stats();
  const mode = estimator !== undefined ? estimator.units : handshake.actions.includes('claimable') ? 'exact' : undefined;
  const probe = mode === undefined ? undefined : new ClaimableProbe(impl, mode, tolerance, newTally(), stats);
  if (estimator === undefined) await impl.init(profile.name, world);
  const h = new Harness(createWorld(profile, world), props, stats);
  try {
    const ls =
      estimator !== undefined
        ? new EstimatorRun(h, probe!)
        : new Lockstep(h, impl, props, new Stats(), profile, await impl.state(), [], { probe });
    for (const a of actions) await ls.step(a);
    await ls.finish();
  } catch (e) {
    if (e instanceof Divergence) return { kind: 'divergence', finding: e.finding, message: describeFinding(e.finding) };
    if (e instanceof PropertyViolation) return { kind: 'model', property: e.propertyId, step: e.stepIndex, message: e.detail };
    if (e instanceof ImplementationFault) throw e;
    throw e;
  }
  return { kind: 'pass', steps: actions.length };
}

/**
 * Counterexample bundles: when `run` finds a failure it saves `DIR/counterexample.json` with
 * everything needed to reproduce it without the generators — the profile, the world, the
 * properties that were checked, the shrunk steps (as check-protocol requests, like the corpus) and
 * the failure (property, message, step) — plus the seed and path that found it.
 * `blend-harness replay FILE` replays it and reports whether the same failure comes back.
 */
import { toCall, type Action } from '../model/actions.ts';
import type { Outcome } from '../model/world.ts';
import { createWorld, type WorldConfig } from './world/create.ts';
import type { World } from '../model/state.ts';
import { PROPERTIES, type Property } from '../properties/index.ts';
import { PropertyViolation } from '../properties/types.ts';
import { getProfile, PROFILE_NAMES, type Profile } from '../spec/profiles.ts';
import {
  checkWorld,
  CorpusError,
  requestsToActions,
  sequenceSchema,
  worldFromJson,
  worldToJson,
  type CorpusEntry,
} from './check/corpus.ts';
import { Harness, Stats } from './harness/harness.ts';
import { actionToRequest } from './protocol/messages.ts';
import { ajv2020, lazyValidator } from './protocol/validate.ts';
import type { RunResult } from './run.ts';
import { loadSnapshot } from './world/snapshot/load.ts';
import { InputFileError, readInputFile, writeFileAtomic } from './io/files.ts';

export const BUNDLE_FORMAT = 1;

/** A failure as replay sees it: which property, its message, at which step (0-based). */
export interface Failure {
  readonly property: string;
  readonly message: string;
  readonly step: number;
}

export interface BundleJson {
  readonly format: number;
  readonly kind: 'counterexample';
  readonly profile: string;
  readonly seed: number;
  readonly path: string;
  /** fast-check's replay path of the commands, for `run --path` (absent for a failure on an unshrunk case). */
  readonly replay_path?: string;
  readonly runs: number;
  readonly max_steps: number;
  /** A generated world, or the ledger snapshot the run started from (its path as given). */
  readonly world: CorpusEntry['world'] | { snapshot: string };
  /** What was run: "reference model" for `run`; tests name the wrong variant they ran. */
  readonly implementation: string;
  /** The properties that were checked after every step. */
  readonly properties: readonly string[];
  readonly failure: Failure;
  /** The steps in Blend's call syntax (for people). */
  readonly steps: readonly string[];
  /** The steps as check-protocol requests (what is replayed). */
  readonly requests: readonly { action: string; args: Record<string, unknown> }[];
  /** When the failure was first seen: the run (1-based), the actions executed until then, the seconds from the start of the command. */
  readonly first_failure?: { readonly run: number; readonly actions: number; readonly seconds: number };
  /**
   * The shrinking: its seconds, fast-check's count of shrinks (`steps`), the candidates tried, and
   * `cut_short` when the time budget ended it: the steps are then the smallest failing case found
   * until then, and may not be minimal (they still fail).
   */
  readonly shrink?: { readonly seconds: number; readonly steps: number; readonly attempts: number; readonly cut_short: boolean };
}

const bundleSchema = {
  type: 'object',
  required: [
    'format',
    'kind',
    'profile',
    'seed',
    'path',
    'runs',
    'max_steps',
    'world',
    'implementation',
    'properties',
    'failure',
    'steps',
    'requests',
  ],
  properties: {
    format: { const: BUNDLE_FORMAT },
    kind: { const: 'counterexample' },
    profile: { enum: [...PROFILE_NAMES] },
    seed: { type: 'integer', minimum: -2_147_483_648, maximum: 2_147_483_647 },
    path: { type: 'string', pattern: '^([0-9]+(:[0-9]+)*)?$' },
    replay_path: { type: 'string', pattern: '^[A-Za-z0-9+/]*:[A-Za-z0-9+/]*$' },
    runs: { type: 'integer', minimum: 1 },
    max_steps: { type: 'integer', minimum: 1 },
    world: { type: 'object' },
    implementation: { type: 'string' },
    properties: { type: 'array', items: { type: 'string' }, minItems: 1 },
    failure: {
      type: 'object',
      required: ['property', 'message', 'step'],
      properties: { property: { type: 'string' }, message: { type: 'string' }, step: { type: 'integer', minimum: 0 } },
      additionalProperties: false,
    },
    // the steps in call syntax and as protocol requests (src/check/corpus.ts)
    ...sequenceSchema,
    first_failure: {
      type: 'object',
      required: ['run', 'actions', 'seconds'],
      properties: {
        run: { type: 'integer', minimum: 1 },
        actions: { type: 'integer', minimum: 0 },
        seconds: { type: 'number', minimum: 0 },
      },
      additionalProperties: false,
    },
    shrink: {
      type: 'object',
      required: ['seconds', 'steps', 'attempts', 'cut_short'],
      properties: {
        seconds: { type: 'number', minimum: 0 },
        steps: { type: 'integer', minimum: 0 },
        attempts: { type: 'integer', minimum: 0 },
        cut_short: { type: 'boolean' },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;
// compiled when a bundle is first read (not at start-up)
const validateBundle = lazyValidator(() => new (ajv2020())({ allowUnionTypes: true }).compile(bundleSchema));

/** A bundle file that cannot be replayed: one line, `bundle <file>: <problem>` (exit 2). */
export class BundleError extends Error {}

/** The bundle of a failed run (`implementation` names what ran, for people). */
export function bundleOf(result: RunResult, implementation = 'reference model'): BundleJson {
  const c = result.counterexample;
  if (c === undefined) throw new Error('bundleOf: the run has no counterexample');
  return {
    format: BUNDLE_FORMAT,
    kind: 'counterexample',
    profile: result.profile,
    seed: c.seed,
    path: c.path,
    ...(c.replayPath !== undefined ? { replay_path: c.replayPath } : {}),
    runs: result.runs,
    max_steps: result.steps,
    world: 'snapshot' in result.world ? { snapshot: result.world.snapshot } : worldToJson(result.world),
    implementation,
    properties: result.properties.filter((p) => p.status !== 'not applicable').map((p) => p.id),
    failure: { property: c.property, message: c.message, step: c.failingStep },
    steps: c.steps,
    requests: c.actions.map((a) => actionToRequest(a)),
    ...(c.found ? { first_failure: { run: c.found.run, actions: c.found.actions, seconds: c.found.seconds } } : {}),
    ...(c.shrink
      ? { shrink: { seconds: c.shrink.seconds, steps: c.shrink.steps, attempts: c.shrink.attempts, cut_short: c.shrink.cutShort } }
      : {}),
  };
}

/** Write a bundle atomically (a temporary file, then a rename). */
export function saveBundle(file: string, b: BundleJson): void {
  writeFileAtomic(file, `${JSON.stringify(b, null, 2)}\n`);
}

export interface LoadedBundle {
  readonly file: string;
  readonly json: BundleJson;
  readonly profile: Profile;
  readonly properties: readonly Property[];
  readonly actions: readonly Action[];
  /** A fresh world to replay on. */
  readonly makeWorld: () => World;
}

/**
 * Read and validate a bundle; every problem is a BundleError naming the file (one line, exit 2):
 * the file must be a regular file of at most 128 MiB (src/io/files.ts), strict UTF-8 JSON of the
 * bundle schema, with at least one property, requests that are valid protocol requests, and steps
 * that are the requests' call text (`replay` shows the steps and runs the requests: they must agree).
 */
export function loadBundle(file: string): LoadedBundle {
  const where = `bundle ${file}`;
  let text: string;
  try {
    text = readInputFile(file, 'bundle');
  } catch (e) {
    if (e instanceof InputFileError) throw new BundleError(`${where}: ${e.message}`);
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BundleError(`${where}: not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (!validateBundle(json)) {
    const err = validateBundle.errors?.[0];
    const allowed = err?.params && 'allowedValues' in err.params ? ` (${(err.params.allowedValues as unknown[]).join(', ')})` : '';
    throw new BundleError(`${where}: ${err?.instancePath || '(top level)'} ${err?.message ?? 'is invalid'}${allowed}`);
  }
  const b = json as unknown as BundleJson;
  const profile = getProfile(b.profile)!;
  const known = new Map(PROPERTIES.map((p) => [p.id, p]));
  const unknown = b.properties.find((id) => !known.has(id));
  if (unknown !== undefined) throw new BundleError(`${where}: /properties: unknown property "${unknown}"`);
  const properties = PROPERTIES.filter((p) => b.properties.includes(p.id));
  let actions: Action[];
  let makeWorld: () => World;
  try {
    actions = requestsToActions(b.requests, where);
    if ('snapshot' in b.world) {
      const w = b.world;
      if (typeof w.snapshot !== 'string' || w.snapshot === '' || Object.keys(w).length !== 1)
        throw new CorpusError(`${where}: /world: expected {"snapshot": "<file>"} or a generated world`);
      if (profile.name !== 'blend-v1')
        throw new CorpusError(`${where}: /world: a snapshot holds Blend v1, the bundle's profile is ${profile.name}`);
      const loaded = loadSnapshot(w.snapshot);
      makeWorld = () => structuredClone(loaded.world);
    } else {
      checkWorld(b.world, where);
      const cfg: WorldConfig = worldFromJson(b.world);
      makeWorld = () => createWorld(profile, cfg);
    }
  } catch (e) {
    if (e instanceof CorpusError) throw new BundleError(e.message);
    throw e;
  }
  if (b.failure.step >= actions.length)
    throw new BundleError(`${where}: /failure/step ${b.failure.step} is beyond the ${actions.length} saved steps`);
  checkStepsMatchRequests(b.steps, actions, makeWorld().names, where);
  return { file, json: b, profile, properties, actions, makeWorld };
}

/**
 * The steps text must be the requests' call text, step for step (as `run` wrote it: `toCall` with
 * the world's names), else a BundleError naming the first step that differs.
 */
export function checkStepsMatchRequests(
  steps: readonly string[],
  actions: readonly Action[],
  names: ReadonlyMap<string, string>,
  where: string,
): void {
  if (steps.length !== actions.length)
    throw new BundleError(
      `${where}: /steps has ${steps.length} steps, /requests ${actions.length}: the steps shown would not be the steps run`,
    );
  actions.forEach((a, i) => {
    const want = toCall(a, (x) => names.get(x) ?? x);
    if (steps[i] !== want)
      throw new BundleError(
        `${where}: /steps/${i} ${JSON.stringify(clip(steps[i]!))} is not request ${i + 1}, which is ${JSON.stringify(clip(want))}`,
      );
  });
}

const clip = (s: string): string => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/**
 * Replay a bundle's steps on a fresh world with its properties checked after every step, as `run`
 * did: the first failure, or undefined when every step keeps every property. `variant` replaces
 * the model (tests replay the wrong variants that produced their bundles).
 */
export function replayBundle(
  b: LoadedBundle,
  variant: { apply?: (w: World, a: Action) => Outcome; prepare?: (w: World) => void } = {},
): Failure | undefined {
  const world = b.makeWorld();
  const h = new Harness(world, b.properties, new Stats(), variant.apply);
  variant.prepare?.(world);
  let i = 0;
  try {
    for (; i < b.actions.length; i++) h.step(b.actions[i]!);
  } catch (e) {
    if (e instanceof PropertyViolation) return { property: e.propertyId, message: e.detail, step: e.stepIndex };
    return { property: 'MODEL-PANIC', message: e instanceof Error ? e.message : String(e), step: i };
  }
  return undefined;
}

export const sameFailure = (a: Failure | undefined, b: Failure | undefined): boolean =>
  a !== undefined && b !== undefined && a.property === b.property && a.message === b.message && a.step === b.step;

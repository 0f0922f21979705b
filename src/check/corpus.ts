/**
 * The regression corpus: every failing sequence `check` finds is saved as a file (seed, path, the
 * world, and the steps themselves as protocol requests) and replayed first on the next run, so it
 * stays a regression test even after the run length or the generators change.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Action } from '../../model/actions.ts';
import type { WorldConfig } from '../world/create.ts';
import { actionToRequest, PROTOCOL_ACTIONS, requestToAction, type ProtocolAction, type WasmProvenance } from '../protocol/messages.ts';
import { ajv2020, lazyValidator, validateRequest, validateWorld, schemaError } from '../protocol/validate.ts';
import { I128_MAX, I128_MIN } from '../../spec/constants.ts';
import { InputFileError, readInputFile, writeFileAtomic } from '../io/files.ts';
import type { BaselineReport } from './baseline-report.ts';

export const CORPUS_FORMAT = 1;

export interface CorpusEntry {
  readonly format: number;
  readonly profile: string;
  readonly seed: number;
  readonly path: string;
  readonly world: {
    users: number;
    pools: number;
    start: string;
    reserves?: number;
    lp_per_user?: string;
    reward_zone_gap?: number | null;
    whale?: boolean;
    second_reserve?: boolean;
  };
  /** What it found, and in which implementation (for people; replay does not depend on it). */
  readonly found: { readonly implementation: string; readonly finding: string };
  /** The steps in Blend's call syntax (for people). */
  readonly steps: readonly string[];
  /** The steps as protocol requests (what is replayed). */
  readonly requests: readonly { action: string; args: Record<string, unknown> }[];
  /**
   * The code of each contract the implementation ran, as its handshake gave it (docs/protocol.md
   * "Control", `provenance`): `replay FILE --impl soroban` refuses other code unless given with `--wasm`. Absent
   * for an implementation that gives none (and in files saved before it was recorded).
   */
  readonly provenance?: readonly WasmProvenance[];
  /** `check --baseline bundled`: the divergence replayed on the bundled build, attributed (src/check/baseline.ts; for people, replay does not depend on it). */
  readonly baseline?: BaselineReport;
}

/** The code of each contract (docs/protocol.md "Control", `provenance`). */
const provenanceSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['contract', 'sha256', 'source'],
    properties: {
      contract: { type: 'string', minLength: 1 },
      sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      source: { enum: ['bundled', 'user'] },
      crate: { type: 'string' },
      version: { type: 'string' },
      path: { type: 'string' },
    },
    additionalProperties: false,
  },
} as const;

/**
 * A saved sequence's `steps` (Blend's call syntax, for people) and `requests` (the protocol requests
 * replayed): the same in a corpus entry and in a counterexample bundle (src/bundle.ts).
 */
export const sequenceSchema = {
  steps: { type: 'array', items: { type: 'string' } },
  requests: {
    type: 'array',
    items: {
      type: 'object',
      required: ['action', 'args'],
      properties: { action: { type: 'string' }, args: { type: 'object' } },
      additionalProperties: false,
    },
  },
} as const;

const entrySchema = {
  type: 'object',
  required: ['format', 'profile', 'seed', 'path', 'world', 'found', 'steps', 'requests'],
  properties: {
    format: { const: CORPUS_FORMAT },
    profile: { type: 'string' },
    seed: { type: 'integer' },
    path: { type: 'string' },
    world: {
      type: 'object',
      required: ['users', 'pools', 'start'],
      properties: {
        users: { type: 'integer', minimum: 1 },
        pools: { type: 'integer', minimum: 1 },
        start: { type: 'string', pattern: '^[0-9]+$' },
        reserves: { type: 'integer', minimum: 1 },
        lp_per_user: { type: 'string', pattern: '^[0-9]+$' },
        reward_zone_gap: { type: ['integer', 'null'] },
        whale: { type: 'boolean' },
        second_reserve: { type: 'boolean' },
      },
      additionalProperties: false,
    },
    found: {
      type: 'object',
      required: ['implementation', 'finding'],
      properties: { implementation: { type: 'string' }, finding: { type: 'string' } },
      additionalProperties: false,
    },
    // the steps in call syntax and as protocol requests (src/check/corpus.ts)
    ...sequenceSchema,

    provenance: provenanceSchema,
    baseline: {
      type: 'object',
      required: ['baseline', 'status', 'divergences'],
      properties: {
        baseline: { enum: ['bundled'] },
        status: { enum: ['ran', 'none', 'interrupted', 'fault'] },
        implementation: {
          type: 'object',
          required: ['name', 'version'],
          properties: { name: { type: 'string' }, version: { type: 'string' } },
          additionalProperties: false,
        },
        provenance: provenanceSchema,
        divergences: {
          type: 'array',
          items: {
            type: 'object',
            required: ['sequence', 'steps', 'user', 'attribution', 'bundled'],
            properties: {
              sequence: { enum: ['counterexample', 'unshrunk'] },
              steps: { type: 'integer', minimum: 0 },
              user: { type: 'string' },
              attribution: { enum: ['user-build-only', 'shared', 'different'] },
              bundled: { type: 'string' },
              bundledStep: { type: 'integer', minimum: 0 },
            },
            additionalProperties: false,
          },
        },
        fault: {
          type: 'object',
          required: ['kind', 'message'],
          properties: { kind: { type: 'string' }, message: { type: 'string' } },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;
// compiled when a corpus file is first read (not at start-up)
const validateEntry = lazyValidator(() => new (ajv2020())({ allowUnionTypes: true }).compile(entrySchema));

export class CorpusError extends Error {}

export function worldToJson(w: WorldConfig): CorpusEntry['world'] {
  const out: CorpusEntry['world'] = { users: w.users, pools: w.pools, start: w.start.toString() };
  if (w.reserves !== undefined) out.reserves = w.reserves;
  if (w.lpPerUser !== undefined) out.lp_per_user = w.lpPerUser.toString();
  if (w.rewardZoneGap !== undefined) out.reward_zone_gap = w.rewardZoneGap;
  // the whale only when on: a world without it reads as before the option existed
  if (w.whale === true) out.whale = true;
  // likewise the second reserve configuration (spec/worlds.ts secondReserve)
  if (w.secondReserve === true) out.second_reserve = true;
  return out;
}

export function worldFromJson(w: CorpusEntry['world']): WorldConfig {
  return {
    users: w.users,
    pools: w.pools,
    start: BigInt(w.start),
    reserves: w.reserves,
    lpPerUser: w.lp_per_user === undefined ? undefined : BigInt(w.lp_per_user),
    rewardZoneGap: w.reward_zone_gap,
    ...(w.whale === true ? { whale: true } : {}),
    ...(w.second_reserve === true ? { secondReserve: true } : {}),
  };
}

/** The first integer in `args` (a decimal string, at any depth) outside i128, with its path. */
function outOfI128(v: unknown, path: string): string | undefined {
  if (typeof v === 'string' && /^-?\d+$/.test(v)) {
    const n = BigInt(v);
    return n > I128_MAX.value || n < I128_MIN.value ? `${path} ${v.length > 48 ? `${v.slice(0, 45)}...` : v} is outside i128` : undefined;
  }
  if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      const bad = outOfI128(x, `${path}/${k}`);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

/** Saved protocol requests as actions: each validated against the protocol schema, amounts within i128. */
export function requestsToActions(requests: readonly { action: string; args: Record<string, unknown> }[], where: string): Action[] {
  return requests.map((r, i) => {
    const req = { id: i, action: r.action, args: r.args };
    if (!validateRequest(req)) throw new CorpusError(`${where}: request ${i + 1}: ${schemaError(validateRequest)}`);
    if (!(PROTOCOL_ACTIONS as readonly string[]).includes(r.action))
      throw new CorpusError(`${where}: request ${i + 1}: "${r.action}" is not an entry point`);
    const range = outOfI128(r.args, '/args');
    if (range !== undefined) throw new CorpusError(`${where}: request ${i + 1}: ${range}`);
    return requestToAction(r.action as ProtocolAction, r.args);
  });
}

/** A saved world (`users`, `pools`, `start`, ...), validated against the protocol's `world`. */
export function checkWorld(world: unknown, where: string): void {
  if (!validateWorld(world)) throw new CorpusError(`${where}: /world${schemaError(validateWorld).replace(/^\(top level\)/, '')}`);
  const start = BigInt((world as { start: string }).start);
  if (start > (1n << 64n) - 1n) throw new CorpusError(`${where}: /world/start ${(world as { start: string }).start} is beyond u64`);
}

/** The entry's steps as actions (each request validated against the protocol schema). */
export function entryActions(e: CorpusEntry, file: string): Action[] {
  return requestsToActions(e.requests, `corpus file ${file}`);
}

/**
 * A corpus file's JSON: a regular file of at most 128 MiB in strict UTF-8 (src/io/files.ts), parsed.
 * Errors: CorpusError naming the file and the problem (exit 2).
 */
export function readCorpusJson(file: string): unknown {
  let text: string;
  try {
    text = readInputFile(file, 'corpus');
  } catch (e) {
    if (e instanceof InputFileError) throw new CorpusError(`corpus file ${file}: ${e.message}`);
    throw e;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CorpusError(`corpus file ${file}: not JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

/**
 * A corpus file's parsed JSON checked as an entry: the entry schema, a valid world, every request
 * valid. Returns the entry and its steps as actions. Errors: CorpusError naming the file (exit 2).
 */
export function corpusEntryOf(file: string, json: unknown): { entry: CorpusEntry; actions: Action[] } {
  if (!validateEntry(json))
    throw new CorpusError(
      `corpus file ${file}: ${validateEntry.errors?.[0]?.instancePath || '(top level)'} ${validateEntry.errors?.[0]?.message ?? 'is invalid'}`,
    );
  const entry = json as unknown as CorpusEntry;
  checkWorld(entry.world, `corpus file ${file}`);
  return { entry, actions: entryActions(entry, file) };
}

/**
 * Every entry of `dir` for `profile`, in file-name order; a malformed file (not a regular file, over
 * 128 MiB, not UTF-8, not JSON, not the entry schema, a bad request) is a CorpusError (exit 2).
 */
export function loadCorpus(dir: string, profile: string): { file: string; entry: CorpusEntry; actions: Action[] }[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) throw new CorpusError(`corpus ${dir}: not a directory`);
  const out: { file: string; entry: CorpusEntry; actions: Action[] }[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const file = join(dir, name);
    // every file is checked, also those of other profiles: a malformed corpus is bad input
    const { entry, actions } = corpusEntryOf(file, readCorpusJson(file));
    if (entry.profile !== profile) continue;
    out.push({ file, entry, actions });
  }
  return out;
}

/** Save a failing sequence (idempotent: the file name is a hash of the profile, world and steps). */
export function saveToCorpus(dir: string, e: Omit<CorpusEntry, 'format' | 'requests'>, actions: readonly Action[]): string {
  const requests = actions.map((a) => actionToRequest(a));
  const entry: CorpusEntry = { format: CORPUS_FORMAT, ...e, requests };
  const hash = createHash('sha256')
    .update(JSON.stringify([entry.profile, entry.world, requests]))
    .digest('hex')
    .slice(0, 12);
  const file = join(dir, `${entry.profile}-${hash}.json`);
  writeFileAtomic(file, `${JSON.stringify(entry, null, 2)}\n`);
  return file;
}

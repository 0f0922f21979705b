/**
 * Both sides of the check protocol validate every message against docs/protocol.schema.json
 * (JSON Schema 2020-12, compiled with ajv).
 *
 * Compiled when first used, not at start-up (issue 18: start-up to the first action at most
 * 0.5 s): ajv itself is loaded, and a schema read and compiled, only when some input is validated
 * (a `run` validates none); the protocol's compiled validators are kept in a cache directory
 * between processes (`validatorsFrom`). `lazyValidator` does the same for the harness's other schemas (the
 * bundle, the corpus entry, the snapshot, report.json).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv as AjvDraft7 } from 'ajv';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { packageFile } from '../package-root.ts';
import type { ClaimableResultJson, Handshake, Reply, Request, WasmProvenance } from './messages.ts';
import type { ObservableState } from './state.ts';

export const SCHEMA_PATH: string = packageFile('docs/protocol.schema.json');

const require = createRequire(import.meta.url);

/** ajv's JSON Schema 2020-12 class, loaded on first call. */
export function ajv2020(): typeof Ajv2020 {
  return (require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 }).Ajv2020;
}

/** ajv's default (draft-07) class, loaded on first call. */
export function ajvDraft7(): typeof AjvDraft7 {
  return (require('ajv') as { Ajv: typeof AjvDraft7 }).Ajv;
}

/**
 * A validate function that compiles its schema (`compile`) on its first call; like ajv's, it
 * returns whether the data is valid and leaves the errors of the last call in `.errors`.
 */
export function lazyValidator<T>(compile: () => ValidateFunction<T>): ValidateFunction<T> {
  let compiled: ValidateFunction<T> | undefined;
  const validate = ((data: unknown): boolean => {
    compiled ??= compile();
    const ok = compiled(data) as boolean;
    validate.errors = compiled.errors;
    return ok;
  }) as unknown as ValidateFunction<T>;
  return validate;
}

const ID = 'https://blend-emissions-harness/protocol.schema.json';
/** The protocol's definitions the harness validates against (the exports of PROTOCOL_VALIDATORS). */
const DEFS = ['request', 'reply', 'handshake', 'state', 'result', 'world', 'wasm_provenance', 'claimableResult'] as const;
const AJV_OPTIONS = { allErrors: false, strict: true, allowUnionTypes: true } as const;

/**
 * Where the protocol's compiled validators are kept between processes: `$XDG_CACHE_HOME` (else
 * `~/.cache`)/blend-harness/validators; BLEND_HARNESS_VALIDATORS_CACHE overrides it, `off` keeps
 * nothing.
 */
export function validatorsCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env.BLEND_HARNESS_VALIDATORS_CACHE;
  if (set !== undefined && set.trim() !== '') return set === 'off' ? undefined : set;
  const xdg = env.XDG_CACHE_HOME;
  const home = env.HOME;
  const cache = xdg !== undefined && xdg.trim() !== '' ? xdg : home !== undefined && home !== '' ? join(home, '.cache') : undefined;
  return cache === undefined ? undefined : join(cache, 'blend-harness', 'validators');
}

/** The cache file of these validators: named by what makes them (the schema, ajv's version and options, the definitions). */
export function validatorsCacheFile(dir: string, schemaText: string): string {
  const ajvVersion = (JSON.parse(readFileSync(require.resolve('ajv/package.json'), 'utf8')) as { version: string }).version;
  const key = createHash('sha256')
    .update(JSON.stringify([schemaText, ajvVersion, AJV_OPTIONS, DEFS]))
    .digest('hex')
    .slice(0, 16);
  return join(dir, `protocol-${key}.cjs`);
}

/** ajv's standalone code of every definition of DEFS (a CommonJS module exporting one validate function each). */
export function protocolValidatorsCode(schemaText: string): string {
  const ajv = new (ajv2020())({ ...AJV_OPTIONS, code: { source: true } });
  ajv.addSchema(JSON.parse(schemaText) as object);
  const standalone = (require('ajv/dist/standalone/index.js') as { default: (a: Ajv2020, refs: Record<string, string>) => string }).default;
  return standalone(ajv, Object.fromEntries(DEFS.map((d) => [d, `${ID}#/$defs/${d}`])));
}

/** Runs standalone code (its `require`: ajv's runtime helpers, from this package's node_modules). */
function loadValidators(code: string): ProtocolValidators {
  const module = { exports: {} as Record<string, ValidateFunction> };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  for (const d of DEFS) if (typeof module.exports[d] !== 'function') throw new Error(`the validators' code exports no ${d}`);
  return module.exports as ProtocolValidators;
}

/** The validate functions of DEFS. */
export type ProtocolValidators = Record<(typeof DEFS)[number], ValidateFunction>;

/**
 * The protocol's validators, from the cache directory `dir` when a file of the same schema, ajv
 * version and options is there; else compiled (ajv's standalone code), written there (to a
 * temporary file, then renamed; not kept when it cannot be written) and run from the text written,
 * so that the same code runs either way. A cache file that cannot be read or run is compiled again.
 */
export function validatorsFrom(dir: string | undefined): ProtocolValidators {
  const schemaText = readFileSync(SCHEMA_PATH, 'utf8');
  const file = dir === undefined ? undefined : validatorsCacheFile(dir, schemaText);
  if (file !== undefined && existsSync(file)) {
    try {
      return loadValidators(readFileSync(file, 'utf8'));
    } catch {
      // unreadable or broken: compiled again below
    }
  }
  const code = protocolValidatorsCode(schemaText);
  if (file !== undefined) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
      writeFileSync(tmp, code);
      renameSync(tmp, file);
    } catch {
      // not kept: the next process compiles again
    }
  }
  return loadValidators(code);
}

/**
 * The protocol's validators, made on first use (`validatorsFrom` the cache directory): compiling
 * the schema costs ajv some 0.3 to 0.5 s of CPU in every process that validates a message (a
 * `check`, each of its workers, each `mutate` mutant's check), where running the kept code costs
 * ~15 ms.
 */
let protocolValidators: ProtocolValidators | undefined;
const validators = (): ProtocolValidators => (protocolValidators ??= validatorsFrom(validatorsCacheDir()));

const compile = <T>(def: (typeof DEFS)[number]): ValidateFunction<T> => lazyValidator(() => validators()[def] as ValidateFunction<T>);

export const validateRequest = compile<Request>('request');
export const validateReply = compile<Reply<unknown>>('reply');
export const validateHandshake = compile<Handshake>('handshake');
export const validateState = compile<ObservableState>('state');
export const validateResult = compile<string | null>('result');
export const validateWorld = compile<Record<string, unknown>>('world');
/** One contract's provenance (the handshake's `provenance` items; the driver's `inspect` report). */
export const validateProvenance = compile<WasmProvenance>('wasm_provenance');
export const validateClaimableResult = compile<ClaimableResultJson>('claimableResult');

/** The first schema error as one line, e.g. `/backstops/backstop/blnd must match pattern "^-?(0|[1-9][0-9]*)$"`. */
export function schemaError(v: ValidateFunction): string {
  const e = v.errors?.[0];
  if (e === undefined) return 'invalid';
  return `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`;
}

/**
 * Both sides of the check protocol validate every message against docs/protocol.schema.json
 * (JSON Schema 2020-12, compiled with ajv).
 *
 * Compiled when first used, not at start-up (issue 18: start-up to the first action at most
 * 0.5 s): ajv itself is loaded, and a schema read and compiled, only when some input is validated
 * (a `run` validates none). `lazyValidator` does the same for the harness's other schemas (the
 * bundle, the corpus entry, the snapshot, report.json).
 */
import { readFileSync } from 'node:fs';
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

let protocolAjv: Ajv2020 | undefined;
const ID = 'https://blend-emissions-harness/protocol.schema.json';
const compile = <T>(def: string): ValidateFunction<T> =>
  lazyValidator(() => {
    if (protocolAjv === undefined) {
      protocolAjv = new (ajv2020())({ allErrors: false, strict: true, allowUnionTypes: true });
      protocolAjv.addSchema(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
    }
    return protocolAjv.getSchema<T>(`${ID}#/$defs/${def}`)!;
  });

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

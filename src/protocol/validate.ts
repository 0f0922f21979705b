/**
 * Both sides of the check protocol validate every message against docs/protocol.schema.json
 * (JSON Schema 2020-12, compiled once with ajv).
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Handshake, Reply, Request } from './messages.ts';
import type { ObservableState } from './state.ts';

export const SCHEMA_PATH = new URL('../../docs/protocol.schema.json', import.meta.url);

const ajv = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true });
ajv.addSchema(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
const ID = 'https://blend-emissions-harness/protocol.schema.json';
const compile = <T>(def: string): ValidateFunction<T> => ajv.getSchema<T>(`${ID}#/$defs/${def}`)!;

export const validateRequest = compile<Request>('request');
export const validateReply = compile<Reply<unknown>>('reply');
export const validateHandshake = compile<Handshake>('handshake');
export const validateState = compile<ObservableState>('state');
export const validateResult = compile<string | null>('result');
export const validateWorld = compile<Record<string, unknown>>('world');

/** The first schema error as one line, e.g. `/backstops/backstop/blnd must match pattern "^-?(0|[1-9][0-9]*)$"`. */
export function schemaError(v: ValidateFunction): string {
  const e = v.errors?.[0];
  if (e === undefined) return 'invalid';
  return `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`;
}

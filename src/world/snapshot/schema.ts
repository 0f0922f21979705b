/**
 * The outer structure of a Soroban ledger snapshot (the JSON that soroban-sdk's
 * `Env::from_ledger_snapshot_file` reads and `stellar snapshot create` writes), checked with ajv
 * before the loader looks at any entry:
 *
 *   { protocol_version, sequence_number, timestamp, network_id, base_reserve, ...,
 *     ledger_entries: [ [ledger_key, [ledger_entry, live_until_ledger | null]], ... ] }
 *
 * Only what the loader relies on is required here; the contents of each entry (ScVal shapes,
 * i128 parts, ...) are checked by the loader where it decodes them, so that an error can name the
 * entry and the value it found.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajvDraft7 } from '../../protocol/validate.ts';

/** The parsed outer structure. Entries stay `unknown` until the loader decodes them. */
export interface SnapshotJson {
  protocol_version?: number;
  sequence_number: number;
  timestamp: number;
  network_id?: string;
  ledger_entries: [unknown, [unknown, number | null]][];
  [other: string]: unknown;
}

export const SNAPSHOT_SCHEMA = {
  type: 'object',
  required: ['sequence_number', 'timestamp', 'ledger_entries'],
  properties: {
    protocol_version: { type: 'integer', minimum: 0 },
    sequence_number: { type: 'integer', minimum: 0 },
    timestamp: { type: 'integer', minimum: 0 },
    network_id: { type: 'string' },
    ledger_entries: {
      type: 'array',
      items: {
        // [ledger_key, [ledger_entry, live_until_ledger]]
        type: 'array',
        minItems: 2,
        maxItems: 2,
        items: [
          { type: 'object' },
          {
            type: 'array',
            minItems: 2,
            maxItems: 2,
            items: [{ type: 'object' }, { type: ['integer', 'null'] }],
          },
        ],
      },
    },
  },
} as const;

let compiled: ValidateFunction<SnapshotJson> | undefined;

function validator(): ValidateFunction<SnapshotJson> {
  if (compiled === undefined) {
    const ajv = new (ajvDraft7())({ allErrors: false, strict: true, strictTuples: true, allowUnionTypes: true });
    compiled = ajv.compile<SnapshotJson>(SNAPSHOT_SCHEMA);
  }
  return compiled;
}

/** `/ledger_entries/3/1` -> `ledger_entries[3][1]`. */
function jsonPointerToPath(pointer: string): string {
  let out = '';
  for (const part of pointer.split('/').slice(1)) {
    const p = part.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(p) ? `[${p}]` : out === '' ? p : `.${p}`;
  }
  return out;
}

function describe(e: ErrorObject): string {
  const where = jsonPointerToPath(e.instancePath);
  const what = e.message ?? e.keyword;
  return where === '' ? `top level ${what}` : `${where}: ${what}`;
}

/** Check the outer structure; returns a one-line problem, or undefined when it conforms. */
export function checkOuterStructure(doc: unknown): string | undefined {
  const validate = validator();
  if (validate(doc)) return undefined;
  const first = validate.errors?.[0];
  return first === undefined ? 'snapshot document does not match the snapshot schema' : describe(first);
}

/** Type guard form of `checkOuterStructure`. */
export function isSnapshotJson(doc: unknown): doc is SnapshotJson {
  return validator()(doc);
}

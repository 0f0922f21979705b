/**
 * The reviewed declarations of equivalent mutants (spec/mutants-equivalent.json, or `mutate
 * --equivalent FILE`): each entry a mutant id (stable: contract, WASM hash, function, offset,
 * operator; adapters/soroban/src/mutate.rs) with the reason no sequence of calls can tell it from
 * the original, and who reviewed it. Checked with ajv against EQUIVALENT_SCHEMA before anything
 * runs; a bad file is bad input (one line, exit 2). A declared mutant is reported `equivalent` and
 * left out of the score; it is still listed.
 */
import { packageFile } from '../package-root.ts';
import { readInputFile, InputFileError } from '../io/files.ts';
import { ajvDraft7, lazyValidator } from '../protocol/validate.ts';

/** The default file, in the package. */
export const EQUIVALENT_FILE = packageFile('spec/mutants-equivalent.json');

export interface EquivalentMutant {
  /** The mutant id, as `mutate` lists it. */
  readonly id: string;
  /** Why no sequence of calls can tell it from the original (at least a sentence). */
  readonly reason: string;
  /** Who reviewed the declaration. */
  readonly reviewedBy: string;
}

export interface EquivalentFile {
  readonly about?: string;
  readonly equivalent: readonly EquivalentMutant[];
}

/** The file's shape: a reason of at least 20 characters per mutant, each id once. */
export const EQUIVALENT_SCHEMA = {
  type: 'object',
  required: ['equivalent'],
  additionalProperties: false,
  properties: {
    about: { type: 'string' },
    equivalent: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'reason', 'reviewedBy'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^(backstop|emitter|pool)-[0-9a-f]{12}:[^:]+:[0-9]+:[^:]+$' },
          reason: { type: 'string', minLength: 20 },
          reviewedBy: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

const validate = lazyValidator<EquivalentFile>(() =>
  new (ajvDraft7())({ allErrors: false, strict: true }).compile<EquivalentFile>(EQUIVALENT_SCHEMA),
);

/** A bad equivalences file: one line, exit 2. */
export class EquivalentFileError extends Error {}

/** The declarations of `file`, by mutant id. Errors: EquivalentFileError (unreadable, not JSON, not the schema, an id twice). */
export function loadEquivalents(file: string = EQUIVALENT_FILE): ReadonlyMap<string, EquivalentMutant> {
  let text: string;
  try {
    text = readInputFile(file, 'report');
  } catch (e) {
    if (e instanceof InputFileError) throw new EquivalentFileError(`--equivalent ${file}: ${e.message}`);
    throw e;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new EquivalentFileError(`${file}: not JSON (${(e as Error).message})`);
  }
  if (!validate(doc)) {
    const first = validate.errors?.[0];
    throw new EquivalentFileError(`${file}: not an equivalences file (${first?.instancePath || '/'} ${first?.message ?? ''})`);
  }
  const out = new Map<string, EquivalentMutant>();
  for (const m of (doc as EquivalentFile).equivalent) {
    if (out.has(m.id)) throw new EquivalentFileError(`${file}: mutant ${m.id} declared twice`);
    out.set(m.id, m);
  }
  return out;
}

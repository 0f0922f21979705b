/**
 * The mutants of one contract, as the Soroban driver makes them: `blend-harness-soroban mutate
 * --contract NAME [--wasm FILE] --out DIR` (adapters/soroban/src/mutate.rs: wasmparser reads the
 * module, wasm-encoder's reencode writes each mutant, wasmparser's Validator validates it) writes
 * DIR/NAME/NNNNN.wasm, one file a valid mutant, and the list DIR/NAME.mutants.json, read and checked
 * here against MUTANT_LIST_SCHEMA (ajv) before anything runs.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ajvDraft7, lazyValidator } from '../protocol/validate.ts';

/** The contracts the driver mutates, in the order `mutate` runs them. */
export const MUTATE_CONTRACTS = ['backstop', 'emitter', 'pool'] as const;
export type MutateContract = (typeof MUTATE_CONTRACTS)[number];

/** One mutant of the driver's list (mutate.rs `run_mode`). */
export interface Mutant {
  /** Stable: `{contract}-{sha256 of the WASM, 12 hex}:{function}:{offset}:{operator}`. */
  readonly id: string;
  readonly function: string;
  readonly function_index: number;
  /** Bytes from the start of the function's body. */
  readonly offset: number;
  readonly file_offset: number;
  /** `const+1`, `const-1`, `lt->le`, `le->lt`, `gt->ge`, `ge->gt`, `add->sub`, `sub->add`. */
  readonly operator: string;
  /** The instruction as it was, e.g. `i64.const 604800`, and as the mutant has it. */
  readonly original: string;
  readonly replacement: string;
  /** The emission constant a `const±1` mutant changes (spec/constants.ts name), else null. */
  readonly constant: string | null;
  /**
   * Equivalent by construction (adapters/soroban/src/equivalence.rs): the rule and its proof, read
   * off the instruction sequence (docs/mutation.md "The contracts' WASM: mutants equivalent by construction"); null otherwise.
   * Such a mutant is reported `ignored` and never run.
   */
  readonly ignored_reason: string | null;
  readonly valid: boolean;
  /** Why the mutant does not validate (then it is never run). */
  readonly invalid_reason: string | null;
  /** The mutant's WASM (absolute or relative to the working directory), null when invalid. */
  readonly file: string | null;
}

/** The driver's list of one contract's mutants. */
export interface MutantList {
  readonly contract: MutateContract;
  /** SHA-256 of the mutated WASM, hex. */
  readonly sha256: string;
  /** `bundled (blend-contract-sdk 2.25.0)` or the user's file. */
  readonly source: string;
  readonly entry_points: readonly string[];
  readonly missing_entry_points: readonly string[];
  readonly reachable_functions: number;
  readonly defined_functions: number;
  readonly mutants: readonly Mutant[];
}

const nullable = (type: string) => ({ anyOf: [{ type }, { type: 'null' }] });

/** The list's shape (what `run_mode` writes). */
export const MUTANT_LIST_SCHEMA = {
  type: 'object',
  required: ['contract', 'sha256', 'source', 'entry_points', 'missing_entry_points', 'reachable_functions', 'defined_functions', 'mutants'],
  properties: {
    contract: { enum: [...MUTATE_CONTRACTS] },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    source: { type: 'string' },
    entry_points: { type: 'array', items: { type: 'string' } },
    missing_entry_points: { type: 'array', items: { type: 'string' } },
    reachable_functions: { type: 'integer', minimum: 0 },
    defined_functions: { type: 'integer', minimum: 0 },
    mutants: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'id',
          'function',
          'function_index',
          'offset',
          'file_offset',
          'operator',
          'original',
          'replacement',
          'constant',
          'ignored_reason',
          'valid',
          'invalid_reason',
          'file',
        ],
        properties: {
          id: { type: 'string', minLength: 1 },
          function: { type: 'string' },
          function_index: { type: 'integer', minimum: 0 },
          offset: { type: 'integer', minimum: 0 },
          file_offset: { type: 'integer', minimum: 0 },
          operator: { type: 'string', minLength: 1 },
          original: { type: 'string' },
          replacement: { type: 'string' },
          constant: nullable('string'),
          ignored_reason: nullable('string'),
          valid: { type: 'boolean' },
          invalid_reason: nullable('string'),
          file: nullable('string'),
        },
      },
    },
  },
} as const;

const validateList = lazyValidator<MutantList>(() =>
  new (ajvDraft7())({ allErrors: false, strict: true }).compile<MutantList>(MUTANT_LIST_SCHEMA),
);

/** The driver's `mutate` failed, or its list is not what it writes: one line. */
export class MutantGenerationError extends Error {
  constructor(
    message: string,
    /** 2 when the driver refused its input (a bad --wasm file), 3 otherwise. */
    readonly exitCode: 2 | 3,
  ) {
    super(message);
    this.name = 'MutantGenerationError';
  }
}

/**
 * Runs the driver's `mutate` for `contract` (the user's `wasm` file, else the bundled WASM) into
 * `outDir` and returns its list. The driver is killed when `signal` aborts.
 * Errors: MutantGenerationError (exit 2 when the driver refused the WASM, its exit code 2; else 3).
 */
export async function generateMutants(
  driver: string,
  contract: MutateContract,
  wasm: string | undefined,
  outDir: string,
  signal?: AbortSignal,
): Promise<MutantList> {
  const args = ['mutate', '--contract', contract, '--out', outDir, ...(wasm !== undefined ? ['--wasm', wasm] : [])];
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(driver, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', kill, { once: true });
    child.on('error', (e) => resolve({ code: null, stderr: e.message }));
    child.on('close', (c) => {
      signal?.removeEventListener('abort', kill);
      resolve({ code: c, stderr: Buffer.concat(err).toString() });
    });
  });
  const line = stderr.trim().split('\n').at(-1) ?? '';
  if (code !== 0)
    throw new MutantGenerationError(
      line !== '' ? line : `${driver} mutate --contract ${contract}: exited with ${code ?? 'a signal'}`,
      code === 2 ? 2 : 3,
    );
  const listFile = join(outDir, `${contract}.mutants.json`);
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(listFile, 'utf8'));
  } catch (e) {
    throw new MutantGenerationError(`${listFile}: cannot read the driver's list (${(e as Error).message})`, 3);
  }
  if (!validateList(list)) {
    const first = validateList.errors?.[0];
    throw new MutantGenerationError(`${listFile}: not the driver's list (${first?.instancePath || '/'} ${first?.message ?? ''})`, 3);
  }
  return list as MutantList;
}

/**
 * Load a Soroban ledger snapshot (the JSON that soroban-sdk's `Env::from_ledger_snapshot_file`
 * reads) holding the Blend v1 emitter and backstop, and build the model's `World` under the
 * `blend-v1` profile. The steps, one module each:
 * - ledger parsing (src/world/snapshot/ledger.ts): exact JSON, ScVal decoding, the entries indexed,
 *   the contracts found; the storage layout is described there;
 * - validation (src/world/snapshot/validate.ts): the header and outer shape, the cross-entry sums;
 * - world building (src/world/snapshot/build.ts);
 * - summary (src/world/snapshot/summary.ts): the reward zone and what each depositor could claim.
 *
 * Every problem is reported as one `SnapshotError` line: `snapshot <path>: <problem>`.
 */
import { InputFileError, readInputFile } from '../../io/files.ts';
import type { World } from '../../../model/state.ts';
import type { SnapshotJson } from './schema.ts';
import { parseJsonExact, Problem } from './ledger.ts';
import { checkDocument } from './validate.ts';
import { buildWorld } from './build.ts';
import { summarize, type SnapshotSummary } from './summary.ts';

export { AMOUNT_MAX } from './ledger.ts';
export { claimableAt, type ClaimableSummary, type RewardZoneSummary, type SnapshotSummary } from './summary.ts';

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  constructor(message: string) {
    // one line, always
    super(message.replace(/\s*[\r\n]+\s*/g, ' '));
  }
}

export interface LoadedSnapshot {
  readonly world: World;
  readonly summary: SnapshotSummary;
}

/**
 * Read a ledger snapshot file and build the `blend-v1` world; throws `SnapshotError`, one line
 * `snapshot <path>: <problem>` (exit 2). Checked before anything runs: the file (a regular file of
 * at most 64 MiB, strict UTF-8: src/io/files.ts), the JSON, the outer shape (ajv, schema.ts), then
 * the meaning: every decoded value's type and range (amounts within [0, AMOUNT_MAX]), no ledger key
 * twice with different values, no pool twice in the reward zone, and the cross-entry sums
 * (`checkSums`).
 */
export function loadSnapshot(path: string): LoadedSnapshot {
  const problem = (what: string): SnapshotError => new SnapshotError(`snapshot ${path}: ${what}`);
  let text: string;
  try {
    // a regular file (not a FIFO, device, directory or /proc file) of at most 64 MiB, strict UTF-8
    text = readInputFile(path, 'snapshot');
  } catch (err) {
    if (err instanceof InputFileError) throw problem(err.message);
    throw err;
  }
  let doc: unknown;
  try {
    doc = parseJsonExact(text);
  } catch {
    // report the error on the original text (the pre-pass shifts positions)
    let message = 'invalid JSON';
    try {
      JSON.parse(text);
    } catch (err) {
      message = err instanceof Error ? err.message : String(err);
    }
    throw problem(`not JSON (${message})`);
  }
  // the ledger's numbers before the schema's types, then the outer structure
  const structural = checkDocument(doc);
  if (structural !== undefined) throw problem(structural);
  try {
    const snap = doc as SnapshotJson;
    const { world, contracts } = buildWorld(snap);
    return { world, summary: summarize(world, contracts, snap.sequence_number) };
  } catch (err) {
    if (err instanceof Problem) throw problem(err.message);
    if (err instanceof SnapshotError) throw err;
    throw problem(`cannot load (${err instanceof Error ? err.message : String(err)})`);
  }
}

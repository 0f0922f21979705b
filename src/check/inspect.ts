/**
 * The user's builds checked by the Soroban driver before anything runs, and the provenance of the
 * contracts it would run: `blend-harness-soroban inspect --wasm NAME=FILE...` (adapters/soroban/src/inspect.rs)
 * validates each file with wasmparser, requires its contractenvmetav0 section and the entry points
 * the driver calls, and compares its contractspecv0 with the bundled build's. Its answer, one JSON
 * object `{contracts: [{contract, sha256, source, crate?, version?, path?, problems}]}`, is read
 * here: a problem is a WasmInputError (the CLI's bad input: one line, exit 2, nothing written).
 *
 * `replay FILE --impl soroban` compares the provenance a corpus file recorded with this one
 * (provenanceMismatch) and refuses, naming the contract, when a hash differs and the user did not
 * give that contract with `--wasm`.
 */
import { execFile } from 'node:child_process';
import type { WasmProvenance } from '../protocol/messages.ts';
import { schemaError, validateProvenance } from '../protocol/validate.ts';
import { WasmInputError, type UserWasm } from './wasm.ts';

/** What `inspect` says of one contract. */
interface Inspected extends WasmProvenance {
  readonly problems: readonly string[];
}

/** The longest `inspect` may take (ms): it reads at most five files of 4 MiB. */
const INSPECT_TIMEOUT_MS = 60_000;

/** The driver could not answer `inspect` (not a user error: the CLI's fault, exit 3). */
export class InspectError extends Error {}

/**
 * Runs `BINARY inspect --wasm NAME=FILE...`; resolves to the provenance of every contract the driver
 * deploys. Rejects with a WasmInputError naming the first build with problems (all its problems on
 * one line), or an InspectError when the driver does not answer as it should.
 */
export async function inspectWasm(binary: string, wasm: readonly UserWasm[]): Promise<WasmProvenance[]> {
  const args = ['inspect', ...wasm.flatMap((w) => ['--wasm', `${w.name}=${w.file}`])];
  const { code, stdout, stderr } = await new Promise<{ code: number | string; stdout: string; stderr: string }>((resolve) => {
    execFile(binary, args, { timeout: INSPECT_TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      const c = err === null ? 0 : typeof err.code === 'number' ? err.code : (err.signal ?? err.message);
      resolve({ code: c, stdout: String(stdout), stderr: String(stderr) });
    });
  });
  const line =
    stderr
      .trim()
      .split('\n')
      .pop()
      ?.replace(/^blend-harness-soroban inspect: /, '') ?? '';
  // exit 2: the driver refused a file it could not read (the CLI checked them already: a race)
  if (code === 2 && line !== '') throw new WasmInputError(line);
  if (code !== 0)
    throw new InspectError(
      `the Soroban driver's inspect failed (${typeof code === 'number' ? `exit ${code}` : code})${line ? `: ${line}` : ''}`,
    );
  let contracts: Inspected[];
  try {
    contracts = (JSON.parse(stdout) as { contracts: Inspected[] }).contracts;
    if (!Array.isArray(contracts)) throw new Error('no contracts');
    // each entry: a provenance as the protocol schema has it, plus its problems (one line each)
    for (const c of contracts) {
      const { problems, ...p } = c;
      if (!Array.isArray(problems) || !problems.every((x) => typeof x === 'string')) throw new Error(`${c.contract}: no problems list`);
      if (!validateProvenance(p)) throw new Error(`${c.contract}: ${schemaError(validateProvenance)}`);
    }
  } catch (e) {
    throw new InspectError(`the Soroban driver's inspect answered no report (${(e as Error).message})`);
  }
  for (const c of contracts) {
    if (c.problems.length === 0) continue;
    const given = wasm.find((w) => w.name === c.contract);
    throw new WasmInputError(`--wasm ${c.contract}=${given?.file ?? c.path}: ${c.problems.join('; ')}`);
  }
  return contracts.map(({ problems: _problems, ...p }) => p);
}

/** A contract's provenance in a few words: `bundled blend-contract-sdk 2.25.0` or `the user's build PATH`. */
export function sourceText(p: WasmProvenance): string {
  if (p.source === 'snapshot') return `the snapshot's code at ${p.address ?? ''}`.trim();
  return p.source === 'bundled' ? `bundled ${p.crate ?? ''} ${p.version ?? ''}`.trim() : `the user's build ${p.path ?? ''}`.trim();
}

/**
 * The first contract whose recorded hash differs from the one in use and that the user did not give
 * with `--wasm` (`explicit`): a one-line reason naming it, else undefined. A contract recorded but
 * not in use (or the reverse) is not compared.
 */
export function provenanceMismatch(
  recorded: readonly WasmProvenance[],
  inUse: readonly WasmProvenance[],
  explicit: readonly string[],
): string | undefined {
  for (const r of recorded) {
    const now = inUse.find((p) => p.contract === r.contract);
    if (now === undefined || now.sha256 === r.sha256 || explicit.includes(r.contract)) continue;
    return `${r.contract}: the recorded code (sha256 ${r.sha256.slice(0, 12)}…, ${sourceText(r)}) is not the code the driver would run (sha256 ${now.sha256.slice(0, 12)}…, ${sourceText(now)}); give the recorded build with --wasm ${r.contract}=FILE`;
  }
  return undefined;
}

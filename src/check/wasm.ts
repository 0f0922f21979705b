/**
 * `check --impl soroban --wasm NAME=FILE` (repeatable): the user's builds of the Blend contracts,
 * run by the Soroban driver instead of the WASM bundled with blend-contract-sdk 2.25.0
 * (adapters/soroban/src/world.rs `wasm_of`). Checked here before anything runs: a known contract
 * name, each contract once, a readable regular file under the size limit with the WASM magic; any
 * problem is a WasmInputError (the CLI's bad input: one line, exit 2, nothing written). The driver then
 * checks the contents (`inspect`: src/check/inspect.ts) before anything runs, and again at its start-up.
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { shellQuote } from './soroban.ts';

/** A bad `--wasm` value: one line, exit 2. */
export class WasmInputError extends Error {}

/** The contracts whose WASM may be replaced (world.rs WASM_NAMES). */
export const WASM_NAMES = ['backstop', 'emitter', 'pool', 'pool_factory', 'comet'] as const;
export type WasmName = (typeof WASM_NAMES)[number];

/** The largest WASM file accepted, bytes (the driver's MAX_WASM_BYTES). */
export const MAX_WASM_BYTES = 4 * 1024 * 1024;

/** One user build: the contract it replaces and its file (absolute). */
export interface UserWasm {
  readonly name: WasmName;
  readonly file: string;
}

/** The `--wasm` values checked: each NAME=FILE, NAME known and given once, FILE a WASM file. */
export function parseWasmFlags(specs: readonly string[]): UserWasm[] {
  const out: UserWasm[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1)
      throw new WasmInputError(`--wasm ${spec}: expected NAME=FILE with NAME one of ${WASM_NAMES.join(', ')}`);
    const name = spec.slice(0, eq);
    const file = resolve(spec.slice(eq + 1));
    if (!(WASM_NAMES as readonly string[]).includes(name))
      throw new WasmInputError(`--wasm ${spec}: unknown contract ${name} (expected one of ${WASM_NAMES.join(', ')})`);
    if (out.some((w) => w.name === name)) throw new WasmInputError(`--wasm: contract ${name} given twice`);
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new WasmInputError(`--wasm ${name}=${spec.slice(eq + 1)}: not a regular file`);
      size = st.size;
    } catch (e) {
      if (e instanceof WasmInputError) throw e;
      throw new WasmInputError(`--wasm ${name}=${spec.slice(eq + 1)}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (size > MAX_WASM_BYTES)
      throw new WasmInputError(`--wasm ${name}=${spec.slice(eq + 1)}: ${size} bytes, over the limit of ${MAX_WASM_BYTES}`);
    const head = Buffer.alloc(4);
    try {
      const fd = openSync(file, 'r');
      try {
        readSync(fd, head, 0, 4, 0);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw new WasmInputError(`--wasm ${name}=${spec.slice(eq + 1)}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (!head.equals(Buffer.from([0, 0x61, 0x73, 0x6d])))
      throw new WasmInputError(`--wasm ${name}=${spec.slice(eq + 1)}: not a WASM module (no \\0asm magic)`);
    out.push({ name: name as WasmName, file });
  }
  return out;
}

/** The driver's arguments for these builds (` --wasm NAME=FILE ...`, shell-quoted), '' for none. */
export function wasmArgs(wasm: readonly UserWasm[]): string {
  return wasm.map((w) => ` --wasm ${shellQuote(`${w.name}=${w.file}`)}`).join('');
}

/** The builds as `--wasm` flags for a command line shown to the user (` --wasm NAME=FILE ...`, FILE quoted when it needs it), '' for none. */
export function wasmFlagsText(wasm: readonly UserWasm[]): string {
  return wasm.map((w) => ` --wasm ${/^[\w./=-]+$/.test(w.file) ? `${w.name}=${w.file}` : shellQuote(`${w.name}=${w.file}`)}`).join('');
}

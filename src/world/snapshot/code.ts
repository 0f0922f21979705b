/**
 * The on-ledger code of a ledger snapshot's Blend contracts, for the provenance of a check that runs
 * them (`check --impl soroban --snapshot FILE`): each contract instance's executable names a WASM
 * hash, and the snapshot's `contract_code` entry of that hash holds the code, whose SHA-256 must be
 * that hash (the ledger keys code by it). The Stellar Asset Contracts (BLND, USDC, XLM) are built into
 * the host and have no WASM: they are not listed.
 *
 * Roles, as the model's loader finds the contracts (src/world/snapshot/ledger.ts `findContracts`):
 * `emitter`, `backstop_v1`, `comet` (the backstop's LP token), `pool_v1` (each pool the backstop
 * holds records for; `pool_v1 <ADDRESS>` when there are several), `contract <ADDRESS>` any other.
 *
 * A problem (an instance whose code the snapshot does not hold, a code entry whose SHA-256 is not
 * its hash) is a SnapshotError, one line: `snapshot <path>: <problem>` (exit 2).
 */
import { createHash } from 'node:crypto';
import { InputFileError, readInputFile } from '../../io/files.ts';
import { SnapshotError } from './load.ts';
import { findContracts, Index, isObj, Problem } from './ledger.ts';
import type { SnapshotJson } from './schema.ts';

/** One contract of the snapshot that runs WASM: its role, address (strkey) and on-ledger WASM hash (hex). */
export interface SnapshotContractCode {
  readonly contract: string;
  readonly address: string;
  readonly sha256: string;
}

/**
 * The snapshot's contracts with WASM, in the order emitter, backstop_v1, comet, the pools, others.
 * `pools`: the v1 pools the model's world holds (strkeys). Throws SnapshotError.
 */
export function snapshotCode(path: string, pools: readonly string[]): SnapshotContractCode[] {
  const problem = (what: string): SnapshotError => new SnapshotError(`snapshot ${path}: ${what}`);
  let doc: SnapshotJson;
  try {
    // loadSnapshot read and checked the same file already; only the code entries are read here
    doc = JSON.parse(readInputFile(path, 'snapshot')) as SnapshotJson;
  } catch (err) {
    if (err instanceof InputFileError) throw problem(err.message);
    throw problem(`not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  // the code entries: hash -> the SHA-256 of the code it holds
  const code = new Map<string, string>();
  // the instances' executables: contract -> WASM hash
  const wasmOf = new Map<string, string>();
  for (const [lk, [le]] of doc.ledger_entries) {
    if (!isObj(lk) || !isObj(le) || !isObj(le.data)) continue;
    const cc = le.data.contract_code;
    if (isObj(lk.contract_code) && isObj(cc) && typeof cc.hash === 'string' && typeof cc.code === 'string')
      code.set(cc.hash, createHash('sha256').update(Buffer.from(cc.code, 'hex')).digest('hex'));
    const cd = le.data.contract_data;
    if (isObj(lk.contract_data) && isObj(cd) && cd.key === 'ledger_key_contract_instance' && isObj(cd.val)) {
      const inst = cd.val.contract_instance;
      const exe = isObj(inst) ? inst.executable : undefined;
      if (isObj(exe) && typeof exe.wasm === 'string' && typeof cd.contract === 'string') wasmOf.set(cd.contract, exe.wasm);
    }
  }
  let found: ReturnType<typeof findContracts>;
  try {
    found = findContracts(new Index(doc));
  } catch (err) {
    if (err instanceof Problem) throw problem(err.message);
    throw err;
  }
  const withCode = pools.filter((p) => wasmOf.has(p));
  const role = (address: string): [number, string] => {
    if (address === found.emitter) return [0, 'emitter'];
    if (address === found.backstop) return [1, 'backstop_v1'];
    if (address === found.comet) return [2, 'comet'];
    if (withCode.includes(address)) return [3, withCode.length === 1 ? 'pool_v1' : `pool_v1 ${address}`];
    return [4, `contract ${address}`];
  };
  const out: (SnapshotContractCode & { order: number })[] = [];
  for (const [address, hash] of wasmOf) {
    const sha = code.get(hash);
    if (sha === undefined) throw problem(`the contract ${address} runs WASM ${hash}, which the snapshot holds no contract_code entry for`);
    if (sha !== hash) throw problem(`the contract_code entry ${hash} holds code whose SHA-256 is ${sha}`);
    const [order, contract] = role(address);
    out.push({ order, contract, address, sha256: hash });
  }
  return out.sort((a, b) => a.order - b.order || a.address.localeCompare(b.address)).map(({ order: _o, ...c }) => c);
}

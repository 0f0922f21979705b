/**
 * Ledger parsing of a Soroban ledger snapshot (the JSON that soroban-sdk's
 * `Env::from_ledger_snapshot_file` reads): JSON with exact integers, ScVal decoding (every value's
 * type and range checked), the contract data indexed by contract and key, and the Blend v1
 * contracts found in it (the emitter, its backstop, their tokens).
 *
 * Storage layout (blend-contracts v1.0.0; see the v1 notes, section 3):
 * - emitter instance: `Backstop`, `BToken`, `BLNDTkn`; persistent `["LastDistro", backstop]` u64,
 *   `["Dropped", backstop]` bool, `"Swap"` {new_backstop, new_backstop_token, unlock_time}.
 * - backstop instance: `Emitter`, `BToken`, `BLNDTkn`, `USDCTkn`; persistent `"LastDist"` u64,
 *   `"RZ"` Vec<Address>, `"LPTknVal"` (i128, i128), `["PoolBalance", pool]`,
 *   `["UserBalance", {pool, user}]`, `["PoolEmis", pool]` i128, `["BEmisCfg", pool]`,
 *   `["BEmisData", pool]`, `["UEmisData", {pool, user}]`; temporary `"DropList"`.
 * - BLND (Stellar asset contract): `["Balance", addr]` {amount, authorized, clawback},
 *   `["Allowance", {from, spender}]` {amount, live_until_ledger}.
 * - Comet LP: `["Balance", addr]` bare i128, `["TotalShares"]` i128,
 *   `["AllRecordData"]` Map<Address, {balance, index, scalar, weight}>.
 *
 * A problem is thrown as a `Problem`, which src/world/snapshot/load.ts reports as one
 * `SnapshotError` line: `snapshot <path>: <problem>`.
 */
import type { Address } from '../../../model/state.ts';
import type { SnapshotJson } from './schema.ts';

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
export const U64_MAX = (1n << 64n) - 1n;
export const U32_MAX = (1n << 32n) - 1n;

// ---------------------------------------------------------------------------------------------
// JSON with exact integers

/** Integer literals with more digits than this are parsed as bigint (2^53 has 16 digits). */
const MAX_SAFE_DIGITS = 15;
const BIG_TAG = '\u0000bigint:';
/** A JSON string token or a JSON number token, scanned left to right. */
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * JSON.parse that keeps long integers exact: a pre-pass wraps every integer literal of more than
 * 15 digits (outside strings) in a tagged string, which the reviver turns into a bigint. Short
 * integers stay numbers (exact: below 2^53).
 */
export function parseJsonExact(text: string): unknown {
  const tagged = text.replace(TOKEN, (m) => {
    if (m.charCodeAt(0) === 34 /* " */ || /[.eE]/.test(m)) return m;
    const digits = m.startsWith('-') ? m.length - 1 : m.length;
    return digits > MAX_SAFE_DIGITS ? `"\\u0000bigint:${m}"` : m;
  });
  return JSON.parse(tagged, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(BIG_TAG) ? BigInt(value.slice(BIG_TAG.length)) : value,
  );
}

// ---------------------------------------------------------------------------------------------
// ScVal decoding

/** A problem found in the document; `loadSnapshot` prefixes it with `snapshot <path>: `. */
export class Problem extends Error {}

export function fail(message: string): never {
  throw new Problem(message);
}

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v);
  } catch {
    s = String(v);
  }
  s = s.replace(/"(-?\d+)n"/g, '$1');
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function ctx(what: string | undefined): string {
  return what === undefined ? '' : ` (${what})`;
}

/** An integer JSON value: a safe-integer number or a bigint from the exact parse. */
function int(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return undefined;
}

export function asI128(v: unknown, what?: string): bigint {
  if (isObj(v) && isObj(v.i128)) {
    const hi = int(v.i128.hi);
    const lo = int(v.i128.lo);
    if (hi !== undefined && lo !== undefined && hi >= I64_MIN && hi <= I64_MAX && lo >= 0n && lo <= U64_MAX) {
      return hi * (1n << 64n) + lo;
    }
  }
  return fail(`i128 expected, got ${show(v)}${ctx(what)}`);
}

/**
 * The largest amount the loader accepts in a balance, share count, queued amount, emission index,
 * accrual, LP value or Comet balance: 2^63 - 1 (i64::MAX) stroops, ~9.2 x 10^11 tokens at 7
 * decimals. The margin below i128::MAX (2^127 - 1) is what the model's i128 arithmetic needs: it
 * multiplies two stored values before it divides (a user's shares x the emission index, q4w x
 * tokens / shares, an amount x the Comet's 10^11 upscale, seconds x eps x 10^7), and a product of
 * two values below 2^63 is below 2^126, half of i128::MAX, leaving the other half for the sum that
 * follows (accrued + shares x delta / 10^7, a pool's total + a deposit). Sums over a pool's users
 * are bounded by the pool's own balance (the cross-entry checks in `checkSums`), so they stay below
 * the limit too. The real mainnet snapshot's largest amount is ~2.2 x 10^14 (the Comet's BLND
 * balance), some 40,000 times below. Allowances are the exception: a SAC allowance of i128::MAX
 * is the usual "unlimited" (the mainnet snapshot holds some); they need only be non-negative.
 */
export const AMOUNT_MAX = (1n << 63n) - 1n;

/** An i128 amount within [0, AMOUNT_MAX]: a negative or too large one is invalid input. */
export function asAmount(v: unknown, what?: string): bigint {
  const n = asI128(v, what);
  if (n < 0n) return fail(`${n} is negative${ctx(what)}: an amount, share count or index is never below 0`);
  if (n > AMOUNT_MAX)
    return fail(`${n} is beyond the loader's limit of 2^63 - 1${ctx(what)} (the model's i128 products of two amounts need the margin)`);
  return n;
}

function asUnsigned(tag: 'u64' | 'u32', max: bigint, v: unknown, what?: string): bigint {
  if (isObj(v)) {
    const n = int(v[tag]);
    if (n !== undefined && n >= 0n && n <= max) return n;
  }
  return fail(`${tag} expected, got ${show(v)}${ctx(what)}`);
}
export const asU64 = (v: unknown, what?: string): bigint => asUnsigned('u64', U64_MAX, v, what);
export const asU32 = (v: unknown, what?: string): bigint => asUnsigned('u32', U32_MAX, v, what);

export function asBool(v: unknown, what?: string): boolean {
  if (isObj(v) && typeof v.bool === 'boolean') return v.bool;
  return fail(`bool expected, got ${show(v)}${ctx(what)}`);
}

export function asAddress(v: unknown, what?: string): Address {
  if (isObj(v) && typeof v.address === 'string' && /^[CG][A-Z2-7]{55}$/.test(v.address)) return v.address;
  return fail(`address expected, got ${show(v)}${ctx(what)}`);
}

export function asVec(v: unknown, what?: string): unknown[] {
  if (isObj(v) && Array.isArray(v.vec)) return v.vec;
  return fail(`vec expected, got ${show(v)}${ctx(what)}`);
}

/** An ScMap's {key, val} pairs; `{"map": [...]}` or (instance storage) a bare array. */
export function mapPairs(v: unknown, what?: string): [unknown, unknown][] {
  const list = isObj(v) && Array.isArray(v.map) ? v.map : Array.isArray(v) ? v : undefined;
  if (list === undefined) return fail(`map expected, got ${show(v)}${ctx(what)}`);
  return list.map((p) => {
    if (!isObj(p) || !('key' in p) || !('val' in p)) return fail(`map entry {key, val} expected, got ${show(p)}${ctx(what)}`);
    return [p.key, p.val] as [unknown, unknown];
  });
}

/** A `#[contracttype]` struct: an ScMap keyed by field-name symbols. */
export function fields(v: unknown, what: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, val] of mapPairs(v, what)) {
    if (isObj(k) && typeof k.symbol === 'string') out.set(k.symbol, val);
  }
  return out;
}

export function field(f: Map<string, unknown>, name: string, what: string): unknown {
  if (!f.has(name)) fail(`field "${name}" missing${ctx(what)}`);
  return f.get(name);
}

/** `{pool, user}` (PoolUserKey) or `{from, spender}` (AllowanceDataKey). */
export function addressPair(v: unknown, a: string, b: string, what: string): [Address, Address] {
  const f = fields(v, what);
  return [asAddress(field(f, a, what), `${what}.${a}`), asAddress(field(f, b, what), `${what}.${b}`)];
}

/** A SEP-41 balance: the SAC's `{amount, authorized, clawback}` or Comet's bare i128. */
export function tokenBalance(v: unknown, what: string): bigint {
  if (isObj(v) && 'i128' in v) return asAmount(v, what);
  return asAmount(field(fields(v, what), 'amount', what), `${what}.amount`);
}

// ---------------------------------------------------------------------------------------------
// The snapshot's contract data, indexed

export interface DataEntry {
  /** Index in `ledger_entries`. */
  readonly i: number;
  readonly contract: Address;
  /** The key's symbol (`["Balance", addr]` -> `Balance`); `""` for the contract instance. */
  readonly name: string;
  readonly args: readonly unknown[];
  readonly val: unknown;
}

/** Run a decoder for one entry; a problem gets the entry's position in front. */
export function at<T>(e: DataEntry, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Problem) throw new Problem(`ledger_entries[${e.i}]: ${err.message}`);
    throw err;
  }
}

export const INSTANCE = '';

/** JSON with sorted object keys and bigints as `<digits>n`: equal text for equal values. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return `${x}n`;
    if (isObj(x))
      return Object.fromEntries(
        Object.keys(x)
          .sort()
          .map((k) => [k, x[k]]),
      );
    return x;
  });
}

export function keyName(key: unknown): { name: string; args: unknown[] } | undefined {
  if (key === 'ledger_key_contract_instance') return { name: INSTANCE, args: [] };
  if (isObj(key) && typeof key.symbol === 'string') return { name: key.symbol, args: [] };
  if (isObj(key) && Array.isArray(key.vec) && key.vec.length > 0) {
    const head = key.vec[0];
    if (isObj(head) && typeof head.symbol === 'string') return { name: head.symbol, args: key.vec.slice(1) };
  }
  return undefined;
}

export class Index {
  private readonly byContract = new Map<Address, DataEntry[]>();

  constructor(doc: SnapshotJson) {
    // the same ledger key twice: the same value is a harmless repeat (skipped), another value is a
    // contradiction (which one would the ledger hold?). Contract data is keyed by contract and key
    // without the durability: the loader reads both storages alike.
    const seen = new Map<string, { i: number; value: string }>();
    doc.ledger_entries.forEach(([lk, [le]], i) => {
      const where = `ledger_entries[${i}]`;
      const cdKey = isObj(lk) && isObj(lk.contract_data) ? lk.contract_data : undefined;
      const key = cdKey !== undefined ? canonical(['contract_data', cdKey.contract, cdKey.key]) : canonical(lk);
      const value = canonical(isObj(le) && isObj(le.data) ? le.data : le);
      const before = seen.get(key);
      if (before !== undefined) {
        if (before.value !== value)
          fail(`${where}: the same ledger key as ledger_entries[${before.i}] (${show(cdKey?.key ?? lk)}) with another value`);
        return;
      }
      seen.set(key, { i, value });
      if (!isObj(lk) || !('contract_data' in lk)) return; // accounts, trustlines, code: not used
      const cd = lk.contract_data;
      if (!isObj(cd) || typeof cd.contract !== 'string' || !('key' in cd)) {
        fail(`${where}: contract_data key {contract, key, durability} expected, got ${show(cd)}`);
      }
      const data = isObj(le) && isObj(le.data) ? le.data.contract_data : undefined;
      if (!isObj(data) || !('val' in data)) fail(`${where}: contract_data entry without data.contract_data.val`);
      const k = keyName(cd.key);
      if (k === undefined) return; // a key shape no contract here uses
      const list = this.byContract.get(cd.contract) ?? [];
      list.push({ i, contract: cd.contract, name: k.name, args: k.args, val: data.val });
      this.byContract.set(cd.contract, list);
    });
  }

  entries(contract: Address, name: string): DataEntry[] {
    return (this.byContract.get(contract) ?? []).filter((e) => e.name === name);
  }

  one(contract: Address, name: string): DataEntry | undefined {
    return this.entries(contract, name)[0];
  }

  /** `["Name", arg]` entries keyed by their address argument. */
  byAddress(contract: Address, name: string): Map<Address, DataEntry> {
    const out = new Map<Address, DataEntry>();
    for (const e of this.entries(contract, name))
      out.set(
        at(e, () => asAddress(e.args[0], `${name} key`)),
        e,
      );
    return out;
  }

  /** Every contract instance: contract -> symbol-keyed instance storage. */
  instances(): Map<Address, { entry: DataEntry; storage: Map<string, unknown> }> {
    const out = new Map<Address, { entry: DataEntry; storage: Map<string, unknown> }>();
    for (const [contract, list] of this.byContract) {
      const e = list.find((x) => x.name === INSTANCE);
      if (e === undefined) continue;
      const storage = at(e, () => {
        const inst = isObj(e.val) ? e.val.contract_instance : undefined;
        if (!isObj(inst)) fail(`contract_instance expected, got ${show(e.val)}`);
        const st = inst.storage;
        const m = new Map<string, unknown>();
        if (st === null || st === undefined) return m;
        for (const [k, v] of mapPairs(st, 'instance storage')) if (isObj(k) && typeof k.symbol === 'string') m.set(k.symbol, v);
        return m;
      });
      out.set(contract, { entry: e, storage });
    }
    return out;
  }
}

export interface Contracts {
  emitter: Address;
  backstop: Address;
  emitterBackstopToken: Address;
  comet: Address;
  blnd: Address;
  usdc: Address;
}

export function findContracts(ix: Index): Contracts {
  const inst = ix.instances();
  const emitters = [...inst].filter(
    ([, { storage }]) => storage.has('Backstop') && storage.has('BToken') && storage.has('BLNDTkn') && !storage.has('Emitter'),
  );
  if (emitters.length === 0) fail('no contract instance for the emitter (an instance with Backstop, BToken and BLNDTkn)');
  // several candidates: take the one whose backstop names it as its emitter
  const named = emitters.filter(([addr, { entry, storage }]) => {
    const bs = at(entry, () => asAddress(storage.get('Backstop'), 'emitter instance Backstop'));
    const bsInst = inst.get(bs);
    return (
      bsInst !== undefined &&
      isObj(bsInst.storage.get('Emitter')) &&
      (bsInst.storage.get('Emitter') as Record<string, unknown>).address === addr
    );
  });
  const chosen = named.length === 1 ? named[0] : emitters.length === 1 ? emitters[0] : undefined;
  if (chosen === undefined) fail(`several emitter candidates: ${emitters.map(([a]) => a).join(', ')}`);
  const [emitter, { entry: eEntry, storage: eSt }] = chosen;
  const backstop = at(eEntry, () => asAddress(eSt.get('Backstop'), 'emitter instance Backstop'));
  const emitterBackstopToken = at(eEntry, () => asAddress(eSt.get('BToken'), 'emitter instance BToken'));
  const bsInst = inst.get(backstop);
  if (bsInst === undefined) fail(`no contract instance for the backstop ${backstop}`);
  const { entry: bEntry, storage: bSt } = bsInst;
  const need = (name: string): Address =>
    at(bEntry, () => {
      if (!bSt.has(name)) fail(`backstop instance has no "${name}"`);
      return asAddress(bSt.get(name), `backstop instance ${name}`);
    });
  const bsEmitter = need('Emitter');
  if (bsEmitter !== emitter) fail(`the backstop ${backstop} names emitter ${bsEmitter}, not ${emitter}`);
  return { emitter, backstop, emitterBackstopToken, comet: need('BToken'), blnd: need('BLNDTkn'), usdc: need('USDCTkn') };
}

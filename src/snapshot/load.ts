/**
 * Load a Soroban ledger snapshot (the JSON that soroban-sdk's `Env::from_ledger_snapshot_file`
 * reads) holding the Blend v1 emitter and backstop, and build the model's `World` under the
 * `blend-v1` profile.
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
 * Every problem is reported as one `SnapshotError` line: `snapshot <path>: <problem>`.
 */
import { InputFileError, readInputFile } from '../io/files.ts';
import { COMET_BLND_WEIGHT, COMET_STROOP_SCALAR, COMET_SWAP_FEE, COMET_USDC_WEIGHT, SCALAR_7 } from '../../spec/constants.ts';
import { PROFILES } from '../../spec/profiles.ts';
import {
  newBackstop,
  newPool,
  poolBalanceOf,
  userBalanceOf,
  type Address,
  type BackstopEmissionData,
  type BackstopState,
  type CometRecord,
  type CometState,
  type LpTokenValue,
  type EmitterState,
  type PoolBalance,
  type PoolState,
  type Q4W,
  type Swap,
  type UserBalance,
  type UserEmissionData,
  type World,
} from '../../model/state.ts';
import { checkOuterStructure, type SnapshotJson } from './schema.ts';

const S7 = SCALAR_7.value;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const U64_MAX = (1n << 64n) - 1n;
const U32_MAX = (1n << 32n) - 1n;

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  constructor(message: string) {
    // one line, always
    super(message.replace(/\s*[\r\n]+\s*/g, ' '));
  }
}

export interface RewardZoneSummary {
  readonly pool: Address;
  readonly tokens: bigint;
  readonly shares: bigint;
  readonly q4w: bigint;
  /** tokens - convert_to_tokens(q4w) = tokens - floor(q4w * tokens / shares). */
  readonly nonQueuedTokens: bigint;
  /** Backstop EPS (7-decimal stroops/s) and expiration; 0n where the pool has no `BEmisCfg`. */
  readonly eps: bigint;
  readonly expiration: bigint;
}

export interface ClaimableSummary {
  readonly user: Address;
  readonly pool: Address;
  /** What `claim` would pay this user for this pool at the snapshot timestamp (BLND stroops). */
  readonly stroops: bigint;
}

export interface SnapshotSummary {
  /** The snapshot's `sequence_number`. */
  readonly ledger: number;
  readonly timestamp: bigint;
  readonly emitter: Address;
  readonly backstop: Address;
  readonly rewardZone: readonly RewardZoneSummary[];
  readonly users: number;
  /** One row per (user, pool) with a backstop record in a pool that has emissions; sorted by user, then pool. */
  readonly claimable: readonly ClaimableSummary[];
}

export interface LoadedSnapshot {
  readonly world: World;
  readonly summary: SnapshotSummary;
}

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
function parseJsonExact(text: string): unknown {
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
class Problem extends Error {}

function fail(message: string): never {
  throw new Problem(message);
}

function show(v: unknown): string {
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

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function ctx(what: string | undefined): string {
  return what === undefined ? '' : ` (${what})`;
}

/** An integer JSON value: a safe-integer number or a bigint from the exact parse. */
function int(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return undefined;
}

function asI128(v: unknown, what?: string): bigint {
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
function asAmount(v: unknown, what?: string): bigint {
  const n = asI128(v, what);
  if (n < 0n) return fail(`${n} is negative${ctx(what)}: an amount, share count or index is never below 0`);
  if (n > AMOUNT_MAX) return fail(`${n} is beyond the loader's limit of 2^63 - 1${ctx(what)} (the model's i128 products of two amounts need the margin)`);
  return n;
}

function asUnsigned(tag: 'u64' | 'u32', max: bigint, v: unknown, what?: string): bigint {
  if (isObj(v)) {
    const n = int(v[tag]);
    if (n !== undefined && n >= 0n && n <= max) return n;
  }
  return fail(`${tag} expected, got ${show(v)}${ctx(what)}`);
}
const asU64 = (v: unknown, what?: string): bigint => asUnsigned('u64', U64_MAX, v, what);
const asU32 = (v: unknown, what?: string): bigint => asUnsigned('u32', U32_MAX, v, what);

function asBool(v: unknown, what?: string): boolean {
  if (isObj(v) && typeof v.bool === 'boolean') return v.bool;
  return fail(`bool expected, got ${show(v)}${ctx(what)}`);
}

function asAddress(v: unknown, what?: string): Address {
  if (isObj(v) && typeof v.address === 'string' && /^[CG][A-Z2-7]{55}$/.test(v.address)) return v.address;
  return fail(`address expected, got ${show(v)}${ctx(what)}`);
}

function asVec(v: unknown, what?: string): unknown[] {
  if (isObj(v) && Array.isArray(v.vec)) return v.vec;
  return fail(`vec expected, got ${show(v)}${ctx(what)}`);
}

/** An ScMap's {key, val} pairs; `{"map": [...]}` or (instance storage) a bare array. */
function mapPairs(v: unknown, what?: string): [unknown, unknown][] {
  const list = isObj(v) && Array.isArray(v.map) ? v.map : Array.isArray(v) ? v : undefined;
  if (list === undefined) return fail(`map expected, got ${show(v)}${ctx(what)}`);
  return list.map((p) => {
    if (!isObj(p) || !('key' in p) || !('val' in p)) return fail(`map entry {key, val} expected, got ${show(p)}${ctx(what)}`);
    return [p.key, p.val] as [unknown, unknown];
  });
}

/** A `#[contracttype]` struct: an ScMap keyed by field-name symbols. */
function fields(v: unknown, what: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, val] of mapPairs(v, what)) {
    if (isObj(k) && typeof k.symbol === 'string') out.set(k.symbol, val);
  }
  return out;
}

function field(f: Map<string, unknown>, name: string, what: string): unknown {
  if (!f.has(name)) fail(`field "${name}" missing${ctx(what)}`);
  return f.get(name);
}

/** `{pool, user}` (PoolUserKey) or `{from, spender}` (AllowanceDataKey). */
function addressPair(v: unknown, a: string, b: string, what: string): [Address, Address] {
  const f = fields(v, what);
  return [asAddress(field(f, a, what), `${what}.${a}`), asAddress(field(f, b, what), `${what}.${b}`)];
}

/** A SEP-41 balance: the SAC's `{amount, authorized, clawback}` or Comet's bare i128. */
function tokenBalance(v: unknown, what: string): bigint {
  if (isObj(v) && 'i128' in v) return asAmount(v, what);
  return asAmount(field(fields(v, what), 'amount', what), `${what}.amount`);
}

// ---------------------------------------------------------------------------------------------
// The snapshot's contract data, indexed

interface DataEntry {
  /** Index in `ledger_entries`. */
  readonly i: number;
  readonly contract: Address;
  /** The key's symbol (`["Balance", addr]` -> `Balance`); `""` for the contract instance. */
  readonly name: string;
  readonly args: readonly unknown[];
  readonly val: unknown;
}

/** Run a decoder for one entry; a problem gets the entry's position in front. */
function at<T>(e: DataEntry, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Problem) throw new Problem(`ledger_entries[${e.i}]: ${err.message}`);
    throw err;
  }
}

const INSTANCE = '';

/** JSON with sorted object keys and bigints as `<digits>n`: equal text for equal values. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return `${x}n`;
    if (isObj(x)) return Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]]));
    return x;
  });
}

function keyName(key: unknown): { name: string; args: unknown[] } | undefined {
  if (key === 'ledger_key_contract_instance') return { name: INSTANCE, args: [] };
  if (isObj(key) && typeof key.symbol === 'string') return { name: key.symbol, args: [] };
  if (isObj(key) && Array.isArray(key.vec) && key.vec.length > 0) {
    const head = key.vec[0];
    if (isObj(head) && typeof head.symbol === 'string') return { name: head.symbol, args: key.vec.slice(1) };
  }
  return undefined;
}

class Index {
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
        if (before.value !== value) fail(`${where}: the same ledger key as ledger_entries[${before.i}] (${show(cdKey?.key ?? lk)}) with another value`);
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
    for (const e of this.entries(contract, name)) out.set(at(e, () => asAddress(e.args[0], `${name} key`)), e);
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

// ---------------------------------------------------------------------------------------------
// Loading

/** Register a value in a nested map `outer -> inner -> value`. */
function setIn<V>(m: Map<Address, Map<Address, V>>, a: Address, b: Address, v: V): void {
  let inner = m.get(a);
  if (inner === undefined) {
    inner = new Map();
    m.set(a, inner);
  }
  inner.set(b, v);
}

interface Contracts {
  emitter: Address;
  backstop: Address;
  emitterBackstopToken: Address;
  comet: Address;
  blnd: Address;
  usdc: Address;
}

function findContracts(ix: Index): Contracts {
  const inst = ix.instances();
  const emitters = [...inst].filter(([, { storage }]) => storage.has('Backstop') && storage.has('BToken') && storage.has('BLNDTkn') && !storage.has('Emitter'));
  if (emitters.length === 0) fail('no contract instance for the emitter (an instance with Backstop, BToken and BLNDTkn)');
  // several candidates: take the one whose backstop names it as its emitter
  const named = emitters.filter(([addr, { entry, storage }]) => {
    const bs = at(entry, () => asAddress(storage.get('Backstop'), 'emitter instance Backstop'));
    const bsInst = inst.get(bs);
    return bsInst !== undefined && isObj(bsInst.storage.get('Emitter')) && (bsInst.storage.get('Emitter') as Record<string, unknown>).address === addr;
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

function loadEmitter(ix: Index, c: Contracts): EmitterState {
  const lastDistro = new Map<Address, bigint>();
  for (const [addr, e] of ix.byAddress(c.emitter, 'LastDistro')) lastDistro.set(addr, at(e, () => asU64(e.val, 'LastDistro')));
  const dropped = new Set<Address>();
  for (const [addr, e] of ix.byAddress(c.emitter, 'Dropped')) if (at(e, () => asBool(e.val, 'Dropped'))) dropped.add(addr);
  const swapEntry = ix.one(c.emitter, 'Swap');
  const queuedSwap: Swap | undefined =
    swapEntry === undefined
      ? undefined
      : at(swapEntry, () => {
          const f = fields(swapEntry.val, 'Swap');
          return {
            newBackstop: asAddress(field(f, 'new_backstop', 'Swap'), 'Swap.new_backstop'),
            newBackstopToken: asAddress(field(f, 'new_backstop_token', 'Swap'), 'Swap.new_backstop_token'),
            unlockTime: asU64(field(f, 'unlock_time', 'Swap'), 'Swap.unlock_time'),
          };
        });
  return { backstop: c.backstop, backstopToken: c.emitterBackstopToken, lastDistro, dropped, queuedSwap };
}

function loadBackstop(ix: Index, c: Contracts, ledger: bigint): BackstopState {
  const B = c.backstop;
  const dropEntry = ix.one(B, 'DropList');
  // a v1 DropList is temporary storage: absent once it expired, and drop() then panics
  const dropList =
    dropEntry === undefined
      ? undefined
      : at(dropEntry, () =>
          asVec(dropEntry.val, 'DropList').map((t) => {
            const pair = asVec(t, 'DropList item');
            if (pair.length !== 2) fail(`(address, i128) expected, got ${show(t)} (DropList item)`);
            return [asAddress(pair[0], 'DropList item'), asAmount(pair[1], 'DropList item')] as const;
          }),
        );
  const bs = newBackstop(B, dropList);
  bs.dropList = dropList; // undefined stays undefined (newBackstop's default is an empty list)

  const lastDist = ix.one(B, 'LastDist');
  if (lastDist !== undefined) bs.lastDistributionTime = at(lastDist, () => asU64(lastDist.val, 'LastDist'));
  const rz = ix.one(B, 'RZ');
  if (rz !== undefined) {
    bs.rewardZone = at(rz, () => {
      const zone = asVec(rz.val, 'RZ').map((a) => asAddress(a, 'RZ item'));
      const twice = zone.find((p, k) => zone.indexOf(p) !== k);
      if (twice !== undefined) fail(`the reward zone lists ${twice} twice (RZ): a pool is in the zone once`);
      return zone;
    });
  }

  for (const [pool, e] of ix.byAddress(B, 'PoolBalance')) {
    const pb: PoolBalance = at(e, () => {
      const f = fields(e.val, 'PoolBalance');
      const get = (n: string): bigint => asAmount(field(f, n, 'PoolBalance'), `PoolBalance.${n}`);
      return { shares: get('shares'), tokens: get('tokens'), q4w: get('q4w') };
    });
    bs.poolBalances.set(pool, pb);
  }

  for (const e of ix.entries(B, 'UserBalance')) {
    at(e, () => {
      const [pool, user] = addressPair(e.args[0], 'pool', 'user', 'UserBalance key');
      const f = fields(e.val, 'UserBalance');
      const q4w: Q4W[] = asVec(field(f, 'q4w', 'UserBalance'), 'UserBalance.q4w').map((q) => {
        const qf = fields(q, 'Q4W');
        return { amount: asAmount(field(qf, 'amount', 'Q4W'), 'Q4W.amount'), exp: asU64(field(qf, 'exp', 'Q4W'), 'Q4W.exp') };
      });
      const ub: UserBalance = { shares: asAmount(field(f, 'shares', 'UserBalance'), 'UserBalance.shares'), q4w };
      setIn(bs.userBalances, pool, user, ub);
    });
  }

  for (const [pool, e] of ix.byAddress(B, 'PoolEmis')) {
    bs.rzEmis.set(pool, { accrued: at(e, () => asAmount(e.val, 'PoolEmis')), lastTime: 0n });
  }

  // v1 splits the emission data: BEmisCfg {eps, expiration} and BEmisData {index, last_time}
  const cfgs = ix.byAddress(B, 'BEmisCfg');
  const datas = ix.byAddress(B, 'BEmisData');
  for (const [pool, ce] of cfgs) {
    const de = datas.get(pool);
    // v1 update_emission_data_with_config unwraps BEmisData once a config exists
    if (de === undefined) at(ce, () => fail(`["BEmisCfg", ${pool}] without a matching ["BEmisData", ${pool}]`));
    const cfg = at(ce, () => {
      const f = fields(ce.val, 'BEmisCfg');
      return { eps: asU64(field(f, 'eps', 'BEmisCfg'), 'BEmisCfg.eps'), expiration: asU64(field(f, 'expiration', 'BEmisCfg'), 'BEmisCfg.expiration') };
    });
    const data = at(de!, () => {
      const f = fields(de!.val, 'BEmisData');
      return { index: asAmount(field(f, 'index', 'BEmisData'), 'BEmisData.index'), lastTime: asU64(field(f, 'last_time', 'BEmisData'), 'BEmisData.last_time') };
    });
    const ed: BackstopEmissionData = { eps: cfg.eps, expiration: cfg.expiration, index: data.index, lastTime: data.lastTime };
    bs.emisData.set(pool, ed);
  }
  // a BEmisData without a BEmisCfg is never read by v1 (update_emission_data returns None): not loaded

  for (const e of ix.entries(B, 'UEmisData')) {
    at(e, () => {
      const [pool, user] = addressPair(e.args[0], 'pool', 'user', 'UEmisData key');
      const f = fields(e.val, 'UEmisData');
      const ud: UserEmissionData = {
        index: asAmount(field(f, 'index', 'UEmisData'), 'UEmisData.index'),
        accrued: asAmount(field(f, 'accrued', 'UEmisData'), 'UEmisData.accrued'),
      };
      setIn(bs.userEmisData, pool, user, ud);
    });
  }

  const blndBal = ix.byAddress(c.blnd, 'Balance').get(B);
  if (blndBal !== undefined) bs.blnd = at(blndBal, () => tokenBalance(blndBal.val, 'BLND Balance'));
  const lpBal = ix.byAddress(c.comet, 'Balance').get(B);
  if (lpBal !== undefined) bs.lpTokens = at(lpBal, () => tokenBalance(lpBal.val, 'LP Balance'));

  for (const e of ix.entries(c.blnd, 'Allowance')) {
    at(e, () => {
      const [from, spender] = addressPair(e.args[0], 'from', 'spender', 'Allowance key');
      if (from !== B) return;
      const f = fields(e.val, 'Allowance');
      const amount = asI128(field(f, 'amount', 'Allowance'), 'Allowance.amount');
      if (amount < 0n) fail(`${amount} is negative (Allowance.amount)`);
      // the SAC names it live_until_ledger (older SDKs: expiration_ledger); an expired allowance reads as 0
      const untilName = f.has('live_until_ledger') ? 'live_until_ledger' : 'expiration_ledger';
      const until = asU32(field(f, untilName, 'Allowance'), `Allowance.${untilName}`);
      bs.allowances.set(spender, until < ledger ? 0n : amount);
    });
  }
  return bs;
}

/**
 * The Comet BLND:USDC LP as its contract stores it: `["AllRecordData"]` (the BLND and USDC records:
 * balance, weight, scalar), `["TotalShares"]` and the instance's `["SwapFee"]`. A record without
 * weight or scalar, or an instance without SwapFee, takes the mainnet pool's values (80/20, 1e11,
 * 0.3%). And the backstop's `LPTknVal` (BLND, USDC per LP token), which the v1 threshold reads:
 * the stored one where the snapshot holds it, else what `update_tkn_val` would store from the
 * Comet's balances.
 */
function loadComet(ix: Index, c: Contracts): { comet: CometState; lpTokenVal: LpTokenValue } {
  const recordsEntry = ix.one(c.comet, 'AllRecordData');
  const supplyEntry = ix.one(c.comet, 'TotalShares');
  if (recordsEntry === undefined || supplyEntry === undefined) fail(`no Comet TotalShares/AllRecordData for ${c.comet}`);
  const supply = at(supplyEntry, () => asAmount(supplyEntry.val, 'TotalShares'));
  if (supply <= 0n) at(supplyEntry, () => fail(`the Comet LP ${c.comet} has no supply (TotalShares ${supply})`));
  const [blnd, usdc] = at(recordsEntry, () => {
    const records = new Map<Address, Map<string, unknown>>();
    for (const [k, v] of mapPairs(recordsEntry.val, 'AllRecordData')) records.set(asAddress(k, 'AllRecordData key'), fields(v, 'Record'));
    const rec = (token: Address, name: string, weight: bigint): CometRecord => {
      const r = records.get(token) ?? fail(`AllRecordData has no record for the ${name} token ${token}`);
      return {
        balance: asAmount(field(r, 'balance', 'Record'), 'Record.balance'),
        weight: r.has('weight') ? asAmount(r.get('weight'), 'Record.weight') : weight,
        scalar: r.has('scalar') ? asAmount(r.get('scalar'), 'Record.scalar') : COMET_STROOP_SCALAR.value,
      };
    };
    return [rec(c.blnd, 'BLND', COMET_BLND_WEIGHT.value), rec(c.usdc, 'USDC', COMET_USDC_WEIGHT.value)] as const;
  });
  let swapFee = COMET_SWAP_FEE.value;
  const inst = ix.one(c.comet, INSTANCE);
  if (inst !== undefined) {
    at(inst, () => {
      const ci = isObj(inst.val) ? inst.val.contract_instance : undefined;
      const st = isObj(ci) ? ci.storage : undefined;
      if (st === null || st === undefined) return;
      for (const [k, v] of mapPairs(st, 'Comet instance storage')) {
        const name = keyName(k);
        if (name?.name === 'SwapFee' && name.args.length === 0) swapFee = asAmount(v, 'SwapFee');
      }
    });
  }
  const comet: CometState = { blnd, usdc, supply, swapFee };
  const tknVal = ix.one(c.backstop, 'LPTknVal');
  const lpTokenVal: LpTokenValue =
    tknVal !== undefined
      ? at(tknVal, () => {
          const t = asVec(tknVal.val, 'LPTknVal');
          if (t.length !== 2) fail(`(i128, i128) expected, got ${show(tknVal.val)} (LPTknVal)`);
          return { blndPerLp: asAmount(t[0], 'LPTknVal.0'), usdcPerLp: asAmount(t[1], 'LPTknVal.1') };
        })
      : { blndPerLp: (blnd.balance * S7) / supply, usdcPerLp: (usdc.balance * S7) / supply };
  return { comet, lpTokenVal };
}

/**
 * The sums across entries that a ledger of the v1 contracts keeps, each checked where the partial
 * snapshot allows (it holds only some users' records, so a pool's users may sum to less than the
 * pool, never to more). The real mainnet snapshot satisfies each; a failure names the entry:
 * - a pool's queued shares are within its shares (`PoolBalance.q4w <= PoolBalance.shares`);
 * - its users' shares and queued amounts are within the pool's shares, their queued amounts within
 *   the pool's q4w (a pool without a `PoolBalance` is not checked: the partial mainnet snapshot
 *   holds a user's balance in CBVOPI6Q... without that pool's `PoolBalance`);
 * - the backstop's LP balance covers its pools' tokens (where the snapshot holds that balance);
 * - the Comet's `Balance` entries sum to at most its `TotalShares`.
 */
function checkSums(ix: Index, c: Contracts, bs: BackstopState, comet: CometState): void {
  const B = c.backstop;
  const poolEntries = ix.byAddress(B, 'PoolBalance');
  for (const [pool, e] of poolEntries) {
    const pb = bs.poolBalances.get(pool)!;
    if (pb.q4w > pb.shares) at(e, () => fail(`PoolBalance of ${pool}: q4w ${pb.q4w} is over its shares ${pb.shares}`));
  }
  for (const [pool, users] of bs.userBalances) {
    let shares = 0n;
    let queued = 0n;
    for (const ub of users.values()) {
      shares += ub.shares;
      for (const q of ub.q4w) queued += q.amount;
    }
    const e = poolEntries.get(pool);
    // the partial mainnet snapshot holds a user's balance in CBVOPI6Q... but not that pool's
    // PoolBalance: a pool without one is not checked (the loader reads its balance as empty)
    if (e === undefined) continue;
    const pb = bs.poolBalances.get(pool)!;
    at(e, () => {
      if (shares + queued > pb.shares) fail(`PoolBalance of ${pool}: its users hold ${shares + queued} shares (${shares} and ${queued} queued), over the pool's ${pb.shares}`);
      if (queued > pb.q4w) fail(`PoolBalance of ${pool}: its users queue ${queued} shares, over the pool's q4w ${pb.q4w}`);
    });
  }
  const lpEntry = ix.byAddress(c.comet, 'Balance').get(B);
  if (lpEntry !== undefined) {
    const tokens = [...bs.poolBalances.values()].reduce((n, pb) => n + pb.tokens, 0n);
    if (bs.lpTokens < tokens) at(lpEntry, () => fail(`the backstop holds ${bs.lpTokens} LP tokens, less than its pools' ${tokens} (LP Balance of ${B})`));
  }
  const supplyEntry = ix.one(c.comet, 'TotalShares')!;
  let held = 0n;
  for (const e of ix.byAddress(c.comet, 'Balance').values()) held += at(e, () => tokenBalance(e.val, 'LP Balance'));
  if (held > comet.supply) at(supplyEntry, () => fail(`the Comet's Balance entries hold ${held} LP tokens, over its TotalShares ${comet.supply}`));
}

function buildWorld(doc: SnapshotJson): { world: World; contracts: Contracts } {
  const ix = new Index(doc);
  const c = findContracts(ix);
  const now = BigInt(doc.timestamp);
  const emitter = loadEmitter(ix, c);
  const bs = loadBackstop(ix, c, BigInt(doc.sequence_number));
  const { comet, lpTokenVal } = loadComet(ix, c);
  bs.lpTokenVal = lpTokenVal;
  checkSums(ix, c, bs, comet);

  const pools = new Map<Address, PoolState>();
  const factoryPools = new Set<Address>();
  const poolAddrs = [...bs.rewardZone, ...[...new Set([...bs.poolBalances.keys(), ...bs.rzEmis.keys(), ...bs.emisData.keys()])].sort()];
  for (const p of poolAddrs) {
    if (pools.has(p)) continue;
    // reserves left empty: the snapshot holds only part of the pools' reserve data
    pools.set(p, newPool(p, bs.address, []));
    factoryPools.add(p);
  }

  const users = [...new Set([...bs.userBalances.values()].flatMap((m) => [...m.keys()]))].sort();
  const lpBalances = ix.byAddress(c.comet, 'Balance');
  const lp = new Map<Address, bigint>();
  for (const u of users) {
    const e = lpBalances.get(u);
    lp.set(u, e === undefined ? 0n : at(e, () => tokenBalance(e.val, 'LP Balance')));
  }
  // the users' and pools' BLND wallets (a contract's SAC balance is contract data; an account's is a
  // trustline, which a snapshot of the protocol's contracts does not hold: 0)
  const blndBalances = ix.byAddress(c.blnd, 'Balance');
  const blnd = new Map<Address, bigint>();
  for (const a of [...users, ...pools.keys()]) {
    const e = blndBalances.get(a);
    const v = e === undefined ? 0n : at(e, () => tokenBalance(e.val, 'BLND Balance'));
    if (v !== 0n) blnd.set(a, v);
  }

  const names = new Map<Address, string>([
    [c.emitter, 'emitter'],
    [c.backstop, 'backstop_v1'],
    [c.comet, 'comet'],
    [c.blnd, 'blnd'],
  ]);
  const taken = new Set(names.values());
  for (const p of pools.keys()) {
    let n = 4;
    while (taken.has(`pool_${p.slice(0, n)}`)) n++;
    names.set(p, `pool_${p.slice(0, n)}`);
    taken.add(`pool_${p.slice(0, n)}`);
  }

  const world: World = {
    profile: PROFILES['blend-v1'],
    now,
    emitter,
    backstops: new Map([[bs.address, bs]]),
    pools,
    comet,
    factoryPools,
    blnd,
    lp,
    users,
    names,
  };
  return { world, contracts: c };
}

// ---------------------------------------------------------------------------------------------
// Summary (reads the world, never writes it)

/**
 * The backstop emission index a v1 `update_emission_data_with_config` would reach at `now`, without
 * storing it. Where every share is queued v1 divides by zero (a panic); the index is left as is.
 */
function projectedIndex(d: BackstopEmissionData, pb: PoolBalance, now: bigint, pool: Address): bigint {
  if (d.lastTime >= d.expiration || now === d.lastTime || d.eps === 0n || pb.shares === 0n) return d.index;
  if (now < d.lastTime) fail(`BEmisData for ${pool}: last_time ${d.lastTime} is after the snapshot timestamp ${now}`);
  const unqueued = pb.shares - pb.q4w;
  if (unqueued <= 0n) return d.index;
  const until = now < d.expiration ? now : d.expiration;
  return d.index + ((until - d.lastTime) * d.eps * S7) / unqueued;
}

/** What v1 `claim` would pay each (user, pool) at `world.now`; the world is not changed. */
export function claimableAt(world: World, backstop: Address): ClaimableSummary[] {
  const bs = world.backstops.get(backstop);
  if (bs === undefined) return [];
  const out: ClaimableSummary[] = [];
  for (const [pool, d] of bs.emisData) {
    const index = projectedIndex(d, poolBalanceOf(bs, pool), world.now, pool);
    const holders = new Set([...(bs.userBalances.get(pool)?.keys() ?? []), ...(bs.userEmisData.get(pool)?.keys() ?? [])]);
    for (const user of holders) {
      const ub = userBalanceOf(bs, pool, user);
      const ud = bs.userEmisData.get(pool)?.get(user);
      let stroops: bigint;
      if (ud !== undefined) {
        stroops = ud.accrued;
        if (ub.shares !== 0n) {
          const delta = index - ud.index;
          if (delta < 0n) fail(`UEmisData of ${user} in ${pool}: index ${ud.index} is above the pool's index ${index}`);
          stroops += (ub.shares * delta) / S7;
        }
      } else {
        // shares held before emissions began: due the whole index
        stroops = (ub.shares * index) / S7;
      }
      out.push({ user, pool, stroops });
    }
  }
  return out.sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : a.pool < b.pool ? -1 : a.pool > b.pool ? 1 : 0));
}

function summarize(world: World, c: Contracts, ledger: number): SnapshotSummary {
  const backstop = c.backstop;
  const bs = world.backstops.get(backstop)!;
  const rewardZone = bs.rewardZone.map((pool): RewardZoneSummary => {
    const pb = poolBalanceOf(bs, pool);
    const queuedTokens = pb.shares === 0n ? pb.q4w : (pb.q4w * pb.tokens) / pb.shares;
    const d = bs.emisData.get(pool);
    return {
      pool,
      tokens: pb.tokens,
      shares: pb.shares,
      q4w: pb.q4w,
      nonQueuedTokens: pb.tokens - queuedTokens,
      eps: d?.eps ?? 0n,
      expiration: d?.expiration ?? 0n,
    };
  });
  return {
    ledger,
    timestamp: world.now,
    emitter: c.emitter,
    backstop,
    rewardZone,
    users: world.users.length,
    claimable: claimableAt(world, backstop),
  };
}

// ---------------------------------------------------------------------------------------------

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
  // the ledger's numbers before the schema's types: a timestamp too long for a double is no "non-integer"
  if (isObj(doc)) {
    for (const [key, max, type] of [['timestamp', U64_MAX, 'u64'], ['sequence_number', U32_MAX, 'u32'], ['protocol_version', U32_MAX, 'u32']] as const) {
      const v = doc[key];
      if ((typeof v === 'bigint' && (v > max || v < 0n)) || (typeof v === 'number' && Number.isInteger(v) && v > Number(max))) throw problem(`${key}: ${String(v)} is beyond ${type}`);
    }
  }
  const structural = checkOuterStructure(doc);
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

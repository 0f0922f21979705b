/**
 * `stateText(w)`: the canonical observable state as JSON text, byte for byte
 * `JSON.stringify(worldToState(w))`, written without the intermediate objects and with each
 * backstop pool's and each pool's unchanging parts kept between calls. Lockstep compares an
 * implementation's state reply with this text first (an equal reply needs no parsing), and the
 * self-check implementation writes its state with it, so a long run does not spend its time
 * re-serialising the ~50 filler pools that no step touches.
 *
 * What is kept, and why it stays right: the model replaces a Map-held record (a pool balance, an
 * RzEmissions, an emission data, a reserve's emission data) on every write, so a fragment built
 * from records is reused while the same records are there (checked by identity); a reserve is
 * written field by field, so its fragment is reused while its fields hold the same values.
 * Everything else is written afresh. test/protocol/state-text.test.ts holds the text equal to
 * JSON.stringify(worldToState(w)) after every step of generated runs of every profile.
 */
import type {
  Address,
  BackstopEmissionData,
  BackstopState,
  PoolBalance,
  PoolState,
  ReserveEmissionData,
  ReserveState as Reserve,
  RzEmissions,
  World,
} from '../../model/state.ts';
import { decimalsOfScalar } from './state.ts';
import { bTokens } from '../../model/pool/distributor.ts';

const str = JSON.stringify as (s: string) => string;
const amt = (x: bigint): string => `"${x}"`;

/** A canonical array index: JavaScript orders such keys first, numerically, in every object. */
const isIndex = (k: string): boolean => /^(?:0|[1-9]\d*)$/.test(k) && Number(k) < 4294967295;
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A text kept with what it was made from: the values and record identities its maker read, in
 * the order it read them. It is reused while a walk over the same reads finds the same ones.
 */
interface Kept {
  readonly deps: unknown[];
  readonly text: string;
}
/**
 * The reads of one walk: its first `walked` items. The array is reused between walks and never
 * shrunk (setting its length to 0 would drop its storage, regrown at every walk): no array is made
 * when the kept text still holds.
 */
const walk: unknown[] = [];
let walked = 0;
/** The reads of a walk, in order (`walked = 0` starts one). */
function see(...reads: unknown[]): void {
  for (const r of reads) walk[walked++] = r;
}
function sameAsWalk(k: Kept | undefined): k is Kept {
  if (k === undefined || k.deps.length !== walked) return false;
  for (let i = 0; i < walked; i++) if (k.deps[i] !== walk[i]) return false;
  return true;
}

/**
 * `{"k":v,...}` in the key order JSON.stringify gives an object built from entries sorted by key:
 * index keys ascending numerically, then the others by string order.
 */
function objText(keys: string[], valueOf: (k: string) => string): string {
  let indices = false;
  for (const k of keys) if (isIndex(k)) indices = true;
  keys.sort(byString);
  if (indices) {
    const idx = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b));
    keys = [...idx, ...keys.filter((k) => !isIndex(k))];
  }
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ',';
    out += `${str(keys[i]!)}:${valueOf(keys[i]!)}`;
  }
  return `${out}}`;
}

const assembledTexts = new WeakMap<object, Map<string, Kept>>();
/**
 * `objText` of an object whose keys and values are met in `entries`' order, kept per owner and
 * name: when every key and value text is the same as the last time (value texts kept elsewhere are
 * the same strings), the last text is returned without sorting or joining again.
 */
function keptObjText(owner: object, name: string, keys: string[], values: string[]): string {
  let slots = assembledTexts.get(owner);
  if (slots === undefined) assembledTexts.set(owner, (slots = new Map()));
  const k = slots.get(name);
  if (k !== undefined && k.deps.length === keys.length * 2) {
    let same = true;
    for (let i = 0; i < keys.length && same; i++) same = k.deps[2 * i] === keys[i] && k.deps[2 * i + 1] === values[i];
    if (same) return k.text;
  }
  const byKey = new Map<string, string>();
  const deps: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    byKey.set(keys[i]!, values[i]!);
    deps.push(keys[i], values[i]);
  }
  const text = objText([...keys], (key) => byKey.get(key)!);
  slots.set(name, { deps, text });
  return text;
}

const emissionDataText = (e: BackstopEmissionData | ReserveEmissionData): string =>
  `{"eps":${amt(e.eps)},"expiration":${amt(e.expiration)},"index":${amt(e.index)},"last_time":${amt(e.lastTime)}}`;

/** A backstop pool entry's fixed part (balance, rz_emissions, emission_data, allowance) and the records it was built from. */
interface BackstopPoolHead {
  readonly pb: PoolBalance | undefined;
  readonly rz: RzEmissions | undefined;
  readonly ed: BackstopEmissionData | undefined;
  readonly allowance: bigint;
  /** No balance, no allocation, no emission data and no allowance (the entry is left out if it has no users either). */
  readonly empty: boolean;
  readonly text: string;
}
const backstopHeads = new WeakMap<BackstopState, Map<Address, BackstopPoolHead>>();

function backstopPoolHead(bs: BackstopState, pool: Address): BackstopPoolHead {
  let heads = backstopHeads.get(bs);
  if (heads === undefined) backstopHeads.set(bs, (heads = new Map()));
  const pb = bs.poolBalances.get(pool);
  const rz = bs.rzEmis.get(pool);
  const ed = bs.emisData.get(pool);
  const allowance = bs.allowances.get(pool) ?? 0n;
  const h = heads.get(pool);
  if (h !== undefined && h.pb === pb && h.rz === rz && h.ed === ed && h.allowance === allowance) return h;
  const rzZero = rz === undefined || (rz.accrued === 0n && rz.lastTime === 0n);
  const text =
    `"balance":{"shares":${amt(pb?.shares ?? 0n)},"tokens":${amt(pb?.tokens ?? 0n)},"q4w":${amt(pb?.q4w ?? 0n)}},` +
    `"rz_emissions":${rzZero ? 'null' : `{"accrued":${amt(rz!.accrued)},"last_time":${amt(rz!.lastTime)}}`},` +
    `"emission_data":${ed === undefined ? 'null' : emissionDataText(ed)},` +
    `"allowance":${amt(allowance)}`;
  const balanceZero = pb === undefined || (pb.shares === 0n && pb.tokens === 0n && pb.q4w === 0n);
  const made = { pb, rz, ed, allowance, empty: balanceZero && rzZero && ed === undefined && allowance === 0n, text };
  heads.set(pool, made);
  return made;
}

const backstopEntries = new WeakMap<BackstopState, Map<Address, Kept>>();

/** A backstop pool entry's text, or undefined when the contract would hold nothing for it. */
function backstopEntryText(bs: BackstopState, pool: Address): string | undefined {
  let kept = backstopEntries.get(bs);
  if (kept === undefined) backstopEntries.set(bs, (kept = new Map()));
  const ubs = bs.userBalances.get(pool);
  const ues = bs.userEmisData.get(pool);
  walked = 0;
  see(bs.poolBalances.get(pool), bs.rzEmis.get(pool), bs.emisData.get(pool), bs.allowances.get(pool), ubs?.size, ues?.size);
  ubs?.forEach((ub, u) => see(u, ub));
  ues?.forEach((ue, u) => see(u, ue));
  const k = kept.get(pool);
  if (sameAsWalk(k)) return k.text === '' ? undefined : k.text;
  const deps = walk.slice(0, walked);
  const users = new Map<Address, string>();
  const user = (u: Address): void => {
    if (users.has(u)) return;
    const ub = ubs?.get(u);
    const ue = ues?.get(u);
    if ((ub === undefined || (ub.shares === 0n && ub.q4w.length === 0)) && ue === undefined) return;
    let q4w = '';
    for (const q of ub?.q4w ?? []) q4w += `${q4w === '' ? '' : ','}{"amount":${amt(q.amount)},"exp":${amt(q.exp)}}`;
    users.set(
      u,
      `{"shares":${amt(ub?.shares ?? 0n)},"q4w":[${q4w}],"emission_data":${ue === undefined ? 'null' : `{"index":${amt(ue.index)},"accrued":${amt(ue.accrued)}}`}}`,
    );
  };
  if (ubs !== undefined) for (const u of ubs.keys()) user(u);
  if (ues !== undefined) for (const u of ues.keys()) user(u);
  const head = backstopPoolHead(bs, pool);
  const empty = head.empty && users.size === 0;
  const text = empty ? '' : `{${head.text},"users":${objText([...users.keys()], (u) => users.get(u)!)}}`;
  kept.set(pool, { deps, text });
  return empty ? undefined : text;
}

function backstopText(bs: BackstopState): string {
  const pools = new Set<Address>();
  for (const m of [bs.poolBalances, bs.userBalances, bs.rzEmis, bs.emisData, bs.userEmisData, bs.allowances] as const)
    for (const k of m.keys()) pools.add(k);
  const keys: Address[] = [];
  const values: string[] = [];
  for (const pool of pools) {
    const t = backstopEntryText(bs, pool);
    if (t === undefined) continue;
    keys.push(pool);
    values.push(t);
  }
  let dropList = '';
  for (const [a, v] of bs.dropList ?? []) dropList += `${dropList === '' ? '' : ','}[${str(a)},${amt(v)}]`;
  let out =
    `{"last_distribution_time":${amt(bs.lastDistributionTime)},"backfill_status":${bs.backfillStatus === undefined ? 'null' : String(bs.backfillStatus)},` +
    `"backfill_emissions":${amt(bs.backfillEmissions)},"reward_zone":[${bs.rewardZone.map(str).join(',')}],"blnd":${amt(bs.blnd)},"lp_tokens":${amt(bs.lpTokens)},` +
    `"drop_list":[${dropList}],"pools":${keptObjText(bs, 'pools', keys, values)}`;
  if (bs.lpTokenVal !== undefined)
    out += `,"lp_token_val":{"blnd_per_lp":${amt(bs.lpTokenVal.blndPerLp)},"usdc_per_lp":${amt(bs.lpTokenVal.usdcPerLp)}}`;
  return `${out}}`;
}

/** A reserve's text and the values it was built from (a reserve is written field by field). */
interface ReserveText {
  readonly asset: string;
  readonly scalar: bigint;
  readonly enabled: boolean;
  readonly bSupply: bigint;
  readonly dSupply: bigint;
  readonly bRate: bigint;
  readonly dRate: bigint;
  readonly irMod: bigint;
  readonly backstopCredit: bigint;
  readonly lastTime: bigint;
  readonly text: string;
}
const reserveTexts = new WeakMap<Reserve, ReserveText>();

function reserveText(r: Reserve): string {
  const c = reserveTexts.get(r);
  if (
    c !== undefined &&
    c.asset === r.asset &&
    c.scalar === r.scalar &&
    c.enabled === r.enabled &&
    c.bSupply === r.bSupply &&
    c.dSupply === r.dSupply &&
    c.bRate === r.bRate &&
    c.dRate === r.dRate &&
    c.irMod === r.irMod &&
    c.backstopCredit === r.backstopCredit &&
    c.lastTime === r.lastTime
  )
    return c.text;
  const text =
    `{"asset":${str(r.asset)},"scalar":${amt(r.scalar)},"decimals":${decimalsOfScalar(r.scalar)},"enabled":${r.enabled},"b_supply":${amt(r.bSupply)},"d_supply":${amt(r.dSupply)},` +
    `"b_rate":${amt(r.bRate)},"d_rate":${amt(r.dRate)},"ir_mod":${amt(r.irMod)},"backstop_credit":${amt(r.backstopCredit)},"last_time":${amt(r.lastTime)}}`;
  reserveTexts.set(r, {
    asset: r.asset,
    scalar: r.scalar,
    enabled: r.enabled,
    bSupply: r.bSupply,
    dSupply: r.dSupply,
    bRate: r.bRate,
    dRate: r.dRate,
    irMod: r.irMod,
    backstopCredit: r.backstopCredit,
    lastTime: r.lastTime,
    text,
  });
  return text;
}

const configTexts = new WeakMap<ReadonlyMap<number, bigint>, string>();
/** The emission configuration is replaced whole on every write (set_emissions_config): kept per map. */
function configText(m: ReadonlyMap<number, bigint>): string {
  let t = configTexts.get(m);
  if (t === undefined) configTexts.set(m, (t = objText([...m.keys()].map(String), (k) => amt(m.get(Number(k))!))));
  return t;
}

function numberKeyed<V>(m: ReadonlyMap<number, V>, valueText: (v: V) => string, keep: (v: V) => boolean = () => true): string {
  const keys: string[] = [];
  for (const [k, v] of m) if (keep(v)) keys.push(String(k));
  return objText(keys, (k) => valueText(m.get(Number(k))!));
}

const poolTexts = new WeakMap<PoolState, Kept>();

function poolText(p: PoolState): string {
  walked = 0;
  see(p.backstop, p.emissionConfig, p.reserves.length, p.emisData.size, p.positions.size, p.userEmis.size);
  for (const r of p.reserves)
    see(r, r.asset, r.scalar, r.enabled, r.bSupply, r.dSupply, r.bRate, r.dRate, r.irMod, r.backstopCredit, r.lastTime);
  p.emisData.forEach((e, id) => see(id, e));
  p.positions.forEach((pos, u) => see(u, pos));
  p.userEmis.forEach((m, u) => {
    see(u, m, m.size);
    m.forEach((e, id) => see(id, e));
  });
  const k = poolTexts.get(p);
  if (sameAsWalk(k)) return k.text;
  const deps = walk.slice(0, walked);
  const text = poolTextOf(p);
  poolTexts.set(p, { deps, text });
  return text;
}

function poolTextOf(p: PoolState): string {
  const users = new Map<Address, string>();
  const user = (u: Address): void => {
    if (users.has(u)) return;
    const pos = p.positions.get(u);
    const ue = p.userEmis.get(u);
    const supply = pos === undefined ? '{}' : numberKeyed(bTokens(pos), amt, (v) => v !== 0n);
    const uncollateralized = pos === undefined ? '{}' : numberKeyed(pos.supply, amt, (v) => v !== 0n);
    const liabilities = pos === undefined ? '{}' : numberKeyed(pos.liabilities, amt, (v) => v !== 0n);
    const emission = ue === undefined ? '{}' : numberKeyed(ue, (v) => `{"index":${amt(v.index)},"accrued":${amt(v.accrued)}}`);
    if (supply === '{}' && liabilities === '{}' && emission === '{}') return;
    const more = uncollateralized === '{}' ? '' : `,"uncollateralized":${uncollateralized}`;
    users.set(u, `{"supply":${supply},"liabilities":${liabilities},"emission_data":${emission}${more}}`);
  };
  for (const u of p.positions.keys()) user(u);
  for (const u of p.userEmis.keys()) user(u);
  return (
    `{"backstop":${str(p.backstop)},"reserves":[${p.reserves.map(reserveText).join(',')}],"emission_config":${configText(p.emissionConfig)},` +
    `"reserve_emission_data":${numberKeyed(p.emisData, emissionDataText)},"users":${objText([...users.keys()], (u) => users.get(u)!)}}`
  );
}

function walletText(m: ReadonlyMap<Address, bigint>): string {
  const keys: string[] = [];
  for (const [k, v] of m) if (v !== 0n) keys.push(k);
  return objText(keys, (k) => amt(m.get(k)!));
}

/** `JSON.stringify(worldToState(w))`, made faster (see the module's comment). */
export function stateText(w: World): string {
  const em = w.emitter;
  const q = em.queuedSwap;
  const c = w.comet;
  const record = (r: World['comet']['blnd']): string => `{"balance":${amt(r.balance)},"weight":${amt(r.weight)},"scalar":${amt(r.scalar)}}`;
  return (
    `{"now":${amt(w.now)},` +
    `"emitter":{"backstop":${str(em.backstop)},"backstop_token":${str(em.backstopToken)},"last_distro":${objText([...em.lastDistro.keys()], (k) => amt(em.lastDistro.get(k)!))},` +
    `"dropped":[${[...em.dropped].sort().map(str).join(',')}],` +
    `"queued_swap":${q === undefined ? 'null' : `{"new_backstop":${str(q.newBackstop)},"new_backstop_token":${str(q.newBackstopToken)},"unlock_time":${amt(q.unlockTime)}}`}},` +
    `"backstops":${keptObjText(w, 'backstops', [...w.backstops.keys()], [...w.backstops.values()].map(backstopText))},` +
    `"pools":${keptObjText(w, 'pools', [...w.pools.keys()], [...w.pools.values()].map(poolText))},` +
    `"comet":{"blnd":${record(c.blnd)},"usdc":${record(c.usdc)},"lp_supply":${amt(c.supply)},"swap_fee":${amt(c.swapFee)}},` +
    `"factory_pools":[${[...w.factoryPools].sort().map(str).join(',')}],` +
    `"wallets":{"blnd":${walletText(w.blnd)},"lp":${walletText(w.lp)}}}`
  );
}

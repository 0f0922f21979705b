/**
 * The ledger-snapshot loader: real facts from the mainnet snapshot of ledger 55261759 (skipped when
 * ../shared/data is absent), and one-line rejections of malformed snapshots (synthetic files).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSnapshot, SnapshotError } from '../../src/world/snapshot/load.ts';
import { i, minimal, S, text } from '../fixtures/snapshot.ts';

const SNAPSHOT = fileURLToPath(new URL('../../../shared/data/mainnet-55261759-snapshot.json', import.meta.url));
const exists = existsSync(SNAPSHOT);
if (!exists) console.warn(`skipping the mainnet snapshot tests: ${SNAPSHOT} is absent (the repo's sibling ../shared/data)`);

const EMITTER = 'CCOQM6S7ICIUWA225O5PSJWUBEMXGFSSW2PQFO6FP4DQEKMS5DASRGRR';
const BACKSTOP = 'CAO3AGAMZVRMHITL36EJ2VZQWKYRPWMQAPDQD5YEOF3GIF7T44U4JAL3';
const POOL_CDVQ = 'CDVQVKOY2YSXS2IC7KN6MNASSHPAO7UN2UR2ON4OI2SKMFJNVAMDX6DP';
const POOL_CAQF = 'CAQF5KNOFIGRI24NQRRGUPD46Q45MGMXZMRTQFXS25Y4NZVNPT34GM6S';
const USER = 'GDXFWL6NSDAZ34XJNJDVNJBSLAYS6VXDIVVSK76Q5EZWOYBH72GXFQFI';
/** Holds shares in CAQF but has no UEmisData there. */
const USER_NO_EMIS = 'CBJJOIRNZOFH5NGTU2SLFEAK4TB5P2KSOCOWTSWCTYNBSMMIBYFMFETV';

// --- plain reading of the raw JSON (every number used below is under 2^53) ----------------------

type J = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The `val` of the backstop's `[name, arg]` entry, matched on the raw JSON of the key. */
function rawVal(doc: J, contract: string, name: string, arg: J): J {
  const want = JSON.stringify({ vec: [{ symbol: name }, arg] });
  for (const [k, [e]] of doc.ledger_entries) {
    const cd = k.contract_data;
    if (cd?.contract === contract && JSON.stringify(cd.key) === want) return e.data.contract_data.val;
  }
  throw new Error(`no ${name} ${JSON.stringify(arg)}`);
}
const field = (m: J, name: string): J => m.map.find((p: J) => p.key.symbol === name).val;
const i128 = (v: J): bigint => BigInt(v.i128.hi) * 2n ** 64n + BigInt(v.i128.lo);
const u64 = (v: J): bigint => BigInt(v.u64);
const poolUser = (pool: string, user: string): J => ({
  map: [
    { key: { symbol: 'pool' }, val: { address: pool } },
    { key: { symbol: 'user' }, val: { address: user } },
  ],
});

/** v1 claim for (user, pool) at `now`, from the raw entries. */
function rawClaimable(doc: J, pool: string, user: string): bigint {
  const now = BigInt(doc.timestamp);
  const cfg = rawVal(doc, BACKSTOP, 'BEmisCfg', { address: pool });
  const data = rawVal(doc, BACKSTOP, 'BEmisData', { address: pool });
  const pb = rawVal(doc, BACKSTOP, 'PoolBalance', { address: pool });
  const eps = u64(field(cfg, 'eps'));
  const exp = u64(field(cfg, 'expiration'));
  let index = i128(field(data, 'index'));
  const last = u64(field(data, 'last_time'));
  const unqueued = i128(field(pb, 'shares')) - i128(field(pb, 'q4w'));
  if (last < exp && now !== last && eps !== 0n && unqueued > 0n) {
    const until = now < exp ? now : exp;
    index += ((until - last) * eps * 10_000_000n) / unqueued;
  }
  const shares = i128(field(rawVal(doc, BACKSTOP, 'UserBalance', poolUser(pool, user)), 'shares'));
  let ue: J;
  try {
    ue = rawVal(doc, BACKSTOP, 'UEmisData', poolUser(pool, user));
  } catch {
    return (shares * index) / 10_000_000n;
  }
  return i128(field(ue, 'accrued')) + (shares * (index - i128(field(ue, 'index')))) / 10_000_000n;
}

describe.skipIf(!exists)('loadSnapshot: mainnet ledger 55261759', () => {
  const raw: J = exists ? JSON.parse(readFileSync(SNAPSHOT, 'utf8')) : undefined;
  const loaded = exists ? loadSnapshot(SNAPSHOT) : undefined;
  const { world, summary } = loaded ?? ({} as NonNullable<typeof loaded>);
  const bs = () => world.backstops.get(BACKSTOP)!;

  it('finds the contracts and the ledger', () => {
    expect(summary.ledger).toBe(55261759);
    expect(summary.timestamp).toBe(1736780911n);
    expect(world.now).toBe(1736780911n);
    expect(world.profile.name).toBe('blend-v1');
    expect(summary.emitter).toBe(EMITTER);
    expect(summary.backstop).toBe(BACKSTOP);
    expect(world.emitter.backstop).toBe(BACKSTOP);
    expect(world.emitter.backstopToken).toBe('CAS3FL6TLZKDGGSISDBWGGPXT3NRR4DYTZD7YOD3HMYO6LTJUVGRVEAM');
    expect(world.names.get(EMITTER)).toBe('emitter');
    expect(world.names.get(BACKSTOP)).toBe('backstop_v1');
    expect(world.names.get(POOL_CDVQ)).toBe('pool_CDVQ');
  });

  it('loads the emitter: LastDistro of the backstop, Dropped, no swap', () => {
    expect(world.emitter.lastDistro.get(BACKSTOP)).toBe(1736749778n);
    expect(world.emitter.dropped.has(BACKSTOP)).toBe(true);
    expect(world.emitter.queuedSwap).toBeUndefined();
    expect(bs().lastDistributionTime).toBe(1736749778n);
  });

  it('loads the reward zone, pool balances and emission configs', () => {
    expect(summary.rewardZone).toHaveLength(5);
    expect(bs().rewardZone[0]).toBe(POOL_CAQF);
    expect(summary.rewardZone[0]).toEqual({
      pool: POOL_CAQF,
      tokens: 1752203188795n,
      shares: 1752203188795n,
      q4w: 3980241677n,
      nonQueuedTokens: 1752203188795n - 3980241677n,
      eps: 213559n,
      expiration: 1737354589n,
    });
    expect(bs().poolBalances.size).toBe(6);
    expect(bs().poolBalances.get(POOL_CDVQ)).toEqual({ shares: 21442357735951n, tokens: 23869829178771n, q4w: 172318963193n });
    expect(bs().emisData.get(POOL_CDVQ)).toEqual({ eps: 3604759n, expiration: 1737354589n, index: 146431653n, lastTime: 1736780476n });
    expect(bs().rzEmis.get('CBVOPI6QC6OWVCOEZDCFELAGQNAOHUS4CWOKAVADKQZXVSWR2R5IAKO7')).toEqual({ accrued: 5547575n, lastTime: 0n });
    // pools: the 6 with a PoolBalance plus CBVO… (reward zone only)
    expect(world.pools.size).toBe(7);
    expect([...world.factoryPools].sort()).toEqual([...world.pools.keys()].sort());
    expect(world.pools.get(POOL_CDVQ)?.reserves).toEqual([]);
  });

  it('loads users, balances with queued withdrawals, and user emission data', () => {
    expect(summary.users).toBe(151);
    expect(world.users).toHaveLength(151);
    expect([...world.users].sort()).toEqual(world.users);
    expect(bs().userBalances.get(POOL_CDVQ)?.get(USER)).toEqual({ shares: 45965072323n, q4w: [{ amount: 2336382890n, exp: 1737841333n }] });
    expect(bs().userEmisData.get(POOL_CDVQ)?.get(USER)).toEqual({ index: 146431653n, accrued: 0n });
    const many = bs().userBalances.get(POOL_CDVQ)?.get('GDXDMFHZVBRAVG6V4QBAIPKCE72U6BBV527AEAAWM72HM4FTRDYTWR2Z');
    expect(many?.q4w).toHaveLength(10);
    expect([...bs().userBalances.values()].reduce((n, m) => n + m.size, 0)).toBe(198);
    expect([...bs().userEmisData.values()].reduce((n, m) => n + m.size, 0)).toBe(189);
  });

  it('loads token holdings: BLND and LP of the backstop, its BLND allowances, LP and BLND of users', () => {
    expect(bs().blnd).toBe(31122282347655n);
    expect(bs().lpTokens).toBe(48203102194448n);
    expect(bs().allowances.get(POOL_CDVQ)).toBe(9182650673828n);
    expect(bs().allowances.size).toBe(5);
    expect(world.lp.size).toBe(151);
    // one user, a contract, holds BLND as contract data; accounts hold theirs in trustlines (not in the snapshot)
    expect([...world.blnd]).toEqual([['CD7UCK6QPQVXGHI36HEVNAJXRO6GPFWSVBJDXK37ENL3DZ2NKEX5WM4S', 73837661465n]]);
  });

  it('leaves the drop list undefined where the temporary DropList has expired (drop() then panics)', () => {
    expect(bs().dropList).toBeUndefined();
  });

  it('loads the Comet records, LP supply and swap fee, and values LP tokens as update_tkn_val does', () => {
    const blnd = 216834281088055n;
    const usdc = 4416777655708n;
    const supply = 49272834655960n;
    expect(world.comet).toEqual({
      blnd: { balance: blnd, weight: 8_000_000n, scalar: 100_000_000_000n },
      usdc: { balance: usdc, weight: 2_000_000n, scalar: 100_000_000_000n },
      supply,
      swapFee: 30_000n,
    });
    // the snapshot holds no LPTknVal: the one update_tkn_val would store
    expect(bs().lpTokenVal).toEqual({ blndPerLp: (blnd * 10_000_000n) / supply, usdcPerLp: (usdc * 10_000_000n) / supply });
  });

  it('computes claimable emissions as v1 would, without touching the world', () => {
    const row = (pool: string, user: string) => summary.claimable.find((c) => c.pool === pool && c.user === user)?.stroops;
    const expected = rawClaimable(raw, POOL_CDVQ, USER);
    // by hand: index' = 146431653 + floor(435 * 3604759 * 1e7 / (21442357735951 - 172318963193))
    expect(expected).toBe((45965072323n * ((435n * 3604759n * 10_000_000n) / 21270038772758n)) / 10_000_000n);
    expect(row(POOL_CDVQ, USER)).toBe(expected);
    expect(row(POOL_CAQF, USER_NO_EMIS)).toBe(rawClaimable(raw, POOL_CAQF, USER_NO_EMIS));
    expect(row(POOL_CAQF, USER_NO_EMIS)).toBeGreaterThan(0n);
    expect(summary.claimable).toHaveLength(200);
    // the index in the world is still the stored one
    expect(bs().emisData.get(POOL_CDVQ)?.index).toBe(146431653n);
    expect(bs().userEmisData.get(POOL_CDVQ)?.get(USER)).toEqual({ index: 146431653n, accrued: 0n });
  });
});

// --- malformed input -----------------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'snapshot-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string): string {
  const p = join(dir, `s${n++}.json`);
  writeFileSync(p, text);
  return p;
}

function rejects(path: string, pattern: RegExp): void {
  let caught: unknown;
  try {
    loadSnapshot(path);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(SnapshotError);
  const msg = (caught as Error).message;
  expect(msg.startsWith(`snapshot ${path}: `)).toBe(true);
  expect(msg).not.toMatch(/[\r\n]/);
  expect(msg).toMatch(pattern);
}

describe('loadSnapshot: synthetic snapshots', () => {
  it('loads a minimal snapshot and keeps integers above 2^53 exact', () => {
    const { world, summary } = loadSnapshot(file(text(minimal())));
    expect(summary.emitter).toBe(S.emitter);
    expect(summary.users).toBe(1);
    expect(world.lp.get(S.user)).toBe(5_0000000n);
    expect(world.backstops.get(S.backstop)!.blnd).toBe(2n ** 53n + 1n);
    // records without a scalar and an instance without SwapFee take the mainnet pool's
    expect(world.comet).toEqual({
      blnd: { balance: 80_0000000n, weight: 8_000_000n, scalar: 100_000_000_000n },
      usdc: { balance: 20_0000000n, weight: 2_000_000n, scalar: 100_000_000_000n },
      supply: 10_0000000n,
      swapFee: 30_000n,
    });
    expect(world.backstops.get(S.backstop)!.lpTokenVal).toEqual({ blndPerLp: 8_0000000n, usdcPerLp: 2_0000000n });
    expect(summary.claimable).toEqual([]); // no BEmisCfg: no emissions
  });

  it('rejects a missing file', () => {
    rejects(join(dir, 'nope.json'), /: cannot read \(ENOENT\)$/);
  });

  it('rejects a file that is not JSON', () => {
    rejects(file('this is not a snapshot\nat all'), /: not JSON \(.+\)$/);
  });

  it('rejects truncated JSON', () => {
    const t = text(minimal());
    rejects(file(t.slice(0, Math.floor(t.length / 2))), /: not JSON \(/);
  });

  it('rejects ledger_entries that is not an array', () => {
    rejects(file(JSON.stringify({ ...minimal(), ledger_entries: { a: 1 } })), /: ledger_entries: must be array$/);
  });

  it('rejects a missing timestamp', () => {
    const { timestamp: _t, ...rest } = minimal();
    rejects(file(JSON.stringify(rest)), /must have required property 'timestamp'/);
  });

  it('rejects an i128 with a string hi, naming the entry', () => {
    rejects(
      file(text(minimal({ shares: i(5, '0') }))),
      /: ledger_entries\[3\]: i128 expected, got \{"i128":\{"hi":"0","lo":5\}\} \(PoolBalance\.shares\)$/,
    );
  });

  it('rejects a u32 where an i128 belongs', () => {
    rejects(file(text(minimal({ shares: { u32: 3 } }))), /: ledger_entries\[3\]: i128 expected, got \{"u32":3\}/);
  });

  it('rejects a snapshot without the emitter instance', () => {
    rejects(file(text(minimal({ noEmitter: true }))), /: no contract instance for the emitter/);
  });
});

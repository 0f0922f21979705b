/**
 * World building from a decoded ledger snapshot: the Blend v1 emitter, backstop and Comet LP as
 * their contracts store them (src/world/snapshot/ledger.ts reads the entries), the pools and users
 * the backstop holds records for, and the `blend-v1` model world they make.
 */
import { COMET_BLND_WEIGHT, COMET_STROOP_SCALAR, COMET_SWAP_FEE, COMET_USDC_WEIGHT } from '../../../spec/constants.ts';
import { PROFILES } from '../../../spec/profiles.ts';
import { perLp } from '../../../model/comet.ts';
import {
  newBackstop,
  newPool,
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
} from '../../../model/state.ts';
import type { SnapshotJson } from './schema.ts';
import {
  addressPair,
  asAddress,
  asAmount,
  asBool,
  asI128,
  asU32,
  asU64,
  asVec,
  at,
  fail,
  field,
  fields,
  findContracts,
  Index,
  INSTANCE,
  isObj,
  keyName,
  mapPairs,
  show,
  tokenBalance,
  type Contracts,
} from './ledger.ts';
import { checkSums } from './validate.ts';

/** Register a value in a nested map `outer -> inner -> value`. */
function setIn<V>(m: Map<Address, Map<Address, V>>, a: Address, b: Address, v: V): void {
  let inner = m.get(a);
  if (inner === undefined) {
    inner = new Map();
    m.set(a, inner);
  }
  inner.set(b, v);
}

function loadEmitter(ix: Index, c: Contracts): EmitterState {
  const lastDistro = new Map<Address, bigint>();
  for (const [addr, e] of ix.byAddress(c.emitter, 'LastDistro'))
    lastDistro.set(
      addr,
      at(e, () => asU64(e.val, 'LastDistro')),
    );
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
      return {
        eps: asU64(field(f, 'eps', 'BEmisCfg'), 'BEmisCfg.eps'),
        expiration: asU64(field(f, 'expiration', 'BEmisCfg'), 'BEmisCfg.expiration'),
      };
    });
    const data = at(de!, () => {
      const f = fields(de!.val, 'BEmisData');
      return {
        index: asAmount(field(f, 'index', 'BEmisData'), 'BEmisData.index'),
        lastTime: asU64(field(f, 'last_time', 'BEmisData'), 'BEmisData.last_time'),
      };
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
 * Comet's balances (model/comet.ts `perLp`).
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
      : { blndPerLp: perLp(blnd, supply), usdcPerLp: perLp(usdc, supply) };
  return { comet, lpTokenVal };
}

export function buildWorld(doc: SnapshotJson): { world: World; contracts: Contracts } {
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
    oracle: new Map(),
    blnd,
    lp,
    users,
    names,
  };
  return { world, contracts: c };
}

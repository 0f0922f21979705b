//! The observable state of a snapshot world, read from the ledger: the snapshot's entries under
//! the host's (store.rs `Ledger::take_over`). A backstop's records are found by scanning its
//! storage (every `UserBalance`, `PoolBalance`, ... key it holds), not from the pairs an action
//! touched, since the snapshot's users hold records no action has touched.
//!
//! Storage layouts (what src/snapshot/load.ts reads for the model):
//! - v1 backstop (blend-contracts v1): `LastDist`, `RZ`, `LPTknVal` (i128, i128), temporary
//!   `DropList`, `["PoolBalance", pool]`, `["PoolEmis", pool]` (i128: the pool's share not yet
//!   gulped, the protocol's `rz_emissions.accrued` with `last_time` 0), `["BEmisCfg", pool]`
//!   {eps, expiration} with `["BEmisData", pool]` {index, last_time}, `["UserBalance", {pool, user}]`,
//!   `["UEmisData", {pool, user}]`; no backfill.
//! - v2 backstop: `LastDist`, `Backfill`, `BackfillEmis`, `RZ`, persistent `DropList`,
//!   `["RzEmis", pool]`, `["BEmisData", pool]` {eps, expiration, index, last_time}, and the same
//!   balance and user keys.
//!
//! The v1 pools (the snapshot's) are reported with their backstop only: the model does not load
//! their lending side, and no generated action reaches it (pool actions need a pool with reserves).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};
use soroban_sdk::xdr::{ContractDataDurability, ScVal};
use soroban_sdk::Address;

use crate::snapshot::{as_address, field, key_name};
use crate::state_parts::{backstop_user_json, comet_state, emitter_state, keyed, lp_balance, pool_state, s, sac_balance};
use crate::storage_types::*;
use crate::store::Ledger;
use crate::world::SnapInfo;
use crate::world::World;

pub fn read_state(w: &World, snap: &SnapInfo) -> Value {
    let env = &w.env;
    let l = &Ledger::take_over(env, Some(&snap.source));
    let mut root = Map::new();
    root.insert("now".into(), s(env.ledger().timestamp()));
    root.insert("emitter".into(), emitter_state(w, l));

    let allowances = blnd_allowances(w, l, snap.sequence);
    let mut backstops = Map::new();
    for (name, addr) in w.backstops.iter() {
        let v1 = w.is_v1_backstop(name);
        backstops.insert(name.clone(), backstop_state(w, l, addr, v1, allowances.get(&w.names.name_of(addr))));
    }
    root.insert("backstops".into(), keyed(backstops));

    let mut pools = Map::new();
    let v1_backstop = w
        .backstops
        .iter()
        .find(|(n, _)| w.is_v1_backstop(n))
        .map(|(n, _)| n.clone())
        .unwrap_or_default();
    for p in snap.v1_pools.iter() {
        let addr = w.names.get(p).cloned();
        let backstop: Option<Address> = addr.as_ref().and_then(|a| l.instance(a, "Backstop"));
        pools.insert(
            p.clone(),
            json!({
                "backstop": backstop.map(|a| w.names.name_of(&a)).unwrap_or_else(|| v1_backstop.clone()),
                "reserves": [],
                "emission_config": {},
                "reserve_emission_data": {},
                "users": {},
            }),
        );
    }
    for p in w.pools.iter() {
        pools.insert(p.name.clone(), pool_state(w, l, p));
    }
    root.insert("pools".into(), keyed(pools));
    root.insert("comet".into(), comet_state(w, l));

    // the v1 pools are the factory's (see snapworld.rs); the v2 pools as their factory answered
    let mut factory_pools: std::vec::Vec<String> = snap.v1_pools.clone();
    factory_pools.extend(w.pools.iter().filter(|p| p.from_factory).map(|p| p.name.clone()));
    factory_pools.sort();
    root.insert("factory_pools".into(), json!(factory_pools));

    // wallets: the users, every other actor an action named, and the pools
    let mut wb = Map::new();
    let mut wl = Map::new();
    let mut holders = w.names.actors();
    for p in snap.v1_pools.iter().chain(w.pools.iter().map(|p| &p.name)) {
        if let Some(a) = w.names.get(p) {
            holders.push((p.clone(), a.clone()));
        }
    }
    for (name, a) in holders.iter() {
        let b = sac_balance(l, &w.blnd, a);
        if b != 0 {
            wb.insert(name.clone(), s(b));
        }
        let x = lp_balance(l, &w.comet, a);
        if x != 0 {
            wl.insert(name.clone(), s(x));
        }
    }
    root.insert("wallets".into(), json!({ "blnd": keyed(wb), "lp": keyed(wl) }));
    Value::Object(root)
}

/// BLND allowances by owner name, then spender name (0 once the allowance's ledger has passed).
fn blnd_allowances(w: &World, l: &Ledger, sequence: u32) -> BTreeMap<String, BTreeMap<String, i128>> {
    let mut out: BTreeMap<String, BTreeMap<String, i128>> = BTreeMap::new();
    for (k, d, v) in l.entries_of(&w.blnd) {
        if d != ContractDataDurability::Temporary {
            continue;
        }
        let Some((name, [arg])) = key_name(k) else { continue };
        if name != "Allowance" {
            continue;
        }
        let (Some(from), Some(spender)) = (field(arg, "from").and_then(as_address), field(arg, "spender").and_then(as_address)) else {
            continue;
        };
        let Some(a) = l.value::<SacAllowance>(v) else { continue };
        let amount = if a.live_until_ledger < sequence { 0 } else { a.amount };
        out.entry(name_by_sc(w, from)).or_default().insert(name_by_sc(w, spender), amount);
    }
    out
}

/// The logical name of an address given as an ScAddress.
fn name_by_sc(w: &World, a: &soroban_sdk::xdr::ScAddress) -> String {
    match soroban_sdk::TryFromVal::try_from_val(&w.env, &ScVal::Address(a.clone())) {
        Ok(addr) => w.names.name_of(&addr),
        Err(_) => crate::snapshot::strkey(a),
    }
}

#[derive(Default)]
struct PoolRecords {
    balance: Option<BsPoolBalance>,
    rz: Option<(i128, u64)>,
    /// v1: BEmisCfg (eps, expiration) and BEmisData (index, last_time) apart; v2 together.
    cfg: Option<(u64, u64)>,
    data: Option<(i128, u64)>,
    users: BTreeMap<String, (Option<BsUserBalance>, Option<EmisUserData>)>,
}

fn backstop_state(w: &World, l: &Ledger, bs: &Address, v1: bool, allowances: Option<&BTreeMap<String, i128>>) -> Value {
    let mut last: u64 = 0;
    let mut backfill: Option<bool> = None;
    let mut backfill_emis: i128 = 0;
    let mut rz: std::vec::Vec<String> = std::vec::Vec::new();
    let mut drop_list: std::vec::Vec<Value> = std::vec::Vec::new();
    let mut tkn_val: Option<(i128, i128)> = None;
    let mut pools: BTreeMap<String, PoolRecords> = BTreeMap::new();
    let drop_durability = if v1 {
        ContractDataDurability::Temporary
    } else {
        ContractDataDurability::Persistent
    };
    for (k, d, v) in l.entries_of(bs) {
        let Some((name, args)) = key_name(k) else { continue };
        let pool_of = |a: &ScVal| as_address(a).map(|x| name_by_sc(w, x));
        match (name.as_str(), args) {
            ("LastDist", []) => last = l.value(v).unwrap_or(0),
            ("Backfill", []) if !v1 => backfill = l.value(v),
            ("BackfillEmis", []) if !v1 => backfill_emis = l.value(v).unwrap_or(0),
            ("RZ", []) => {
                let list: Option<soroban_sdk::Vec<Address>> = l.value(v);
                rz = list.map(|x| x.iter().map(|a| w.names.name_of(&a)).collect()).unwrap_or_default();
            }
            ("DropList", []) if d == drop_durability => {
                let list: Option<soroban_sdk::Vec<(Address, i128)>> = l.value(v);
                drop_list = list
                    .map(|x| x.iter().map(|(a, n)| json!([w.names.name_of(&a), s(n)])).collect())
                    .unwrap_or_default();
            }
            ("LPTknVal", []) if v1 => tkn_val = l.value(v),
            ("PoolBalance", [p]) => {
                if let Some(p) = pool_of(p) {
                    pools.entry(p).or_default().balance = l.value(v);
                }
            }
            ("PoolEmis", [p]) if v1 => {
                if let (Some(p), Some(x)) = (pool_of(p), l.value::<i128>(v)) {
                    pools.entry(p).or_default().rz = Some((x, 0));
                }
            }
            ("RzEmis", [p]) if !v1 => {
                if let (Some(p), Some(x)) = (pool_of(p), l.value::<BsRzEmissions>(v)) {
                    pools.entry(p).or_default().rz = Some((x.accrued, x.last_time));
                }
            }
            ("BEmisCfg", [p]) if v1 => {
                if let (Some(p), Some(x)) = (pool_of(p), l.value::<V1EmisConfig>(v)) {
                    pools.entry(p).or_default().cfg = Some((x.eps, x.expiration));
                }
            }
            ("BEmisData", [p]) => {
                let Some(p) = pool_of(p) else { continue };
                if v1 {
                    if let Some(x) = l.value::<V1EmisData>(v) {
                        pools.entry(p).or_default().data = Some((x.index, x.last_time));
                    }
                } else if let Some(x) = l.value::<BsEmissionData>(v) {
                    let r = pools.entry(p).or_default();
                    r.cfg = Some((x.eps, x.expiration));
                    r.data = Some((x.index, x.last_time));
                }
            }
            ("UserBalance" | "UEmisData", [pu]) => {
                let (Some(p), Some(u)) = (field(pu, "pool").and_then(pool_of), field(pu, "user").and_then(as_address)) else {
                    continue;
                };
                let u = name_by_sc(w, u);
                let entry = pools.entry(p).or_default().users.entry(u).or_default();
                if name == "UserBalance" {
                    entry.0 = l.value(v);
                } else {
                    entry.1 = l.value(v);
                }
            }
            _ => {}
        }
    }
    // an allowance to an address with no other record is a pool entry of its own (as the model's)
    if let Some(a) = allowances {
        for spender in a.keys() {
            pools.entry(spender.clone()).or_default();
        }
    }

    let mut out = Map::new();
    let names: BTreeSet<String> = pools.keys().cloned().collect();
    for pool in names {
        let r = &pools[&pool];
        let allowance = allowances.and_then(|a| a.get(&pool)).copied().unwrap_or(0);
        let mut users = Map::new();
        for (u, (ub, ue)) in r.users.iter() {
            if let Some(j) = backstop_user_json(ub.as_ref(), ue.as_ref()) {
                users.insert(u.clone(), j);
            }
        }
        let (sh, tk, qw) = r.balance.as_ref().map(|b| (b.shares, b.tokens, b.q4w)).unwrap_or((0, 0, 0));
        let balance_zero = sh == 0 && tk == 0 && qw == 0;
        let rz_zero = r.rz.map(|(a, t)| a == 0 && t == 0).unwrap_or(true);
        // v1 reads the emission data only where a config exists (update_emission_data)
        let ed = match (r.cfg, r.data) {
            (Some((eps, exp)), Some((index, t))) => {
                Some(json!({ "eps": s(eps), "expiration": s(exp), "index": s(index), "last_time": s(t) }))
            }
            _ => None,
        };
        if balance_zero && rz_zero && ed.is_none() && users.is_empty() && allowance == 0 {
            continue;
        }
        out.insert(
            pool.clone(),
            json!({
                "balance": { "shares": s(sh), "tokens": s(tk), "q4w": s(qw) },
                "rz_emissions": if rz_zero { Value::Null } else { let (a, t) = r.rz.unwrap(); json!({ "accrued": s(a), "last_time": s(t) }) },
                "emission_data": ed.unwrap_or(Value::Null),
                "allowance": s(allowance),
                "users": keyed(users),
            }),
        );
    }
    let mut json = json!({
        "last_distribution_time": s(last),
        "backfill_status": match backfill { Some(b) => Value::Bool(b), None => Value::Null },
        "backfill_emissions": s(backfill_emis),
        "reward_zone": rz,
        "blnd": s(sac_balance(l, &w.blnd, bs)),
        "lp_tokens": s(lp_balance(l, &w.comet, bs)),
        "drop_list": drop_list,
        "pools": keyed(out),
    });
    if let Some((b, u)) = tkn_val {
        json["lp_token_val"] = json!({ "blnd_per_lp": s(b), "usdc_per_lp": s(u) });
    }
    json
}

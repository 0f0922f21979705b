//! The observable state of a snapshot world, read from the ledger: the snapshot's entries under
//! the host's (world.rs `World::ledger`). A backstop's records are found by scanning its
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

use std::collections::BTreeMap;

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
    let l = &w.ledger();
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
    root.insert("pools".into(), pools(w, l, snap));
    root.insert("comet".into(), comet_state(w, l));
    root.insert("factory_pools".into(), factory_pools(w, snap));
    root.insert("wallets".into(), wallets(w, l, snap));
    Value::Object(root)
}

/// The pools: the v1 pools with their backstop only (see the module's comment), the v2 pools in full.
pub(crate) fn pools(w: &World, l: &Ledger, snap: &SnapInfo) -> Value {
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
    keyed(pools)
}

/// The v1 pools are the factory's (see snapworld.rs); the v2 pools as their factory answered.
pub(crate) fn factory_pools(w: &World, snap: &SnapInfo) -> Value {
    let mut factory_pools: std::vec::Vec<String> = snap.v1_pools.clone();
    factory_pools.extend(w.pools.iter().filter(|p| p.from_factory).map(|p| p.name.clone()));
    factory_pools.sort();
    json!(factory_pools)
}

/// Wallets: the users, every other actor an action named, and the pools.
pub(crate) fn wallets(w: &World, l: &Ledger, snap: &SnapInfo) -> Value {
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
    json!({ "blnd": keyed(wb), "lp": keyed(wl) })
}

/// BLND allowances by owner name, then spender name (0 once the allowance's ledger has passed).
pub(crate) fn blnd_allowances(w: &World, l: &Ledger, sequence: u32) -> BTreeMap<String, BTreeMap<String, i128>> {
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
pub(crate) fn name_by_sc(w: &World, a: &soroban_sdk::xdr::ScAddress) -> String {
    match soroban_sdk::TryFromVal::try_from_val(&w.env, &ScVal::Address(a.clone())) {
        Ok(addr) => w.names.name_of(&addr),
        Err(_) => crate::snapshot::strkey(a),
    }
}

/// An entry's value decoded as a contract type (None: absent, or not of that type).
fn val<V: soroban_sdk::TryFromVal<soroban_sdk::Env, soroban_sdk::Val>>(l: &Ledger, v: Option<&ScVal>) -> Option<V> {
    v.and_then(|v| l.value(v))
}

/// A backstop's record of one pool, as its storage holds it.
#[derive(Default)]
pub(crate) struct PoolRecords {
    balance: Option<BsPoolBalance>,
    rz: Option<(i128, u64)>,
    /// v1: BEmisCfg (eps, expiration) and BEmisData (index, last_time) apart; v2 together.
    cfg: Option<(u64, u64)>,
    data: Option<(i128, u64)>,
    /// user name -> (UserBalance, UEmisData)
    pub(crate) users: BTreeMap<String, (Option<BsUserBalance>, Option<EmisUserData>)>,
}

/// A backstop's records (every key of its storage the state shows), by pool.
#[derive(Default)]
pub(crate) struct BsRecords {
    last: u64,
    backfill: Option<bool>,
    backfill_emis: i128,
    rz: std::vec::Vec<String>,
    drop_list: std::vec::Vec<Value>,
    tkn_val: Option<(i128, i128)>,
    pub(crate) pools: BTreeMap<String, PoolRecords>,
}

/// The part of a backstop's state a key of its storage holds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Section {
    /// The backstop's own fields (`LastDist`, `RZ`, `DropList`, ...).
    Head,
    /// Its record of a pool but the users (`PoolBalance`, `PoolEmis` / `RzEmis`, `BEmisCfg`, `BEmisData`).
    Pool(String),
    /// A user's entry in its record of a pool (`UserBalance`, `UEmisData` of {pool, user}): (pool, user).
    User(String, String),
    /// None of the state (another key, or one of another layout).
    Other,
}

impl BsRecords {
    /// Every record of backstop `bs` from the ledger (`v1`: the v1 layout, see the module's comment).
    pub(crate) fn scan(w: &World, l: &Ledger, bs: &Address, v1: bool) -> BsRecords {
        let mut r = BsRecords::default();
        for (k, d, v) in l.entries_of(bs) {
            r.apply(w, l, v1, k, d, Some(v));
        }
        r
    }

    /// Sets what storage key `k` (durability `d`) holds to `v` (None: the entry is absent), and
    /// names the section of the state it is part of.
    pub(crate) fn apply(&mut self, w: &World, l: &Ledger, v1: bool, k: &ScVal, d: ContractDataDurability, v: Option<&ScVal>) -> Section {
        let Some((name, args)) = key_name(k) else { return Section::Other };
        let drop_durability = if v1 {
            ContractDataDurability::Temporary
        } else {
            ContractDataDurability::Persistent
        };
        let pool_of = |a: &ScVal| as_address(a).map(|x| name_by_sc(w, x));
        match (name.as_str(), args) {
            ("LastDist", []) => self.last = val(l, v).unwrap_or(0),
            ("Backfill", []) if !v1 => self.backfill = val(l, v),
            ("BackfillEmis", []) if !v1 => self.backfill_emis = val(l, v).unwrap_or(0),
            ("RZ", []) => {
                let list: Option<soroban_sdk::Vec<Address>> = val(l, v);
                self.rz = list.map(|x| x.iter().map(|a| w.names.name_of(&a)).collect()).unwrap_or_default();
            }
            ("DropList", []) if d == drop_durability => {
                let list: Option<soroban_sdk::Vec<(Address, i128)>> = val(l, v);
                self.drop_list = list
                    .map(|x| x.iter().map(|(a, n)| json!([w.names.name_of(&a), s(n)])).collect())
                    .unwrap_or_default();
            }
            ("LPTknVal", []) if v1 => self.tkn_val = val(l, v),
            ("PoolBalance", [p]) => {
                let Some(p) = pool_of(p) else { return Section::Other };
                self.pools.entry(p.clone()).or_default().balance = val(l, v);
                return Section::Pool(p);
            }
            ("PoolEmis", [p]) if v1 => {
                let Some(p) = pool_of(p) else { return Section::Other };
                self.pools.entry(p.clone()).or_default().rz = val(l, v).map(|x: i128| (x, 0));
                return Section::Pool(p);
            }
            ("RzEmis", [p]) if !v1 => {
                let Some(p) = pool_of(p) else { return Section::Other };
                self.pools.entry(p.clone()).or_default().rz = val(l, v).map(|x: BsRzEmissions| (x.accrued, x.last_time));
                return Section::Pool(p);
            }
            ("BEmisCfg", [p]) if v1 => {
                let Some(p) = pool_of(p) else { return Section::Other };
                self.pools.entry(p.clone()).or_default().cfg = val(l, v).map(|x: V1EmisConfig| (x.eps, x.expiration));
                return Section::Pool(p);
            }
            ("BEmisData", [p]) => {
                let Some(p) = pool_of(p) else { return Section::Other };
                let r = self.pools.entry(p.clone()).or_default();
                if v1 {
                    r.data = val(l, v).map(|x: V1EmisData| (x.index, x.last_time));
                } else {
                    let x: Option<BsEmissionData> = val(l, v);
                    r.cfg = x.as_ref().map(|x| (x.eps, x.expiration));
                    r.data = x.map(|x| (x.index, x.last_time));
                }
                return Section::Pool(p);
            }
            ("UserBalance" | "UEmisData", [pu]) => {
                let (Some(p), Some(u)) = (field(pu, "pool").and_then(pool_of), field(pu, "user").and_then(as_address)) else {
                    return Section::Other;
                };
                let u = name_by_sc(w, u);
                let entry = self.pools.entry(p.clone()).or_default().users.entry(u.clone()).or_default();
                if name == "UserBalance" {
                    entry.0 = val(l, v);
                } else {
                    entry.1 = val(l, v);
                }
                return Section::User(p, u);
            }
            _ => return Section::Other,
        }
        Section::Head
    }

    /// The backstop's own fields, every one but `pools` and `lp_token_val` (in the canonical order).
    pub(crate) fn head(&self, w: &World, l: &Ledger, bs: &Address) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("last_distribution_time".into(), s(self.last));
        m.insert(
            "backfill_status".into(),
            match self.backfill {
                Some(b) => Value::Bool(b),
                None => Value::Null,
            },
        );
        m.insert("backfill_emissions".into(), s(self.backfill_emis));
        m.insert("reward_zone".into(), json!(self.rz));
        m.insert("blnd".into(), s(sac_balance(l, &w.blnd, bs)));
        m.insert("lp_tokens".into(), s(lp_balance(l, &w.comet, bs)));
        m.insert("drop_list".into(), json!(self.drop_list));
        m
    }

    /// `lp_token_val` (v1), written after `pools`.
    pub(crate) fn lp_token_val(&self) -> Option<Value> {
        self.tkn_val.map(|(b, u)| json!({ "blnd_per_lp": s(b), "usdc_per_lp": s(u) }))
    }
}

impl PoolRecords {
    /// The record's fields but `users` (in the canonical order), and whether it holds nothing (then,
    /// with no user shown, the record is left out).
    pub(crate) fn head(&self, allowance: i128) -> (Map<String, Value>, bool) {
        let (sh, tk, qw) = self.balance.as_ref().map(|b| (b.shares, b.tokens, b.q4w)).unwrap_or((0, 0, 0));
        let balance_zero = sh == 0 && tk == 0 && qw == 0;
        let rz_zero = self.rz.map(|(a, t)| a == 0 && t == 0).unwrap_or(true);
        // v1 reads the emission data only where a config exists (update_emission_data)
        let ed = match (self.cfg, self.data) {
            (Some((eps, exp)), Some((index, t))) => {
                Some(json!({ "eps": s(eps), "expiration": s(exp), "index": s(index), "last_time": s(t) }))
            }
            _ => None,
        };
        let empty = balance_zero && rz_zero && ed.is_none() && allowance == 0;
        let mut m = Map::new();
        m.insert("balance".into(), json!({ "shares": s(sh), "tokens": s(tk), "q4w": s(qw) }));
        m.insert(
            "rz_emissions".into(),
            match self.rz {
                Some((a, t)) if !rz_zero => json!({ "accrued": s(a), "last_time": s(t) }),
                _ => Value::Null,
            },
        );
        m.insert("emission_data".into(), ed.unwrap_or(Value::Null));
        m.insert("allowance".into(), s(allowance));
        (m, empty)
    }
}

fn backstop_state(w: &World, l: &Ledger, bs: &Address, v1: bool, allowances: Option<&BTreeMap<String, i128>>) -> Value {
    let mut r = BsRecords::scan(w, l, bs, v1);
    // an allowance to an address with no other record is a pool entry of its own (as the model's)
    if let Some(a) = allowances {
        for spender in a.keys() {
            r.pools.entry(spender.clone()).or_default();
        }
    }
    let mut out = Map::new();
    for (pool, p) in r.pools.iter() {
        let allowance = allowances.and_then(|a| a.get(pool)).copied().unwrap_or(0);
        let mut users = Map::new();
        for (u, (ub, ue)) in p.users.iter() {
            if let Some(j) = backstop_user_json(ub.as_ref(), ue.as_ref()) {
                users.insert(u.clone(), j);
            }
        }
        let (mut m, empty) = p.head(allowance);
        if empty && users.is_empty() {
            continue;
        }
        m.insert("users".into(), keyed(users));
        out.insert(pool.clone(), Value::Object(m));
    }
    let mut json = r.head(w, l, bs);
    json.insert("pools".into(), keyed(out));
    if let Some(v) = r.lp_token_val() {
        json.insert("lp_token_val".into(), v);
    }
    Value::Object(json)
}

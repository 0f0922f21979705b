//! The canonical observable state (src/protocol/state.ts `ObservableState`), read from the
//! contracts' storage. Records equal to their storage default are left out, as the model's
//! `worldToState` does.
//!
//! `read_state` reads every field from the ledger. `StateCache` answers the same text after each
//! step while reading again only what the step's ledger changes can have moved (the footprint of
//! the step: the entries whose value or TTL differs from the last read, found by walking the
//! host's entries beside the last read's); a generated world's backstop pool entries and pools
//! (each user's entry in them apart from their other fields), backstops' own fields and wallets
//! (each holder's balances apart) are kept between reads, the rest (a few entries) is read every
//! time. A
//! `fresh` read (`state` with `fresh: true`, docs/protocol.md) reads everything again.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use serde_json::{json, Map, Value};
use soroban_sdk::xdr::{LedgerEntry, LedgerKey, ScAddress, ScVal};
use soroban_sdk::{Address, Vec};

use crate::state_parts::{
    backstop_user_json, canonical_cmp, comet_state, emitter_state, keyed, lp_balance, pool_head, pool_state, pool_user, s, sac_allowance,
    sac_balance, sym,
};
use crate::storage_types::*;
use crate::store::{host_entries, merge_sorted, HostEntries, Ledger};
use crate::world::World;

/// Every pool name the backstops may hold records for.
fn pool_names(w: &World) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = w.pools.iter().map(|p| p.name.clone()).collect();
    for (_, p, _) in w.bs_touched.iter() {
        names.insert(p.clone());
    }
    names
}

pub fn read_state(w: &World) -> Value {
    if let Some(snap) = w.snap.as_ref() {
        return crate::snapstate::read_state(w, snap);
    }
    let env = &w.env;
    let l = &w.ledger();
    let mut root = Map::new();
    root.insert("now".into(), s(env.ledger().timestamp()));
    root.insert("emitter".into(), emitter_state(w, l));

    let pool_names = pool_names(w);
    let mut backstops = Map::new();
    for (name, addr) in w.backstops.iter() {
        let mut b = backstop_header(w, l, addr);
        let mut pools = Map::new();
        for pool_name in pool_names.iter() {
            if let Some(v) = backstop_pool(w, l, name, addr, pool_name) {
                pools.insert(pool_name.clone(), v);
            }
        }
        b.insert("pools".into(), keyed(pools));
        backstops.insert(name.clone(), Value::Object(b));
    }
    root.insert("backstops".into(), keyed(backstops));

    let mut pools = Map::new();
    for p in w.pools.iter() {
        pools.insert(p.name.clone(), pool_state(w, l, p));
    }
    root.insert("pools".into(), keyed(pools));
    root.insert("comet".into(), comet_state(w, l));
    root.insert("factory_pools".into(), factory_pools(w));
    root.insert("wallets".into(), wallets(w, l));
    Value::Object(root)
}

/// Asked of the factories at genesis: no protocol action deploys a pool.
fn factory_pools(w: &World) -> Value {
    let mut factory_pools: std::vec::Vec<String> = w.pools.iter().filter(|p| p.from_factory).map(|p| p.name.clone()).collect();
    factory_pools.sort();
    json!(factory_pools)
}

/// Wallets of the actors (users, dev_fund, filler_depositor, any other name an action used) and
/// of the pools; the backstops' own BLND and LP are in backstops.*.
fn wallets(w: &World, l: &Ledger) -> Value {
    wallets_of(&holders(w), |a| (sac_balance(l, &w.blnd, a), lp_balance(l, &w.comet, a)))
}

/// The holders `wallets` lists: the actors (by name), then the pools.
fn holders(w: &World) -> std::vec::Vec<(String, Address)> {
    let mut holders = w.names.actors();
    for p in w.pools.iter() {
        holders.push((p.name.clone(), p.addr.clone()));
    }
    holders
}

/// `wallets` of these holders, `balances` giving a holder's (BLND, LP) balances.
fn wallets_of(holders: &[(String, Address)], mut balances: impl FnMut(&Address) -> (i128, i128)) -> Value {
    let mut wb = Map::new();
    let mut wl = Map::new();
    for (name, a) in holders.iter() {
        let (b, x) = balances(a);
        if b != 0 {
            wb.insert(name.clone(), s(b));
        }
        if x != 0 {
            wl.insert(name.clone(), s(x));
        }
    }
    json!({ "blnd": keyed(wb), "lp": keyed(wl) })
}

/// A backstop's own fields, every one but `pools` (in the canonical order).
fn backstop_header(w: &World, l: &Ledger, bs: &Address) -> Map<String, Value> {
    let env = &w.env;
    let last: u64 = l.persistent(bs, &sym(w, "LastDist")).unwrap_or(0);
    let backfill: Option<bool> = l.persistent(bs, &sym(w, "Backfill"));
    let backfill_emis: i128 = l.persistent(bs, &sym(w, "BackfillEmis")).unwrap_or(0);
    let rz: Vec<Address> = l.persistent(bs, &sym(w, "RZ")).unwrap_or_else(|| Vec::new(env));
    let drop_list: Vec<(Address, i128)> = l.persistent(bs, &sym(w, "DropList")).unwrap_or_else(|| Vec::new(env));
    let mut m = Map::new();
    m.insert("last_distribution_time".into(), s(last));
    m.insert(
        "backfill_status".into(),
        match backfill {
            Some(b) => Value::Bool(b),
            None => Value::Null,
        },
    );
    m.insert("backfill_emissions".into(), s(backfill_emis));
    m.insert(
        "reward_zone".into(),
        json!(rz.iter().map(|a| w.names.name_of(&a)).collect::<std::vec::Vec<_>>()),
    );
    m.insert("blnd".into(), s(sac_balance(l, &w.blnd, bs)));
    m.insert("lp_tokens".into(), s(lp_balance(l, &w.comet, bs)));
    m.insert(
        "drop_list".into(),
        json!(drop_list
            .iter()
            .map(|(a, v)| json!([w.names.name_of(&a), s(v)]))
            .collect::<std::vec::Vec<_>>()),
    );
    m
}

/// A backstop's entry for one pool, or None when it is left out (nothing there).
fn backstop_pool(w: &World, l: &Ledger, bs_name: &str, bs: &Address, pool_name: &str) -> Option<Value> {
    let pool_addr = w.names.get(pool_name).cloned()?;
    let (mut m, head_empty) = backstop_pool_head(w, l, bs, &pool_addr);
    let mut users = Map::new();
    for (b, p, u) in w.bs_touched.iter() {
        if b != bs_name || p != pool_name {
            continue;
        }
        let Some(ua) = w.names.get(u).cloned() else { continue };
        if let Some(j) = backstop_pool_user(w, l, bs, &pool_addr, &ua) {
            users.insert(u.clone(), j);
        }
    }
    if head_empty && users.is_empty() {
        return None;
    }
    m.insert("users".into(), keyed(users));
    Some(Value::Object(m))
}

/// A backstop's entry for one pool but `users` (in the canonical order), and whether it holds
/// nothing (then, with no user, the entry is left out).
fn backstop_pool_head(w: &World, l: &Ledger, bs: &Address, pool_addr: &Address) -> (Map<String, Value>, bool) {
    let pb: Option<BsPoolBalance> = l.persistent(bs, &BackstopDataKey::PoolBalance(pool_addr.clone()));
    let rze: Option<BsRzEmissions> = l.persistent(bs, &BackstopDataKey::RzEmis(pool_addr.clone()));
    let ed: Option<BsEmissionData> = l.persistent(bs, &BackstopDataKey::BEmisData(pool_addr.clone()));
    let allowance = sac_allowance(l, &w.blnd, bs, pool_addr, w.sequence());
    let (sh, tk, qw) = pb.map(|b| (b.shares, b.tokens, b.q4w)).unwrap_or((0, 0, 0));
    let balance_zero = sh == 0 && tk == 0 && qw == 0;
    let rz_zero = rze.as_ref().map(|r| r.accrued == 0 && r.last_time == 0).unwrap_or(true);
    let empty = balance_zero && rz_zero && ed.is_none() && allowance == 0;
    let mut m = Map::new();
    m.insert("balance".into(), json!({ "shares": s(sh), "tokens": s(tk), "q4w": s(qw) }));
    m.insert(
        "rz_emissions".into(),
        match rze {
            Some(r) if !rz_zero => json!({ "accrued": s(r.accrued), "last_time": s(r.last_time) }),
            _ => Value::Null,
        },
    );
    m.insert(
        "emission_data".into(),
        match ed {
            Some(e) => json!({ "eps": s(e.eps), "expiration": s(e.expiration), "index": s(e.index), "last_time": s(e.last_time) }),
            None => Value::Null,
        },
    );
    m.insert("allowance".into(), s(allowance));
    (m, empty)
}

/// A user's entry in a backstop's record of a pool, or None when it is left out.
fn backstop_pool_user(w: &World, l: &Ledger, bs: &Address, pool_addr: &Address, ua: &Address) -> Option<Value> {
    let key = w.user_key(pool_addr, ua);
    let ub: Option<BsUserBalance> = l.persistent(bs, &BackstopDataKey::UserBalance(key.clone()));
    let ue: Option<EmisUserData> = l.persistent(bs, &BackstopDataKey::UEmisData(key));
    backstop_user_json(ub.as_ref(), ue.as_ref())
}

/// `"key":` as JSON text.
pub(crate) fn key_text(k: &str) -> String {
    format!("{}:", Value::String(k.to_string()))
}

/// Names in the canonical order of an object's keys (state_parts.rs `keyed`).
pub(crate) fn canonical_order(names: impl Iterator<Item = String>) -> std::vec::Vec<String> {
    // sorted and deduplicated as the keys of an object: the order is total on distinct names
    let mut v: std::vec::Vec<String> = names.collect();
    v.sort_by(|a, b| canonical_cmp(a, b));
    v.dedup();
    v
}

/// What a contract is to the state's sections.
enum Role {
    Backstop(String),
    Pool(String),
    Blnd,
    Comet,
}

fn addresses_in(v: &ScVal, out: &mut std::vec::Vec<ScAddress>) {
    match v {
        ScVal::Address(a) => out.push(a.clone()),
        ScVal::Vec(Some(items)) => items.iter().for_each(|x| addresses_in(x, out)),
        ScVal::Map(Some(m)) => m.iter().for_each(|e| {
            addresses_in(&e.key, out);
            addresses_in(&e.val, out);
        }),
        _ => {}
    }
}

fn same(a: &Option<(Rc<LedgerEntry>, Option<u32>)>, b: &Option<(Rc<LedgerEntry>, Option<u32>)>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some((ea, la)), Some((eb, lb))) => la == lb && Rc::ptr_eq(ea, eb),
        _ => false,
    }
}

/// The keys whose entry differs between two `host_entries` (sorted) reads.
pub(crate) fn changed_keys(before: &HostEntries, now: &HostEntries) -> std::vec::Vec<Rc<LedgerKey>> {
    let mut out = std::vec::Vec::new();
    merge_sorted(before, now, |k, b, n| match (b, n) {
        (Some(b), Some(n)) if same(b, n) => {}
        _ => out.push(k.clone()),
    });
    out
}

/// The state text of a generated world, kept between reads (see the module's comment).
#[derive(Default)]
pub struct StateCache {
    /// The host's entries at the last read; None: nothing kept.
    last: Option<HostEntries>,
    /// (names bound, backstop records touched, pool records touched) at the last read: within a
    /// sequence these only grow; a new name can add a holder to the wallets.
    marks: (usize, usize, usize),
    /// backstop -> its own fields' text (`backstop_header`, its closing brace left off): they are
    /// entries of the backstop whose key names no pool, and its BLND and LP balances; the names
    /// of the addresses in its reward zone and drop list are the names bound at the last read.
    backstop_heads: HashMap<String, String>,
    /// (backstop, pool) -> the entry's text but `users` (its closing brace left off), and whether
    /// it holds nothing (`backstop_pool_head`).
    backstop_pools: HashMap<(String, String), (String, bool)>,
    /// (backstop, pool, user) -> the user's entry's text, or None when it is left out.
    backstop_users: HashMap<(String, String, String), Option<String>>,
    /// pool -> its text but `users` (its closing brace left off).
    pools: HashMap<String, String>,
    /// (pool, user) -> the user's entry's text, or None when it is left out.
    pool_users: HashMap<(String, String), Option<String>>,
    wallets: Option<String>,
    /// The holders `wallets` lists, and how many names were bound when they were listed.
    holders: Option<(usize, std::vec::Vec<(String, Address)>)>,
    /// holder -> its (BLND, LP) balances: a balance is the token's `Balance(holder)` entry alone,
    /// so a changed entry of BLND or the comet drops the balances of the addresses its key names.
    balances: HashMap<ScAddress, (i128, i128)>,
    /// A snapshot world's (snapcache.rs).
    snap: crate::snapcache::SnapCache,
    /// Reads and the entries they found changed, for the bench (reads, fresh reads, keys changed).
    pub counts: (u64, u64, u64),
}

impl StateCache {
    /// Forget what is kept (a new world, or a restored one).
    pub fn clear(&mut self) {
        self.last = None;
        self.forget();
        self.snap.clear();
    }

    /// The state as canonical JSON text: `read_state`'s, read afresh when `fresh` (or when nothing
    /// is kept), else re-reading only the sections the entries changed since the last read touch.
    pub fn read(&mut self, w: &World, fresh: bool) -> String {
        if let Some(snap) = w.snap.as_ref() {
            // a snapshot world: its records are found by scanning storage (snapcache.rs)
            return self.snap.read(w, snap, fresh, &mut self.counts);
        }
        let now = host_entries(&w.env);
        let marks = (w.names.len(), w.bs_touched.len(), w.pool_touched.len());
        self.counts.0 += 1;
        let keep = !fresh && self.last.is_some();
        if !keep {
            self.counts.1 += 1;
            self.forget();
        } else {
            let changed = changed_keys(self.last.as_ref().unwrap(), &now);
            self.counts.2 += changed.len() as u64;
            self.invalidate(w, &changed);
            // a record newly touched is a user's entry not kept yet (read below); a new name can
            // be a new holder of BLND or LP
            if marks != self.marks {
                self.wallets = None;
            }
            if marks.0 != self.marks.0 {
                self.backstop_heads.clear();
            }
        }
        self.marks = marks;
        let l = match w.base.as_ref() {
            Some(base) => Ledger::over(&w.env, &now, base),
            None => Ledger::of(&w.env, &now),
        };
        self.last = Some(now);
        self.text(w, &l)
    }

    fn forget(&mut self) {
        self.backstop_pools.clear();
        self.backstop_users.clear();
        self.pools.clear();
        self.pool_users.clear();
        self.wallets = None;
        self.backstop_heads.clear();
        self.holders = None;
        self.balances.clear();
    }

    /// Drops what the changed entries can have moved: a key naming a user (a backstop's or a
    /// pool's record of that user) drops that user's entry alone; any other key of a backstop's
    /// record of a pool, or of a pool, drops that record's other fields.
    fn invalidate(&mut self, w: &World, changed: &[Rc<LedgerKey>]) {
        if changed.is_empty() {
            return;
        }
        let mut roles: BTreeMap<ScAddress, Role> = BTreeMap::new();
        for (n, a) in w.backstops.iter() {
            roles.insert(ScAddress::from(a), Role::Backstop(n.clone()));
        }
        for n in pool_names(w) {
            if let Some(a) = w.names.get(&n) {
                roles.insert(ScAddress::from(a), Role::Pool(n));
            }
        }
        roles.insert(ScAddress::from(&w.blnd), Role::Blnd);
        roles.insert(ScAddress::from(&w.comet), Role::Comet);
        // the users the backstops' and pools' records name
        let mut users: BTreeMap<ScAddress, String> = BTreeMap::new();
        for u in w.bs_touched.iter().map(|(_, _, u)| u).chain(w.pool_touched.iter().map(|(_, u)| u)) {
            if let Some(a) = w.names.get(u) {
                users.entry(ScAddress::from(a)).or_insert_with(|| u.clone());
            }
        }
        let mut addrs = std::vec::Vec::new();
        for k in changed {
            let LedgerKey::ContractData(cd) = k.as_ref() else { continue };
            let Some(role) = roles.get(&cd.contract) else { continue };
            addrs.clear();
            addresses_in(&cd.key, &mut addrs);
            let named = |want_pool: bool| -> std::vec::Vec<String> {
                addrs
                    .iter()
                    .filter_map(|a| match (roles.get(a), want_pool) {
                        (Some(Role::Pool(p)), true) => Some(p.clone()),
                        (Some(Role::Backstop(b)), false) => Some(b.clone()),
                        _ => None,
                    })
                    .collect()
            };
            // the touched users the key names (their entries go), and whether the key is a user's
            // record alone: it names a user that is no pool nor other contract of the world (a pool
            // can be an action's `from`), and nothing but such users and pools
            let named_users: std::vec::Vec<String> = addrs.iter().filter_map(|a| users.get(a).cloned()).collect();
            let plain_user = |a: &ScAddress| users.contains_key(a) && !roles.contains_key(a);
            let is_pool = |a: &ScAddress| matches!(roles.get(a), Some(Role::Pool(_)));
            let user_only = addrs.iter().any(plain_user) && addrs.iter().all(|a| plain_user(a) || is_pool(a));
            match role {
                // a backstop's record of a pool: the users the key names, and its other fields unless
                // the key is a user's record alone; the backstop's own fields (no pool in the key)
                // are read every time
                Role::Backstop(b) => {
                    let pools = named(true);
                    if pools.is_empty() {
                        self.backstop_heads.remove(b);
                    }
                    for p in pools {
                        for u in named_users.iter() {
                            self.backstop_users.remove(&(b.clone(), p.clone(), u.clone()));
                        }
                        if !user_only {
                            self.backstop_pools.remove(&(b.clone(), p));
                        }
                    }
                }
                // a pool: likewise, its users' entries (positions, emission records) and its other fields
                Role::Pool(p) => {
                    for u in named_users.iter() {
                        self.pool_users.remove(&(p.clone(), u.clone()));
                    }
                    if !user_only {
                        self.pools.remove(p);
                    }
                }
                // a BLND balance (wallets) or a backstop's allowance to a pool (that record's fields)
                Role::Blnd => {
                    self.wallets = None;
                    for a in addrs.iter() {
                        self.balances.remove(a);
                    }
                    for b in named(false) {
                        self.backstop_heads.remove(&b);
                        for p in named(true) {
                            self.backstop_pools.remove(&(b.clone(), p));
                        }
                    }
                }
                Role::Comet => {
                    self.wallets = None;
                    for a in addrs.iter() {
                        self.balances.remove(a);
                    }
                    for b in named(false) {
                        self.backstop_heads.remove(&b);
                    }
                }
            }
        }
    }

    fn text(&mut self, w: &World, l: &Ledger) -> String {
        let marks_names = w.names.len();
        let mut out = String::with_capacity(32 * 1024);
        out.push_str("{\"now\":");
        out.push_str(&s(w.env.ledger().timestamp()).to_string());
        out.push_str(",\"emitter\":");
        out.push_str(&emitter_state(w, l).to_string());
        out.push_str(",\"backstops\":{");
        let pool_names = canonical_order(pool_names(w).into_iter());
        let by_name: HashMap<&String, &Address> = w.backstops.iter().map(|(n, a)| (n, a)).collect();
        for (i, name) in canonical_order(w.backstops.iter().map(|(n, _)| n.clone())).iter().enumerate() {
            let addr = by_name[name];
            if i > 0 {
                out.push(',');
            }
            out.push_str(&key_text(name));
            if !self.backstop_heads.contains_key(name) {
                let head = Value::Object(backstop_header(w, l, addr)).to_string();
                self.backstop_heads.insert(name.clone(), head[..head.len() - 1].to_string());
            }
            out.push_str(&self.backstop_heads[name]);
            out.push_str(",\"pools\":{");
            let mut first = true;
            for p in pool_names.iter() {
                let Some(pool_addr) = w.names.get(p) else { continue };
                let k = (name.clone(), p.clone());
                if !self.backstop_pools.contains_key(&k) {
                    let (m, empty) = backstop_pool_head(w, l, addr, pool_addr);
                    let t = Value::Object(m).to_string();
                    self.backstop_pools.insert(k.clone(), (t[..t.len() - 1].to_string(), empty));
                }
                let touched = w
                    .bs_touched
                    .iter()
                    .filter(|(b, q, _)| b == name && q == p)
                    .map(|(_, _, u)| u.clone());
                let mut users = String::new();
                for u in canonical_order(touched) {
                    let ku = (name.clone(), p.clone(), u);
                    if !self.backstop_users.contains_key(&ku) {
                        let t = w
                            .names
                            .get(&ku.2)
                            .and_then(|ua| backstop_pool_user(w, l, addr, pool_addr, ua))
                            .map(|v| v.to_string());
                        self.backstop_users.insert(ku.clone(), t);
                    }
                    if let Some(t) = &self.backstop_users[&ku] {
                        if !users.is_empty() {
                            users.push(',');
                        }
                        users.push_str(&key_text(&ku.2));
                        users.push_str(t);
                    }
                }
                let (head, empty) = &self.backstop_pools[&k];
                if *empty && users.is_empty() {
                    continue;
                }
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(&key_text(p));
                out.push_str(head);
                out.push_str(",\"users\":{");
                out.push_str(&users);
                out.push_str("}}");
            }
            out.push_str("}}");
        }
        out.push_str("},\"pools\":{");
        let infos: HashMap<&String, &crate::world::PoolInfo> = w.pools.iter().map(|p| (&p.name, p)).collect();
        for (i, name) in canonical_order(w.pools.iter().map(|p| p.name.clone())).iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&key_text(name));
            let info = infos[name];
            if !self.pools.contains_key(name) {
                let t = Value::Object(pool_head(w, l, info)).to_string();
                self.pools.insert(name.clone(), t[..t.len() - 1].to_string());
            }
            out.push_str(&self.pools[name]);
            out.push_str(",\"users\":{");
            let touched = w.pool_touched.iter().filter(|(q, _)| q == name).map(|(_, u)| u.clone());
            let mut first = true;
            for u in canonical_order(touched) {
                let ku = (name.clone(), u);
                if !self.pool_users.contains_key(&ku) {
                    let t = w.names.get(&ku.1).and_then(|ua| pool_user(l, info, ua)).map(|v| v.to_string());
                    self.pool_users.insert(ku.clone(), t);
                }
                if let Some(t) = &self.pool_users[&ku] {
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    out.push_str(&key_text(&ku.1));
                    out.push_str(t);
                }
            }
            out.push_str("}}");
        }
        out.push_str("},\"comet\":");
        out.push_str(&comet_state(w, l).to_string());
        out.push_str(",\"factory_pools\":");
        out.push_str(&factory_pools(w).to_string());
        out.push_str(",\"wallets\":");
        if self.wallets.is_none() {
            if self.holders.as_ref().map(|(n, _)| *n) != Some(marks_names) {
                self.holders = Some((marks_names, holders(w)));
            }
            let balances = &mut self.balances;
            let text = wallets_of(&self.holders.as_ref().unwrap().1, |a| {
                *balances
                    .entry(ScAddress::from(a))
                    .or_insert_with(|| (sac_balance(l, &w.blnd, a), lp_balance(l, &w.comet, a)))
            })
            .to_string();
            self.wallets = Some(text);
        }
        out.push_str(self.wallets.as_ref().unwrap());
        out.push('}');
        out
    }
}

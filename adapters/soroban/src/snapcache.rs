//! The state text of a snapshot world kept between reads (state.rs `StateCache` for a generated
//! world): what `snapstate::read_state` answers, byte for byte, while reading again only what the
//! step's ledger changes touch (its footprint: the keys whose entry or TTL in the host's map
//! differs from the last read's, `state::changed_keys`).
//!
//! A snapshot backstop's records are found by scanning its storage (snapstate.rs), so they are kept
//! decoded (`BsRecords`, one per backstop) and each changed key of a backstop is decoded again
//! alone (`BsRecords::apply`, the same code the full read's scan runs): a `UserBalance` or
//! `UEmisData` of {pool, user} drops that user's text in that pool's record; a `PoolBalance`,
//! `PoolEmis` / `RzEmis`, `BEmisCfg` or `BEmisData` of a pool drops that record's text but its
//! users; the backstop's own fields (`LastDist`, `RZ`, `DropList`, `LPTknVal`, ...) and its BLND
//! and LP balances are written every read from the kept records and two lookups. A changed BLND
//! `Allowance` reads the allowances again (a backstop's allowance to a pool is in that pool's
//! record; the record's text is kept with the allowance it was written with); any changed key of
//! BLND or of the Comet, or a newly bound name (a new holder), drops the wallets. The emitter, the
//! pools, the Comet and `factory_pools` (a few entries) are read every time.
//!
//! Names: a record's user and pool names are the names bound to the addresses its key holds, or
//! their strkeys. A name bound later does not rename a record kept: a snapshot world binds the
//! snapshot's users, pools and contracts at `init` (snapworld.rs), a strkey a step names is bound
//! to itself (world.rs `addr`), and any other new name is a fresh address no record holds.
//!
//! A `fresh` read (`state` with `fresh: true`), the first read after `init` or a restore, reads
//! everything (the scan of every backstop's storage). `examples/direct_bench.rs` with
//! `BENCH_VERIFY=1` compares every kept text with a full read (`Driver::state`).

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;
use soroban_sdk::xdr::{ContractDataDurability, LedgerKey, ScAddress};

use crate::snapshot::key_name;
use crate::snapstate::{blnd_allowances, factory_pools, pools, wallets, BsRecords, Section};
use crate::state::{canonical_order, changed_keys, key_text};
use crate::state_parts::{backstop_user_json, comet_state, emitter_state, s};
use crate::store::{host_entries, HostEntries, Ledger};
use crate::world::{SnapInfo, World};

/// BLND allowances by owner name, then spender name (snapstate.rs `blnd_allowances`).
type Allowances = BTreeMap<String, BTreeMap<String, i128>>;

/// A snapshot world's state text, kept between reads (see the module's comment).
#[derive(Default)]
pub struct SnapCache {
    /// The host's entries at the last read; None: nothing kept.
    last: Option<HostEntries>,
    /// Names bound at the last read (a new one can be a new holder in the wallets).
    names: usize,
    /// backstop name -> its records, decoded.
    records: HashMap<String, BsRecords>,
    allowances: Option<Allowances>,
    /// (backstop, pool) -> (the allowance it was written with, the record's text but `users` (its
    /// closing brace left off), whether it holds nothing).
    heads: HashMap<(String, String), (i128, String, bool)>,
    /// (backstop, pool, user) -> the user's text, or None when it is left out.
    users: HashMap<(String, String, String), Option<String>>,
    wallets: Option<String>,
}

impl SnapCache {
    /// Forget what is kept (a new world, or a restored one).
    pub fn clear(&mut self) {
        self.last = None;
        self.forget();
    }

    fn forget(&mut self) {
        self.records.clear();
        self.allowances = None;
        self.heads.clear();
        self.users.clear();
        self.wallets = None;
    }

    /// The state as canonical JSON text (`snapstate::read_state`'s), read in full when `fresh` or
    /// when nothing is kept. `counts`: (reads, read in full, keys found changed), added to.
    pub fn read(&mut self, w: &World, snap: &SnapInfo, fresh: bool, counts: &mut (u64, u64, u64)) -> String {
        let now = host_entries(&w.env);
        let l = match w.base.as_ref() {
            Some(base) => Ledger::over(&w.env, &now, base),
            None => Ledger::of(&w.env, &now),
        };
        counts.0 += 1;
        match self.last.as_ref() {
            Some(last) if !fresh => {
                let changed = changed_keys(last, &now);
                counts.2 += changed.len() as u64;
                self.update(w, &l, &changed);
                if w.names.len() != self.names {
                    self.wallets = None;
                }
            }
            _ => {
                counts.1 += 1;
                self.forget();
                for (name, addr) in w.backstops.iter() {
                    self.records
                        .insert(name.clone(), BsRecords::scan(w, &l, addr, w.is_v1_backstop(name)));
                }
            }
        }
        self.names = w.names.len();
        self.last = Some(now);
        self.text(w, snap, &l)
    }

    /// Applies the changed keys to the kept records and drops the texts they touch.
    fn update(&mut self, w: &World, l: &Ledger, changed: &[std::rc::Rc<LedgerKey>]) {
        let blnd = ScAddress::from(&w.blnd);
        let comet = ScAddress::from(&w.comet);
        let backstops: std::vec::Vec<(ScAddress, &String, bool)> = w
            .backstops
            .iter()
            .map(|(n, a)| (ScAddress::from(a), n, w.is_v1_backstop(n)))
            .collect();
        for k in changed {
            let LedgerKey::ContractData(cd) = k.as_ref() else { continue };
            if let Some((_, name, v1)) = backstops.iter().find(|(a, _, _)| *a == cd.contract) {
                let rec = self.records.entry((*name).clone()).or_default();
                match rec.apply(w, l, *v1, &cd.key, cd.durability, l.data(k)) {
                    Section::Pool(p) => {
                        self.heads.remove(&((*name).clone(), p));
                    }
                    Section::User(p, u) => {
                        self.users.remove(&((*name).clone(), p, u));
                    }
                    // written every read
                    Section::Head | Section::Other => {}
                }
            } else if cd.contract == blnd {
                self.wallets = None;
                let allowance =
                    cd.durability == ContractDataDurability::Temporary && key_name(&cd.key).is_some_and(|(n, _)| n == "Allowance");
                if allowance {
                    self.allowances = None;
                }
            } else if cd.contract == comet {
                self.wallets = None;
            }
        }
    }

    fn text(&mut self, w: &World, snap: &SnapInfo, l: &Ledger) -> String {
        let mut out = String::with_capacity(64 * 1024);
        out.push_str("{\"now\":");
        out.push_str(&s(w.env.ledger().timestamp()).to_string());
        out.push_str(",\"emitter\":");
        out.push_str(&emitter_state(w, l).to_string());
        out.push_str(",\"backstops\":{");
        let allowances = self.allowances.get_or_insert_with(|| blnd_allowances(w, l, snap.sequence));
        let by_name: HashMap<&String, &soroban_sdk::Address> = w.backstops.iter().map(|(n, a)| (n, a)).collect();
        for (i, name) in canonical_order(w.backstops.iter().map(|(n, _)| n.clone())).iter().enumerate() {
            let addr = by_name[name];
            let rec = self.records.entry(name.clone()).or_default();
            let allow = allowances.get(&w.names.name_of(addr));
            // an allowance to an address with no other record is a pool entry of its own
            if let Some(a) = allow {
                for spender in a.keys() {
                    rec.pools.entry(spender.clone()).or_default();
                }
            }
            if i > 0 {
                out.push(',');
            }
            out.push_str(&key_text(name));
            let head = Value::Object(rec.head(w, l, addr)).to_string();
            out.push_str(&head[..head.len() - 1]);
            out.push_str(",\"pools\":{");
            let mut first = true;
            for p in canonical_order(rec.pools.keys().cloned()) {
                let records = &rec.pools[&p];
                let allowance = allow.and_then(|a| a.get(&p)).copied().unwrap_or(0);
                let kh = (name.clone(), p.clone());
                if self.heads.get(&kh).is_none_or(|(a, _, _)| *a != allowance) {
                    let (m, empty) = records.head(allowance);
                    let t = Value::Object(m).to_string();
                    self.heads.insert(kh.clone(), (allowance, t[..t.len() - 1].to_string(), empty));
                }
                let mut users = String::new();
                for u in canonical_order(records.users.keys().cloned()) {
                    let kt = key_text(&u);
                    let ku = (name.clone(), p.clone(), u);
                    let t = self.users.entry(ku).or_insert_with_key(|ku| {
                        let (ub, ue) = &records.users[&ku.2];
                        backstop_user_json(ub.as_ref(), ue.as_ref()).map(|v| v.to_string())
                    });
                    if let Some(t) = t {
                        if !users.is_empty() {
                            users.push(',');
                        }
                        users.push_str(&kt);
                        users.push_str(t);
                    }
                }
                let (_, head, empty) = &self.heads[&kh];
                if *empty && users.is_empty() {
                    continue;
                }
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(&key_text(&p));
                out.push_str(head);
                out.push_str(",\"users\":{");
                out.push_str(&users);
                out.push_str("}}");
            }
            out.push('}');
            if let Some(v) = rec.lp_token_val() {
                out.push_str(",\"lp_token_val\":");
                out.push_str(&v.to_string());
            }
            out.push('}');
        }
        out.push_str("},\"pools\":");
        out.push_str(&pools(w, l, snap).to_string());
        out.push_str(",\"comet\":");
        out.push_str(&comet_state(w, l).to_string());
        out.push_str(",\"factory_pools\":");
        out.push_str(&factory_pools(w, snap).to_string());
        out.push_str(",\"wallets\":");
        if self.wallets.is_none() {
            self.wallets = Some(wallets(w, l, snap).to_string());
        }
        out.push_str(self.wallets.as_ref().unwrap());
        out.push('}');
        out
    }
}

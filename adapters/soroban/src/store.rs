//! Reads of contract storage straight from the host's ledger, without a contract frame.
//!
//! Every top-level invocation in the test host, `Env::as_contract` included, snapshots the whole
//! storage for its resource metering, and each metered storage read records a footprint entry
//! and compares keys under the budget; reading the state that way (~600 getter calls or frames)
//! cost ~27 ms. Instead the state is read from one copy of the ledger's entries per `state`
//! request, indexed by ledger key.

use std::rc::Rc;

use soroban_sdk::{
    xdr::{ContractDataDurability, LedgerEntry, LedgerEntryData, LedgerKey, LedgerKeyContractData, ScAddress, ScVal},
    Address, Env, IntoVal, Symbol, TryFromVal, Val,
};

/// The ledger's contract-data entries at one moment: the host's (sorted by key, looked up by binary
/// search; `None` where the host holds the key as absent) over a base's when the world has one
/// (looked up in the base when the host does not hold the key), as `Ledger::over` describes.
pub struct Ledger {
    env: Env,
    entries: std::vec::Vec<(Rc<LedgerKey>, Option<Rc<LedgerEntry>>)>,
    base: Option<Rc<crate::snapshot::Snapshot>>,
}

/// The host's entries as it holds them: each key with its entry and TTL, or `None` where the host
/// holds the key as absent (deleted, or looked up and not found).
pub type HostEntries = std::vec::Vec<(Rc<LedgerKey>, HostValue)>;

/// A key's value in the host: its entry and TTL, or `None` (held as absent).
pub type HostValue = Option<(Rc<LedgerEntry>, Option<u32>)>;

/// Walks two sorted entry lists side by side (`host_entries`' order), calling `f` once per key with
/// its value in `a` and in `b` (`None`: the list does not hold the key). Keys that are the same `Rc`
/// are matched without comparing them.
pub fn merge_sorted(
    a: &[(Rc<LedgerKey>, HostValue)],
    b: &[(Rc<LedgerKey>, HostValue)],
    mut f: impl FnMut(&Rc<LedgerKey>, Option<&HostValue>, Option<&HostValue>),
) {
    use std::cmp::Ordering;
    let (mut i, mut j) = (0usize, 0usize);
    while i < a.len() || j < b.len() {
        let ord = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if Rc::ptr_eq(&x.0, &y.0) => Ordering::Equal,
            (Some(x), Some(y)) => x.0.cmp(&y.0),
            (Some(_), None) => Ordering::Less,
            (None, _) => Ordering::Greater,
        };
        match ord {
            Ordering::Equal => {
                f(&a[i].0, Some(&a[i].1), Some(&b[j].1));
                i += 1;
                j += 1;
            }
            Ordering::Less => {
                f(&a[i].0, Some(&a[i].1), None);
                i += 1;
            }
            Ordering::Greater => {
                f(&b[j].0, None, Some(&b[j].1));
                j += 1;
            }
        }
    }
}

/// The host's entries, sorted by Rust's `Ord` of their keys (the host keeps them sorted by its own
/// comparison, which orders them alike; sorted here when it does not).
pub fn host_entries(env: &Env) -> HostEntries {
    use std::sync::atomic::{AtomicBool, Ordering};
    // checked on the first read of the process (comparing every key costs more than the rest of a
    // state read), then trusted
    static SAME_ORDER: AtomicBool = AtomicBool::new(false);
    let mut v = env.host().get_stored_entries().unwrap_or_default();
    if !SAME_ORDER.load(Ordering::Relaxed) {
        if v.windows(2).all(|w| w[0].0 < w[1].0) {
            SAME_ORDER.store(true, Ordering::Relaxed);
        } else {
            v.sort_by(|a, b| a.0.cmp(&b.0));
        }
    }
    v
}

impl Ledger {
    pub fn take(env: &Env) -> Ledger {
        Ledger::of(env, &host_entries(env))
    }

    /// The contract-data entries of `entries` (`host_entries`), without the absent ones.
    pub fn of(env: &Env, entries: &HostEntries) -> Ledger {
        let entries = entries
            .iter()
            .filter_map(|(k, v)| match (k.as_ref(), v) {
                (LedgerKey::ContractData(_), Some((le, _))) => Some((k.clone(), Some(le.clone()))),
                _ => None,
            })
            .collect();
        Ledger {
            env: env.clone(),
            entries,
            base: None,
        }
    }

    /// The host's entries (as `host_entries` gave them, sorted) over a base's (world.rs
    /// `World::base`: the host holds only the entries a call has read or written since its env
    /// began and loads the rest lazily from the base): a key the host holds is the host's (absent
    /// when the host holds it as absent), any other the base's. The base is not copied: a lookup
    /// tries the host's entries, then the base's (merging the two on every read cost more than the
    /// lookups of a state read).
    pub fn over(env: &Env, host: &HostEntries, base: &Rc<crate::snapshot::Snapshot>) -> Ledger {
        let entries = host
            .iter()
            .filter(|(k, _)| matches!(k.as_ref(), LedgerKey::ContractData(_)))
            .map(|(k, v)| (k.clone(), v.as_ref().map(|(le, _)| le.clone())))
            .collect();
        Ledger {
            env: env.clone(),
            entries,
            base: Some(base.clone()),
        }
    }

    /// The entry under a contract-data key (None: absent).
    fn lookup(&self, key: &LedgerKey) -> Option<&LedgerEntry> {
        if !matches!(key, LedgerKey::ContractData(_)) {
            return None;
        }
        match self.entries.binary_search_by(|(k, _)| k.as_ref().cmp(key)) {
            Ok(i) => self.entries[i].1.as_deref(),
            Err(_) => self.base.as_ref()?.entries.get(key).map(|(le, _)| le.as_ref()),
        }
    }

    /// Every contract-data entry present, sorted by key: the host's over the base's.
    fn merged(&self) -> std::vec::Vec<(&LedgerKey, &LedgerEntry)> {
        use std::cmp::Ordering;
        let Some(base) = self.base.as_ref() else {
            return self.entries.iter().filter_map(|(k, e)| Some((k.as_ref(), e.as_deref()?))).collect();
        };
        let is_data = |k: &LedgerKey| matches!(k, LedgerKey::ContractData(_));
        let mut out = std::vec::Vec::with_capacity(base.entries.len() + self.entries.len());
        let mut snap = base.entries.iter().filter(|(k, _)| is_data(k)).peekable();
        let mut ours = self.entries.iter().peekable();
        loop {
            let ord = match (snap.peek(), ours.peek()) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some((a, _)), Some((b, _))) => a.as_ref().cmp(b.as_ref()),
            };
            if ord == Ordering::Less {
                let (k, (le, _)) = snap.next().unwrap();
                out.push((k.as_ref(), le.as_ref()));
                continue;
            }
            if ord == Ordering::Equal {
                snap.next();
            }
            let (k, v) = ours.next().unwrap();
            if let Some(le) = v {
                out.push((k.as_ref(), le.as_ref()));
            }
        }
        out
    }

    /// The value of a contract-data entry by its ledger key (None: absent).
    pub fn data(&self, key: &LedgerKey) -> Option<&ScVal> {
        match &self.lookup(key)?.data {
            LedgerEntryData::ContractData(cd) => Some(&cd.val),
            _ => None,
        }
    }

    /// Every contract-data entry of `contract`: (key, durability, value).
    pub fn entries_of<'a>(&'a self, contract: &Address) -> std::vec::Vec<(&'a ScVal, ContractDataDurability, &'a ScVal)> {
        let c = ScAddress::from(contract);
        self.merged()
            .into_iter()
            .filter_map(|(k, e)| match (k, &e.data) {
                (LedgerKey::ContractData(lk), LedgerEntryData::ContractData(cd)) if lk.contract == c => {
                    Some((&lk.key, lk.durability, &cd.val))
                }
                _ => None,
            })
            .collect()
    }

    /// An ScVal decoded as a contract type.
    pub fn value<V: TryFromVal<Env, Val>>(&self, sc: &ScVal) -> Option<V> {
        self.decode(sc)
    }

    fn entry(&self, contract: &Address, key: ScVal, durability: ContractDataDurability) -> Option<ScVal> {
        let contract = ScAddress::from(contract);
        let lk = LedgerKey::ContractData(LedgerKeyContractData { contract, key, durability });
        match &self.lookup(&lk)?.data {
            LedgerEntryData::ContractData(cd) => Some(cd.val.clone()),
            _ => None,
        }
    }

    fn decode<V: TryFromVal<Env, Val>>(&self, sc: &ScVal) -> Option<V> {
        let v = Val::try_from_val(&self.env, sc).ok()?;
        V::try_from_val(&self.env, &v).ok()
    }

    fn get<K: IntoVal<Env, Val>, V: TryFromVal<Env, Val>>(
        &self,
        contract: &Address,
        key: &K,
        durability: ContractDataDurability,
    ) -> Option<V> {
        let kv: Val = key.into_val(&self.env);
        let ks = ScVal::try_from_val(&self.env, &kv).ok()?;
        self.decode(&self.entry(contract, ks, durability)?)
    }

    /// A persistent entry of `contract`.
    pub fn persistent<K: IntoVal<Env, Val>, V: TryFromVal<Env, Val>>(&self, contract: &Address, key: &K) -> Option<V> {
        self.get(contract, key, ContractDataDurability::Persistent)
    }

    /// A temporary entry of `contract`.
    pub fn temporary<K: IntoVal<Env, Val>, V: TryFromVal<Env, Val>>(&self, contract: &Address, key: &K) -> Option<V> {
        self.get(contract, key, ContractDataDurability::Temporary)
    }

    /// An instance-storage entry of `contract`, keyed by a symbol.
    pub fn instance<V: TryFromVal<Env, Val>>(&self, contract: &Address, key: &str) -> Option<V> {
        self.instance_key(contract, &Symbol::new(&self.env, key))
    }

    /// An instance-storage entry of `contract` under any key (e.g. a `#[contracttype]` enum variant).
    pub fn instance_key<K: IntoVal<Env, Val>, V: TryFromVal<Env, Val>>(&self, contract: &Address, key: &K) -> Option<V> {
        let inst = self.entry(contract, ScVal::LedgerKeyContractInstance, ContractDataDurability::Persistent)?;
        let ScVal::ContractInstance(ci) = inst else { return None };
        let kv: Val = key.into_val(&self.env);
        let ks = ScVal::try_from_val(&self.env, &kv).ok()?;
        let map = ci.storage?;
        let found = map.0.iter().find(|e| e.key == ks)?;
        self.decode(&found.val)
    }
}

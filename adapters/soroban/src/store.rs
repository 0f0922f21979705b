//! Reads of contract storage straight from the host's ledger, without a contract frame.
//!
//! Every top-level invocation in the test host, `Env::as_contract` included, snapshots the whole
//! storage for its resource metering, and each metered storage read records a footprint entry
//! and compares keys under the budget; reading the state that way (~600 getter calls or frames)
//! cost ~27 ms. Instead the state is read from one copy of the ledger's entries per `state`
//! request, indexed by ledger key.

use std::collections::BTreeMap;
use std::rc::Rc;

use soroban_sdk::{
    xdr::{ContractDataDurability, LedgerEntry, LedgerEntryData, LedgerKey, LedgerKeyContractData, ScAddress, ScVal},
    Address, Env, IntoVal, Symbol, TryFromVal, Val,
};

/// The ledger's contract-data entries at one moment.
pub struct Ledger {
    env: Env,
    map: BTreeMap<Rc<LedgerKey>, Rc<LedgerEntry>>,
}

impl Ledger {
    pub fn take(env: &Env) -> Ledger {
        Ledger::take_over(env, None)
    }

    /// The host's entries over a snapshot's: the host holds only the entries a call has read or
    /// written since the world began (a snapshot world loads the rest lazily); an entry the host
    /// holds as deleted is absent.
    pub fn take_over(env: &Env, base: Option<&crate::snapshot::Snapshot>) -> Ledger {
        let mut map = BTreeMap::new();
        if let Some(snap) = base {
            for (k, (le, _)) in snap.entries.iter() {
                if let LedgerKey::ContractData(_) = k.as_ref() {
                    map.insert(k.clone(), le.clone());
                }
            }
        }
        if let Ok(entries) = env.host().get_stored_entries() {
            for (k, v) in entries {
                if let LedgerKey::ContractData(_) = k.as_ref() {
                    match v {
                        Some((le, _)) => {
                            map.insert(k, le);
                        }
                        None => {
                            map.remove(&k);
                        }
                    }
                }
            }
        }
        Ledger { env: env.clone(), map }
    }

    /// Every contract-data entry of `contract`: (key, durability, value).
    pub fn entries_of<'a>(&'a self, contract: &Address) -> std::vec::Vec<(&'a ScVal, ContractDataDurability, &'a ScVal)> {
        let c = ScAddress::from(contract);
        self.map
            .iter()
            .filter_map(|(k, e)| match (k.as_ref(), &e.data) {
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
        let lk = Rc::new(LedgerKey::ContractData(LedgerKeyContractData { contract, key, durability }));
        match &self.map.get(&lk)?.data {
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

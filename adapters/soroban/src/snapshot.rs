//! A Soroban ledger snapshot (the JSON of `stellar snapshot create`, which soroban-sdk's
//! `Env::from_ledger_snapshot_file` reads) as the source of a host: the real v1 contracts' code
//! and storage at one mainnet ledger.
//!
//! The file is read with `soroban-ledger-snapshot` (the crate behind `from_ledger_snapshot_file`,
//! the version Cargo.lock pins), so it is read exactly as the SDK reads it: the tuple form
//! `[[key, [entry, live_until]], ...]` that `stellar snapshot create` writes, and the newer
//! `[{entry, live_until}]` form. `from_ledger_snapshot_file` itself panics on a bad file and
//! takes the snapshot's protocol version as the host's; this module reports a bad file as one line
//! and indexes the entries by key (the SDK's own source searches them linearly).
//!
//! The one thing that differs from the file: a snapshot of protocol 22 (the mainnet one is) is run
//! at the host's own protocol (25 for soroban-env-host 25): the host refuses ledgers older than its
//! minimum supported protocol. The contracts' WASM is the snapshot's own.

use std::collections::BTreeMap;
use std::rc::Rc;

use soroban_ledger_snapshot::LedgerSnapshot;

use crate::driver_error::DriverError;
use soroban_sdk::testutils::{HostError, SnapshotSource};
use soroban_sdk::xdr::{ContractDataDurability, LedgerEntry, LedgerEntryData, LedgerKey, ScAddress, ScVal};

/// The entries of a snapshot, by key, and its ledger header.
pub struct Snapshot {
    pub path: String,
    pub protocol_version: u32,
    pub sequence_number: u32,
    pub timestamp: u64,
    pub network_id: [u8; 32],
    pub base_reserve: u32,
    pub min_persistent_entry_ttl: u32,
    pub min_temp_entry_ttl: u32,
    pub max_entry_ttl: u32,
    pub entries: BTreeMap<Rc<LedgerKey>, (Rc<LedgerEntry>, Option<u32>)>,
}

impl SnapshotSource for Snapshot {
    fn get(&self, key: &Rc<LedgerKey>) -> Result<Option<(Rc<LedgerEntry>, Option<u32>)>, HostError> {
        Ok(self.entries.get(key).map(|(e, l)| (e.clone(), *l)))
    }
}

/// The first line of an error, without the trailing detail serde adds.
fn one_line(s: &str) -> String {
    s.split('\n').next().unwrap_or("").trim().to_string()
}

impl Snapshot {
    /// Read and index a snapshot file. Every problem is one line: `snapshot PATH: ...`.
    pub fn load(path: &str) -> Result<Snapshot, DriverError> {
        let problem = |what: String| DriverError::snapshot(path, what);
        let meta = std::fs::metadata(path).map_err(|e| problem(format!("cannot read ({})", one_line(&e.to_string()))))?;
        if meta.is_dir() {
            return Err(problem("is a directory, not a snapshot file".into()));
        }
        let snap = LedgerSnapshot::read_file(path).map_err(|e| match e {
            soroban_ledger_snapshot::Error::Io(io) => problem(format!("cannot read ({})", one_line(&io.to_string()))),
            soroban_ledger_snapshot::Error::Serde(se) => {
                let what = if se.is_syntax() || se.is_eof() {
                    "not JSON"
                } else {
                    "not a Soroban ledger snapshot"
                };
                problem(format!("{what} ({})", one_line(&se.to_string())))
            }
        })?;
        let mut entries = BTreeMap::new();
        for (k, (e, live)) in snap.ledger_entries.into_iter() {
            entries.insert(Rc::new(*k), (Rc::new(*e), live));
        }
        if entries.is_empty() {
            return Err(problem("ledger_entries is empty".into()));
        }
        Ok(Snapshot {
            path: path.to_string(),
            protocol_version: snap.protocol_version,
            sequence_number: snap.sequence_number,
            timestamp: snap.timestamp,
            network_id: snap.network_id,
            base_reserve: snap.base_reserve,
            min_persistent_entry_ttl: snap.min_persistent_entry_ttl,
            min_temp_entry_ttl: snap.min_temp_entry_ttl,
            max_entry_ttl: snap.max_entry_ttl,
            entries,
        })
    }

    /// Every contract-data entry: (contract, key, durability, value).
    pub fn contract_data(&self) -> impl Iterator<Item = (&ScAddress, &ScVal, ContractDataDurability, &ScVal)> {
        self.entries.iter().filter_map(|(k, (e, _))| match (k.as_ref(), &e.data) {
            (LedgerKey::ContractData(lk), LedgerEntryData::ContractData(cd)) => Some((&lk.contract, &lk.key, lk.durability, &cd.val)),
            _ => None,
        })
    }

    /// A contract's instance storage, if the snapshot holds the instance: symbol key -> value.
    pub fn instance(&self, contract: &ScAddress) -> Option<BTreeMap<String, ScVal>> {
        for (c, k, _, v) in self.contract_data() {
            if c != contract || *k != ScVal::LedgerKeyContractInstance {
                continue;
            }
            let ScVal::ContractInstance(ci) = v else { return None };
            let mut out = BTreeMap::new();
            if let Some(m) = &ci.storage {
                for e in m.0.iter() {
                    let name = match &e.key {
                        ScVal::Symbol(s) => s.to_utf8_string_lossy(),
                        // a `#[contracttype]` unit variant key: `[Symbol]`
                        ScVal::Vec(Some(v)) if v.0.len() == 1 => match &v.0[0] {
                            ScVal::Symbol(s) => s.to_utf8_string_lossy(),
                            _ => continue,
                        },
                        _ => continue,
                    };
                    out.insert(name, e.val.clone());
                }
            }
            return Some(out);
        }
        None
    }
}

/// The symbol a storage key starts with (`"RZ"`, `["PoolBalance", pool]` -> `PoolBalance`) and its
/// arguments.
pub fn key_name(key: &ScVal) -> Option<(String, &[ScVal])> {
    match key {
        ScVal::Symbol(s) => Some((s.to_utf8_string_lossy(), &[])),
        ScVal::Vec(Some(v)) if !v.0.is_empty() => match &v.0[0] {
            ScVal::Symbol(s) => Some((s.to_utf8_string_lossy(), &v.0[1..])),
            _ => None,
        },
        _ => None,
    }
}

/// An address value.
pub fn as_address(v: &ScVal) -> Option<&ScAddress> {
    match v {
        ScVal::Address(a) => Some(a),
        _ => None,
    }
}

/// A field of a `#[contracttype]` struct value (an ScMap keyed by field-name symbols).
pub fn field<'a>(v: &'a ScVal, name: &str) -> Option<&'a ScVal> {
    let ScVal::Map(Some(m)) = v else { return None };
    m.0.iter()
        .find(|e| matches!(&e.key, ScVal::Symbol(s) if s.to_utf8_string_lossy() == name))
        .map(|e| &e.val)
}

/// The strkey of an address (`G...` or `C...`).
pub fn strkey(a: &ScAddress) -> String {
    a.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str, text: &str) -> String {
        let dir = std::env::temp_dir().join(format!("blend-harness-snapshot-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    }

    #[test]
    fn bad_files_are_one_line() {
        let missing = Snapshot::load("/nonexistent/snapshot.json").err().unwrap().to_string();
        assert!(missing.starts_with("snapshot /nonexistent/snapshot.json: cannot read"), "{missing}");
        let not_json = Snapshot::load(&tmp("a.json", "{ not json")).err().unwrap().to_string();
        assert!(not_json.contains(": not JSON ("), "{not_json}");
        let wrong = Snapshot::load(&tmp("b.json", r#"{"protocol_version": 22, "ledger_entries": 3}"#))
            .err()
            .unwrap()
            .to_string();
        assert!(wrong.contains(": not a Soroban ledger snapshot ("), "{wrong}");
        let dir = Snapshot::load(&std::env::temp_dir().to_string_lossy()).err().unwrap().to_string();
        assert!(dir.contains("is a directory"), "{dir}");
        for e in [missing, not_json, wrong, dir] {
            assert!(!e.contains('\n'), "{e}");
        }
    }
}

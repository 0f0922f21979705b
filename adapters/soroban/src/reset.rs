//! Genesis once per driver process: the world as `init` left it (a `Baseline`), restored before
//! each later sequence of the same `init` instead of deploying everything again.
//!
//! What a sequence can change, and how each is put back:
//! - **the ledger entries** (every contract's storage, balances, nonces): the host holds them in one
//!   sorted map of `Rc`'d entries, which a write replaces (a new `Rc`) and a rolled-back call puts
//!   back as it was. The entries now are walked beside those of the baseline; an entry whose `Rc`
//!   or TTL differs, or that the baseline did not hold, is written back to its baseline value
//!   (`Host::setup_storage_entry`; `None` for an entry the baseline did not hold, which the host
//!   reads as absent, as it does an entry it looked up and did not find; in a snapshot world, the
//!   snapshot's own entry, which the host would otherwise have loaded lazily);
//! - **the ledger info** (the timestamp `advance_time` moves): set back;
//! - **what the driver keeps beside the host** (names bound by actions, the records a sequence may
//!   have touched, the emitter's token names): cloned back.
//!
//! The host's events and budget are reset by the host itself at the start of every top-level
//! invocation, and the authorization manager stays in `mock_all_auths` recording mode, which keeps
//! nothing between invocations (the nonces it consumes are ledger entries, restored above).
//! Measured (docs/performance.md): a restore costs well under a millisecond where the v2 genesis
//! costs ~0.2-0.4 s. `src/tests/reset.rs` holds a restored world's state equal to a fresh genesis's,
//! reply for reply, over sequences that move every kind of record.

use std::collections::BTreeSet;
use std::rc::Rc;

use soroban_env_host::storage::AccessType;
use soroban_sdk::testutils::{Ledger as _, LedgerInfo};
use soroban_sdk::xdr::{LedgerEntry, LedgerKey};

use crate::driver_error::DriverError;
use crate::names::Names;
use crate::store::{host_entries, merge_sorted};
use crate::world::World;

type Value = Option<(Rc<LedgerEntry>, Option<u32>)>;
type Entry = (Rc<LedgerKey>, Value);

/// A world's state right after `init`.
pub struct Baseline {
    /// The host's ledger entries, sorted by key.
    entries: std::vec::Vec<Entry>,
    ledger: LedgerInfo,
    names: Names,
    bs_touched: BTreeSet<(String, String, String)>,
    pool_touched: BTreeSet<(String, String)>,
    emitter_token_name: String,
    queued_token_name: Option<String>,
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some((ea, la)), Some((eb, lb))) => la == lb && (Rc::ptr_eq(ea, eb) || ea == eb),
        _ => false,
    }
}

fn sorted(mut v: std::vec::Vec<Entry>) -> std::vec::Vec<Entry> {
    // the host keeps them sorted by its own comparison of keys; walked here by Rust's `Ord`, which
    // orders them alike in every case measured (checked, and sorted when it does not)
    if !v.windows(2).all(|w| w[0].0 < w[1].0) {
        v.sort_by(|a, b| a.0.cmp(&b.0));
    }
    v
}

impl Baseline {
    /// The world as it is now (right after `init`).
    pub fn take(w: &World) -> Result<Baseline, DriverError> {
        let entries = w
            .env
            .host()
            .get_stored_entries()
            .map_err(|e| DriverError::Genesis(format!("reading the ledger entries after genesis: {e:?}")))?;
        Ok(Baseline {
            entries: sorted(entries),
            ledger: w.env.ledger().get(),
            names: w.names.clone(),
            bs_touched: w.bs_touched.clone(),
            pool_touched: w.pool_touched.clone(),
            emitter_token_name: w.emitter_token_name.clone(),
            queued_token_name: w.queued_token_name.clone(),
        })
    }

    /// The value an entry the baseline does not hold had then: absent, or in a snapshot world the
    /// snapshot's entry (the host loads such entries lazily, on first use).
    fn absent_value(w: &World, key: &Rc<LedgerKey>) -> Value {
        w.snap
            .as_ref()
            .and_then(|s| s.source.entries.get(key).map(|(e, l)| (e.clone(), *l)))
    }

    /// Whether a restore of `w` is worth it: the host never drops a key from its map (an entry a
    /// sequence created, a nonce of each authorization, is put back as absent, its key kept), and
    /// every storage write costs time in proportion to the map's size. On the default world (806
    /// keys after genesis, which costs ~0.3-0.45 s of CPU) a call cost ~1.1 ms of CPU with the map
    /// kept near its baseline and ~1.8 ms after 20 unbounded sequences of up to 200 steps
    /// (docs/performance.md; noisy on the loaded machine measured). Past 3 x the baseline's keys
    /// the world is built afresh: unbounded, a long run's calls would slow down without end.
    pub fn worth_restoring(&self, w: &World) -> bool {
        let n = w.env.host().get_stored_entries().map(|v| v.len()).unwrap_or(usize::MAX);
        n <= 3 * self.entries.len()
    }

    /// Put `w` back as it was when the baseline was taken. Returns how many ledger entries were
    /// written back.
    pub fn restore(&self, w: &mut World) -> Result<usize, DriverError> {
        let host = w.env.host();
        let now = host_entries(&w.env);
        let mut back: std::vec::Vec<Entry> = std::vec::Vec::new();
        merge_sorted(&self.entries, &now, |k, base, now| match (base, now) {
            (Some(b), Some(n)) if same(b, n) => {}
            // (the host never drops a key from its map; written back all the same)
            (Some(b), _) => back.push((k.clone(), b.clone())),
            (None, n) => {
                let v = Baseline::absent_value(w, k);
                if !same(&v, n.unwrap_or(&None)) {
                    back.push((k.clone(), v));
                }
            }
        });
        for (k, v) in back.iter() {
            host.setup_storage_entry(k.clone(), v.clone(), AccessType::ReadWrite)
                .map_err(|e| DriverError::Genesis(format!("restoring a ledger entry: {e:?}")))?;
        }
        w.env.ledger().set(self.ledger.clone());
        w.names = self.names.clone();
        w.bs_touched = self.bs_touched.clone();
        w.pool_touched = self.pool_touched.clone();
        w.emitter_token_name = self.emitter_token_name.clone();
        w.queued_token_name = self.queued_token_name.clone();
        Ok(back.len())
    }
}

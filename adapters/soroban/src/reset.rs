//! Genesis once per driver process: the world as `init` left it (a `Baseline`), from which every
//! sequence of the same `init` starts in a host of its own (`Baseline::world`), instead of
//! deploying everything again.
//!
//! The baseline keeps the ledger entries right after `init` (the host's, over the snapshot's in a
//! snapshot world) as a ledger snapshot. Each sequence gets a new `Env` whose host loads those
//! entries lazily, on first use (`Env::from_ledger_snapshot` with that snapshot as its source, as a
//! snapshot world's host loads the file's): its storage map starts empty and holds only what the
//! sequence touches. What else a new `Env` needs, and how it gets it:
//! - **the ledger info** (the timestamp `advance_time` moves): the baseline's;
//! - **the parsed contract modules**: the genesis host's module cache (a shallow clone, shared), so
//!   no contract is parsed again;
//! - **the natively registered contracts** (`World::natives`: the pools' oracle, a snapshot world's
//!   v1 factory stand-in), whose code the host keeps outside the ledger: registered again (their
//!   instances and storage are the base's);
//! - **the SDK's address generator**: advanced past the addresses genesis generated, so that a
//!   name an action binds gets the address it would have had in the genesis's env;
//! - **`mock_all_auths`, an unlimited budget between calls, no resource limits**, as genesis set;
//! - **every `Address` the world holds** (names, tokens, backstops, pools): an address is a handle
//!   of one host, so each is made again in the new one; the driver's records beside the host
//!   (names bound, records touched, the emitter's token names) are cloned.
//!
//! Why a host per sequence rather than writing the changed entries back into one host (the driver
//! did until session 16): the host never drops a key from its storage map, which every storage
//! write copies and re-checks with metered key comparisons, so in one long-lived host a call's
//! metered instructions grew with what the sequences before it had touched (the same sequence
//! counted 551.8 M, 576.3 M, 605.6 M instructions on its first three runs), and its CPU with them.
//! In a new host the same sequence counts the same instructions whatever ran before it
//! (src/tests/fresh_env.rs), and the map holds only the keys the sequence touches (~100-200 of
//! the default world's ~800). Measured: docs/performance.md (issue 18, session 16).

use std::rc::Rc;

use soroban_env_host::ModuleCache;
use soroban_sdk::testutils::{Address as _, EnvTestConfig, Ledger as _, LedgerInfo, SnapshotSourceInput};
use soroban_sdk::xdr::{LedgerKey, ScAddress, ScVal};
use soroban_sdk::{Address, Env, TryFromVal};

use crate::driver_error::DriverError;
use crate::snapshot::Snapshot;
use crate::store::host_entries;
use crate::world::{PoolInfo, World};

/// A world's state right after `init`.
pub struct Baseline {
    /// The world as `init` left it, in the env that built it, which runs nothing more: each new
    /// world copies its addresses and records.
    template: World,
    /// Its ledger entries (the host's over its base's): each new env's source.
    base: Rc<Snapshot>,
    ledger: LedgerInfo,
    /// How many addresses the SDK's generator had handed out in the template's env.
    generated: u64,
    /// The parsed modules of every contract the template's host ran.
    modules: ModuleCache,
}

/// `a`, an address of another env, made in `env`.
pub fn moved(env: &Env, a: &Address) -> Address {
    Address::try_from_val(env, &ScVal::Address(ScAddress::from(a))).expect("an address is an address in any env")
}

/// Is `k` the key of an authorization's nonce (a temporary entry the recording authorization
/// writes at each `require_auth`, its value drawn from the host's PRNG)?
fn is_nonce(k: &LedgerKey) -> bool {
    matches!(k, LedgerKey::ContractData(cd) if matches!(cd.key, ScVal::LedgerKeyNonce(_)))
}

/// `w`'s ledger entries as a ledger snapshot: its base's entries with the host's over them (an
/// entry the host holds as absent left out), under the ledger info `info`. The nonces the host
/// wrote are left out: a new host's PRNG starts from the same seed as the template's, so its
/// first authorizations draw the same nonces, which the host refuses where the entry exists
/// (`Error(Auth, ExistingValue)`, "nonce already exists"). A nonce is no state of the protocol.
fn entries_of(w: &World, info: &LedgerInfo) -> Result<Snapshot, DriverError> {
    let mut entries = w.base.as_ref().map(|b| b.entries.clone()).unwrap_or_default();
    for (k, v) in host_entries(&w.env) {
        if is_nonce(&k) {
            continue;
        }
        match v {
            Some(v) => entries.insert(k, v),
            None => entries.remove(&k),
        };
    }
    let path = match w.base.as_ref() {
        Some(b) => b.path.clone(),
        None => "(the ledger after genesis)".to_string(),
    };
    Ok(Snapshot {
        path,
        protocol_version: info.protocol_version,
        sequence_number: info.sequence_number,
        timestamp: info.timestamp,
        network_id: info.network_id,
        base_reserve: info.base_reserve,
        min_persistent_entry_ttl: info.min_persistent_entry_ttl,
        min_temp_entry_ttl: info.min_temp_entry_ttl,
        max_entry_ttl: info.max_entry_ttl,
        entries,
    })
}

/// How many addresses the SDK's generator of `env` has handed out (`Address::generate`, contract
/// and asset registrations): the `address` field of the env's snapshot's generators.
fn generated(env: &Env) -> Result<u64, DriverError> {
    let g = serde_json::to_value(env.to_snapshot().generators)
        .map_err(|e| DriverError::Genesis(format!("reading the address generator: {e}")))?;
    g.get("address")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| DriverError::Genesis(format!("reading the address generator: no address count in {g}")))
}

impl Baseline {
    /// The baseline of `w`, the world right after its `init` (which it keeps, as the template of
    /// every world it makes; run nothing more in it).
    pub fn take(w: World) -> Result<Baseline, DriverError> {
        let ledger = w.env.ledger().get();
        let base = Rc::new(entries_of(&w, &ledger)?);
        let host = w.env.host();
        // the template's host ran every contract (genesis calls each), so its cache holds them all;
        // put back, shared, in case the template is asked anything
        let modules = host
            .take_module_cache()
            .map_err(|e| DriverError::Genesis(format!("taking the module cache after genesis: {e:?}")))?;
        host.set_module_cache(modules.clone())
            .map_err(|e| DriverError::Genesis(format!("setting the module cache back: {e:?}")))?;
        Ok(Baseline {
            generated: generated(&w.env)?,
            template: w,
            base,
            ledger,
            modules,
        })
    }

    /// A new world in the state right after `init`, in a host of its own (see the module's comment).
    pub fn world(&self) -> Result<World, DriverError> {
        let t = &self.template;
        let mut env = Env::from_ledger_snapshot(SnapshotSourceInput {
            source: self.base.clone(),
            ledger_info: Some(self.ledger.clone()),
            snapshot: None,
        });
        env.set_config(EnvTestConfig {
            capture_snapshot_at_drop: false,
        });
        env.host()
            .set_module_cache(self.modules.clone())
            .map_err(|e| DriverError::Genesis(format!("setting the module cache: {e:?}")))?;
        env.mock_all_auths();
        env.cost_estimate().budget().reset_unlimited();
        env.cost_estimate().disable_resource_limits();
        for _ in 0..self.generated {
            Address::generate(&env);
        }
        let natives: std::vec::Vec<_> = t.natives.iter().map(|(a, n)| (moved(&env, a), *n)).collect();
        for (a, n) in natives.iter() {
            n.register(&env, a);
        }
        env.cost_estimate().budget().reset_unlimited();
        let pools = t
            .pools
            .iter()
            .map(|p| PoolInfo {
                name: p.name.clone(),
                addr: moved(&env, &p.addr),
                backstop: p.backstop.clone(),
                assets: p.assets.iter().map(|a| moved(&env, a)).collect(),
                scalars: p.scalars.clone(),
                decimals: p.decimals.clone(),
                enabled: p.enabled.clone(),
                from_factory: p.from_factory,
            })
            .collect();
        Ok(World {
            names: t.names.moved_to(&env),
            blnd: moved(&env, &t.blnd),
            usdc: moved(&env, &t.usdc),
            comet: moved(&env, &t.comet),
            emitter: moved(&env, &t.emitter),
            backstops: t.backstops.iter().map(|(n, a)| (n.clone(), moved(&env, a))).collect(),
            pools,
            bs_touched: t.bs_touched.clone(),
            pool_touched: t.pool_touched.clone(),
            emitter_token_name: t.emitter_token_name.clone(),
            queued_token_name: t.queued_token_name.clone(),
            snap: t.snap.clone(),
            base: Some(self.base.clone()),
            natives,
            insns: std::cell::Cell::new(0),
            env,
        })
    }
}

//! The driver as a library: the genesis and the calls the check-protocol binary makes, for Rust
//! tests. The counterexamples `blend-harness` exports as `counterexample_test.rs` run on it:
//! `Driver::init` deploys the Blend v2 contracts as `init` does, `Driver::call` answers one
//! protocol request as the binary would (without the id).

pub mod actions;
pub mod claimable;
pub mod codes;
pub mod driver_error;
pub mod equivalence;
pub mod errors;
pub mod genesis;
pub mod inspect;
pub mod mutate;
pub mod names;
pub mod oracle;
pub mod protocol;
pub mod reset;
pub mod snapcache;
pub mod snapshot;
pub mod snapstate;
pub mod snapworld;
pub mod state;
pub mod state_parts;
pub mod storage_types;
pub mod store;
pub mod world;

use serde::Deserialize;
use serde_json::{json, Value};

use protocol::{DriverError, InitArgs, Request, WorldArgs};
use reset::Baseline;
use world::{World, WorldConfig};

/// The allocation size from which glibc's malloc maps fresh pages (`M_MMAP_THRESHOLD`): 512 KiB,
/// fixed. Every contract call instantiates a VM per contract it enters (2-5 per action), each with
/// a linear memory of 17 pages (1,114,112 bytes, the bundled contracts' initial memory), allocated
/// zeroed and dropped when the call ends. By default glibc raises its threshold to the size of the
/// first such block freed, after which each memory is carved from the heap and zeroed byte for byte
/// (`memset` of 1.1 MB), and the heap grown and trimmed around it (page faults). Kept at 512 KiB the
/// memories are fresh mappings, already zero, of which only the pages a contract touches are ever
/// faulted in. Unmetered: the host's metered instructions (`CALL_CPU_INSNS_LIMIT`) do not change,
/// only the CPU the process spends (docs/performance.md, session 15: ~10% of a call's CPU).
pub const MMAP_THRESHOLD_BYTES: i32 = 512 * 1024;

/// Set glibc's `M_MMAP_THRESHOLD` to [`MMAP_THRESHOLD_BYTES`] (see it), once, at the start of the
/// process (the binary's `main`, `examples/direct_bench.rs`). A no-op off glibc; `GLIBC_TUNABLES`
/// set by the user wins (the call is skipped when it names `glibc.malloc.mmap_threshold`).
pub fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        if std::env::var("GLIBC_TUNABLES").is_ok_and(|t| t.contains("glibc.malloc.mmap_threshold")) {
            return;
        }
        extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        /// glibc malloc.h `M_MMAP_THRESHOLD`.
        const M_MMAP_THRESHOLD: i32 = -3;
        // SAFETY: mallopt only sets a parameter of glibc's allocator; it is called before the
        // driver allocates anything large and from the one thread the driver runs on.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
        }
    }
}

/// One deployed world of the real contracts, and the state it had right after `init` (from which
/// `init`, and `reinit` with the same arguments instead of deploying again, start each sequence in
/// a host of its own: `reset.rs`).
pub struct Driver {
    world: World,
    baseline: Baseline,
    init_key: String,
    cache: state::StateCache,
}

/// The key under which an `init`'s world is kept: its profile and world, as canonical JSON.
pub fn init_key(profile: &str, world: &serde_json::Map<String, Value>) -> String {
    format!("{profile} {}", Value::Object(world.clone()))
}

/// Build the world `init` describes (a generated world's genesis, or a snapshot's), as the binary
/// does; `snapshot_of` gives the snapshot file at a path (the binary reads each path once).
pub fn build_world(
    a: &InitArgs,
    snapshot_of: &mut dyn FnMut(&str) -> Result<std::rc::Rc<snapshot::Snapshot>, DriverError>,
) -> Result<World, DriverError> {
    match WorldArgs::parse(&a.world)? {
        WorldArgs::Snapshot(s) => {
            if a.profile != "blend-v1" {
                return Err(DriverError::BadRequest(format!(
                    "init: profile {}: a snapshot world runs the snapshot's v1 contracts (profile blend-v1)",
                    a.profile
                )));
            }
            let sc = snapworld::SnapConfig::from_args(&s)?;
            let snap = snapshot_of(&sc.path)?;
            World::from_snapshot(snap, &sc)
        }
        WorldArgs::Generated(g) => {
            if a.profile != "blend-v2" {
                return Err(DriverError::BadRequest(format!("init: profile {}: a generated world runs the v2 contracts (profile blend-v2); the v1 contracts come from a snapshot (world.snapshot)", a.profile)));
            }
            World::genesis(WorldConfig::from_args(&g))
        }
    }
}

impl Driver {
    /// `init` with its protocol arguments `{profile: "blend-v2", world: {...}}`, or
    /// `{profile: "blend-v1", world: {snapshot: PATH, migration?}}` (a snapshot world).
    /// Errors: a profile the world does not run, a malformed world or snapshot, or a failed genesis
    /// (one line).
    pub fn init(args: &Value) -> Result<Driver, DriverError> {
        let a = InitArgs::deserialize(args).map_err(|e| DriverError::BadRequest(format!("init: bad args: {e}")))?;
        let built = build_world(&a, &mut |p| Ok(std::rc::Rc::new(snapshot::Snapshot::load(p)?)))?;
        let baseline = Baseline::take(built)?;
        let world = baseline.world()?;
        Ok(Driver {
            world,
            baseline,
            init_key: init_key(&a.profile, &a.world),
            cache: state::StateCache::default(),
        })
    }

    /// `init` again: with the arguments of the world this driver holds, that world starts again as
    /// it was right after its `init`, in a new host (`reset.rs`); with others, a new world is built.
    pub fn reinit(&mut self, args: &Value) -> Result<(), DriverError> {
        let a = InitArgs::deserialize(args).map_err(|e| DriverError::BadRequest(format!("init: bad args: {e}")))?;
        if init_key(&a.profile, &a.world) == self.init_key {
            self.cache.clear();
            self.world = self.baseline.world()?;
            return Ok(());
        }
        *self = Driver::init(args)?;
        Ok(())
    }

    /// One request `{action, args}`: the reply `{ok: true, result}` or `{ok: false, error: {contract, code}}`.
    /// Panics on a request that breaks the protocol (a bug in the test, not in the contracts).
    pub fn call(&mut self, request: &Value) -> Value {
        match self.try_call(request) {
            Ok(v) => v,
            Err(e) => panic!("not a valid request: {e}"),
        }
    }

    /// `call`, with a request that breaks the protocol (no action, an unknown action, args that do
    /// not fit it, `handshake`/`init`/`state`) as an error instead of a panic.
    pub fn try_call(&mut self, request: &Value) -> Result<Value, DriverError> {
        let action = request
            .get("action")
            .and_then(Value::as_str)
            .ok_or_else(|| DriverError::BadRequest("request.action is not a string".into()))?;
        let args = request
            .get("args")
            .and_then(Value::as_object)
            .ok_or_else(|| DriverError::BadRequest(format!("{action}: request.args is not an object")))?;
        let req = Request::parse(action, args.clone())?;
        Ok(match actions::apply(&mut self.world, &req)? {
            Ok(v) => json!({ "ok": true, "result": v }),
            Err(e) => json!({ "ok": false, "error": { "contract": e.contract.name(), "code": e.code } }),
        })
    }

    /// The observable state (docs/protocol.md), every field read from the ledger.
    pub fn state(&self) -> Value {
        state::read_state(&self.world)
    }

    /// The state as `state` answers it: its canonical text, re-reading only what the ledger
    /// changes since the last call touch, or everything when `fresh` (state.rs `StateCache`).
    pub fn state_text(&mut self, fresh: bool) -> String {
        self.cache.read(&self.world, fresh)
    }

    /// How many keys the host's ledger map holds (bench).
    pub fn ledger_keys(&self) -> usize {
        self.world.env.host().get_stored_entries().map(|v| v.len()).unwrap_or(0)
    }

    /// Bench only (`examples/direct_bench.rs`, `BENCH_PAD_KEYS`): make the host's ledger map hold at
    /// least `n` more keys than the world uses, as absent temporary entries of an address no
    /// contract has, to measure how a call's cost grows with the map's size (every storage write
    /// of the host copies the sorted map and re-checks its order with metered key comparisons).
    /// The same keys each time: calling it again after a restore adds none.
    #[doc(hidden)]
    pub fn pad_ledger(&self, n: u32) -> Result<(), DriverError> {
        use soroban_sdk::xdr::{ContractDataDurability, ContractId, Hash, LedgerKey, LedgerKeyContractData, ScAddress, ScVal};
        let contract = ScAddress::Contract(ContractId(Hash([0xEE; 32])));
        for i in 0..n {
            let key = LedgerKey::ContractData(LedgerKeyContractData {
                contract: contract.clone(),
                key: ScVal::U32(i),
                durability: ContractDataDurability::Temporary,
            });
            self.world
                .env
                .host()
                .setup_storage_entry(std::rc::Rc::new(key), None, soroban_env_host::storage::AccessType::ReadOnly)
                .map_err(|e| DriverError::Genesis(format!("padding the ledger: {e:?}")))?;
        }
        Ok(())
    }

    /// State reads so far: (reads, read in full, ledger entries found changed).
    pub fn state_counts(&self) -> (u64, u64, u64) {
        self.cache.counts
    }

    /// The host's metered CPU instructions of every top-level contract call made since the last
    /// `init` or `reinit` (world.rs `World::insns`).
    pub fn metered_insns(&self) -> u64 {
        self.world.insns.get()
    }
}

#[cfg(test)]
mod tests;

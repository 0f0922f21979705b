//! The world: one in-process Soroban host holding the deployed Blend v2 contracts, the logical
//! names of the protocol (backstop, P0, U3, comet_lp, ...) mapped to their addresses, and the
//! genesis that reproduces model/world.ts `createWorld` with real calls.

use std::collections::BTreeSet;
use std::rc::Rc;

use blend_contract_sdk::{backstop, emitter, pool, pool_factory, testutils as blend_tu};
use soroban_sdk::xdr::{ScErrorCode, ScErrorType};
use soroban_sdk::{
    testutils::{Address as _, EnvTestConfig, Ledger},
    token::{StellarAssetClient, TokenClient},
    vec, Address, BytesN, Env, IntoVal, String as SString, Symbol, TryFromVal, Val, Vec,
};

use crate::codes::HostCode;
use crate::driver_error::DriverError;
use crate::genesis::constants;
use crate::names::{Kind, Names};
use crate::oracle::FlatOracle;
use crate::protocol::{CallError, GeneratedWorld};
use crate::snapshot::Snapshot;
use crate::storage_types::PoolUserKey;

pub const SCALAR_7: i128 = 1_0000000;
/// backstop/src/constants.rs MAX_RZ_SIZE (v2).
pub const MAX_RZ_SIZE: i64 = 30;
/// pool/src/constants.rs MAX_RESERVES (v2).
pub const MAX_RESERVES: u32 = 30;
/// The ledger sequence a generated world starts at (spec/constants.ts LEDGER_SEQUENCE_START). Only
/// `advance_blocks` moves it (the auctions read it); entries' TTLs are set far above what a
/// sequence can advance (ENTRY_TTL), since the model has no archival, and the driver's allowances
/// are given right before the call that spends them (docs/architecture.md, "Auctions").
pub const LEDGER_SEQUENCE: u32 = 1_000;
/// The minimum TTL (ledgers) of a generated world's new entries, and twice it the maximum: no entry
/// expires within 100 M ledgers of advance_blocks.
pub const ENTRY_TTL: u32 = 100_000_000;

/// The contracts whose WASM the user may replace (`blend-harness-soroban --wasm NAME=FILE`).
pub const WASM_NAMES: [&str; 5] = ["backstop", "emitter", "pool", "pool_factory", "comet"];

/// The user's builds: contract name -> (the file's path as given, its bytes).
static USER_WASM: std::sync::OnceLock<std::collections::HashMap<String, (String, &'static [u8])>> = std::sync::OnceLock::new();

/// Install the user's builds (contract name -> (path, WASM bytes)) before any genesis; set once per process.
pub fn set_user_wasm(map: std::collections::HashMap<String, (String, std::vec::Vec<u8>)>) {
    let leaked = map.into_iter().map(|(k, (p, v))| (k, (p, &*std::vec::Vec::leak(v)))).collect();
    let _ = USER_WASM.set(leaked);
}

#[cfg(test)]
thread_local! {
    /// The tests' user builds, per test thread (the process-wide USER_WASM is set once).
    pub static TEST_USER_WASM: std::cell::RefCell<std::collections::HashMap<String, (&'static str, &'static [u8])>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// The user's build of `name`: (path, bytes).
fn user_wasm(name: &str) -> Option<(&'static str, &'static [u8])> {
    #[cfg(test)]
    if let Some(x) = TEST_USER_WASM.with(|m| m.borrow().get(name).copied()) {
        return Some(x);
    }
    USER_WASM.get().and_then(|m| m.get(name).map(|(p, w)| (p.as_str(), *w)))
}

/// The WASM genesis registers for `name`: the user's build when given, else blend-contract-sdk 2.25.0's.
pub fn wasm_of(name: &str, bundled: &'static [u8]) -> &'static [u8] {
    user_wasm(name).map(|(_, w)| w).unwrap_or(bundled)
}

/// The user's build of `name` (its path as given, its bytes), if one was given.
pub fn user_build(name: &str) -> Option<(&'static str, &'static [u8])> {
    user_wasm(name)
}

/// The path of the user's build of `name`, if one was given.
pub fn user_wasm_path(name: &str) -> Option<&'static str> {
    user_wasm(name).map(|(p, _)| p)
}

/// The provenance of each contract a generated world deploys ([`WASM_NAMES`], in that order): its
/// SHA-256 and whether it is bundled (crate and version) or the user's (path): the handshake's
/// `provenance` (docs/protocol.md).
pub fn provenance() -> serde_json::Value {
    use crate::inspect::{bundled_wasm, provenance_entry, Source};
    serde_json::Value::Array(
        WASM_NAMES
            .iter()
            .map(|name| {
                let bundled = bundled_wasm(name).expect("a bundled contract");
                match user_wasm(name) {
                    Some((path, w)) => provenance_entry(name, w, &Source::User(path.to_string())),
                    None => provenance_entry(name, bundled, &Source::Bundled),
                }
            })
            .collect(),
    )
}

/// `f` with its panic caught: Err holds the panic's message (its first line, at most 200 bytes),
/// which the default hook would have printed over several lines.
pub fn quiet_catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    thread_local! { static MSG: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) }; }
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| MSG.with(|m| *m.borrow_mut() = info.to_string())));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(prev);
    let text = MSG.with(|m| std::mem::take(&mut *m.borrow_mut()));
    r.map_err(|_| {
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("panicked at"))
            .unwrap_or("");
        let mut end = line.len().min(200);
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        line[..end].to_string()
    })
}

thread_local! {
    /// The contract call genesis is making (contract, entry point), for the message when it fails.
    static GENESIS_AT: std::cell::RefCell<Option<(&'static str, &'static str)>> = const { std::cell::RefCell::new(None) };
}

/// Genesis is about to call `call` on `contract` (a `--wasm` name, or `blnd` / `usdc`): recorded for
/// the message when it fails, and the host's CPU budget reset to `CALL_CPU_INSNS_LIMIT` (counted
/// from 0), so that a genesis call of a user's build or a mutant that never returns (an endless
/// loop) fails with the host's `Error(Budget, ExceededLimit)` (genesis fails, the driver says which
/// call) instead of running for ever, as `World::invoke` bounds a step's call. The genesis functions
/// set the budget back to unlimited when they end.
pub fn genesis_at(env: &Env, contract: &'static str, call: &'static str) {
    log_genesis_cpu(env);
    GENESIS_AT.with(|g| *g.borrow_mut() = Some((contract, call)));
    env.cost_estimate().budget().reset_limits(CALL_CPU_INSNS_LIMIT, u64::MAX);
}

thread_local! {
    /// `BLEND_SOROBAN_CPU_LOG=FILE`: the file each top-level call's CPU instructions are appended to.
    static CPU_LOG: std::cell::RefCell<Option<std::fs::File>> = std::cell::RefCell::new(
        std::env::var_os("BLEND_SOROBAN_CPU_LOG")
            .and_then(|p| std::fs::OpenOptions::new().create(true).append(true).open(p).ok()),
    );
}

/// With `BLEND_SOROBAN_CPU_LOG=FILE`, append `CONTEXT CALL INSNS` (`step backstop.deposit 2345678`:
/// the host's metered CPU instructions of one top-level call, the count `CALL_CPU_INSNS_LIMIT`
/// bounds) to FILE; nothing otherwise. The measured basis of the limit (adapters/soroban/README.md).
pub fn log_cpu(context: &str, call: &str, insns: u64) {
    use std::io::Write as _;
    CPU_LOG.with(|f| {
        if let Some(f) = f.borrow_mut().as_mut() {
            // one write per line: the check's drivers may share the file (O_APPEND)
            let _ = f.write_all(format!("{context} {call} {insns}\n").as_bytes());
        }
    });
}

/// The CPU instructions of the genesis call `genesis_at` recorded last (and the driver's work since), logged.
pub fn log_genesis_cpu(env: &Env) {
    if let Some((c, call)) = GENESIS_AT.with(|g| *g.borrow()) {
        if let Ok(n) = env.host().budget_cloned().get_cpu_insns_consumed() {
            log_cpu("genesis", &format!("{c}.{call}"), n);
        }
    }
}

/// The call genesis made last, as `contract.call`, with `(the user's build FILE)` when the contract
/// is the user's; cleared.
pub fn take_genesis_call() -> Option<String> {
    GENESIS_AT.with(|g| g.borrow_mut().take()).map(|(c, call)| match user_wasm_path(c) {
        Some(p) => format!("{c}.{call} (the user's build {p})"),
        None => format!("{c}.{call}"),
    })
}

/// The CPU instructions (the host's metered count) one top-level contract call may use: 10^9, ten
/// times the Stellar network's per-transaction limit of 10^8 (`tx_max_instructions`), so that no call
/// the network accepts is refused here (the model knows no such limit), while an endless loop fails
/// within seconds (issue 19: a mutant of the backstop's u128 division loops for ever on an emission
/// index step past 2^64, where the network would refuse the transaction).
pub const CALL_CPU_INSNS_LIMIT: u64 = 1_000_000_000;

#[derive(Clone, Debug)]
pub struct WorldConfig {
    pub users: u32,
    pub pools: u32,
    pub reserves: u32,
    pub start: u64,
    pub lp_per_user: i128,
    pub reward_zone_gap: Option<i64>,
    /// One more LP holder, the whale, of spec/genesis.json `whale_lp` (`init.world.whale`; default off).
    pub whale: bool,
    /// Reserve 1 of every generated pool (P{i} and F{i}) at spec/genesis.json `second_reserve`,
    /// reserve 0 of each filler pool with r_one `second_reserve.filler_r_one`, and one more
    /// reserve, last, disabled (`init.world.second_reserve`; default off).
    pub second_reserve: bool,
}

impl WorldConfig {
    /// `init.world` of a generated world, with createWorld's defaults (2 reserves, 20M LP per user).
    pub fn from_args(w: &GeneratedWorld) -> WorldConfig {
        WorldConfig {
            users: w.users,
            pools: w.pools,
            reserves: w.reserves.unwrap_or(constants().reserves),
            start: w.start.0,
            lp_per_user: w.lp_per_user.map(|x| x.0).unwrap_or(constants().lp_per_user),
            reward_zone_gap: w.reward_zone_gap,
            whale: w.whale.unwrap_or(false),
            second_reserve: w.second_reserve.unwrap_or(false),
        }
    }
}

pub struct PoolInfo {
    pub name: String,
    pub addr: Address,
    pub backstop: String,
    pub assets: std::vec::Vec<Address>,
    /// Per reserve: 10^decimals and the enabled flag, from the pool at genesis (static).
    pub scalars: std::vec::Vec<i128>,
    /// Per reserve: `ReserveConfig.decimals`, from the pool at genesis (static).
    pub decimals: std::vec::Vec<u32>,
    pub enabled: std::vec::Vec<bool>,
    /// `is_pool` of its factory at genesis (static: no protocol action deploys a pool).
    pub from_factory: bool,
}

/// What `World::deploy_pool` deploys.
pub struct PoolSpec<'a> {
    pub name: &'a str,
    /// The logical name of the pool's backstop.
    pub owner: &'a str,
    pub factory: &'a Address,
    pub admin: &'a Address,
    pub oracle: &'a Address,
    pub reserves: u32,
    pub salt: u64,
    pub emissions: bool,
    /// The generated pool's number i (P{i}, F{i}): its reserves' decimals are spec/genesis.json
    /// `reserve_decimals`[(i + r) % len]. None: every reserve at `default_reserve_config()`'s 7.
    pub number: Option<u32>,
    /// The world option `second_reserve`: reserve 1 (0 of a pool of one reserve) at spec/genesis.json
    /// `second_reserve`, and one more reserve, last, disabled at the default configuration.
    pub second_reserve: bool,
    /// A filler pool (F{i}): with `second_reserve`, its reserve 0 (of two or more) takes r_one
    /// spec/genesis.json `second_reserve.filler_r_one` (the default configuration otherwise).
    pub filler: bool,
}

/// What a snapshot world adds to `World`.
#[derive(Clone)]
pub struct SnapInfo {
    /// The snapshot's ledger sequence, at which the world stays.
    pub sequence: u32,
    /// Backstops running the v1 contract (the snapshot's), by name.
    pub v1_backstops: std::vec::Vec<String>,
    /// The pools the v1 backstop holds records for (reward zone first): their lending side is not
    /// part of the protocol state of a snapshot world (the model does not load it).
    pub v1_pools: std::vec::Vec<String>,
    /// Users: the addresses holding a v1 backstop balance, sorted.
    pub users: std::vec::Vec<String>,
}

pub struct World {
    pub env: Env,
    pub names: Names,
    pub blnd: Address,
    pub usdc: Address,
    pub comet: Address,
    pub emitter: Address,
    /// (name, address), the current backstop first.
    pub backstops: std::vec::Vec<(String, Address)>,
    pub pools: std::vec::Vec<PoolInfo>,
    /// (backstop, pool, user) triples whose backstop user records may exist.
    pub bs_touched: BTreeSet<(String, String, String)>,
    /// (pool, user) pairs whose pool positions or emission records may exist.
    pub pool_touched: BTreeSet<(String, String)>,
    /// The logical name the emitter was given for its backstop token (comet_lp and comet_lp_next
    /// are the same Comet contract: the model has one LP token).
    pub emitter_token_name: String,
    pub queued_token_name: Option<String>,
    /// Set when the world was started from a ledger snapshot (`init` with `world.snapshot`).
    pub snap: Option<SnapInfo>,
    /// The ledger entries under the host's map: the host's `SnapshotSource`, from which it loads
    /// an entry on first use (`World::ledger` reads the host's entries over them). A snapshot
    /// world's file at its `init`; the world's entries right after its `init` in a world a
    /// `Baseline` made (reset.rs); None where the host's map holds every entry (a genesis's env).
    pub base: Option<Rc<Snapshot>>,
    /// The contracts registered natively in this env (Rust code, not WASM): the host keeps their
    /// code outside the ledger, so a new env registers them again (reset.rs).
    pub natives: std::vec::Vec<(Address, Native)>,
    /// The host's metered CPU instructions of every top-level call `invoke` made in this world so
    /// far (the counts `CALL_CPU_INSNS_LIMIT` bounds, summed; tests and the bench).
    pub insns: std::cell::Cell<u64>,
}

/// A contract the driver registers natively (see `World::natives`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Native {
    /// oracle.rs `FlatOracle`, the pools' price feed.
    FlatOracle,
    /// snapworld.rs `V1FactoryStandIn`, where a snapshot lacks the v1 pool factory.
    V1FactoryStandIn,
}

impl Native {
    /// Register this contract at `addr` in `env` (no constructor). Where the ledger already holds
    /// its instance (a new env over a base: reset.rs), the instance and its storage are kept.
    pub fn register(self, env: &Env, addr: &Address) {
        match self {
            Native::FlatOracle => env.register_at(addr, FlatOracle, ()),
            Native::V1FactoryStandIn => env.register_at(addr, crate::snapworld::V1FactoryStandIn, ()),
        };
    }
}

fn i128_arg(env: &Env, x: i128) -> Val {
    x.into_val(env)
}

impl World {
    pub fn addr(&mut self, name: &str) -> Address {
        if let Some(a) = self.names.get(name) {
            return a.clone();
        }
        // in a snapshot world a strkey names that address (a user or contract of the snapshot)
        if self.snap.is_some() {
            if let Some(a) = crate::names::address_of_strkey(&self.env, name) {
                self.names.bind(name, &a, Kind::Actor);
                return a;
            }
        }
        // a name the genesis did not create: a fresh account
        let a = Address::generate(&self.env);
        self.names.bind(name, &a, Kind::Actor);
        a
    }

    pub fn pool(&self, name: &str) -> Option<&PoolInfo> {
        self.pools.iter().find(|p| p.name == name)
    }

    /// The ledger's contract-data entries now: the host's over the base's (`base`), an entry the
    /// host holds as absent being absent.
    pub fn ledger(&self) -> crate::store::Ledger {
        match self.base.as_ref() {
            Some(b) => crate::store::Ledger::over(&self.env, &crate::store::host_entries(&self.env), b),
            None => crate::store::Ledger::take(&self.env),
        }
    }

    /// The ledger sequence the world runs at now: a snapshot's stays; a generated world's starts at
    /// LEDGER_SEQUENCE and `advance_blocks` moves it.
    pub fn sequence(&self) -> u32 {
        self.snap
            .as_ref()
            .map(|s| s.sequence)
            .unwrap_or_else(|| self.env.ledger().sequence())
    }

    /// Is `name` a backstop running the v1 contract (a snapshot's)?
    pub fn is_v1_backstop(&self, name: &str) -> bool {
        self.snap
            .as_ref()
            .map(|s| s.v1_backstops.iter().any(|b| b == name))
            .unwrap_or(false)
    }

    /// Invoke `func` on `contract` as a top-level call; a failure rolls back and is classified.
    /// The call runs under a CPU limit of `CALL_CPU_INSNS_LIMIT` (the host counts from 0 at each
    /// top-level call): a call that runs past it fails with the host's `Error(Budget,
    /// ExceededLimit)`, reported as WasmVm#5 (`HostCode::ExceededLimit`), as a transaction past the
    /// network's limit fails, instead of running for ever (an endless loop in a user's build or a
    /// mutant). The host's own `try_call` is used, not the SDK's `try_invoke_contract`, because the
    /// SDK turns such an unrecoverable host error into a panic; any other unrecoverable one still
    /// panics, as it did through the SDK. The driver's own work between calls stays unlimited.
    pub fn invoke(&self, contract: &Address, func: &str, args: Vec<Val>) -> Result<Val, CallError> {
        let sym = Symbol::new(&self.env, func);
        let mut budget = self.env.cost_estimate().budget();
        budget.reset_limits(CALL_CPU_INSNS_LIMIT, u64::MAX);
        let res = soroban_env_host::Env::try_call(self.env.host(), contract.to_object(), sym.to_symbol_val(), args.to_object());
        let insns = budget.cpu_instruction_cost();
        self.insns.set(self.insns.get() + insns);
        if CPU_LOG.with(|f| f.borrow().is_some()) {
            log_cpu("step", &format!("{}.{func}", self.names.name_of(contract)), insns);
        }
        budget.reset_unlimited();
        let rv = match res {
            Ok(rv) => rv,
            Err(e) if e.error.is_type(ScErrorType::Budget) && e.error.is_code(ScErrorCode::ExceededLimit) => {
                return Err(CallError::host(HostCode::ExceededLimit))
            }
            Err(e) => panic!("unrecoverable host error in {func}: {e:?}"),
        };
        match soroban_sdk::Error::try_from_val(&self.env, &rv) {
            Ok(e) => Err(crate::errors::classify(&self.env, &self.names, contract, e)),
            Err(_) => Ok(rv),
        }
    }

    /// Build the world `init` describes (model/world.ts `createWorld`, profile blend-v2).
    pub fn genesis(cfg: WorldConfig) -> Result<World, DriverError> {
        if cfg.reserves == 0 || cfg.reserves > MAX_RESERVES {
            return Err(DriverError::Genesis(format!(
                "reserves = {}: a v2 pool holds 1..={} reserves",
                cfg.reserves, MAX_RESERVES
            )));
        }
        // the genesis constants, spec/genesis.json's (as model/world.ts has them)
        let g = constants();
        let current: &'static str = &g.names.current_backstop;
        let next: &'static str = &g.names.next_backstop;
        let env = Env::new_with_config(EnvTestConfig {
            capture_snapshot_at_drop: false,
        });
        env.mock_all_auths();
        env.cost_estimate().budget().reset_unlimited();
        env.cost_estimate().disable_resource_limits();
        env.ledger().with_mut(|l| {
            l.timestamp = cfg.start;
            l.sequence_number = LEDGER_SEQUENCE;
            l.min_persistent_entry_ttl = ENTRY_TTL;
            l.min_temp_entry_ttl = ENTRY_TTL;
            l.max_entry_ttl = 2 * ENTRY_TTL;
        });

        let mut names = Names::default();
        let admin = Address::generate(&env);
        let blnd = env.register_stellar_asset_contract_v2(admin.clone()).address();
        let usdc = env.register_stellar_asset_contract_v2(admin.clone()).address();
        names.bind("blnd", &blnd, Kind::Token);
        names.bind("usdc", &usdc, Kind::Token);
        genesis_at(&env, "comet", "upload");
        let comet = env.register(wasm_of("comet", blend_tu::comet::WASM), ());
        names.bind(&g.names.backstop_token, &comet, Kind::Comet);
        names.bind(&g.names.next_backstop_token, &comet, Kind::Comet);
        genesis_at(&env, "emitter", "upload");
        let emitter_addr = env.register(wasm_of("emitter", emitter::WASM), ());
        names.bind("emitter", &emitter_addr, Kind::Emitter);
        let oracle = env.register(FlatOracle, ());
        names.bind("oracle", &oracle, Kind::Oracle);
        let natives = std::vec![(oracle.clone(), Native::FlatOracle)];
        let bs_cur = Address::generate(&env);
        let bs_next = Address::generate(&env);
        let fac_cur = Address::generate(&env);
        let fac_next = Address::generate(&env);
        names.bind(current, &bs_cur, Kind::Backstop);
        names.bind(next, &bs_next, Kind::Backstop);
        names.bind("pool_factory", &fac_cur, Kind::PoolFactory);
        names.bind("pool_factory_next", &fac_next, Kind::PoolFactory);
        let dev_fund = Address::generate(&env);
        names.bind(&g.names.drop_recipient, &dev_fund, Kind::Actor);
        let filler = Address::generate(&env);
        names.bind(&g.names.filler_depositor, &filler, Kind::Actor);

        // --- which pools exist and which start funded (createWorld) ---
        let pool_owner = |i: u32| {
            if i % g.next_backstop_pools.modulus == g.next_backstop_pools.remainder {
                next
            } else {
                current
            }
        };
        let mut plan: std::vec::Vec<(String, &'static str, bool)> = (0..cfg.pools)
            .map(|i| (format!("{}{i}", g.names.pool_prefix), pool_owner(i), false))
            .collect();
        let mut rz_cur: std::vec::Vec<String> = vec_std();
        let mut rz_next: std::vec::Vec<String> = vec_std();
        if let Some(gap) = cfg.reward_zone_gap {
            let room = MAX_RZ_SIZE - gap;
            let own_all: std::vec::Vec<String> = plan.iter().filter(|p| p.1 == current).map(|p| p.0.clone()).collect();
            let take = 0.max((own_all.len() as i64 - 2).min(room)) as usize;
            for n in own_all.iter().take(take) {
                rz_cur.push(n.clone());
            }
            let fill = room - take as i64;
            for i in 0..fill.max(0) {
                let n = format!("{}{i}", g.names.filler_pool_prefix);
                plan.push((n.clone(), current, true));
                rz_cur.push(n);
            }
            for p in plan.iter().filter(|p| p.1 == next) {
                rz_next.push(p.0.clone());
            }
        }
        let funded: BTreeSet<String> = rz_cur.iter().chain(rz_next.iter()).cloned().collect();

        // the whale's LP (a world option): none when off, so the Comet is as without the whale
        let whale_lp = if cfg.whale { g.whale_lp } else { 0 };
        // --- the Comet BLND:USDC LP (weights and fee: spec/genesis.json), sized for every LP token genesis hands out ---
        let lp_needed = (cfg.users as i128) * cfg.lp_per_user + (funded.len() as i128) * g.filler_deposit + whale_lp;
        let blnd_sac = StellarAssetClient::new(&env, &blnd);
        let usdc_sac = StellarAssetClient::new(&env, &usdc);
        // the Comet's init mints 100 LP (INIT_POOL_SUPPLY) for balances at the genesis composition
        // (500 BLND and 10 USDC at 5 and 0.1 per LP); the join that follows may take up to its
        // composition's amounts plus 0.1% and 1 token
        let (blnd_per_lp, usdc_per_lp) = (g.composition.blnd_per_lp, g.composition.usdc_per_lp);
        let init_blnd = 100 * blnd_per_lp;
        let init_usdc = 100 * usdc_per_lp;
        let max_blnd = lp_needed * blnd_per_lp / SCALAR_7 + lp_needed / 1000 + SCALAR_7;
        let max_usdc = lp_needed * usdc_per_lp / SCALAR_7 + lp_needed / 1000 + SCALAR_7;
        blnd_sac.mint(&admin, &(init_blnd + max_blnd));
        usdc_sac.mint(&admin, &(init_usdc + max_usdc));
        let comet_client = blend_tu::comet::Client::new(&env, &comet);
        genesis_at(&env, "comet", "init");
        comet_client.init(
            &admin,
            &vec![&env, blnd.clone(), usdc.clone()],
            &vec![&env, g.comet.blnd_weight, g.comet.usdc_weight],
            &vec![&env, init_blnd, init_usdc],
            &g.comet.swap_fee,
        );
        if lp_needed > 0 {
            genesis_at(&env, "comet", "join_pool");
            comet_client.join_pool(&lp_needed, &vec![&env, max_blnd, max_usdc], &admin);
        }

        // --- emitter (knows `backstop` from `start`), backstops, pool factories ---
        blnd_sac.set_admin(&emitter_addr);
        let emitter_client = emitter::Client::new(&env, &emitter_addr);
        genesis_at(&env, "emitter", "initialize");
        emitter_client.initialize(&blnd, &bs_cur, &comet);
        let drop_list: Vec<(Address, i128)> = vec![&env, (dev_fund.clone(), g.drop_amount)];
        for (bs, fac) in [(&bs_cur, &fac_cur), (&bs_next, &fac_next)] {
            genesis_at(&env, "backstop", "__constructor");
            env.register_at(
                bs,
                wasm_of("backstop", backstop::WASM),
                (
                    comet.clone(),
                    emitter_addr.clone(),
                    blnd.clone(),
                    usdc.clone(),
                    fac.clone(),
                    drop_list.clone(),
                ),
            );
        }
        genesis_at(&env, "pool", "upload");
        let pool_hash = env.deployer().upload_contract_wasm(wasm_of("pool", pool::WASM));
        for (bs, fac) in [(&bs_cur, &fac_cur), (&bs_next, &fac_next)] {
            genesis_at(&env, "pool_factory", "__constructor");
            env.register_at(
                fac,
                wasm_of("pool_factory", pool_factory::WASM),
                (pool_factory::PoolInitMeta {
                    backstop: bs.clone(),
                    blnd_id: blnd.clone(),
                    pool_hash: pool_hash.clone(),
                },),
            );
        }

        let mut world = World {
            env: env.clone(),
            names,
            blnd: blnd.clone(),
            usdc: usdc.clone(),
            comet: comet.clone(),
            emitter: emitter_addr.clone(),
            backstops: std::vec![(current.to_string(), bs_cur.clone()), (next.to_string(), bs_next.clone())],
            pools: vec_std(),
            bs_touched: BTreeSet::new(),
            pool_touched: BTreeSet::new(),
            emitter_token_name: g.names.backstop_token.clone(),
            queued_token_name: None,
            snap: None,
            base: None,
            natives,
            insns: std::cell::Cell::new(0),
        };
        // the composition exactly 5 BLND / 0.1 USDC per LP (join_pool rounds in the pool's favour)
        genesis_at(&env, "comet", "gulp");
        world
            .set_composition(g.composition.blnd_per_lp, g.composition.usdc_per_lp)
            .map_err(|e| DriverError::Genesis(format!("comet composition: {}#{}", e.contract, e.code)))?;

        // --- pools: deployed by their backstop's factory, reserves 1:1 priced, emission config on P<i> ---
        for (idx, (name, owner, filler_pool)) in plan.iter().enumerate() {
            let fac = if *owner == current { &fac_cur } else { &fac_next };
            // P{i} is plan entry i; the filler pools F{i} follow the cfg.pools generated ones
            let number = if *filler_pool { idx as u32 - cfg.pools } else { idx as u32 };
            let spec = PoolSpec {
                name,
                owner,
                factory: fac,
                admin: &admin,
                oracle: &oracle,
                reserves: cfg.reserves,
                salt: idx as u64 + 1,
                emissions: !filler_pool,
                number: Some(number),
                // the filler pools too (as createWorld builds them)
                second_reserve: cfg.second_reserve,
                filler: *filler_pool,
            };
            let info = world.deploy_pool(&spec);
            world.pools.push(info);
        }

        // --- funded pools: filler_depositor's LP deposited into each pool's backstop ---
        let lp_token = TokenClient::new(&env, &comet);
        for name in funded.iter() {
            let p = world.pool(name).expect("planned pool");
            let bs = world.names.get(&p.backstop).expect("backstop").clone();
            let pool_addr = p.addr.clone();
            let owner = p.backstop.clone();
            genesis_at(&env, "comet", "transfer");
            lp_token.transfer(&admin, &filler, &g.filler_deposit);
            genesis_at(&env, "backstop", "deposit");
            backstop::Client::new(&env, &bs).deposit(&filler, &pool_addr, &g.filler_deposit);
            world.bs_touched.insert((owner, name.clone(), g.names.filler_depositor.to_string()));
        }

        if cfg.reward_zone_gap.is_some() {
            // the current backstop has distributed before: its clock runs from the start
            // (a first distribute records the emitter's time, backfill off, and allocates nothing)
            let cur = backstop::Client::new(&env, &bs_cur);
            genesis_at(&env, "backstop", "distribute");
            cur.distribute();
            // add_reward pushes to the front: add in reverse to get createWorld's order
            for name in rz_cur.iter().rev() {
                let a = world.names.get(name).expect("pool").clone();
                genesis_at(&env, "backstop", "add_reward");
                cur.add_reward(&a, &None);
            }
            if !rz_next.is_empty() {
                // the new backstop of a migration: its pools in its reward zone, no distribution yet.
                // The contract takes a first pool into an empty zone; each further add needs a
                // distribution within the hour, which would start backfilling, so the rest of the
                // zone is written into its storage (the `RZ` entry), as createWorld sets it.
                let next_client = backstop::Client::new(&env, &bs_next);
                let last = world.names.get(rz_next.last().unwrap()).unwrap().clone();
                genesis_at(&env, "backstop", "add_reward");
                next_client.add_reward(&last, &None);
                if rz_next.len() > 1 {
                    let mut rz: Vec<Address> = Vec::new(&env);
                    for n in rz_next.iter() {
                        rz.push_back(world.names.get(n).unwrap().clone());
                    }
                    env.as_contract(&bs_next, || {
                        env.storage().persistent().set(&Symbol::new(&env, "RZ"), &rz);
                    });
                }
            }
        }

        // --- pools out of setup: admin-active (status 0) ---
        // The model has no pool status: every generated pool is active, so that borrowing is
        // refused only by the health and utilisation checks. The admin can set 0 only where the
        // backstop meets the threshold (`set_status`), so the status is written into the pool's
        // `Config` entry, as an admin would have it once the pool is funded.
        for p in world.pools.iter() {
            world.activate_pool(&p.addr);
        }

        // --- users ---
        for i in 0..cfg.users {
            let u = Address::generate(&env);
            world.names.bind(&format!("{}{i}", g.names.user_prefix), &u, Kind::Actor);
            if cfg.lp_per_user > 0 {
                genesis_at(&env, "comet", "transfer");
                lp_token.transfer(&admin, &u, &cfg.lp_per_user);
            }
        }
        // --- the whale (init.world.whale): one more LP holder, of 2^64 stroops and more (spec/genesis.json whale_lp) ---
        if cfg.whale {
            let whale = Address::generate(&env);
            world.names.bind(&g.names.whale, &whale, Kind::Actor);
            genesis_at(&env, "comet", "transfer");
            lp_token.transfer(&admin, &whale, &whale_lp);
        }
        // genesis_at bounded each genesis call; the driver's own work stays unlimited
        log_genesis_cpu(&env);
        env.cost_estimate().budget().reset_unlimited();
        Ok(world)
    }

    /// Deploy a v2 pool with its factory (`deploy`), `reserves` reserves of fresh Stellar Asset
    /// Contracts (`default_reserve_config()`, supply cap raised, decimals per `spec.number`), and, with `emissions`, the
    /// emission configuration {reserve 0 suppliers: 50%, reserve 1 (or 0) borrowers: 50%}.
    pub fn deploy_pool(&mut self, spec: &PoolSpec) -> PoolInfo {
        let env = self.env.clone();
        let fac_client = pool_factory::Client::new(&env, spec.factory);
        // with the second reserve configuration, one more reserve, last, disabled
        let count = spec.reserves + u32::from(spec.second_reserve);
        // a collateral and a liability in each enabled reserve (the disabled one refuses both:
        // ReserveDisabled, 1223), so a user can reach max_positions exactly but not pass it: the
        // model has no MaxPositionsExceeded (1208) to take (model/pool/positions.ts)
        let max_positions = (2 * spec.reserves).clamp(2, 60);
        let mut default_cfg = blend_tu::default_reserve_config();
        default_cfg.supply_cap = constants().pool.supply_cap;
        let second_at = if spec.reserves > 1 { 1 } else { 0 };
        let mut salt = [0u8; 32];
        salt[..8].copy_from_slice(&spec.salt.to_be_bytes());
        // the factory's deploy runs the pool's __constructor
        genesis_at(&env, "pool_factory", "deploy");
        let addr = fac_client.deploy(
            spec.admin,
            &SString::from_str(&env, spec.name),
            &BytesN::from_array(&env, &salt),
            spec.oracle,
            &constants().pool.backstop_take_rate,
            &max_positions,
            // validate_submit's min_collateral (2 base units: never decisive before it, spec/constants.ts POOL_MIN_COLLATERAL)
            &constants().pool.min_collateral,
        );
        self.names.bind(spec.name, &addr, Kind::Pool);
        let pool_client = pool::Client::new(&env, &addr);
        let mut assets = vec_std();
        for r in 0..count {
            let mut reserve_cfg = default_cfg.clone();
            if spec.second_reserve && r == second_at {
                let s = &constants().second_reserve;
                reserve_cfg.util = s.util;
                reserve_cfg.r_one = s.r_one;
                reserve_cfg.r_two = s.r_two;
                reserve_cfg.r_three = s.r_three;
                reserve_cfg.reactivity = s.reactivity;
            }
            if spec.second_reserve && spec.filler && spec.reserves > 1 && r == 0 {
                reserve_cfg.r_one = constants().second_reserve.filler_r_one;
            }
            if spec.second_reserve && r == spec.reserves {
                reserve_cfg.enabled = false;
            }
            let asset = env.register_stellar_asset_contract_v2(spec.admin.clone()).address();
            self.names.bind(&format!("{}.asset{r}", spec.name), &asset, Kind::Token);
            // the pool takes the reserve's decimals from its config (its scalar 10^decimals enters
            // the emission index, pool/src/emissions/distributor.rs); the asset contract's own
            // decimals are not read by the pool
            if let Some(i) = spec.number {
                reserve_cfg.decimals = constants().reserve_decimals_of(i, r);
            }
            genesis_at(&env, "pool", "queue_set_reserve");
            pool_client.queue_set_reserve(&asset, &reserve_cfg);
            genesis_at(&env, "pool", "set_reserve");
            pool_client.set_reserve(&asset);
            assets.push(asset);
        }
        if spec.emissions {
            // half to reserve 0's suppliers, half to reserve 1's borrowers (res_token_id = index * 2 + type)
            let second = if spec.reserves > 1 { (1u32, 0u32) } else { (0u32, 0u32) };
            genesis_at(&env, "pool", "set_emissions_config");
            pool_client.set_emissions_config(&vec![
                &env,
                pool::ReserveEmissionMetadata {
                    res_index: 0,
                    res_type: 1,
                    share: constants().reserve_share,
                },
                pool::ReserveEmissionMetadata {
                    res_index: second.0,
                    res_type: second.1,
                    share: constants().reserve_share,
                },
            ]);
        }
        let mut scalars = vec_std();
        let mut decimals = vec_std();
        let mut enabled = vec_std();
        for asset in assets.iter() {
            genesis_at(&env, "pool", "get_reserve");
            let r = pool_client.get_reserve(asset);
            scalars.push(r.scalar);
            decimals.push(r.config.decimals);
            enabled.push(r.config.enabled);
        }
        genesis_at(&env, "pool_factory", "is_pool");
        let from_factory = fac_client.is_pool(&addr);
        PoolInfo {
            name: spec.name.to_string(),
            addr,
            backstop: spec.owner.to_string(),
            assets,
            scalars,
            decimals,
            enabled,
            from_factory,
        }
    }

    /// Write status 0 (admin-active) into a pool's `Config` (see genesis).
    pub fn activate_pool(&self, addr: &Address) {
        let env = &self.env;
        let c = pool::Client::new(env, addr);
        let mut cfg = c.get_config();
        cfg.status = 0;
        env.as_contract(addr, || {
            env.storage().instance().set(&Symbol::new(env, "Config"), &cfg);
        });
    }

    /// Set the Comet's BLND and USDC per LP token (7 decimals) at its current LP supply: mint or
    /// burn the difference in the pool's token balances, then `gulp` them into its records.
    pub fn set_composition(&mut self, blnd_per_lp: i128, usdc_per_lp: i128) -> Result<(), CallError> {
        let env = self.env.clone();
        let comet = blend_tu::comet::Client::new(&env, &self.comet);
        let supply = comet.get_total_supply();
        for (token, per_lp) in [(self.blnd.clone(), blnd_per_lp), (self.usdc.clone(), usdc_per_lp)] {
            // ceil, so that floor(balance * 1e7 / supply) reads back per_lp exactly
            let prod = per_lp.checked_mul(supply).ok_or(CallError::host(HostCode::InvalidAction))?;
            let target = (prod + SCALAR_7 - 1).div_euclid(SCALAR_7);
            let have = TokenClient::new(&env, &token).balance(&self.comet);
            if target > have {
                self.invoke(&token, "mint", vec![&env, self.comet.into_val(&env), i128_arg(&env, target - have)])?;
            } else if target < have {
                self.invoke(&token, "burn", vec![&env, self.comet.into_val(&env), i128_arg(&env, have - target)])?;
            }
            self.invoke(&self.comet, "gulp", vec![&env, token.into_val(&env)])?;
        }
        Ok(())
    }

    pub fn user_key(&self, pool: &Address, user: &Address) -> PoolUserKey {
        PoolUserKey {
            pool: pool.clone(),
            user: user.clone(),
        }
    }
}

fn vec_std<T>() -> std::vec::Vec<T> {
    std::vec::Vec::new()
}

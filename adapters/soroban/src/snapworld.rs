//! A world started from a ledger snapshot (`init` with `world: {snapshot: PATH}`): the host's
//! ledger is the snapshot's, so the emitter, the v1 backstop, the Comet, BLND, USDC and the v1
//! pool run the snapshot's own WASM on the snapshot's storage. Logical names are the strkeys
//! (`CAO3AGAM...`), as the model's snapshot loader (src/snapshot/load.ts) names them; the users are
//! the addresses holding a backstop balance, and `mock_all_auths` signs for them.
//!
//! Two entries the mainnet contracts rely on are missing from the (partial) snapshot, and are made
//! up at `init` as a keeper or the chain would have them (docs: adapters/soroban/README.md):
//! - the v1 backstop's `LPTknVal` (read by `add_reward`'s threshold): `update_tkn_val()` is called,
//!   the permissionless call that stores it from the Comet's balances, which is what the model's
//!   loader assumes where the snapshot has none;
//! - the v1 pool factory (`PoolFact`, read by a deposit into a pool with no shares): a stand-in
//!   contract at its address answers `is_pool` true for the pools the backstop holds records for
//!   (each got its balance through that check on mainnet), false for any other address.
//!
//! With `world.migration` the world also holds a v2 backstop `backstop_v2` (blend-contract-sdk's
//! WASM) deployed against the snapshot's emitter, BLND, USDC and Comet, with its pool factory
//! `pool_factory_v2` and one v2 pool `pool_v2` (see `deploy_v2`).
//!
//! The user's builds (`--wasm NAME=FILE`, world.rs `wasm_of`), the upgrade rehearsal: the
//! migration's `backstop_v2`, `pool_factory_v2` and `pool_v2` run the user's backstop, pool_factory
//! and pool builds where given; `--wasm emitter=FILE` replaces the code of the snapshot's emitter
//! in place, at its address and with its storage, as an upgrade of the deployed contract would
//! (`update_current_contract_wasm`). A build this world would not run (a backstop, pool or
//! pool_factory without the migration, the Comet: the snapshot's own LP token) is refused at
//! `init` (`DriverError::Snapshot`, one line, exit 2), never ignored.

use std::collections::BTreeSet;
use std::rc::Rc;

use blend_contract_sdk::{backstop, pool, pool_factory};
use soroban_sdk::xdr::{ScAddress, ScVal};
use soroban_sdk::{
    contract, contractimpl,
    testutils::{Address as _, EnvTestConfig, Ledger as _, SnapshotSourceInput},
    vec, Address, Env, IntoVal, Symbol, TryFromVal, Val, Vec,
};

use crate::driver_error::DriverError;
use crate::genesis::constants;
use crate::names::{address_of_strkey, Kind, Names};
use crate::oracle::FlatOracle;
use crate::protocol::{bad, Res, SnapshotWorld};
use crate::snapshot::{as_address, field, key_name, strkey, Snapshot};
use crate::world::{Native, PoolSpec, SnapInfo, World, MAX_RESERVES};

pub const V2_BACKSTOP: &str = "backstop_v2";
pub const V2_POOL_FACTORY: &str = "pool_factory_v2";
pub const V2_POOL: &str = "pool_v2";

/// `init.world` of a snapshot world: `{snapshot: PATH, migration?: {reserves?}}`.
pub struct SnapConfig {
    pub path: String,
    pub migration: Option<u32>,
}

impl SnapConfig {
    /// The migration's pool takes 1 reserve unless told, at most MAX_RESERVES.
    pub fn from_args(w: &SnapshotWorld) -> Res<SnapConfig> {
        let migration = match w.migration {
            None => None,
            Some(None) => Some(1),
            Some(Some(r)) => match u32::try_from(r) {
                Ok(r) if (1..=MAX_RESERVES).contains(&r) => Some(r),
                _ => return bad("init: world.migration.reserves is not an integer in 1..=30"),
            },
        };
        Ok(SnapConfig {
            path: w.snapshot.clone(),
            migration,
        })
    }
}

/// Stands in for the v1 pool factory the snapshot does not hold (see the module docs).
#[contract]
pub struct V1FactoryStandIn;

#[contractimpl]
impl V1FactoryStandIn {
    pub fn is_pool(e: Env, pool_address: Address) -> bool {
        let pools: Vec<Address> = e
            .storage()
            .instance()
            .get(&Symbol::new(&e, "Pools"))
            .unwrap_or_else(|| Vec::new(&e));
        pools.contains(pool_address)
    }
}

/// The snapshot's Blend v1 contracts, found as the model's loader finds them: the emitter is the
/// instance with `Backstop`, `BToken` and `BLNDTkn` (and no `Emitter`) whose backstop names it.
struct Found {
    emitter: ScAddress,
    backstop: ScAddress,
    comet: ScAddress,
    blnd: ScAddress,
    usdc: ScAddress,
    factory: Option<ScAddress>,
}

fn find_contracts(s: &Snapshot) -> Result<Found, DriverError> {
    let problem = |what: String| DriverError::snapshot(&s.path, what);
    let mut emitters = std::vec::Vec::new();
    for (c, k, _, _) in s.contract_data() {
        if *k != ScVal::LedgerKeyContractInstance {
            continue;
        }
        let inst = s.instance(c).unwrap_or_default();
        if inst.contains_key("Backstop") && inst.contains_key("BToken") && inst.contains_key("BLNDTkn") && !inst.contains_key("Emitter") {
            emitters.push((c.clone(), inst));
        }
    }
    let named: std::vec::Vec<_> = emitters
        .iter()
        .filter(|(addr, inst)| {
            let Some(bs) = inst.get("Backstop").and_then(as_address) else {
                return false;
            };
            s.instance(bs).and_then(|b| b.get("Emitter").and_then(as_address).cloned()).as_ref() == Some(addr)
        })
        .collect();
    let chosen = if named.len() == 1 {
        named[0]
    } else if emitters.len() == 1 {
        &emitters[0]
    } else if emitters.is_empty() {
        return Err(problem(
            "no contract instance for the emitter (an instance with Backstop, BToken and BLNDTkn)".into(),
        ));
    } else {
        return Err(problem(format!(
            "several emitter candidates: {}",
            emitters.iter().map(|(a, _)| strkey(a)).collect::<std::vec::Vec<_>>().join(", ")
        )));
    };
    let (emitter, einst) = chosen;
    let backstop = einst
        .get("Backstop")
        .and_then(as_address)
        .cloned()
        .ok_or_else(|| problem("the emitter's Backstop is not an address".into()))?;
    let binst = s
        .instance(&backstop)
        .ok_or_else(|| problem(format!("no contract instance for the backstop {}", strkey(&backstop))))?;
    let need = |name: &str| {
        binst
            .get(name)
            .and_then(as_address)
            .cloned()
            .ok_or_else(|| problem(format!("the backstop instance has no {name} address")))
    };
    let bs_emitter = need("Emitter")?;
    if bs_emitter != *emitter {
        return Err(problem(format!(
            "the backstop {} names emitter {}, not {}",
            strkey(&backstop),
            strkey(&bs_emitter),
            strkey(emitter)
        )));
    }
    Ok(Found {
        emitter: emitter.clone(),
        backstop: backstop.clone(),
        comet: need("BToken")?,
        blnd: need("BLNDTkn")?,
        usdc: need("USDCTkn")?,
        factory: binst.get("PoolFact").and_then(as_address).cloned(),
    })
}

fn sc_to_address(env: &Env, a: &ScAddress) -> Address {
    Address::try_from_val(env, &ScVal::Address(a.clone())).expect("an address of the snapshot")
}

impl World {
    /// Start a world from the snapshot (see the module docs).
    pub fn from_snapshot(source: Rc<Snapshot>, cfg: &SnapConfig) -> Result<World, DriverError> {
        // a user's build this world would not run: refused, never ignored
        for name in crate::world::WASM_NAMES {
            let Some((path, _)) = crate::world::user_build(name) else {
                continue;
            };
            let why = match name {
                "comet" => "a snapshot world runs the snapshot's own Comet LP token",
                "backstop" | "pool" | "pool_factory" if cfg.migration.is_none() => {
                    "a snapshot world deploys the v2 backstop, pool_factory and pool only with the migration (world.migration)"
                }
                _ => continue,
            };
            return Err(DriverError::snapshot(
                &source.path,
                format!("--wasm {name}={path}: not run in this world ({why})"),
            ));
        }
        let found = find_contracts(&source)?;
        // the host's own protocol (the snapshot's may be older than the host supports)
        let protocol = Env::default().ledger().get().protocol_version.max(source.protocol_version);
        let info = soroban_sdk::testutils::LedgerInfo {
            protocol_version: protocol,
            sequence_number: source.sequence_number,
            timestamp: source.timestamp,
            network_id: source.network_id,
            base_reserve: source.base_reserve,
            min_temp_entry_ttl: source.min_temp_entry_ttl,
            min_persistent_entry_ttl: source.min_persistent_entry_ttl,
            max_entry_ttl: source.max_entry_ttl,
        };
        let mut env = Env::from_ledger_snapshot(SnapshotSourceInput {
            source: source.clone(),
            ledger_info: Some(info),
            snapshot: None,
        });
        env.set_config(EnvTestConfig {
            capture_snapshot_at_drop: false,
        });
        env.mock_all_auths();
        env.cost_estimate().budget().reset_unlimited();
        env.cost_estimate().disable_resource_limits();

        let a = |x: &ScAddress| sc_to_address(&env, x);
        let (emitter, bs, comet, blnd, usdc) = (
            a(&found.emitter),
            a(&found.backstop),
            a(&found.comet),
            a(&found.blnd),
            a(&found.usdc),
        );
        let bs_name = strkey(&found.backstop);
        let mut names = Names::default();
        names.bind(&strkey(&found.emitter), &emitter, Kind::Emitter);
        names.bind(&bs_name, &bs, Kind::Backstop);
        names.bind(&strkey(&found.comet), &comet, Kind::Comet);
        names.bind(&strkey(&found.blnd), &blnd, Kind::Token);
        names.bind(&strkey(&found.usdc), &usdc, Kind::Token);

        // the pools and users the backstop holds records for (src/snapshot/load.ts buildWorld)
        let mut rz: std::vec::Vec<String> = std::vec::Vec::new();
        let mut others: BTreeSet<String> = BTreeSet::new();
        let mut users: BTreeSet<String> = BTreeSet::new();
        for (c, k, _, v) in source.contract_data() {
            if *c != found.backstop {
                continue;
            }
            let Some((name, args)) = key_name(k) else { continue };
            match (name.as_str(), args) {
                ("RZ", []) => {
                    if let ScVal::Vec(Some(list)) = v {
                        rz = list.0.iter().filter_map(as_address).map(strkey).collect();
                    }
                }
                ("PoolBalance" | "PoolEmis" | "BEmisCfg", [p]) => {
                    if let Some(p) = as_address(p) {
                        others.insert(strkey(p));
                    }
                }
                ("UserBalance", [pu]) => {
                    if let Some(u) = field(pu, "user").and_then(as_address) {
                        users.insert(strkey(u));
                    }
                }
                _ => {}
            }
        }
        let mut v1_pools = rz.clone();
        for p in others {
            if !v1_pools.contains(&p) {
                v1_pools.push(p);
            }
        }
        for p in v1_pools.iter() {
            let addr =
                address_of_strkey(&env, p).ok_or_else(|| DriverError::snapshot(&source.path, format!("pool {p} is not an address")))?;
            names.bind(p, &addr, Kind::Pool);
        }
        let users: std::vec::Vec<String> = users.into_iter().collect();
        for u in users.iter() {
            let addr =
                address_of_strkey(&env, u).ok_or_else(|| DriverError::snapshot(&source.path, format!("user {u} is not an address")))?;
            names.bind(u, &addr, Kind::Actor);
        }

        let mut world = World {
            env: env.clone(),
            names,
            blnd,
            usdc,
            comet: comet.clone(),
            emitter,
            backstops: std::vec![(bs_name.clone(), bs.clone())],
            pools: std::vec::Vec::new(),
            bs_touched: BTreeSet::new(),
            pool_touched: BTreeSet::new(),
            emitter_token_name: strkey(&found.comet),
            queued_token_name: None,
            snap: Some(SnapInfo {
                sequence: source.sequence_number,
                v1_backstops: std::vec![bs_name.clone()],
                v1_pools: v1_pools.clone(),
                users,
            }),
            base: Some(source.clone()),
            natives: std::vec::Vec::new(),
            insns: std::cell::Cell::new(0),
        };

        // the v1 pool factory, where the snapshot lacks it
        if let Some(fac) = found.factory.as_ref() {
            let fac_addr = a(fac);
            world.names.bind(&strkey(fac), &fac_addr, Kind::PoolFactory);
            if source.instance(fac).is_none() {
                env.register_at(&fac_addr, V1FactoryStandIn, ());
                world.natives.push((fac_addr.clone(), Native::V1FactoryStandIn));
                let mut list: Vec<Address> = Vec::new(&env);
                for p in v1_pools.iter() {
                    list.push_back(world.names.get(p).unwrap().clone());
                }
                env.as_contract(&fac_addr, || env.storage().instance().set(&Symbol::new(&env, "Pools"), &list));
            }
        }

        // the v1 backstop's LPTknVal, where the snapshot lacks it: the permissionless update_tkn_val()
        let has_tkn_val = source
            .contract_data()
            .any(|(c, k, _, _)| *c == found.backstop && matches!(key_name(k), Some((n, [])) if n == "LPTknVal"));
        if !has_tkn_val {
            world.invoke(&bs, "update_tkn_val", Vec::new(&env)).map_err(|e| {
                DriverError::snapshot(
                    &source.path,
                    format!("update_tkn_val on the backstop failed: {}#{}", e.contract, e.code),
                )
            })?;
        }

        // the user's emitter build: the snapshot's emitter upgraded in place (its storage kept)
        if let Some((_, code)) = crate::world::user_build("emitter") {
            let hash = env.deployer().upload_contract_wasm(code);
            let emitter = world.emitter.clone();
            crate::world::genesis_at(&env, "emitter", "update_current_contract_wasm");
            env.as_contract(&emitter, || env.deployer().update_current_contract_wasm(hash));
        }

        if let Some(reserves) = cfg.migration {
            world.deploy_v2(reserves)?;
        }
        // genesis_at bounded each genesis call; the driver's own work stays unlimited
        crate::world::log_genesis_cpu(&env);
        env.cost_estimate().budget().reset_unlimited();
        Ok(world)
    }

    /// The migration's v2 side: `backstop_v2` (blend-contract-sdk's backstop WASM, or the user's
    /// build: world.rs `wasm_of`; likewise the pool factory and the pool) constructed with
    /// the snapshot's Comet, emitter, BLND and USDC, its own pool factory `pool_factory_v2` and the
    /// drop list 40M BLND to `dev_fund`; one pool `pool_v2` of `reserves` reserves deployed by that
    /// factory, as the generated worlds' pools are (flat oracle, emission configuration, status 0).
    /// The emitter does not know `backstop_v2`: it backfills until the swap.
    pub fn deploy_v2(&mut self, reserves: u32) -> Result<(), DriverError> {
        let env = self.env.clone();
        let admin = Address::generate(&env);
        let oracle = env.register(FlatOracle, ());
        self.names.bind("oracle", &oracle, Kind::Oracle);
        self.natives.push((oracle.clone(), Native::FlatOracle));
        let bs = Address::generate(&env);
        let fac = Address::generate(&env);
        let dev_fund = Address::generate(&env);
        self.names.bind(V2_BACKSTOP, &bs, Kind::Backstop);
        self.names.bind(V2_POOL_FACTORY, &fac, Kind::PoolFactory);
        self.names.bind(&constants().names.drop_recipient, &dev_fund, Kind::Actor);
        let drop_list: Vec<(Address, i128)> = vec![&env, (dev_fund.clone(), constants().drop_amount)];
        crate::world::genesis_at(&env, "backstop", "__constructor");
        env.register_at(
            &bs,
            crate::world::wasm_of("backstop", backstop::WASM),
            (
                self.comet.clone(),
                self.emitter.clone(),
                self.blnd.clone(),
                self.usdc.clone(),
                fac.clone(),
                drop_list,
            ),
        );
        let pool_hash = env.deployer().upload_contract_wasm(crate::world::wasm_of("pool", pool::WASM));
        crate::world::genesis_at(&env, "pool_factory", "__constructor");
        env.register_at(
            &fac,
            crate::world::wasm_of("pool_factory", pool_factory::WASM),
            (pool_factory::PoolInitMeta {
                backstop: bs.clone(),
                blnd_id: self.blnd.clone(),
                pool_hash,
            },),
        );
        self.backstops.push((V2_BACKSTOP.to_string(), bs));
        let spec = PoolSpec {
            name: V2_POOL,
            owner: V2_BACKSTOP,
            factory: &fac,
            admin: &admin,
            oracle: &oracle,
            reserves,
            salt: 1,
            emissions: true,
            number: None,
            second_reserve: false,
            filler: false,
        };
        let info = self.deploy_pool(&spec);
        self.activate_pool(&info.addr);
        self.pools.push(info);
        Ok(())
    }

    /// v1 backstops store the LP token value the threshold reads: `update_tkn_val()` on each (as
    /// the model's `comet.set_composition` does under blend-v1).
    pub fn update_v1_token_values(&self) -> Result<(), crate::protocol::CallError> {
        let env = self.env.clone();
        for (name, addr) in self.backstops.iter() {
            if self.is_v1_backstop(name) {
                self.invoke(addr, "update_tkn_val", Vec::new(&env))?;
            }
        }
        Ok(())
    }

    /// The BLND a v1 `gulp_emissions()` reports in its `gulp_emissions` event (the call returns nothing).
    pub fn last_event_amount(&self, contract: &Address, topic: &str) -> Option<i128> {
        use soroban_sdk::xdr::{ContractEventBody, ContractEventType};
        let events = self.env.host().get_events().ok()?;
        let ScVal::Address(ScAddress::Contract(id)) = ScVal::try_from_val(&self.env, &contract.into_val(&self.env) as &Val).ok()? else {
            return None;
        };
        for ev in events.0.iter().rev() {
            if ev.failed_call || ev.event.type_ != ContractEventType::Contract || ev.event.contract_id.as_ref() != Some(&id) {
                continue;
            }
            let ContractEventBody::V0(body) = &ev.event.body;
            if !matches!(body.topics.first(), Some(ScVal::Symbol(s)) if s.0.to_utf8_string_lossy() == topic) {
                continue;
            }
            let v = Val::try_from_val(&self.env, &body.data).ok()?;
            return i128::try_from_val(&self.env, &v).ok();
        }
        None
    }
}

//! The canonical observable state (src/protocol/state.ts `ObservableState`), read from the
//! contracts' getters and storage. Records equal to their storage default are left out, as the
//! model's `worldToState` does.

use std::collections::BTreeSet;

use blend_contract_sdk::{emitter, pool, pool_factory, testutils as blend_tu};
use serde_json::{json, Map, Value};
use soroban_sdk::{
    token::TokenClient,
    Address, IntoVal, Symbol, TryFromVal, Val, Vec,
};

use crate::storage_types::*;
use crate::world::{World, SCALAR_7};

fn s<T: ToString>(x: T) -> Value {
    Value::String(x.to_string())
}

fn persistent<K: IntoVal<soroban_sdk::Env, Val>, V: TryFromVal<soroban_sdk::Env, Val>>(w: &World, contract: &Address, key: &K) -> Option<V> {
    w.env.as_contract(contract, || w.env.storage().persistent().get::<K, V>(key))
}

fn instance<V: TryFromVal<soroban_sdk::Env, Val>>(w: &World, contract: &Address, key: &str) -> Option<V> {
    w.env.as_contract(contract, || w.env.storage().instance().get::<Symbol, V>(&Symbol::new(&w.env, key)))
}

fn sym(w: &World, k: &str) -> Symbol {
    Symbol::new(&w.env, k)
}

pub fn read_state(w: &World) -> Value {
    let env = &w.env;
    let mut root = Map::new();
    root.insert("now".into(), s(env.ledger().timestamp()));
    root.insert("emitter".into(), emitter_state(w));

    // every pool name the backstops may hold records for
    let mut pool_names: BTreeSet<String> = w.pools.iter().map(|p| p.name.clone()).collect();
    for (_, p, _) in w.bs_touched.iter() {
        pool_names.insert(p.clone());
    }
    let mut backstops = Map::new();
    for (name, addr) in w.backstops.iter() {
        backstops.insert(name.clone(), backstop_state(w, name, addr, &pool_names));
    }
    root.insert("backstops".into(), Value::Object(backstops));

    let mut pools = Map::new();
    for p in w.pools.iter() {
        pools.insert(p.name.clone(), pool_state(w, p));
    }
    root.insert("pools".into(), Value::Object(pools));

    root.insert("comet".into(), comet_state(w));

    let mut factory_pools: std::vec::Vec<String> = std::vec::Vec::new();
    for p in w.pools.iter() {
        if w.factories.iter().any(|f| pool_factory::Client::new(env, f).is_pool(&p.addr)) {
            factory_pools.push(p.name.clone());
        }
    }
    factory_pools.sort();
    root.insert("factory_pools".into(), json!(factory_pools));

    // wallets of the actors (users, dev_fund, filler_depositor, any other name an action used);
    // the backstops' own BLND and LP are in backstops.*
    let blnd = TokenClient::new(env, &w.blnd);
    let lp = TokenClient::new(env, &w.comet);
    let mut wb = Map::new();
    let mut wl = Map::new();
    let mut holders = w.names.actors();
    for p in w.pools.iter() {
        holders.push((p.name.clone(), p.addr.clone()));
    }
    for (name, a) in holders.iter() {
        let b = blnd.balance(a);
        if b != 0 {
            wb.insert(name.clone(), s(b));
        }
        let l = lp.balance(a);
        if l != 0 {
            wl.insert(name.clone(), s(l));
        }
    }
    root.insert("wallets".into(), json!({ "blnd": Value::Object(wb), "lp": Value::Object(wl) }));
    Value::Object(root)
}

fn emitter_state(w: &World) -> Value {
    let env = &w.env;
    let c = emitter::Client::new(env, &w.emitter);
    let backstop = w.names.name_of(&c.get_backstop());
    let token_addr: Option<Address> = instance(w, &w.emitter, "BToken");
    let backstop_token = match token_addr {
        Some(a) if a == w.comet => w.emitter_token_name.clone(),
        Some(a) => w.names.name_of(&a),
        None => String::new(),
    };
    let mut last = Map::new();
    let mut dropped: std::vec::Vec<String> = std::vec::Vec::new();
    for (name, addr) in w.backstops.iter() {
        if let Some(t) = persistent::<_, u64>(w, &w.emitter, &EmitterDataKey::LastDistro(addr.clone())) {
            last.insert(name.clone(), s(t));
        }
        if persistent::<_, bool>(w, &w.emitter, &EmitterDataKey::Dropped(addr.clone())).unwrap_or(false) {
            dropped.push(name.clone());
        }
    }
    dropped.sort();
    let queued = match c.get_queued_swap() {
        None => Value::Null,
        Some(q) => {
            let tok = if q.new_backstop_token == w.comet { w.queued_token_name.clone().unwrap_or_else(|| w.names.name_of(&q.new_backstop_token)) } else { w.names.name_of(&q.new_backstop_token) };
            json!({ "new_backstop": w.names.name_of(&q.new_backstop), "new_backstop_token": tok, "unlock_time": s(q.unlock_time) })
        }
    };
    json!({
        "backstop": backstop,
        "backstop_token": backstop_token,
        "last_distro": Value::Object(last),
        "dropped": dropped,
        "queued_swap": queued,
    })
}

fn backstop_state(w: &World, bs_name: &str, bs: &Address, pool_names: &BTreeSet<String>) -> Value {
    let env = &w.env;
    let last: u64 = persistent(w, bs, &sym(w, "LastDist")).unwrap_or(0);
    let backfill: Option<bool> = persistent(w, bs, &sym(w, "Backfill"));
    let backfill_emis: i128 = persistent(w, bs, &sym(w, "BackfillEmis")).unwrap_or(0);
    let rz: Vec<Address> = persistent(w, bs, &sym(w, "RZ")).unwrap_or_else(|| Vec::new(env));
    let drop_list: Vec<(Address, i128)> = persistent(w, bs, &sym(w, "DropList")).unwrap_or_else(|| Vec::new(env));
    let blnd = TokenClient::new(env, &w.blnd);
    let lp = TokenClient::new(env, &w.comet);

    let mut pools = Map::new();
    for pool_name in pool_names.iter() {
        let Some(pool_addr) = w.names.get(pool_name).cloned() else { continue };
        let pb: Option<BsPoolBalance> = persistent(w, bs, &BackstopDataKey::PoolBalance(pool_addr.clone()));
        let rze: Option<BsRzEmissions> = persistent(w, bs, &BackstopDataKey::RzEmis(pool_addr.clone()));
        let ed: Option<BsEmissionData> = persistent(w, bs, &BackstopDataKey::BEmisData(pool_addr.clone()));
        let allowance = blnd.allowance(bs, &pool_addr);
        let mut users = Map::new();
        for (b, p, u) in w.bs_touched.iter() {
            if b != bs_name || p != pool_name {
                continue;
            }
            let Some(ua) = w.names.get(u).cloned() else { continue };
            let key = w.user_key(&pool_addr, &ua);
            let ub: Option<BsUserBalance> = persistent(w, bs, &BackstopDataKey::UserBalance(key.clone()));
            let ue: Option<EmisUserData> = persistent(w, bs, &BackstopDataKey::UEmisData(key));
            let empty_balance = ub.as_ref().map(|x| x.shares == 0 && x.q4w.is_empty()).unwrap_or(true);
            if empty_balance && ue.is_none() {
                continue;
            }
            let (shares, q4w) = match ub {
                Some(x) => (x.shares, x.q4w.iter().map(|q| json!({ "amount": s(q.amount), "exp": s(q.exp) })).collect::<std::vec::Vec<_>>()),
                None => (0, std::vec::Vec::new()),
            };
            users.insert(
                u.clone(),
                json!({
                    "shares": s(shares),
                    "q4w": q4w,
                    "emission_data": match ue { Some(e) => json!({ "index": s(e.index), "accrued": s(e.accrued) }), None => Value::Null },
                }),
            );
        }
        let (sh, tk, qw) = pb.map(|b| (b.shares, b.tokens, b.q4w)).unwrap_or((0, 0, 0));
        let balance_zero = sh == 0 && tk == 0 && qw == 0;
        let rz_zero = rze.as_ref().map(|r| r.accrued == 0 && r.last_time == 0).unwrap_or(true);
        if balance_zero && rz_zero && ed.is_none() && users.is_empty() && allowance == 0 {
            continue;
        }
        pools.insert(
            pool_name.clone(),
            json!({
                "balance": { "shares": s(sh), "tokens": s(tk), "q4w": s(qw) },
                "rz_emissions": if rz_zero { Value::Null } else { let r = rze.unwrap(); json!({ "accrued": s(r.accrued), "last_time": s(r.last_time) }) },
                "emission_data": match ed { Some(e) => json!({ "eps": s(e.eps), "expiration": s(e.expiration), "index": s(e.index), "last_time": s(e.last_time) }), None => Value::Null },
                "allowance": s(allowance),
                "users": Value::Object(users),
            }),
        );
    }
    json!({
        "last_distribution_time": s(last),
        "backfill_status": match backfill { Some(b) => Value::Bool(b), None => Value::Null },
        "backfill_emissions": s(backfill_emis),
        "reward_zone": rz.iter().map(|a| w.names.name_of(&a)).collect::<std::vec::Vec<_>>(),
        "blnd": s(blnd.balance(bs)),
        "lp_tokens": s(lp.balance(bs)),
        "drop_list": drop_list.iter().map(|(a, v)| json!([w.names.name_of(&a), s(v)])).collect::<std::vec::Vec<_>>(),
        "pools": Value::Object(pools),
    })
}

fn pool_state(w: &World, p: &crate::world::PoolInfo) -> Value {
    let env = &w.env;
    let c = pool::Client::new(env, &p.addr);
    let backstop: Option<Address> = instance(w, &p.addr, "Backstop");
    let mut reserves = std::vec::Vec::new();
    for asset in p.assets.iter() {
        let data: Option<PlReserveData> = persistent(w, &p.addr, &PoolDataKey::ResData(asset.clone()));
        let r = c.get_reserve(asset);
        let (b, d) = data.map(|x| (x.b_supply, x.d_supply)).unwrap_or((0, 0));
        reserves.push(json!({ "asset": w.names.name_of(asset), "scalar": s(r.scalar), "enabled": r.config.enabled, "b_supply": s(b), "d_supply": s(d) }));
    }
    let mut cfg = Map::new();
    let emis: Option<soroban_sdk::Map<u32, u64>> = persistent(w, &p.addr, &sym(w, "PoolEmis"));
    if let Some(m) = emis {
        for (k, v) in m.iter() {
            cfg.insert(k.to_string(), s(v));
        }
    }
    let n_ids = 2 * p.assets.len() as u32;
    let mut red = Map::new();
    for id in 0..n_ids {
        let e: Option<PlReserveEmissionData> = persistent(w, &p.addr, &PoolDataKey::EmisData(id));
        if let Some(e) = e {
            red.insert(id.to_string(), json!({ "eps": s(e.eps), "expiration": s(e.expiration), "index": s(e.index), "last_time": s(e.last_time) }));
        }
    }
    let mut users = Map::new();
    for (pn, u) in w.pool_touched.iter() {
        if *pn != p.name {
            continue;
        }
        let Some(ua) = w.names.get(u).cloned() else { continue };
        let pos = c.get_positions(&ua);
        let mut supply = Map::new();
        let mut liab = Map::new();
        for i in 0..p.assets.len() as u32 {
            let b = pos.supply.get(i).unwrap_or(0) + pos.collateral.get(i).unwrap_or(0);
            if b != 0 {
                supply.insert(i.to_string(), s(b));
            }
            let d = pos.liabilities.get(i).unwrap_or(0);
            if d != 0 {
                liab.insert(i.to_string(), s(d));
            }
        }
        let mut ued = Map::new();
        for id in 0..n_ids {
            let e: Option<EmisUserData> = persistent(w, &p.addr, &PoolDataKey::UserEmis(UserReserveKey { user: ua.clone(), reserve_id: id }));
            if let Some(e) = e {
                ued.insert(id.to_string(), json!({ "index": s(e.index), "accrued": s(e.accrued) }));
            }
        }
        if supply.is_empty() && liab.is_empty() && ued.is_empty() {
            continue;
        }
        users.insert(u.clone(), json!({ "supply": Value::Object(supply), "liabilities": Value::Object(liab), "emission_data": Value::Object(ued) }));
    }
    json!({
        "backstop": backstop.map(|a| w.names.name_of(&a)).unwrap_or_default(),
        "reserves": reserves,
        "emission_config": Value::Object(cfg),
        "reserve_emission_data": Value::Object(red),
        "users": Value::Object(users),
    })
}

/// BLND and USDC per LP token from the Comet's records (the numbers the backstop's threshold
/// reads), and the LP tokens per BLND of a single-sided deposit at the spot price without fee:
/// 0.8 (BLND's weight) x supply / BLND balance.
fn comet_state(w: &World) -> Value {
    let c = blend_tu::comet::Client::new(&w.env, &w.comet);
    let supply = c.get_total_supply();
    let b = c.get_balance(&w.blnd);
    let u = c.get_balance(&w.usdc);
    let per = |x: i128| if supply > 0 { x.saturating_mul(SCALAR_7) / supply } else { 0 };
    let lp_per_blnd = if b > 0 { supply.saturating_mul(8_000_000) / b } else { 0 };
    json!({ "blnd_per_lp": s(per(b)), "usdc_per_lp": s(per(u)), "lp_per_blnd": s(lp_per_blnd) })
}

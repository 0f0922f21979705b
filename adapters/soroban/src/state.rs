//! The canonical observable state (src/protocol/state.ts `ObservableState`), read from the
//! contracts' getters and storage. Records equal to their storage default are left out, as the
//! model's `worldToState` does.

use std::collections::BTreeSet;

use blend_contract_sdk::emitter;
use serde_json::{json, Map, Value};
use soroban_sdk::{Address, Symbol, Vec};

use crate::storage_types::*;
use crate::store::Ledger;
use crate::world::World;

pub(crate) fn s<T: ToString>(x: T) -> Value {
    Value::String(x.to_string())
}

/// A Stellar Asset Contract balance of a contract address (BLND, USDC, reserve assets).
pub(crate) fn sac_balance(l: &Ledger, token: &Address, holder: &Address) -> i128 {
    l.persistent::<_, SacBalance>(token, &SacKey::Balance(holder.clone()))
        .map(|b| b.amount)
        .unwrap_or(0)
}

/// A Stellar Asset Contract allowance (0 once expired, as the contract reads it).
fn sac_allowance(l: &Ledger, token: &Address, from: &Address, spender: &Address, sequence: u32) -> i128 {
    match l.temporary::<_, SacAllowance>(
        token,
        &SacKey::Allowance(SacAllowanceKey {
            from: from.clone(),
            spender: spender.clone(),
        }),
    ) {
        Some(a) if a.live_until_ledger >= sequence => a.amount,
        _ => 0,
    }
}

/// An LP token (Comet) balance.
pub(crate) fn lp_balance(l: &Ledger, comet: &Address, holder: &Address) -> i128 {
    l.persistent::<_, i128>(comet, &CometTokenKey::Balance(holder.clone())).unwrap_or(0)
}

/// A user's positions in a pool (pool/src/pool/user.rs `Positions`).
pub fn positions(l: &Ledger, pool: &Address, user: &Address) -> Option<PlPositions> {
    l.persistent(pool, &PoolDataKey::Positions(user.clone()))
}

fn sym(w: &World, k: &str) -> Symbol {
    Symbol::new(&w.env, k)
}

/// A backstop user's entry in the protocol state (`shares`, `q4w`, `emission_data`), or None when
/// the user holds nothing there (no shares, no queued withdrawals, no emission data).
pub fn backstop_user_json(ub: Option<&BsUserBalance>, ue: Option<&EmisUserData>) -> Option<Value> {
    let empty_balance = ub.map(|x| x.shares == 0 && x.q4w.is_empty()).unwrap_or(true);
    if empty_balance && ue.is_none() {
        return None;
    }
    let (shares, q4w) = match ub {
        Some(x) => (
            x.shares,
            x.q4w
                .iter()
                .map(|q| json!({ "amount": s(q.amount), "exp": s(q.exp) }))
                .collect::<std::vec::Vec<_>>(),
        ),
        None => (0, std::vec::Vec::new()),
    };
    Some(json!({
        "shares": s(shares),
        "q4w": q4w,
        "emission_data": match ue { Some(e) => json!({ "index": s(e.index), "accrued": s(e.accrued) }), None => Value::Null },
    }))
}

pub fn read_state(w: &World) -> Value {
    if let Some(snap) = w.snap.as_ref() {
        return crate::snapstate::read_state(w, snap);
    }
    let env = &w.env;
    let l = &Ledger::take(env);
    let mut root = Map::new();
    root.insert("now".into(), s(env.ledger().timestamp()));
    root.insert("emitter".into(), emitter_state(w, l));

    // every pool name the backstops may hold records for
    let mut pool_names: BTreeSet<String> = w.pools.iter().map(|p| p.name.clone()).collect();
    for (_, p, _) in w.bs_touched.iter() {
        pool_names.insert(p.clone());
    }
    let mut backstops = Map::new();
    for (name, addr) in w.backstops.iter() {
        backstops.insert(name.clone(), backstop_state(w, l, name, addr, &pool_names));
    }
    root.insert("backstops".into(), Value::Object(backstops));

    let mut pools = Map::new();
    for p in w.pools.iter() {
        pools.insert(p.name.clone(), pool_state(w, l, p));
    }
    root.insert("pools".into(), Value::Object(pools));

    root.insert("comet".into(), comet_state(w, l));

    // asked of the factories at genesis: no protocol action deploys a pool
    let mut factory_pools: std::vec::Vec<String> = w.pools.iter().filter(|p| p.from_factory).map(|p| p.name.clone()).collect();
    factory_pools.sort();
    root.insert("factory_pools".into(), json!(factory_pools));

    // wallets of the actors (users, dev_fund, filler_depositor, any other name an action used);
    // the backstops' own BLND and LP are in backstops.*
    let mut wb = Map::new();
    let mut wl = Map::new();
    let mut holders = w.names.actors();
    for p in w.pools.iter() {
        holders.push((p.name.clone(), p.addr.clone()));
    }
    for (name, a) in holders.iter() {
        let b = sac_balance(l, &w.blnd, a);
        if b != 0 {
            wb.insert(name.clone(), s(b));
        }
        let l = lp_balance(l, &w.comet, a);
        if l != 0 {
            wl.insert(name.clone(), s(l));
        }
    }
    root.insert("wallets".into(), json!({ "blnd": Value::Object(wb), "lp": Value::Object(wl) }));
    Value::Object(root)
}

pub(crate) fn emitter_state(w: &World, l: &Ledger) -> Value {
    let backstop = l
        .instance::<Address>(&w.emitter, "Backstop")
        .map(|a| w.names.name_of(&a))
        .unwrap_or_default();
    let token_addr: Option<Address> = l.instance(&w.emitter, "BToken");
    let backstop_token = match token_addr {
        Some(a) if a == w.comet => w.emitter_token_name.clone(),
        Some(a) => w.names.name_of(&a),
        None => String::new(),
    };
    let mut last = Map::new();
    let mut dropped: std::vec::Vec<String> = std::vec::Vec::new();
    for (name, addr) in w.backstops.iter() {
        if let Some(t) = l.persistent::<_, u64>(&w.emitter, &EmitterDataKey::LastDistro(addr.clone())) {
            last.insert(name.clone(), s(t));
        }
        if l.persistent::<_, bool>(&w.emitter, &EmitterDataKey::Dropped(addr.clone()))
            .unwrap_or(false)
        {
            dropped.push(name.clone());
        }
    }
    dropped.sort();
    let queued = match l.persistent::<_, emitter::Swap>(&w.emitter, &sym(w, "Swap")) {
        None => Value::Null,
        Some(q) => {
            let tok = if q.new_backstop_token == w.comet {
                w.queued_token_name
                    .clone()
                    .unwrap_or_else(|| w.names.name_of(&q.new_backstop_token))
            } else {
                w.names.name_of(&q.new_backstop_token)
            };
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

fn backstop_state(w: &World, l: &Ledger, bs_name: &str, bs: &Address, pool_names: &BTreeSet<String>) -> Value {
    let env = &w.env;
    let last: u64 = l.persistent(bs, &sym(w, "LastDist")).unwrap_or(0);
    let backfill: Option<bool> = l.persistent(bs, &sym(w, "Backfill"));
    let backfill_emis: i128 = l.persistent(bs, &sym(w, "BackfillEmis")).unwrap_or(0);
    let rz: Vec<Address> = l.persistent(bs, &sym(w, "RZ")).unwrap_or_else(|| Vec::new(env));
    let drop_list: Vec<(Address, i128)> = l.persistent(bs, &sym(w, "DropList")).unwrap_or_else(|| Vec::new(env));

    let mut pools = Map::new();
    for pool_name in pool_names.iter() {
        let Some(pool_addr) = w.names.get(pool_name).cloned() else {
            continue;
        };
        let pb: Option<BsPoolBalance> = l.persistent(bs, &BackstopDataKey::PoolBalance(pool_addr.clone()));
        let rze: Option<BsRzEmissions> = l.persistent(bs, &BackstopDataKey::RzEmis(pool_addr.clone()));
        let ed: Option<BsEmissionData> = l.persistent(bs, &BackstopDataKey::BEmisData(pool_addr.clone()));
        let allowance = sac_allowance(l, &w.blnd, bs, &pool_addr, w.sequence());
        let mut users = Map::new();
        for (b, p, u) in w.bs_touched.iter() {
            if b != bs_name || p != pool_name {
                continue;
            }
            let Some(ua) = w.names.get(u).cloned() else { continue };
            let key = w.user_key(&pool_addr, &ua);
            let ub: Option<BsUserBalance> = l.persistent(bs, &BackstopDataKey::UserBalance(key.clone()));
            let ue: Option<EmisUserData> = l.persistent(bs, &BackstopDataKey::UEmisData(key));
            if let Some(j) = backstop_user_json(ub.as_ref(), ue.as_ref()) {
                users.insert(u.clone(), j);
            }
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
        "blnd": s(sac_balance(l, &w.blnd, bs)),
        "lp_tokens": s(lp_balance(l, &w.comet, bs)),
        "drop_list": drop_list.iter().map(|(a, v)| json!([w.names.name_of(&a), s(v)])).collect::<std::vec::Vec<_>>(),
        "pools": Value::Object(pools),
    })
}

pub(crate) fn pool_state(w: &World, l: &Ledger, p: &crate::world::PoolInfo) -> Value {
    let backstop: Option<Address> = l.instance(&p.addr, "Backstop");
    let mut reserves = std::vec::Vec::new();
    for (i, asset) in p.assets.iter().enumerate() {
        let data: Option<PlReserveData> = l.persistent(&p.addr, &PoolDataKey::ResData(asset.clone()));
        let d = data.unwrap_or(PlReserveData {
            d_rate: 0,
            b_rate: 0,
            ir_mod: 0,
            b_supply: 0,
            d_supply: 0,
            backstop_credit: 0,
            last_time: 0,
        });
        // scalar (10^decimals) and enabled come from the reserve config, which no action changes
        reserves.push(json!({
            "asset": w.names.name_of(asset), "scalar": s(p.scalars[i]), "enabled": p.enabled[i],
            "b_supply": s(d.b_supply), "d_supply": s(d.d_supply),
            "b_rate": s(d.b_rate), "d_rate": s(d.d_rate), "ir_mod": s(d.ir_mod),
            "backstop_credit": s(d.backstop_credit), "last_time": s(d.last_time),
        }));
    }
    let mut cfg = Map::new();
    let emis: Option<soroban_sdk::Map<u32, u64>> = l.persistent(&p.addr, &sym(w, "PoolEmis"));
    if let Some(m) = emis {
        for (k, v) in m.iter() {
            cfg.insert(k.to_string(), s(v));
        }
    }
    let n_ids = 2 * p.assets.len() as u32;
    let mut red = Map::new();
    for id in 0..n_ids {
        let e: Option<PlReserveEmissionData> = l.persistent(&p.addr, &PoolDataKey::EmisData(id));
        if let Some(e) = e {
            red.insert(
                id.to_string(),
                json!({ "eps": s(e.eps), "expiration": s(e.expiration), "index": s(e.index), "last_time": s(e.last_time) }),
            );
        }
    }
    let mut users = Map::new();
    for (pn, u) in w.pool_touched.iter() {
        if *pn != p.name {
            continue;
        }
        let Some(ua) = w.names.get(u).cloned() else { continue };
        let pos = positions(l, &p.addr, &ua);
        let mut supply = Map::new();
        let mut liab = Map::new();
        for i in 0..p.assets.len() as u32 {
            let b = pos
                .as_ref()
                .map(|x| x.supply.get(i).unwrap_or(0) + x.collateral.get(i).unwrap_or(0))
                .unwrap_or(0);
            if b != 0 {
                supply.insert(i.to_string(), s(b));
            }
            let d = pos.as_ref().map(|x| x.liabilities.get(i).unwrap_or(0)).unwrap_or(0);
            if d != 0 {
                liab.insert(i.to_string(), s(d));
            }
        }
        let mut ued = Map::new();
        for id in 0..n_ids {
            let e: Option<EmisUserData> = l.persistent(
                &p.addr,
                &PoolDataKey::UserEmis(UserReserveKey {
                    user: ua.clone(),
                    reserve_id: id,
                }),
            );
            if let Some(e) = e {
                ued.insert(id.to_string(), json!({ "index": s(e.index), "accrued": s(e.accrued) }));
            }
        }
        if supply.is_empty() && liab.is_empty() && ued.is_empty() {
            continue;
        }
        users.insert(
            u.clone(),
            json!({ "supply": Value::Object(supply), "liabilities": Value::Object(liab), "emission_data": Value::Object(ued) }),
        );
    }
    json!({
        "backstop": backstop.map(|a| w.names.name_of(&a)).unwrap_or_default(),
        "reserves": reserves,
        "emission_config": Value::Object(cfg),
        "reserve_emission_data": Value::Object(red),
        "users": Value::Object(users),
    })
}

/// The Comet's pool as it stores it (model/state.ts `CometState`): the BLND and USDC records
/// (`AllRecordData`: balance, weight, scalar), the LP supply (`TotalShares`) and the swap fee
/// (instance `SwapFee`).
pub(crate) fn comet_state(w: &World, l: &Ledger) -> Value {
    let supply: i128 = l.persistent(&w.comet, &CometKey::TotalShares).unwrap_or(0);
    let fee: i128 = l.instance_key(&w.comet, &CometKey::SwapFee).unwrap_or(0);
    let records: Option<soroban_sdk::Map<Address, CometRecord>> = l.persistent(&w.comet, &CometKey::AllRecordData);
    let rec = |t: &Address| match records.as_ref().and_then(|m| m.get(t.clone())) {
        Some(r) => json!({ "balance": s(r.balance), "weight": s(r.weight), "scalar": s(r.scalar) }),
        None => json!({ "balance": "0", "weight": "0", "scalar": "0" }),
    };
    json!({ "blnd": rec(&w.blnd), "usdc": rec(&w.usdc), "lp_supply": s(supply), "swap_fee": s(fee) })
}

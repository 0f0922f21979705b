//! The pieces of the observable state both kinds of world read alike (the emitter, a v2 pool, the
//! Comet, balances and allowances, a backstop user's entry): `state.rs` (a generated world) and
//! `snapstate.rs` (a snapshot world) build their states from them.

use blend_contract_sdk::emitter;
use serde_json::{json, Map, Value};
use soroban_sdk::{Address, Symbol};

use crate::storage_types::*;
use crate::store::Ledger;
use crate::world::{PoolInfo, World};

/// A map keyed by names or indices as the canonical state text orders it (JavaScript's order of an
/// object built from sorted entries, src/protocol/state-text.ts): index-like keys first,
/// numerically, then the others by string. With the fixed-shape objects written in the harness's
/// field order (serde_json's `preserve_order`), a `state` reply is then the harness's canonical text
/// byte for byte, which it takes without parsing (docs/protocol.md).
pub fn keyed(m: Map<String, Value>) -> Value {
    let mut entries: std::vec::Vec<(String, Value)> = m.into_iter().collect();
    entries.sort_by(|(a, _), (b, _)| canonical_cmp(a, b));
    Value::Object(entries.into_iter().collect())
}

/// The canonical order of two keys of an object (`keyed`): index-like keys first, numerically,
/// then the others by their UTF-16 code units (JavaScript's string order).
pub fn canonical_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn index(k: &str) -> Option<u64> {
        let ok = !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) && (k == "0" || !k.starts_with('0'));
        ok.then(|| k.parse::<u64>().ok()).flatten().filter(|&n| n < 4_294_967_295)
    }
    match (index(a), index(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.encode_utf16().cmp(b.encode_utf16()),
    }
}

pub fn s<T: ToString>(x: T) -> Value {
    Value::String(x.to_string())
}

/// A Stellar Asset Contract balance of a contract address (BLND, USDC, reserve assets).
pub fn sac_balance(l: &Ledger, token: &Address, holder: &Address) -> i128 {
    l.persistent::<_, SacBalance>(token, &SacKey::Balance(holder.clone()))
        .map(|b| b.amount)
        .unwrap_or(0)
}

/// A Stellar Asset Contract allowance (0 once expired, as the contract reads it).
pub fn sac_allowance(l: &Ledger, token: &Address, from: &Address, spender: &Address, sequence: u32) -> i128 {
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
pub fn lp_balance(l: &Ledger, comet: &Address, holder: &Address) -> i128 {
    l.persistent::<_, i128>(comet, &CometTokenKey::Balance(holder.clone())).unwrap_or(0)
}

/// A user's positions in a pool (pool/src/pool/user.rs `Positions`).
pub fn positions(l: &Ledger, pool: &Address, user: &Address) -> Option<PlPositions> {
    l.persistent(pool, &PoolDataKey::Positions(user.clone()))
}

pub fn sym(w: &World, k: &str) -> Symbol {
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

pub fn emitter_state(w: &World, l: &Ledger) -> Value {
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
        "last_distro": keyed(last),
        "dropped": dropped,
        "queued_swap": queued,
    })
}

pub fn pool_state(w: &World, l: &Ledger, p: &PoolInfo) -> Value {
    let mut m = pool_head(w, l, p);
    let mut users = Map::new();
    for (pn, u) in w.pool_touched.iter() {
        if *pn != p.name {
            continue;
        }
        let Some(ua) = w.names.get(u).cloned() else { continue };
        if let Some(j) = pool_user(l, p, &ua) {
            users.insert(u.clone(), j);
        }
    }
    m.insert("users".into(), keyed(users));
    Value::Object(m)
}

/// A v2 pool's fields but `users`, in the canonical order (`pool_state`, which adds `users` last).
pub fn pool_head(w: &World, l: &Ledger, p: &PoolInfo) -> Map<String, Value> {
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
        // scalar (10^decimals), decimals and enabled come from the reserve config, which no action changes
        reserves.push(json!({
            "asset": w.names.name_of(asset), "scalar": s(p.scalars[i]), "decimals": p.decimals[i], "enabled": p.enabled[i],
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
    let mut m = Map::new();
    m.insert(
        "backstop".into(),
        Value::String(backstop.map(|a| w.names.name_of(&a)).unwrap_or_default()),
    );
    m.insert("reserves".into(), Value::Array(reserves));
    m.insert("emission_config".into(), keyed(cfg));
    m.insert("reserve_emission_data".into(), keyed(red));
    m
}

/// A user's entry in a v2 pool's `users` (positions and emission records), or None when it is left
/// out (nothing there).
pub fn pool_user(l: &Ledger, p: &PoolInfo, ua: &Address) -> Option<Value> {
    let n_ids = 2 * p.assets.len() as u32;
    let pos = positions(l, &p.addr, ua);
    let mut supply = Map::new();
    let mut plain = Map::new();
    let mut liab = Map::new();
    for i in 0..p.assets.len() as u32 {
        // `supply`: the b tokens of both kinds (the emission balance, `get_total_supply`);
        // `uncollateralized`: the part supplied without collateral (request type 0)
        let u = pos.as_ref().map(|x| x.supply.get(i).unwrap_or(0)).unwrap_or(0);
        if u != 0 {
            plain.insert(i.to_string(), s(u));
        }
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
        return None;
    }
    let mut entry = json!({ "supply": keyed(supply), "liabilities": keyed(liab), "emission_data": keyed(ued) });
    if !plain.is_empty() {
        entry["uncollateralized"] = keyed(plain);
    }
    Some(entry)
}

/// The Comet's pool as it stores it (model/state.ts `CometState`): the BLND and USDC records
/// (`AllRecordData`: balance, weight, scalar), the LP supply (`TotalShares`) and the swap fee
/// (instance `SwapFee`).
pub fn comet_state(w: &World, l: &Ledger) -> Value {
    let supply: i128 = l.persistent(&w.comet, &CometKey::TotalShares).unwrap_or(0);
    let fee: i128 = l.instance_key(&w.comet, &CometKey::SwapFee).unwrap_or(0);
    let records: Option<soroban_sdk::Map<Address, CometRecord>> = l.persistent(&w.comet, &CometKey::AllRecordData);
    let rec = |t: &Address| match records.as_ref().and_then(|m| m.get(t.clone())) {
        Some(r) => json!({ "balance": s(r.balance), "weight": s(r.weight), "scalar": s(r.scalar) }),
        None => json!({ "balance": "0", "weight": "0", "scalar": "0" }),
    };
    json!({ "blnd": rec(&w.blnd), "usdc": rec(&w.usdc), "lp_supply": s(supply), "swap_fee": s(fee) })
}

//! The canonical observable state (src/protocol/state.ts `ObservableState`), read from the
//! contracts' getters and storage. Records equal to their storage default are left out, as the
//! model's `worldToState` does.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};
use soroban_sdk::{Address, Vec};

use crate::state_parts::{keyed, backstop_user_json, comet_state, emitter_state, lp_balance, pool_state, s, sac_allowance, sac_balance, sym};
use crate::storage_types::*;
use crate::store::Ledger;
use crate::world::World;

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
    root.insert("backstops".into(), keyed(backstops));

    let mut pools = Map::new();
    for p in w.pools.iter() {
        pools.insert(p.name.clone(), pool_state(w, l, p));
    }
    root.insert("pools".into(), keyed(pools));

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
    root.insert("wallets".into(), json!({ "blnd": keyed(wb), "lp": keyed(wl) }));
    Value::Object(root)
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
                "users": keyed(users),
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
        "pools": keyed(pools),
    })
}

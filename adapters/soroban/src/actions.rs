//! One protocol action = one top-level invocation of a real contract (plus, for pool requests,
//! the set-up a wallet would do first: holding the underlying). A rejected invocation is rolled
//! back by the host and answered with its error.

use blend_contract_sdk::pool;
use serde_json::Value;
use soroban_sdk::{testutils::Ledger, vec, Address, IntoVal, TryFromVal, Val, Vec};

use crate::protocol::{bad, Args, BadRequest, CallError, Res};
use crate::world::World;

/// The outcome of one action: its return value (decimal string or null) or the contract's error.
pub type Outcome = Result<Value, CallError>;

fn amount(v: Val, w: &World) -> Value {
    match i128::try_from_val(&w.env, &v) {
        Ok(x) => Value::String(x.to_string()),
        Err(_) => Value::Null,
    }
}

fn null(r: Result<Val, CallError>) -> Outcome {
    r.map(|_| Value::Null)
}

/// The pool request types (pool/src/pool/actions.rs `RequestType`). Supplies go in as collateral
/// so that a borrow can be backed; the model counts supply and collateral alike.
fn request_type(action: &str) -> u32 {
    match action {
        "pool.supply" => 2,
        "pool.withdraw" => 3,
        "pool.borrow" => 4,
        _ => 5, // pool.repay
    }
}

pub fn apply(w: &mut World, action: &str, a: &Args) -> Res<Outcome> {
    let env = w.env.clone();
    match action {
        "advance_time" => {
            let s = a.u64_str("seconds")?;
            let now = env.ledger().timestamp();
            let Some(t) = now.checked_add(s) else {
                return bad("advance_time: the ledger time would overflow u64");
            };
            env.ledger().set_timestamp(t);
            Ok(Ok(Value::Null))
        }
        "comet.set_composition" => {
            let b = a.i128("blnd_per_lp")?;
            let u = a.i128("usdc_per_lp")?;
            // v1 backstops then store the new LP token value (update_tkn_val), as the model does
            Ok(w.set_composition(b, u)
                .and_then(|_| w.update_v1_token_values())
                .map(|_| Value::Null))
        }
        "emitter.distribute" => Ok(w.invoke(&w.emitter, "distribute", Vec::new(&env)).map(|v| amount(v, w))),
        "emitter.queue_swap_backstop" => {
            let nb_name = a.str("new_backstop")?;
            let nt_name = a.str("new_backstop_token")?;
            let nb = w.addr(nb_name);
            let nt = w.addr(nt_name);
            let r = w.invoke(&w.emitter, "queue_swap_backstop", vec![&env, nb.into_val(&env), nt.into_val(&env)]);
            if r.is_ok() {
                w.queued_token_name = Some(nt_name.to_string());
            }
            Ok(null(r))
        }
        "emitter.cancel_swap_backstop" => {
            let r = w.invoke(&w.emitter, "cancel_swap_backstop", Vec::new(&env));
            if r.is_ok() {
                w.queued_token_name = None;
            }
            Ok(null(r))
        }
        "emitter.swap_backstop" => {
            let r = w.invoke(&w.emitter, "swap_backstop", Vec::new(&env));
            if r.is_ok() {
                if let Some(n) = w.queued_token_name.take() {
                    w.emitter_token_name = n;
                }
            }
            Ok(null(r))
        }
        "backstop.distribute" => {
            let bs = w.addr(a.str("contract")?);
            Ok(w.invoke(&bs, "distribute", Vec::new(&env)).map(|v| amount(v, w)))
        }
        "backstop.add_reward" => {
            let bs = w.addr(a.str("contract")?);
            let to_add = w.addr(a.str("to_add")?);
            let to_remove: Option<Address> = match a.opt_str("to_remove")? {
                Some(n) => Some(w.addr(n)),
                None => None,
            };
            if w.is_v1_backstop(a.str("contract")?) {
                // v1: add_reward(to_add, to_remove: Address). Without a pool to remove, `to_add`
                // itself stands in: it is not in the zone (checked first), so a full zone answers
                // InvalidRewardZoneEntry as for any pool not in it, and a zone with room ignores it
                let to_remove = to_remove.unwrap_or_else(|| to_add.clone());
                return Ok(null(w.invoke(
                    &bs,
                    "add_reward",
                    vec![&env, to_add.into_val(&env), to_remove.into_val(&env)],
                )));
            }
            Ok(null(w.invoke(
                &bs,
                "add_reward",
                vec![&env, to_add.into_val(&env), to_remove.into_val(&env)],
            )))
        }
        "backstop.remove_reward" => {
            let bs = w.addr(a.str("contract")?);
            let to_remove = w.addr(a.str("to_remove")?);
            Ok(null(w.invoke(&bs, "remove_reward", vec![&env, to_remove.into_val(&env)])))
        }
        "backstop.deposit" | "backstop.queue_withdrawal" | "backstop.dequeue_withdrawal" | "backstop.withdraw" => {
            let bs_name = a.str("contract")?;
            let from_name = a.str("from")?;
            let pool_name = a.str("pool_address")?;
            let amt = a.i128("amount")?;
            let bs = w.addr(bs_name);
            let from = w.addr(from_name);
            let pool_addr = w.addr(pool_name);
            w.bs_touched
                .insert((bs_name.to_string(), pool_name.to_string(), from_name.to_string()));
            let func = &action["backstop.".len()..];
            let r = w.invoke(
                &bs,
                func,
                vec![&env, from.into_val(&env), pool_addr.into_val(&env), amt.into_val(&env)],
            );
            Ok(match func {
                "deposit" | "withdraw" => r.map(|v| amount(v, w)),
                _ => null(r),
            })
        }
        "backstop.claim" => {
            // v2: claim(from, pool_addresses, min_lp_tokens_out); the LP goes back to `from`'s
            // positions (the protocol's `to` is the v1 recipient and has no v2 counterpart)
            let bs_name = a.str("contract")?;
            let from_name = a.str("from")?;
            let pools = a.str_list("pool_addresses")?;
            let min_out = a.i128("min_lp_tokens_out")?;
            let to_name = a.str("to")?;
            let bs = w.addr(bs_name);
            let from = w.addr(from_name);
            let mut list: Vec<Address> = Vec::new(&env);
            for p in pools.iter() {
                list.push_back(w.addr(p));
                w.bs_touched.insert((bs_name.to_string(), p.to_string(), from_name.to_string()));
            }
            if w.is_v1_backstop(bs_name) {
                // v1: claim(from, pool_addresses, to): the BLND claimed (its LP deposited for `to`)
                let to = w.addr(to_name);
                for p in pools.iter() {
                    w.bs_touched.insert((bs_name.to_string(), p.to_string(), to_name.to_string()));
                }
                return Ok(w
                    .invoke(
                        &bs,
                        "claim",
                        vec![&env, from.into_val(&env), list.into_val(&env), to.into_val(&env)],
                    )
                    .map(|v| amount(v, w)));
            }
            Ok(w.invoke(
                &bs,
                "claim",
                vec![&env, from.into_val(&env), list.into_val(&env), min_out.into_val(&env)],
            )
            .map(|v| amount(v, w)))
        }
        "backstop.drop" => {
            let bs = w.addr(a.str("contract")?);
            Ok(null(w.invoke(&bs, "drop", Vec::new(&env))))
        }
        "pool.set_emissions_config" => {
            let p = w.addr(a.str("contract")?);
            let items = a.array("res_emission_metadata")?;
            let mut list: Vec<pool::ReserveEmissionMetadata> = Vec::new(&env);
            for it in items {
                let o = it
                    .as_object()
                    .ok_or_else(|| BadRequest("pool.set_emissions_config: an item is not an object".into()))?;
                let ia = Args { action, map: o };
                let share_s = ia.str("share")?;
                let Ok(share) = share_s.parse::<u64>() else {
                    // a share that is not a u64 cannot be passed to the contract at all
                    return Ok(Err(CallError {
                        contract: "WasmVm",
                        code: 2,
                    }));
                };
                list.push_back(pool::ReserveEmissionMetadata {
                    res_index: ia.u32("res_index")?,
                    res_type: ia.u32("res_type")?,
                    share,
                });
            }
            Ok(null(w.invoke(&p, "set_emissions_config", vec![&env, list.into_val(&env)])))
        }
        "pool.supply" | "pool.withdraw" | "pool.borrow" | "pool.repay" => submit(w, action, a),
        "pool.gulp_emissions" => {
            let p = w.addr(a.str("contract")?);
            Ok(w.invoke(&p, "gulp_emissions", Vec::new(&env)).map(|v| amount(v, w)))
        }
        "pool.claim" => {
            let pool_name = a.str("contract")?;
            let from_name = a.str("from")?;
            let ids = a.u32_list("reserve_token_ids")?;
            let to_name = a.str("to")?;
            let p = w.addr(pool_name);
            let from = w.addr(from_name);
            let to = w.addr(to_name);
            w.pool_touched.insert((pool_name.to_string(), from_name.to_string()));
            let mut list: Vec<u32> = Vec::new(&env);
            for id in ids {
                list.push_back(id);
            }
            Ok(
                w.invoke(&p, "claim", vec![&env, from.into_val(&env), list.into_val(&env), to.into_val(&env)])
                    .map(|v| amount(v, w)),
            )
        }
        "backstop.gulp_emissions" => {
            let bs_name = a.str("contract")?;
            if !w.is_v1_backstop(bs_name) {
                return bad(format!("backstop.gulp_emissions is the v1 flow; {bs_name} runs the v2 contract"));
            }
            // v1 gulp_emissions() returns nothing; the BLND gulped is its `gulp_emissions` event's data
            let bs = w.addr(bs_name);
            Ok(w.invoke(&bs, "gulp_emissions", Vec::new(&env))
                .map(|_| match w.last_event_amount(&bs, "gulp_emissions") {
                    Some(x) => Value::String(x.to_string()),
                    None => Value::Null,
                }))
        }
        other => bad(format!("unknown action {other}")),
    }
}

/// b tokens (supply + collateral) or d tokens of `user` in reserve `idx`.
fn position(w: &World, pool_addr: &Address, user: &Address, idx: u32, debt: bool) -> i128 {
    match crate::state::positions(&crate::store::Ledger::take(&w.env), pool_addr, user) {
        Some(p) => {
            if debt {
                p.liabilities.get(idx).unwrap_or(0)
            } else {
                p.supply.get(idx).unwrap_or(0) + p.collateral.get(idx).unwrap_or(0)
            }
        }
        None => 0,
    }
}

/// `submit(from, from, from, [request])`; the result is the b or d tokens moved, as the model's.
fn submit(w: &mut World, action: &str, a: &Args) -> Res<Outcome> {
    let env = w.env.clone();
    let pool_name = a.str("contract")?;
    let from_name = a.str("from")?;
    let idx = a.u32("reserve_index")?;
    let amt = a.i128("amount")?;
    let pool_addr = w.addr(pool_name);
    let from = w.addr(from_name);
    w.pool_touched.insert((pool_name.to_string(), from_name.to_string()));
    let asset = match w.pool(pool_name).and_then(|p| p.assets.get(idx as usize)) {
        Some(x) => x.clone(),
        // no such reserve: the contract is asked about an address that is no reserve of it
        None => w.addr(&format!("{pool_name}.asset{idx}")),
    };
    let rt = request_type(action);
    let known_asset = w.pool(pool_name).map(|p| p.assets.iter().any(|x| *x == asset)).unwrap_or(false);
    if known_asset && (rt == 2 || rt == 5) && amt > 0 {
        // a wallet holds the underlying it supplies or repays with
        let bal = soroban_sdk::token::TokenClient::new(&env, &asset).balance(&from);
        if bal < amt {
            let _ = w.invoke(&asset, "mint", vec![&env, from.into_val(&env), (amt - bal).into_val(&env)]);
        }
    }
    let debt = rt == 4 || rt == 5;
    let before = position(w, &pool_addr, &from, idx, debt);
    let req = pool::Request {
        request_type: rt,
        address: asset,
        amount: amt,
    };
    let reqs: Vec<pool::Request> = vec![&env, req];
    let r = w.invoke(
        &pool_addr,
        "submit",
        vec![
            &env,
            from.into_val(&env),
            from.into_val(&env),
            from.into_val(&env),
            reqs.into_val(&env),
        ],
    );
    Ok(r.map(|_| {
        let after = position(w, &pool_addr, &from, idx, debt);
        Value::String((after - before).abs().to_string())
    }))
}

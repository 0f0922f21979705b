//! One protocol action = one top-level invocation of a real contract (plus, for pool requests,
//! the set-up a wallet would do first: holding the underlying). A rejected invocation is rolled
//! back by the host and answered with its error.

use blend_contract_sdk::pool;
use serde_json::Value;
use soroban_sdk::{testutils::Ledger, vec, Address, IntoVal, TryFromVal, Val, Vec};

use crate::codes::HostCode;
use crate::protocol::{
    bad, BackstopUserArgs, CallError, PoolRequest, PoolRequestArgs, Request, Res, SubmitRequestsArgs, UnknownRequestArgs,
    FIRST_UNKNOWN_REQUEST_TYPE,
};
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

/// Answer one entry point. `handshake`, `init` and `state` are not entry points: the caller
/// answers them (they are a BadRequest here).
pub fn apply(w: &mut World, req: &Request) -> Res<Outcome> {
    let env = w.env.clone();
    match req {
        Request::Handshake(_) | Request::Init(_) | Request::State { .. } => bad("handshake, init and state are not entry points"),
        // read-only: each claim simulated and rolled back (claimable.rs)
        Request::Claimable(a) => Ok(Ok(crate::claimable::answer(w, a)?)),
        Request::AdvanceTime { seconds } => {
            let now = env.ledger().timestamp();
            let Some(t) = now.checked_add(seconds.0) else {
                return bad("advance_time: the ledger time would overflow u64");
            };
            env.ledger().set_timestamp(t);
            Ok(Ok(Value::Null))
        }
        Request::AdvanceBlocks { blocks } => {
            // generated worlds only: a snapshot's entries keep the snapshot's TTLs (world.rs genesis)
            if w.snap.is_some() {
                return bad("advance_blocks: not in a snapshot world");
            }
            let Some(seq) = env.ledger().sequence().checked_add(*blocks) else {
                return bad("advance_blocks: the ledger sequence would overflow u32");
            };
            env.ledger().set_sequence_number(seq);
            Ok(Ok(Value::Null))
        }
        Request::NewAuction {
            contract,
            auction_type,
            user,
            bid,
            lot,
            percent,
        } => {
            let p = w.addr(contract);
            let u = w.addr(user);
            let mut bv: Vec<Address> = Vec::new(&env);
            for b in bid {
                bv.push_back(w.addr(b));
            }
            let mut lv: Vec<Address> = Vec::new(&env);
            for l in lot {
                lv.push_back(w.addr(l));
            }
            let args = vec![
                &env,
                auction_type.into_val(&env),
                u.into_val(&env),
                bv.into_val(&env),
                lv.into_val(&env),
                percent.into_val(&env),
            ];
            Ok(null(w.invoke(&p, "new_auction", args)))
        }
        Request::FillAuction {
            contract,
            from,
            auction_type,
            user,
            percent,
        } => {
            let p = w.addr(contract);
            let f = w.addr(from);
            let u = w.addr(user);
            w.pool_touched.insert((contract.clone(), from.clone()));
            // an interest fill's donate pulls the filler's LP with transfer_from (the backstop the
            // spender): the filler approves the pool's backstop first, as a wallet would, for any
            // amount (the scaled bid is the contract's to compute), so a short balance fails on the
            // balance, as the model's; the approval is not an entry point
            if *auction_type == 2 {
                if let Some(bs_name) = w.pool(contract).map(|x| x.backstop.clone()) {
                    let bs = w.addr(&bs_name);
                    let comet = w.comet.clone();
                    let live_until = w.sequence() + 100;
                    let _ = w.invoke(
                        &comet,
                        "approve",
                        vec![
                            &env,
                            f.into_val(&env),
                            bs.into_val(&env),
                            i128::MAX.into_val(&env),
                            live_until.into_val(&env),
                        ],
                    );
                }
            }
            let mut reqs: Vec<pool::Request> = Vec::new(&env);
            reqs.push_back(pool::Request {
                request_type: 6 + *auction_type,
                address: u,
                amount: percent.0,
            });
            let args = vec![&env, f.into_val(&env), f.into_val(&env), f.into_val(&env), reqs.into_val(&env)];
            Ok(null(w.invoke(&p, "submit", args)))
        }
        Request::SetComposition { blnd_per_lp, usdc_per_lp } => {
            // v1 backstops then store the new LP token value (update_tkn_val), as the model does
            Ok(w.set_composition(blnd_per_lp.0, usdc_per_lp.0)
                .and_then(|_| w.update_v1_token_values())
                .map(|_| Value::Null))
        }
        Request::SetOraclePrice { asset, price, timestamp } => {
            let Some(oracle) = w
                .natives
                .iter()
                .find(|(_, n)| *n == crate::world::Native::FlatOracle)
                .map(|(a, _)| a.clone())
            else {
                return bad("oracle.set_price: this world has no oracle");
            };
            let a = w.addr(asset);
            let t: Option<u64> = timestamp.as_ref().map(|t| t.0);
            Ok(w.invoke(
                &oracle,
                "set_price",
                vec![&env, a.into_val(&env), price.0.into_val(&env), t.into_val(&env)],
            )
            .map(|_| Value::Null))
        }
        Request::EmitterDistribute {} => Ok(w.invoke(&w.emitter, "distribute", Vec::new(&env)).map(|v| amount(v, w))),
        Request::QueueSwapBackstop {
            new_backstop,
            new_backstop_token,
        } => {
            let nb = w.addr(new_backstop);
            let nt = w.addr(new_backstop_token);
            let r = w.invoke(&w.emitter, "queue_swap_backstop", vec![&env, nb.into_val(&env), nt.into_val(&env)]);
            if r.is_ok() {
                w.queued_token_name = Some(new_backstop_token.clone());
            }
            Ok(null(r))
        }
        Request::CancelSwapBackstop {} => {
            let r = w.invoke(&w.emitter, "cancel_swap_backstop", Vec::new(&env));
            if r.is_ok() {
                w.queued_token_name = None;
            }
            Ok(null(r))
        }
        Request::SwapBackstop {} => {
            let r = w.invoke(&w.emitter, "swap_backstop", Vec::new(&env));
            if r.is_ok() {
                if let Some(n) = w.queued_token_name.take() {
                    w.emitter_token_name = n;
                }
            }
            Ok(null(r))
        }
        Request::EmitterDrop { list } => {
            // drop(list): the emitter's `backstop.require_auth()` of its current backstop, here
            // under the host's mock auth as every authorised call of the driver (the backstop's
            // own `drop()` is `backstop.drop`); the list is passed as given, in order
            let mut l: Vec<(Address, i128)> = Vec::new(&env);
            for (to, amt) in list {
                l.push_back((w.addr(to), amt.0));
            }
            Ok(null(w.invoke(&w.emitter, "drop", vec![&env, l.into_val(&env)])))
        }
        Request::BackstopDistribute(a) => {
            let bs = w.addr(&a.contract);
            Ok(w.invoke(&bs, "distribute", Vec::new(&env)).map(|v| amount(v, w)))
        }
        Request::AddReward {
            contract,
            to_add,
            to_remove,
        } => {
            let bs = w.addr(contract);
            let to_add = w.addr(to_add);
            let to_remove: Option<Address> = to_remove.as_deref().map(|n| w.addr(n));
            if w.is_v1_backstop(contract) {
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
        Request::RemoveReward { contract, to_remove } => {
            let bs = w.addr(contract);
            let to_remove = w.addr(to_remove);
            Ok(null(w.invoke(&bs, "remove_reward", vec![&env, to_remove.into_val(&env)])))
        }
        Request::Deposit(a) => Ok(backstop_user(w, "deposit", a).map(|v| amount(v, w))),
        Request::QueueWithdrawal(a) => Ok(null(backstop_user(w, "queue_withdrawal", a))),
        Request::DequeueWithdrawal(a) => Ok(null(backstop_user(w, "dequeue_withdrawal", a))),
        Request::BackstopWithdraw(a) => Ok(backstop_user(w, "withdraw", a).map(|v| amount(v, w))),
        Request::BackstopClaim {
            contract: bs_name,
            from: from_name,
            pool_addresses: pools,
            min_lp_tokens_out,
            to: to_name,
        } => {
            // v2: claim(from, pool_addresses, min_lp_tokens_out); the LP goes back to `from`'s
            // positions (the protocol's `to` is the v1 recipient and has no v2 counterpart)
            let bs = w.addr(bs_name);
            let from = w.addr(from_name);
            let mut list: Vec<Address> = Vec::new(&env);
            for p in pools.iter() {
                list.push_back(w.addr(p));
                w.bs_touched.insert((bs_name.clone(), p.clone(), from_name.clone()));
            }
            if w.is_v1_backstop(bs_name) {
                // v1: claim(from, pool_addresses, to): the BLND claimed (its LP deposited for `to`)
                let to = w.addr(to_name);
                for p in pools.iter() {
                    w.bs_touched.insert((bs_name.clone(), p.clone(), to_name.clone()));
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
                vec![&env, from.into_val(&env), list.into_val(&env), min_lp_tokens_out.0.into_val(&env)],
            )
            .map(|v| amount(v, w)))
        }
        Request::Drop(a) => {
            let bs = w.addr(&a.contract);
            Ok(null(w.invoke(&bs, "drop", Vec::new(&env))))
        }
        Request::Draw {
            contract,
            pool_address,
            amount,
            to,
        } => {
            // draw(pool_address, amount, to): the pool's call (its require_auth), here under the
            // host's mock auth as every authorised call of the driver
            let bs = w.addr(contract);
            let pool_addr = w.addr(pool_address);
            let to = w.addr(to);
            Ok(null(w.invoke(
                &bs,
                "draw",
                vec![&env, pool_addr.into_val(&env), amount.0.into_val(&env), to.into_val(&env)],
            )))
        }
        Request::Donate(a) => {
            // v2 pulls the donation with the LP token's transfer_from: `from` first approves the
            // backstop for the amount, as a wallet would (v1 pulls with transfer). The approval is
            // not an entry point: its own failure (a negative amount) is left to the donate
            if !w.is_v1_backstop(&a.contract) && a.amount.0 >= 0 {
                let bs = w.addr(&a.contract);
                let from = w.addr(&a.from);
                let comet = w.comet.clone();
                let live_until = w.sequence() + 100;
                let _ = w.invoke(
                    &comet,
                    "approve",
                    vec![
                        &env,
                        from.into_val(&env),
                        bs.into_val(&env),
                        a.amount.0.into_val(&env),
                        live_until.into_val(&env),
                    ],
                );
            }
            Ok(null(backstop_user(w, "donate", a)))
        }
        Request::SetEmissionsConfig {
            contract,
            res_emission_metadata,
        } => {
            let p = w.addr(contract);
            let mut list: Vec<pool::ReserveEmissionMetadata> = Vec::new(&env);
            for it in res_emission_metadata {
                let Ok(share) = it.share.parse::<u64>() else {
                    // a share that is not a u64 cannot be passed to the contract at all
                    return Ok(Err(CallError::host(HostCode::InvalidInput)));
                };
                list.push_back(pool::ReserveEmissionMetadata {
                    res_index: it.res_index,
                    res_type: it.res_type,
                    share,
                });
            }
            Ok(null(w.invoke(&p, "set_emissions_config", vec![&env, list.into_val(&env)])))
        }
        Request::Supply(a) => submit(w, PoolRequest::SupplyCollateral, a),
        Request::PoolWithdraw(a) => submit(w, PoolRequest::WithdrawCollateral, a),
        Request::Borrow(a) => submit(w, PoolRequest::Borrow, a),
        Request::Repay(a) => submit(w, PoolRequest::Repay, a),
        Request::SupplyUncollateralized(a) => submit(w, PoolRequest::Supply, a),
        Request::WithdrawUncollateralized(a) => submit(w, PoolRequest::Withdraw, a),
        Request::SubmitUnknownRequest(a) => submit_unknown(w, a),
        Request::SubmitRequests(a) => submit_requests(w, a),
        Request::PoolUpdateStatus(a) => {
            let p = w.addr(&a.contract);
            Ok(w.invoke(&p, "update_status", Vec::new(&env))
                .map(|v| match u32::try_from_val(&w.env, &v) {
                    Ok(x) => Value::String(x.to_string()),
                    Err(_) => Value::Null,
                }))
        }
        Request::PoolGulpEmissions(a) => {
            let p = w.addr(&a.contract);
            Ok(w.invoke(&p, "gulp_emissions", Vec::new(&env)).map(|v| amount(v, w)))
        }
        Request::PoolClaim {
            contract: pool_name,
            from: from_name,
            reserve_token_ids: ids,
            to: to_name,
        } => {
            let p = w.addr(pool_name);
            let from = w.addr(from_name);
            let to = w.addr(to_name);
            w.pool_touched.insert((pool_name.clone(), from_name.clone()));
            let mut list: Vec<u32> = Vec::new(&env);
            for id in ids {
                list.push_back(*id);
            }
            Ok(
                w.invoke(&p, "claim", vec![&env, from.into_val(&env), list.into_val(&env), to.into_val(&env)])
                    .map(|v| amount(v, w)),
            )
        }
        Request::BackstopGulpEmissions(a) => {
            let bs_name = &a.contract;
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
    }
}

/// `deposit`, `queue_withdrawal`, `dequeue_withdrawal` or `withdraw(from, pool_address, amount)` on a backstop.
fn backstop_user(w: &mut World, func: &str, a: &BackstopUserArgs) -> Result<Val, CallError> {
    let env = w.env.clone();
    let bs = w.addr(&a.contract);
    let from = w.addr(&a.from);
    let pool_addr = w.addr(&a.pool_address);
    w.bs_touched.insert((a.contract.clone(), a.pool_address.clone(), a.from.clone()));
    w.invoke(
        &bs,
        func,
        vec![&env, from.into_val(&env), pool_addr.into_val(&env), a.amount.0.into_val(&env)],
    )
}

/// b tokens (supply + collateral) or d tokens of `user` in reserve `idx`.
fn position(w: &World, pool_addr: &Address, user: &Address, idx: u32, debt: bool) -> i128 {
    match crate::state_parts::positions(&w.ledger(), pool_addr, user) {
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

/// `entry(from, from, from, reqs)` on the pool (`submit` or `submit_with_allowance`); on success the
/// tokens the user's position in reserve `idx` moved by (its d tokens when `debt`, else its
/// collateral b tokens), as the model's result.
fn submit_moved(w: &World, pool_addr: &Address, entry: &str, from: &Address, reqs: Vec<pool::Request>, idx: u32, debt: bool) -> Outcome {
    let env = w.env.clone();
    let before = position(w, pool_addr, from, idx, debt);
    let args = vec![
        &env,
        from.into_val(&env),
        from.into_val(&env),
        from.into_val(&env),
        reqs.into_val(&env),
    ];
    w.invoke(pool_addr, entry, args).map(|_| {
        let after = position(w, pool_addr, from, idx, debt);
        Value::String((after - before).abs().to_string())
    })
}

/// The underlying asset of reserve `idx` of `pool_name`; with no such reserve, an address that is
/// no reserve of the pool (the contract is then asked about it, and refuses).
fn reserve_asset(w: &mut World, pool_name: &str, idx: u32) -> Address {
    match w.pool(pool_name).and_then(|p| p.assets.get(idx as usize)) {
        Some(x) => x.clone(),
        None => w.addr(&format!("{pool_name}.asset{idx}")),
    }
}

/// `submit(from, from, from, [request])`; the result is the b or d tokens moved, as the model's.
fn submit(w: &mut World, rt: PoolRequest, a: &PoolRequestArgs) -> Res<Outcome> {
    let env = w.env.clone();
    let pool_name = a.contract.as_str();
    let idx = a.reserve_index;
    let amt = a.amount.0;
    let pool_addr = w.addr(pool_name);
    let from = w.addr(&a.from);
    w.pool_touched.insert((pool_name.to_string(), a.from.clone()));
    let asset = reserve_asset(w, pool_name, idx);
    let known_asset = w.pool(pool_name).map(|p| p.assets.contains(&asset)).unwrap_or(false);
    if known_asset && matches!(rt, PoolRequest::Supply | PoolRequest::SupplyCollateral | PoolRequest::Repay) && amt > 0 {
        // a wallet holds the underlying it supplies or repays with
        let bal = soroban_sdk::token::TokenClient::new(&env, &asset).balance(&from);
        if bal < amt {
            let _ = w.invoke(&asset, "mint", vec![&env, from.into_val(&env), (amt - bal).into_val(&env)]);
        }
    }
    let debt = matches!(rt, PoolRequest::Borrow | PoolRequest::Repay);
    let req = pool::Request {
        request_type: rt as u32,
        address: asset,
        amount: amt,
    };
    let reqs: Vec<pool::Request> = vec![&env, req];
    Ok(submit_moved(w, &pool_addr, "submit", &from, reqs, idx, debt))
}

/// `submit(from, from, from, [request])` of a `request_type` the contract does not know (10 or
/// more, sent as it is; a smaller one breaks the protocol): the contract refuses it with
/// BadRequest (Pool#1200) before it loads the reserve, so nothing is paid in first (no wallet
/// top-up). The result, should the call pass, is the b tokens moved, as `submit`'s.
fn submit_unknown(w: &mut World, a: &UnknownRequestArgs) -> Res<Outcome> {
    if a.request_type < FIRST_UNKNOWN_REQUEST_TYPE {
        return bad(format!(
            "pool.submit_unknown_request: request_type {} is a known one",
            a.request_type
        ));
    }
    let env = w.env.clone();
    let pool_name = a.contract.as_str();
    let idx = a.reserve_index;
    let pool_addr = w.addr(pool_name);
    let from = w.addr(&a.from);
    w.pool_touched.insert((pool_name.to_string(), a.from.clone()));
    let asset = reserve_asset(w, pool_name, idx);
    let req = pool::Request {
        request_type: a.request_type,
        address: asset,
        amount: a.amount.0,
    };
    let reqs: Vec<pool::Request> = vec![&env, req];
    Ok(submit_moved(w, &pool_addr, "submit", &from, reqs, idx, false))
}

/// The pool request type a `pool.submit_requests` request names (a BadRequest otherwise).
fn request_type(name: &str) -> Res<PoolRequest> {
    match name {
        "supply_uncollateralized" => Ok(PoolRequest::Supply),
        "withdraw_uncollateralized" => Ok(PoolRequest::Withdraw),
        "supply" => Ok(PoolRequest::SupplyCollateral),
        "withdraw" => Ok(PoolRequest::WithdrawCollateral),
        "borrow" => Ok(PoolRequest::Borrow),
        "repay" => Ok(PoolRequest::Repay),
        other => bad(format!("pool.submit_requests: unknown request {other:?}")),
    }
}

/// `submit(from, from, from, requests)` of several requests in order, or `submit_with_allowance`
/// (`with_allowance`: `from` first approves the pool, on each asset it pays in, for what its
/// supplies and repays of that asset add up to, as a wallet would; the approval is not an entry
/// point, its own failure is left to the submit). A wallet holds the underlying it pays in, as for
/// one request. The result is the b or d tokens the first request's position moved by (after all
/// the requests), as the model's.
fn submit_requests(w: &mut World, a: &SubmitRequestsArgs) -> Res<Outcome> {
    let env = w.env.clone();
    let pool_name = a.contract.as_str();
    let pool_addr = w.addr(pool_name);
    let from = w.addr(&a.from);
    w.pool_touched.insert((pool_name.to_string(), a.from.clone()));
    if a.requests.is_empty() {
        return bad("pool.submit_requests: no request");
    }
    let mut reqs: Vec<pool::Request> = Vec::new(&env);
    // what `from` pays in per known asset (supplies and repays), in the requests' order
    let mut pays: std::vec::Vec<(Address, i128)> = std::vec::Vec::new();
    for q in &a.requests {
        let rt = request_type(&q.request)?;
        let idx = q.reserve_index;
        let asset = match w.pool(pool_name).and_then(|p| p.assets.get(idx as usize)) {
            Some(x) => x.clone(),
            None => w.addr(&format!("{pool_name}.asset{idx}")),
        };
        let known_asset = w.pool(pool_name).map(|p| p.assets.contains(&asset)).unwrap_or(false);
        if known_asset && matches!(rt, PoolRequest::Supply | PoolRequest::SupplyCollateral | PoolRequest::Repay) && q.amount.0 > 0 {
            match pays.iter_mut().find(|(x, _)| *x == asset) {
                Some((_, sum)) => *sum = sum.saturating_add(q.amount.0),
                None => pays.push((asset.clone(), q.amount.0)),
            }
        }
        reqs.push_back(pool::Request {
            request_type: rt as u32,
            address: asset,
            amount: q.amount.0,
        });
    }
    for (asset, sum) in &pays {
        let bal = soroban_sdk::token::TokenClient::new(&env, asset).balance(&from);
        if bal < *sum {
            let _ = w.invoke(asset, "mint", vec![&env, from.into_val(&env), (*sum - bal).into_val(&env)]);
        }
        if a.with_allowance {
            let live_until = w.sequence() + 100;
            let _ = w.invoke(
                asset,
                "approve",
                vec![
                    &env,
                    from.into_val(&env),
                    pool_addr.into_val(&env),
                    sum.into_val(&env),
                    live_until.into_val(&env),
                ],
            );
        }
    }
    let first = &a.requests[0];
    let debt = matches!(request_type(&first.request)?, PoolRequest::Borrow | PoolRequest::Repay);
    let entry = if a.with_allowance { "submit_with_allowance" } else { "submit" };
    Ok(submit_moved(w, &pool_addr, entry, &from, reqs, first.reserve_index, debt))
}

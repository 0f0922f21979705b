//! Request types 0 and 1 (`pool.supply_uncollateralized`, `pool.withdraw_uncollateralized`: the
//! contract's `Supply` and `Withdraw`) on the real pool: the b tokens go to `Positions.supply`, the
//! state's `supply` is both kinds and `uncollateralized` the part without collateral (left out when
//! empty), they back no borrow (Pool#1205), and `pool.submit_requests` takes the two names.

use serde_json::{json, Value};

use crate::Driver;

fn driver() -> Driver {
    Driver::init(&json!({ "profile": "blend-v2", "world": { "users": 2, "pools": 3, "start": "1736780911", "reward_zone_gap": 1 } }))
        .unwrap()
}

fn req(action: &str, from: &str, reserve: u32, amount: &str) -> Value {
    json!({ "action": action, "args": { "contract": "P0", "from": from, "reserve_index": reserve, "amount": amount } })
}

#[test]
fn uncollateralized_b_tokens_are_supply_not_collateral() {
    let mut d = driver();
    assert_eq!(
        d.call(&req("pool.supply_uncollateralized", "U0", 0, "1000000000")),
        json!({ "ok": true, "result": "1000000000" })
    );
    assert_eq!(
        d.call(&req("pool.supply", "U0", 0, "300000000")),
        json!({ "ok": true, "result": "300000000" })
    );
    let st = d.state();
    let u = &st["pools"]["P0"]["users"]["U0"];
    assert_eq!(u["supply"]["0"], "1300000000", "{u}");
    assert_eq!(u["uncollateralized"]["0"], "1000000000", "{u}");
    // no collateral in reserve 1: uncollateralised b tokens there back no borrow
    assert_eq!(
        d.call(&req("pool.supply_uncollateralized", "U1", 1, "1000000000")),
        json!({ "ok": true, "result": "1000000000" })
    );
    assert_eq!(
        d.call(&req("pool.borrow", "U1", 0, "10000000")),
        json!({ "ok": false, "error": { "contract": "Pool", "code": 1205 } })
    );
    // the withdrawal burns only the uncollateralised b tokens (capped at them), and the key goes
    assert_eq!(
        d.call(&req("pool.withdraw_uncollateralized", "U0", 0, "5000000000")),
        json!({ "ok": true, "result": "1000000000" })
    );
    let st = d.state();
    let u = &st["pools"]["P0"]["users"]["U0"];
    assert_eq!(u["supply"]["0"], "300000000", "{u}");
    assert!(u.get("uncollateralized").is_none(), "{u}");
    assert_eq!(d.state_text(true), d.state().to_string());
}

#[test]
fn submit_requests_takes_the_uncollateralized_names() {
    let mut d = driver();
    let r = d.call(
        &json!({ "action": "pool.submit_requests", "args": { "contract": "P0", "from": "U0", "with_allowance": false, "requests": [
        { "request": "supply_uncollateralized", "reserve_index": 0, "amount": "400000000" },
        { "request": "withdraw_uncollateralized", "reserve_index": 0, "amount": "100000000" },
        { "request": "supply", "reserve_index": 0, "amount": "50000000" },
    ] } }),
    );
    // the first request's position: b tokens of both kinds, after less before
    assert_eq!(r, json!({ "ok": true, "result": "350000000" }));
    let st = d.state();
    assert_eq!(st["pools"]["P0"]["users"]["U0"]["uncollateralized"]["0"], "300000000");
}

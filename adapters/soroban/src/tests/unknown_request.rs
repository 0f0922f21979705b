//! `pool.submit_unknown_request` on the real pool: a request type the contract does not know (10 or
//! more; pool/src/pool/actions.rs `RequestType::from_u32` maps 0-9) is refused with BadRequest
//! (Pool#1200) whatever its reserve, after `require_nonnegative` (Pool#8), and changes nothing; the
//! same request of type 0 passes. A known type breaks the protocol.

use serde_json::{json, Value};

use crate::Driver;

fn driver() -> Driver {
    Driver::init(&json!({ "profile": "blend-v2", "world": { "users": 2, "pools": 3, "start": "1736780911", "reward_zone_gap": 1 } }))
        .unwrap()
}

fn unknown(reserve: u32, amount: &str, request_type: u64) -> Value {
    json!({ "action": "pool.submit_unknown_request", "args": {
        "contract": "P0", "from": "U0", "reserve_index": reserve, "amount": amount, "request_type": request_type } })
}

const BAD_REQUEST: fn() -> Value = || json!({ "ok": false, "error": { "contract": "Pool", "code": 1200 } });

#[test]
fn an_unknown_request_type_is_refused_with_bad_request_and_changes_nothing() {
    let mut d = driver();
    // a position first, so that the state has a user of the pool to compare
    assert_eq!(
        d.call(&json!({ "action": "pool.supply", "args": { "contract": "P0", "from": "U0", "reserve_index": 0, "amount": "1000000000" } })),
        json!({ "ok": true, "result": "1000000000" })
    );
    let before = d.state();
    for request_type in [10, 11, 255, u64::from(u32::MAX)] {
        assert_eq!(d.call(&unknown(0, "500000000", request_type)), BAD_REQUEST(), "type {request_type}");
        assert_eq!(d.state(), before, "type {request_type}");
    }
    // before the reserve is loaded: a reserve the pool does not have, and an amount of 0
    assert_eq!(d.call(&unknown(99, "500000000", 10)), BAD_REQUEST());
    assert_eq!(d.call(&unknown(0, "0", 10)), BAD_REQUEST());
    // after require_nonnegative
    assert_eq!(
        d.call(&unknown(0, "-1", 10)),
        json!({ "ok": false, "error": { "contract": "Pool", "code": 8 } })
    );
    assert_eq!(d.state(), before);
    // the near miss: the same request as type 0 (what the mutant `request_type <= 10` runs) passes
    assert_eq!(
        d.call(&json!({ "action": "pool.supply_uncollateralized", "args": { "contract": "P0", "from": "U0", "reserve_index": 0, "amount": "500000000" } })),
        json!({ "ok": true, "result": "500000000" })
    );
}

#[test]
fn a_known_request_type_breaks_the_protocol() {
    let mut d = driver();
    let before = d.state();
    let e = d.try_call(&unknown(0, "500000000", 9));
    assert_eq!(
        e.err().map(|e| e.to_string()).as_deref(),
        Some("pool.submit_unknown_request: request_type 9 is a known one")
    );
    // past a u32: the args do not fit
    let e = d.try_call(&unknown(0, "500000000", 1u64 << 32));
    assert!(e.err().unwrap().to_string().starts_with("pool.submit_unknown_request: bad args: "));
    assert_eq!(d.state(), before);
}

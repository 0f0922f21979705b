//! A request that breaks the protocol (an unknown action, args that do not fit the action) is an
//! error of `Driver::try_call`, naming the problem, and changes nothing; `call` panics on it.

use serde_json::json;

use crate::Driver;

fn driver() -> Driver {
    Driver::init(&json!({ "profile": "blend-v2", "world": { "users": 2, "pools": 3, "start": "1736780911", "reward_zone_gap": 1 } }))
        .unwrap()
}

#[test]
fn an_unknown_action_is_a_bad_request() {
    let mut d = driver();
    let before = d.state();
    let e =
        d.try_call(&json!({ "action": "pool.flash_loan", "args": { "contract": "P0", "from": "U0", "reserve_index": 0, "amount": "10" } }));
    assert_eq!(e.err().map(|e| e.to_string()).as_deref(), Some("unknown action pool.flash_loan"));
    assert_eq!(d.state(), before);
}

#[test]
fn malformed_args_are_a_bad_request() {
    let mut d = driver();
    let before = d.state();
    // an amount that is a number, not a decimal string
    let e = d.try_call(&json!({ "action": "pool.repay", "args": { "contract": "P0", "from": "U0", "reserve_index": 0, "amount": 10 } }));
    let msg = e.err().unwrap().to_string();
    assert!(msg.starts_with("pool.repay: bad args: ") && msg.contains("decimal string"), "{msg}");
    // an amount that is not an i128
    let e = d.try_call(
        &json!({ "action": "backstop.deposit", "args": { "contract": "backstop", "from": "U0", "pool_address": "P0", "amount": "1e9" } }),
    );
    let msg = e.err().unwrap().to_string();
    assert!(
        msg.starts_with("backstop.deposit: bad args: ") && msg.contains("\"1e9\" is not a decimal i128"),
        "{msg}"
    );
    // a missing argument
    let e = d.try_call(&json!({ "action": "backstop.deposit", "args": { "contract": "backstop", "from": "U0", "amount": "1" } }));
    let msg = e.err().unwrap().to_string();
    assert!(msg.contains("missing field `pool_address`"), "{msg}");
    // a control request is no entry point
    assert!(d.try_call(&json!({ "action": "state", "args": {} })).is_err());
    assert_eq!(d.state(), before);
    // the same request, well formed, is answered
    let ok = d.try_call(&json!({ "action": "backstop.deposit", "args": { "contract": "backstop", "from": "U0", "pool_address": "P0", "amount": "1000000000" } }));
    assert_eq!(ok.unwrap()["ok"], true);
}

#[test]
#[should_panic(expected = "unknown action pool.flash_loan")]
fn call_panics_on_a_bad_request() {
    driver().call(&json!({ "action": "pool.flash_loan", "args": {} }));
}

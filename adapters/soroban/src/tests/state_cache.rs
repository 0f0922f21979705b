//! Genesis once (`Driver::reinit` starts the post-genesis world again in a new host, reset.rs) and
//! the state text kept between steps (state.rs `StateCache`): over the request scripts of
//! scripts/, the kept text is after every step the text of a read of every field, and a restored
//! world answers every request and reads every state as the genesis's own host did.

use super::parse_script as parse;
use crate::storage_types::{BackstopDataKey, BsPoolBalance};
use crate::Driver;
use serde_json::Value;

const SCRIPTS: &[&str] = &[
    include_str!("../../scripts/short.jsonl"),
    include_str!("../../scripts/pool.jsonl"),
    include_str!("../../scripts/edge.jsonl"),
    include_str!("../../scripts/claim-dust.jsonl"),
];

/// Every reply and every state (as kept) of the calls, each state checked against a full read.
fn run(d: &mut Driver, calls: &[Value]) -> std::vec::Vec<(Value, String)> {
    let mut out = std::vec::Vec::new();
    let genesis = d.state_text(false);
    assert_eq!(genesis, d.state().to_string(), "genesis");
    out.push((Value::Null, genesis));
    for (i, c) in calls.iter().enumerate() {
        let reply = d.call(c);
        let kept = d.state_text(false);
        assert_eq!(kept, d.state().to_string(), "step {} ({})", i + 1, c["action"]);
        out.push((reply, kept));
    }
    out
}

#[test]
fn the_kept_state_is_the_full_read_and_a_restored_world_is_the_genesis() {
    for script in SCRIPTS {
        let (init, calls) = parse(script);
        // the calls in the host genesis built (every entry in its map), then in a host of its
        // own over the baseline (reset.rs), after a first run
        let first = run(&mut super::genesis_driver(&init), &calls);
        let mut d = Driver::init(&init).unwrap();
        let _ = run(&mut d, &calls);
        d.reinit(&init).unwrap();
        let again = run(&mut d, &calls);
        assert_eq!(first.len(), again.len());
        for (i, (a, b)) in first.iter().zip(again.iter()).enumerate() {
            assert_eq!(a, b, "after the restore, step {i} differs from the genesis's own host's");
        }
        let (reads, full, _) = d.state_counts();
        assert!(reads > full, "the kept text was used ({reads} reads, {full} in full)");
    }
}

#[test]
fn a_write_no_call_made_is_seen_by_the_next_read() {
    let (init, calls) = parse(SCRIPTS[0]);
    let mut d = Driver::init(&init).unwrap();
    let _ = d.state_text(false);
    d.call(&calls[0]);
    let before = d.state_text(false);
    // the backstop's balance for P1, written straight into its storage (no contract call)
    let (env, bs, p1) = (
        d.world.env.clone(),
        d.world.backstops[0].1.clone(),
        d.world.pool("P1").unwrap().addr.clone(),
    );
    env.as_contract(&bs, || {
        let b = BsPoolBalance {
            shares: 7,
            tokens: 11,
            q4w: 0,
        };
        env.storage().persistent().set(&BackstopDataKey::PoolBalance(p1.clone()), &b);
    });
    let after = d.state_text(false);
    assert_ne!(before, after);
    assert_eq!(after, d.state().to_string());
    let st: Value = serde_json::from_str(&after).unwrap();
    assert_eq!(st["backstops"]["backstop"]["pools"]["P1"]["balance"]["tokens"], "11");
}

#[test]
fn a_pool_that_is_an_actions_from_and_its_record_in_the_backstop() {
    // a pool donating to its own backstop record is a touched "user" of it (world.rs
    // `bs_touched`); a deposit then changes the record's balance (its key names the pool alone) and
    // a user's entry: the kept text must drop the record's fields, not only the pool-as-user entry
    let (init, _) = parse(SCRIPTS[0]);
    let calls: std::vec::Vec<Value> = [
        r#"{"id":1,"action":"backstop.donate","args":{"contract":"backstop","from":"P0","pool_address":"P0","amount":"1000"}}"#,
        r#"{"id":2,"action":"backstop.deposit","args":{"contract":"backstop","from":"U0","pool_address":"P0","amount":"1162505973"}}"#,
        r#"{"id":3,"action":"backstop.deposit","args":{"contract":"backstop","from":"U1","pool_address":"P0","amount":"2000000000"}}"#,
    ]
    .iter()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect();
    let mut d = Driver::init(&init).unwrap();
    let out = run(&mut d, &calls);
    // the deposits were accepted and moved the record's balance
    assert!(out[2].0.get("ok").is_none_or(|ok| ok != false), "{}", out[2].0);
    assert_ne!(out[1].1, out[3].1);
}

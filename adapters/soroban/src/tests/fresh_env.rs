//! Every sequence in a host of its own (reset.rs `Baseline::world`): the host's metered CPU
//! instructions of a sequence's calls do not depend on what the driver ran before it. Before
//! session 16 one host ran every sequence, its storage map keeping each key the earlier sequences
//! had touched, and the same sequence counted more instructions at each run.

use super::parse_script as parse;
use crate::Driver;
use serde_json::Value;

/// Two scripts of scripts/ on the same world (users 4, pools 5): A and B.
const A: &str = include_str!("../../scripts/short.jsonl");
const B: &str = include_str!("../../scripts/edge.jsonl");

/// Each call's reply and metered instructions (its top-level contract calls summed), a state read
/// after each as the lockstep makes.
fn run(d: &mut Driver, calls: &[Value]) -> std::vec::Vec<(Value, u64)> {
    let mut out = std::vec::Vec::new();
    let _ = d.state_text(false);
    for c in calls {
        let before = d.metered_insns();
        let reply = d.call(c);
        out.push((reply, d.metered_insns() - before));
        let _ = d.state_text(false);
    }
    out
}

fn total(r: &[(Value, u64)]) -> u64 {
    r.iter().map(|(_, n)| n).sum()
}

#[test]
fn a_sequence_counts_the_same_instructions_first_and_after_others() {
    let (init, a) = parse(A);
    let (init_b, b) = parse(B);
    assert_eq!(init, init_b, "the two scripts share their world");
    // A first; then B, A, B, A in the same driver
    let mut d = Driver::init(&init).unwrap();
    let first = run(&mut d, &a);
    let mut later = std::vec::Vec::new();
    for _ in 0..2 {
        d.reinit(&init).unwrap();
        let other = run(&mut d, &b);
        assert!(
            total(&other) > 0 && other.iter().any(|(r, _)| r["ok"] == true),
            "B made accepted calls"
        );
        d.reinit(&init).unwrap();
        later.push(run(&mut d, &a));
    }
    // A after B in a driver that never ran A
    let mut e = Driver::init(&init).unwrap();
    let _ = run(&mut e, &b);
    e.reinit(&init).unwrap();
    later.push(run(&mut e, &a));

    assert!(
        first.iter().filter(|(_, n)| *n > 0).count() > a.len() / 2,
        "most of A's calls reach a contract"
    );
    for (k, again) in later.iter().enumerate() {
        for (i, (x, y)) in first.iter().zip(again.iter()).enumerate() {
            assert_eq!(
                x, y,
                "run {k} after others: call {i} ({}) differs from A's first run",
                a[i]["action"]
            );
        }
    }
}

#[test]
fn the_counts_depend_on_the_hosts_map_which_a_new_host_starts_empty() {
    // what the equality above rules out: the same calls in a host whose map holds more keys (absent
    // ones, as a restore into one long-lived host left behind) count more instructions
    let (init, a) = parse(A);
    let mut d = Driver::init(&init).unwrap();
    let plain = run(&mut d, &a);
    let keys = d.ledger_keys();
    d.reinit(&init).unwrap();
    d.pad_ledger(400).unwrap();
    let padded = run(&mut d, &a);
    assert_eq!(
        plain.iter().map(|(r, _)| r).collect::<std::vec::Vec<_>>(),
        padded.iter().map(|(r, _)| r).collect::<std::vec::Vec<_>>(),
        "the same replies"
    );
    assert!(total(&padded) > total(&plain), "{} > {}", total(&padded), total(&plain));
    // a new host's map holds only what its sequence touched, fewer keys than the ledger has
    d.reinit(&init).unwrap();
    let _ = run(&mut d, &a);
    assert_eq!(d.ledger_keys(), keys);
    let mut g = super::genesis_driver(&init);
    let _ = run(&mut g, &a);
    assert!(
        keys < g.ledger_keys(),
        "{keys} keys in a new host, {} in genesis's",
        g.ledger_keys()
    );
}

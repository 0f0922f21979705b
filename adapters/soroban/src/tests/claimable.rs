//! `claimable` (claimable.rs): each asked claim is the contract's claim, simulated and rolled
//! back. Checked here against the contracts themselves: every amount (and every error) is what the
//! same claim pays (or reverts with) when it is then made for real at that time, and the request
//! leaves the world exactly as it was: the host's ledger entries (the same `Rc`s, no key added),
//! the ledger info, the driver's bookkeeping, and so the following `state` texts, byte for byte,
//! beside a twin driver that was never asked.

use std::rc::Rc;

use serde_json::{json, Value};
use soroban_sdk::testutils::Ledger as _;

use crate::store::HostEntries;
use crate::Driver;

const START: u64 = 1_736_780_911;

/// scripts/claimable.jsonl: backstop deposits (U0 in P0 and P3, U1 in P0), emissions distributed
/// and gulped, supplies and a borrow in P0 (U2, U3), a day of emissions; then its questions.
const SCRIPT: &str = include_str!("../../scripts/claimable.jsonl");

fn script() -> std::vec::Vec<Value> {
    SCRIPT
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn init() -> Value {
    let i = script().into_iter().find(|r| r["action"] == "init").unwrap()["args"].clone();
    assert_eq!(i["world"]["start"], json!(START.to_string()));
    i
}

fn req(action: &str, args: Value) -> Value {
    json!({ "action": action, "args": args })
}

/// The script's steps before its first `state`.
fn setup() -> std::vec::Vec<Value> {
    script()
        .into_iter()
        .skip_while(|r| r["action"] == "handshake" || r["action"] == "init")
        .take_while(|r| r["action"] != "state")
        .collect()
}

fn ok(r: Value) -> Value {
    assert_eq!(r["ok"], json!(true), "{r}");
    r["result"].clone()
}

/// The host's entries, as it holds them (each key with its entry and TTL, or None: absent).
fn fingerprint(d: &Driver) -> HostEntries {
    d.world.env.host().get_stored_entries().unwrap()
}

/// The same keys, each with the same `Rc` (entry) and TTL: nothing was written, no key added.
fn unchanged(before: &HostEntries, after: &HostEntries) -> bool {
    before.len() == after.len()
        && before.iter().zip(after.iter()).all(|((ka, va), (kb, vb))| {
            Rc::ptr_eq(ka, kb)
                && match (va, vb) {
                    (None, None) => true,
                    (Some((ea, la)), Some((eb, lb))) => Rc::ptr_eq(ea, eb) && la == lb,
                    _ => false,
                }
        })
}

fn bookkeeping(d: &Driver) -> (usize, usize, usize, String, Option<String>) {
    let w = &d.world;
    (
        w.names.len(),
        w.bs_touched.len(),
        w.pool_touched.len(),
        w.emitter_token_name.clone(),
        w.queued_token_name.clone(),
    )
}

/// What `claimable` asks in these tests: U0's backstop claims of P0, P3 (in the reward zone, with
/// emissions), P1 (no deposit) and P2 (the other backstop's pool: no emissions in this backstop),
/// and a user's pool claims of every reserve token id of P0 and one past its reserves.
fn ask(user: &str, timestamp: u64) -> Value {
    req(
        "claimable",
        json!({
            "user": user,
            "timestamp": timestamp.to_string(),
            "backstop": { "contract": "backstop", "pools": ["P0", "P3", "P1", "P2"] },
            "pools": [{ "contract": "P0", "reserve_token_ids": [0, 1, 2, 3, 9] }],
        }),
    )
}

#[test]
fn claimable_is_the_claim_and_changes_nothing() {
    let mut d = Driver::init(&init()).unwrap();
    let mut twin = Driver::init(&init()).unwrap();
    for c in setup() {
        let (a, b) = (d.call(&c), twin.call(&c));
        assert_eq!(a, b);
        assert_eq!(a["ok"], json!(true), "{c}: {a}");
    }
    let _ = d.state_text(false);
    let state = twin.state_text(false);
    let now = d.world.env.ledger().timestamp();

    // asked at now and an hour ahead, for a user with backstop deposits and one with pool positions
    let (before, ledger, books) = (fingerprint(&d), d.world.env.ledger().get(), bookkeeping(&d));
    let mut answers = std::vec::Vec::new();
    for (user, t) in [("U0", now), ("U0", now + 3600), ("U2", now), ("U3", now + 3600), ("nobody", now)] {
        answers.push(((user, t), ok(d.call(&ask(user, t)))));
    }
    let after = fingerprint(&d);
    assert!(
        unchanged(&before, &after),
        "the ledger entries are the same Rc's, no key added ({} keys, then {})",
        before.len(),
        after.len()
    );
    assert_eq!(d.world.env.ledger().get(), ledger);
    assert_eq!(bookkeeping(&d), books);
    // the state kept between reads (StateCache) and a full read, as the twin's
    assert_eq!(d.state_text(false), state);
    assert_eq!(d.state_text(true), state);
    assert_eq!(d.state().to_string(), state);

    let positive = |e: &Value| e["amount"].as_str().and_then(|x| x.parse::<i128>().ok()).unwrap_or(0) > 0;
    let u0 = &answers[0].1;
    assert!(
        positive(&u0["backstop"][0]) && positive(&u0["backstop"][1]),
        "U0 has backstop emissions in P0 and P3: {u0}"
    );
    let u2 = &answers[2].1;
    assert!(positive(&u2["pools"][1]), "U2 supplied reserve 0: {u2}");
    assert!(positive(&u2["pools"][2]), "U2 borrowed reserve 1: {u2}");
    assert_eq!(u2["pools"][4]["error"], json!({ "contract": "Pool", "code": 1200 }), "{u2}");

    // each answer is what the claim pays when made for real at that time (on the world restored
    // to its genesis and replayed, reset.rs, for each claim)
    let mut real = Driver::init(&init()).unwrap();
    let replay = |r: &mut Driver, ahead: u64| {
        r.reinit(&init()).unwrap();
        for c in setup() {
            r.call(&c);
        }
        r.call(&req("advance_time", json!({ "seconds": ahead.to_string() })));
    };
    for ((user, t), answer) in answers.iter() {
        for (i, e) in answer["backstop"].as_array().unwrap().iter().enumerate() {
            let pool = e["pool"].as_str().unwrap();
            replay(&mut real, t - now);
            let bs_blnd = |r: &mut Driver| -> i128 {
                let s: Value = serde_json::from_str(&r.state_text(true)).unwrap();
                s["backstops"]["backstop"]["blnd"].as_str().unwrap().parse().unwrap()
            };
            let before = bs_blnd(&mut real);
            let r = real.call(&req(
                "backstop.claim",
                json!({ "contract": "backstop", "from": user, "pool_addresses": [pool], "min_lp_tokens_out": "0", "to": user }),
            ));
            match r["ok"].as_bool().unwrap() {
                true => assert_eq!(
                    e["amount"],
                    json!((before - bs_blnd(&mut real)).to_string()),
                    "{user} at {t}, backstop[{i}] {pool}: {e}"
                ),
                false => assert_eq!(e["error"], r["error"], "{user} at {t}, backstop[{i}] {pool}"),
            }
        }
        for (i, e) in answer["pools"].as_array().unwrap().iter().enumerate() {
            replay(&mut real, t - now);
            let r = real.call(&req(
                "pool.claim",
                json!({ "contract": "P0", "from": user, "reserve_token_ids": [e["reserve_token_id"]], "to": user }),
            ));
            match r["ok"].as_bool().unwrap() {
                true => assert_eq!(e["amount"], r["result"], "{user} at {t}, pools[{i}]: {e}"),
                false => assert_eq!(e["error"], r["error"], "{user} at {t}, pools[{i}]"),
            }
        }
    }

    // the world goes on as the twin's: the same replies and states (a real claim included)
    let more = [
        req(
            "backstop.claim",
            json!({ "contract": "backstop", "from": "U0", "pool_addresses": ["P0"], "min_lp_tokens_out": "0", "to": "U0" }),
        ),
        req(
            "pool.claim",
            json!({ "contract": "P0", "from": "U2", "reserve_token_ids": [1, 2], "to": "U2" }),
        ),
        req("advance_time", json!({ "seconds": "600" })),
        req("pool.gulp_emissions", json!({ "contract": "P0" })),
    ];
    for c in more.iter() {
        assert_eq!(d.call(c), twin.call(c), "{c}");
        assert_eq!(d.state_text(false), twin.state_text(false), "after {c}");
    }
}

#[test]
fn a_time_before_the_records_and_unknown_contracts() {
    let mut d = Driver::init(&init()).unwrap();
    for c in setup() {
        d.call(&c);
    }
    // before U0's emission record: the contract's u64 subtraction panics
    let r = ok(d.call(&ask("U0", START)));
    assert_eq!(r["backstop"][0]["error"], json!({ "contract": "WasmVm", "code": 6 }), "{r}");
    // nothing asked: two empty lists
    let r = ok(d.call(&req("claimable", json!({ "user": "U0", "timestamp": START.to_string() }))));
    assert_eq!(r, json!({ "backstop": [], "pools": [] }));
    // a backstop or pool the world does not hold breaks the protocol
    for args in [
        json!({ "user": "U0", "timestamp": "1", "backstop": { "contract": "P0", "pools": ["P0"] } }),
        json!({ "user": "U0", "timestamp": "1", "pools": [{ "contract": "backstop", "reserve_token_ids": [1] }] }),
        json!({ "user": "U0", "timestamp": 1 }),
    ] {
        let e = d
            .try_call(&req("claimable", args.clone()))
            .err()
            .unwrap_or_else(|| panic!("{args}"));
        assert!(e.to_string().starts_with("claimable"), "{e}");
    }
}

/// A snapshot world (profile blend-v1, the mainnet snapshot beside the project; skipped without
/// it): the v1 backstop's claim returns the BLND itself; `claimable` answers it and changes
/// nothing (the host loads a snapshot's entries lazily: those the simulated claim loaded are
/// dropped with the rest of its frame).
#[test]
fn a_v1_backstop_claim_in_a_snapshot_world() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/mainnet-55261759-snapshot.json");
    if !p.exists() {
        eprintln!("skipped: no mainnet snapshot at {}", p.display());
        return;
    }
    const BACKSTOP: &str = "CAO3AGAMZVRMHITL36EJ2VZQWKYRPWMQAPDQD5YEOF3GIF7T44U4JAL3";
    const POOL: &str = "CDVQVKOY2YSXS2IC7KN6MNASSHPAO7UN2UR2ON4OI2SKMFJNVAMDX6DP";
    const USER: &str = "GDTZSZTGBXPBV4GC7AUYNWUWCAT56CNYSKR7IOIZYNAOPIWCWWHMTIPS";
    let init = json!({ "profile": "blend-v1", "world": { "snapshot": p.canonicalize().unwrap().to_string_lossy() } });
    let mut d = Driver::init(&init).unwrap();
    for c in [
        req("advance_time", json!({ "seconds": "86400" })),
        req("emitter.distribute", json!({})),
        req("backstop.gulp_emissions", json!({ "contract": BACKSTOP })),
    ] {
        assert_eq!(d.call(&c)["ok"], json!(true), "{c}");
    }
    let state = d.state_text(false);
    let (before, books) = (fingerprint(&d), bookkeeping(&d));
    let now = d.world.env.ledger().timestamp();
    let r = ok(d.call(&req(
        "claimable",
        json!({ "user": USER, "timestamp": now.to_string(), "backstop": { "contract": BACKSTOP, "pools": [POOL] } }),
    )));
    assert!(
        unchanged(&before, &fingerprint(&d)),
        "the ledger entries are the same Rc's, no key added"
    );
    assert_eq!(bookkeeping(&d), books);
    assert_eq!(d.state_text(false), state);
    let amount = r["backstop"][0]["amount"].clone();
    assert!(amount.as_str().unwrap().parse::<i128>().unwrap() > 0, "{r}");
    let claimed = d.call(&req(
        "backstop.claim",
        json!({ "contract": BACKSTOP, "from": USER, "pool_addresses": [POOL], "min_lp_tokens_out": "0", "to": USER }),
    ));
    assert_eq!(claimed["result"], amount);
}

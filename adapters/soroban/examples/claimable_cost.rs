//! The cost of one `claimable` request (src/claimable.rs): replays a request script (default
//! scripts/claimable.jsonl) into `blend_harness_soroban::Driver` up to its first `claimable`, then
//! answers each of the script's `claimable` requests REPEAT times, and as a yardstick makes the
//! same claims for real (`backstop.claim` / `pool.claim`, each on the world restored and replayed,
//! untimed but for the claim itself) and reads the state (`state`, kept text).
//!
//!   cargo run --release --example claimable_cost --manifest-path adapters/soroban/Cargo.toml -- [SCRIPT] [REPEAT]
//!
//! Prints one JSON line per `claimable` request: the claims it asks, and the CPU time of this
//! thread (Linux: /proc/thread-self/schedstat; the figure that holds on a loaded machine) per
//! request and per claim, median of REPEAT (default 200), beside a real claim's and a state read's.

use std::time::Duration;

use blend_harness_soroban::Driver;
use serde_json::{json, Value};

fn cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()))
        .map(Duration::from_nanos)
        .unwrap_or(Duration::ZERO)
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

fn timed(f: impl FnOnce()) -> Duration {
    let t = cpu();
    f();
    cpu() - t
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/claimable.jsonl").to_string());
    let repeat: usize = args.next().map(|r| r.parse().expect("REPEAT: an integer")).unwrap_or(200);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let reqs: Vec<Value> = text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect();
    let init = reqs.iter().find(|r| r["action"] == "init").expect("an init")["args"].clone();
    let setup: Vec<&Value> = reqs
        .iter()
        .take_while(|r| r["action"] != "claimable")
        .filter(|r| !matches!(r["action"].as_str(), Some("handshake" | "init" | "state")))
        .collect();
    let questions: Vec<&Value> = reqs.iter().filter(|r| r["action"] == "claimable").collect();
    let mut d = Driver::init(&init).unwrap();
    let replay = |d: &mut Driver, ahead: u64| {
        d.reinit(&init).unwrap();
        for r in setup.iter() {
            d.call(r);
        }
        let now: u64 = serde_json::from_str::<Value>(&d.state_text(false)).unwrap()["now"].as_str().unwrap().parse().unwrap();
        d.call(&json!({ "action": "advance_time", "args": { "seconds": ahead.saturating_sub(now).to_string() } }));
    };
    for q in questions {
        let a = &q["args"];
        let user = a["user"].as_str().unwrap();
        let t: u64 = a["timestamp"].as_str().unwrap().parse().unwrap();
        replay(&mut d, t);
        let _ = d.state_text(false);
        let mut per_request = Vec::new();
        for _ in 0..repeat {
            per_request.push(timed(|| {
                d.call(q);
            }));
        }
        let mut state = Vec::new();
        for _ in 0..repeat {
            state.push(timed(|| {
                let _ = d.state_text(false);
            }));
        }
        // the same claims made for real, each on the world replayed to t
        let mut real_claims: Vec<Value> = Vec::new();
        if let Some(b) = a.get("backstop") {
            for p in b["pools"].as_array().unwrap() {
                real_claims.push(json!({ "action": "backstop.claim", "args": { "contract": b["contract"], "from": user, "pool_addresses": [p], "min_lp_tokens_out": "0", "to": user } }));
            }
        }
        for pq in a.get("pools").and_then(Value::as_array).into_iter().flatten() {
            for id in pq["reserve_token_ids"].as_array().unwrap() {
                real_claims.push(json!({ "action": "pool.claim", "args": { "contract": pq["contract"], "from": user, "reserve_token_ids": [id], "to": user } }));
            }
        }
        let n = real_claims.len().max(1) as f64;
        let mut real = Vec::new();
        for _ in 0..(repeat / 10).max(3) {
            let mut total = Duration::ZERO;
            for c in real_claims.iter() {
                replay(&mut d, t);
                total += timed(|| {
                    d.call(c);
                });
            }
            real.push(total);
        }
        let req_ms = median(per_request);
        println!(
            "{}",
            json!({
                "user": user,
                "timestamp": t.to_string(),
                "claims": real_claims.len(),
                "repeat": repeat,
                "claimable_cpu_ms": (req_ms * 1e3).round() / 1e3,
                "per_claim_cpu_ms": (req_ms / n * 1e3).round() / 1e3,
                "real_claims_cpu_ms": (median(real) * 1e3).round() / 1e3,
                "state_cpu_ms": (median(state) * 1e3).round() / 1e3,
            })
        );
    }
}

//! The cost of one `claimable` request (src/claimable.rs): replays a request script (default
//! scripts/claimable.jsonl) into `blend_harness_soroban::Driver` up to its first `claimable`, then
//! answers each of the script's `claimable` requests REPEAT times, and as yardsticks reads the
//! state (`state`, kept text) REPEAT times and makes the same claims for real (`backstop.claim` /
//! `pool.claim`, each on the world restored and replayed to that time, the claim alone timed, over
//! REPEAT / 10 rounds).
//!
//!   cargo run --release --example claimable_cost --manifest-path adapters/soroban/Cargo.toml -- [SCRIPT] [REPEAT]
//!
//! Prints one JSON line per `claimable` request: the claims it asks, the host's ledger keys before
//! and after its REPEAT answers (equal: nothing grows), and milliseconds per request,
//! per claim, per real claim and per state read, on the wall clock and on this thread's CPU
//! (Linux: /proc/thread-self/schedstat, the figure that holds on a loaded machine; the scheduler
//! updates it at ticks and switches, so it is summed over many calls: whole loops, or for the real
//! claims the sum of each call's difference, off by under a tick each but not biased).

use std::time::{Duration, Instant};

use blend_harness_soroban::Driver;
use serde_json::{json, Value};

fn cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()))
        .map(Duration::from_nanos)
        .unwrap_or(Duration::ZERO)
}

/// (wall, CPU) of `f`. The CPU figure is read from the scheduler's account of this thread, which
/// is brought up to date at ticks and switches only: timed over whole loops, not single calls.
fn timed(f: impl FnOnce()) -> (Duration, Duration) {
    let (w, c) = (Instant::now(), cpu());
    f();
    (w.elapsed(), cpu() - c)
}

fn ms(d: Duration, n: usize) -> f64 {
    (d.as_secs_f64() * 1e3 / n as f64 * 1e3).round() / 1e3
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/claimable.jsonl").to_string());
    let repeat: usize = args.next().map(|r| r.parse().expect("REPEAT: an integer")).unwrap_or(200);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let reqs: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
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
        let now: u64 = serde_json::from_str::<Value>(&d.state_text(false)).unwrap()["now"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        d.call(&json!({ "action": "advance_time", "args": { "seconds": ahead.saturating_sub(now).to_string() } }));
    };
    for q in questions {
        let a = &q["args"];
        let user = a["user"].as_str().unwrap();
        let t: u64 = a["timestamp"].as_str().unwrap().parse().unwrap();
        replay(&mut d, t);
        let _ = d.state_text(false);
        let keys = d.ledger_keys();
        let (q_wall, q_cpu) = timed(|| {
            for _ in 0..repeat {
                d.call(q);
            }
        });
        let keys_after = d.ledger_keys();
        let (s_wall, s_cpu) = timed(|| {
            for _ in 0..repeat {
                let _ = d.state_text(false);
            }
        });
        // the same claims made for real, each on the world replayed to t: (replay + claim) less
        // (replay alone), over R rounds
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
        let rounds = (repeat / 10).max(3);
        let (mut c_wall, mut c_cpu) = (Duration::ZERO, Duration::ZERO);
        for _ in 0..rounds {
            for c in real_claims.iter() {
                replay(&mut d, t);
                let (w, c) = timed(|| {
                    d.call(c);
                });
                c_wall += w;
                c_cpu += c;
            }
        }
        let n = real_claims.len().max(1);
        println!(
            "{}",
            json!({
                "user": user,
                "timestamp": t.to_string(),
                "claims": real_claims.len(),
                "repeat": repeat,
                "ledger_keys": [keys, keys_after],
                "claimable_ms": { "wall": ms(q_wall, repeat), "cpu": ms(q_cpu, repeat) },
                "claimable_per_claim_ms": { "wall": ms(q_wall, repeat * n), "cpu": ms(q_cpu, repeat * n) },
                "real_claim_ms": { "wall": ms(c_wall, rounds * n), "cpu": ms(c_cpu, rounds * n) },
                "state_ms": { "wall": ms(s_wall, repeat), "cpu": ms(s_cpu, repeat) },
            })
        );
    }
}

//! The driver without the harness: replays a request trace (`BLEND_SOROBAN_TRACE`, one protocol
//! request per line, as a lockstep `check` sent them) straight into `blend_harness_soroban::Driver`
//! in this process, timed — the same genesis, calls and state reads, without the protocol, the
//! pipe, the model or the comparisons. `bench/lockstep.ts` runs it and prints the harness's overhead
//! as a ratio.
//!
//!   cargo run --release --example direct_bench --manifest-path adapters/soroban/Cargo.toml -- TRACE [REPEAT]
//!
//! `claimable` requests (the harness's read of what each user may claim, not an entry point of the
//! contracts' actions) are counted and timed apart (`queries`), so `actions` is the lockstep's steps.
//!
//! `BENCH_VERIFY=1` checks every state read against a read of every field (untimed).
//!
//! Prints one JSON line: the counts (inits, actions, states, queries) and the seconds spent in each kind of
//! call, on the wall clock and on this thread's CPU (`*_cpu_s`, Linux: /proc/thread-self/schedstat;
//! the figure that holds on a loaded machine), of the pass of least CPU of REPEAT (default 1). A reply is serialised as the binary
//! serialises it (`to_string`), so the figure includes what the driver does per request besides
//! writing it out. Requests are parsed before the clock starts.

use std::time::{Duration, Instant};

/// This thread's CPU time (Linux: /proc/thread-self/schedstat, nanoseconds on a CPU); zero elsewhere.
fn cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()))
        .map(Duration::from_nanos)
        .unwrap_or(Duration::ZERO)
}

use blend_harness_soroban::Driver;
use serde_json::Value;

fn main() {
    // as the binary does (lib.rs `tune_malloc`)
    blend_harness_soroban::tune_malloc();
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: direct_bench TRACE [REPEAT]");
    let repeat: usize = args.next().map(|r| r.parse().expect("REPEAT: an integer")).unwrap_or(1);
    // BENCH_PAD_KEYS=N: after every init, the host's ledger map is made to hold N keys more than
    // the world uses (absent entries; `Driver::pad_ledger`), to measure a call's cost against the
    // map's size. The padding is timed with the inits.
    let pad: u32 = std::env::var("BENCH_PAD_KEYS")
        .ok()
        .map(|n| n.parse().expect("BENCH_PAD_KEYS: an integer"))
        .unwrap_or(0);
    // BENCH_VERIFY=1: every state read's text (StateCache, kept between reads) is checked, untimed,
    // against a read of every field (`Driver::state`); a difference panics
    let verify = std::env::var("BENCH_VERIFY").is_ok_and(|v| v == "1");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let requests: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON request"))
        .collect();

    // per pass: (wall, CPU) of the inits, calls, state reads and queries; the best pass is the least CPU
    type Pass = [(Duration, Duration); 4];
    let mut best: Option<Pass> = None;
    let (mut inits, mut actions, mut states, mut queries) = (0u64, 0u64, 0u64, 0u64);
    let mut last_keys = 0usize;
    // (state reads, of them read afresh, keys found changed) of the last pass (StateCache)
    let mut counts = (0u64, 0u64, 0u64);
    for _ in 0..repeat {
        let (mut t_init, mut t_call, mut t_state, mut t_query) = (Duration::ZERO, Duration::ZERO, Duration::ZERO, Duration::ZERO);
        let (mut c_init, mut c_call, mut c_state, mut c_query) = (Duration::ZERO, Duration::ZERO, Duration::ZERO, Duration::ZERO);
        (inits, actions, states, queries) = (0, 0, 0, 0);
        let mut driver: Option<Driver> = None;
        let mut bytes = 0usize;
        for req in &requests {
            let action = req.get("action").and_then(Value::as_str).expect("request.action");
            match action {
                "handshake" => {}
                "init" => {
                    // as the binary: the same world again is restored, another one built afresh
                    let (t, c) = (Instant::now(), cpu());
                    match driver.as_mut() {
                        Some(d) => d.reinit(&req["args"]).expect("init"),
                        None => driver = Some(Driver::init(&req["args"]).expect("init")),
                    }
                    if pad > 0 {
                        driver.as_ref().expect("init").pad_ledger(pad).expect("pad");
                    }
                    t_init += t.elapsed();
                    c_init += cpu() - c;
                    inits += 1;
                }
                "state" => {
                    let d = driver.as_mut().expect("state before init");
                    let fresh = req["args"].get("fresh").and_then(Value::as_bool).unwrap_or(false);
                    let (t, c) = (Instant::now(), cpu());
                    let text = d.state_text(fresh);
                    t_state += t.elapsed();
                    c_state += cpu() - c;
                    states += 1;
                    // BENCH_VERIFY: the kept text is a read of every field (untimed)
                    if verify {
                        let full = d.state().to_string();
                        if text != full {
                            let at = text.bytes().zip(full.bytes()).take_while(|(a, b)| a == b).count();
                            let from = at.saturating_sub(300);
                            panic!(
                                "state read {states} (request {}): the kept text differs from a full read at byte {at}:\n kept: ...{}\n full: ...{}",
                                req["id"],
                                &text[from..(at + 200).min(text.len())],
                                &full[from..(at + 200).min(full.len())]
                            );
                        }
                    }
                    bytes += text.len();
                }
                "claimable" => {
                    let d = driver.as_mut().expect("a query before init");
                    let (t, c) = (Instant::now(), cpu());
                    bytes += d.call(req).to_string().len();
                    t_query += t.elapsed();
                    c_query += cpu() - c;
                    queries += 1;
                }
                _ => {
                    let d = driver.as_mut().expect("an action before init");
                    let (t, c) = (Instant::now(), cpu());
                    bytes += d.call(req).to_string().len();
                    t_call += t.elapsed();
                    c_call += cpu() - c;
                    actions += 1;
                }
            }
        }
        std::hint::black_box(bytes);
        last_keys = driver.as_ref().map(|d| d.ledger_keys()).unwrap_or(0);
        counts = driver.as_ref().map(|d| d.state_counts()).unwrap_or_default();
        let pass: Pass = [(t_init, c_init), (t_call, c_call), (t_state, c_state), (t_query, c_query)];
        let cpu_of = |p: &Pass| p.iter().map(|x| x.1).sum::<Duration>();
        if best.as_ref().is_none_or(|b| cpu_of(&pass) < cpu_of(b)) {
            best = Some(pass);
        }
    }
    let [(i, ci), (c, cc), (s, cs), (q, cq)] = best.expect("REPEAT >= 1");
    let keys = last_keys;
    println!(
        "{{\"requests\":{},\"inits\":{inits},\"actions\":{actions},\"states\":{states},\"queries\":{queries},\"init_s\":{:.6},\"call_s\":{:.6},\"state_s\":{:.6},\"init_cpu_s\":{:.6},\"call_cpu_s\":{:.6},\"state_cpu_s\":{:.6},\"query_s\":{:.6},\"query_cpu_s\":{:.6},\"ledger_keys\":{keys},\"state_reads_fresh\":{},\"keys_changed\":{},\"repeat\":{repeat},\"pad_keys\":{pad}}}",
        requests.len(),
        i.as_secs_f64(),
        c.as_secs_f64(),
        s.as_secs_f64(),
        ci.as_secs_f64(),
        cc.as_secs_f64(),
        cs.as_secs_f64(),
        q.as_secs_f64(),
        cq.as_secs_f64(),
        counts.1,
        counts.2
    );
}

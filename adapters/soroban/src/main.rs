//! blend-harness-soroban: the check protocol (docs/protocol.schema.json) answered by the real
//! Blend v2 contracts (blend-contract-sdk's WASM) in the in-process Soroban host.
//!
//! Requests arrive one JSON object per line on stdin; each gets one reply line on stdout. A
//! request that breaks the protocol is a fault of the harness: one line on stderr, exit 2.

use blend_harness_soroban::{actions, protocol, state, world};

use std::io::{self, BufRead, Write};

use serde_json::{json, Value};

use protocol::{err_reply, ok_reply, parse_request, Args, ACTIONS, PROTOCOL_VERSION};
use world::{World, WorldConfig};

const NAME: &str = "blend-harness-soroban (Blend v2 contracts in the Soroban host)";
const PROFILE: &str = "blend-v2";

fn die(msg: &str) -> ! {
    eprintln!("blend-harness-soroban: {msg}");
    std::process::exit(2);
}

fn version() -> String {
    format!("{} (blend-contract-sdk 2.25.0, soroban-sdk 25)", env!("CARGO_PKG_VERSION"))
}

/// The actions announced: all supported, less any listed in BLEND_SOROBAN_SKIP (comma-separated),
/// so a lockstep run can leave out an action whose divergence is already known.
fn announced() -> std::vec::Vec<&'static str> {
    let skip = std::env::var("BLEND_SOROBAN_SKIP").unwrap_or_default();
    let skip: std::vec::Vec<&str> = skip.split(',').map(str::trim).filter(|x| !x.is_empty()).collect();
    ACTIONS.iter().copied().filter(|a| !skip.contains(a)).collect()
}

fn main() {
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut world: Option<World> = None;
    // BLEND_SOROBAN_TRACE=FILE appends every request line to FILE (to replay a harness run)
    let mut trace = std::env::var_os("BLEND_SOROBAN_TRACE").and_then(|p| std::fs::OpenOptions::new().create(true).append(true).open(p).ok());
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => die(&format!("reading stdin: {e}")),
        };
        if let Some(f) = trace.as_mut() {
            let _ = writeln!(f, "{line}").and_then(|_| f.flush());
        }
        if line.trim().is_empty() {
            continue;
        }
        let req = match parse_request(&line) {
            Ok(r) => r,
            Err(e) => die(&e.0),
        };
        let args = Args { action: &req.action, map: &req.args };
        let reply = match req.action.as_str() {
            "handshake" => {
                let pv = req.args.get("protocol_version").and_then(Value::as_u64);
                if pv != Some(PROTOCOL_VERSION) {
                    die(&format!("handshake: protocol_version {:?} is not {PROTOCOL_VERSION}", pv));
                }
                ok_reply(req.id, json!({ "protocol_version": PROTOCOL_VERSION, "name": NAME, "version": version(), "profile": PROFILE, "actions": announced() }))
            }
            "init" => {
                let profile = args.str("profile").unwrap_or_else(|e| die(&e.0));
                if profile != PROFILE {
                    die(&format!("init: profile {profile}: this driver runs the v2 contracts (profile {PROFILE}) only"));
                }
                let cfg = args.object("world").and_then(WorldConfig::from_json).unwrap_or_else(|e| die(&e.0));
                world.take(); // the previous host goes before the new one is built
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| World::genesis(cfg))) {
                    Ok(Ok(w)) => world = Some(w),
                    Ok(Err(e)) => die(&format!("init: genesis failed: {e}")),
                    Err(_) => die("init: genesis failed: a contract call panicked (see above)"),
                }
                ok_reply(req.id, Value::Null)
            }
            "state" => {
                let Some(w) = world.as_ref() else { die("state before init") };
                ok_reply(req.id, state::read_state(w))
            }
            action => {
                let Some(w) = world.as_mut() else { die(&format!("{action} before init")) };
                match actions::apply(w, action, &args) {
                    Ok(Ok(v)) => ok_reply(req.id, v),
                    Ok(Err(e)) => err_reply(req.id, &e),
                    Err(e) => die(&e.0),
                }
            }
        };
        if writeln!(out, "{reply}").and_then(|_| out.flush()).is_err() {
            std::process::exit(0);
        }
    }
    std::process::exit(0);
}

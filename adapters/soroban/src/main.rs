//! blend-harness-soroban: the check protocol (docs/protocol.schema.json) answered by the real
//! Blend v2 contracts (blend-contract-sdk's WASM) in the in-process Soroban host.
//!
//! Requests arrive one JSON object per line on stdin; each gets one reply line on stdout. A
//! request that breaks the protocol is a fault of the harness: one line on stderr, exit 2.
//!
//! `blend-harness-soroban mutate --contract NAME [--wasm FILE] --out DIR` writes the mutants of a
//! contract's WASM instead (mutate.rs, docs/mutate.md).
//!
//! `blend-harness-soroban inspect [--wasm NAME=FILE]...` checks the user's builds (valid WASM, a
//! Soroban contract, the entry points the driver calls, their signatures against the bundled
//! build's) and prints the provenance of every contract (inspect.rs); `--wasm NAME=FILE` given to the
//! protocol mode is checked the same way at start-up (a bad build: one line on stderr, exit 2). The
//! handshake's result lists the provenance (`provenance`, docs/protocol.md); a genesis that fails
//! names the contract and the call (`init: genesis failed: backstop.__constructor (...) failed: ...`).
//!
//! `blend-harness-soroban [--snapshot FILE]`: with a snapshot, the file is read and checked at
//! start-up (a bad file: one line on stderr, exit 2, before any request) and the handshake
//! announces the snapshot world's actions whatever profile is asked; `init` with
//! `world: {snapshot: FILE}` starts each world from it (the file is read once per path).

use blend_harness_soroban::{actions, protocol, reset::Baseline, snapshot, snapworld, state, world};
use snapworld::SnapConfig;

use std::collections::HashMap;
use std::rc::Rc;

use std::io::{self, BufRead, Write};

use serde_json::{json, Value};

use protocol::{err_reply, ok_reply, parse_request, DriverError, Request, WorldArgs, ACTIONS, PROTOCOL_VERSION, V1_ACTIONS};
use world::{World, WorldConfig};

const NAME: &str = "blend-harness-soroban (Blend v2 contracts in the Soroban host)";
const NAME_SNAPSHOT: &str = "blend-harness-soroban (a ledger snapshot's Blend v1 contracts in the Soroban host)";
const PROFILE: &str = "blend-v2";
const PROFILE_SNAPSHOT: &str = "blend-v1";

fn die(msg: &str) -> ! {
    eprintln!("blend-harness-soroban: {msg}");
    std::process::exit(2);
}

fn version() -> String {
    format!("{} (blend-contract-sdk 2.25.0, soroban-sdk 25)", env!("CARGO_PKG_VERSION"))
}

/// The actions announced: all supported, less any listed in BLEND_SOROBAN_SKIP (comma-separated),
/// so a lockstep run can leave out an action whose divergence is already known.
fn announced(list: &[&'static str]) -> std::vec::Vec<&'static str> {
    let skip = std::env::var("BLEND_SOROBAN_SKIP").unwrap_or_default();
    let skip: std::vec::Vec<&str> = skip.split(',').map(str::trim).filter(|x| !x.is_empty()).collect();
    list.iter().copied().filter(|a| !skip.contains(a)).collect()
}

/// The WASM files larger than this are refused (the bundled ones are under 100 KiB).
const MAX_WASM_BYTES: u64 = 4 * 1024 * 1024;

/// `--wasm NAME=FILE`: the user's build of contract NAME (world.rs `WASM_NAMES`), read and checked:
/// a regular file under MAX_WASM_BYTES with the WASM magic. Ok: (NAME, FILE as given, its bytes).
fn read_user_wasm(spec: &str) -> Result<(String, String, std::vec::Vec<u8>), String> {
    let Some((name, file)) = spec.split_once('=') else {
        return Err(format!(
            "--wasm {spec}: expected NAME=FILE with NAME one of {}",
            world::WASM_NAMES.join(", ")
        ));
    };
    if !world::WASM_NAMES.contains(&name) {
        return Err(format!(
            "--wasm {spec}: unknown contract {name} (expected one of {})",
            world::WASM_NAMES.join(", ")
        ));
    }
    let meta = std::fs::metadata(file).map_err(|e| format!("--wasm {name}={file}: cannot read it: {e}"))?;
    if !meta.is_file() {
        return Err(format!("--wasm {name}={file}: not a regular file"));
    }
    if meta.len() > MAX_WASM_BYTES {
        return Err(format!(
            "--wasm {name}={file}: {} bytes, over the limit of {MAX_WASM_BYTES}",
            meta.len()
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("--wasm {name}={file}: cannot read it: {e}"))?;
    if !bytes.starts_with(b"\0asm") {
        return Err(format!("--wasm {name}={file}: not a WASM module (no \\0asm magic)"));
    }
    Ok((name.to_string(), file.to_string(), bytes))
}

/// `--wasm NAME=FILE` for the protocol: read, checked as `inspect` checks it (inspect.rs); a bad
/// one: one line, exit 2.
fn user_wasm(spec: &str, given: &mut HashMap<String, (String, std::vec::Vec<u8>)>) {
    let (name, file, bytes) = read_user_wasm(spec).unwrap_or_else(|e| die(&e));
    if given.contains_key(&name) {
        die(&format!("--wasm: contract {name} given twice"));
    }
    let problems = blend_harness_soroban::inspect::check(&name, &bytes);
    if !problems.is_empty() {
        die(&format!("--wasm {name}={file}: {}", problems.join("; ")));
    }
    given.insert(name, (file, bytes));
}

/// `--snapshot FILE` (or `--snapshot=FILE`) and `--wasm NAME=FILE` (repeatable); anything else is a usage error.
fn parse_args() -> Option<String> {
    let mut args = std::env::args().skip(1);
    let mut snapshot = None;
    let mut wasm: HashMap<String, (String, std::vec::Vec<u8>)> = HashMap::new();
    while let Some(a) = args.next() {
        if a == "--wasm" {
            match args.next() {
                Some(f) => user_wasm(&f, &mut wasm),
                None => die("--wasm: expected NAME=FILE"),
            }
        } else if let Some(f) = a.strip_prefix("--wasm=") {
            user_wasm(f, &mut wasm);
        } else if a == "--snapshot" {
            match args.next() {
                Some(f) => snapshot = Some(f),
                None => die("--snapshot: expected a snapshot file"),
            }
        } else if let Some(f) = a.strip_prefix("--snapshot=") {
            snapshot = Some(f.to_string());
        } else if a == "--help" || a == "-h" {
            println!("usage: blend-harness-soroban [--snapshot FILE] [--wasm NAME=FILE]...   (speaks the check protocol on stdin/stdout)");
            std::process::exit(0);
        } else {
            die(&format!(
                "unknown argument {a} (usage: blend-harness-soroban [--snapshot FILE] [--wasm NAME=FILE]...)"
            ));
        }
    }
    if !wasm.is_empty() {
        world::set_user_wasm(wasm);
    }
    snapshot
}

/// A snapshot file, read once per path.
fn snapshot_of(cache: &mut HashMap<String, Rc<snapshot::Snapshot>>, path: &str) -> Result<Rc<snapshot::Snapshot>, DriverError> {
    if let Some(s) = cache.get(path) {
        return Ok(s.clone());
    }
    let s = Rc::new(snapshot::Snapshot::load(path)?);
    cache.insert(path.to_string(), s.clone());
    Ok(s)
}

fn main() {
    blend_harness_soroban::tune_malloc();
    // `blend-harness-soroban mutate ...`: writes mutants of a contract's WASM (mutate.rs), no protocol
    let argv: std::vec::Vec<String> = std::env::args().skip(1).collect();
    if argv.first().map(String::as_str) == Some("mutate") {
        std::process::exit(blend_harness_soroban::mutate::main_mode(&argv[1..]));
    }
    // `blend-harness-soroban inspect ...`: the user's builds checked, and the provenance (inspect.rs)
    if argv.first().map(String::as_str) == Some("inspect") {
        std::process::exit(blend_harness_soroban::inspect::main_mode(&argv[1..], &read_user_wasm));
    }
    let flag_snapshot = parse_args();
    let mut cache: HashMap<String, Rc<snapshot::Snapshot>> = HashMap::new();
    if let Some(p) = flag_snapshot.as_deref() {
        if let Err(e) = snapshot_of(&mut cache, p) {
            die(&e.to_string());
        }
    }
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut world: Option<World> = None;
    // the world's state right after its init, under the init's key (reset.rs)
    let mut baseline: Option<(String, Baseline)> = None;
    // the state text kept between steps (state.rs)
    let mut kept = state::StateCache::default();
    // BLEND_SOROBAN_TRACE=FILE appends every request line to FILE (to replay a harness run)
    let mut trace =
        std::env::var_os("BLEND_SOROBAN_TRACE").and_then(|p| std::fs::OpenOptions::new().create(true).append(true).open(p).ok());
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
        let envelope = match parse_request(&line) {
            Ok(r) => r,
            Err(e) => die(&e.to_string()),
        };
        let id = envelope.id;
        let reply = match envelope.request {
            Request::Handshake(h) => {
                let pv = h.protocol_version.as_u64();
                if pv != Some(PROTOCOL_VERSION) {
                    die(&format!("handshake: protocol_version {:?} is not {PROTOCOL_VERSION}", pv));
                }
                // a snapshot world runs the snapshot's v1 contracts: asked for blend-v1 (or started
                // with --snapshot), the driver claims blend-v1 and announces every entry point
                let asked = h.profile.as_str().unwrap_or("");
                let (name, profile, list) = if asked == PROFILE_SNAPSHOT || flag_snapshot.is_some() {
                    (NAME_SNAPSHOT, PROFILE_SNAPSHOT, V1_ACTIONS)
                } else {
                    (NAME, PROFILE, ACTIONS)
                };
                let mut result = json!({ "protocol_version": PROTOCOL_VERSION, "name": name, "version": version(), "profile": profile, "actions": announced(list) });
                // the code of each contract the driver deploys from its own WASM (bundled or the
                // user's): a generated world's; in a snapshot world, the migration's v2 backstop,
                // pool_factory and pool and an emitter build (replacing the snapshot's emitter code in
                // place). The snapshot's own contracts run their on-ledger code: the harness reads its
                // hash from the snapshot's contract code entries (src/world/snapshot/code.ts).
                result["provenance"] = world::provenance();
                ok_reply(id, result)
            }
            Request::Init(a) => {
                let profile = a.profile.as_str();
                // the same world again: started again as it was after its genesis, in a new host
                // (reset.rs), not rebuilt
                let key = blend_harness_soroban::init_key(profile, &a.world);
                if let (Some(w), Some((k, base))) = (world.as_mut(), baseline.as_ref()) {
                    if *k == key {
                        kept.clear();
                        *w = base.world().unwrap_or_else(|e| die(&format!("init: {e}")));
                        if writeln!(out, "{}", ok_reply(id, Value::Null)).and_then(|_| out.flush()).is_err() {
                            std::process::exit(0);
                        }
                        continue;
                    }
                }
                let world_args = WorldArgs::parse(&a.world).unwrap_or_else(|e| die(&e.to_string()));
                world.take(); // the previous host goes before the new one is built
                baseline.take();
                kept.clear();
                let built = match world_args {
                    WorldArgs::Snapshot(s) => {
                        if profile != PROFILE_SNAPSHOT {
                            die(&format!(
                                "init: profile {profile}: a snapshot world runs the snapshot's v1 contracts (profile {PROFILE_SNAPSHOT})"
                            ));
                        }
                        let sc = SnapConfig::from_args(&s).unwrap_or_else(|e| die(&e.to_string()));
                        let snap = snapshot_of(&mut cache, &sc.path).unwrap_or_else(|e| die(&format!("init: {e}")));
                        world::quiet_catch(|| World::from_snapshot(snap, &sc))
                    }
                    WorldArgs::Generated(g) => {
                        if profile != PROFILE {
                            die(&format!("init: profile {profile}: a generated world runs the v2 contracts (profile {PROFILE}); the v1 contracts come from a snapshot (world.snapshot)"));
                        }
                        let cfg = WorldConfig::from_args(&g);
                        world::quiet_catch(|| World::genesis(cfg))
                    }
                };
                match built {
                    Ok(Ok(w)) => {
                        world::take_genesis_call();
                        // the first sequence too runs in a host of its own, as every later one
                        let base = Baseline::take(w).unwrap_or_else(|e| die(&format!("init: {e}")));
                        world = Some(base.world().unwrap_or_else(|e| die(&format!("init: {e}"))));
                        baseline = Some((key, base));
                    }
                    Ok(Err(e)) => die(&format!("init: genesis failed: {e}")),
                    Err(why) => match world::take_genesis_call() {
                        Some(call) => die(&format!("init: genesis failed: {call} failed: {why}")),
                        None => die(&format!("init: genesis failed: a contract call panicked: {why}")),
                    },
                }
                ok_reply(id, Value::Null)
            }
            Request::State { fresh } => {
                let Some(w) = world.as_ref() else { die("state before init") };
                // the canonical text, re-reading only what the step's ledger changes touch (state.rs)
                format!("{{\"id\":{id},\"ok\":true,\"result\":{}}}", kept.read(w, fresh))
            }
            request => {
                let Some(w) = world.as_mut() else {
                    die(&format!("{} before init", envelope.action))
                };
                match actions::apply(w, &request) {
                    Ok(Ok(v)) => ok_reply(id, v),
                    Ok(Err(e)) => err_reply(id, &e),
                    Err(e) => die(&e.to_string()),
                }
            }
        };
        // the line written whole, in one write (the state text is tens of KiB)
        let mut reply = reply;
        reply.push('\n');
        if out.write_all(reply.as_bytes()).and_then(|_| out.flush()).is_err() {
            std::process::exit(0);
        }
    }
    std::process::exit(0);
}

//! The driver's own tests, on its public API (`Driver`) only. They live under src/ rather than in
//! tests/: test/report/export.test.ts writes its exported test into tests/ and removes the folder.

mod bad_request;
mod claimable;
mod equivalence;
mod fresh_env;
mod inspect;
mod mutate;
mod snap_cache;
mod snapshot_world;
mod state_cache;
mod uncollateralized;
mod unknown_request;

/// A driver whose world is the one genesis built, in genesis's own host (every entry in its map,
/// no base): as the driver ran a first sequence before session 16, for comparison with a world a
/// `Baseline` makes (reset.rs).
fn genesis_driver(init: &serde_json::Value) -> crate::Driver {
    use serde::Deserialize;
    let mut d = crate::Driver::init(init).unwrap();
    let a = crate::protocol::InitArgs::deserialize(init).unwrap();
    d.world = crate::build_world(&a, &mut |p| {
        Err(crate::protocol::DriverError::BadRequest(format!("no snapshot here: {p}")))
    })
    .unwrap();
    d.cache.clear();
    d
}

/// (init args, the entry-point requests) of a request script of scripts/ (its `handshake` and
/// `state` lines dropped).
fn parse_script(script: &str) -> (serde_json::Value, std::vec::Vec<serde_json::Value>) {
    let mut init = None;
    let mut calls = std::vec::Vec::new();
    for line in script.lines().filter(|l| !l.trim().is_empty()) {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        match r["action"].as_str().unwrap() {
            "handshake" | "state" => {}
            "init" => init = Some(r["args"].clone()),
            _ => calls.push(r),
        }
    }
    (init.expect("an init"), calls)
}

/// The mainnet ledger snapshot beside the project (../shared/data) and the v1 contracts on it.
mod mainnet {
    /// The snapshot's path, if this checkout has it (else None, saying the test is skipped).
    pub(super) fn mainnet() -> Option<String> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/mainnet-55261759-snapshot.json");
        if p.exists() {
            Some(p.canonicalize().unwrap().to_string_lossy().into_owned())
        } else {
            eprintln!("skipped: no mainnet snapshot at {}", p.display());
            None
        }
    }

    /// The v1 backstop on the snapshot.
    pub(super) const BACKSTOP: &str = "CAO3AGAMZVRMHITL36EJ2VZQWKYRPWMQAPDQD5YEOF3GIF7T44U4JAL3";
    /// A v1 pool of its reward zone.
    pub(super) const POOL: &str = "CDVQVKOY2YSXS2IC7KN6MNASSHPAO7UN2UR2ON4OI2SKMFJNVAMDX6DP";
}

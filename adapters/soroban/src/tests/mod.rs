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

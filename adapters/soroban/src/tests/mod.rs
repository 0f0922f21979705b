//! The driver's own tests, on its public API (`Driver`) only. They live under src/ rather than in
//! tests/: test/report/export.test.ts writes its exported test into tests/ and removes the folder.

mod bad_request;
mod claimable;
mod equivalence;
mod inspect;
mod mutate;
mod snap_cache;
mod snapshot_world;
mod state_cache;
mod uncollateralized;
mod unknown_request;

//! The driver as a library: the genesis and the calls the check-protocol binary makes, for Rust
//! tests. The counterexamples `blend-harness` exports as `counterexample_test.rs` run on it:
//! `Driver::init` deploys the Blend v2 contracts as `init` does, `Driver::call` answers one
//! protocol request as the binary would (without the id).

pub mod actions;
pub mod errors;
pub mod oracle;
pub mod protocol;
pub mod snapshot;
pub mod snapstate;
pub mod snapworld;
pub mod state;
pub mod storage_types;
pub mod store;
pub mod world;

use serde_json::{json, Value};

use protocol::Args;
use world::{World, WorldConfig};

/// One deployed world of the real contracts.
pub struct Driver {
    world: World,
}

impl Driver {
    /// `init` with its protocol arguments `{profile: "blend-v2", world: {...}}`, or
    /// `{profile: "blend-v1", world: {snapshot: PATH, migration?}}` (a snapshot world).
    /// Errors: a profile the world does not run, a malformed world or snapshot, or a failed genesis
    /// (one line).
    pub fn init(args: &Value) -> Result<Driver, String> {
        let map = args.as_object().ok_or("init: args must be an object")?;
        let a = Args { action: "init", map };
        let profile = a.str("profile").map_err(|e| e.0)?;
        let w = a.object("world").map_err(|e| e.0)?;
        let world = match snapworld::SnapConfig::from_json(w).map_err(|e| e.0)? {
            Some(sc) => {
                if profile != "blend-v1" {
                    return Err(format!(
                        "init: profile {profile}: a snapshot world runs the snapshot's v1 contracts (profile blend-v1)"
                    ));
                }
                let snap = std::rc::Rc::new(snapshot::Snapshot::load(&sc.path)?);
                World::from_snapshot(snap, &sc)?
            }
            None => {
                if profile != "blend-v2" {
                    return Err(format!("init: profile {profile}: a generated world runs the v2 contracts (profile blend-v2); the v1 contracts come from a snapshot (world.snapshot)"));
                }
                World::genesis(WorldConfig::from_json(w).map_err(|e| e.0)?)?
            }
        };
        Ok(Driver { world })
    }

    /// One request `{action, args}`: the reply `{ok: true, result}` or `{ok: false, error: {contract, code}}`.
    /// Panics on a request that breaks the protocol (a bug in the test, not in the contracts).
    pub fn call(&mut self, request: &Value) -> Value {
        let action = request.get("action").and_then(Value::as_str).expect("request.action");
        let map = request.get("args").and_then(Value::as_object).expect("request.args");
        let args = Args { action, map };
        match actions::apply(&mut self.world, action, &args) {
            Ok(Ok(v)) => json!({ "ok": true, "result": v }),
            Ok(Err(e)) => json!({ "ok": false, "error": { "contract": e.contract, "code": e.code } }),
            Err(e) => panic!("{action}: not a valid request: {}", e.0),
        }
    }

    /// The observable state (docs/protocol.md), as `state` answers it.
    pub fn state(&self) -> Value {
        state::read_state(&self.world)
    }
}

//! The snapshot world (`init` with `world: {snapshot}`) on the mainnet ledger snapshot beside the
//! project (../shared/data); each test is skipped, saying so, where this checkout lacks it.

use super::mainnet::{mainnet, BACKSTOP, POOL};
use crate::codes::{BackstopError, EmitterError, HostCode};
use crate::Driver;
use serde_json::{json, Value};

fn call(d: &mut Driver, action: &str, args: Value) -> Value {
    d.call(&json!({ "action": action, "args": args }))
}

#[test]
fn the_snapshot_world_is_the_snapshots_v1_state() {
    let Some(path) = mainnet() else { return };
    let mut d = Driver::init(&json!({ "profile": "blend-v1", "world": { "snapshot": path } })).unwrap();
    let st = d.state();
    assert_eq!(st["now"], "1736780911");
    assert_eq!(st["emitter"]["backstop"], BACKSTOP);
    let bs = &st["backstops"][BACKSTOP];
    assert_eq!(bs["reward_zone"].as_array().unwrap().len(), 5);
    assert_eq!(bs["lp_tokens"], "48203102194448");
    assert_eq!(bs["blnd"], "31122282347655");
    // the partial snapshot lacks LPTknVal: update_tkn_val() stored it from the Comet's balances
    assert_eq!(bs["lp_token_val"], json!({ "blnd_per_lp": "44006861", "usdc_per_lp": "896392" }));
    // the v1 DropList (temporary) has expired
    assert_eq!(bs["drop_list"], json!([]));
    assert_eq!(bs["pools"][POOL]["balance"]["shares"], "21442357735951");
    let users: usize = bs["pools"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p["users"].as_object().unwrap().len())
        .sum();
    // 198 balances and 189 emission records: 199 (pool, user) records the state shows (an empty
    // balance without emission data is left out, as the model leaves it out)
    assert_eq!(users, 199);
    assert_eq!(st["pools"][POOL]["backstop"], BACKSTOP);

    // v1 entry points: gulp_emissions() reports the BLND gulped; drop() panics on the missing DropList
    assert_eq!(
        call(&mut d, "backstop.gulp_emissions", json!({ "contract": BACKSTOP }))["error"],
        json!({ "contract": "Backstop", "code": BackstopError::BadRequest.code() })
    );
    call(&mut d, "advance_time", json!({ "seconds": "86400" }));
    let minted = call(&mut d, "emitter.distribute", json!({}));
    assert_eq!(
        minted["result"],
        (86400i128 + 1736780911 - 1736749778).checked_mul(10_000_000).unwrap().to_string()
    );
    let gulped = call(&mut d, "backstop.gulp_emissions", json!({ "contract": BACKSTOP }));
    assert_eq!(gulped["result"], minted["result"]);
    assert_eq!(
        call(&mut d, "backstop.drop", json!({ "contract": BACKSTOP }))["error"],
        json!({ "contract": "WasmVm", "code": HostCode::InvalidAction.code() })
    );
    // a v1 claim pays BLND (deposited as LP for `to`)
    let user = "GDTZSZTGBXPBV4GC7AUYNWUWCAT56CNYSKR7IOIZYNAOPIWCWWHMTIPS";
    let claimed = call(
        &mut d,
        "backstop.claim",
        json!({ "contract": BACKSTOP, "from": user, "pool_addresses": [POOL], "min_lp_tokens_out": "0", "to": user }),
    );
    assert!(claimed["result"].as_str().unwrap().parse::<i128>().unwrap() > 0, "{claimed}");
}

#[test]
fn the_migration_deploys_a_v2_backstop_the_emitter_does_not_know() {
    let Some(path) = mainnet() else { return };
    let mut d = Driver::init(&json!({ "profile": "blend-v1", "world": { "snapshot": path, "migration": { "reserves": 1 } } })).unwrap();
    let st = d.state();
    let v2 = &st["backstops"]["backstop_v2"];
    assert_eq!(v2["drop_list"], json!([["dev_fund", "400000000000000"]]));
    assert_eq!(v2["backfill_status"], Value::Null);
    assert!(v2.get("lp_token_val").is_none());
    assert_eq!(st["pools"]["pool_v2"]["backstop"], "backstop_v2");
    assert_eq!(st["pools"]["pool_v2"]["reserves"].as_array().unwrap().len(), 1);
    assert!(st["factory_pools"].as_array().unwrap().contains(&json!("pool_v2")));
    assert!(st["emitter"]["last_distro"].get("backstop_v2").is_none());
    // its first distribute starts the backfill
    assert_eq!(
        call(&mut d, "backstop.distribute", json!({ "contract": "backstop_v2" }))["result"],
        "0"
    );
    assert_eq!(d.state()["backstops"]["backstop_v2"]["backfill_status"], true);
    // a v1 backstop takes the v1 entry point only
    assert_eq!(
        call(
            &mut d,
            "emitter.queue_swap_backstop",
            json!({ "new_backstop": "backstop_v2", "new_backstop_token": "CAS3FL6TLZKDGGSISDBWGGPXT3NRR4DYTZD7YOD3HMYO6LTJUVGRVEAM" })
        )["error"],
        json!({ "contract": "Emitter", "code": EmitterError::InsufficientBackstopSize.code() })
    );
}

#[test]
fn a_bad_snapshot_is_one_line() {
    let e = Driver::init(&json!({ "profile": "blend-v1", "world": { "snapshot": "/nonexistent.json" } }))
        .err()
        .unwrap()
        .to_string();
    assert!(e.starts_with("snapshot /nonexistent.json: cannot read"), "{e}");
    let e = Driver::init(&json!({ "profile": "blend-v2", "world": { "snapshot": "/nonexistent.json" } }))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("profile blend-v1"), "{e}");
    let e = Driver::init(&json!({ "profile": "blend-v1", "world": { "snapshot": "x", "users": 3 } }))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("world.users does not go with world.snapshot"), "{e}");
}

/// Install (or with None clear) the tests' user builds (world.rs TEST_USER_WASM).
fn user_builds(builds: &[(&str, &'static [u8])]) {
    crate::world::TEST_USER_WASM.with(|m| {
        let mut m = m.borrow_mut();
        m.clear();
        for (name, w) in builds {
            m.insert(name.to_string(), ("/tmp/user.wasm", *w));
        }
    });
}

#[test]
fn the_users_builds_run_in_a_snapshot_world_or_are_refused() {
    let Some(path) = mainnet() else { return };
    let snap = json!({ "profile": "blend-v1", "world": { "snapshot": path } });
    let migration = json!({ "profile": "blend-v1", "world": { "snapshot": path, "migration": { "reserves": 1 } } });
    // a backstop build without the migration (no v2 backstop deployed), the Comet: refused at init
    user_builds(&[("backstop", crate::mutate::bundled("backstop").unwrap())]);
    let e = Driver::init(&snap).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.ends_with("--wasm backstop=/tmp/user.wasm: not run in this world (a snapshot world deploys the v2 backstop, pool_factory and pool only with the migration (world.migration))"), "{e}");
    // with the migration it is backstop_v2
    assert!(Driver::init(&migration).is_ok());
    user_builds(&[("comet", blend_contract_sdk::pool::WASM)]);
    let e = Driver::init(&migration).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("--wasm comet=/tmp/user.wasm: not run in this world"), "{e}");

    // an emitter build replaces the snapshot emitter's code in place: a mutant of its 1 BLND/s
    // emission rate mints another amount, from the snapshot's last distribution (its storage kept)
    let emitter = crate::mutate::bundled("emitter").unwrap();
    let a = crate::mutate::analyse("emitter", emitter).unwrap();
    let site = a
        .sites
        .iter()
        .find(|s| s.operator == "const+1" && s.what.as_deref().is_some_and(|w| w.starts_with("EMISSION_RATE")))
        .expect("an emission rate site");
    let mutant: &'static [u8] =
        std::vec::Vec::leak(crate::mutate::mutate(emitter, crate::mutate::imported_funcs(emitter).unwrap(), site).unwrap());
    let minted = |builds: &[(&str, &'static [u8])]| {
        user_builds(builds);
        let mut d = Driver::init(&snap).unwrap();
        call(&mut d, "advance_time", json!({ "seconds": "86400" }));
        call(&mut d, "emitter.distribute", json!({}))["result"]
            .as_str()
            .unwrap()
            .parse::<i128>()
            .unwrap()
    };
    let seconds = 86400i128 + 1736780911 - 1736749778;
    assert_eq!(minted(&[("emitter", emitter)]), seconds * 10_000_000);
    assert_ne!(minted(&[("emitter", mutant)]), seconds * 10_000_000);
    user_builds(&[]);
}

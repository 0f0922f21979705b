//! A snapshot world's state text kept between steps (snapcache.rs `SnapCache`): after every step
//! of the scripts, and after a restore, the kept text is the text of a read of every field; and
//! each key of a backstop's storage names the one section of the state it holds (a key that names
//! a pool and a user, a pool that is a user of its own record). On the mainnet snapshot beside the
//! project (../shared/data); each test is skipped, saying so, where this checkout lacks it.

use serde_json::{json, Value};
use soroban_sdk::xdr::{ContractDataDurability, ScVal};
use soroban_sdk::{Address, IntoVal, TryFromVal, Val};

use super::mainnet::{mainnet, BACKSTOP, POOL};
use crate::snapstate::{BsRecords, Section};
use crate::storage_types::{BackstopDataKey, BsUserBalance, PoolUserKey};
use crate::Driver;

const USER: &str = "GDTZSZTGBXPBV4GC7AUYNWUWCAT56CNYSKR7IOIZYNAOPIWCWWHMTIPS";

/// The entry-point requests of a script (its `init` replaced by the snapshot at `path`), split at
/// each `init`: one list per sequence.
fn sequences(script: &str) -> std::vec::Vec<std::vec::Vec<Value>> {
    let mut out: std::vec::Vec<std::vec::Vec<Value>> = std::vec::Vec::new();
    for line in script.lines().filter(|l| !l.trim().is_empty()) {
        let r: Value = serde_json::from_str(line).unwrap();
        match r["action"].as_str().unwrap() {
            "handshake" | "state" => {}
            "init" => out.push(std::vec::Vec::new()),
            _ => out.last_mut().expect("an init first").push(r),
        }
    }
    out
}

fn init_args(path: &str) -> Value {
    json!({ "profile": "blend-v1", "world": { "snapshot": path } })
}

/// The kept text after every call is a full read's; returns the replies.
fn run(d: &mut Driver, calls: &[Value]) -> std::vec::Vec<Value> {
    assert_eq!(d.state_text(false), d.state().to_string(), "after init");
    let mut replies = std::vec::Vec::new();
    for (i, c) in calls.iter().enumerate() {
        replies.push(d.call(c));
        let kept = d.state_text(false);
        assert_eq!(kept, d.state().to_string(), "after call {i}: {c}");
    }
    replies
}

#[test]
fn the_kept_text_is_a_full_read_after_every_step_and_after_a_restore() {
    let Some(path) = mainnet() else { return };
    let mut seqs = sequences(include_str!("../../scripts/snapshot-lockstep.jsonl"));
    seqs.extend(sequences(include_str!("../../scripts/snapshot.jsonl")));
    let mut d = Driver::init(&init_args(&path)).unwrap();
    let first = run(&mut d, &seqs[0]);
    for s in seqs.iter().skip(1) {
        d.reinit(&init_args(&path)).unwrap();
        run(&mut d, s);
    }
    // the first sequence again on the restored world: the same replies
    d.reinit(&init_args(&path)).unwrap();
    assert_eq!(run(&mut d, &seqs[0]), first);
    // the reads were kept ones (the counts are the last world's: a restore past the ledger-size
    // bound builds the world again, reset.rs)
    let (reads, fresh, changed) = d.state_counts();
    assert!(
        reads > 20 && fresh * 4 < reads && changed > 0,
        "reads {reads}, in full {fresh}, keys changed {changed}"
    );
}

#[test]
fn a_blnd_allowance_changed_outside_the_backstop_is_read_again() {
    let Some(path) = mainnet() else { return };
    let mut d = Driver::init(&init_args(&path)).unwrap();
    let before = d.state_text(false);
    let env = d.world.env.clone();
    let (bs, pool) = (
        d.world.names.get(BACKSTOP).unwrap().clone(),
        d.world.names.get(POOL).unwrap().clone(),
    );
    let blnd = soroban_sdk::token::Client::new(&env, &d.world.blnd);
    let live = env.ledger().sequence() + 100;
    blnd.approve(&bs, &pool, &1_234_567, &live);
    let after = d.state_text(false);
    assert_eq!(after, d.state().to_string());
    assert_ne!(after, before);
    assert_eq!(d.state()["backstops"][BACKSTOP]["pools"][POOL]["allowance"], "1234567");
    // and to a spender with no record of its own: an entry of its own
    blnd.approve(&bs, &Address::from_str(&env, USER), &7, &live);
    assert_eq!(d.state_text(false), d.state().to_string());
    assert_eq!(d.state()["backstops"][BACKSTOP]["pools"][USER]["allowance"], "7");
}

fn sc(env: &soroban_sdk::Env, v: impl IntoVal<soroban_sdk::Env, Val>) -> ScVal {
    ScVal::try_from_val(env, &v.into_val(env)).unwrap()
}

#[test]
fn each_key_names_the_one_section_it_holds() {
    let Some(path) = mainnet() else { return };
    let d = Driver::init(&init_args(&path)).unwrap();
    let w = &d.world;
    let env = &w.env;
    let (bs, pool, user) = (
        w.names.get(BACKSTOP).unwrap().clone(),
        w.names.get(POOL).unwrap().clone(),
        Address::from_str(env, USER),
    );
    let l = w.ledger();
    let mut r = BsRecords::scan(w, &l, &bs, true);
    let p = ContractDataDurability::Persistent;
    let t = ContractDataDurability::Temporary;
    let balance = sc(
        env,
        BsUserBalance {
            shares: 5,
            q4w: soroban_sdk::Vec::new(env),
        },
    );

    // {pool, user}: that user's entry in that pool's record, not the record
    let k = sc(
        env,
        BackstopDataKey::UserBalance(PoolUserKey {
            pool: pool.clone(),
            user: user.clone(),
        }),
    );
    assert_eq!(r.apply(w, &l, true, &k, p, Some(&balance)), Section::User(POOL.into(), USER.into()));
    assert_eq!(r.pools[POOL].users[USER].0.as_ref().map(|b| b.shares), Some(5));
    // the pool as a user of its own record (backstop.donate from the pool): still a user's entry
    let k = sc(
        env,
        BackstopDataKey::UserBalance(PoolUserKey {
            pool: pool.clone(),
            user: pool.clone(),
        }),
    );
    assert_eq!(r.apply(w, &l, true, &k, p, Some(&balance)), Section::User(POOL.into(), POOL.into()));
    // an entry made absent: the user's balance goes (its emission record, if any, stays)
    let k = sc(
        env,
        BackstopDataKey::UserBalance(PoolUserKey {
            pool: pool.clone(),
            user: user.clone(),
        }),
    );
    assert_eq!(r.apply(w, &l, true, &k, p, None), Section::User(POOL.into(), USER.into()));
    assert!(r.pools[POOL].users[USER].0.is_none());
    // the pool's own keys: its record but the users
    for k in [BackstopDataKey::PoolBalance(pool.clone()), BackstopDataKey::BEmisData(pool.clone())] {
        assert_eq!(r.apply(w, &l, true, &sc(env, k), p, None), Section::Pool(POOL.into()));
    }
    let k = sc(env, (soroban_sdk::Symbol::new(env, "PoolEmis"), pool.clone()));
    assert_eq!(r.apply(w, &l, true, &k, p, None), Section::Pool(POOL.into()));
    let k = sc(env, (soroban_sdk::Symbol::new(env, "BEmisCfg"), pool.clone()));
    assert_eq!(r.apply(w, &l, true, &k, p, None), Section::Pool(POOL.into()));
    // v2's RzEmis is no v1 key
    let k = sc(env, BackstopDataKey::RzEmis(pool.clone()));
    assert_eq!(r.apply(w, &l, true, &k, p, None), Section::Other);
    // the backstop's own fields; v1's DropList is temporary
    let drop = sc(env, soroban_sdk::Symbol::new(env, "DropList"));
    assert_eq!(r.apply(w, &l, true, &drop, t, None), Section::Head);
    assert_eq!(r.apply(w, &l, true, &drop, p, None), Section::Other);
    assert_eq!(r.apply(w, &l, false, &drop, p, None), Section::Head);
    let last = sc(env, soroban_sdk::Symbol::new(env, "LastDist"));
    assert_eq!(r.apply(w, &l, true, &last, p, None), Section::Head);
}

//! `claimable` (read-only): what a user could claim at a time t, answered by the contracts
//! themselves. Each asked claim — `backstop.claim(user, [pool], 0)` (v1: `claim(user, [pool],
//! user)`) per backstop pool, `pool.claim(user, [id], user)` per reserve token id — is run for
//! real at t and then rolled back by the host, so the reply is what that claim would pay and the
//! world is left exactly as it was.
//!
//! How the rollback works: the host takes a rollback point (its whole ledger-entry map, the event
//! count and the authorization state) when it pushes a frame and puts it back when the frame
//! fails; a failed call is undone that way. Each claim runs inside a test-contract frame
//! (`Host::with_test_contract_frame`, the frame `Env::as_contract` uses) whose closure makes the
//! claim as a sub-call, reads what it paid, and then returns an error, so the host restores the
//! map as it was before the frame: the same entries (the same `Rc`s, which is what `StateCache`
//! compares), no key added (a claim's first `UEmisData` of a user, a nonce), none dropped. (One
//! more step makes that exact: the test Env meters each top-level invocation, and when it ends it
//! re-reads, in debug mode only, every key the invocation touched; after the rollback a key the
//! claim created is no longer in the map, and the recording storage would put it back as absent,
//! one more key per such entry. So the closure, once the claim's error is classified from the
//! diagnostic events, turns the host's diagnostics off until the frame is gone.) Around
//! the frame the driver moves the ledger time to t and back (the whole `LedgerInfo` set back), and
//! lets the authorization manager accept `require_auth` below the root frame (the claim is now a
//! sub-call of the frame) and sets it back to `mock_all_auths` afterwards (a manager that keeps
//! nothing between invocations). The driver's own bookkeeping is not touched: no name is bound
//! (an unknown user or pool name is an unbound address), and neither `bs_touched` nor
//! `pool_touched` grows, so the next `state` is byte-identical to one without the request
//! (`src/tests/claimable.rs`). The host clears its event buffer at the start of every top-level
//! invocation (the next action starts from an empty buffer, as after any action); the frame's own
//! events are left marked as a failed call's.
//!
//! The frame is the emitter's: the frame's contract must exist (the host reads its instance
//! before pushing the frame, outside the rollback), and neither claim calls the emitter (a call
//! back into a frame's contract is refused as re-entry).
//!
//! Amounts (BLND stroops): a pool claim's return value (the BLND sent to the user); for a backstop
//! claim, the BLND the backstop gives up: v2's `claim` returns the LP tokens its Comet deposit
//! minted, after pulling the claimed BLND from the backstop (`dep_tokn_amt_in_get_lp_tokns_out`,
//! whose `transfer_from` takes exactly the amount in), so the amount is the fall of the
//! backstop's BLND balance across the claim (0 when nothing was claimed: no deposit is made);
//! v1's `claim` returns the BLND claimed itself. Source: blend-contracts-v2
//! backstop/src/emissions/claim.rs `execute_claim`, pool/src/emissions/distributor.rs
//! `execute_claim`; the reference is model/claimable.ts `claimable`.
//!
//! A reverted claim is its `{contract, code}` as for any action (errors.rs; a panic is
//! `WasmVm#6`). A request naming a backstop or pool contract the world does not hold breaks the
//! protocol (the model has none to ask): `DriverError::BadRequest`.

use serde_json::{json, Value};
use soroban_env_host::xdr::{ContractId, Hash};
use soroban_env_host::{DiagnosticLevel, HostError};
use soroban_sdk::testutils::Ledger as _;
use soroban_sdk::xdr::ScAddress;
use soroban_sdk::{vec, Address, IntoVal, TryFromVal, Vec};

use crate::protocol::{bad, CallError, ClaimableArgs, DriverError, Res};
use crate::state_parts::sac_balance;
use crate::world::World;

/// The error the probe frame ends with to make the host roll it back (a contract error no Blend
/// contract raises; it never leaves this module).
const ROLLBACK_CODE: u32 = 0x00C1_A1B0;

/// The probe frame's function name (a small symbol: no host object).
fn probe_symbol() -> soroban_env_host::Symbol {
    soroban_env_host::Symbol::try_from_small_str("claimable").expect("a small symbol")
}

/// One claim's answer: BLND stroops, or the claim's error.
type Claim = Result<i128, CallError>;

/// `name`'s address without binding it: a bound name, a strkey in a snapshot world, else an
/// address no one holds (derived from the name, so the same name is the same address). An
/// unbound user has no records, as in the model.
fn resolve(w: &World, name: &str) -> Address {
    if let Some(a) = w.names.get(name) {
        return a.clone();
    }
    if w.snap.is_some() {
        if let Some(a) = crate::names::address_of_strkey(&w.env, name) {
            return a;
        }
    }
    use sha2::Digest;
    let h: [u8; 32] = sha2::Sha256::digest(format!("blend-harness-soroban claimable {name}")).into();
    Address::try_from_val(&w.env, &ScAddress::Contract(ContractId(Hash(h)))).expect("a contract address")
}

/// Run `claim` at ledger time `t` inside a frame the host rolls back (see the module's comment).
/// Errors: the frame did not end with the rollback error (the world may have changed): a
/// `DriverError::Genesis` naming it, which the binary reports as a fault.
fn simulate(w: &World, t: u64, claim: impl FnOnce(&World) -> Claim) -> Res<Claim> {
    let env = &w.env;
    let host = env.host();
    let ledger = env.ledger().get();
    let frame = ContractId(Hash(match ScAddress::from(&w.emitter) {
        ScAddress::Contract(ContractId(h)) => h.0,
        _ => return Err(DriverError::Genesis("claimable: the emitter is not a contract".into())),
    }));
    env.ledger().set_timestamp(t);
    env.mock_all_auths_allowing_non_root_auth();
    let mut out: Option<Claim> = None;
    let r = host.with_test_contract_frame(frame, probe_symbol(), || {
        out = Some(claim(w));
        // the claim is classified (errors.rs reads the diagnostic events): no more debug work. The
        // invocation meter, when the top-level frame ends after its rollback, re-reads in debug
        // mode every key the frame touched, and the host's recording storage would add each key
        // the claim created back into the map as absent (a key that was not there before)
        host.set_diagnostic_level(DiagnosticLevel::None)?;
        Err(HostError::from(soroban_sdk::Error::from_contract_error(ROLLBACK_CODE)))
    });
    // the test Env's level (soroban-sdk enables debug with invocation metering)
    let debug = host.enable_debug();
    env.mock_all_auths();
    env.ledger().set(ledger);
    if let Err(e) = debug {
        return Err(DriverError::Genesis(format!(
            "claimable: the host's debug mode could not be set back: {e:?}"
        )));
    }
    match (r, out) {
        (Err(e), Some(c)) if e.error == soroban_sdk::Error::from_contract_error(ROLLBACK_CODE) => Ok(c),
        (r, _) => Err(DriverError::Genesis(format!(
            "claimable: the simulated claim's frame was not rolled back as expected: {r:?}"
        ))),
    }
}

fn amount(w: &World, v: soroban_sdk::Val) -> Claim {
    i128::try_from_val(&w.env, &v).map_err(|_| CallError::host(crate::codes::HostCode::UnexpectedType))
}

/// The backstop's claim of `user`'s emissions from `pool` alone.
fn backstop_claim(w: &World, bs_name: &str, bs: &Address, user: &Address, pool: &Address) -> Claim {
    let env = &w.env;
    let pools: Vec<Address> = vec![env, pool.clone()];
    if w.is_v1_backstop(bs_name) {
        // v1: claim(from, pool_addresses, to) returns the BLND claimed
        let r = w.invoke(bs, "claim", vec![env, user.into_val(env), pools.into_val(env), user.into_val(env)])?;
        return amount(w, r);
    }
    // v2: claim(from, pool_addresses, min_lp_tokens_out) returns LP; the BLND is what the backstop paid in
    let before = sac_balance(&w.ledger(), &w.blnd, bs);
    w.invoke(bs, "claim", vec![env, user.into_val(env), pools.into_val(env), 0i128.into_val(env)])?;
    let after = sac_balance(&w.ledger(), &w.blnd, bs);
    Ok(before - after)
}

/// The pool's claim of `user`'s emissions of reserve token `id` alone, paid to `user`.
fn pool_claim(w: &World, pool: &Address, user: &Address, id: u32) -> Claim {
    let env = &w.env;
    let ids: Vec<u32> = vec![env, id];
    let r = w.invoke(pool, "claim", vec![env, user.into_val(env), ids.into_val(env), user.into_val(env)])?;
    amount(w, r)
}

fn entry(mut head: serde_json::Map<String, Value>, c: Claim) -> Value {
    match c {
        Ok(x) => {
            head.insert("amount".into(), Value::String(x.to_string()));
        }
        Err(e) => {
            head.insert("error".into(), json!({ "contract": e.contract.name(), "code": e.code }));
        }
    }
    Value::Object(head)
}

/// Answer `claimable`: `{backstop: [{pool, amount | error}], pools: [{pool, reserve_token_id,
/// amount | error}]}`, one entry per asked pool / reserve token id in the asked order, amounts
/// in BLND stroops as decimal strings. The world is left as it was.
pub fn answer(w: &World, a: &ClaimableArgs) -> Res<Value> {
    let t = a.timestamp.0;
    let user = resolve(w, &a.user);
    let mut backstop = std::vec::Vec::new();
    if let Some(b) = &a.backstop {
        let Some((bs_name, bs)) = w.backstops.iter().find(|(n, _)| *n == b.contract) else {
            return bad(format!(
                "claimable: backstop.contract {} is not a backstop of the world",
                b.contract
            ));
        };
        for p in b.pools.iter() {
            let pool = resolve(w, p);
            let c = simulate(w, t, |w| backstop_claim(w, bs_name, bs, &user, &pool))?;
            let mut head = serde_json::Map::new();
            head.insert("pool".into(), Value::String(p.clone()));
            backstop.push(entry(head, c));
        }
    }
    let mut pools = std::vec::Vec::new();
    for pq in a.pools.iter().flatten() {
        let Some(info) = w.pool(&pq.contract) else {
            return bad(format!("claimable: pools[].contract {} is not a pool of the world", pq.contract));
        };
        for id in pq.reserve_token_ids.iter() {
            let c = simulate(w, t, |w| pool_claim(w, &info.addr, &user, *id))?;
            let mut head = serde_json::Map::new();
            head.insert("pool".into(), Value::String(pq.contract.clone()));
            head.insert("reserve_token_id".into(), json!(id));
            pools.push(entry(head, c));
        }
    }
    Ok(json!({ "backstop": backstop, "pools": pools }))
}

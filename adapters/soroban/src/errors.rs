//! A failed call as the protocol's `{contract, code}`.
//!
//! The host reports `Error(Contract, #code)` without saying which contract raised it (a callee's
//! error propagates unchanged through its callers), so the driver reads the host's diagnostic
//! events of the failed invocation: the first `error` event carrying that same error names the
//! contract that raised it (BLND, USDC and reserve assets are Stellar Asset Contracts: `Token`).
//! Any other error type (a Rust panic in a contract is `Error(WasmVm, InvalidAction)`, an
//! authorization failure `Error(Auth, InvalidAction)`) is reported as `WasmVm` with the host's
//! error code (6 for InvalidAction).

use soroban_sdk::{
    xdr::{ContractEventBody, ContractEventType, ScAddress, ScError, ScErrorType, ScVal},
    Address, Env, TryFromVal,
};

use crate::codes::{Contract, BACKSTOP_RANGE, EMITTER_RANGE, POOL_RANGE};
use crate::names::{addr_key, Kind, Names};
use crate::protocol::CallError;

fn kind_name(k: Kind) -> Option<Contract> {
    match k {
        Kind::Backstop => Some(Contract::Backstop),
        Kind::Emitter => Some(Contract::Emitter),
        Kind::Pool | Kind::PoolFactory => Some(Contract::Pool),
        Kind::Comet => Some(Contract::Comet),
        Kind::Token => Some(Contract::Token),
        Kind::Oracle | Kind::Actor => None,
    }
}

fn by_range(code: u32) -> Option<Contract> {
    if BACKSTOP_RANGE.contains(&code) {
        Some(Contract::Backstop)
    } else if EMITTER_RANGE.contains(&code) {
        Some(Contract::Emitter)
    } else if POOL_RANGE.contains(&code) {
        Some(Contract::Pool)
    } else {
        None
    }
}

/// The contract (by kind) whose diagnostic `error` event carries `Error(Contract, code)`.
fn raised_by(env: &Env, names: &Names, code: u32) -> Option<Contract> {
    let events = env.host().get_diagnostic_events().ok()?;
    for ev in events.0.iter() {
        if ev.event.type_ != ContractEventType::Diagnostic {
            continue;
        }
        let ContractEventBody::V0(body) = &ev.event.body;
        let topics = body.topics.as_slice();
        if topics.len() < 2 {
            continue;
        }
        let is_error = matches!(&topics[0], ScVal::Symbol(s) if s.0.as_slice() == b"error");
        let same = matches!(&topics[1], ScVal::Error(ScError::Contract(c)) if *c == code);
        if !(is_error && same) {
            continue;
        }
        let Some(id) = &ev.event.contract_id else { continue };
        let addr = Address::try_from_val(env, &ScAddress::Contract(id.clone())).ok()?;
        if let Some(k) = names.kind_of_key(&addr_key(&addr)) {
            if let Some(n) = kind_name(k) {
                return Some(n);
            }
        }
    }
    None
}

pub fn classify(env: &Env, names: &Names, target: &Address, e: soroban_sdk::Error) -> CallError {
    if std::env::var("BLEND_SOROBAN_DEBUG").as_deref() == Ok("2") {
        if let Ok(evs) = env.host().get_diagnostic_events() {
            for ev in evs.0.iter().filter(|ev| ev.event.type_ == ContractEventType::Diagnostic) {
                eprintln!("  {ev}");
            }
        }
    }
    if e.is_type(ScErrorType::Contract) {
        let code = e.get_code();
        let contract = raised_by(env, names, code)
            .or_else(|| by_range(code))
            .or_else(|| names.kind_of_key(&addr_key(target)).and_then(kind_name))
            .unwrap_or(Contract::WasmVm);
        if std::env::var_os("BLEND_SOROBAN_DEBUG").is_some() {
            eprintln!("blend-harness-soroban: call failed: {e:?} -> {contract}#{code}");
        }
        return CallError { contract, code };
    }
    // the root cause: the first non-contract error the failed invocation raised (the host hands
    // the caller `Error(Context, InvalidAction)` for a callee's trap)
    let cause = first_host_error(env).unwrap_or_else(|| e.get_code());
    if std::env::var_os("BLEND_SOROBAN_DEBUG").is_some() {
        eprintln!("blend-harness-soroban: call failed: {e:?} (cause code {cause}) -> WasmVm#{cause}");
    }
    CallError {
        contract: Contract::WasmVm,
        code: cause,
    }
}

/// The code of the first diagnostic `error` event whose error is not a contract error.
fn first_host_error(env: &Env) -> Option<u32> {
    let events = env.host().get_diagnostic_events().ok()?;
    for ev in events.0.iter() {
        if ev.event.type_ != ContractEventType::Diagnostic {
            continue;
        }
        let ContractEventBody::V0(body) = &ev.event.body;
        let topics = body.topics.as_slice();
        if topics.len() < 2 || !matches!(&topics[0], ScVal::Symbol(s) if s.0.as_slice() == b"error") {
            continue;
        }
        match &topics[1] {
            ScVal::Error(ScError::Contract(_)) => continue,
            ScVal::Error(other) => {
                let err: soroban_sdk::Error = other.clone().into();
                return Some(err.get_code());
            }
            _ => continue,
        }
    }
    None
}

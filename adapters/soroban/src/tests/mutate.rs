//! `mutate` (src/mutate.rs): the mutants of the bundled WASMs are found in the functions reachable
//! from the emission entry points, named by stable ids, valid, one instruction apart from the
//! original, with the custom sections intact.

use crate::mutate::{analyse, bundled, custom_sections, imported_funcs, mutant_id, mutate, roundtrip, validate};

fn ids(contract: &str) -> Vec<String> {
    let wasm = bundled(contract).unwrap();
    let a = analyse(contract, wasm).unwrap();
    a.sites.iter().map(|s| mutant_id(contract, &a.sha256, s)).collect()
}

#[test]
fn ids_are_stable_and_unique() {
    for c in ["backstop", "emitter", "pool"] {
        let first = ids(c);
        assert!(!first.is_empty(), "{c}: no mutants");
        assert_eq!(first, ids(c), "{c}: two analyses name different mutants");
        let mut sorted = first.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), first.len(), "{c}: two mutants share an id");
        let sha = crate::mutate::sha256_hex(bundled(c).unwrap());
        assert!(
            first.iter().all(|id| id.starts_with(&format!("{c}-{}:", &sha[..12]))),
            "{c}: an id without the contract's hash"
        );
    }
}

#[test]
fn every_operator_appears_and_constants_are_the_emission_ones() {
    let wasm = bundled("backstop").unwrap();
    let a = analyse("backstop", wasm).unwrap();
    for op in ["const+1", "const-1", "lt->le", "gt->ge", "ge->gt", "add->sub", "sub->add"] {
        assert!(a.sites.iter().any(|s| s.operator == op), "no {op} mutant in the backstop");
    }
    let what: Vec<&str> = a.sites.iter().filter_map(|s| s.what.as_deref()).collect();
    for c in [
        "EMISSION_PERIOD (7 days)",
        "POOL_GULP_MIN_INTERVAL_V2 (24 h)",
        "Q4W_LOCK_TIME_V2 (17 days)",
        "MAX_BACKFILLED_EMISSIONS (10M BLND)",
        "BACKSTOP_EMISSION_SHARE (70%)",
    ] {
        assert!(what.iter().any(|w| w.starts_with(c)), "the backstop's {c} is not mutated");
    }
    assert!(a.reachable < a.defined, "every function reachable: the call graph is not narrowing");
}

#[test]
fn mutants_validate_differ_by_one_instruction_and_keep_custom_sections() {
    for c in ["backstop", "emitter", "pool"] {
        let wasm = bundled(c).unwrap();
        let a = analyse(c, wasm).unwrap();
        let imported = imported_funcs(wasm).unwrap();
        let base = roundtrip(wasm).unwrap();
        validate(&base).unwrap();
        let customs = custom_sections(wasm).unwrap();
        assert!(customs.iter().any(|(n, _)| n == "contractspecv0") && customs.iter().any(|(n, _)| n == "contractenvmetav0"));
        // every 7th site and every constant one: enough to cover each operator, quick enough
        for s in a
            .sites
            .iter()
            .enumerate()
            .filter(|(i, s)| i % 7 == 0 || s.what.is_some())
            .map(|(_, s)| s)
        {
            let m = mutate(wasm, imported, s).unwrap();
            validate(&m).unwrap_or_else(|e| panic!("{c} {}: {e}", s.operator));
            assert_eq!(custom_sections(&m).unwrap(), customs, "{c}: custom sections changed");
            assert_ne!(m, base, "{c} {} at {}: the mutant is the original", s.operator, s.offset);
            // the same length: each replacement encodes in as many bytes, or differs by a LEB byte
            assert!(
                m.len().abs_diff(base.len()) <= 2,
                "{c}: the mutant differs by more than one instruction"
            );
        }
    }
}

#[test]
fn a_module_that_does_not_validate_is_refused() {
    let mut wasm = bundled("emitter").unwrap().to_vec();
    validate(&wasm).unwrap();
    let n = wasm.len();
    wasm.truncate(n - n / 3);
    assert!(validate(&wasm).is_err());
}

#[test]
fn the_pools_roots_are_the_entry_points_the_driver_calls() {
    let a = analyse("pool", bundled("pool").unwrap()).unwrap();
    assert_eq!(
        a.entries,
        [
            "gulp_emissions",
            "claim",
            "set_emissions_config",
            "submit",
            "submit_with_allowance",
            "update_status"
        ]
    );
    assert!(a.missing_entries.is_empty());
    // flash_loan's own code and the indirect callees of other types are left out
    assert!(a.reachable < a.defined, "every pool function reachable");
}

//! `inspect` (inspect.rs) on the bundled WASMs and on variants of them made with wasm-encoder's
//! `reencode` (an export removed, a custom section removed or replaced, a function body replaced by
//! `unreachable`); and a genesis whose backstop constructor traps names the contract and the call.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Cursor;

use soroban_env_host::xdr::{Limited, Limits, ReadXdr, ScSpecEntry, ScSpecTypeDef, WriteXdr};
use wasm_encoder::reencode::{self, Reencode};
use wasmparser::Parser;

use crate::inspect::{bundled_wasm, check, driver_calls, report, spec_of, BUNDLED_CRATE, BUNDLED_VERSION};
use crate::world::WASM_NAMES;

/// What a variant changes.
#[derive(Default)]
struct Craft {
    drop_export: Option<&'static str>,
    drop_custom: Option<&'static str>,
    spec: Option<Vec<u8>>,
    /// The function (by its export name) whose body becomes `unreachable`.
    trap: Option<u32>,
    current: u32,
}

impl Reencode for Craft {
    type Error = std::convert::Infallible;

    fn parse_export(&mut self, exports: &mut wasm_encoder::ExportSection, export: wasmparser::Export<'_>) {
        if Some(export.name) != self.drop_export {
            reencode::utils::parse_export(self, exports, export);
        }
    }

    fn parse_custom_section(
        &mut self,
        module: &mut wasm_encoder::Module,
        section: wasmparser::CustomSectionReader<'_>,
    ) -> Result<(), reencode::Error<Self::Error>> {
        if Some(section.name()) == self.drop_custom {
            return Ok(());
        }
        if let (Some(spec), "contractspecv0") = (&self.spec, section.name()) {
            module.section(&wasm_encoder::CustomSection {
                name: Cow::Borrowed("contractspecv0"),
                data: Cow::Borrowed(spec),
            });
            return Ok(());
        }
        reencode::utils::parse_custom_section(self, module, section)
    }

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), reencode::Error<Self::Error>> {
        let this = self.current;
        self.current += 1;
        if Some(this) == self.trap {
            let mut f = wasm_encoder::Function::new([]);
            f.instruction(&wasm_encoder::Instruction::Unreachable);
            f.instruction(&wasm_encoder::Instruction::End);
            code.function(&f);
            return Ok(());
        }
        reencode::utils::parse_function_body(self, code, func)
    }
}

fn craft(wasm: &[u8], mut c: Craft) -> Vec<u8> {
    c.current = crate::mutate::imported_funcs(wasm).unwrap();
    let mut module = wasm_encoder::Module::new();
    c.parse_core_module(&mut module, Parser::new(0), wasm).unwrap();
    module.finish()
}

/// The function index a module exports under `name`.
fn export_index(wasm: &[u8], name: &str) -> u32 {
    for p in Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ExportSection(r) = p.unwrap() {
            for e in r {
                let e = e.unwrap();
                if e.name == name {
                    return e.index;
                }
            }
        }
    }
    panic!("no export {name}")
}

/// The contractspecv0 of `wasm` with `edit` applied to each entry, re-encoded.
fn edited_spec(wasm: &[u8], edit: impl Fn(&mut ScSpecEntry)) -> Vec<u8> {
    let bytes = crate::mutate::custom_sections(wasm)
        .unwrap()
        .into_iter()
        .find(|(n, _)| n == "contractspecv0")
        .unwrap()
        .1;
    let mut out = Vec::new();
    for e in ScSpecEntry::read_xdr_iter(&mut Limited::new(Cursor::new(bytes), Limits::none())) {
        let mut e = e.unwrap();
        edit(&mut e);
        out.extend(e.to_xdr(Limits::none()).unwrap());
    }
    out
}

#[test]
fn the_bundled_builds_pass_and_export_every_call() {
    for name in WASM_NAMES {
        let wasm = bundled_wasm(name).unwrap();
        assert_eq!(check(name, wasm), Vec::<String>::new(), "{name}");
        let spec = spec_of(wasm).unwrap().unwrap();
        for c in driver_calls(name) {
            assert!(spec.signature(c, false).is_some(), "{name}.{c} is in the bundled contractspecv0");
        }
    }
}

#[test]
fn a_reencoded_copy_passes() {
    let wasm = bundled_wasm("backstop").unwrap();
    assert_eq!(check("backstop", &craft(wasm, Craft::default())), Vec::<String>::new());
}

#[test]
fn not_valid_wasm() {
    let bad = [0u8, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x01, 0x05, 0xff, 0xff];
    let p = check("backstop", &bad);
    assert_eq!(p.len(), 1);
    assert!(p[0].starts_with("not a valid WASM module (wasmparser: "), "{p:?}");
}

#[test]
fn an_empty_module_is_not_a_soroban_contract() {
    let p = check("emitter", &[0u8, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    assert_eq!(p, vec!["not a Soroban contract (no contractenvmetav0 custom section)".to_string()]);
}

#[test]
fn without_contractenvmetav0() {
    let wasm = craft(
        bundled_wasm("pool").unwrap(),
        Craft {
            drop_custom: Some("contractenvmetav0"),
            ..Craft::default()
        },
    );
    assert_eq!(
        check("pool", &wasm),
        vec!["not a Soroban contract (no contractenvmetav0 custom section)".to_string()]
    );
}

#[test]
fn without_contractspecv0() {
    let wasm = craft(
        bundled_wasm("pool").unwrap(),
        Craft {
            drop_custom: Some("contractspecv0"),
            ..Craft::default()
        },
    );
    let p = check("pool", &wasm);
    assert_eq!(p.len(), 1);
    assert!(p[0].starts_with("no contractspecv0 custom section"), "{p:?}");
}

#[test]
fn a_missing_entry_point_is_named() {
    let wasm = craft(
        bundled_wasm("backstop").unwrap(),
        Craft {
            drop_export: Some("deposit"),
            ..Craft::default()
        },
    );
    assert_eq!(
        check("backstop", &wasm),
        vec!["does not export an entry point the driver calls on backstop: deposit".to_string()]
    );
}

#[test]
fn another_contract_misses_entry_points_and_changes_signatures() {
    // the emitter given as the backstop: most entry points missing; its distribute differs
    let p = check("backstop", bundled_wasm("emitter").unwrap());
    assert!(
        p[0].starts_with("does not export entry points the driver calls on backstop: __constructor, deposit, "),
        "{p:?}"
    );
}

#[test]
fn a_changed_input_type_is_named() {
    let wasm = bundled_wasm("backstop").unwrap();
    let spec = edited_spec(wasm, |e| {
        if let ScSpecEntry::FunctionV0(f) = e {
            if f.name.to_utf8_string_lossy() == "deposit" {
                let mut ins = f.inputs.to_vec();
                ins[2].type_ = ScSpecTypeDef::U64;
                f.inputs = ins.try_into().unwrap();
            }
        }
    });
    let changed = craft(
        wasm,
        Craft {
            spec: Some(spec),
            ..Craft::default()
        },
    );
    assert_eq!(
        check("backstop", &changed),
        vec![
            "changed signature of an entry point the driver calls: deposit(from: Address, pool_address: Address, amount: u64) -> i128 (bundled: deposit(from: Address, pool_address: Address, amount: i128) -> i128)"
                .to_string()
        ]
    );
}

#[test]
fn a_changed_struct_field_is_named_with_the_type_spelled_out() {
    // pool.submit takes Vec<Request>: Request.amount made an i64
    let wasm = bundled_wasm("pool").unwrap();
    let spec = edited_spec(wasm, |e| {
        if let ScSpecEntry::UdtStructV0(s) = e {
            if s.name.to_utf8_string_lossy() == "Request" {
                let mut fields = s.fields.to_vec();
                for f in fields.iter_mut() {
                    if f.name.to_utf8_string_lossy() == "amount" {
                        f.type_ = ScSpecTypeDef::I64;
                    }
                }
                s.fields = fields.try_into().unwrap();
            }
        }
    });
    let p = check(
        "pool",
        &craft(
            wasm,
            Craft {
                spec: Some(spec),
                ..Craft::default()
            },
        ),
    );
    assert_eq!(p.len(), 1, "{p:?}");
    // (submit_with_allowance takes the same requests: both are named)
    assert!(
        p[0].starts_with("changed signature of entry points the driver calls: submit(") && p[0].contains("; submit_with_allowance("),
        "{p:?}"
    );
    assert!(
        p[0].contains("Request{") && p[0].contains("amount: i64") && p[0].contains("amount: i128"),
        "{p:?}"
    );
}

#[test]
fn the_report_gives_each_contract_its_provenance() {
    let mut user = BTreeMap::new();
    let copy = bundled_wasm("backstop").unwrap().to_vec();
    user.insert("backstop".to_string(), ("/x/backstop.wasm".to_string(), copy.clone()));
    let r = report(&user);
    let cs = r["contracts"].as_array().unwrap();
    assert_eq!(cs.len(), WASM_NAMES.len());
    assert_eq!(cs[0]["contract"], "backstop");
    assert_eq!(cs[0]["source"], "user");
    assert_eq!(cs[0]["path"], "/x/backstop.wasm");
    assert_eq!(cs[0]["sha256"], crate::mutate::sha256_hex(&copy));
    assert_eq!(cs[0]["problems"].as_array().unwrap().len(), 0);
    for c in &cs[1..] {
        assert_eq!(c["source"], "bundled");
        assert_eq!(c["crate"], BUNDLED_CRATE);
        assert_eq!(c["version"], BUNDLED_VERSION);
        assert_eq!(c["sha256"].as_str().unwrap().len(), 64);
    }
}

#[test]
fn the_bundled_version_is_the_locked_one() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
    let at = lock
        .find("name = \"blend-contract-sdk\"")
        .expect("blend-contract-sdk in Cargo.lock");
    let version_line = lock[at..].lines().nth(1).unwrap();
    assert_eq!(version_line, format!("version = \"{BUNDLED_VERSION}\""));
}

#[test]
fn a_constructor_that_traps_is_named_with_the_call() {
    let wasm = bundled_wasm("backstop").unwrap();
    let trap = craft(
        wasm,
        Craft {
            trap: Some(export_index(wasm, "__constructor")),
            ..Craft::default()
        },
    );
    // it passes inspect: the interface is the bundled one
    assert_eq!(check("backstop", &trap), Vec::<String>::new());
    let leaked: &'static [u8] = Vec::leak(trap);
    crate::world::TEST_USER_WASM.with(|m| m.borrow_mut().insert("backstop".to_string(), ("/tmp/trap.wasm", leaked)));
    let cfg = crate::world::WorldConfig {
        users: 2,
        pools: 2,
        reserves: 2,
        start: 1_700_000_000,
        lp_per_user: 10_000_000_000,
        reward_zone_gap: None,
        whale: false,
        second_reserve: false,
    };
    let r = crate::world::quiet_catch(|| crate::world::World::genesis(cfg));
    let call = crate::world::take_genesis_call();
    crate::world::TEST_USER_WASM.with(|m| m.borrow_mut().clear());
    let why = match r {
        Err(why) => why,
        Ok(_) => panic!("the genesis did not fail"),
    };
    assert_eq!(call.as_deref(), Some("backstop.__constructor (the user's build /tmp/trap.wasm)"));
    // the panic's first line: the host's error
    assert!(why.contains("HostError"), "{why}");
}

/// Issue 19: the backstop mutant `func143 +114 sub->add` (compiler-builtins' u128 division, the high
/// half of `remainder - (divisor << k)` for a divisor of 2^64 or more) loops for ever in genesis's
/// `add_reward` in the world with the whale (its Comet supply past 2^64 stroops is the divisor of
/// `load_pool_backstop_data`'s BLND and USDC per LP token). Genesis bounds each of its calls as a step's call is bounded (world.rs `genesis_at`,
/// CALL_CPU_INSNS_LIMIT): the genesis fails with the host's ExceededLimit, naming the call, instead
/// of never returning (session 13's `mutate` saw a time-out); the unmutated genesis passes.
#[test]
fn a_genesis_call_that_never_ends_fails_on_the_cpu_limit() {
    let wasm = crate::mutate::bundled("backstop").unwrap();
    let a = crate::mutate::analyse("backstop", wasm).unwrap();
    let site = a
        .sites
        .iter()
        .find(|s| s.func_name == "func143" && s.offset == 114 && s.operator == "sub->add")
        .expect("the func143 +114 mutant");
    let imported = crate::mutate::imported_funcs(wasm).unwrap();
    let mutant: &'static [u8] = Vec::leak(crate::mutate::mutate(wasm, imported, site).unwrap());
    let cfg = || crate::world::WorldConfig {
        users: 2,
        pools: 2,
        reserves: 2,
        start: 1_700_000_000,
        lp_per_user: 10_000_000_000,
        reward_zone_gap: Some(0),
        whale: true,
        second_reserve: false,
    };
    // the bundled build: genesis passes, and the budget is unlimited again after it
    let w = crate::world::World::genesis(cfg()).expect("the bundled genesis");
    assert_eq!(w.env.cost_estimate().budget().cpu_instruction_cost(), 0);
    drop(w);
    crate::world::TEST_USER_WASM.with(|m| m.borrow_mut().insert("backstop".to_string(), ("/tmp/m114.wasm", mutant)));
    let started = std::time::Instant::now();
    let r = crate::world::quiet_catch(|| crate::world::World::genesis(cfg()));
    let call = crate::world::take_genesis_call();
    crate::world::TEST_USER_WASM.with(|m| m.borrow_mut().clear());
    let why = match r {
        Err(why) => why,
        Ok(_) => panic!("the mutant's genesis did not fail"),
    };
    assert_eq!(call.as_deref(), Some("backstop.add_reward (the user's build /tmp/m114.wasm)"));
    assert!(why.contains("Error(Budget, ExceededLimit)"), "{why}");
    eprintln!("the mutant's genesis failed on the CPU limit after {:?}", started.elapsed());
}

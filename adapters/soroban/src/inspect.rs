//! `blend-harness-soroban inspect --wasm NAME=FILE...`: the user's builds checked before anything
//! runs, and the provenance of every contract the driver deploys (docs/protocol.md, `provenance` under "Control").
//!
//! Each given WASM is checked, in this order (a failed check stops that file's later ones):
//! 1. it validates (wasmparser's `Validator`, its default features);
//! 2. it is a Soroban contract: it holds a `contractenvmetav0` custom section;
//! 3. it exports every entry point the driver calls on that contract ([`driver_calls`]); the missing
//!    ones are named;
//! 4. its `contractspecv0` (the contract's interface: XDR `ScSpecEntry`s) is compared with the
//!    bundled build's, the one the driver was compiled against: for each entry point the driver
//!    calls, a changed signature (the types of its inputs and of its result, user-defined types
//!    expanded to their fields, cases and values) is named, with both signatures.
//!
//! The output is one JSON object on stdout (exit 0): `{"contracts": [{contract, sha256, source,
//! crate?, version?, path?, problems: [..]}]}`, one entry per contract the driver deploys (the
//! bundled ones with no problems); the harness refuses the run when any `problems` is not empty
//! (src/check/inspect.ts). Bad usage or an unreadable file: one line on stderr, exit 2.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Cursor;

use blend_contract_sdk::{backstop, emitter, pool, pool_factory, testutils as blend_tu};
use serde_json::{json, Value};
use soroban_env_host::xdr::{Limited, Limits, ReadXdr, ScSpecEntry, ScSpecFunctionV0, ScSpecTypeDef, ScSpecUdtUnionCaseV0};
use wasmparser::{ExternalKind, Parser, Payload};

use crate::mutate::{sha256_hex, validate};
use crate::world::WASM_NAMES;

/// The crate the bundled WASMs come from, and its version (Cargo.lock; a test holds them equal).
pub const BUNDLED_CRATE: &str = "blend-contract-sdk";
pub const BUNDLED_VERSION: &str = "2.25.0";

/// The bundled build of a contract the driver deploys (world.rs `genesis`), by its `--wasm` name.
pub fn bundled_wasm(contract: &str) -> Option<&'static [u8]> {
    Some(match contract {
        "backstop" => backstop::WASM,
        "emitter" => emitter::WASM,
        "pool" => pool::WASM,
        "pool_factory" => pool_factory::WASM,
        "comet" => blend_tu::comet::WASM,
        _ => return None,
    })
}

/// The entry points the driver calls on each contract of a generated world: at genesis (world.rs
/// `genesis`, `deploy_pool`, `set_composition`) and for the protocol's actions (actions.rs).
pub fn driver_calls(contract: &str) -> &'static [&'static str] {
    match contract {
        "backstop" => &[
            "__constructor",
            "deposit",
            "queue_withdrawal",
            "dequeue_withdrawal",
            "withdraw",
            "claim",
            "distribute",
            "add_reward",
            "remove_reward",
            "drop",
            "draw",
            "donate",
        ],
        "emitter" => &[
            "initialize",
            "distribute",
            "queue_swap_backstop",
            "cancel_swap_backstop",
            "swap_backstop",
        ],
        "pool" => &[
            "__constructor",
            "queue_set_reserve",
            "set_reserve",
            "get_reserve",
            "set_emissions_config",
            "submit",
            "submit_with_allowance",
            "update_status",
            "gulp_emissions",
            "claim",
        ],
        "pool_factory" => &["__constructor", "deploy", "is_pool"],
        "comet" => &["init", "join_pool", "get_total_supply", "gulp", "transfer", "approve"],
        _ => &[],
    }
}

/// Where a contract's WASM comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// blend-contract-sdk's ([`BUNDLED_CRATE`] [`BUNDLED_VERSION`]).
    Bundled,
    /// The user's file (`--wasm NAME=FILE`), its path as given.
    User(String),
}

/// One contract's provenance: its SHA-256 (hex) and where it comes from.
pub fn provenance_entry(contract: &str, wasm: &[u8], source: &Source) -> Value {
    match source {
        Source::Bundled => json!({
            "contract": contract,
            "sha256": sha256_hex(wasm),
            "source": "bundled",
            "crate": BUNDLED_CRATE,
            "version": BUNDLED_VERSION,
        }),
        Source::User(path) => json!({ "contract": contract, "sha256": sha256_hex(wasm), "source": "user", "path": path }),
    }
}

/// The custom section `name` of a module (the first), if any.
fn custom_section(wasm: &[u8], name: &str) -> Result<Option<Vec<u8>>, String> {
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::CustomSection(c) = payload.map_err(|e| e.to_string())? {
            if c.name() == name {
                return Ok(Some(c.data().to_vec()));
            }
        }
    }
    Ok(None)
}

/// The names of the functions a module exports.
fn exported_functions(wasm: &[u8]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ExportSection(r) = payload.map_err(|e| e.to_string())? {
            for e in r {
                let e = e.map_err(|e| e.to_string())?;
                if e.kind == ExternalKind::Func {
                    out.push(e.name.to_string());
                }
            }
        }
    }
    Ok(out)
}

/// A contract's interface: its functions and user-defined types by name (contractspecv0).
pub struct Spec {
    functions: BTreeMap<String, ScSpecFunctionV0>,
    types: BTreeMap<String, ScSpecEntry>,
}

/// The contractspecv0 section read as XDR `ScSpecEntry`s; `Ok(None)` when the section is absent.
pub fn spec_of(wasm: &[u8]) -> Result<Option<Spec>, String> {
    let Some(bytes) = custom_section(wasm, "contractspecv0")? else {
        return Ok(None);
    };
    let mut functions = BTreeMap::new();
    let mut types = BTreeMap::new();
    let mut reader = Limited::new(Cursor::new(bytes), Limits::none());
    for entry in ScSpecEntry::read_xdr_iter(&mut reader) {
        let entry = entry.map_err(|e| format!("its contractspecv0 section is not a list of XDR ScSpecEntry: {e}"))?;
        match &entry {
            ScSpecEntry::FunctionV0(f) => {
                functions.insert(f.name.to_utf8_string_lossy(), f.clone());
            }
            ScSpecEntry::UdtStructV0(s) => {
                types.insert(s.name.to_utf8_string_lossy(), entry.clone());
            }
            ScSpecEntry::UdtUnionV0(u) => {
                types.insert(u.name.to_utf8_string_lossy(), entry.clone());
            }
            ScSpecEntry::UdtEnumV0(e) => {
                types.insert(e.name.to_utf8_string_lossy(), entry.clone());
            }
            ScSpecEntry::UdtErrorEnumV0(e) => {
                types.insert(e.name.to_utf8_string_lossy(), entry.clone());
            }
            ScSpecEntry::EventV0(_) => {}
        }
    }
    Ok(Some(Spec { functions, types }))
}

impl Spec {
    /// A type as written in Rust; with `expand`, a user-defined type is followed by its definition
    /// (`Request{request_type: u32, ...}`), each type expanded once.
    fn type_text(&self, t: &ScSpecTypeDef, expand: bool, seen: &mut Vec<String>) -> String {
        let mut sub = |t: &ScSpecTypeDef| self.type_text(t, expand, seen);
        match t {
            ScSpecTypeDef::Option(o) => format!("Option<{}>", sub(&o.value_type)),
            ScSpecTypeDef::Result(r) => {
                let ok = sub(&r.ok_type);
                format!("Result<{ok}, {}>", sub(&r.error_type))
            }
            ScSpecTypeDef::Vec(v) => format!("Vec<{}>", sub(&v.element_type)),
            ScSpecTypeDef::Map(m) => {
                let k = sub(&m.key_type);
                format!("Map<{k}, {}>", sub(&m.value_type))
            }
            ScSpecTypeDef::Tuple(tu) => {
                let parts: Vec<String> = tu.value_types.iter().map(sub).collect();
                format!("({})", parts.join(", "))
            }
            ScSpecTypeDef::BytesN(b) => format!("BytesN<{}>", b.n),
            ScSpecTypeDef::Udt(u) => {
                let name = u.name.to_utf8_string_lossy();
                if !expand || seen.contains(&name) {
                    return name;
                }
                seen.push(name.clone());
                let body = match self.types.get(&name) {
                    None => "?".to_string(),
                    Some(entry) => self.udt_text(entry, seen),
                };
                format!("{name}{{{body}}}")
            }
            // the numbers and bool as Rust writes them (u32, i128, bool); Address, Symbol, ... as named
            other => {
                let n = other.name();
                if n == "Bool" || n[1..].chars().all(|c| c.is_ascii_digit()) {
                    n.to_lowercase()
                } else {
                    n.to_string()
                }
            }
        }
    }

    /// A user-defined type's definition: struct fields, union cases, enum and error values.
    fn udt_text(&self, entry: &ScSpecEntry, seen: &mut Vec<String>) -> String {
        match entry {
            ScSpecEntry::UdtStructV0(s) => s
                .fields
                .iter()
                .map(|f| format!("{}: {}", f.name.to_utf8_string_lossy(), self.type_text(&f.type_, true, seen)))
                .collect::<Vec<_>>()
                .join(", "),
            ScSpecEntry::UdtUnionV0(u) => u
                .cases
                .iter()
                .map(|c| match c {
                    ScSpecUdtUnionCaseV0::VoidV0(v) => v.name.to_utf8_string_lossy(),
                    ScSpecUdtUnionCaseV0::TupleV0(t) => {
                        let parts: Vec<String> = t.type_.iter().map(|x| self.type_text(x, true, seen)).collect();
                        format!("{}({})", t.name.to_utf8_string_lossy(), parts.join(", "))
                    }
                })
                .collect::<Vec<_>>()
                .join(" | "),
            ScSpecEntry::UdtEnumV0(e) => e
                .cases
                .iter()
                .map(|c| format!("{} = {}", c.name.to_utf8_string_lossy(), c.value))
                .collect::<Vec<_>>()
                .join(", "),
            ScSpecEntry::UdtErrorEnumV0(e) => e
                .cases
                .iter()
                .map(|c| format!("{} = {}", c.name.to_utf8_string_lossy(), c.value))
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        }
    }

    /// `name(arg: T, ...) -> R`; with `expand`, the user-defined types spelled out.
    pub fn signature(&self, name: &str, expand: bool) -> Option<String> {
        let f = self.functions.get(name)?;
        let mut seen = Vec::new();
        let mut s = format!("{name}(");
        for (i, input) in f.inputs.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            let _ = write!(
                s,
                "{}: {}",
                input.name.to_utf8_string_lossy(),
                self.type_text(&input.type_, expand, &mut seen)
            );
        }
        s.push(')');
        if let Some(out) = f.outputs.first() {
            let _ = write!(s, " -> {}", self.type_text(out, expand, &mut seen));
        }
        Some(s)
    }

    /// What a caller depends on: the input and result types (not the argument names), expanded.
    fn shape(&self, name: &str) -> Option<String> {
        let f = self.functions.get(name)?;
        let mut seen = Vec::new();
        let ins: Vec<String> = f.inputs.iter().map(|i| self.type_text(&i.type_, true, &mut seen)).collect();
        let outs: Vec<String> = f.outputs.iter().map(|o| self.type_text(o, true, &mut seen)).collect();
        Some(format!("({}) -> ({})", ins.join(", "), outs.join(", ")))
    }
}

/// The problems of a user's build of `contract` (empty: it may run). See the module's docs.
pub fn check(contract: &str, wasm: &[u8]) -> Vec<String> {
    if let Err(e) = validate(wasm) {
        return vec![format!("not a valid WASM module (wasmparser: {e})")];
    }
    match custom_section(wasm, "contractenvmetav0") {
        Err(e) => return vec![format!("not a valid WASM module ({e})")],
        Ok(None) => return vec!["not a Soroban contract (no contractenvmetav0 custom section)".to_string()],
        Ok(Some(_)) => {}
    }
    let mut problems = Vec::new();
    let exports = match exported_functions(wasm) {
        Ok(x) => x,
        Err(e) => return vec![format!("not a valid WASM module ({e})")],
    };
    let calls = driver_calls(contract);
    let missing: Vec<&str> = calls.iter().copied().filter(|c| !exports.iter().any(|e| e == c)).collect();
    if !missing.is_empty() {
        problems.push(format!(
            "does not export {} the driver calls on {contract}: {}",
            if missing.len() == 1 { "an entry point" } else { "entry points" },
            missing.join(", ")
        ));
    }
    let given = match spec_of(wasm) {
        Err(e) => {
            problems.push(e);
            return problems;
        }
        Ok(None) => {
            problems.push("no contractspecv0 custom section: its interface cannot be compared with the bundled build's".to_string());
            return problems;
        }
        Ok(Some(s)) => s,
    };
    let bundled = bundled_wasm(contract)
        .and_then(|w| spec_of(w).ok().flatten())
        .expect("the bundled WASM has a contractspecv0 section");
    let mut changed = Vec::new();
    for c in calls.iter().filter(|c| !missing.contains(c)) {
        let (Some(want), Some(got)) = (bundled.shape(c), given.shape(c)) else {
            if bundled.functions.contains_key(*c) && !given.functions.contains_key(*c) {
                changed.push(format!("{c} (exported, but not in its contractspecv0)"));
            }
            continue;
        };
        if want != got {
            let (b, g) = (bundled.signature(c, false).unwrap(), given.signature(c, false).unwrap());
            changed.push(if b != g {
                format!("{g} (bundled: {b})")
            } else {
                format!(
                    "{} (bundled: {})",
                    given.signature(c, true).unwrap(),
                    bundled.signature(c, true).unwrap()
                )
            });
        }
    }
    if !changed.is_empty() {
        problems.push(format!(
            "changed signature of {} the driver calls: {}",
            if changed.len() == 1 { "an entry point" } else { "entry points" },
            changed.join("; ")
        ));
    }
    problems
}

/// The provenance of every contract the driver deploys, with the user's builds' problems:
/// `{"contracts": [...]}` (see the module's docs). `user`: contract name -> (path, bytes).
pub fn report(user: &BTreeMap<String, (String, Vec<u8>)>) -> Value {
    let contracts: Vec<Value> = WASM_NAMES
        .iter()
        .map(|name| {
            let (mut entry, problems) = match user.get(*name) {
                Some((path, bytes)) => (provenance_entry(name, bytes, &Source::User(path.clone())), check(name, bytes)),
                None => (provenance_entry(name, bundled_wasm(name).unwrap(), &Source::Bundled), Vec::new()),
            };
            entry["problems"] = json!(problems);
            entry
        })
        .collect();
    json!({ "contracts": contracts })
}

/// Reads a `--wasm NAME=FILE` value: (NAME, FILE as given, its bytes), or the one-line reason.
pub type ReadWasm = dyn Fn(&str) -> Result<(String, String, Vec<u8>), String>;

const USAGE: &str = "usage: blend-harness-soroban inspect [--wasm NAME=FILE]...   (or: inspect --export NAME --out FILE)";

/// `blend-harness-soroban inspect ...`: prints the report (exit 0); `inspect --export NAME --out
/// FILE` writes the bundled build of NAME to FILE (a temporary file, then renamed). Bad usage or an
/// unreadable file: one line on stderr, exit 2.
pub fn main_mode(args: &[String], read: &ReadWasm) -> i32 {
    match run_mode(args, read) {
        Ok(text) => {
            println!("{text}");
            0
        }
        Err(e) => {
            eprintln!("blend-harness-soroban inspect: {e}");
            2
        }
    }
}

fn run_mode(args: &[String], read: &ReadWasm) -> Result<String, String> {
    let mut user: BTreeMap<String, (String, Vec<u8>)> = BTreeMap::new();
    let (mut export, mut out) = (None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        if flag == "--help" || flag == "-h" {
            return Ok(USAGE.to_string());
        }
        if !matches!(flag, "--wasm" | "--export" | "--out") {
            return Err(format!("unknown argument {a} ({USAGE})"));
        }
        let v = match inline {
            Some(v) => v,
            None => it.next().cloned().ok_or_else(|| format!("{flag}: expected a value ({USAGE})"))?,
        };
        match flag {
            "--wasm" => {
                let (name, path, bytes) = read(&v)?;
                if user.insert(name.clone(), (path, bytes)).is_some() {
                    return Err(format!("--wasm: contract {name} given twice"));
                }
            }
            "--export" => export = Some(v),
            _ => out = Some(v),
        }
    }
    match (export, out) {
        (None, None) => Ok(report(&user).to_string()),
        (Some(name), Some(out)) => {
            let wasm = bundled_wasm(&name)
                .ok_or_else(|| format!("--export {name}: unknown contract (expected one of {})", WASM_NAMES.join(", ")))?;
            let path = std::path::Path::new(&out);
            let tmp = path.with_extension(format!("tmp{}", std::process::id()));
            std::fs::write(&tmp, wasm).map_err(|e| format!("--out {out}: {e}"))?;
            std::fs::rename(&tmp, path).map_err(|e| format!("--out {out}: {e}"))?;
            Ok(json!({ "contract": name, "sha256": sha256_hex(wasm), "file": out }).to_string())
        }
        _ => Err(format!("--export and --out go together ({USAGE})")),
    }
}

//! Mutants of a Blend contract's WASM for `blend-harness mutate` (docs/mutate.md).
//!
//! The module is read with wasmparser and each mutant written back with wasm-encoder's `reencode`:
//! every section is re-encoded as it was (custom sections, contractspecv0, contractenvmetav0 and
//! contractmetav0 included, copied byte for byte) except one instruction of one function body.
//! Each mutant is then validated (wasmparser's `Validator`); one that does not validate is reported
//! invalid and never run.
//!
//! Operators, applied only in the functions reachable from the contract's emission entry points
//! ([`entry_points`]) through direct calls and, where a reachable function calls indirectly
//! (`call_indirect` of a type), through the functions of the element segments of that type (a
//! `call_indirect` traps on any other):
//! - `const+1` / `const-1`: an `i32.const` / `i64.const` holding an emission constant (spec/constants.ts,
//!   in the units the contracts hold them: stroops, seconds, SCALAR_7 fixed point; an i128 constant
//!   appears as its two i64 halves) raw or as a Soroban small `Val` (U32Val, U64Small, I64Small,
//!   I128Small), replaced by its neighbour;
//! - `lt->le`, `le->lt`, `gt->ge`, `ge->gt`: a comparison flipped (i32 and i64, signed and unsigned);
//! - `add->sub`, `sub->add`: an `i64.add` / `i64.sub` swapped. i32 add/sub are left alone: in WASM
//!   compiled from Rust they are the shadow stack's and memory's address arithmetic, whose mutants
//!   test the allocator rather than the emission rules.
//!
//! A comparison flip that is equivalent by construction (src/equivalence.rs: the high-half
//! comparison of an i128 under a `select`, a min or max, operands that can never be equal) is still
//! made, and listed with its proof as `ignored_reason`: `blend-harness mutate` reports it `ignored`.
//!
//! A mutant's id is stable: `{contract}-{sha256 of the WASM, 12 hex}:{function}:{offset}:{operator}`,
//! the offset counted in bytes from the start of the function's body, so two runs of the same build
//! name the same mutants, and two builds differ only where their code does.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use sha2::{Digest, Sha256};
use wasm_encoder::reencode::{self, Reencode, RoundtripReencoder};
use wasmparser::{ExternalKind, Operator, Parser, Payload, Validator};

use crate::equivalence::{equivalent_flips, ModuleTypes};

/// The contracts `mutate` knows, with their bundled (blend-contract-sdk 2.25.0) WASM.
pub fn bundled(contract: &str) -> Option<&'static [u8]> {
    use blend_contract_sdk::{backstop, emitter, pool};
    match contract {
        "backstop" => Some(backstop::WASM),
        "emitter" => Some(emitter::WASM),
        "pool" => Some(pool::WASM),
        _ => None,
    }
}

/// The emission entry points of each contract (exports by name): the roots of the call graph whose
/// reachable functions are mutated. A name the WASM does not export is skipped (and reported).
pub fn entry_points(contract: &str) -> &'static [&'static str] {
    match contract {
        "backstop" => &[
            "distribute",
            "gulp_emissions",
            "claim",
            "deposit",
            "queue_withdrawal",
            "dequeue_withdrawal",
            "withdraw",
            "add_reward",
            "remove_reward",
            "drop",
            "draw",
            "donate",
        ],
        "emitter" => &["distribute", "queue_swap_backstop", "swap_backstop", "cancel_swap_backstop", "drop"],
        // (`flash_loan` moves positions too, but the driver never calls it: a mutant reachable
        // only through it is one no check can reach)
        "pool" => &[
            "gulp_emissions",
            "claim",
            "set_emissions_config",
            "submit",
            "submit_with_allowance",
            "update_status",
        ],
        _ => &[],
    }
}

const DAY: i128 = 24 * 60 * 60;
const SCALAR_7: i128 = 10_000_000;

/// The emission constants (spec/constants.ts) as the contracts hold them, with their names. An i128
/// too large for one i64 is given as its two halves.
pub fn emission_constants() -> Vec<(i128, &'static str)> {
    let threshold: i128 = 10_000_000_000_000_000_000_000_000; // RZ_THRESHOLD_PC, 1e25
    vec![
        (SCALAR_7, "EMISSION_RATE/SCALAR_7/POOL_GULP_MINIMUM (1 BLND)"),
        (7 * DAY, "EMISSION_PERIOD (7 days)"),
        (DAY, "POOL_GULP_MIN_INTERVAL_V2 (24 h)"),
        (5, "DISTRIBUTE_MIN_INTERVAL_V2 (5 s)"),
        (60 * 60, "RZ_EDIT_WINDOW_V2 (1 h)"),
        (17 * DAY, "Q4W_LOCK_TIME_V2 (17 days)"),
        (21 * DAY, "Q4W_LOCK_TIME_V1 (21 days)"),
        (31 * DAY, "SWAP_UNLOCK_TIME (31 days)"),
        (7_000_000, "BACKSTOP_EMISSION_SHARE (70%)"),
        (3_000_000, "POOL_EMISSION_SHARE (30%)"),
        (10_000_000 * SCALAR_7, "MAX_BACKFILLED_EMISSIONS (10M BLND)"),
        (50_000_000 * SCALAR_7, "MAX_DROP (50M BLND)"),
        (30, "MAX_RZ_SIZE_V2 (30)"),
        (50, "MAX_RZ_SIZE_DOCUMENTED (50)"),
        (threshold & 0xFFFF_FFFF_FFFF_FFFF, "RZ_THRESHOLD_PC (1e25) low half"),
        (threshold >> 64, "RZ_THRESHOLD_PC (1e25) high half"),
    ]
}

/// How a constant is written in the code: raw, or as a Soroban small `Val` (tag in the low bits).
#[derive(Clone, Copy)]
enum Form {
    Raw,
    U32Val,
    U64Small,
    I64Small,
    I128Small,
}

impl Form {
    fn encode(self, v: i128) -> i128 {
        match self {
            Form::Raw => v,
            Form::U32Val => (v << 32) | 4,
            Form::U64Small => (v << 8) | 6,
            Form::I64Small => (v << 8) | 7,
            Form::I128Small => (v << 8) | 11,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Form::Raw => "",
            Form::U32Val => " as U32Val",
            Form::U64Small => " as U64Small",
            Form::I64Small => " as I64Small",
            Form::I128Small => " as I128Small",
        }
    }
}

/// A constant found: (the value in the code, the replacement for +1 and -1, what it is).
fn constant_at(value: i64, is_i32: bool) -> Option<(i64, i64, String)> {
    for (c, name) in emission_constants() {
        // 5 s and 30/50 are common small numbers: matched raw only as i64 (5 s, a timestamp
        // difference) or as i32/i64 (30, 50: a reward-zone length), never as anything else
        for form in [Form::Raw, Form::U32Val, Form::U64Small, Form::I64Small, Form::I128Small] {
            if c < 30 && (is_i32 || !matches!(form, Form::Raw)) {
                continue;
            }
            let enc = form.encode(c);
            if enc != value as i128 && !(is_i32 && enc == value as u32 as i128) {
                continue;
            }
            let (up, down) = (form.encode(c + 1), form.encode(c - 1));
            let fits = |x: i128| {
                if is_i32 {
                    i32::try_from(x).is_ok() || u32::try_from(x).is_ok()
                } else {
                    i64::try_from(x).is_ok() || u64::try_from(x).is_ok()
                }
            };
            if !fits(up) || !fits(down) {
                continue;
            }
            let cast = |x: i128| if is_i32 { x as u32 as i32 as i64 } else { x as u64 as i64 };
            return Some((cast(up), cast(down), format!("{name}{}", form.name())));
        }
    }
    None
}

/// One mutation site.
#[derive(Clone, Debug)]
pub struct Site {
    /// Index of the function in the module's function index space.
    pub func: u32,
    /// Its name: the export's, the name section's, else `func{index}`.
    pub func_name: String,
    /// Absolute offset of the instruction in the WASM file.
    pub abs_offset: usize,
    /// Offset of the instruction from the start of the function's body.
    pub offset: usize,
    pub operator: &'static str,
    pub original: String,
    pub replacement: String,
    /// The constant it touches, for constant operators.
    pub what: Option<String>,
    /// Equivalent by construction (src/equivalence.rs): the rule and its proof. Still made and
    /// listed; `mutate` reports it `ignored`, out of the score.
    pub ignored: Option<String>,
    new_op: NewOp,
}

#[derive(Clone, Copy, Debug)]
enum NewOp {
    I32Const(i32),
    I64Const(i64),
    Named(&'static str),
}

/// The operator the replacement names, as a wasmparser operator.
fn new_operator(op: NewOp) -> Operator<'static> {
    match op {
        NewOp::I32Const(v) => Operator::I32Const { value: v },
        NewOp::I64Const(v) => Operator::I64Const { value: v },
        NewOp::Named(n) => match n {
            "i32.lt_s" => Operator::I32LtS,
            "i32.le_s" => Operator::I32LeS,
            "i32.gt_s" => Operator::I32GtS,
            "i32.ge_s" => Operator::I32GeS,
            "i32.lt_u" => Operator::I32LtU,
            "i32.le_u" => Operator::I32LeU,
            "i32.gt_u" => Operator::I32GtU,
            "i32.ge_u" => Operator::I32GeU,
            "i64.lt_s" => Operator::I64LtS,
            "i64.le_s" => Operator::I64LeS,
            "i64.gt_s" => Operator::I64GtS,
            "i64.ge_s" => Operator::I64GeS,
            "i64.lt_u" => Operator::I64LtU,
            "i64.le_u" => Operator::I64LeU,
            "i64.gt_u" => Operator::I64GtU,
            "i64.ge_u" => Operator::I64GeU,
            "i64.add" => Operator::I64Add,
            "i64.sub" => Operator::I64Sub,
            _ => unreachable!("operator {n}"),
        },
    }
}

/// The comparison or arithmetic operators: (original, replacement, operator name).
fn flip(op: &Operator) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match op {
        Operator::I32LtS => ("i32.lt_s", "i32.le_s", "lt->le"),
        Operator::I32LeS => ("i32.le_s", "i32.lt_s", "le->lt"),
        Operator::I32GtS => ("i32.gt_s", "i32.ge_s", "gt->ge"),
        Operator::I32GeS => ("i32.ge_s", "i32.gt_s", "ge->gt"),
        Operator::I32LtU => ("i32.lt_u", "i32.le_u", "lt->le"),
        Operator::I32LeU => ("i32.le_u", "i32.lt_u", "le->lt"),
        Operator::I32GtU => ("i32.gt_u", "i32.ge_u", "gt->ge"),
        Operator::I32GeU => ("i32.ge_u", "i32.gt_u", "ge->gt"),
        Operator::I64LtS => ("i64.lt_s", "i64.le_s", "lt->le"),
        Operator::I64LeS => ("i64.le_s", "i64.lt_s", "le->lt"),
        Operator::I64GtS => ("i64.gt_s", "i64.ge_s", "gt->ge"),
        Operator::I64GeS => ("i64.ge_s", "i64.gt_s", "ge->gt"),
        Operator::I64LtU => ("i64.lt_u", "i64.le_u", "lt->le"),
        Operator::I64LeU => ("i64.le_u", "i64.lt_u", "le->lt"),
        Operator::I64GtU => ("i64.gt_u", "i64.ge_u", "gt->ge"),
        Operator::I64GeU => ("i64.ge_u", "i64.gt_u", "ge->gt"),
        Operator::I64Add => ("i64.add", "i64.sub", "add->sub"),
        Operator::I64Sub => ("i64.sub", "i64.add", "sub->add"),
        _ => return None,
    })
}

/// What [`analyse`] finds in a contract.
pub struct Analysis {
    pub sha256: String,
    /// Entry points found, and the ones the WASM does not export.
    pub entries: Vec<String>,
    pub missing_entries: Vec<String>,
    /// How many functions are reachable from the entry points (of how many defined).
    pub reachable: usize,
    pub defined: usize,
    pub sites: Vec<Site>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The SHA-256 of a WASM, in hex.
pub fn sha256_hex(wasm: &[u8]) -> String {
    hex(&Sha256::digest(wasm))
}

struct Body {
    index: u32,
    start: usize,
    ops: Vec<(usize, Operator<'static>)>,
    /// The comparisons whose flip is equivalent by construction: absolute offset -> proof.
    equivalent: BTreeMap<usize, String>,
}

/// Reads a contract's WASM: its entry points, its call graph, and the mutation sites of the
/// functions reachable from the entry points (in file order).
pub fn analyse(contract: &str, wasm: &[u8]) -> Result<Analysis, String> {
    let mut imported = 0u32;
    let mut exports: BTreeMap<String, u32> = BTreeMap::new();
    let mut names: BTreeMap<u32, String> = BTreeMap::new();
    let mut elements: BTreeSet<u32> = BTreeSet::new();
    // the module's types (a non-function type as None), and each function's type index, imports first
    let mut types: Vec<Option<wasmparser::FuncType>> = Vec::new();
    let mut sub_types: Vec<wasmparser::SubType> = Vec::new();
    let mut module_types: Option<ModuleTypes> = None;
    let mut func_types: Vec<u32> = Vec::new();
    let mut bodies: Vec<Body> = Vec::new();
    let mut next = 0u32;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| format!("not a WASM module: {e}"))? {
            Payload::ImportSection(r) => {
                for i in r {
                    if let wasmparser::TypeRef::Func(t) = i.map_err(|e| e.to_string())?.ty {
                        imported += 1;
                        func_types.push(t);
                    }
                }
                next = imported;
            }
            Payload::TypeSection(r) => {
                for group in r {
                    for t in group.map_err(|e| e.to_string())?.into_types() {
                        sub_types.push(t.clone());
                        types.push(match t.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(f) => Some(f),
                            _ => None,
                        });
                    }
                }
            }
            Payload::FunctionSection(r) => {
                for t in r {
                    func_types.push(t.map_err(|e| e.to_string())?);
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e.map_err(|e| e.to_string())?;
                    if e.kind == ExternalKind::Func {
                        exports.insert(e.name.to_string(), e.index);
                    }
                }
            }
            Payload::ElementSection(r) => {
                for el in r {
                    if let wasmparser::ElementItems::Functions(fs) = el.map_err(|e| e.to_string())?.items {
                        for f in fs {
                            elements.insert(f.map_err(|e| e.to_string())?);
                        }
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let start = body.range().start;
                let mt = module_types.get_or_insert_with(|| ModuleTypes {
                    types: sub_types.clone(),
                    func_types: func_types.clone(),
                });
                let equivalent = equivalent_flips(mt, &body)?;
                let mut ops = Vec::new();
                let mut reader = body.get_operators_reader().map_err(|e| e.to_string())?;
                while !reader.eof() {
                    let pos = reader.original_position();
                    let op = reader.read().map_err(|e| e.to_string())?;
                    // only what the operators need is kept (no borrowed data)
                    let keep = match op {
                        Operator::Call { function_index } => Some(Operator::Call { function_index }),
                        Operator::ReturnCall { function_index } => Some(Operator::ReturnCall { function_index }),
                        Operator::CallIndirect { type_index, table_index } => Some(Operator::CallIndirect { type_index, table_index }),
                        Operator::I32Const { value } => Some(Operator::I32Const { value }),
                        Operator::I64Const { value } => Some(Operator::I64Const { value }),
                        ref o => flip(o).map(|(n, _, _)| new_operator(NewOp::Named(n))),
                    };
                    if let Some(k) = keep {
                        ops.push((pos, k));
                    }
                }
                bodies.push(Body {
                    index: next,
                    start,
                    ops,
                    equivalent,
                });
                next += 1;
            }
            Payload::CustomSection(c) => {
                if let wasmparser::KnownCustom::Name(r) = c.as_known() {
                    for n in r.into_iter().flatten() {
                        if let wasmparser::Name::Function(m) = n {
                            for nm in m.into_iter().flatten() {
                                names.insert(nm.index, nm.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let by_index: BTreeMap<u32, &Body> = bodies.iter().map(|b| (b.index, b)).collect();
    let mut entries = Vec::new();
    let mut missing = Vec::new();
    let mut stack = Vec::new();
    for e in entry_points(contract) {
        match exports.get(*e) {
            Some(&i) => {
                entries.push(e.to_string());
                stack.push(i);
            }
            None => missing.push(e.to_string()),
        }
    }
    let mut reach: BTreeSet<u32> = BTreeSet::new();
    while let Some(f) = stack.pop() {
        if !reach.insert(f) {
            continue;
        }
        let Some(b) = by_index.get(&f) else { continue };
        for (_, op) in &b.ops {
            match op {
                Operator::Call { function_index } | Operator::ReturnCall { function_index } => stack.push(*function_index),
                Operator::CallIndirect { type_index, .. } => {
                    let want = types.get(*type_index as usize).cloned().flatten();
                    stack.extend(elements.iter().copied().filter(|f| {
                        let ty = func_types.get(*f as usize).and_then(|t| types.get(*t as usize)).cloned().flatten();
                        want.is_none() || ty == want
                    }))
                }
                _ => {}
            }
        }
    }
    for (name, i) in &exports {
        names.entry(*i).or_insert_with(|| name.clone());
    }
    let mut sites = Vec::new();
    for b in &bodies {
        if !reach.contains(&b.index) {
            continue;
        }
        let func_name = names.get(&b.index).cloned().unwrap_or_else(|| format!("func{}", b.index));
        for (pos, op) in &b.ops {
            let site = |operator: &'static str, original: String, replacement: String, what: Option<String>, new_op: NewOp| Site {
                func: b.index,
                func_name: func_name.clone(),
                abs_offset: *pos,
                offset: pos - b.start,
                operator,
                original,
                replacement,
                what,
                ignored: None,
                new_op,
            };
            match op {
                Operator::I32Const { value } => {
                    if let Some((up, down, what)) = constant_at(*value as i64, true) {
                        sites.push(site(
                            "const+1",
                            format!("i32.const {value}"),
                            format!("i32.const {}", up as i32),
                            Some(what.clone()),
                            NewOp::I32Const(up as i32),
                        ));
                        sites.push(site(
                            "const-1",
                            format!("i32.const {value}"),
                            format!("i32.const {}", down as i32),
                            Some(what),
                            NewOp::I32Const(down as i32),
                        ));
                    }
                }
                Operator::I64Const { value } => {
                    if let Some((up, down, what)) = constant_at(*value, false) {
                        sites.push(site(
                            "const+1",
                            format!("i64.const {value}"),
                            format!("i64.const {up}"),
                            Some(what.clone()),
                            NewOp::I64Const(up),
                        ));
                        sites.push(site(
                            "const-1",
                            format!("i64.const {value}"),
                            format!("i64.const {down}"),
                            Some(what),
                            NewOp::I64Const(down),
                        ));
                    }
                }
                o => {
                    if let Some((from, to, operator)) = flip(o) {
                        let mut s = site(operator, from.to_string(), to.to_string(), None, NewOp::Named(to));
                        s.ignored = b.equivalent.get(pos).cloned();
                        sites.push(s);
                    }
                }
            }
        }
    }
    Ok(Analysis {
        sha256: sha256_hex(wasm),
        entries,
        missing_entries: missing,
        reachable: reach.iter().filter(|f| by_index.contains_key(f)).count(),
        defined: bodies.len(),
        sites,
    })
}

/// A mutant's stable id (see the module's docs).
pub fn mutant_id(contract: &str, sha256: &str, s: &Site) -> String {
    format!("{contract}-{}:{}:{}:{}", &sha256[..12], s.func_name, s.offset, s.operator)
}

/// Writes the module back with the one instruction at `site` replaced.
struct OneChange {
    func: u32,
    abs_offset: usize,
    new_op: NewOp,
    current: u32,
    replaced: bool,
}

impl Reencode for OneChange {
    type Error = std::convert::Infallible;

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), reencode::Error<Self::Error>> {
        let r = reencode::utils::parse_function_body(self, code, func);
        self.current += 1;
        r
    }

    fn parse_instruction<'a>(
        &mut self,
        reader: &mut wasmparser::OperatorsReader<'a>,
    ) -> Result<wasm_encoder::Instruction<'a>, reencode::Error<Self::Error>> {
        let pos = reader.original_position();
        let op = reader.read()?;
        if self.current == self.func && pos == self.abs_offset {
            self.replaced = true;
            return self.instruction(new_operator(self.new_op));
        }
        self.instruction(op)
    }
}

/// The mutant of `wasm` at `site`: the module re-encoded with one instruction replaced.
pub fn mutate(wasm: &[u8], imported_funcs: u32, site: &Site) -> Result<Vec<u8>, String> {
    let mut r = OneChange {
        func: site.func,
        abs_offset: site.abs_offset,
        new_op: site.new_op,
        current: imported_funcs,
        replaced: false,
    };
    let mut module = wasm_encoder::Module::new();
    r.parse_core_module(&mut module, Parser::new(0), wasm)
        .map_err(|e| format!("re-encoding: {e}"))?;
    if !r.replaced {
        return Err(format!(
            "re-encoding: the instruction at offset {} of {} was not found",
            site.offset, site.func_name
        ));
    }
    Ok(module.finish())
}

/// The number of imported functions (the first index of a defined function).
pub fn imported_funcs(wasm: &[u8]) -> Result<u32, String> {
    let mut n = 0;
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ImportSection(r) = payload.map_err(|e| e.to_string())? {
            for i in r {
                if matches!(i.map_err(|e| e.to_string())?.ty, wasmparser::TypeRef::Func(_)) {
                    n += 1;
                }
            }
        }
    }
    Ok(n)
}

/// The module re-encoded unchanged (the baseline every mutant differs from by one instruction).
pub fn roundtrip(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let mut module = wasm_encoder::Module::new();
    RoundtripReencoder
        .parse_core_module(&mut module, Parser::new(0), wasm)
        .map_err(|e| format!("re-encoding: {e}"))?;
    Ok(module.finish())
}

/// Validates a module (wasmparser's `Validator`, its default features): `Err` names the first error.
pub fn validate(wasm: &[u8]) -> Result<(), String> {
    Validator::new().validate_all(wasm).map(|_| ()).map_err(|e| e.to_string())
}

/// The custom sections of a module, in order: (name, bytes).
pub fn custom_sections(wasm: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::CustomSection(c) = payload.map_err(|e| e.to_string())? {
            out.push((c.name().to_string(), c.data().to_vec()));
        }
    }
    Ok(out)
}

/// `blend-harness-soroban mutate --contract NAME [--wasm FILE] --out DIR`: writes each mutant of
/// the contract (the bundled WASM unless `--wasm`) to `DIR/NAME/<n>.wasm` and the list to
/// `DIR/NAME.mutants.json` (written to a temporary file, then renamed). Bad usage or a bad file:
/// one line on stderr, exit 2, nothing written.
pub fn main_mode(args: &[String]) -> i32 {
    match run_mode(args) {
        Ok(summary) => {
            println!("{summary}");
            0
        }
        Err(e) => {
            eprintln!("blend-harness-soroban mutate: {e}");
            2
        }
    }
}

const MODE_USAGE: &str = "usage: blend-harness-soroban mutate --contract backstop|emitter|pool [--wasm FILE] --out DIR";

/// The largest WASM `mutate` reads (a Soroban contract is at most 128 KiB on the network).
const MAX_WASM: u64 = 8 * 1024 * 1024;

fn run_mode(args: &[String]) -> Result<String, String> {
    let (mut contract, mut file, mut out) = (None, None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let slot = match flag {
            "--contract" => &mut contract,
            "--wasm" => &mut file,
            "--out" => &mut out,
            "--help" | "-h" => return Ok(MODE_USAGE.to_string()),
            _ => return Err(format!("unknown argument {a} ({MODE_USAGE})")),
        };
        let v = match inline {
            Some(v) => v,
            None => it
                .next()
                .cloned()
                .ok_or_else(|| format!("{flag}: expected a value ({MODE_USAGE})"))?,
        };
        if slot.replace(v).is_some() {
            return Err(format!("{flag}: given twice; give it once"));
        }
    }
    let contract = contract.ok_or_else(|| format!("--contract is required ({MODE_USAGE})"))?;
    let out = out.ok_or_else(|| format!("--out is required ({MODE_USAGE})"))?;
    let bundled_wasm = bundled(&contract).ok_or_else(|| format!("--contract: expected backstop, emitter or pool, got \"{contract}\""))?;
    let (wasm, source): (Vec<u8>, String) = match &file {
        None => (bundled_wasm.to_vec(), "bundled (blend-contract-sdk 2.25.0)".to_string()),
        Some(f) => {
            let meta = std::fs::metadata(f).map_err(|e| format!("--wasm {f}: {e}"))?;
            if !meta.is_file() {
                return Err(format!("--wasm {f}: not a regular file"));
            }
            if meta.len() > MAX_WASM {
                return Err(format!("--wasm {f}: {} bytes, more than the {MAX_WASM} bytes read", meta.len()));
            }
            let bytes = std::fs::read(f).map_err(|e| format!("--wasm {f}: {e}"))?;
            if !bytes.starts_with(b"\0asm") {
                return Err(format!("--wasm {f}: not a WASM module (no \\0asm magic)"));
            }
            (bytes, f.clone())
        }
    };
    validate(&wasm).map_err(|e| format!("{contract}: the WASM does not validate: {e}"))?;
    let analysis = analyse(&contract, &wasm)?;
    if analysis.entries.is_empty() {
        return Err(format!(
            "{contract}: the WASM exports none of the emission entry points ({})",
            entry_points(&contract).join(", ")
        ));
    }
    let imported = imported_funcs(&wasm)?;
    let customs = custom_sections(&wasm)?;
    let dir = std::path::Path::new(&out).join(&contract);
    std::fs::create_dir_all(&dir).map_err(|e| format!("--out {out}: {e}"))?;
    let mut list = Vec::new();
    for (n, site) in analysis.sites.iter().enumerate() {
        let id = mutant_id(&contract, &analysis.sha256, site);
        let path = dir.join(format!("{n:05}.wasm"));
        let checked = mutate(&wasm, imported, site).and_then(|m| {
            validate(&m)?;
            if custom_sections(&m)? != customs {
                return Err("the custom sections differ from the original's".to_string());
            }
            Ok(m)
        });
        let (valid, reason, file) = match checked {
            Ok(m) => {
                write_atomic(&path, &m)?;
                (true, None, Some(path.to_string_lossy().into_owned()))
            }
            Err(e) => (false, Some(e), None),
        };
        list.push(serde_json::json!({
            "id": id,
            "function": site.func_name,
            "function_index": site.func,
            "offset": site.offset,
            "file_offset": site.abs_offset,
            "operator": site.operator,
            "original": site.original,
            "replacement": site.replacement,
            "constant": site.what,
            "ignored_reason": site.ignored,
            "valid": valid,
            "invalid_reason": reason,
            "file": file,
        }));
    }
    let valid = list.iter().filter(|m| m["valid"] == true).count();
    let doc = serde_json::json!({
        "contract": contract,
        "sha256": analysis.sha256,
        "source": source,
        "entry_points": analysis.entries,
        "missing_entry_points": analysis.missing_entries,
        "reachable_functions": analysis.reachable,
        "defined_functions": analysis.defined,
        "custom_sections": customs.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
        "mutants": list,
    });
    let json_path = std::path::Path::new(&out).join(format!("{contract}.mutants.json"));
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    write_atomic(&json_path, text.as_bytes())?;
    Ok(format!(
        "{contract}: {} mutants ({valid} valid) in {} of {} functions reachable from {} entry points; list: {}",
        analysis.sites.len(),
        analysis.reachable,
        analysis.defined,
        analysis.entries.len(),
        json_path.display()
    ))
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place.
fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| format!("writing {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("renaming {}: {e}", path.display()))
}

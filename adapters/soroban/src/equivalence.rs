//! Mutants equivalent by construction (`blend-harness mutate`; docs/mutation.md, "The contracts'
//! WASM: mutants equivalent by construction"): comparison flips that no input can tell from the original, proven from the
//! instruction sequence alone. The mutant is still made and listed; `mutate` reports it `ignored`
//! with the proof (Stryker's "Ignored" with its `statusReason`) and leaves it out of the score.
//!
//! Every function body is read with wasmparser and its straight-line stretches (the instructions
//! between two control instructions) are run symbolically: each operand-stack value is a constant or
//! a symbol, one symbol per value produced (an instruction's result, a local's value at the start of
//! the stretch, a load), so two operands that carry the same symbol (or the same constant) are the
//! same value at run time. `local.get` of a local not written in the stretch gives the same symbol
//! each time; `local.set`/`local.tee` bind it to the value written. Each symbol counts the
//! instructions that consume it (a `local.tee`/`local.set` counts: the value escapes into a local).
//! A control instruction (block, loop, if, else, end, a branch, return, unreachable, a throw) ends
//! the stretch: the symbolic stack and locals are forgotten, so nothing is assumed across a join.
//! An instruction whose stack effect wasmparser cannot give ends the stretch as well. One exception:
//! a `br_if` whose target carries no values (a block, `if` or loop of the empty block type) does not
//! end it: when it branches, nothing after it in the stretch runs and the operand stack down to the
//! label is dropped, not read; when it falls through, the stack and the locals are as they were, so
//! every symbol keeps its value. Its condition is consumed; nothing else is. A `br_if` to a label
//! with values (or to the function's own frame) still ends the stretch.
//!
//! A flipped comparison (`lt`<->`le`, `gt`<->`ge`, signed or unsigned, i32 or i64) computes the same
//! result as the original whenever its two operands differ: the two differ only where the operands
//! are equal. The rules (each proven in docs/mutation.md):
//!
//! - **`select-unequal-arm`**: the comparison of `a` and `b` is consumed by nothing but one arm of a
//!   `select` whose condition is `a == b` (`eq`, or `eqz` against a constant 0) and it is the arm
//!   the `select` takes when the condition is false, or the condition is `a != b` (`ne`, or `eqz` of
//!   an `eq`) and it is the arm taken when it is true: the comparison's value is used only where
//!   `a != b`. This is the i128 comparison the compiler lowers to `select(lo cmp lo', hi cmp hi',
//!   hi == hi')`, the operands in either order.
//! - **`select-equal-arms`**: the comparison of `a` and `b` is consumed by nothing but the condition
//!   of a `select` whose two arms are `a` and `b` (either order): a min or a max. Where the flip
//!   changes the condition, `a == b`, both arms are the same value.
//! - **`distinct-operands`**: the operands can never be equal: two different constants; value
//!   ranges that do not meet (a constant against a zero-extended i32, a load of 8, 16 or 32 bits
//!   zero-extended, a right shift by a constant, a mask, a comparison's 0/1); or one operand is the
//!   other plus, minus or xor a constant that is not 0 (modulo 2^width).

use std::collections::{BTreeMap, HashMap};

use wasmparser::{FunctionBody, Operator, SubType};

/// The module's types and each function's type index: what wasmparser needs for a call's arity.
pub struct ModuleTypes {
    pub types: Vec<SubType>,
    /// The type index of each function, imports first.
    pub func_types: Vec<u32>,
}

impl wasmparser::ModuleArity for ModuleTypes {
    fn sub_type_at(&self, type_idx: u32) -> Option<&SubType> {
        self.types.get(type_idx as usize)
    }
    fn tag_type_arity(&self, _at: u32) -> Option<(u32, u32)> {
        None
    }
    fn type_index_of_function(&self, function_idx: u32) -> Option<u32> {
        self.func_types.get(function_idx as usize).copied()
    }
    fn func_type_of_cont_type(&self, _c: &wasmparser::ContType) -> Option<&wasmparser::FuncType> {
        None
    }
    fn sub_type_of_ref_type(&self, _rt: &wasmparser::RefType) -> Option<&SubType> {
        None
    }
    fn control_stack_height(&self) -> u32 {
        0
    }
    fn label_block(&self, _depth: u32) -> Option<(wasmparser::BlockType, wasmparser::FrameKind)> {
        None
    }
}

/// An operand-stack value: a constant (an i32 sign-extended to i64) or a symbol.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Val {
    Const(i64),
    Sym(usize),
}

#[derive(Clone, Copy, Debug)]
enum Def {
    Opaque,
    /// A flippable comparison at `pos` (absolute offset), its name, of `a` and `b`.
    Cmp {
        pos: usize,
        name: &'static str,
        flipped: &'static str,
        a: Val,
        b: Val,
    },
    /// `a == b` (ne false) or `a != b` (ne true), as an i32 0/1; `by` names how it was written.
    Eq {
        a: Val,
        b: Val,
        ne: bool,
        pos: usize,
        by: &'static str,
    },
    /// `a + b`, `a - b`, `a ^ b` at a width.
    Arith {
        op: Arith,
        a: Val,
        b: Val,
        width: u32,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arith {
    Add,
    Sub,
    Xor,
}

struct Info {
    def: Def,
    /// The unsigned range of the value's bits, when known.
    range: Option<(u64, u64)>,
    /// How many instructions consumed it.
    uses: u32,
}

/// The flippable comparisons: (name, width, the name of its flip).
fn comparison(op: &Operator) -> Option<(&'static str, u32, &'static str)> {
    Some(match op {
        Operator::I32LtS => ("i32.lt_s", 32, "i32.le_s"),
        Operator::I32LeS => ("i32.le_s", 32, "i32.lt_s"),
        Operator::I32GtS => ("i32.gt_s", 32, "i32.ge_s"),
        Operator::I32GeS => ("i32.ge_s", 32, "i32.gt_s"),
        Operator::I32LtU => ("i32.lt_u", 32, "i32.le_u"),
        Operator::I32LeU => ("i32.le_u", 32, "i32.lt_u"),
        Operator::I32GtU => ("i32.gt_u", 32, "i32.ge_u"),
        Operator::I32GeU => ("i32.ge_u", 32, "i32.gt_u"),
        Operator::I64LtS => ("i64.lt_s", 64, "i64.le_s"),
        Operator::I64LeS => ("i64.le_s", 64, "i64.lt_s"),
        Operator::I64GtS => ("i64.gt_s", 64, "i64.ge_s"),
        Operator::I64GeS => ("i64.ge_s", 64, "i64.gt_s"),
        Operator::I64LtU => ("i64.lt_u", 64, "i64.le_u"),
        Operator::I64LeU => ("i64.le_u", 64, "i64.lt_u"),
        Operator::I64GtU => ("i64.gt_u", 64, "i64.ge_u"),
        Operator::I64GeU => ("i64.ge_u", 64, "i64.gt_u"),
        _ => return None,
    })
}

/// Instructions that end a straight-line stretch.
fn is_control(op: &Operator) -> bool {
    matches!(
        op,
        Operator::Unreachable
            | Operator::Block { .. }
            | Operator::Loop { .. }
            | Operator::If { .. }
            | Operator::Else
            | Operator::End
            | Operator::Br { .. }
            | Operator::BrIf { .. }
            | Operator::BrTable { .. }
            | Operator::Return
            | Operator::ReturnCall { .. }
            | Operator::ReturnCallIndirect { .. }
            | Operator::ReturnCallRef { .. }
            | Operator::TryTable { .. }
            | Operator::Throw { .. }
            | Operator::ThrowRef
            | Operator::Try { .. }
            | Operator::Catch { .. }
            | Operator::Rethrow { .. }
            | Operator::Delegate { .. }
            | Operator::CatchAll
            | Operator::BrOnNull { .. }
            | Operator::BrOnNonNull { .. }
            | Operator::BrOnCast { .. }
            | Operator::BrOnCastFail { .. }
            | Operator::Suspend { .. }
            | Operator::Resume { .. }
            | Operator::ResumeThrow { .. }
            | Operator::Switch { .. }
    )
}

const fn mask(width: u32) -> u64 {
    if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    }
}

struct Sim<'m> {
    module: &'m ModuleTypes,
    /// The start of the function's body (offsets in reasons are from it).
    start: usize,
    stack: Vec<Val>,
    locals: HashMap<u32, Val>,
    info: Vec<Info>,
    found: BTreeMap<usize, String>,
    /// The enclosing blocks, loops and ifs, innermost last: whether a branch to each carries no values (the empty block type).
    frames: Vec<bool>,
}

impl Sim<'_> {
    fn fresh(&mut self, def: Def, range: Option<(u64, u64)>) -> Val {
        self.info.push(Info { def, range, uses: 0 });
        Val::Sym(self.info.len() - 1)
    }

    fn reset(&mut self) {
        self.stack.clear();
        self.locals.clear();
    }

    /// Pops a value without counting the use (an empty symbolic stack: a value from before the stretch).
    fn pop_raw(&mut self) -> Val {
        match self.stack.pop() {
            Some(v) => v,
            None => self.fresh(Def::Opaque, None),
        }
    }

    fn used(&mut self, v: Val) {
        if let Val::Sym(i) = v {
            self.info[i].uses += 1;
        }
    }

    fn pop(&mut self) -> Val {
        let v = self.pop_raw();
        self.used(v);
        v
    }

    fn range(&self, v: Val, width: u32) -> Option<(u64, u64)> {
        match v {
            Val::Const(c) => Some(((c as u64) & mask(width), (c as u64) & mask(width))),
            Val::Sym(i) => self.info[i].range,
        }
    }

    fn show(&self, v: Val) -> String {
        match v {
            Val::Const(c) => format!("the constant {c}"),
            Val::Sym(_) => "a value".to_string(),
        }
    }

    /// Why `x` and `y` (of `width` bits) can never be equal, when that follows from their definitions.
    fn distinct(&self, x: Val, y: Val, width: u32) -> Option<String> {
        if let (Val::Const(a), Val::Const(b)) = (x, y) {
            let (a, b) = ((a as u64) & mask(width), (b as u64) & mask(width));
            return (a != b).then(|| format!("they are two different constants ({a} and {b})"));
        }
        if let (Some((l1, h1)), Some((l2, h2))) = (self.range(x, width), self.range(y, width)) {
            if h1 < l2 || h2 < l1 {
                return Some(format!(
                    "their values lie in ranges that do not meet (unsigned bits {l1}..={h1} and {l2}..={h2})"
                ));
            }
        }
        for (p, q) in [(x, y), (y, x)] {
            let Val::Sym(i) = p else { continue };
            if let Def::Arith { op, a, b, width: w } = self.info[i].def {
                if w != width {
                    continue;
                }
                let offset = |other: Val, c: Val| match (other == q, c) {
                    (true, Val::Const(c)) if (c as u64) & mask(width) != 0 => Some(c),
                    _ => None,
                };
                let c = match op {
                    Arith::Add | Arith::Xor => offset(a, b).or_else(|| offset(b, a)),
                    Arith::Sub => offset(a, b),
                };
                if let Some(c) = c {
                    let how = match op {
                        Arith::Add => "plus",
                        Arith::Sub => "minus",
                        Arith::Xor => "xor",
                    };
                    return Some(format!("one is the other {how} the constant {c}, not 0 modulo 2^{width}"));
                }
            }
        }
        None
    }

    fn step(&mut self, pos: usize, op: &Operator) {
        match *op {
            Operator::Block { blockty } | Operator::Loop { blockty } | Operator::If { blockty } => {
                self.frames.push(blockty == wasmparser::BlockType::Empty);
            }
            // (exception blocks: no branch to them is followed)
            Operator::Try { .. } | Operator::TryTable { .. } => self.frames.push(false),
            Operator::End | Operator::Delegate { .. } => {
                self.frames.pop();
            }
            Operator::BrIf { relative_depth } => {
                let depth = relative_depth as usize;
                if depth < self.frames.len() && self.frames[self.frames.len() - 1 - depth] {
                    // the fall-through keeps the stretch: only the condition is consumed
                    self.pop();
                    return;
                }
            }
            _ => {}
        }
        if is_control(op) {
            self.reset();
            return;
        }
        if let Some((name, width, flipped)) = comparison(op) {
            let b = self.pop();
            let a = self.pop();
            if let Some(why) = self.distinct(a, b, width) {
                self.found.insert(
                    pos,
                    format!(
                        "distinct-operands: the operands of {name} at +{} cannot be equal: {why}; {name} and {flipped} differ only when they are",
                        pos - self.start
                    ),
                );
            }
            let v = self.fresh(Def::Cmp { pos, name, flipped, a, b }, Some((0, 1)));
            self.stack.push(v);
            return;
        }
        let v = match *op {
            Operator::LocalGet { local_index } => match self.locals.get(&local_index) {
                Some(v) => *v,
                None => {
                    let v = self.fresh(Def::Opaque, None);
                    self.locals.insert(local_index, v);
                    v
                }
            },
            Operator::LocalSet { local_index } => {
                let v = self.pop();
                self.locals.insert(local_index, v);
                return;
            }
            Operator::LocalTee { local_index } => {
                let v = self.pop();
                self.locals.insert(local_index, v);
                v
            }
            Operator::I32Const { value } => Val::Const(value as i64),
            Operator::I64Const { value } => Val::Const(value),
            Operator::I32Eq | Operator::I64Eq | Operator::I32Ne | Operator::I64Ne => {
                let b = self.pop();
                let a = self.pop();
                let ne = matches!(op, Operator::I32Ne | Operator::I64Ne);
                let by = match op {
                    Operator::I32Eq => "i32.eq",
                    Operator::I64Eq => "i64.eq",
                    Operator::I32Ne => "i32.ne",
                    _ => "i64.ne",
                };
                self.fresh(Def::Eq { a, b, ne, pos, by }, Some((0, 1)))
            }
            Operator::I32Eqz | Operator::I64Eqz => {
                let a = self.pop();
                let def = match a {
                    Val::Sym(i) if matches!(op, Operator::I32Eqz) => match self.info[i].def {
                        Def::Eq { a, b, ne, .. } => Def::Eq {
                            a,
                            b,
                            ne: !ne,
                            pos,
                            by: if ne { "i32.eqz of an ne" } else { "i32.eqz of an eq" },
                        },
                        _ => Def::Eq {
                            a,
                            b: Val::Const(0),
                            ne: false,
                            pos,
                            by: "i32.eqz",
                        },
                    },
                    _ => Def::Eq {
                        a,
                        b: Val::Const(0),
                        ne: false,
                        pos,
                        by: if matches!(op, Operator::I64Eqz) { "i64.eqz" } else { "i32.eqz" },
                    },
                };
                self.fresh(def, Some((0, 1)))
            }
            Operator::Select | Operator::TypedSelect { .. } => {
                let c = self.pop_raw();
                let v2 = self.pop_raw();
                let v1 = self.pop_raw();
                self.select_rule(pos, v1, v2, c);
                for v in [c, v2, v1] {
                    self.used(v);
                }
                self.fresh(Def::Opaque, None)
            }
            Operator::I32Add | Operator::I64Add | Operator::I32Sub | Operator::I64Sub | Operator::I32Xor | Operator::I64Xor => {
                let b = self.pop();
                let a = self.pop();
                let width = if matches!(op, Operator::I32Add | Operator::I32Sub | Operator::I32Xor) {
                    32
                } else {
                    64
                };
                let op = match op {
                    Operator::I32Add | Operator::I64Add => Arith::Add,
                    Operator::I32Sub | Operator::I64Sub => Arith::Sub,
                    _ => Arith::Xor,
                };
                self.fresh(Def::Arith { op, a, b, width }, None)
            }
            Operator::I64ExtendI32U => {
                let a = self.pop();
                let r = self.range(a, 32).unwrap_or((0, mask(32)));
                self.fresh(Def::Opaque, Some(r))
            }
            Operator::I64ExtendI32S => {
                let a = self.pop();
                let r = self.range(a, 32).filter(|&(_, h)| h <= mask(31));
                self.fresh(Def::Opaque, r)
            }
            Operator::I32WrapI64 => {
                let a = self.pop();
                let r = self.range(a, 64).filter(|&(_, h)| h <= mask(32));
                self.fresh(Def::Opaque, r)
            }
            Operator::I32ShrU | Operator::I64ShrU => {
                let width = if matches!(op, Operator::I32ShrU) { 32 } else { 64 };
                let k = self.pop();
                let a = self.pop();
                let r = match k {
                    Val::Const(k) if !(k as u64).is_multiple_of(u64::from(width)) => {
                        let k = (k as u64) % u64::from(width);
                        let (l, h) = self.range(a, width).unwrap_or((0, mask(width)));
                        Some((l >> k, h >> k))
                    }
                    _ => None,
                };
                self.fresh(Def::Opaque, r)
            }
            Operator::I32And | Operator::I64And => {
                let width = if matches!(op, Operator::I32And) { 32 } else { 64 };
                let b = self.pop();
                let a = self.pop();
                let hi = [a, b].iter().filter_map(|v| self.range(*v, width)).map(|(_, h)| h).min();
                self.fresh(Def::Opaque, hi.map(|h| (0, h)))
            }
            Operator::I32Load8U { .. } | Operator::I64Load8U { .. } => {
                self.pop();
                self.fresh(Def::Opaque, Some((0, mask(8))))
            }
            Operator::I32Load16U { .. } | Operator::I64Load16U { .. } => {
                self.pop();
                self.fresh(Def::Opaque, Some((0, mask(16))))
            }
            Operator::I64Load32U { .. } => {
                self.pop();
                self.fresh(Def::Opaque, Some((0, mask(32))))
            }
            _ => match op.operator_arity(self.module) {
                Some((params, results)) => {
                    for _ in 0..params {
                        self.pop();
                    }
                    for _ in 0..results {
                        let v = self.fresh(Def::Opaque, None);
                        self.stack.push(v);
                    }
                    return;
                }
                None => {
                    self.reset();
                    return;
                }
            },
        };
        self.stack.push(v);
    }

    /// `select(v1, v2, c)`: v1 when c != 0, else v2.
    fn select_rule(&mut self, pos: usize, v1: Val, v2: Val, c: Val) {
        self.equal_arms_rule(pos, v1, v2, c);
        let Val::Sym(ci) = c else { return };
        let Def::Eq {
            a: ea,
            b: eb,
            ne,
            pos: cpos,
            by,
        } = self.info[ci].def
        else {
            return;
        };
        // the arm taken exactly when ea != eb
        let (arm, which) = if ne {
            (v1, "first (taken when the condition is true)")
        } else {
            (v2, "second (taken when the condition is false)")
        };
        let Val::Sym(ai) = arm else { return };
        let Def::Cmp {
            pos: kpos,
            name,
            flipped,
            a,
            b,
        } = self.info[ai].def
        else {
            return;
        };
        if self.info[ai].uses != 0 {
            return;
        }
        if !((a == ea && b == eb) || (a == eb && b == ea)) {
            return;
        }
        let cond = if ne { "a != b" } else { "a == b" };
        let text = format!(
                "select-unequal-arm: the result of {name} at +{} (a = {}, b = {}) is consumed only as the {which} arm of the select at +{}, whose condition ({by} at +{}) is {cond} of the same two values: the select reads it only when a != b, where {name} and {flipped} agree",
                kpos - self.start,
                self.show(a),
                self.show(b),
                pos - self.start,
            cpos - self.start
        );
        self.found.entry(kpos).or_insert(text);
    }
    /// `select(a, b, a OP b)` (a min or max), the arms in either order.
    fn equal_arms_rule(&mut self, pos: usize, v1: Val, v2: Val, c: Val) {
        let Val::Sym(ci) = c else { return };
        let Def::Cmp {
            pos: kpos,
            name,
            flipped,
            a,
            b,
        } = self.info[ci].def
        else {
            return;
        };
        if self.info[ci].uses != 0 || !((v1 == a && v2 == b) || (v1 == b && v2 == a)) {
            return;
        }
        let text = format!(
            "select-equal-arms: the result of {name} at +{} (a = {}, b = {}) is consumed only as the condition of the select at +{}, whose two arms are the same two values: {name} and {flipped} differ only when a == b, where both arms are the same value",
            kpos - self.start,
            self.show(a),
            self.show(b),
            pos - self.start
        );
        self.found.entry(kpos).or_insert(text);
    }
}

/// The comparisons of one function body proven equivalent when flipped: absolute offset of the
/// instruction -> the rule and its proof (offsets in the text from the start of the body).
pub fn equivalent_flips(module: &ModuleTypes, body: &FunctionBody) -> Result<BTreeMap<usize, String>, String> {
    let start = body.range().start;
    let mut sim = Sim {
        module,
        start,
        stack: Vec::new(),
        locals: HashMap::new(),
        info: Vec::new(),
        found: BTreeMap::new(),
        frames: Vec::new(),
    };
    let mut reader = body.get_operators_reader().map_err(|e| e.to_string())?;
    while !reader.eof() {
        let pos = reader.original_position();
        let op = reader.read().map_err(|e| e.to_string())?;
        sim.step(pos, &op);
    }
    Ok(sim.found)
}

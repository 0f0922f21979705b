//! Mutants equivalent by construction (src/equivalence.rs): each rule marks its pattern, written as
//! a tiny module with wasm-encoder, and does not mark a near miss (different operands, the value
//! escaping into a local, the wrong arm, a local rewritten in between). The module exports its one
//! function as the backstop's `distribute`, so `analyse` mutates it as it does a contract.

use wasm_encoder::{CodeSection, ExportKind, ExportSection, Function, FunctionSection, Instruction as I, Module, TypeSection, ValType};

use crate::mutate::{analyse, bundled};

/// A module with one function `distribute(i64, i64, i64, i64, i32) -> i32` with locals 5 (i64) and
/// 6 (i32), whose body is `body` (then `end`).
fn module(body: &[I]) -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function(
        [ValType::I64, ValType::I64, ValType::I64, ValType::I64, ValType::I32],
        [ValType::I32],
    );
    let mut funcs = FunctionSection::new();
    funcs.function(0);
    let mut exports = ExportSection::new();
    exports.export("distribute", ExportKind::Func, 0);
    let mut f = Function::new([(1, ValType::I64), (1, ValType::I32)]);
    for i in body {
        f.instruction(i);
    }
    f.instruction(&I::End);
    let mut code = CodeSection::new();
    code.function(&f);
    let mut m = Module::new();
    m.section(&types).section(&funcs).section(&exports).section(&code);
    let wasm = m.finish();
    crate::mutate::validate(&wasm).unwrap_or_else(|e| panic!("the test module does not validate: {e}"));
    wasm
}

/// The proof attached to the flip of the (one) comparison written `original`, or None.
fn ignored(body: &[I], original: &str) -> Option<String> {
    let a = analyse("backstop", &module(body)).unwrap();
    let sites: Vec<_> = a.sites.iter().filter(|s| s.original == original).collect();
    assert_eq!(sites.len(), 1, "{original}: expected one site, got {}", sites.len());
    sites[0].ignored.clone()
}

/// The i128 `a < b` lowering: select(lo_a <u lo_b, hi_a <s hi_b, hi_a == hi_b), with (a_hi, b_hi) =
/// locals (0, 1), (a_lo, b_lo) = locals (2, 3); `eq` the condition's instructions.
fn i128_lt<'a>(eq: &[I<'a>]) -> Vec<I<'a>> {
    let mut v = vec![I::LocalGet(2), I::LocalGet(3), I::I64LtU, I::LocalGet(0), I::LocalGet(1), I::I64LtS];
    v.extend_from_slice(eq);
    v.push(I::Select);
    v
}

#[test]
fn select_unequal_arm_marks_the_high_half_comparison() {
    let p = ignored(&i128_lt(&[I::LocalGet(0), I::LocalGet(1), I::I64Eq]), "i64.lt_s").expect("not marked");
    assert!(p.starts_with("select-unequal-arm:"), "{p}");
    // the low half's comparison decides at hi == hi': never marked
    assert_eq!(ignored(&i128_lt(&[I::LocalGet(0), I::LocalGet(1), I::I64Eq]), "i64.lt_u"), None);
    // the eq's operands in the other order
    assert!(ignored(&i128_lt(&[I::LocalGet(1), I::LocalGet(0), I::I64Eq]), "i64.lt_s").is_some());
    // `hi > 0` as the compiler writes it: select(lo != 0, hi >s 0, hi == 0) with i64.eqz
    let gt0 = [
        I::LocalGet(2),
        I::I64Const(0),
        I::I64Ne,
        I::LocalGet(0),
        I::I64Const(0),
        I::I64GtS,
        I::LocalGet(0),
        I::I64Eqz,
        I::Select,
    ];
    assert!(ignored(&gt0, "i64.gt_s").is_some());
    // the condition `!=` with the comparison in the first arm (taken when it is true)
    let ne = [
        I::LocalGet(0),
        I::LocalGet(1),
        I::I64LtS,
        I::LocalGet(2),
        I::LocalGet(3),
        I::I64LtU,
        I::LocalGet(0),
        I::LocalGet(1),
        I::I64Ne,
        I::Select,
    ];
    assert!(ignored(&ne, "i64.lt_s").is_some());
    // the same with the condition as i32.eqz of an eq
    let eqz_eq = [
        I::LocalGet(0),
        I::LocalGet(1),
        I::I64LtS,
        I::LocalGet(2),
        I::LocalGet(3),
        I::I64LtU,
        I::LocalGet(0),
        I::LocalGet(1),
        I::I64Eq,
        I::I32Eqz,
        I::Select,
    ];
    assert!(ignored(&eqz_eq, "i64.lt_s").is_some());
    // i32: select(x <u 7, y >s 3, y == 3) on an i32 parameter and local
    let i32s = [
        I::LocalGet(6),
        I::I32Const(7),
        I::I32LtU,
        I::LocalGet(4),
        I::I32Const(3),
        I::I32GtS,
        I::LocalGet(4),
        I::I32Const(3),
        I::I32Eq,
        I::Select,
    ];
    assert!(ignored(&i32s, "i32.gt_s").is_some());
    assert_eq!(ignored(&i32s, "i32.lt_u"), None);
}

#[test]
fn select_unequal_arm_leaves_near_misses_alone() {
    // the condition compares another pair (hi_a == lo_a)
    assert_eq!(ignored(&i128_lt(&[I::LocalGet(0), I::LocalGet(2), I::I64Eq]), "i64.lt_s"), None);
    // the condition against another constant
    let other_const = [
        I::LocalGet(2),
        I::I64Const(0),
        I::I64Ne,
        I::LocalGet(0),
        I::I64Const(0),
        I::I64GtS,
        I::LocalGet(0),
        I::I64Const(1),
        I::I64Eq,
        I::Select,
    ];
    assert_eq!(ignored(&other_const, "i64.gt_s"), None);
    // `==` with the comparison in the first arm: it is read where hi == hi'
    let wrong_arm = [
        I::LocalGet(0),
        I::LocalGet(1),
        I::I64LtS,
        I::LocalGet(2),
        I::LocalGet(3),
        I::I64LtU,
        I::LocalGet(0),
        I::LocalGet(1),
        I::I64Eq,
        I::Select,
    ];
    assert_eq!(ignored(&wrong_arm, "i64.lt_s"), None);
    // the comparison's value also kept in a local (it escapes the select)
    let teed = [
        I::LocalGet(2),
        I::LocalGet(3),
        I::I64LtU,
        I::LocalGet(0),
        I::LocalGet(1),
        I::I64LtS,
        I::LocalTee(6),
        I::LocalGet(0),
        I::LocalGet(1),
        I::I64Eq,
        I::Select,
    ];
    assert_eq!(ignored(&teed, "i64.lt_s"), None);
    // local 1 rewritten between the comparison and the condition: another value
    let rewritten = [
        I::LocalGet(2),
        I::LocalGet(3),
        I::I64LtU,
        I::LocalGet(0),
        I::LocalGet(1),
        I::I64LtS,
        I::LocalGet(3),
        I::LocalSet(1),
        I::LocalGet(0),
        I::LocalGet(1),
        I::I64Eq,
        I::Select,
    ];
    assert_eq!(ignored(&rewritten, "i64.lt_s"), None);
    // the comparison made before a block and the select after it: nothing assumed across the join
    let across = [
        I::LocalGet(2),
        I::LocalGet(3),
        I::I64LtU,
        I::LocalGet(0),
        I::LocalGet(1),
        I::I64LtS,
        I::Block(wasm_encoder::BlockType::Empty),
        I::End,
        I::LocalGet(0),
        I::LocalGet(1),
        I::I64Eq,
        I::Select,
    ];
    assert_eq!(ignored(&across, "i64.lt_s"), None);
}

#[test]
fn select_equal_arms_marks_a_min_and_not_a_near_miss() {
    // min(x, y) = select(x, y, x <u y) on the i32 parameter 4 and local 6; and max(x, 95), the
    // arms in the other order
    let min = |arm: I<'static>, teed: bool| {
        let mut v = vec![I::LocalGet(4), arm, I::LocalGet(4), I::LocalGet(6), I::I32LtU];
        if teed {
            v.push(I::LocalTee(6));
        }
        v.push(I::Select);
        v
    };
    let p = ignored(&min(I::LocalGet(6), false), "i32.lt_u").expect("not marked");
    assert!(p.starts_with("select-equal-arms:"), "{p}");
    let max = [
        I::I32Const(95),
        I::LocalGet(4),
        I::LocalGet(4),
        I::I32Const(95),
        I::I32GeU,
        I::Select,
    ];
    assert!(ignored(&max, "i32.ge_u").is_some());
    // near misses: an arm that is not an operand; the condition also kept in a local
    assert_eq!(ignored(&min(I::I32Const(7), false), "i32.lt_u"), None);
    assert_eq!(ignored(&min(I::LocalGet(6), true), "i32.lt_u"), None);
    let max_other = [
        I::I32Const(96),
        I::LocalGet(4),
        I::LocalGet(4),
        I::I32Const(95),
        I::I32GeU,
        I::Select,
    ];
    assert_eq!(ignored(&max_other, "i32.ge_u"), None);
}

#[test]
fn distinct_operands_marks_an_overflow_check_and_an_out_of_range_constant() {
    // checked add: sum = a + 2678400; trap if sum <u a (the mutant: sum <=u a)
    let carry = |c: i64, other: u32| {
        vec![
            I::LocalGet(0),
            I::I64Const(c),
            I::I64Add,
            I::LocalTee(5),
            I::LocalGet(other),
            I::I64LtU,
        ]
    };
    let p = ignored(&carry(2_678_400, 0), "i64.lt_u").expect("not marked");
    assert!(p.starts_with("distinct-operands:"), "{p}");
    // near misses: adding 0, or compared with another value
    assert_eq!(ignored(&carry(0, 0), "i64.lt_u"), None);
    assert_eq!(ignored(&carry(2_678_400, 1), "i64.lt_u"), None);
    // sub and xor by a non-zero constant, i32
    let i32_sub = [I::LocalGet(4), I::LocalGet(4), I::I32Const(-3), I::I32Sub, I::I32GtU];
    assert!(ignored(&i32_sub, "i32.gt_u").is_some());
    // c - x is not x minus a constant
    let rsub = [I::LocalGet(4), I::I32Const(5), I::LocalGet(4), I::I32Sub, I::I32GtU];
    assert_eq!(ignored(&rsub, "i32.gt_u"), None);
    // a zero-extended i32 against 2^32 (it cannot reach it) and against 2^32 - 1 (it can)
    let range = |c: i64| vec![I::LocalGet(4), I::I64ExtendI32U, I::I64Const(c), I::I64LtU];
    let p = ignored(&range(1 << 32), "i64.lt_u").expect("not marked");
    assert!(p.contains("ranges that do not meet"), "{p}");
    assert_eq!(ignored(&range((1 << 32) - 1), "i64.lt_u"), None);
    // a byte (mask 255) against 256 and 255; a shift right by 56 against 256
    let masked = |c: i32| vec![I::LocalGet(4), I::I32Const(255), I::I32And, I::I32Const(c), I::I32GeU];
    assert!(ignored(&masked(256), "i32.ge_u").is_some());
    assert_eq!(ignored(&masked(255), "i32.ge_u"), None);
    let shifted = |c: i64| vec![I::LocalGet(0), I::I64Const(56), I::I64ShrU, I::I64Const(c), I::I64GtU];
    assert!(ignored(&shifted(256), "i64.gt_u").is_some());
    assert_eq!(ignored(&shifted(255), "i64.gt_u"), None);
    // two different constants; the same constant twice
    let consts = |c: i64| vec![I::I64Const(3), I::I64Const(c), I::I64LeS];
    assert!(ignored(&consts(4), "i64.le_s").is_some());
    assert_eq!(ignored(&consts(3), "i64.le_s"), None);
}

#[test]
fn the_bundled_emitters_marked_mutants_are_among_its_reviewed_equivalents() {
    // the emitter's 10 reviewed equivalents (spec/mutants-equivalent.json) hold the three the rules
    // prove; every other emitter mutant was killed but one (mutate --contracts emitter, seed 1)
    let a = analyse("emitter", bundled("emitter").unwrap()).unwrap();
    let mut marked: Vec<String> = a
        .sites
        .iter()
        .filter(|s| s.ignored.is_some())
        .map(|s| format!("{}:{}:{}", s.func_name, s.offset, s.operator))
        .collect();
    marked.sort();
    assert_eq!(marked, ["drop:264:gt->ge", "func36:111:gt->ge", "queue_swap_backstop:94:lt->le"]);
    // constants and add/sub are never marked
    for c in ["backstop", "pool"] {
        let a = analyse(c, bundled(c).unwrap()).unwrap();
        assert!(a
            .sites
            .iter()
            .filter(|s| s.ignored.is_some())
            .all(|s| s.what.is_none() && !s.operator.contains("add") && !s.operator.contains("sub")));
        assert!(a.sites.iter().any(|s| s.ignored.is_some()), "{c}: nothing marked");
    }
}

/// The i128 `x < 3000000` of pool `update_status` (+328), after a `br_if` out of an empty block: the
/// `hi == 0` of the first select kept in local 6 and read again by the second. `between` goes
/// between the `br_if` and the second comparison; `result` makes the block carry an i32 (the `br_if`
/// then passes the tee'd value, dropped on the fall-through).
fn across_br_if<'a>(between: &[I<'a>], result: bool) -> Vec<I<'a>> {
    let bt = if result {
        wasm_encoder::BlockType::Result(ValType::I32)
    } else {
        wasm_encoder::BlockType::Empty
    };
    let mut v = vec![I::Block(bt)];
    if result {
        v.extend([I::LocalGet(0), I::I64Eqz, I::LocalTee(6), I::LocalGet(6), I::BrIf(0), I::Drop]);
    } else {
        v.extend([
            I::LocalGet(2),
            I::I64Const(5),
            I::I64GtU,
            I::LocalGet(0),
            I::I64Const(0),
            I::I64GtS,
            I::LocalGet(0),
            I::I64Eqz,
            I::LocalTee(6),
            I::Select,
            I::BrIf(0),
        ]);
    }
    v.extend_from_slice(between);
    v.extend([
        I::LocalGet(3),
        I::I64Const(3_000_000),
        I::I64LtU,
        I::LocalGet(0),
        I::I64Const(0),
        I::I64LtS,
        I::LocalGet(6),
        I::Select,
    ]);
    if result {
        v.push(I::End);
    } else {
        v.extend([I::BrIf(0), I::End, I::I32Const(0)]);
    }
    v
}

#[test]
fn a_br_if_to_a_label_without_values_keeps_the_stretch() {
    let p = ignored(&across_br_if(&[], false), "i64.lt_s").expect("not marked");
    assert!(p.starts_with("select-unequal-arm:"), "{p}");
    // the low half's comparison decides at hi == 0: never marked
    assert_eq!(ignored(&across_br_if(&[], false), "i64.lt_u"), None);
    // near misses: the condition's local rewritten after the br_if; a br_if whose block carries a value
    assert_eq!(ignored(&across_br_if(&[I::LocalGet(4), I::LocalSet(6)], false), "i64.lt_s"), None);
    assert_eq!(ignored(&across_br_if(&[], true), "i64.lt_s"), None);
    // the bundled pool's update_status +328 is the pattern
    let a = analyse("pool", bundled("pool").unwrap()).unwrap();
    let s = a
        .sites
        .iter()
        .find(|s| s.func_name == "update_status" && s.offset == 328)
        .expect("update_status +328");
    assert!(
        s.ignored.as_deref().is_some_and(|p| p.starts_with("select-unequal-arm:")),
        "{:?}",
        s.ignored
    );
}

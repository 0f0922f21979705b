// @ts-check
/**
 * A Stryker ignorer (stryker.config.mjs `ignorers: ['diagnostics']`): mutants of the diagnostic
 * text of a rejection are not tested: the `detail` of `panicWithError(spec, detail)`, the `what` of
 * `overflow(what)` and of the range checks `i128` / `u32` / `u64` (model/math.ts). A
 * contract's `panic_with_error!` carries its error code alone (`Error(Contract, #code)`); the model's
 * detail is a note for the person reading a report (e.g. `backstop holds 5 BLND stroops, claim
 * needs 7`), so a mutant there changes no modelled behaviour. docs/mutation.md counts them.
 */
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** The calls whose text arguments are diagnostics, by callee: the argument positions. */
const DIAGNOSTIC_ARGS = {
  panicWithError: (i) => i >= 1, // panicWithError(spec, detail)
  overflow: (i) => i === 0, // overflow(what): a panic, WasmVm#6
  i128: (i) => i === 1, // i128(x, what), u32(x, what), u64(x, what): a range check's panic
  u32: (i) => i === 1,
  u64: (i) => i === 1,
};
const REASON = 'diagnostic text of a rejection (the contracts report the error code alone)';

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'diagnostics', {
    /** @param {import('@babel/core').NodePath} path */
    shouldIgnore(path) {
      const parent = path.parentPath;
      if (
        parent?.isCallExpression() &&
        parent.node.callee.type === 'Identifier' &&
        path.listKey === 'arguments' &&
        typeof path.key === 'number'
      ) {
        const isDiagnostic = DIAGNOSTIC_ARGS[/** @type {keyof typeof DIAGNOSTIC_ARGS} */ (parent.node.callee.name)];
        if (isDiagnostic?.(path.key)) return REASON;
      }
      // the default text of a range check: function i128(x, what = 'i128 overflow')
      if (
        parent?.isAssignmentPattern() &&
        path.key === 'right' &&
        parent.node.left.type === 'Identifier' &&
        parent.node.left.name === 'what'
      )
        return REASON;
      return undefined;
    },
  }),
];

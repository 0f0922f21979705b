// @ts-check
/**
 * A Stryker ignorer (stryker.config.mjs `ignorers: ['diagnostics']`): mutants of the diagnostic
 * text of a rejection, the `detail` argument of `panicWithError(spec, detail)`, are not tested. A
 * contract's `panic_with_error!` carries its error code alone (`Error(Contract, #code)`); the model's
 * detail is a note for the person reading a report (e.g. `backstop holds 5 BLND stroops, claim
 * needs 7`), so a mutant there changes no modelled behaviour. docs/mutation.md counts them.
 */
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'diagnostics', {
    /** @param {import('@babel/core').NodePath} path */
    shouldIgnore(path) {
      const parent = path.parentPath;
      if (
        parent?.isCallExpression() &&
        parent.node.callee.type === 'Identifier' &&
        parent.node.callee.name === 'panicWithError' &&
        path.listKey === 'arguments' &&
        typeof path.key === 'number' &&
        path.key >= 1
      ) {
        return 'diagnostic text of a rejection (the contracts report the error code alone)';
      }
      return undefined;
    },
  }),
];

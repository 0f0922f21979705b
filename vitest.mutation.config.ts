/**
 * The tests Stryker runs against each mutant of model/ (stryker.config.mjs, `npm run mutation`):
 * the model's own tests (test/model/, on the contracts' unit-test values), the invariant suites on
 * the model (test/properties/model.test.ts) and the snapshot loader (it builds a model world).
 * Left out: test/properties/mutants.test.ts (600 runs per property on a hand-made wrong variant: it
 * measures the properties, not the model, and would run for every surviving mutant), the browser
 * test, the CLI and subprocess tests (a child process never sees the active mutant), interrupts,
 * the Soroban export, and test/check/buggy.test.ts (two minutes a run).
 */
import { defineConfig } from 'vitest/config';

export const MUTATION_TESTS = ['test/model/**/*.test.ts', 'test/properties/**/*.test.ts', 'test/snapshot/load.test.ts'];
export const MUTATION_EXCLUDED = ['test/properties/mutants.test.ts'];

export default defineConfig({
  test: {
    include: MUTATION_TESTS,
    exclude: MUTATION_EXCLUDED,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

// @ts-check
/**
 * Mutation testing of the reference model (issue 6): `npm run mutation` (scripts/mutation.ts).
 * Every mutant of model/ is run against the tests of vitest.mutation.config.ts, only those that
 * cover it (perTest). Incremental: reports/mutation/stryker-incremental.json is committed, so a run
 * re-tests only the mutants whose code or covering tests changed since it was written.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  plugins: ['@stryker-mutator/vitest-runner', './scripts/stryker-diagnostics.mjs'],
  // the detail text of panicWithError(spec, detail) is not behaviour: see scripts/stryker-diagnostics.mjs
  ignorers: ['diagnostics'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: ['model/**/*.ts'],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // 2 shared cores: one worker each; a mutant gets 3x its tests' dry-run time plus 20 s
  concurrency: 2,
  timeoutMS: 20_000,
  timeoutFactor: 3,
  dryRunTimeoutMinutes: 10,
  // no break threshold: Stryker's score counts the equivalent mutants of docs/mutation.md as
  // survivors; scripts/mutation.ts scores without them and exits 1 under 90%
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};

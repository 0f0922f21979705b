/**
 * Layering rules of the harness (issue 16, item 1: "Layers one way").
 *
 *   spec/        rules and constants as data          imports: spec/ only
 *   model/       the stroop-exact reference model     imports: spec/, model/
 *   properties/  invariant suites                     imports: spec/, model/, properties/
 *   src/         harness, runner, worlds, reports...  imports: anything above, src/
 *   adapters/    model server, Soroban driver         imports: anything above
 *
 * Type-only imports count (tsPreCompilationDeps): a layer may not even name
 * a type of a layer above it. `npm run lint:deps` exits non-zero on any
 * violation.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'spec-leaf',
      severity: 'error',
      comment: 'spec/ is data: it imports nothing of the project but spec/ itself ' + '(node built-ins and npm packages are fine).',
      from: { path: '^spec/' },
      to: {
        path: '^(model|properties|src|adapters|test|bench|scripts|bin)/',
      },
    },
    {
      name: 'model-only-spec',
      severity: 'error',
      comment: 'The reference model imports only spec/ and model/ (no harness, no ' + 'properties, no adapters).',
      from: { path: '^model/' },
      to: {
        path: '^(properties|src|adapters|test|bench|scripts|bin)/',
      },
    },
    {
      name: 'properties-no-src',
      severity: 'error',
      comment:
        'Properties import model/, spec/ and their own small interfaces ' +
        '(properties/types.ts); never src/ (the harness implements those ' +
        'interfaces, not the other way round).',
      from: { path: '^properties/' },
      to: {
        path: '^(src|adapters|test|bench|scripts|bin)/',
      },
    },
    {
      name: 'src-not-adapters',
      severity: 'error',
      comment: 'The harness does not import the adapters (the adapters drive it, ' + 'or are spawned as processes).',
      from: { path: '^src/' },
      to: { path: '^(adapters|test|bench|scripts)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere (spec, model, properties, src, adapters).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment:
        'A module of spec/, model/, properties/ or src/ that nothing imports ' +
        'is dead code (entry points and declaration files excepted).',
      from: {
        orphan: true,
        path: '^(spec|model|properties|src)/',
        pathNot: ['\\.d\\.ts$'],
      },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|reports|adapters/soroban/target)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mjs', '.js', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};

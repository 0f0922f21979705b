/**
 * The mutation-testing set-up is well-formed (the run itself, `npm run mutation`, is too slow for
 * every push): stryker.config.mjs mutates files that exist, runs the vitest runner on
 * vitest.mutation.config.ts, whose globs find the model's and the invariant suites' tests and none
 * of the slow or subprocess ones; scripts/mutation.ts rejects a bad option with one line, exit 2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import mutationVitest, { MUTATION_EXCLUDED, MUTATION_TESTS } from '../../vitest.mutation.config.ts';
import {
  BASELINE,
  EQUIVALENTS_DOC,
  parseEquivalents,
  parseMutationArgs,
  ROOT,
  score,
  UsageError,
  type MutationReport,
} from '../../scripts/mutation.ts';

const TSX_LOADER = import.meta.resolve('tsx');
const STRYKER_CONFIG: string = '../../stryker.config.mjs';
const strykerConfig: unknown = (await import(STRYKER_CONFIG)).default;

/** The files the globs are matched against (the mutate and test globs look under these only). */
const FILES = ['model', 'test'].flatMap((d) =>
  (readdirSync(join(ROOT, d), { recursive: true, encoding: 'utf8' }) as string[]).map((f) => `${d}/${f.split('\\').join('/')}`),
);

// a glob as a RegExp: a double star and slash is any folders (or none), a star any characters but '/'
function globRe(glob: string): RegExp {
  const re = glob
    .split('**/')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('(?:.+/)?');
  return new RegExp(`^${re}$`);
}
const matching = (glob: string) => FILES.filter((f) => globRe(glob).test(f));

describe('stryker.config.mjs', () => {
  const c = strykerConfig as Record<string, any>;

  it('mutates the model: every mutate glob matches files, all under model/', () => {
    expect(c.mutate).toEqual(['model/**/*.ts']);
    for (const g of c.mutate as string[]) {
      const files = matching(g);
      expect(files.length, g).toBeGreaterThan(10);
      expect(files.every((f) => f.startsWith('model/') && f.endsWith('.ts'))).toBe(true);
    }
    expect(matching('model/**/*.ts')).toContain('model/math.ts');
    expect(matching('model/**/*.ts')).toContain('model/backstop/claim.ts');
  });

  it('runs the vitest runner, perTest, on vitest.mutation.config.ts, incremental under reports/mutation/', () => {
    expect(c.testRunner).toBe('vitest');
    expect(c.plugins).toContain('@stryker-mutator/vitest-runner');
    expect(existsSync(join(ROOT, c.vitest.configFile))).toBe(true);
    expect(c.vitest.configFile).toBe('vitest.mutation.config.ts');
    expect(c.coverageAnalysis).toBe('perTest');
    expect(c.incremental).toBe(true);
    expect(c.incrementalFile).toBe(BASELINE);
    expect(c.htmlReporter.fileName).toMatch(/^reports\/mutation\//);
    expect(c.jsonReporter.fileName).toMatch(/^reports\/mutation\//);
    expect(c.reporters).toEqual(expect.arrayContaining(['clear-text', 'html', 'json']));
    expect(c.concurrency).toBe(2);
    expect(c.thresholds.break).toBeNull();
    expect(c.ignorers).toEqual(['diagnostics']);
  });

  it('the plugins are installed, exact-pinned at one version', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const core = pkg.devDependencies['@stryker-mutator/core'];
    expect(core).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies['@stryker-mutator/vitest-runner']).toBe(core);
    expect(pkg.scripts.mutation).toBe('tsx scripts/mutation.ts');
    expect(existsSync(join(ROOT, 'node_modules/@stryker-mutator/vitest-runner/package.json'))).toBe(true);
  });
});

describe('vitest.mutation.config.ts', () => {
  const included = FILES.filter((f) => MUTATION_TESTS.some((g) => globRe(g).test(f)) && !MUTATION_EXCLUDED.some((g) => globRe(g).test(f)));

  it('finds the model tests and the invariant suites on the model', () => {
    expect(mutationVitest.test?.include).toEqual(MUTATION_TESTS);
    for (const g of MUTATION_TESTS) expect(matching(g).length, g).toBeGreaterThan(0);
    expect(included).toEqual(
      expect.arrayContaining(['test/model/world.test.ts', 'test/model/backstop/claim.test.ts', 'test/properties/model.test.ts']),
    );
  });

  it('leaves out the slow and subprocess tests', () => {
    expect(included.every((f) => f.endsWith('.test.ts'))).toBe(true);
    expect(included.filter((f) => /^test\/(cli|check|report|soroban|bundle)\/|browser|mutants\.test/.test(f))).toEqual([]);
  });
});

describe('scripts/mutation.ts options', () => {
  it('full by default, --incremental, --since REF, --concurrency N', () => {
    expect(parseMutationArgs([])).toEqual({ mode: 'full', concurrency: undefined });
    expect(parseMutationArgs(['--incremental'])).toEqual({ mode: 'incremental', concurrency: undefined });
    expect(parseMutationArgs(['--since', 'origin/main', '--concurrency', '1'])).toEqual({
      mode: 'since',
      ref: 'origin/main',
      concurrency: 1,
    });
  });

  it('a bad option is a UsageError naming it', () => {
    for (const [argv, msg] of [
      [['--bogus'], /^--bogus: unknown option/],
      [['--since'], /^--since: missing value$/],
      [['--since', '--incremental'], /^--since: missing value$/],
      [['--concurrency', '0'], /^--concurrency: expected a positive integer, got "0"$/],
      [['--incremental', '--since', 'HEAD'], /^--since: cannot be combined with --incremental$/],
    ] as const) {
      expect(() => parseMutationArgs(argv), argv.join(' ')).toThrow(UsageError);
      expect(() => parseMutationArgs(argv)).toThrow(msg);
    }
  });

  it('as a command: one line on stderr, exit 2, Stryker never started', () => {
    const r = spawnSync(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'scripts/mutation.ts'), '--since', 'no-such-ref-xyz'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('mutation: --since no-such-ref-xyz: not a git commit');
    expect(r.stdout).toBe('');
  });
});

describe('the score over the non-equivalent mutants', () => {
  const source = ['const a = x < y;', 'const b = p || q;', 'const c = `t`;'].join('\n');
  const at = (line: number, start: number, end: number) => ({ start: { line, column: start }, end: { line, column: end } });
  const report: MutationReport = {
    files: {
      'model/m.ts': {
        source,
        mutants: [
          { mutatorName: 'EqualityOperator', replacement: 'x <= y', status: 'Survived', location: at(1, 11, 16) },
          { mutatorName: 'LogicalOperator', replacement: 'p && q', status: 'NoCoverage', location: at(2, 11, 17) },
          { mutatorName: 'StringLiteral', replacement: '``', status: 'Killed', location: at(3, 11, 14) },
          { mutatorName: 'ConditionalExpression', replacement: 'true', status: 'Timeout', location: at(1, 11, 16) },
          { mutatorName: 'StringLiteral', replacement: '""', status: 'Ignored', location: at(3, 11, 14) },
        ],
      },
    },
  };
  const doc = [
    '| where | mutator | original | mutated | why |',
    '|---|---|---|---|---|',
    '| `model/m.ts:1` | EqualityOperator | `x < y` | `x <= y` | x never equals y |',
    '| `model/m.ts:9` | StringLiteral | `` `t` `` | `` `` `` | gone |',
    '| `model/m.ts:2` | LogicalOperator | `p \\|\\| q` | `p && q` | q implies p |',
  ].join('\n');

  it('reads the table: code cells with backticks and escaped pipes', () => {
    const eq = parseEquivalents(doc);
    expect(eq.map((e) => [e.file, e.line, e.mutator, e.original, e.replacement])).toEqual([
      ['model/m.ts', 1, 'EqualityOperator', 'x < y', 'x <= y'],
      ['model/m.ts', 9, 'StringLiteral', '`t`', '``'],
      ['model/m.ts', 2, 'LogicalOperator', 'p || q', 'p && q'],
    ]);
  });

  it('equivalents leave the denominator; a row matching nothing is reported stale', () => {
    const s = score(report, parseEquivalents(doc));
    expect([s.killed, s.timeout, s.survived, s.noCoverage, s.equivalent, s.ignored]).toEqual([1, 1, 1, 1, 2, 1]);
    expect(s.score).toBe(1);
    expect(s.open).toEqual([]);
    expect(s.stale.map((e) => e.line)).toEqual([9]);
    const none = score(report, []);
    expect(none.score).toBe(0.5);
    expect(none.open).toEqual(['model/m.ts:1 EqualityOperator: x < y -> x <= y', 'model/m.ts:2 LogicalOperator: p || q -> p && q']);
  });

  it('docs/mutation.md parses, every row under model/', () => {
    const rows = parseEquivalents(readFileSync(join(ROOT, EQUIVALENTS_DOC), 'utf8'));
    for (const r of rows) {
      expect(existsSync(join(ROOT, r.file)), r.file).toBe(true);
      expect(r.why.length, `${r.file}:${r.line} needs a reason`).toBeGreaterThan(10);
    }
  });
});

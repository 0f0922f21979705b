/**
 * The regression corpus: a failing sequence is saved with its steps, replayed first on the next run
 * — also when the run length and seed change — and a malformed corpus file is bad input (exit 2).
 * And `check`'s own bad usage: one line, exit 2, nothing written.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, TSX_LOADER } from '../../src/cli/main.ts';

const DROP_TWICE = new URL('../fixtures/impls/drop-twice.ts', import.meta.url).pathname;
const BUGGY = `"${process.execPath}" --import "${TSX_LOADER}" ${DROP_TWICE}`;

async function check(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['check', ...args], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'blend-corpus-'));
  made.push(d);
  return d;
};

describe('the regression corpus', () => {
  it('saves a failing sequence and replays it first on the next run, whatever its length and seed', { timeout: 90_000 }, async () => {
    const dir = tmp();
    const corpus = join(dir, 'corpus');
    const first = await check([
      '--impl',
      BUGGY,
      '--profile',
      'blend-v2',
      '--runs',
      '200',
      '--steps',
      '40',
      '--seed',
      '11',
      '--corpus',
      corpus,
      '--out',
      join(dir, 'a'),
    ]);
    expect(first.code).toBe(1);
    const files = readdirSync(corpus);
    expect(files).toHaveLength(1);
    const entry = JSON.parse(readFileSync(join(corpus, files[0]!), 'utf8'));
    expect(entry).toMatchObject({ format: 1, profile: 'blend-v2', seed: 11, found: { implementation: 'drop-twice 0' } });
    expect(entry.requests.filter((r: { action: string }) => r.action === 'backstop.drop')).toHaveLength(2);
    expect(entry.steps.length).toBe(entry.requests.length);

    // shorter sequences and another seed: the generators would hardly find it again, the corpus does
    const second = await check([
      '--impl',
      BUGGY,
      '--profile',
      'blend-v2',
      '--runs',
      '1',
      '--steps',
      '1',
      '--seed',
      '99',
      '--corpus',
      corpus,
      '--out',
      join(dir, 'b'),
    ]);
    expect(second.code).toBe(1);
    expect(second.out).toContain('replayed 1 corpus sequence(s)');
    const report = JSON.parse(readFileSync(join(dir, 'b', 'report.json'), 'utf8'));
    expect(report.corpus).toEqual({ replayed: 1, failedFile: join(corpus, files[0]!) });
    expect(report.counterexample.actions).toHaveLength(entry.requests.length);
    expect(readdirSync(corpus)).toHaveLength(1);

    // the correct model does not diverge on the same corpus (2 short runs leave properties
    // unexercised: insufficient, exit 4, not a pass)
    const fixed = await check([
      '--impl',
      'model',
      '--profile',
      'blend-v2',
      '--runs',
      '2',
      '--steps',
      '5',
      '--seed',
      '1',
      '--corpus',
      corpus,
      '--out',
      join(dir, 'c'),
    ]);
    expect(fixed.code).toBe(4);
    expect(fixed.out).toContain('replayed 1 corpus sequence(s)');
    expect(fixed.out).toContain('no divergence in what ran');
    const fixedReport = JSON.parse(readFileSync(join(dir, 'c', 'report.json'), 'utf8'));
    expect(fixedReport).toMatchObject({ verdict: 'insufficient', corpus: { replayed: 1 } });
    expect(fixedReport.counterexample).toBeUndefined();
    expect(fixedReport.fault).toBeUndefined();
  });

  it('rejects a malformed corpus file with one line, exit 2 and no report', async () => {
    const dir = tmp();
    const corpus = join(dir, 'corpus');
    const cases: [string, RegExp][] = [
      ['{"format": 1, "profile": "blend-v2"', /corpus file .*bad\.json: not JSON/],
      [
        '{"format": 2, "profile": "blend-v2", "seed": 1, "path": "", "world": {"users": 1, "pools": 1, "start": "1"}, "found": {"implementation": "x", "finding": "y"}, "steps": [], "requests": []}',
        /corpus file .*bad\.json: \/format must be equal to constant/,
      ],
      [
        '{"format": 1, "profile": "blend-v2", "seed": 1, "path": "", "world": {"users": 1, "pools": 1, "start": "1"}, "found": {"implementation": "x", "finding": "y"}, "steps": ["a"], "requests": [{"action": "backstop.deposit", "args": {"contract": "backstop"}}]}',
        /corpus file .*bad\.json: request 1: \/args must have required property/,
      ],
    ];
    for (const [text, message] of cases) {
      mkdirSync(corpus, { recursive: true });
      writeFileSync(join(corpus, 'bad.json'), text);
      const out = join(dir, 'out');
      const r = await check(['--impl', 'model', '--profile', 'blend-v2', '--corpus', corpus, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('blend-harness check: bad usage', () => {
  const bad: [string, string[], RegExp][] = [
    ['no --impl', [], /--impl: expected a command that speaks the check protocol/],
    ['an empty --impl', ['--impl', ' '], /--impl: expected a command/],
    ['a bad timeout', ['--impl', 'model', '--timeout-ms', '0'], /--timeout-ms: expected 1 to 3600000, got 0/],
    ['an unknown profile', ['--impl', 'model', '--profile', 'v9'], /--profile: expected one of/],
    ['an unknown flag', ['--impl', 'model', '--ledger', 'x'], /Unknown option '--ledger'/],
  ];
  for (const [what, args, message] of bad) {
    it(`rejects ${what} with one line, exit 2 and no report`, async () => {
      const out = join(tmp(), 'out');
      const r = await check([...args, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    });
  }
});

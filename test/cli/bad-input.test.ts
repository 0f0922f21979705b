/**
 * Bad input: malformed flags, snapshot files, corpus files and counterexample bundles (the run's
 * spec: profile, world, properties, steps). Each gives exit 2 and exactly one line on stderr that
 * names the input (the flag or the file) and the problem — no stack trace — and writes nothing:
 * the directory the case runs in (its --out and --corpus included) is byte for byte as it was.
 * Every case runs in process through `main`; a selection also as a real process.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { i, minimal, text } from '../fixtures/snapshot.ts';

const BIN = new URL('../../bin/blend-harness.mjs', import.meta.url).pathname;

/** Every case's directory, removed after the file's tests. */
const DIRS: string[] = [];
afterAll(() => {
  for (const d of DIRS) rmSync(d, { recursive: true, force: true });
});

/** The directory a case runs in, with helpers to put its inputs there. */
class Ctx {
  readonly dir = ((d) => (DIRS.push(d), d))(mkdtempSync(join(tmpdir(), 'blend-bad-')));
  /** Passed as --out to run and check (unless the case passes its own). */
  readonly out = join(this.dir, 'out');
  file(name: string, content: string): string {
    const p = join(this.dir, name);
    writeFileSync(p, content);
    return p;
  }
  mkdir(name: string): string {
    const p = join(this.dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  }
  /** A corpus directory holding one file. */
  corpus(content: string | object, name = 'entry.json'): string {
    const d = this.mkdir('corpus');
    writeFileSync(join(d, name), typeof content === 'string' ? content : JSON.stringify(content));
    return d;
  }
  bundle(content: object): string {
    return this.file('counterexample.json', JSON.stringify(content));
  }
}

/** Every file under `dir` with its content: what a case must leave unchanged. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, name);
    out[name] = statSync(p).isDirectory() ? '<dir>' : readFileSync(p, 'latin1');
  }
  return out;
}

const SNAPSHOT_OK = text(minimal());
const withTimestamp = (t: string): string => SNAPSHOT_OK.replace('"timestamp":1736780911', `"timestamp":${t}`);

const WORLD = { users: 2, pools: 1, start: '1736780911' };
const ENTRY = {
  format: 1,
  profile: 'blend-v2',
  seed: 1,
  path: '',
  world: WORLD,
  found: { implementation: 'x', finding: 'y' },
  steps: ['advance_time(1)'],
  requests: [{ action: 'advance_time', args: { seconds: '1' } }],
};
const BUNDLE = {
  format: 1,
  kind: 'counterexample',
  profile: 'blend-v2',
  seed: 1,
  path: '0',
  runs: 1,
  max_steps: 1,
  world: WORLD,
  implementation: 'reference model',
  properties: ['BLND-EM-001'],
  failure: { property: 'BLND-EM-001', message: 'x', step: 0 },
  steps: ['advance_time(1)'],
  requests: [{ action: 'advance_time', args: { seconds: '1' } }],
};
const deposit = (amount: string) => ({
  action: 'backstop.deposit',
  args: { contract: 'backstop', from: 'U0', pool_address: 'P0', amount },
});
const I128_OVER = (2n ** 127n).toString();

interface Case {
  readonly what: string;
  readonly kind: 'flag' | 'profile' | 'snapshot' | 'corpus' | 'bundle';
  /** The command line (run and check get `--out ctx.out` appended unless they pass --out). */
  readonly args: (c: Ctx) => string[];
  /** The input the line must name: a flag, or (a function of the context giving) a file's path. */
  readonly names: string | ((c: Ctx) => string);
  readonly problem: RegExp;
  /** Also run as a real process. */
  readonly real?: boolean;
}

// prettier-ignore
const CASES: readonly Case[] = [
  // --- flags -------------------------------------------------------------------------------------
  {
    kind: 'flag',
    what: 'an unknown flag',
    args: () => ['run', '--fast'],
    names: '--fast',
    problem: /Unknown option '--fast' \(run takes --profile, --run-profile, --runs,/,
    real: true,
  },
  {
    kind: 'flag',
    what: 'a shard-like typo',
    args: () => ['check', '--impl', 'model', '--shards', '2'],
    names: '--shards',
    problem: /Unknown option '--shards' \(check takes --impl,/,
  },
  {
    kind: 'flag',
    what: 'a shard of a check (check runs every case: it would call all of them one part)',
    args: () => ['check', '--impl', 'model', '--shard', '1/2'],
    names: '--shard',
    problem: /run only \(check runs every case of its seed/,
  },
  {
    kind: 'flag',
    what: 'a flag without its value',
    args: (c) => ['run', '--out', c.out, '--runs'],
    names: '--runs',
    problem: /argument missing/,
    real: true,
  },
  {
    kind: 'flag',
    what: 'a negative seed without =',
    args: () => ['run', '--seed', '-5'],
    names: '--seed',
    problem: /argument is ambiguous.*use '--seed=-XYZ'/,
  },
  { kind: 'flag', what: 'a positional argument', args: () => ['run', 'extra'], names: "'extra'", problem: /Unexpected argument 'extra'/ },
  {
    kind: 'flag',
    what: 'an unknown command',
    args: () => ['verify'],
    names: '"verify"',
    problem: /unknown command "verify" \(expected run, check, replay, merge or mutate\)/,
    real: true,
  },
  { kind: 'flag', what: 'zero runs', args: () => ['run', '--runs', '0'], names: '--runs', problem: /expected 1 to 10000000, got 0/ },
  { kind: 'flag', what: 'negative runs', args: () => ['run', '--runs=-1'], names: '--runs', problem: /expected 1 to 10000000, got -1/ },
  {
    kind: 'flag',
    what: 'runs that are not a number',
    args: () => ['run', '--runs', 'abc'],
    names: '--runs',
    problem: /expected an integer, got "abc"/,
  },
  {
    kind: 'flag',
    what: 'runs in exponent notation',
    args: () => ['run', '--runs', '1e99'],
    names: '--runs',
    problem: /expected an integer, got "1e99"/,
  },
  {
    kind: 'flag',
    what: 'a huge run count',
    args: () => ['run', '--runs', '99999999999999999999'],
    names: '--runs',
    problem: /expected 1 to 10000000, got 99999999999999999999/,
  },
  { kind: 'flag', what: 'zero steps', args: () => ['run', '--steps', '0'], names: '--steps', problem: /expected 1 to 100000, got 0/ },
  {
    kind: 'flag',
    what: 'fractional steps',
    args: () => ['run', '--steps', '2.5'],
    names: '--steps',
    problem: /expected an integer, got "2.5"/,
  },
  {
    kind: 'flag',
    what: 'a fractional seed',
    args: () => ['run', '--seed', '1.5'],
    names: '--seed',
    problem: /expected an integer, got "1.5"/,
  },
  {
    kind: 'flag',
    what: 'a seed beyond 32 bits',
    args: () => ['run', '--seed', '2147483648'],
    names: '--seed',
    problem: /expected -2147483648 to 2147483647, got 2147483648/,
  },
  {
    kind: 'flag',
    what: 'a malformed path',
    args: () => ['run', '--path', 'a:b'],
    names: '--path',
    problem: /expected a fast-check path like 12:3:0, got "a:b"/,
  },
  { kind: 'flag', what: 'an empty path', args: () => ['run', '--path='], names: '--path', problem: /expected a fast-check path/ },
  {
    kind: 'flag',
    what: 'a path beyond the runs',
    args: () => ['run', '--path', '500:1', '--runs', '100'],
    names: '--path 500:1',
    problem: /run 500 is beyond --runs 100/,
  },
  {
    kind: 'flag',
    what: 'a path that leads to no case',
    args: () => ['run', '--seed', '1', '--runs', '3', '--steps', '5', '--path', '0:99999'],
    names: '--path 0:99999',
    problem: /no case at this path with seed 1/,
    real: true,
  },
  {
    kind: 'flag',
    what: 'a replay path without a path',
    args: () => ['run', '--replay-path', 'AB:C'],
    names: '--replay-path',
    problem: /only with --path/,
  },
  {
    kind: 'flag',
    what: 'a malformed replay path',
    args: () => ['run', '--path', '0:1', '--replay-path', 'A B'],
    names: '--replay-path',
    problem: /expected fast-check's replay path/,
  },
  {
    kind: 'flag',
    what: '--out pointing at a file',
    args: (c) => ['run', '--runs', '1', '--out', c.file('report.json', 'an earlier file\n')],
    names: (c) => `--out ${join(c.dir, 'report.json')}`,
    problem: /exists and is not a directory/,
    real: true,
  },
  {
    kind: 'flag',
    what: '--out under a file',
    args: (c) => ['run', '--out', join(c.file('plain', 'x'), 'reports')],
    names: (c) => `--out ${join(c.dir, 'plain', 'reports')}`,
    problem: /is a file, not a directory/,
  },
  { kind: 'flag', what: 'an empty --out', args: () => ['run', '--out='], names: '--out', problem: /expected a directory, got ""/ },
  {
    kind: 'flag',
    what: 'check without --impl',
    args: () => ['check'],
    names: '--impl',
    problem: /expected a command that speaks the check protocol/,
    real: true,
  },
  {
    kind: 'flag',
    what: 'a zero --timeout-ms',
    args: () => ['check', '--impl', 'model', '--timeout-ms', '0'],
    names: '--timeout-ms',
    problem: /expected 1 to 3600000, got 0/,
  },
  {
    kind: 'flag',
    what: 'a --timeout-ms with a unit',
    args: () => ['check', '--impl', 'model', '--timeout-ms', '10s'],
    names: '--timeout-ms',
    problem: /expected an integer, got "10s"/,
  },
  {
    kind: 'flag',
    what: '--corpus pointing at a file',
    args: (c) => ['check', '--impl', 'model', '--corpus', c.file('corpus.json', '{}')],
    names: (c) => `--corpus ${join(c.dir, 'corpus.json')}`,
    problem: /exists and is not a directory/,
  },
  // --- the profile -------------------------------------------------------------------------------
  {
    kind: 'profile',
    what: 'an unknown profile',
    args: () => ['run', '--profile', 'v3'],
    names: '--profile',
    problem: /expected one of documented, blend-v1, blend-v2, got "v3"/,
    real: true,
  },
  {
    kind: 'profile',
    what: 'a profile in the wrong case',
    args: () => ['check', '--impl', 'model', '--profile', 'Blend-V2'],
    names: '--profile',
    problem: /got "Blend-V2"/,
  },
  { kind: 'profile', what: 'an empty profile', args: () => ['run', '--profile='], names: '--profile', problem: /got ""/ },
  {
    kind: 'profile',
    what: 'a snapshot under the v2 profile',
    args: (c) => ['run', '--profile', 'blend-v2', '--snapshot', c.file('s.json', SNAPSHOT_OK)],
    names: '--snapshot',
    problem: /the mainnet snapshot holds Blend v1; use --profile blend-v1, got "blend-v2"/,
  },
  // --- snapshot files ----------------------------------------------------------------------------
  {
    kind: 'snapshot',
    what: 'a missing snapshot',
    args: (c) => ['run', '--snapshot', join(c.dir, 'nope.json')],
    names: (c) => `snapshot ${join(c.dir, 'nope.json')}`,
    problem: /cannot read \(ENOENT\)/,
    real: true,
  },
  {
    kind: 'snapshot',
    what: 'an empty snapshot file',
    args: (c) => ['run', '--snapshot', c.file('s.json', '')],
    names: (c) => `snapshot ${join(c.dir, 's.json')}`,
    problem: /not JSON \(Unexpected end of JSON input\)/,
  },
  {
    kind: 'snapshot',
    what: 'a truncated snapshot',
    args: (c) => ['run', '--snapshot', c.file('s.json', SNAPSHOT_OK.slice(0, 700))],
    names: (c) => `snapshot ${join(c.dir, 's.json')}`,
    problem: /not JSON \(/,
    real: true,
  },
  {
    kind: 'snapshot',
    what: 'a directory as the snapshot',
    args: (c) => ['run', '--snapshot', c.mkdir('snap')],
    names: (c) => `snapshot ${join(c.dir, 'snap')}`,
    problem: /cannot read \(EISDIR\)/,
  },
  {
    kind: 'snapshot',
    what: 'ledger_entries of the wrong type',
    args: (c) => ['run', '--snapshot', c.file('s.json', JSON.stringify({ ...minimal(), ledger_entries: { a: 1 } }))],
    names: (c) => `snapshot ${join(c.dir, 's.json')}`,
    problem: /ledger_entries: must be array/,
  },
  {
    kind: 'snapshot',
    what: 'an i128 with a string part',
    args: (c) => ['run', '--snapshot', c.file('s.json', text(minimal({ shares: i(5, '0') })))],
    names: (c) => `snapshot ${join(c.dir, 's.json')}`,
    problem: /ledger_entries\[3\]: i128 expected, got \{"i128":\{"hi":"0","lo":5\}\} \(PoolBalance\.shares\)/,
  },
  {
    kind: 'snapshot',
    what: 'a missing timestamp',
    args: (c) => ['run', '--snapshot', c.file('s.json', JSON.stringify({ ...minimal(), timestamp: undefined }))],
    names: (c) => `snapshot ${join(c.dir, 's.json')}`,
    problem: /must have required property 'timestamp'/,
  },
  {
    kind: 'snapshot',
    what: 'a snapshot without the emitter',
    args: (c) => ['run', '--snapshot', c.file('s.json', text(minimal({ noEmitter: true })))],
    names: (c) => `snapshot ${join(c.dir, 's.json')}`,
    problem: /no contract instance for the emitter/,
  },
  {
    kind: 'snapshot',
    what: 'an i128 beyond 128 bits',
    args: (c) => [
      'run',
      '--snapshot',
      c.file('s.json', text(minimal({ shares: i(0, 'HUGE') })).replace('"HUGE"', '170141183460469231731687303715884105728')),
    ],
    names: (c) => `snapshot ${join(c.dir, 's.json')}`,
    problem: /ledger_entries\[3\]: i128 expected, got \{"i128":\{"hi":170141183460469231731687303715884105728,"lo":0\}\}/,
  },
  {
    kind: 'snapshot',
    what: 'a timestamp beyond u64',
    args: (c) => ['run', '--snapshot', c.file('s.json', withTimestamp('18446744073709551616'))],
    names: (c) => `snapshot ${join(c.dir, 's.json')}`,
    problem: /timestamp: 18446744073709551616 is beyond u64/,
  },
  {
    kind: 'snapshot',
    what: 'a timestamp in exponent notation',
    args: (c) => ['run', '--snapshot', c.file('s.json', withTimestamp('1e30'))],
    names: (c) => `snapshot ${join(c.dir, 's.json')}`,
    problem: /timestamp: 1e\+30 is beyond u64/,
  },
  // --- corpus files ------------------------------------------------------------------------------
  {
    kind: 'corpus',
    what: 'a corpus file that is not JSON',
    args: (c) => ['check', '--impl', 'model', '--corpus', c.corpus('{"format": 1, "profile": "blend-v2"')],
    names: (c) => `corpus file ${join(c.dir, 'corpus', 'entry.json')}`,
    problem: /not JSON/,
    real: true,
  },
  {
    kind: 'corpus',
    what: 'a corpus file of another format',
    args: (c) => ['check', '--impl', 'model', '--corpus', c.corpus({ ...ENTRY, format: 2 })],
    names: (c) => `corpus file ${join(c.dir, 'corpus', 'entry.json')}`,
    problem: /\/format must be equal to constant/,
  },
  {
    kind: 'corpus',
    what: 'a corpus file with a seed of the wrong type',
    args: (c) => ['check', '--impl', 'model', '--corpus', c.corpus({ ...ENTRY, seed: '7' })],
    names: (c) => `corpus file ${join(c.dir, 'corpus', 'entry.json')}`,
    problem: /\/seed must be integer/,
  },
  {
    kind: 'corpus',
    what: 'a corpus entry without its requests',
    args: (c) => ['check', '--impl', 'model', '--corpus', c.corpus({ ...ENTRY, requests: undefined })],
    names: (c) => `corpus file ${join(c.dir, 'corpus', 'entry.json')}`,
    problem: /must have required property 'requests'/,
  },
  {
    kind: 'corpus',
    what: 'an unknown action',
    args: (c) => ['check', '--impl', 'model', '--corpus', c.corpus({ ...ENTRY, requests: [{ action: 'backstop.explode', args: {} }] })],
    names: (c) => `corpus file ${join(c.dir, 'corpus', 'entry.json')}`,
    problem: /request 1: \/action must be equal to one of the allowed values/,
  },
  {
    kind: 'corpus',
    what: 'a control message as a step',
    args: (c) => ['check', '--impl', 'model', '--corpus', c.corpus({ ...ENTRY, requests: [{ action: 'state', args: {} }] })],
    names: (c) => `corpus file ${join(c.dir, 'corpus', 'entry.json')}`,
    problem: /request 1: "state" is not an entry point/,
  },
  {
    kind: 'corpus',
    what: 'an amount beyond i128',
    args: (c) => ['check', '--impl', 'model', '--corpus', c.corpus({ ...ENTRY, requests: [deposit(I128_OVER)] })],
    names: (c) => `corpus file ${join(c.dir, 'corpus', 'entry.json')}`,
    problem: /request 1: \/args\/amount 170141183460469231731687303715884105728 is outside i128/,
  },
  {
    kind: 'corpus',
    what: 'a world of a billion users',
    args: (c) => ['check', '--impl', 'model', '--corpus', c.corpus({ ...ENTRY, world: { ...WORLD, users: 1_000_000_000 } })],
    names: (c) => `corpus file ${join(c.dir, 'corpus', 'entry.json')}`,
    problem: /\/world\/users must be <= 100000/,
  },
  {
    kind: 'corpus',
    what: 'a corpus file that is a directory',
    args: (c) => {
      const d = c.mkdir('corpus');
      mkdirSync(join(d, 'sub.json'));
      return ['check', '--impl', 'model', '--corpus', d];
    },
    names: (c) => `corpus file ${join(c.dir, 'corpus', 'sub.json')}`,
    problem: /cannot read \(EISDIR\)/,
  },
  // --- counterexample bundles: the run's spec (profile, world, properties, steps) ---------------------
  {
    kind: 'bundle',
    what: 'replay without a file',
    args: () => ['replay'],
    names: 'replay',
    problem: /expected one counterexample\.json file, got 0/,
  },
  {
    kind: 'bundle',
    what: 'replay with an unknown flag',
    args: (c) => ['replay', '--fast', c.bundle(BUNDLE)],
    names: "'--fast'",
    problem: /Unknown option '--fast'/,
  },
  {
    kind: 'bundle',
    what: 'a missing bundle',
    args: (c) => ['replay', join(c.dir, 'nope.json')],
    names: (c) => `bundle ${join(c.dir, 'nope.json')}`,
    problem: /cannot read \(ENOENT\)/,
    real: true,
  },
  {
    kind: 'bundle',
    what: 'a directory as the bundle',
    args: (c) => ['replay', c.mkdir('b')],
    names: (c) => `bundle ${join(c.dir, 'b')}`,
    problem: /is a directory/,
  },
  {
    kind: 'bundle',
    what: 'a truncated bundle',
    args: (c) => ['replay', c.file('counterexample.json', JSON.stringify(BUNDLE).slice(0, 80))],
    names: (c) => `bundle ${join(c.dir, 'counterexample.json')}`,
    problem: /not JSON/,
  },
  {
    kind: 'bundle',
    what: 'a bundle with an unknown profile',
    args: (c) => ['replay', c.bundle({ ...BUNDLE, profile: 'blend-v3' })],
    names: (c) => `bundle ${join(c.dir, 'counterexample.json')}`,
    problem: /\/profile must be equal to one of the allowed values \(documented, blend-v1, blend-v2\)/,
  },
  {
    kind: 'bundle',
    what: 'a bundle naming an unknown property',
    args: (c) => ['replay', c.bundle({ ...BUNDLE, properties: ['BLND-EM-001', 'BLND-XX-999'] })],
    names: (c) => `bundle ${join(c.dir, 'counterexample.json')}`,
    problem: /\/properties: unknown property "BLND-XX-999"/,
  },
  {
    kind: 'bundle',
    what: 'a bundle with a zero-pool world',
    args: (c) => ['replay', c.bundle({ ...BUNDLE, world: { ...WORLD, pools: 0 } })],
    names: (c) => `bundle ${join(c.dir, 'counterexample.json')}`,
    problem: /\/world\/pools must be >= 1/,
  },
  {
    kind: 'bundle',
    what: 'a bundle starting beyond u64',
    args: (c) => ['replay', c.bundle({ ...BUNDLE, world: { ...WORLD, start: '18446744073709551616' } })],
    names: (c) => `bundle ${join(c.dir, 'counterexample.json')}`,
    problem: /\/world\/start 18446744073709551616 is beyond u64/,
  },
  {
    kind: 'bundle',
    what: 'a bundle whose failure lies beyond its steps',
    args: (c) => ['replay', c.bundle({ ...BUNDLE, failure: { ...BUNDLE.failure, step: 5 } })],
    names: (c) => `bundle ${join(c.dir, 'counterexample.json')}`,
    problem: /\/failure\/step 5 is beyond the 1 saved steps/,
  },
  {
    kind: 'bundle',
    what: 'a bundle with an amount beyond i128',
    args: (c) => ['replay', c.bundle({ ...BUNDLE, requests: [deposit(I128_OVER)] })],
    names: (c) => `bundle ${join(c.dir, 'counterexample.json')}`,
    problem: /request 1: \/args\/amount 170141183460469231731687303715884105728 is outside i128/,
  },
];

/** The command line of a case, with --out added for run and check. */
function argv(c: Case, ctx: Ctx): string[] {
  const args = c.args(ctx);
  return (args[0] === 'run' || args[0] === 'check') && !args.some((a) => a.startsWith('--out')) ? [...args, '--out', ctx.out] : args;
}

function expectOneClearLine(c: Case, ctx: Ctx, code: number | null, err: string): void {
  expect(code).toBe(2);
  expect(err.endsWith('\n')).toBe(true);
  const lines = err.slice(0, -1).split('\n');
  expect(lines, err).toHaveLength(1);
  const line = lines[0]!;
  expect(line.startsWith('blend-harness: ')).toBe(true);
  expect(line).not.toMatch(/^\s+at /m);
  expect(line).toContain(typeof c.names === 'string' ? c.names : c.names(ctx));
  expect(line).toMatch(c.problem);
}

describe('bad input: one clear line, exit 2, nothing written', () => {
  it('covers at least 30 cases of every kind', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    for (const kind of ['flag', 'profile', 'snapshot', 'corpus', 'bundle'])
      expect(CASES.filter((c) => c.kind === kind).length).toBeGreaterThanOrEqual(3);
  });

  for (const c of CASES) {
    it(`${c.kind}: ${c.what}`, async () => {
      const ctx = new Ctx();
      const args = argv(c, ctx);
      const before = tree(ctx.dir);
      let out = '';
      let err = '';
      const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
      expectOneClearLine(c, ctx, code, err);
      expect(tree(ctx.dir)).toEqual(before);
    });
  }

  describe('as real processes', () => {
    for (const c of CASES.filter((x) => x.real)) {
      it(`${c.kind}: ${c.what}`, { timeout: 30_000 }, async () => {
        const ctx = new Ctx();
        const args = argv(c, ctx);
        const before = tree(ctx.dir);
        const child = spawn(process.execPath, [BIN, ...args], { cwd: ctx.dir, stdio: ['ignore', 'pipe', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.stdout.resume();
        const code = await new Promise<number | null>((res) => child.on('exit', (n) => res(n)));
        expectOneClearLine(c, ctx, code, err);
        expect(tree(ctx.dir)).toEqual(before);
      });
    }
  });
});

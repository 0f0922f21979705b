/**
 * The command line itself (commander, src/cli/main.ts): each refusal is one line and exit 2, in the
 * words the CLI used before commander (node's util.parseArgs), before anything runs or is written.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-helpers.ts';

const RUN_TAKES =
  '(run takes --profile, --run-profile, --runs, --steps, --seed, --path, --replay-path, --time-budget, --report-every, --min-exercise, --shard, --out, --snapshot, --whale, --second-reserve, --workers)';
const REPLAY_USAGE =
  '(usage: blend-harness replay FILE [--impl "<command>"|model|soroban|blend-sdk [--timeout-ms T] [--wasm NAME=FILE]...])';
const MERGE_USAGE = '(usage: blend-harness merge DIR... [--out DIR] [--min-exercise N])';

// prettier-ignore
const CASES: [string, string[], string][] = [
  ['an unknown flag with a value', ['run', '--fast=3'], `Unknown option '--fast' ${RUN_TAKES}`],
  ['a group of unknown short flags', ['run', '-xy'], `Unknown option '-x' ${RUN_TAKES}`],
  ['a negative number where no argument is taken', ['run', '-5'], `Unknown option '-5' ${RUN_TAKES}`],
  ['an unknown flag before a flag given twice', ['run', '--seed', '1', '--seed', '2', '--fast'], `Unknown option '--fast' ${RUN_TAKES}`],
  [
    'a flag given three times, both forms',
    ['run', '--runs', '1', '--runs=2', '--runs', '3'],
    '--runs: given 3 times ("1", "2", "3"); give it once',
  ],
  ['a flag without its value', ['run', '--runs'], "Option '--runs <value>' argument missing"],
  [
    'a value that looks like a flag',
    ['run', '--seed', '-5'],
    "Option '--seed' argument is ambiguous. Did you forget to specify the option argument for '--seed'? To specify an option argument starting with a dash use '--seed=-XYZ'.",
  ],
  ['an argument run does not take', ['run', 'x'], "Unexpected argument 'x'. This command does not take positional arguments"],
  [
    'a flag after -- is an argument',
    ['run', '--', '--fast'],
    "Unexpected argument '--fast'. This command does not take positional arguments",
  ],
  ['replay with an unknown flag', ['replay', '--fast', 'f'], `replay: Unknown option '--fast' ${REPLAY_USAGE}`],
  ['replay with --impl and no value', ['replay', '--impl'], `replay: Option '--impl <value>' argument missing ${REPLAY_USAGE}`],
  ['merge with --out followed by a flag', ['merge', '--out', '--x'], `merge: Option '--out' argument is ambiguous ${MERGE_USAGE}`],
  ['an unknown command', ['verify'], 'unknown command "verify" (expected run, check, replay, merge or mutate)'],
  ['an unknown flag in place of a command', ['--fast'], 'unknown command "--fast" (expected run, check, replay, merge or mutate)'],
];

describe("the command line: one line in the CLI's words, exit 2, nothing written", () => {
  for (const [what, args, line] of CASES) {
    it(what, async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'blend-parse-')), 'out');
      const withOut = args[0] === 'run' ? ['run', '--out', out, ...args.slice(1)] : args;
      const r = await cli(withOut);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`blend-harness: ${line}\n`);
      expect(r.out).toBe('');
      expect(existsSync(out)).toBe(false);
    });
  }

  it('a negative value in the = form is a value', async () => {
    const r = await cli(['run', '--seed=-5', '--runs', '0']);
    expect(r.err).toBe('blend-harness: --runs: expected 1 to 10000000, got 0\n');
  });

  it('a fresh parser each call: values of one call do not leak into the next', async () => {
    expect((await cli(['run', '--runs', 'x'])).err).toContain('--runs: expected an integer, got "x"');
    expect((await cli(['run', '--runs', 'y'])).err).toBe('blend-harness: --runs: expected an integer, got "y"\n');
  });
});

/**
 * `blend-harness run [--profile documented|blend-v1|blend-v2] [--runs N] [--steps N] [--seed S]
 *  [--path P] [--snapshot FILE] [--out DIR]`
 *
 * Exit codes: 0 every property held; 1 a property failed (the shrunk steps, the replay command and
 * a regression test are printed); 2 bad usage or input (one line on stderr, nothing written).
 */
import { parseArgs } from 'node:util';
import { PROFILE_NAMES, getProfile } from '../../spec/profiles.ts';
import { runSuite } from '../run.ts';
import { loadSnapshot, SnapshotError, type LoadedSnapshot } from '../snapshot/load.ts';
import { renderRegressionTest, writeReports } from '../report/write.ts';

export const EXIT = { pass: 0, fail: 1, usage: 2 } as const;

class UsageError extends Error {}

const USAGE = `usage: blend-harness run [--profile ${PROFILE_NAMES.join('|')}] [--runs N] [--steps N] [--seed S] [--path P] [--snapshot FILE] [--out DIR]`;

function int(name: string, v: string | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  if (!/^-?\d+$/.test(v)) throw new UsageError(`--${name}: expected an integer, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageError(`--${name}: expected ${min} to ${max}, got ${v}`);
  return n;
}

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

export function main(argv: readonly string[], io: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): number {
  try {
    return runCommand(argv, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof SnapshotError) {
      io.err(`blend-harness: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

function runCommand(argv: readonly string[], io: CliIo): number {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h') {
    io.out(`${USAGE}\n`);
    return cmd === undefined ? EXIT.usage : EXIT.pass;
  }
  if (cmd !== 'run') throw new UsageError(`unknown command "${cmd}" (expected run). ${USAGE}`);
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        profile: { type: 'string' },
        runs: { type: 'string' },
        steps: { type: 'string' },
        seed: { type: 'string' },
        path: { type: 'string' },
        snapshot: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  const profileName = values.profile ?? (values.snapshot !== undefined ? 'blend-v1' : 'documented');
  const profile = getProfile(profileName);
  if (profile === undefined) throw new UsageError(`--profile: expected one of ${PROFILE_NAMES.join(', ')}, got "${profileName}"`);
  const runs = int('runs', values.runs, 100, 1, 10_000_000);
  const steps = int('steps', values.steps, 200, 1, 100_000);
  const seed = int('seed', values.seed, Date.now() % 2_147_483_647, -2_147_483_648, 2_147_483_647);
  if (values.path !== undefined && !/^\d+(:\d+)*$/.test(values.path)) throw new UsageError(`--path: expected a fast-check path like 12:3:0, got "${values.path}"`);
  const out = values.out ?? 'reports/latest';
  let snapshot: LoadedSnapshot | undefined;
  if (values.snapshot !== undefined) {
    if (profile.name !== 'blend-v1') throw new UsageError(`--snapshot: the mainnet snapshot holds Blend v1; use --profile blend-v1, got "${profile.name}"`);
    snapshot = loadSnapshot(values.snapshot);
  }

  const result = runSuite({ profile, runs, steps, seed, path: values.path, snapshot, snapshotPath: values.snapshot });
  const replay = [
    'npx blend-harness run',
    `--profile ${result.profile}`,
    `--seed ${result.counterexample?.seed ?? seed}`,
    result.counterexample ? `--path ${result.counterexample.path}` : '',
    `--runs ${runs}`,
    `--steps ${steps}`,
    values.snapshot !== undefined ? `--snapshot ${values.snapshot}` : '',
  ]
    .filter((x) => x !== '')
    .join(' ');
  const regressionTest = renderRegressionTest(result);
  writeReports(out, { result, replay, regressionTest, snapshot: snapshot?.summary });

  const exercised = result.properties.filter((p) => p.status === 'passed').length;
  const idle = result.properties.filter((p) => p.status === 'not exercised');
  io.out(`profile ${result.profile}, seed ${seed}: ${result.totalSteps} steps in ${result.runs} runs, ${Math.round(result.durationMs)} ms\n`);
  const na = result.properties.filter((p) => p.status === 'not applicable').length;
  io.out(`${exercised} properties held, ${idle.length} not exercised${idle.length ? ` (${idle.map((p) => p.id).join(', ')})` : ''}, ${na} not applicable to ${result.profile}\n`);
  if (result.counterexample) {
    const c = result.counterexample;
    io.out(`\nFAIL ${c.property}: ${c.message}\n\nshrunk to ${c.steps.length} steps:\n`);
    c.steps.forEach((s, i) => io.out(`  ${i + 1}. ${s}\n`));
    io.out(`\nreplay:\n  ${replay}\n\nregression test (vitest):\n${regressionTest ?? ''}\n`);
  }
  io.out(`reports: ${out}/report.json, report.md, junit.xml\n`);
  return result.verdict === 'pass' ? EXIT.pass : EXIT.fail;
}

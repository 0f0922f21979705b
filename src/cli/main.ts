/**
 * `blend-harness run [--profile documented|blend-v1|blend-v2] [--runs N] [--steps N] [--seed S]
 *  [--path P] [--snapshot FILE] [--out DIR]`
 * `blend-harness check --impl "<command>"|model [--profile P] [--runs N] [--steps N] [--seed S]
 *  [--path P] [--timeout-ms T] [--corpus DIR] [--out DIR]`
 *
 * Exit codes: 0 pass; 1 a property failed, or the implementation diverged from the model (the
 * shrunk steps, the replay command and a regression test are printed); 2 bad usage or input (one
 * line on stderr, nothing written); 3 an implementation fault (crash, timeout, not the protocol).
 */
import { parseArgs } from 'node:util';
import { PROFILE_NAMES, getProfile, type Profile } from '../../spec/profiles.ts';
import { runSuite } from '../run.ts';
import { loadSnapshot, SnapshotError, type LoadedSnapshot } from '../snapshot/load.ts';
import { renderRegressionTest, writeReports } from '../report/write.ts';
import { runCheck } from '../check/check.ts';
import { ImplementationFault } from '../check/implementation.ts';
import { SubprocessImplementation } from '../check/subprocess.ts';
import { CorpusError, loadCorpus, saveToCorpus, worldToJson } from '../check/corpus.ts';

export const EXIT = { pass: 0, fail: 1, usage: 2, fault: 3 } as const;

class UsageError extends Error {}

const RUN_USAGE = `blend-harness run [--profile ${PROFILE_NAMES.join('|')}] [--runs N] [--steps N] [--seed S] [--path P] [--snapshot FILE] [--out DIR]`;
const CHECK_USAGE = `blend-harness check --impl "<command>"|model [--profile ${PROFILE_NAMES.join('|')}] [--runs N] [--steps N] [--seed S] [--path P] [--timeout-ms T] [--corpus DIR] [--out DIR]`;
const USAGE = `usage: ${RUN_USAGE}\n       ${CHECK_USAGE}`;

/** tsx's loader by absolute URL, so a TypeScript child starts from any working directory. */
export const TSX_LOADER = import.meta.resolve('tsx');

/** The reference model served over the protocol (the self-check). */
export const MODEL_IMPL_COMMAND = `"${process.execPath}" --import "${TSX_LOADER}" "${new URL('../../adapters/model/main.ts', import.meta.url).pathname}"`;

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

const STDIO: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

export async function main(argv: readonly string[], io: CliIo = STDIO): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof SnapshotError || e instanceof CorpusError) {
      io.err(`blend-harness: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

type Values = Record<string, string | undefined>;

function parse(rest: readonly string[], names: readonly string[]): Values {
  try {
    return parseArgs({ args: [...rest], options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), strict: true, allowPositionals: false }).values as Values;
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

interface Common {
  profile: Profile;
  runs: number;
  steps: number;
  seed: number;
  path: string | undefined;
  out: string;
}

function common(values: Values, dflt: { profile: string; runs: number; steps: number }): Common {
  const profileName = values.profile ?? dflt.profile;
  const profile = getProfile(profileName);
  if (profile === undefined) throw new UsageError(`--profile: expected one of ${PROFILE_NAMES.join(', ')}, got "${profileName}"`);
  const runs = int('runs', values.runs, dflt.runs, 1, 10_000_000);
  const steps = int('steps', values.steps, dflt.steps, 1, 100_000);
  const seed = int('seed', values.seed, Date.now() % 2_147_483_647, -2_147_483_648, 2_147_483_647);
  if (values.path !== undefined && !/^\d+(:\d+)*$/.test(values.path)) throw new UsageError(`--path: expected a fast-check path like 12:3:0, got "${values.path}"`);
  return { profile, runs, steps, seed, path: values.path, out: values.out ?? 'reports/latest' };
}

async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h') {
    io.out(`${USAGE}\n`);
    return cmd === undefined ? EXIT.usage : EXIT.pass;
  }
  if (cmd === 'run') return run(rest, io);
  if (cmd === 'check') return check(rest, io);
  throw new UsageError(`unknown command "${cmd}" (expected run or check)`);
}

function run(rest: readonly string[], io: CliIo): number {
  const values = parse(rest, ['profile', 'runs', 'steps', 'seed', 'path', 'snapshot', 'out']);
  const { profile, runs, steps, seed, path, out } = common(values, { profile: values.snapshot !== undefined ? 'blend-v1' : 'documented', runs: 100, steps: 200 });
  let snapshot: LoadedSnapshot | undefined;
  if (values.snapshot !== undefined) {
    if (profile.name !== 'blend-v1') throw new UsageError(`--snapshot: the mainnet snapshot holds Blend v1; use --profile blend-v1, got "${profile.name}"`);
    snapshot = loadSnapshot(values.snapshot);
  }

  const result = runSuite({ profile, runs, steps, seed, path, snapshot, snapshotPath: values.snapshot });
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

async function check(rest: readonly string[], io: CliIo): Promise<number> {
  const values = parse(rest, ['impl', 'profile', 'runs', 'steps', 'seed', 'path', 'timeout-ms', 'corpus', 'out']);
  const c = common(values, { profile: 'documented', runs: 100, steps: 50 });
  if (values.impl === undefined || values.impl.trim() === '') throw new UsageError(`--impl: expected a command that speaks the check protocol (or "model"). ${CHECK_USAGE}`);
  const timeoutMs = int('timeout-ms', values['timeout-ms'], 10_000, 1, 3_600_000);
  const corpusDir = values.corpus ?? 'corpus';
  const corpus = loadCorpus(corpusDir, c.profile.name);
  const command = values.impl === 'model' ? MODEL_IMPL_COMMAND : values.impl;

  const impl = new SubprocessImplementation({ command, timeoutMs });
  let result;
  try {
    result = await runCheck({ profile: c.profile, runs: c.runs, steps: c.steps, seed: c.seed, path: c.path, impl, corpus });
  } catch (e) {
    if (!(e instanceof ImplementationFault)) throw e;
    // a fault during the handshake: nothing was checked
    await impl.close();
    io.err(`blend-harness: implementation fault (${e.kind}): ${e.message}\n`);
    return EXIT.fault;
  }
  await impl.close();

  const implArg = values.impl.includes(' ') ? `"${values.impl.replace(/"/g, '\\"')}"` : values.impl;
  const cx = result.counterexample;
  const replay = [
    `npx blend-harness check --impl ${implArg}`,
    `--profile ${result.profile}`,
    `--seed ${cx?.seed || c.seed}`,
    cx?.path ? `--path ${cx.path}` : '',
    `--runs ${c.runs}`,
    `--steps ${c.steps}`,
    `--corpus ${corpusDir}`,
  ]
    .filter((x) => x !== '')
    .join(' ');
  let corpusFile = result.corpus.failedFile;
  if (cx && result.verdict === 'fail' && corpusFile === undefined) {
    corpusFile = saveToCorpus(corpusDir, { profile: result.profile, seed: cx.seed, path: cx.path, world: worldToJson(result.world as never), found: { implementation: `${result.implementation.name} ${result.implementation.version}`, finding: cx.message }, steps: cx.steps }, cx.actions);
  }
  writeReports(c.out, { result, replay, regressionTest: undefined, corpusFile });

  io.out(`check ${result.implementation.name} ${result.implementation.version} (claims ${result.implementation.profile}) against profile ${result.profile}, seed ${c.seed}: ${result.totalSteps} steps in lockstep, ${Math.round(result.durationMs)} ms\n`);
  if (result.corpus.replayed > 0) io.out(`replayed ${result.corpus.replayed} corpus sequence(s) from ${corpusDir} first\n`);
  if (result.skippedActions.length > 0) io.out(`not generated (not supported by the implementation): ${result.skippedActions.join(', ')}\n`);
  if (result.fault) {
    io.out(`\nFAULT (${result.fault.kind}): ${result.fault.message}\n`);
  } else if (cx) {
    io.out(`\nDIVERGENCE ${cx.property}: ${cx.message}\n\nshrunk to ${cx.steps.length} steps:\n`);
    cx.steps.forEach((s, i) => io.out(`  ${i + 1}. ${s}\n`));
    io.out(`\nsaved to the corpus: ${corpusFile}\nreplay:\n  ${replay}\n`);
  } else {
    io.out('no divergence: every reply and every state agreed with the model, and every invariant held on the implementation\n');
  }
  io.out(`reports: ${c.out}/report.json, report.md, junit.xml\n`);
  return result.verdict === 'pass' ? EXIT.pass : result.verdict === 'fault' ? EXIT.fault : EXIT.fail;
}

/**
 * `blend-harness run [--profile documented|blend-v1|blend-v2] [--runs N] [--steps N] [--seed S]
 *  [--path P] [--snapshot FILE] [--out DIR]`
 * `blend-harness check --impl "<command>"|model [--profile P] [--runs N] [--steps N] [--seed S]
 *  [--path P] [--timeout-ms T] [--corpus DIR] [--out DIR]`
 * `blend-harness replay FILE` (a counterexample.json that `run` saved)
 *
 * Exit codes: 0 pass; 1 a property failed, or the implementation diverged from the model (the
 * shrunk steps, the replay command and a regression test are printed); 2 bad usage or input (one
 * line on stderr, nothing written); 3 an implementation fault (crash, timeout, not the protocol);
 * 130 / 143 interrupted by SIGINT / SIGTERM (the reports are written, marked incomplete).
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PROFILE_NAMES, getProfile, type Profile } from '../../spec/profiles.ts';
import { ReplayPathError, runSuiteAsync } from '../run.ts';
import { loadSnapshot, SnapshotError, type LoadedSnapshot } from '../snapshot/load.ts';
import { renderRegressionTest, writeReports } from '../report/write.ts';
import { runCheck } from '../check/check.ts';
import { ImplementationFault } from '../check/implementation.ts';
import { SubprocessImplementation } from '../check/subprocess.ts';
import { CorpusError, loadCorpus, saveToCorpus, worldToJson } from '../check/corpus.ts';
import { BundleError, bundleOf, loadBundle, replayBundle, saveBundle, sameFailure } from '../bundle.ts';
import { SIGNAL_EXIT, watchSignals } from '../interrupt.ts';

export const EXIT = { pass: 0, fail: 1, usage: 2, fault: 3, sigint: SIGNAL_EXIT.SIGINT, sigterm: SIGNAL_EXIT.SIGTERM } as const;

class UsageError extends Error {}

const RUN_USAGE = `blend-harness run [--profile ${PROFILE_NAMES.join('|')}] [--runs N] [--steps N] [--seed S] [--path P [--replay-path R]] [--snapshot FILE] [--out DIR]`;
const CHECK_USAGE = `blend-harness check --impl "<command>"|model [--profile ${PROFILE_NAMES.join('|')}] [--runs N] [--steps N] [--seed S] [--path P [--replay-path R]] [--timeout-ms T] [--corpus DIR] [--out DIR]`;
const REPLAY_USAGE = 'blend-harness replay FILE';
const USAGE = `usage: ${RUN_USAGE}\n       ${CHECK_USAGE}\n       ${REPLAY_USAGE}`;

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
    if (e instanceof UsageError || e instanceof SnapshotError || e instanceof CorpusError || e instanceof BundleError || e instanceof ReplayPathError) {
      io.err(`blend-harness: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

type Values = Record<string, string | undefined>;

function parse(cmd: string, rest: readonly string[], names: readonly string[]): Values {
  try {
    return parseArgs({ args: [...rest], options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), strict: true, allowPositionals: false }).values as Values;
  } catch (e) {
    const message = (e as Error).message;
    const unknown = /^Unknown option '[^']*'/.exec(message);
    if (unknown) throw new UsageError(`${unknown[0]} (${cmd} takes ${names.map((n) => `--${n}`).join(', ')})`);
    throw new UsageError(message.replace(/\s*\n\s*/g, ' '));
  }
}

/**
 * A directory the command will write into: it may not exist yet, but it must not be a file, nor lie
 * under one. Checked before anything runs, so bad input writes nothing.
 */
function outputDir(flag: string, dir: string): string {
  if (dir.trim() === '') throw new UsageError(`--${flag}: expected a directory, got ""`);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--${flag} ${dir}: exists and is not a directory`);
    return dir;
  }
  for (let up = dirname(resolve(dir)); ; up = dirname(up)) {
    if (existsSync(up)) {
      if (!statSync(up).isDirectory()) throw new UsageError(`--${flag} ${dir}: ${up} is a file, not a directory`);
      return dir;
    }
    if (dirname(up) === up) return dir;
  }
}

interface Common {
  profile: Profile;
  runs: number;
  steps: number;
  seed: number;
  path: string | undefined;
  replayPath: string | undefined;
  out: string;
}

function common(values: Values, dflt: { profile: string; runs: number; steps: number }): Common {
  const profileName = values.profile ?? dflt.profile;
  const profile = getProfile(profileName);
  if (profile === undefined) throw new UsageError(`--profile: expected one of ${PROFILE_NAMES.join(', ')}, got "${profileName}"`);
  const runs = int('runs', values.runs, dflt.runs, 1, 10_000_000);
  const steps = int('steps', values.steps, dflt.steps, 1, 100_000);
  const seed = int('seed', values.seed, Date.now() % 2_147_483_647, -2_147_483_648, 2_147_483_647);
  if (values.path !== undefined) {
    if (!/^\d+(:\d+)*$/.test(values.path)) throw new UsageError(`--path: expected a fast-check path like 12:3:0, got "${values.path}"`);
    // fast-check walks to the path's run by generating every run before it
    const first = Number(values.path.split(':')[0]);
    if (first >= runs) throw new UsageError(`--path ${values.path}: run ${first} is beyond --runs ${runs}; pass the --runs of the run that printed it`);
  }
  const replayPath = values['replay-path'];
  if (replayPath !== undefined) {
    if (values.path === undefined) throw new UsageError('--replay-path: only with --path (both are printed with a counterexample)');
    if (!/^[A-Za-z0-9+/]*:[A-Za-z0-9+/]*$/.test(replayPath)) throw new UsageError(`--replay-path: expected fast-check's replay path like AAB:gB, got "${replayPath}"`);
  }
  const out = outputDir('out', values.out ?? 'reports/latest');
  return { profile, runs, steps, seed, path: values.path, replayPath, out };
}

async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h') {
    io.out(`${USAGE}\n`);
    return cmd === undefined ? EXIT.usage : EXIT.pass;
  }
  if (cmd === 'run') return run(rest, io);
  if (cmd === 'check') return check(rest, io);
  if (cmd === 'replay') return replay(rest, io);
  throw new UsageError(`unknown command "${cmd}" (expected run, check or replay)`);
}

async function run(rest: readonly string[], io: CliIo): Promise<number> {
  const values = parse('run', rest, ['profile', 'runs', 'steps', 'seed', 'path', 'replay-path', 'snapshot', 'out']);
  const { profile, runs, steps, seed, path, replayPath, out } = common(values, { profile: values.snapshot !== undefined ? 'blend-v1' : 'documented', runs: 100, steps: 200 });
  let snapshot: LoadedSnapshot | undefined;
  if (values.snapshot !== undefined) {
    if (profile.name !== 'blend-v1') throw new UsageError(`--snapshot: the mainnet snapshot holds Blend v1; use --profile blend-v1, got "${profile.name}"`);
    snapshot = loadSnapshot(values.snapshot);
  }

  // from here on a signal stops the run after the current run, and the reports are still written
  const watch = watchSignals();
  try {
    io.out(`running profile ${profile.name}, seed ${seed}: ${path !== undefined ? `the case at path ${path}` : `${runs} runs`} of up to ${steps} steps (Ctrl-C stops early and still writes the reports)\n`);
    const result = await runSuiteAsync({ profile, runs, steps, seed, path, replayPath, snapshot, snapshotPath: values.snapshot, signal: watch.signal });
    return finishRun(result, { values, seed, runs, steps, out, snapshot }, io);
  } finally {
    watch.dispose();
  }
}

function finishRun(
  result: Awaited<ReturnType<typeof runSuiteAsync>>,
  { values, seed, runs, steps, out, snapshot }: { values: Values; seed: number; runs: number; steps: number; out: string; snapshot: LoadedSnapshot | undefined },
  io: CliIo,
): number {
  const bundleFile = join(out, 'counterexample.json');
  const replay = [
    'npx blend-harness run',
    `--profile ${result.profile}`,
    `--seed ${result.counterexample?.seed ?? seed}`,
    result.counterexample ? `--path ${result.counterexample.path}` : '',
    result.counterexample?.replayPath !== undefined ? `--replay-path ${result.counterexample.replayPath}` : '',
    `--runs ${runs}`,
    `--steps ${steps}`,
    values.snapshot !== undefined ? `--snapshot ${values.snapshot}` : '',
  ]
    .filter((x) => x !== '')
    .join(' ');
  const regressionTest = renderRegressionTest(result);
  writeReports(out, { result, replay, regressionTest, snapshot: snapshot?.summary });
  // the replayable bundle of a failure; a pass removes the one an earlier run left here
  if (result.counterexample) saveBundle(bundleFile, bundleOf(result));
  else rmSync(bundleFile, { force: true });

  const exercised = result.properties.filter((p) => p.status === 'passed').length;
  const idle = result.properties.filter((p) => p.status === 'not exercised');
  io.out(`profile ${result.profile}, seed ${seed}: ${result.totalSteps} steps in ${result.interrupted ? `${result.interrupted.runsCompleted} (of ${result.runs})` : result.runs} runs, ${Math.round(result.durationMs)} ms\n`);
  const na = result.properties.filter((p) => p.status === 'not applicable').length;
  io.out(`${exercised} properties held, ${idle.length} not exercised${idle.length ? ` (${idle.map((p) => p.id).join(', ')})` : ''}, ${na} not applicable to ${result.profile}\n`);
  if (result.counterexample) {
    const c = result.counterexample;
    io.out(`\nFAIL ${c.property}: ${c.message}\n\nshrunk to ${c.steps.length} steps:\n`);
    c.steps.forEach((s, i) => io.out(`  ${i + 1}. ${s}\n`));
    io.out(`\nsaved: ${bundleFile}\nreplay:\n  npx blend-harness replay ${bundleFile}\n  ${replay}\n\nregression test (vitest):\n${regressionTest ?? ''}\n`);
  }
  io.out(`reports: ${out}/report.json, report.md, junit.xml\n`);
  if (result.interrupted) {
    io.out(`INTERRUPTED by ${result.interrupted.signal} after ${result.interrupted.runsCompleted} of ${runs} runs: the reports are marked incomplete\n`);
    return SIGNAL_EXIT[result.interrupted.signal];
  }
  return result.verdict === 'pass' ? EXIT.pass : EXIT.fail;
}

async function check(rest: readonly string[], io: CliIo): Promise<number> {
  const values = parse('check', rest, ['impl', 'profile', 'runs', 'steps', 'seed', 'path', 'replay-path', 'timeout-ms', 'corpus', 'out']);
  const c = common(values, { profile: 'documented', runs: 100, steps: 50 });
  if (values.impl === undefined || values.impl.trim() === '') throw new UsageError(`--impl: expected a command that speaks the check protocol (or "model"). ${CHECK_USAGE}`);
  const timeoutMs = int('timeout-ms', values['timeout-ms'], 10_000, 1, 3_600_000);
  const corpusDir = outputDir('corpus', values.corpus ?? 'corpus');
  const corpus = loadCorpus(corpusDir, c.profile.name);
  const command = values.impl === 'model' ? MODEL_IMPL_COMMAND : values.impl;

  // from here on a signal kills the implementation, stops the check, and the reports are still written
  const watch = watchSignals();
  try {
    const impl = new SubprocessImplementation({ command, timeoutMs, exitOnSignal: false });
    let result;
    try {
      io.out(`checking against profile ${c.profile.name}, seed ${c.seed}: ${c.path !== undefined ? `the case at path ${c.path}` : `${c.runs} runs`} of up to ${c.steps} steps (Ctrl-C stops early and still writes the reports)\n`);
      result = await runCheck({ profile: c.profile, runs: c.runs, steps: c.steps, seed: c.seed, path: c.path, replayPath: c.replayPath, impl, corpus, signal: watch.signal });
    } catch (e) {
      await impl.close();
      if (!(e instanceof ImplementationFault)) throw e;
      // a fault during the handshake: nothing was checked
      io.err(`blend-harness: implementation fault (${e.kind}): ${e.message}\n`);
      return EXIT.fault;
    }
    await impl.close();
    return finishCheck(result, { values, c, corpusDir }, io);
  } finally {
    watch.dispose();
  }
}

function finishCheck(result: Awaited<ReturnType<typeof runCheck>>, { values, c, corpusDir }: { values: Values; c: Common; corpusDir: string }, io: CliIo): number {
  const impl = values.impl!;

  const implArg = impl.includes(' ') ? `"${impl.replace(/"/g, '\\"')}"` : impl;
  const cx = result.counterexample;
  const replay = [
    `npx blend-harness check --impl ${implArg}`,
    `--profile ${result.profile}`,
    `--seed ${cx?.seed || c.seed}`,
    cx?.path ? `--path ${cx.path}` : '',
    cx?.path && cx.replayPath !== undefined ? `--replay-path ${cx.replayPath}` : '',
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
  if (result.interrupted) {
    io.out(`INTERRUPTED by ${result.interrupted.signal} after ${result.interrupted.runsCompleted} of ${c.runs} runs: the reports are marked incomplete\n`);
    return SIGNAL_EXIT[result.interrupted.signal];
  }
  return result.verdict === 'pass' ? EXIT.pass : result.verdict === 'fault' ? EXIT.fault : EXIT.fail;
}

/** `replay FILE`: the bundle's steps on a fresh world, every property it lists checked after every step. */
function replay(rest: readonly string[], io: CliIo): number {
  let files: string[];
  try {
    files = parseArgs({ args: [...rest], options: {}, strict: true, allowPositionals: true }).positionals;
  } catch (e) {
    throw new UsageError(`replay: ${(/^[^.]*'[^']*'|^[^.]*/.exec((e as Error).message) ?? [''])[0]} (usage: ${REPLAY_USAGE})`);
  }
  if (files.length !== 1) throw new UsageError(`replay: expected one counterexample.json file, got ${files.length} (usage: ${REPLAY_USAGE})`);
  const b = loadBundle(files[0]!);
  const got = replayBundle(b);
  const want = b.json.failure;
  io.out(`replay ${b.file}: profile ${b.profile.name}, ${b.actions.length} steps (found with seed ${b.json.seed}, path ${b.json.path || '-'})\n`);
  b.json.steps.forEach((s, i) => io.out(`  ${i + 1}. ${s}\n`));
  if (got === undefined) {
    io.out(`\nno failure: every step keeps every property (recorded: ${want.property} at step ${want.step + 1})\n`);
    return EXIT.pass;
  }
  io.out(`\nFAIL ${got.property} at step ${got.step + 1}: ${got.message}\n`);
  io.out(sameFailure(got, want) ? 'the recorded failure, reproduced\n' : `differs from the recorded failure: ${want.property} at step ${want.step + 1}: ${want.message}\n`);
  return EXIT.fail;
}

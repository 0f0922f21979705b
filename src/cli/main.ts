/**
 * `blend-harness run [--profile documented|blend-v1|blend-v2] [--runs N] [--steps N] [--seed S]
 *  [--path P] [--snapshot FILE] [--out DIR]`
 * `blend-harness check --impl "<command>"|model|soroban [--profile P] [--runs N] [--steps N] [--seed S]
 *  [--path P] [--timeout-ms T] [--corpus DIR] [--out DIR]`
 *  (`soroban`: the Soroban driver, built with cargo when needed, src/check/soroban.ts; under
 *  `--profile documented` an implementation that claims a contracts profile is checked for the
 *  recorded differences from the documents first, src/check/documents.ts)
 * `blend-harness replay FILE` (a counterexample.json that `run` saved)
 * `blend-harness merge DIR...` (the reports of `run --shard k/n`, merged into one)
 * Both suite commands also take `--run-profile pr|nightly|soak`, `--time-budget SECONDS`,
 * `--min-exercise N` and `--shard K/N`.
 *
 * Exit codes (docs/exit-codes.md): 0 pass; 1 a property failed, or the implementation diverged
 * from the model (the shrunk steps, the replay command and a regression test are printed); 2 bad
 * usage or input, a flag given twice included (one line on stderr, nothing written); 3 a fault: an
 * implementation fault (crash, timeout, not the protocol, a contradictory handshake) or an error
 * the harness does not understand, or a run that did not complete its runs; 4 insufficient: nothing
 * failed but the minimum-exercise rule was not met (by default every applicable property must be
 * checked at least once; a run profile or --min-exercise asks more); 129 / 130 / 143 interrupted by
 * SIGHUP / SIGINT / SIGTERM (the reports are written, marked incomplete).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROFILE_NAMES, getProfile, type Profile } from '../../spec/profiles.ts';
import { ReplayPathError, runSuiteAsync } from '../run.ts';
import { loadSnapshot, SnapshotError, type LoadedSnapshot } from '../world/snapshot/load.ts';
import { renderRegressionTest, writeReports } from '../report/write.ts';
import { runCheck } from '../check/check.ts';
import { ImplementationFault } from '../check/implementation.ts';
import { SubprocessImplementation } from '../check/subprocess.ts';
import { ensureSorobanDriver, shellQuote, SOROBAN_IMPL, SorobanBuildError } from '../check/soroban.ts';
import { CorpusError, loadCorpus, saveToCorpus, worldToJson } from '../check/corpus.ts';
import { scenarioCommand, snapshotCheckOf } from '../check/scenario.ts';
import { isCorpusEntry, readCorpusFile, replayCorpusEntry } from '../check/replay-corpus.ts';
import { BundleError, bundleOf, loadBundle, saveBundle, sameFailure } from '../bundle.ts';
import { SIGNAL_EXIT, watchSignals } from '../interrupt.ts';
import { checkOutputDir, OutputDirError, readInputFile } from '../io/files.ts';
import { RUN_PRESETS, RUN_PRESET_NAMES, type RunPreset } from './presets.ts';
import { createProgress } from './progress.ts';
import { DEFAULT_EXERCISE_RULE, describeShortfall, judge, notExercised, type ExerciseRule } from '../exercise.ts';
import { describeError } from '../verdict.ts';
import { replayCounted, replayVerdict } from '../replay.ts';
import { MergeInputError, mergeReports } from '../report/merge.ts';
import { removeCounterexampleTests, writeCounterexampleTests } from '../report/export.ts';
import type { RunResult, Shard, Verdict } from '../run.ts';

/** The exit codes (docs/exit-codes.md); `underExercised` and `insufficient` are the same code, 4. */
export const EXIT = { pass: 0, fail: 1, usage: 2, fault: 3, underExercised: 4, insufficient: 4, sigint: SIGNAL_EXIT.SIGINT, sigterm: SIGNAL_EXIT.SIGTERM } as const;

class UsageError extends Error {}

const SUITE_FLAGS = `[--run-profile ${RUN_PRESET_NAMES.join('|')}] [--runs N] [--steps N] [--seed S] [--path P [--replay-path R]] [--time-budget SECONDS] [--min-exercise N] [--shard K/N]`;
const RUN_USAGE = `blend-harness run [--profile ${PROFILE_NAMES.join('|')}] ${SUITE_FLAGS} [--snapshot FILE] [--out DIR]`;
const CHECK_USAGE = `blend-harness check --impl "<command>"|model|soroban [--profile ${PROFILE_NAMES.join('|')}] ${SUITE_FLAGS.replace(' [--shard K/N]', '')} [--timeout-ms T] [--init-timeout-ms T] [--corpus DIR] [--out DIR]`;
const REPLAY_USAGE = 'blend-harness replay FILE [--impl "<command>"|model|soroban [--timeout-ms T]]';
const MERGE_USAGE = 'blend-harness merge DIR... [--out DIR] [--min-exercise N]';
const USAGE = `usage: ${RUN_USAGE}\n       ${CHECK_USAGE}\n       ${REPLAY_USAGE}\n       ${MERGE_USAGE}`;
/** The flags every suite command (run, check) takes besides its own. */
const SUITE_FLAG_NAMES = ['profile', 'run-profile', 'runs', 'steps', 'seed', 'path', 'replay-path', 'time-budget', 'min-exercise', 'shard', 'out'] as const;

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

/**
 * The CLI: runs the command `argv` names and returns its exit code (docs/exit-codes.md). Bad usage
 * or input is one line on `io.err` and 2; any error the harness does not understand is one line and
 * 3 (a fault), never a stack trace and never a pass.
 */
export async function main(argv: readonly string[], io: CliIo = STDIO): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof SnapshotError || e instanceof CorpusError || e instanceof BundleError || e instanceof ReplayPathError || e instanceof MergeInputError) {
      io.err(`blend-harness: ${e.message}\n`);
      return EXIT.usage;
    }
    // anything else is an error the harness does not understand: a fault, one line, never a pass
    io.err(`blend-harness: harness fault: ${describeError(e)}\n`);
    return EXIT.fault;
  }
}

/** The exit code of each verdict (docs/exit-codes.md). */
export const VERDICT_EXIT: Readonly<Record<Verdict, number>> = { pass: EXIT.pass, fail: EXIT.fail, fault: EXIT.fault, insufficient: EXIT.underExercised };

type Values = Record<string, string | undefined>;

/**
 * Each flag's one value. A flag given twice is bad usage (one line naming it): silently taking the
 * last value would run something else than the command line seems to ask for.
 */
function once(values: Record<string, string[] | undefined>): Values {
  const out: Values = {};
  for (const [name, v] of Object.entries(values)) {
    if (v === undefined) continue;
    if (v.length > 1) throw new UsageError(`--${name}: given ${v.length} times (${v.map((x) => JSON.stringify(x)).join(', ')}); give it once`);
    out[name] = v[0];
  }
  return out;
}

function parse(cmd: string, rest: readonly string[], names: readonly string[]): Values {
  try {
    return once(parseArgs({ args: [...rest], options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const, multiple: true as const }])), strict: true, allowPositionals: false }).values as Record<string, string[] | undefined>);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const message = (e as Error).message;
    const unknown = /^Unknown option '[^']*'/.exec(message);
    if (unknown) throw new UsageError(`${unknown[0]} (${cmd} takes ${names.map((n) => `--${n}`).join(', ')})`);
    throw new UsageError(message.replace(/\s*\n\s*/g, ' '));
  }
}

/**
 * A directory the command will write into (`--out`, `--corpus`), checked before anything runs:
 * created where missing and probed with a temporary file, then left as it was (src/io/files.ts
 * `checkOutputDir`); /proc, /sys, /dev, a file, or a path under a file are refused (exit 2).
 */
function outputDir(flag: string, dir: string): string {
  try {
    return checkOutputDir(flag, dir);
  } catch (e) {
    if (e instanceof OutputDirError) throw new UsageError(e.message);
    throw e;
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
  /** `--run-profile`: the named settings the others default to. */
  preset: RunPreset | undefined;
  /** `--time-budget` (seconds), from the run profile unless given. */
  budgetSeconds: number | undefined;
  /** The minimum-exercise rule: `--min-exercise N` (all three counts N), the run profile's, else the default. */
  minExercise: ExerciseRule;
  /** Where the rule comes from, for the terminal. */
  ruleSource: string;
  shard: Shard | undefined;
}

/**
 * `--min-exercise N`: every action, rejection path and property at least N times. N >= 1: a
 * property checked 0 times was not exercised, and not exercised is never passed.
 */
function exerciseRuleOf(v: string): ExerciseRule {
  const n = int('min-exercise', v, 1, 1, 1_000_000_000);
  return { accepted: n, rejected: n, checks: n };
}

/** The progress line of a suite command: its total is the cases of its shard. */
function progressOf(c: Common): ReturnType<typeof createProgress> {
  const total = c.shard ? Math.ceil((c.runs - c.shard.index + 1) / c.shard.count) : c.runs;
  return createProgress({ total, budgetSeconds: c.budgetSeconds, stream: process.stderr });
}

/** `--shard k/n`: 1 <= k <= n <= 10,000. */
function shardOf(v: string | undefined): Shard | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(v);
  if (m === null) throw new UsageError(`--shard: expected K/N like 2/4, got "${v}"`);
  const [index, count] = [Number(m[1]), Number(m[2])];
  if (count < 1 || count > 10_000 || index < 1 || index > count) throw new UsageError(`--shard ${v}: expected 1 <= K <= N <= 10000`);
  return { index, count };
}

function common(values: Values, dflt: { profile: string; runs: number; steps: number }): Common {
  const profileName = values.profile ?? dflt.profile;
  const profile = getProfile(profileName);
  if (profile === undefined) throw new UsageError(`--profile: expected one of ${PROFILE_NAMES.join(', ')}, got "${profileName}"`);
  const presetName = values['run-profile'];
  const preset = presetName === undefined ? undefined : (RUN_PRESETS as Record<string, RunPreset>)[presetName];
  if (presetName !== undefined && preset === undefined) throw new UsageError(`--run-profile: expected one of ${RUN_PRESET_NAMES.join(', ')}, got "${presetName}"`);
  const runs = int('runs', values.runs, preset?.runs ?? dflt.runs, 1, 10_000_000);
  const steps = int('steps', values.steps, preset?.steps ?? dflt.steps, 1, 100_000);
  const budget = values['time-budget'];
  const budgetSeconds = budget === undefined ? preset?.timeBudget : int('time-budget', budget, 0, 1, 31 * 24 * 3600);
  const min = values['min-exercise'];
  const minExercise = min !== undefined ? exerciseRuleOf(min) : (preset?.minExercise ?? DEFAULT_EXERCISE_RULE);
  const ruleSource = min !== undefined ? `--min-exercise ${min}` : preset !== undefined ? `run profile ${preset.name}` : 'the default rule: every applicable property checked at least once';
  const shard = shardOf(values.shard);
  if (shard !== undefined && values.path !== undefined) throw new UsageError('--shard: not with --path (a path replays one case of the whole run)');
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
  return { profile, runs, steps, seed, path: values.path, replayPath, out, preset, budgetSeconds, minExercise, ruleSource, shard };
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
  if (cmd === 'merge') return merge(rest, io);
  throw new UsageError(`unknown command "${cmd}" (expected run, check, replay or merge)`);
}

async function run(rest: readonly string[], io: CliIo): Promise<number> {
  const values = parse('run', rest, [...SUITE_FLAG_NAMES, 'snapshot']);
  const c = common(values, { profile: values.snapshot !== undefined ? 'blend-v1' : 'documented', runs: 100, steps: 200 });
  const { profile, runs, steps, seed, path, replayPath, out } = c;
  let snapshot: LoadedSnapshot | undefined;
  if (values.snapshot !== undefined) {
    if (profile.name !== 'blend-v1') throw new UsageError(`--snapshot: the mainnet snapshot holds Blend v1; use --profile blend-v1, got "${profile.name}"`);
    snapshot = loadSnapshot(values.snapshot);
  }

  // from here on a signal stops the run after the current run, and the reports are still written
  const watch = watchSignals();
  try {
    io.out(`running profile ${profile.name}, seed ${seed}: ${path !== undefined ? `the case at path ${path}` : `${runs} runs`} of up to ${steps} steps${describeSettings(c)} (Ctrl-C stops early and still writes the reports)\n`);
    const progress = progressOf(c);
    const result = await runSuiteAsync({
      profile, runs, steps, seed, path, replayPath, snapshot, snapshotPath: values.snapshot, signal: watch.signal,
      shard: c.shard, ...budgetOf(c), onCase: (done, n) => progress.onCase(done, n),
    });
    progress.done();
    return finishRun(withExercise(result, c), { values, seed, runs, steps, out, snapshot, c }, io);
  } finally {
    watch.dispose();
  }
}

function finishRun(
  result: Awaited<ReturnType<typeof runSuiteAsync>>,
  { values, seed, runs, steps, out, snapshot, c }: { values: Values; seed: number; runs: number; steps: number; out: string; snapshot: LoadedSnapshot | undefined; c: Common },
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
  // the reports name the saved bundle first, the long form (seed and path) second
  writeReports(out, { result, replay: result.counterexample ? `npx blend-harness replay ${bundleFile}\n${replay}` : replay, regressionTest, snapshot: snapshot?.summary });
  const exports = result.counterexample ? writeCounterexampleTests(out, result, regressionTest) : removeCounterexampleTests(out);
  // the replayable bundle of a failure; a pass removes the one an earlier run left here
  if (result.counterexample) saveBundle(bundleFile, bundleOf(result));
  else rmSync(bundleFile, { force: true });

  const exercised = result.properties.filter((p) => p.status === 'passed').length;
  const idle = result.properties.filter((p) => p.status === 'not exercised');
  io.out(`profile ${result.profile}, seed ${seed}: ${result.totalSteps} steps in ${runsLine(result)}, ${Math.round(result.durationMs)} ms\n`);
  const na = result.properties.filter((p) => p.status === 'not applicable').length;
  io.out(`${exercised} properties held, ${idle.length} not exercised${idle.length ? ` (${idle.map((p) => p.id).join(', ')})` : ''}, ${na} not applicable to ${result.profile}\n`);
  if (result.fault) io.out(`\nFAULT (${result.fault.kind}): ${result.fault.message}\n`);
  if (result.counterexample) {
    const c = result.counterexample;
    if (result.fault) io.out(`\nshrunk to ${c.steps.length} steps that raise it:\n`);
    else io.out(`\nFAIL ${c.property}: ${c.message}\n\nshrunk to ${c.steps.length} steps:\n`);
    c.steps.forEach((s, i) => io.out(`  ${i + 1}. ${s}\n`));
    io.out(`\nsaved: ${bundleFile}\nreplay:\n  npx blend-harness replay ${bundleFile}\n  ${replay}\n\nregression test (vitest):\n${regressionTest ?? ''}\n`);
    io.out(`exported as tests: ${exports.join(', ')}\n`);
  }
  io.out(`reports: ${out}/report.json, report.md, junit.xml, report.html\n`);
  return verdictExit(result, runs, c.ruleSource, io);
}

/**
 * `X of N runs` (a shard: the cases of its shard that ran, of the whole run's N): what ran, not
 * what was asked for.
 */
function runsLine(result: RunResult): string {
  const done = result.interrupted?.runsCompleted ?? result.budget?.runsCompleted ?? result.runsCompleted ?? 0;
  return `${done} of ${result.runs} runs${result.shard ? ` (shard ${result.shard.index}/${result.shard.count})` : ''}`;
}

/** What the settings add to the start line: the run profile, the budget, the shard. */
function describeSettings(c: Common): string {
  const parts = [c.preset ? `run profile ${c.preset.name}` : '', c.budgetSeconds !== undefined ? `time budget ${c.budgetSeconds} s` : '', c.shard ? `shard ${c.shard.index}/${c.shard.count}` : ''].filter((x) => x !== '');
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** The deadline of `--time-budget`, counted from now. */
function budgetOf(c: Common): { deadline?: number; budgetSeconds?: number } {
  return c.budgetSeconds === undefined ? {} : { deadline: performance.now() + c.budgetSeconds * 1000, budgetSeconds: c.budgetSeconds };
}

/** The result judged by the minimum-exercise rule (src/exercise.ts `judge`), for the reports and the exit code. */
function withExercise<R extends RunResult>(result: R, c: Common, skipped: readonly string[] = []): R {
  return judge(result, c.profile, c.minExercise, skipped);
}

/**
 * The exit code after the summary: an interruption (129/130/143) first, then the verdict: fail 1,
 * fault 3, insufficient 4 (with what fell short of the rule), pass 0. Prints what the budget and
 * the rule left out.
 */
function verdictExit(result: RunResult, runs: number, ruleSource: string, io: CliIo): number {
  if (result.budget) io.out(`time budget of ${result.budget.seconds} s reached: ${result.budget.runsCompleted} of ${runs} runs ran\n`);
  if (result.interrupted) {
    io.out(`INTERRUPTED by ${result.interrupted.signal} after ${result.interrupted.runsCompleted} of ${runs} runs: the reports are marked incomplete\n`);
    return SIGNAL_EXIT[result.interrupted.signal];
  }
  if (result.verdict === 'insufficient') {
    const short = result.exercise?.shortfalls ?? [];
    io.out(`\nINSUFFICIENT (not a pass): ${short.length} path${short.length === 1 ? '' : 's'} below the minimum-exercise rule (${ruleSource}):\n`);
    for (const s of short) io.out(`  ${describeShortfall(s)}\n`);
  }
  return VERDICT_EXIT[result.verdict];
}

async function check(rest: readonly string[], io: CliIo): Promise<number> {
  const values = parse('check', rest, ['impl', ...SUITE_FLAG_NAMES, 'timeout-ms', 'init-timeout-ms', 'corpus', 'snapshot', 'scenario']);
  const c = common(values, { profile: values.snapshot !== undefined ? 'blend-v1' : 'documented', runs: 100, steps: 50 });
  // check runs every case of its seed: a shard would silently run them all and call itself one part
  if (c.shard !== undefined) throw new UsageError('--shard: run only (check runs every case of its seed; shard run, then merge)');
  // --snapshot FILE [--scenario migration]: from a ledger snapshot, both sides (src/check/scenario.ts)
  const snapshot = snapshotCheckOf(values.snapshot, values.scenario, c.profile.name);
  if (values.impl === undefined || values.impl.trim() === '') throw new UsageError(`--impl: expected a command that speaks the check protocol (or "model", or "soroban"). ${CHECK_USAGE}`);
  const timeoutMs = int('timeout-ms', values['timeout-ms'], 10_000, 1, 3_600_000);
  // the handshake's and each init's reply (docs/protocol.md "Timeouts"); by default --timeout-ms
  const initTimeoutMs = int('init-timeout-ms', values['init-timeout-ms'], timeoutMs, 1, 3_600_000);
  // the corpus lives under the output directory unless --corpus names one (not in the working directory)
  const corpusDir = outputDir('corpus', values.corpus ?? join(c.out, 'corpus'));
  const corpus = snapshot !== undefined ? [] : loadCorpus(corpusDir, c.profile.name);
  // the corpus of each profile: under `documented`, an implementation of the contracts is checked in
  // lockstep under the profile it claims (src/check/documents.ts), and replays that profile's corpus
  const corpusFor = (name: string) => (name === c.profile.name ? corpus : loadCorpus(corpusDir, name));
  let command = values.impl === 'model' ? MODEL_IMPL_COMMAND : values.impl;
  if (values.impl === SOROBAN_IMPL) {
    // the named implementation: build the driver when needed (a no-op build takes ~0.3 s), then run it
    try {
      command = shellQuote(await ensureSorobanDriver({ notice: (line) => io.err(`${line}\n`) }));
    } catch (e) {
      if (!(e instanceof SorobanBuildError)) throw e;
      // cannot start the implementation: a fault, as for an --impl command that cannot start
      if (e.output.trim() !== '') io.err(e.output.endsWith('\n') ? e.output : `${e.output}\n`);
      io.err(`blend-harness: ${e.message}\n`);
      return EXIT.fault;
    }
  }

  if (snapshot?.scenario !== undefined) return scenarioCommand({ command, timeoutMs, initTimeoutMs, check: snapshot, out: c.out }, io);

  // from here on a signal kills the implementation, stops the check, and the reports are still written
  const watch = watchSignals();
  try {
    const impl = new SubprocessImplementation({ command, timeoutMs, initTimeoutMs, exitOnSignal: false });
    let result;
    try {
      io.out(`checking against profile ${c.profile.name}, seed ${c.seed}: ${c.path !== undefined ? `the case at path ${c.path}` : `${c.runs} runs`} of up to ${c.steps} steps${describeSettings(c)} (Ctrl-C stops early and still writes the reports)\n`);
      const progress = progressOf(c);
      result = await runCheck({
        profile: c.profile, runs: c.runs, steps: c.steps, seed: c.seed, path: c.path, replayPath: c.replayPath, impl, corpus, corpusFor, signal: watch.signal,
        shard: c.shard, ...budgetOf(c), onCase: (done, n) => progress.onCase(done, n), world: snapshot?.world,
      });
      progress.done();
      // under `documented` against an implementation of the contracts, the lockstep part ran under the profile it claims
      result = withExercise(result, { ...c, profile: getProfile(result.profile) ?? c.profile }, result.skippedActions);
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
    values.snapshot !== undefined ? `--snapshot ${values.snapshot}` : `--corpus ${corpusDir}`,
  ]
    .filter((x) => x !== '')
    .join(' ');
  let corpusFile = result.corpus.failedFile;
  if (cx && result.verdict === 'fail' && corpusFile === undefined && values.snapshot === undefined) {
    corpusFile = saveToCorpus(corpusDir, { profile: result.profile, seed: cx.seed, path: cx.path, world: worldToJson(result.world as never), found: { implementation: `${result.implementation.name} ${result.implementation.version}`, finding: cx.message }, steps: cx.steps }, cx.actions);
  }
  // the saved sequence replayed against the implementation first, the long form (seed and path) second
  const replayLines = corpusFile !== undefined ? `npx blend-harness replay ${corpusFile} --impl ${implArg}\n${replay}` : replay;
  writeReports(c.out, { result, replay: replayLines, regressionTest: undefined, corpusFile });

  io.out(`check ${result.implementation.name} ${result.implementation.version} (claims ${result.implementation.profile}) against profile ${result.profile}, seed ${c.seed}: ${result.totalSteps} steps in lockstep in ${runsLine(result)}, ${Math.round(result.durationMs)} ms\n`);
  if (result.corpus.replayed > 0) io.out(`replayed ${result.corpus.replayed} corpus sequence(s) from ${corpusDir} first\n`);
  if (result.skippedActions.length > 0) io.out(`not generated (not supported by the implementation): ${result.skippedActions.join(', ')}\n`);
  const docs = result.documents;
  if (docs) {
    io.out(`\nthe implementation claims ${docs.implementationProfile}: ${docs.confirmed} of ${docs.differences.length} recorded differences from the documents confirmed on it (each witness replayed), then the lockstep part under ${docs.implementationProfile}:\n`);
    for (const d of docs.differences) io.out(`  ${d.status === 'confirmed' ? 'confirmed' : d.status.toUpperCase()} ${d.id} (${d.rule}): documents ${d.documents}, contracts ${d.contracts}, implementation ${d.implementation} (${d.steps.length} step${d.steps.length === 1 ? '' : 's'})\n`);
    io.out('\n');
  }
  if (result.fault) {
    io.out(`\nFAULT (${result.fault.kind}): ${result.fault.message}\n`);
  } else if (cx) {
    io.out(`\nDIVERGENCE ${cx.property}: ${cx.message}\n\nshrunk to ${cx.steps.length} steps:\n`);
    cx.steps.forEach((s, i) => io.out(`  ${i + 1}. ${s}\n`));
    io.out(`\nsaved to the corpus: ${corpusFile ?? "(not saved: a snapshot run)"}\nreplay:\n${replayLines.split('\n').map((l) => `  ${l}\n`).join('')}`);
  } else if (result.verdict === 'pass') {
    io.out(`no divergence${docs ? ` in the lockstep part (${result.profile})` : ''}: every reply and every state agreed with the model, and every invariant held on the implementation\n`);
  } else if (result.verdict === 'insufficient') {
    const idle = notExercised(result);
    io.out(`no divergence in what ran${docs ? ` in the lockstep part (${result.profile})` : ''}: every reply and every state agreed with the model, and no invariant failed on the implementation; but not everything was exercised${idle.length > 0 ? `: ${idle.length} applicable propert${idle.length === 1 ? 'y' : 'ies'} never checked (${idle.join(', ')})` : ''}\n`);
  }
  if (docs && docs.confirmed < docs.differences.length) io.out(`\nFAIL: ${docs.differences.length - docs.confirmed} recorded difference(s) from the documents not confirmed on the implementation (spec/divergences.ts is stale for it, or it is not the contracts it claims)\n`);
  io.out(`reports: ${c.out}/report.json, report.md, junit.xml, report.html\n`);
  return verdictExit(result, c.runs, c.ruleSource, io);
}

/** Whether FILE is a corpus entry (`check`'s saved sequence) rather than `run`'s counterexample.json. */
function corpusFileOf(file: string): boolean {
  try {
    // read as any input (a regular file within its limit): a FIFO or a device is never read here
    return isCorpusEntry(JSON.parse(readInputFile(file, 'corpus')));
  } catch {
    // not a corpus entry (or unreadable): loadBundle reads it as a bundle and says what is wrong
    return false;
  }
}

/** `replay CORPUS_FILE --impl CMD`: the saved sequence in lockstep against the implementation. Exit 0 no divergence, 1 a divergence, 3 a fault. */
async function replayCorpus(file: string, values: Values, io: CliIo): Promise<number> {
  if (values.impl === undefined || values.impl.trim() === '') throw new UsageError(`replay ${file}: a corpus file replays against an implementation: add --impl "<command>" (or model, or soroban) (usage: ${REPLAY_USAGE})`);
  const timeoutMs = int('timeout-ms', values['timeout-ms'], 10_000, 1, 3_600_000);
  const { entry, actions } = readCorpusFile(file);
  let command = values.impl === 'model' ? MODEL_IMPL_COMMAND : values.impl;
  if (values.impl === SOROBAN_IMPL) {
    try {
      command = shellQuote(await ensureSorobanDriver({ notice: (line) => io.err(`${line}\n`) }));
    } catch (e) {
      if (!(e instanceof SorobanBuildError)) throw e;
      io.err(`blend-harness: ${e.message}\n`);
      return EXIT.fault;
    }
  }
  io.out(`replay ${file} against ${values.impl}: profile ${entry.profile}, ${actions.length} steps (found in ${entry.found.implementation}: ${entry.found.finding})\n`);
  entry.steps.forEach((s, i) => io.out(`  ${i + 1}. ${s}\n`));
  const impl = new SubprocessImplementation({ command, timeoutMs });
  try {
    const got = await replayCorpusEntry(entry, actions, impl);
    if (got.kind === 'pass') {
      io.out(`\nno divergence: every reply, invariant and state field agreed with the model at each of the ${got.steps} steps\n`);
      return EXIT.pass;
    }
    io.out(got.kind === 'divergence' ? `\nDIVERGENCE: ${got.message}\n` : `\nthe reference model itself violates ${got.property} at step ${got.step + 1}: ${got.message}\n`);
    return EXIT.fail;
  } catch (e) {
    if (!(e instanceof ImplementationFault)) throw e;
    io.out(`\nFAULT (${e.kind}): ${e.message}\n`);
    return EXIT.fault;
  } finally {
    await impl.close();
  }
}

/** `merge DIR... [--out DIR] [--min-exercise N]`: the shard reports of one run merged into one report. */
function merge(rest: readonly string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: { out: { type: 'string', multiple: true }, 'min-exercise': { type: 'string', multiple: true } }, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`merge: ${(/^[^.]*'[^']*'|^[^.]*/.exec((e as Error).message) ?? [''])[0]} (usage: ${MERGE_USAGE})`);
  }
  const values = once(parsed.values);
  const dirs = parsed.positionals;
  if (dirs.length === 0) throw new UsageError(`merge: expected the report directories of the shards (usage: ${MERGE_USAGE})`);
  const out = outputDir('out', values.out ?? 'reports/merged');
  const min = values['min-exercise'];
  const rule = min === undefined ? DEFAULT_EXERCISE_RULE : exerciseRuleOf(min);
  const merged = mergeReports(dirs);
  const profile = getProfile(merged.profile)!;
  // the merged counts judged by one run's rule: shards that each fell short may together meet it
  const result = judge(merged, profile, rule);
  writeReports(out, { result, replay: merged.counterexample ? `npx blend-harness run --profile ${merged.profile} --seed ${merged.seed} --path ${merged.counterexample.path}${merged.counterexample.replayPath !== undefined ? ` --replay-path ${merged.counterexample.replayPath}` : ''} --runs ${merged.runs} --steps ${merged.steps}` : '', regressionTest: renderRegressionTest(merged) });
  io.out(`merged ${merged.merged.count} shards of profile ${merged.profile}, seed ${merged.seed}: ${merged.totalSteps} steps in ${merged.runsCompleted ?? 0} of ${merged.runs} runs\n`);
  const failed = merged.properties.filter((p) => p.status === 'failed').map((p) => p.id);
  if (result.verdict === 'fault') io.out('FAULT: a shard did not complete its runs or raised an error the harness does not understand (see the shards\' report.json `fault`)\n');
  if (merged.counterexample) io.out(`FAIL ${merged.counterexample.property}: ${merged.counterexample.message}\n`);
  else if (result.verdict === 'pass') io.out('every property held in every shard, and every applicable property was exercised\n');
  else if (result.verdict === 'insufficient' && failed.length === 0) {
    const idle = notExercised(result);
    io.out(`no property failed in any shard, but not everything was exercised${idle.length > 0 ? `: ${idle.length} applicable propert${idle.length === 1 ? 'y' : 'ies'} never checked in any shard (${idle.join(', ')})` : ''}\n`);
  }
  io.out(`reports: ${out}/report.json, report.md, junit.xml, report.html\n`);
  return verdictExit(result, merged.runs, min === undefined ? 'the default rule: every applicable property checked at least once' : `--min-exercise ${min}`, io);
}

/**
 * `replay FILE`: the bundle's steps on a fresh world, every property it lists checked after every
 * step; or, for a corpus file that `check` saved, `replay FILE --impl CMD`: its steps in lockstep
 * against the implementation (src/check/replay-corpus.ts).
 */
async function replay(rest: readonly string[], io: CliIo): Promise<number> {
  let files: string[];
  let values: Values;
  try {
    const parsed = parseArgs({ args: [...rest], options: { impl: { type: 'string', multiple: true }, 'timeout-ms': { type: 'string', multiple: true } }, strict: true, allowPositionals: true });
    files = parsed.positionals;
    values = once(parsed.values);
  } catch (e) {
    throw new UsageError(`replay: ${(/^[^.]*'[^']*'|^[^.]*/.exec((e as Error).message) ?? [''])[0]} (usage: ${REPLAY_USAGE})`);
  }
  if (files.length !== 1) throw new UsageError(`replay: expected one counterexample.json file, got ${files.length} (or one corpus file with --impl; usage: ${REPLAY_USAGE})`);
  if (values.impl !== undefined || corpusFileOf(files[0]!)) return replayCorpus(files[0]!, values, io);
  const b = loadBundle(files[0]!);
  const replayed = replayCounted(b);
  const got = replayed.failure;
  const want = b.json.failure;
  const { verdict, why } = replayVerdict(b, replayed);
  io.out(`replay ${b.file}: profile ${b.profile.name}, ${b.actions.length} steps (found with seed ${b.json.seed}, path ${b.json.path || '-'}), ${b.properties.length} properties checked after each\n`);
  b.json.steps.forEach((s, i) => io.out(`  ${i + 1}. ${s}\n`));
  if (got === undefined) {
    if (verdict === 'insufficient') io.out(`\nINSUFFICIENT (not a pass): no failure, but ${why} (recorded: ${want.property} at step ${want.step + 1})\n`);
    else io.out(`\nno failure: every step keeps every property (recorded: ${want.property} at step ${want.step + 1})\n`);
    return VERDICT_EXIT[verdict];
  }
  if (verdict === 'fault') io.out(`\nFAULT (harness): step ${got.step + 1} raised an error the harness does not understand: ${describeError(replayed.error)}\n`);
  else io.out(`\nFAIL ${got.property} at step ${got.step + 1}: ${got.message}\n`);
  io.out(sameFailure(got, want) ? 'the recorded failure, reproduced\n' : `differs from the recorded failure: ${want.property} at step ${want.step + 1}: ${want.message}\n`);
  return VERDICT_EXIT[verdict];
}

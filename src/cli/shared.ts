/**
 * What the commands share (src/cli/commands/*.ts): the exit codes, bad usage, the checks of the
 * suite flags (run, check), the output directories and the verdict's exit code.
 */
import { getProfile, PROFILE_NAMES, type Profile } from '../../spec/profiles.ts';
import { SIGNAL_EXIT } from '../interrupt.ts';
import { COMPILED, runtimeModule } from '../package-root.ts';
import { checkOutputDir, OutputDirError } from '../io/files.ts';
import { DEFAULT_EXERCISE_RULE, DEFAULT_RULE_TEXT, describeShortfall, judge, type ExerciseRule } from '../exercise.ts';
import type { RunResult, Shard, Verdict } from '../run.ts';
import { RUN_PRESETS, RUN_PRESET_NAMES, type RunPreset } from './presets.ts';
import { createProgress } from './progress.ts';
import { cutShort, cutShortText, firstSeenText, shrinkText } from '../report/timing.ts';
import { periodicReports, REPORT_EVERY_DEFAULT, type PeriodicReports } from '../report/periodic.ts';
import type { ReportInput } from '../report/input.ts';

/** The exit codes (docs/exit-codes.md); `underExercised` and `insufficient` are the same code, 4. */
export const EXIT = {
  pass: 0,
  fail: 1,
  usage: 2,
  fault: 3,
  underExercised: 4,
  insufficient: 4,
  sigint: SIGNAL_EXIT.SIGINT,
  sigterm: SIGNAL_EXIT.SIGTERM,
} as const;

export class UsageError extends Error {}

/**
 * tsx's loader by absolute URL, so a TypeScript child starts from any working directory (a
 * checkout: tsx is a devDependency; the installed package runs compiled JavaScript and has no tsx,
 * then this is plain 'tsx' and unused).
 */
export const TSX_LOADER: string = resolveTsx();

function resolveTsx(): string {
  if (COMPILED) return 'tsx';
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

/**
 * The reference model served over the protocol (the self-check, `--impl model`): compiled,
 * `node dist/adapters/model/main.js`; from the sources, `node --import tsx adapters/model/main.ts`.
 */
export const MODEL_IMPL_COMMAND = COMPILED
  ? `"${process.execPath}" "${runtimeModule('adapters/model/main.ts')}"`
  : `"${process.execPath}" --import "${TSX_LOADER}" "${runtimeModule('adapters/model/main.ts')}"`;
/** `--impl blend-sdk`: the estimator over @blend-capital/blend-sdk's own estimate classes (adapters/blend-sdk). */
export const BLEND_SDK_IMPL = 'blend-sdk';
export const BLEND_SDK_IMPL_COMMAND = COMPILED
  ? `"${process.execPath}" "${runtimeModule('adapters/blend-sdk/main.ts')}"`
  : `"${process.execPath}" --import "${TSX_LOADER}" "${runtimeModule('adapters/blend-sdk/main.ts')}"`;

export function int(name: string, v: string | undefined, dflt: number, min: number, max: number): number {
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

/** The exit code of each verdict (docs/exit-codes.md). */
export const VERDICT_EXIT: Readonly<Record<Verdict, number>> = {
  pass: EXIT.pass,
  fail: EXIT.fail,
  fault: EXIT.fault,
  insufficient: EXIT.underExercised,
};

export type Values = Record<string, string | undefined>;

/**
 * Each flag's one value. A flag given twice is bad usage (one line naming it): silently taking the
 * last value would run something else than the command line seems to ask for.
 */
export function once(values: Record<string, string[] | undefined>): Values {
  const out: Values = {};
  for (const [name, v] of Object.entries(values)) {
    if (v === undefined) continue;
    if (v.length > 1)
      throw new UsageError(`--${name}: given ${v.length} times (${v.map((x) => JSON.stringify(x)).join(', ')}); give it once`);
    out[name] = v[0];
  }
  return out;
}

/**
 * A directory the command will write into (`--out`, `--corpus`), checked before anything runs:
 * created where missing and probed with a temporary file, then left as it was (src/io/files.ts
 * `checkOutputDir`); /proc, /sys, /dev, a file, or a path under a file are refused (exit 2).
 */
export function outputDir(flag: string, dir: string): string {
  try {
    return checkOutputDir(flag, dir);
  } catch (e) {
    if (e instanceof OutputDirError) throw new UsageError(e.message);
    throw e;
  }
}

export interface Common {
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
  /** `--report-every` (seconds; 0: off): the reports rewritten while the command runs (src/report/periodic.ts). */
  reportEvery: number;
}

/**
 * `--min-exercise N`: every action, rejection path and property at least N times. N >= 1: a
 * property checked 0 times was not exercised, and not exercised is never passed.
 */
export function exerciseRuleOf(v: string): ExerciseRule {
  const n = int('min-exercise', v, 1, 1, 1_000_000_000);
  return { accepted: n, rejected: n, checks: n };
}

/** The progress line of a suite command: its total is the cases of its shard. */
export function progressOf(c: Common): ReturnType<typeof createProgress> {
  const total = c.shard ? Math.ceil((c.runs - c.shard.index + 1) / c.shard.count) : c.runs;
  return createProgress({ total, budgetSeconds: c.budgetSeconds, stream: process.stderr });
}

/** `--shard k/n`: 1 <= k <= n <= 10,000. */
export function shardOf(v: string | undefined): Shard | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(v);
  if (m === null) throw new UsageError(`--shard: expected K/N like 2/4, got "${v}"`);
  const [index, count] = [Number(m[1]), Number(m[2])];
  if (count < 1 || count > 10_000 || index < 1 || index > count) throw new UsageError(`--shard ${v}: expected 1 <= K <= N <= 10000`);
  return { index, count };
}

export function common(values: Values, dflt: { profile: string; runs: number; steps: number }): Common {
  const profileName = values.profile ?? dflt.profile;
  const profile = getProfile(profileName);
  if (profile === undefined) throw new UsageError(`--profile: expected one of ${PROFILE_NAMES.join(', ')}, got "${profileName}"`);
  const presetName = values['run-profile'];
  const preset = presetName === undefined ? undefined : (RUN_PRESETS as Record<string, RunPreset>)[presetName];
  if (presetName !== undefined && preset === undefined)
    throw new UsageError(`--run-profile: expected one of ${RUN_PRESET_NAMES.join(', ')}, got "${presetName}"`);
  const runs = int('runs', values.runs, preset?.runs ?? dflt.runs, 1, 10_000_000);
  const steps = int('steps', values.steps, preset?.steps ?? dflt.steps, 1, 100_000);
  const budget = values['time-budget'];
  const budgetSeconds = budget === undefined ? preset?.timeBudget : int('time-budget', budget, 0, 1, 31 * 24 * 3600);
  const min = values['min-exercise'];
  const minExercise = min !== undefined ? exerciseRuleOf(min) : (preset?.minExercise ?? DEFAULT_EXERCISE_RULE);
  const ruleSource =
    min !== undefined
      ? `--min-exercise ${min}`
      : preset !== undefined
        ? `run profile ${preset.name}`
        : `the default rule: ${DEFAULT_RULE_TEXT}`;
  const shard = shardOf(values.shard);
  if (shard !== undefined && values.path !== undefined)
    throw new UsageError('--shard: not with --path (a path replays one case of the whole run)');
  const seed = int('seed', values.seed, Date.now() % 2_147_483_647, -2_147_483_648, 2_147_483_647);
  if (values.path !== undefined) {
    if (!/^\d+(:\d+)*$/.test(values.path)) throw new UsageError(`--path: expected a fast-check path like 12:3:0, got "${values.path}"`);
    // fast-check walks to the path's run by generating every run before it
    const first = Number(values.path.split(':')[0]);
    if (first >= runs)
      throw new UsageError(`--path ${values.path}: run ${first} is beyond --runs ${runs}; pass the --runs of the run that printed it`);
  }
  const replayPath = values['replay-path'];
  if (replayPath !== undefined) {
    if (values.path === undefined) throw new UsageError('--replay-path: only with --path (both are printed with a counterexample)');
    if (!/^[A-Za-z0-9+/]*:[A-Za-z0-9+/]*$/.test(replayPath))
      throw new UsageError(`--replay-path: expected fast-check's replay path like AAB:gB, got "${replayPath}"`);
  }
  const reportEvery = int('report-every', values['report-every'], REPORT_EVERY_DEFAULT, 0, 86_400);
  const out = outputDir('out', values.out ?? 'reports/latest');
  return {
    profile,
    runs,
    steps,
    seed,
    path: values.path,
    replayPath,
    out,
    preset,
    budgetSeconds,
    minExercise,
    ruleSource,
    shard,
    reportEvery,
  };
}

/**
 * `X of N runs` (a shard: the cases of its shard that ran, of the whole run's N): what ran, not
 * what was asked for.
 */
export function runsLine(result: RunResult): string {
  const done = result.interrupted?.runsCompleted ?? result.budget?.runsCompleted ?? result.runsCompleted ?? 0;
  return `${done} of ${result.runs} runs${result.shard ? ` (shard ${result.shard.index}/${result.shard.count})` : ''}`;
}

/** What the settings add to the start line: the run profile, the budget, the shard. */
export function describeSettings(c: Common): string {
  const parts = [
    c.preset ? `run profile ${c.preset.name}` : '',
    c.budgetSeconds !== undefined ? `time budget ${c.budgetSeconds} s` : '',
    c.shard ? `shard ${c.shard.index}/${c.shard.count}` : '',
  ].filter((x) => x !== '');
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** A counterexample's time to first failure and its shrinking, one line each (empty when not recorded). */
export function timingLines(c: NonNullable<RunResult['counterexample']>): string {
  return [firstSeenText(c), shrinkText(c)]
    .filter((x) => x !== undefined)
    .map((x) => `${x}\n`)
    .join('');
}

/**
 * `--report-every`: the reports in --out rewritten while the command runs (not with --path), from
 * the runner's result so far judged as the command judges its final one (`finish`); stop it before
 * the final reports.
 */
export function periodicOf<R extends RunResult>(
  c: Common,
  startedAt: number,
  finish: (partial: R) => RunResult,
  io: CliIo,
  input?: Omit<ReportInput, 'result' | 'replay' | 'regressionTest'>,
): PeriodicReports<R> {
  return periodicReports<R>({
    dir: c.out,
    // not for the one case of --path: short, and a path fast-check cannot walk is bad usage (exit 2,
    // nothing written) found only once it runs
    everySeconds: c.path !== undefined ? 0 : c.reportEvery,
    startedAt,
    finish,
    ...(input ? { input } : {}),
    warn: (line) => io.err(`blend-harness: ${line}\n`),
  });
}

/** The deadline of `--time-budget`, counted from now. */
export function budgetOf(c: Common): { deadline?: number; budgetSeconds?: number } {
  return c.budgetSeconds === undefined ? {} : { deadline: performance.now() + c.budgetSeconds * 1000, budgetSeconds: c.budgetSeconds };
}

/** The result judged by the minimum-exercise rule (src/exercise.ts `judge`), for the reports and the exit code. */
export function withExercise<R extends RunResult>(result: R, c: Common, skipped: readonly string[] = []): R {
  return judge(result, c.profile, c.minExercise, skipped);
}

/**
 * The exit code after the summary: an interruption (129/130/143) first, then the verdict: fail 1,
 * fault 3, insufficient 4 (with what fell short of the rule), pass 0. Prints what the budget and
 * the rule left out.
 */
export function verdictExit(result: RunResult, runs: number, ruleSource: string, io: CliIo): number {
  if (result.budget) io.out(`time budget of ${result.budget.seconds} s reached: ${result.budget.runsCompleted} of ${runs} runs ran\n`);
  if (cutShort(result.counterexample))
    io.out(`${cutShortText(result.budget?.seconds).replace(/^shrinking cut short/, 'SHRINKING CUT SHORT')}\n`);
  if (result.interrupted) {
    io.out(
      `INTERRUPTED by ${result.interrupted.signal} after ${result.interrupted.runsCompleted} of ${runs} runs: the reports are marked incomplete\n`,
    );
    return SIGNAL_EXIT[result.interrupted.signal];
  }
  if (result.verdict === 'insufficient') {
    const short = result.exercise?.shortfalls ?? [];
    io.out(
      `\nINSUFFICIENT (not a pass): ${short.length} path${short.length === 1 ? '' : 's'} below the minimum-exercise rule (${ruleSource}):\n`,
    );
    for (const s of short) io.out(`  ${describeShortfall(s)}\n`);
  }
  return VERDICT_EXIT[result.verdict];
}

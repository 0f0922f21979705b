/**
 * The command table's types and the flags more than one command takes, defined once: what each
 * does, its default, its unit and its allowed values. `--help` (src/cli/main.ts) and docs/cli.md
 * (scripts/cli-doc.ts) are both rendered from these definitions.
 */
import { PROFILE_NAMES } from '../../spec/profiles.ts';
import { DEFAULT_RULE_TEXT } from '../exercise.ts';
import { RUN_PRESETS, RUN_PRESET_NAMES } from './presets.ts';
import { REPORT_EVERY_DEFAULT } from '../report/periodic.ts';
import type { CliIo, Values } from './shared.ts';

/** A flag: every flag takes one value and may be given once (src/cli/shared.ts `once`). */
export interface Flag {
  /** Without the leading `--`. */
  readonly name: string;
  /** The value's placeholder in the usage line: `N`, `FILE`, `DIR`, `K/N`, ... */
  readonly value: string;
  /** What it does. */
  readonly does: string;
  /** Its unit, where it is a quantity: seconds, milliseconds, runs, steps, times. */
  readonly unit?: string;
  /** The values it takes. */
  readonly allowed?: string;
  /** What applies when it is not given. */
  readonly default?: string;
  /** The command refuses to run without it. */
  readonly required?: boolean;
  /** May be given more than once (`--wasm`): its values reach the action as `all[name]`, not `once`. */
  readonly repeatable?: boolean;
}

/** A positional argument. */
export interface Operand {
  /** As commander writes it: `[file...]`. */
  readonly name: string;
  readonly does: string;
}

/** One command of the table (src/cli/commands/*.ts). */
export interface CommandDef {
  readonly name: 'run' | 'check' | 'replay' | 'merge' | 'mutate';
  /** One line, for the list of commands. */
  readonly summary: string;
  /** A paragraph, for the command's help. */
  readonly description: string;
  /** The usage line (`blend-harness run [...]`), printed by `blend-harness` alone and in some errors. */
  readonly usage: string;
  readonly operands?: Operand;
  readonly flags: readonly Flag[];
  /**
   * The one line (after `blend-harness: `) for an error of the command line itself: an unknown flag,
   * a flag without its value, an argument it does not take. `message` is worded as node's
   * util.parseArgs words it (the parser the CLI had before commander; the texts are kept).
   */
  readonly refuse: (message: string) => string;
  /** Runs the command on its flags' values (each given once) and its operands; returns the exit code. */
  readonly action: (
    values: Values,
    operands: readonly string[],
    io: CliIo,
    all?: Readonly<Record<string, readonly string[] | undefined>>,
  ) => Promise<number> | number;
}

/** The flags' part of the usage line of both suite commands. */
export const SUITE_USAGE = `[--run-profile ${RUN_PRESET_NAMES.join('|')}] [--runs N] [--steps N] [--seed S] [--path P [--replay-path R]] [--time-budget SECONDS] [--report-every S] [--min-exercise N] [--shard K/N]`;

const presets = RUN_PRESET_NAMES.map((n) => {
  const p = RUN_PRESETS[n];
  return `${n} (${p.runs} runs of up to ${p.steps} steps, a ${p.timeBudget} s budget, a minimum exercise of ${p.minExercise.accepted}/${p.minExercise.rejected}/${p.minExercise.checks} (accepted/rejected/checks): ${p.summary})`;
}).join('; ');

const DEFAULT_RULE = DEFAULT_RULE_TEXT;

/** `--min-exercise`, shared by run, check and merge. */
export const MIN_EXERCISE: Flag = {
  name: 'min-exercise',
  value: 'N',
  does: 'the minimum-exercise rule: every action accepted, every rejection path taken and every property checked at least N times, else the verdict is insufficient (exit 4)',
  unit: 'times',
  allowed: '1 to 1000000000 (0 is refused: a property checked 0 times is never passed)',
  default: `the run profile's rule, else ${DEFAULT_RULE}`,
};

/**
 * The flags both suite commands (run, check) take, in the order their unknown-flag line lists them.
 * `steps` is the one default that differs.
 */
export function suiteFlags(dflt: { runs: number; steps: number; profileWithSnapshot: string; timeBudget?: number }): readonly Flag[] {
  return [
    {
      name: 'profile',
      value: 'P',
      does: 'the rules the run follows: documented (what the documents say), blend-v1 or blend-v2 (the deployed contracts; spec/profiles.ts)',
      allowed: PROFILE_NAMES.join(', '),
      default: `documented (${dflt.profileWithSnapshot} with --snapshot)`,
    },
    {
      name: 'run-profile',
      value: 'NAME',
      does: 'named settings the other flags default to (flags given explicitly override them)',
      allowed: presets,
      default: 'none',
    },
    {
      name: 'runs',
      value: 'N',
      does: 'how many runs (cases): each a fresh world and a sequence of steps',
      unit: 'runs',
      allowed: '1 to 10000000',
      default: `${dflt.runs}, or the run profile's`,
    },
    {
      name: 'steps',
      value: 'N',
      does: 'the most commands of one run (a scenario command plays up to 32 actions, so a run may make more actions than N)',
      unit: 'steps',
      allowed: '1 to 100000',
      default: `${dflt.steps}, or the run profile's`,
    },
    {
      name: 'seed',
      value: 'S',
      does: 'the seed of the generated cases: the same seed and flags run the same cases',
      allowed: '-2147483648 to 2147483647 (a negative one as --seed=-5)',
      default: 'from the clock (printed at the start)',
    },
    {
      name: 'path',
      value: 'P',
      does: 'run only the case at this fast-check path, as a counterexample prints it; give the --seed and --runs of the run that printed it',
      allowed: 'numbers joined by ":" like 12:3:0, the first below --runs; not with --shard',
      default: 'every case',
    },
    {
      name: 'replay-path',
      value: 'R',
      does: "fast-check's replay path printed with a counterexample, to reach its shrunk case at once",
      allowed: 'like AAB:gB; only with --path',
      default: 'none',
    },
    {
      name: 'time-budget',
      value: 'SECONDS',
      does: 'the whole command ends after this, shrinking included: no new run starts, a sequence in flight stops between two steps, and a failure whose shrinking it cuts short is reported as the smallest failing case found so far, marked "shrinking cut short" (still a fail); the runs that ran are reported (a cut run that exercised everything still passes)',
      unit: 'seconds',
      allowed: '1 to 2678400 (31 days)',
      default: dflt.timeBudget === undefined ? "the run profile's, else none" : `${dflt.timeBudget}, or the run profile's`,
    },
    {
      name: 'report-every',
      value: 'S',
      does: 'while the command runs, rewrite the reports in --out every S seconds (and once when the runs start) from what ran so far, each file replaced whole (a temporary file renamed), so that a process killed at any moment (a CI timeout, SIGKILL) leaves a parseable report; such a report says it is no final verdict (report.json complete: false, inProgress; a pass so far reads insufficient) and the final reports replace it; 0: only the final reports',
      unit: 'seconds',
      allowed: '0 to 86400; with --path only the final reports (one case)',
      default: String(REPORT_EVERY_DEFAULT),
    },
    MIN_EXERCISE,
    {
      name: 'shard',
      value: 'K/N',
      does: "run only shard K of N: the cases K, K+N, K+2N, ... of the whole run (join the shards' reports with merge)",
      allowed: '1 <= K <= N <= 10000; not with --path; run only (check refuses it: it runs every case of its seed)',
      default: 'the whole run',
    },
    {
      name: 'out',
      value: 'DIR',
      does: 'the directory of the reports (report.json, report.md, junit.xml, report.html), created when missing; checked before anything runs',
      default: 'reports/latest',
    },
  ];
}

/** `--timeout-ms`, shared by check and replay. */
export const TIMEOUT_MS: Flag = {
  name: 'timeout-ms',
  value: 'T',
  does: 'the longest wait for one reply of the implementation; then it is a fault (exit 3)',
  unit: 'milliseconds',
  allowed: '1 to 3600000',
  default: '10000',
};

/** `--impl`: the implementation checked (check, and replay of a corpus file). */
export function implFlag(does: string, required: boolean): Flag {
  return {
    name: 'impl',
    value: 'CMD',
    does,
    allowed:
      'a shell command that speaks the check protocol (docs/protocol.md); model (the reference model served over the protocol, the self-check); soroban (the Soroban driver, built with cargo when needed); blend-sdk (an estimator: the claimable estimates of @blend-capital/blend-sdk, docs/estimators.md)',
    ...(required ? { required } : { default: 'none' }),
  };
}

/**
 * The refusal of a suite command (run, check): an unknown flag is named with the flags the command
 * takes; any other problem is parseArgs' message on one line.
 */
export function suiteRefusal(name: string, flags: () => readonly Flag[]): (message: string) => string {
  return (message) => {
    const unknown = /^Unknown option '[^']*'/.exec(message);
    if (unknown)
      return `${unknown[0]} (${name} takes ${flags()
        .map((f) => `--${f.name}`)
        .join(', ')})`;
    return message.replace(/\s*\n\s*/g, ' ');
  };
}

/**
 * The refusal of a command of files (replay, merge): the problem's first sentence and the usage line
 * (`replay: Unknown option '--fast' (usage: ...)`, `merge: Option '--out <value>' argument missing
 * (usage: ...)`).
 */
export function fileRefusal(name: string, usage: string): (message: string) => string {
  return (message) => `${name}: ${message.split(/\.(?:\s|$)|\n/)[0]} (usage: ${usage})`;
}

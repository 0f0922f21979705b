/**
 * The minimum-exercise rule: a run that did not exercise every action, every rejection path and
 * every property of its profile a set number of times fails with its own exit code (4), even when
 * every property held: a suite that never reached a path has not checked it.
 *
 * The paths come from the spec, not from what happened to run: every action the profile generates
 * (and the implementation supports, for `check`), every (action, error) pair of a spec rule that
 * action is subject to (spec/fields.ts ACTION_RULES x spec/rules.ts errors), less the pairs
 * spec/exercise.ts declares unreachable in that profile with the reason; and every property that
 * applies to the profile.
 *
 * Every spec rule (spec/rules.ts) is reached through the properties that name it (`ruleReach`): a
 * rule is `checked` when one of them was checked, `not reached` when they apply but none was, `not
 * applicable` when none applies to the profile; a rule no property names is `lockstep only` (its
 * reason) or a declared `gap`, shown as such and not asked for.
 *
 * Every command applies a rule (`judge`): `--min-exercise N` or the run profile's when one is given,
 * else DEFAULT_EXERCISE_RULE: every rejection path taken, every applicable property checked (and so
 * every rule reached) at least once. A property at 0 checks is not
 * exercised, and not exercised is not passed: such a run's verdict is `insufficient` (exit 4), never
 * `pass` (docs/exit-codes.md).
 */
import type { ActionName } from '../model/actions.ts';
import { ACTION_RULES } from '../spec/fields.ts';
import { RULES } from '../spec/rules.ts';
import { UNREACHABLE_REJECTIONS } from '../spec/exercise.ts';
import type { Profile } from '../spec/profiles.ts';
import { commandEntries } from './commands/index.ts';
import type { RunResult } from './run.ts';
import type { ExerciseRule, Shortfall } from './exercise-rule.ts';

export type { ExerciseRule, Shortfall } from './exercise-rule.ts';

/**
 * The rule when none is given (no `--min-exercise`, no `--run-profile`): every rejection path of
 * `rejectionPaths` taken, every property that applies to the profile checked, and so every rule
 * with an applicable property reached, at least once (issue 17: a default run that leaves one at 0
 * is insufficient, exit 4). Accepted calls are not counted by default (the run profiles ask for
 * them; a bare run accepts every action, test/exercise/defaults.test.ts). A bare `run`
 * (src/cli/commands/run.ts RUN_DEFAULTS) meets it under every profile; test/exercise/defaults.test.ts
 * holds it there.
 */
export const DEFAULT_EXERCISE_RULE: ExerciseRule = Object.freeze({ accepted: 0, rejected: 1, checks: 1 });

/** DEFAULT_EXERCISE_RULE in words, for --help, the terminal and docs/cli.md. */
export const DEFAULT_RULE_TEXT =
  'every rejection path taken (less those spec/exercise.ts declares unreachable) and every applicable property checked, and so every rule reached, at least once';

/** How far a run reached a spec rule (report.json `rules`, report.md "Rules", report.html "Rule coverage"). */
export type RuleStatus = 'checked' | 'lockstep only' | 'gap' | 'not reached' | 'not applicable';

export interface RuleReach {
  readonly rule: string;
  /** The properties that name the rule and apply to the profile (all that name it, when none applies), with their checks. */
  readonly properties: readonly { readonly id: string; readonly checks: number }[];
  /** Σ checks of the applicable properties that name it. */
  readonly checks: number;
  readonly status: RuleStatus;
  /** Why: the rule's `lockstepOnly` reason, its `gap`, or which properties did not apply or were not checked. */
  readonly reason?: string;
}

/**
 * Each rule of spec/rules.ts against the run's properties: `checked` when an applicable property
 * that names it has checks > 0; `not reached` when such properties exist and all are at 0; `not
 * applicable` when properties name it but none applies to the run's profile; with no property, its
 * `lockstepOnly` reason (`lockstep only`) or its `gap`. Works on whatever rules and properties the
 * run has (a gap turned into a property is `checked` or `not reached` from then on).
 */
export function ruleReach(result: Pick<RunResult, 'properties' | 'profile'>): RuleReach[] {
  return RULES.map((rule): RuleReach => {
    const naming = result.properties.filter((p) => p.rules.includes(rule.id));
    const applicable = naming.filter((p) => p.status !== 'not applicable');
    const checks = applicable.reduce((n, p) => n + p.checks, 0);
    const properties = (applicable.length > 0 ? applicable : naming).map((p) => ({ id: p.id, checks: p.checks }));
    const base = { rule: rule.id, properties, checks };
    if (applicable.length > 0)
      return checks > 0
        ? { ...base, status: 'checked' }
        : { ...base, status: 'not reached', reason: `${applicable.map((p) => p.id).join(', ')} never checked in this run` };
    if (naming.length > 0)
      return {
        ...base,
        status: 'not applicable',
        reason: `${naming.map((p) => p.id).join(', ')} not a property of profile ${result.profile}`,
      };
    if (rule.lockstepOnly !== undefined) return { ...base, status: 'lockstep only', reason: rule.lockstepOnly };
    if (rule.gap !== undefined) return { ...base, status: 'gap', reason: rule.gap };
    return {
      ...base,
      status: 'not reached',
      reason: 'no property of this run names it, and spec/rules.ts declares neither lockstepOnly nor a gap',
    };
  });
}

/** `lockstep only: reason`, `gap: reason`, or the status alone: a rule's status as the reports print it. */
export const describeRuleStatus = (r: RuleReach): string =>
  r.status === 'lockstep only' || r.status === 'gap' ? `${r.status}: ${r.reason ?? ''}` : r.status;

/** `fn -> Contract#code`: how a rejection path is named (a prefix of the Stats rejection keys). */
export const rejectionPath = (fn: ActionName, contract: string, code: number): string => `${fn} -> ${contract}#${code}`;

/** The rejection paths the spec gives the actions `fns` under `profile`, less those it declares unreachable. */
export function rejectionPaths(profile: Profile, fns: readonly ActionName[]): string[] {
  const unreachable = new Set((UNREACHABLE_REJECTIONS[profile.name as keyof typeof UNREACHABLE_REJECTIONS] ?? []).map((u) => u.path));
  const out = new Set<string>();
  for (const fn of fns) {
    for (const id of ACTION_RULES[fn]) {
      const error = RULES.find((r) => r.id === id)?.error;
      if (error === undefined) continue;
      const path = rejectionPath(fn, error.contract, error.code);
      if (!unreachable.has(path)) out.add(path);
    }
  }
  return [...out].sort();
}

/** The actions a run of `profile` generates, of those `supports` accepts. */
export function generatedActions(profile: Profile, supports: (fn: ActionName) => boolean = () => true): ActionName[] {
  return [...new Set(commandEntries(profile).flatMap((e) => e.fns))].filter(supports);
}

/** What `result` exercised less than `rule` asks, in a stable order. Empty: the rule holds. */
export function exerciseShortfalls(
  result: Pick<RunResult, 'actions' | 'rejections' | 'properties'> & Partial<Pick<RunResult, 'profile'>>,
  profile: Profile,
  rule: ExerciseRule,
  skipped: readonly string[] = [],
): Shortfall[] {
  const out: Shortfall[] = [];
  const fns = generatedActions(profile).filter((fn) => !skipped.includes(fn));
  for (const fn of fns) {
    const got = result.actions.find((a) => a.name === fn)?.accepted ?? 0;
    if (got < rule.accepted) out.push({ kind: 'action', name: fn, got, need: rule.accepted });
  }
  for (const path of rejectionPaths(profile, fns)) {
    let got = 0;
    for (const r of result.rejections) if (r.key === path || r.key.startsWith(`${path} `)) got += r.count;
    if (got < rule.rejected) out.push({ kind: 'rejection', name: path, got, need: rule.rejected });
  }
  for (const p of result.properties) {
    if (p.status === 'not applicable') continue;
    if (p.checks < rule.checks) out.push({ kind: 'property', name: p.id, got: p.checks, need: rule.checks });
  }
  // each rule through its applicable properties (a rule without one is lockstep only or a gap: not asked for)
  if (rule.checks > 0)
    for (const r of ruleReach({ properties: result.properties, profile: result.profile ?? profile.name })) {
      // a rule none of this run's properties names (a run of some properties only) is not asked for here
      if ((r.status !== 'checked' && r.status !== 'not reached') || r.properties.length === 0) continue;
      if (r.checks < rule.checks) out.push({ kind: 'rule', name: r.rule, got: r.checks, need: rule.checks });
    }
  return out;
}

/** One line per shortfall, for the terminal and the reports. */
export const describeShortfall = (s: Shortfall): string =>
  `${s.kind} ${s.name}: exercised ${s.got} time${s.got === 1 ? '' : 's'}, at least ${s.need} required`;

/**
 * The verdict a command gives: `result` with the minimum-exercise rule applied (its shortfalls in
 * `exercise`) and a `pass` that falls short of it, that a signal interrupted (it exits
 * 129/130/143 and its reports are marked incomplete) or that is still running (an in-progress
 * report), turned into `insufficient`. A failure or a
 * fault keeps its verdict. `skipped`: actions the implementation does not support (`check`).
 */
export function judge<R extends RunResult>(
  result: R,
  profile: Profile,
  rule: ExerciseRule = DEFAULT_EXERCISE_RULE,
  skipped: readonly string[] = [],
): R {
  const shortfalls = exerciseShortfalls(result, profile, rule, skipped);
  // a run a signal cut short did not run what it set out to: nothing failed, but it is no pass
  // (it exits 129/130/143 and its reports are marked incomplete)
  // (so is a report written while the command still runs, `--report-every`: src/report/periodic.ts)
  const insufficient =
    result.verdict === 'pass' && (result.interrupted !== undefined || result.inProgress !== undefined || shortfalls.length > 0);
  return { ...result, exercise: { rule, shortfalls }, ...(insufficient ? { verdict: 'insufficient' as const } : {}) };
}

/** The applicable properties a result did not exercise (0 checks), by ID. */
export const notExercised = (result: Pick<RunResult, 'properties'>): string[] =>
  result.properties.filter((p) => p.status === 'not exercised').map((p) => p.id);

/**
 * `blend-harness merge DIR...`: the reports of the n shards of one run (`run --shard k/n`) merged
 * into the report one machine would have written, with the same verdict rules.
 *
 * Each DIR/report.json is external input: it is validated against docs/report.schema.json, and
 * the shards must be of one run (same tool version, profile, seed, runs, steps, world, time budget,
 * minimum-exercise rule and property rows), each shard k of the same n exactly once, all n present
 * and complete, and each self-consistent (`shardContradiction`: counts within range, the verdict
 * agreeing with its rows and counterexample). Counts are summed; a property failed if it
 * failed in any shard, passed if it was checked and never failed, not exercised if no shard checked
 * it; the counterexample is that of the lowest failing case index (the one a single machine,
 * running the cases in order, would have found first). The merged verdict is never pass while a
 * row failed or a counterexample stands. The result depends only on the shards'
 * reports, not on the order of the directories.
 */
import { InputFileError, readInputFile } from '../io/files.ts';
import { TOOL_VERSION } from '../version.ts';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { packageFile } from '../package-root.ts';
import type { Counterexample, KnownDefectRow, PropertyRow, PropertyStatus, RunResult } from '../run.ts';
import { ajv2020, schemaError } from '../protocol/validate.ts';
import { MAX_ACTIONS_OF_ANY_COMMAND } from '../commands/base.ts';

const SCHEMA_PATH = packageFile('docs/report.schema.json');

/** The report.json fields merge reads (docs/report.schema.json). */
export interface ReportJson {
  readonly tool: 'blend-emissions-harness';
  /** The harness's package version that wrote it. */
  readonly version: string;
  readonly profile: string;
  readonly seed: number;
  readonly runs: number;
  readonly steps: number;
  readonly world: Record<string, unknown>;
  readonly verdict: 'pass' | 'fail' | 'fault' | 'insufficient';
  /** Why the verdict is `fault` (src/run.ts RunResult.fault). */
  readonly fault?: { readonly kind: string; readonly message: string };
  readonly complete: boolean;
  readonly runsCompleted?: number;
  readonly totalSteps: number;
  readonly durationMs: number;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly budget?: { readonly seconds: number; readonly runsCompleted: number };
  readonly interrupted?: unknown;
  /** Set on a report written while its command still ran (`--report-every`, src/report/periodic.ts): never merged. */
  readonly inProgress?: unknown;
  readonly exercise?: { readonly rule: unknown; readonly shortfalls?: readonly unknown[] };
  readonly properties: readonly PropertyRow[];
  readonly knownDefects?: readonly KnownDefectRow[];
  readonly actions: readonly { name: string; accepted: number; rejected: number }[];
  readonly rejections: readonly { key: string; count: number }[];
  readonly counterexample?: Counterexample & { replay?: string };
  readonly implementation?: unknown;
}

/** A shard report that cannot be merged: one line naming the file and the problem (exit 2). */
export class MergeInputError extends Error {}

let validator: ValidateFunction<ReportJson> | undefined;
function validate(): ValidateFunction<ReportJson> {
  if (validator === undefined) {
    const ajv = new (ajv2020())({ allErrors: false, strict: true, allowUnionTypes: true });
    validator = ajv.compile<ReportJson>(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  }
  return validator;
}

/**
 * DIR/report.json, read as an input file (a regular file of at most 128 MiB, strict UTF-8:
 * src/io/files.ts), parsed and validated against docs/report.schema.json (`mergeReports` then
 * checks it against the other shards and itself). Throws MergeInputError (one line naming the file).
 */
export function readShardReport(dir: string): { file: string; report: ReportJson } {
  const file = join(dir, 'report.json');
  let text: string;
  try {
    text = readInputFile(file, 'report');
  } catch (e) {
    if (e instanceof InputFileError) throw new MergeInputError(`${file}: ${e.code === 'ENOENT' ? `cannot read it (ENOENT)` : e.message}`);
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MergeInputError(`${file}: not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const v = validate();
  if (!v(json)) throw new MergeInputError(`${file}: not a blend-harness report: ${schemaError(v)}`);
  if ('implementation' in (json as object)) throw new MergeInputError(`${file}: a check report; merge takes the reports of run --shard`);
  return { file, report: json as ReportJson };
}

/** The cases shard `index` of `count` runs out of `runs` (case i belongs to shard i mod count + 1). */
export function casesOfShard(runs: number, index: number, count: number): number {
  return runs < index ? 0 : Math.floor((runs - index) / count) + 1;
}

/**
 * The first way a run report contradicts itself, in words, or undefined. What `run` writes always
 * holds (src/run.ts, src/harness/harness.ts):
 * - complete is false exactly when a signal interrupted it;
 * - runsCompleted is within the cases of the shard (all of them when it passed without a budget);
 * - totalSteps is at most runsCompleted x steps x MAX_ACTIONS_OF_ANY_COMMAND (a scenario command
 *   performs several actions, the deep-time chain the most), and every counted step is an accepted or a
 *   rejected action (the action rows sum to totalSteps, the rejection rows to the rejected ones);
 * - property ids are unique; a passed row was checked, a not-exercised or not-applicable one was not;
 * - the verdict agrees with the rows and the counterexample: `pass` has no failed row and no
 *   counterexample; `fail` has a counterexample, and the only failed row is its property (none for
 *   a MODEL-PANIC); `insufficient` is a pass in every other respect, with a property not exercised
 *   or a shortfall named, and `pass` has neither; `fault` names its fault.
 */
export function shardContradiction(r: ReportJson): string | undefined {
  const planned = r.shard === undefined ? r.runs : casesOfShard(r.runs, r.shard.index, r.shard.count);
  const done = r.runsCompleted;
  if (done === undefined) return 'no runsCompleted';
  if (r.complete === (r.interrupted !== undefined && r.interrupted !== null))
    return r.complete ? 'complete, but interrupted' : 'incomplete, but not interrupted';
  if (done > planned)
    return `${done} runs completed of the ${planned} ${r.shard ? `cases of shard ${r.shard.index}/${r.shard.count}` : 'runs'}`;
  if (r.verdict === 'pass' && r.complete && r.budget === undefined && done !== planned)
    return `verdict pass, complete, without a time budget, but ${done} runs completed of ${planned}`;
  if (r.budget !== undefined && r.budget.runsCompleted !== done)
    return `budget.runsCompleted ${r.budget.runsCompleted} but runsCompleted ${done}`;
  // (a step of the sequence is one command; a scenario command performs several actions)
  if (r.totalSteps > done * r.steps * MAX_ACTIONS_OF_ANY_COMMAND)
    return `${r.totalSteps} steps in ${done} runs of at most ${r.steps} commands of at most ${MAX_ACTIONS_OF_ANY_COMMAND} actions`;
  const acted = r.actions.reduce((n, a) => n + a.accepted + a.rejected, 0);
  if (acted !== r.totalSteps) return `the action rows count ${acted} steps, totalSteps is ${r.totalSteps}`;
  const rejected = r.actions.reduce((n, a) => n + a.rejected, 0);
  const rejections = r.rejections.reduce((n, x) => n + x.count, 0);
  if (rejections !== rejected) return `the rejection rows count ${rejections} rejections, the action rows ${rejected}`;
  const ids = new Set<string>();
  for (const p of r.properties) {
    if (ids.has(p.id)) return `property ${p.id} twice`;
    ids.add(p.id);
    if (p.status === 'passed' && p.checks === 0) return `property ${p.id} passed with 0 checks`;
    if ((p.status === 'not exercised' || p.status === 'not applicable') && p.checks > 0)
      return `property ${p.id} ${p.status} with ${p.checks} checks`;
  }
  const failed = r.properties.filter((p) => p.status === 'failed').map((p) => p.id);
  const cx = r.counterexample;
  // a fault (src/run.ts: an error the harness does not understand, or a run that did not complete
  // its runs) says what it was
  if (r.verdict === 'fault') return r.fault === undefined ? 'verdict fault, but no fault named' : undefined;
  if (r.verdict === 'pass' || r.verdict === 'insufficient') {
    if (failed.length > 0) return `verdict ${r.verdict}, but property ${failed.join(', ')} failed`;
    if (cx !== undefined) return `verdict ${r.verdict}, but a counterexample (${cx.property})`;
    const idle = r.properties.some((p) => p.status === 'not exercised') || (r.exercise?.shortfalls?.length ?? 0) > 0;
    // (a report judged by a minimum-exercise rule, as every command's is: a library run without a
    // rule reports its rows as they are, and merge judges the shards' sums)
    if (r.verdict === 'pass' && idle && r.exercise !== undefined) return 'verdict pass, but not everything was exercised';
    if (r.verdict === 'insufficient' && !idle) return 'verdict insufficient, but every property was exercised and no shortfall is named';
    return undefined;
  }
  // fail
  if (cx === undefined)
    return failed.length > 0
      ? `verdict fail, property ${failed.join(', ')} failed, but no counterexample`
      : 'verdict fail, but no property failed and no counterexample';
  const other = failed.filter((id) => id !== cx.property);
  if (other.length > 0) return `property ${other.join(', ')} failed, but the counterexample is of ${cx.property}`;
  if (ids.has(cx.property) && failed.length === 0)
    return `the counterexample is of ${cx.property}, but its row says ${r.properties.find((p) => p.id === cx.property)!.status}`;
  if (!ids.has(cx.property) && cx.property !== 'MODEL-PANIC') return `the counterexample is of ${cx.property}, which no property row names`;
  if (cx.failingStep < 0 || cx.failingStep >= cx.steps.length || cx.steps.length !== cx.actions.length)
    return `the counterexample's failing step ${cx.failingStep} is not one of its ${cx.steps.length} steps`;
  return undefined;
}

/** The case index a counterexample's fast-check path starts with (`"12:3:0"` -> 12). */
export function caseIndexOf(path: string): number {
  const head = Number(path.split(':')[0]);
  return Number.isInteger(head) && head >= 0 ? head : Number.MAX_SAFE_INTEGER;
}

const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** The counted parts of a run's report that `sumCounts` adds up. */
export type Counts = Pick<RunResult, 'properties' | 'knownDefects' | 'actions' | 'rejections'>;

/**
 * The counts of several parts of one run (the shards of `merge`, or the chunks of `--workers`,
 * src/workers/pool.ts), in case order, added up: checks summed per property, a property failed if
 * it failed in any part, passed if checked and never failed, not exercised if no part checked it;
 * each known defect once, its properties' steps summed, the first occurrence the first part met;
 * actions and rejections summed.
 */
export function sumCounts(ordered: readonly Counts[]): Required<Omit<Counts, 'knownDefects'>> & { knownDefects: KnownDefectRow[] } {
  // properties: summed checks, statuses by the same rules as one run
  const properties: PropertyRow[] = ordered[0]!.properties.map((p) => {
    const rows = ordered.map((r) => r.properties.find((q) => q.id === p.id));
    const checks = rows.reduce((n, q) => n + (q?.checks ?? 0), 0);
    const statuses = new Set(rows.map((q) => q?.status));
    const status: PropertyStatus = statuses.has('failed')
      ? 'failed'
      : statuses.size === 1 && statuses.has('not applicable')
        ? 'not applicable'
        : checks === 0
          ? 'not exercised'
          : statuses.has('known defect')
            ? 'known defect'
            : 'passed';
    return { id: p.id, claim: p.claim, rules: p.rules, checks, status };
  });
  // known defects: each once, its properties' steps summed, the first occurrence of the first shard that met it
  const knownDefects: KnownDefectRow[] = [];
  for (const r of ordered)
    for (const d of r.knownDefects ?? []) {
      const k = knownDefects.findIndex((x) => x.id === d.id);
      if (k < 0) {
        knownDefects.push(d);
        continue;
      }
      const seenBy = [...knownDefects[k]!.seenBy];
      for (const x of d.seenBy) {
        const j = seenBy.findIndex((y) => y.property === x.property);
        if (j < 0) seenBy.push(x);
        else seenBy[j] = { ...seenBy[j]!, count: seenBy[j]!.count + x.count };
      }
      knownDefects[k] = { ...knownDefects[k]!, seenBy };
    }
  const actionNames = [...new Set(ordered.flatMap((r) => r.actions.map((a) => a.name)))];
  const actions = actionNames.map((name) => {
    let accepted = 0;
    let rejected = 0;
    for (const r of ordered) {
      const a = r.actions.find((x) => x.name === name);
      accepted += a?.accepted ?? 0;
      rejected += a?.rejected ?? 0;
    }
    return { name, accepted, rejected };
  });
  const rejectionCounts = new Map<string, number>();
  for (const r of ordered) for (const x of r.rejections) rejectionCounts.set(x.key, (rejectionCounts.get(x.key) ?? 0) + x.count);
  const rejections = [...rejectionCounts].sort((a, b) => a[0].localeCompare(b[0])).map(([key, count]) => ({ key, count }));

  return { properties, knownDefects, actions, rejections };
}

export interface MergedRun extends RunResult {
  /** The shards merged: their count and the report files, in shard order. */
  readonly merged: { readonly count: number; readonly files: readonly string[] };
}

/** Merge the shard reports of `dirs` into one run result. Throws MergeInputError on bad input. */
export function mergeReports(dirs: readonly string[]): MergedRun {
  if (dirs.length === 0) throw new MergeInputError('merge: give the report directories of the shards (blend-harness merge DIR...)');
  const shards = dirs.map(readShardReport);
  const first = shards[0]!;
  const count = first.report.shard?.count;
  if (count === undefined) throw new MergeInputError(`${first.file}: not a shard report (no shard field; run with --shard k/n)`);
  const byIndex = new Map<number, (typeof shards)[number]>();
  for (const s of shards) {
    const r = s.report;
    if (r.shard === undefined) throw new MergeInputError(`${s.file}: not a shard report (no shard field; run with --shard k/n)`);
    if (r.shard.count !== count)
      throw new MergeInputError(`${s.file}: shard ${r.shard.index}/${r.shard.count}, expected one of ${count} shards as ${first.file}`);
    if (r.version !== TOOL_VERSION)
      throw new MergeInputError(
        `${s.file}: written by blend-emissions-harness ${r.version}, this is ${TOOL_VERSION}: run the shards and merge with one version`,
      );
    for (const k of ['profile', 'seed', 'runs', 'steps'] as const) {
      if (r[k] !== first.report[k])
        throw new MergeInputError(
          `${s.file}: ${k} ${JSON.stringify(r[k])}, expected ${JSON.stringify(first.report[k])} as ${first.file}: not a shard of the same run`,
        );
    }
    // the settings: the time budget and the minimum-exercise rule
    if (r.budget?.seconds !== first.report.budget?.seconds && r.budget !== undefined && first.report.budget !== undefined)
      throw new MergeInputError(
        `${s.file}: time budget ${r.budget.seconds} s, expected ${first.report.budget.seconds} s as ${first.file}: not a shard of the same run`,
      );
    if (canonical(r.exercise?.rule ?? null) !== canonical(first.report.exercise?.rule ?? null))
      throw new MergeInputError(
        `${s.file}: minimum-exercise rule ${canonical(r.exercise?.rule ?? null)}, expected ${canonical(first.report.exercise?.rule ?? null)} as ${first.file}: not a shard of the same run`,
      );
    const ids = canonical(r.properties.map((p) => p.id));
    if (ids !== canonical(first.report.properties.map((p) => p.id)))
      throw new MergeInputError(`${s.file}: other property rows than ${first.file}: not a shard of the same run`);
    if (canonical(r.world) !== canonical(first.report.world))
      throw new MergeInputError(`${s.file}: another world than ${first.file}: not a shard of the same run`);
    if (r.shard.index > count) throw new MergeInputError(`${s.file}: shard ${r.shard.index}/${count} is out of range`);
    const dup = byIndex.get(r.shard.index);
    if (dup !== undefined) throw new MergeInputError(`${s.file}: shard ${r.shard.index}/${count} again (also ${dup.file})`);
    if (r.inProgress !== undefined && r.inProgress !== null)
      throw new MergeInputError(
        `${s.file}: shard ${r.shard.index}/${count} is a report written while it still ran (its process ended before the final report: killed?); run it again`,
      );
    if (!r.complete) throw new MergeInputError(`${s.file}: shard ${r.shard.index}/${count} is incomplete (interrupted); run it again`);
    const contradiction = shardContradiction(r);
    if (contradiction !== undefined) throw new MergeInputError(`${s.file}: ${contradiction}: the shard's report contradicts itself`);
    byIndex.set(r.shard.index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length > 0)
    throw new MergeInputError(`merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing`);
  const ordered = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, s]) => s.report);

  const { properties, knownDefects, actions, rejections } = sumCounts(ordered);
  // the counterexample a single machine would have found first
  const failures = ordered
    .filter((r) => r.counterexample !== undefined)
    .sort((a, b) => caseIndexOf(a.counterexample!.path) - caseIndexOf(b.counterexample!.path));
  const cx = failures[0]?.counterexample;
  const counterexample =
    cx === undefined
      ? undefined
      : (({ replay: _replay, ...rest }) => rest)(cx as Counterexample & { replay?: string; corpusFile?: string });
  // never pass while a row failed or a counterexample stands, whatever the shards' verdicts say
  const anyFailed = properties.some((p) => p.status === 'failed') || counterexample !== undefined;
  const verdict = ordered.some((r) => r.verdict === 'fault')
    ? 'fault'
    : anyFailed || ordered.some((r) => r.verdict === 'fail')
      ? 'fail'
      : 'pass';
  return {
    profile: first.report.profile,
    seed: first.report.seed,
    runs: first.report.runs,
    steps: first.report.steps,
    world: first.report.world as RunResult['world'],
    verdict,
    properties,
    ...(knownDefects.length > 0 ? { knownDefects } : {}),
    actions,
    rejections,
    totalSteps: ordered.reduce((n, r) => n + r.totalSteps, 0),
    durationMs: ordered.reduce((n, r) => n + r.durationMs, 0),
    runsCompleted: ordered.reduce((n, r) => n + (r.runsCompleted ?? 0), 0),
    counterexample,
    merged: { count, files: [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, s]) => s.file) },
  };
}

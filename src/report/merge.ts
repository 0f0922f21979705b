/**
 * `blend-harness merge DIR...`: the reports of the n shards of one run (`run --shard k/n`) merged
 * into the report one machine would have written, with the same verdict rules.
 *
 * Each DIR/report.json is external input: it is validated against docs/report.schema.json, and
 * the shards must be of one run (same profile, seed, runs, steps and world), each shard k of the
 * same n exactly once, all n present and complete. Counts are summed; a property failed if it
 * failed in any shard, passed if it was checked and never failed, not exercised if no shard checked
 * it; the counterexample is that of the lowest failing case index (the one a single machine,
 * running the cases in order, would have found first). The result depends only on the shards'
 * reports, not on the order of the directories.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Counterexample, PropertyRow, PropertyStatus, RunResult } from '../run.ts';
import { schemaError } from '../protocol/validate.ts';

const SCHEMA_PATH = new URL('../../docs/report.schema.json', import.meta.url);

/** The report.json fields merge reads (docs/report.schema.json). */
export interface ReportJson {
  readonly tool: 'blend-emissions-harness';
  readonly profile: string;
  readonly seed: number;
  readonly runs: number;
  readonly steps: number;
  readonly world: Record<string, unknown>;
  readonly verdict: 'pass' | 'fail' | 'fault';
  readonly complete: boolean;
  readonly runsCompleted?: number;
  readonly totalSteps: number;
  readonly durationMs: number;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly properties: readonly PropertyRow[];
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
    const ajv = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true });
    validator = ajv.compile<ReportJson>(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  }
  return validator;
}

/** DIR/report.json, parsed and validated. */
export function readShardReport(dir: string): { file: string; report: ReportJson } {
  const file = join(dir, 'report.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new MergeInputError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MergeInputError(`${file}: not JSON (${(e as Error).message})`);
  }
  const v = validate();
  if (!v(json)) throw new MergeInputError(`${file}: not a blend-harness report: ${schemaError(v)}`);
  if ('implementation' in (json as object)) throw new MergeInputError(`${file}: a check report; merge takes the reports of run --shard`);
  return { file, report: json };
}

/** The case index a counterexample's fast-check path starts with (`"12:3:0"` -> 12). */
export function caseIndexOf(path: string): number {
  const head = Number(path.split(':')[0]);
  return Number.isInteger(head) && head >= 0 ? head : Number.MAX_SAFE_INTEGER;
}

const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v));

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
    if (r.shard.count !== count) throw new MergeInputError(`${s.file}: shard ${r.shard.index}/${r.shard.count}, expected one of ${count} shards as ${first.file}`);
    for (const k of ['profile', 'seed', 'runs', 'steps'] as const) {
      if (r[k] !== first.report[k]) throw new MergeInputError(`${s.file}: ${k} ${JSON.stringify(r[k])}, expected ${JSON.stringify(first.report[k])} as ${first.file}: not a shard of the same run`);
    }
    if (canonical(r.world) !== canonical(first.report.world)) throw new MergeInputError(`${s.file}: another world than ${first.file}: not a shard of the same run`);
    if (r.shard.index > count) throw new MergeInputError(`${s.file}: shard ${r.shard.index}/${count} is out of range`);
    const dup = byIndex.get(r.shard.index);
    if (dup !== undefined) throw new MergeInputError(`${s.file}: shard ${r.shard.index}/${count} again (also ${dup.file})`);
    if (!r.complete) throw new MergeInputError(`${s.file}: shard ${r.shard.index}/${count} is incomplete (interrupted); run it again`);
    byIndex.set(r.shard.index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length > 0) throw new MergeInputError(`merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing`);
  const ordered = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, s]) => s.report);

  // properties: summed checks, statuses by the same rules as one run
  const properties: PropertyRow[] = ordered[0]!.properties.map((p) => {
    const rows = ordered.map((r) => r.properties.find((q) => q.id === p.id));
    const checks = rows.reduce((n, q) => n + (q?.checks ?? 0), 0);
    const statuses = new Set(rows.map((q) => q?.status));
    const status: PropertyStatus = statuses.has('failed') ? 'failed' : statuses.size === 1 && statuses.has('not applicable') ? 'not applicable' : checks === 0 ? 'not exercised' : 'passed';
    return { id: p.id, claim: p.claim, rules: p.rules, checks, status };
  });
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

  // the counterexample a single machine would have found first
  const failures = ordered.filter((r) => r.counterexample !== undefined).sort((a, b) => caseIndexOf(a.counterexample!.path) - caseIndexOf(b.counterexample!.path));
  const cx = failures[0]?.counterexample;
  const counterexample = cx === undefined ? undefined : (({ replay: _replay, ...rest }) => rest)(cx as Counterexample & { replay?: string; corpusFile?: string });
  const verdict = ordered.some((r) => r.verdict === 'fault') ? 'fault' : ordered.some((r) => r.verdict === 'fail') ? 'fail' : 'pass';
  return {
    profile: first.report.profile,
    seed: first.report.seed,
    runs: first.report.runs,
    steps: first.report.steps,
    world: first.report.world as RunResult['world'],
    verdict,
    properties,
    actions,
    rejections,
    totalSteps: ordered.reduce((n, r) => n + r.totalSteps, 0),
    durationMs: ordered.reduce((n, r) => n + r.durationMs, 0),
    runsCompleted: ordered.reduce((n, r) => n + (r.runsCompleted ?? 0), 0),
    counterexample,
    merged: { count, files: [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, s]) => s.file) },
  };
}

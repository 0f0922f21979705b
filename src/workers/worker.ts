/**
 * One `--workers` task, in a worker thread (src/workers/pool.ts): the cases [start, start + count)
 * of a seed's sequence (src/run.ts `chunk`), on the reference model or a variant loaded by module.
 */
import { getProfile } from '../../spec/profiles.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { runSuiteAsync, type RunResult } from '../run.ts';
import type { WorldConfig } from '../world/create.ts';
import { loadSnapshot } from '../world/snapshot/load.ts';
import { isStopSignal, signalOfCode } from '../interrupt.ts';
import { threadCpuMs, TIMELINE } from './timeline.ts';

/** A variant of the model: `(await import(module))[name][index]`, an object with `apply` and/or `prepare`. */
export interface VariantRef {
  readonly module: string;
  readonly name: string;
  readonly index?: number;
}

/** What every chunk of a seed's cases carries to its worker thread (`run`'s here, `check`'s in src/workers/check-worker.ts). */
export interface ChunkBase {
  readonly profile: string;
  readonly seed: number;
  readonly steps: number;
  /** The chunk: cases [start, start + count) of the seed's sequence (src/run.ts `chunk`). */
  readonly start: number;
  readonly count: number;
  readonly world?: WorldConfig;
  readonly propertyIds?: readonly string[];
  /** Absolute times (performance.timeOrigin + now, ms): the command's start and its time budget's end. */
  readonly startedAt: number;
  readonly deadlineAt?: number;
  readonly budgetSeconds?: number;
  /** Int32Array [stop signal code (0: none), cases done, actions done], shared by every worker. */
  readonly shared: SharedArrayBuffer;
}

export interface ChunkTask extends ChunkBase {
  readonly snapshotPath?: string;
  readonly variant?: VariantRef;
}

/** A chunk's result; with BLEND_HARNESS_TIMELINE=1 also the CPU ms its thread spent on it (src/workers/timeline.ts). */
export type ChunkResult = RunResult & { readonly cpuMs?: number };

export async function runChunk(t: ChunkTask): Promise<ChunkResult> {
  if (!TIMELINE) return runCases(t);
  const c0 = threadCpuMs();
  const result = await runCases(t);
  const c1 = threadCpuMs();
  return c0 !== undefined && c1 !== undefined ? { ...result, cpuMs: c1 - c0 } : result;
}

async function runCases(t: ChunkTask): Promise<RunResult> {
  const flags = new Int32Array(t.shared);
  const profile = getProfile(t.profile);
  if (profile === undefined) throw new Error(`no profile ${t.profile}`);
  const variant = t.variant
    ? ((m) => (t.variant?.index !== undefined ? m[t.variant.index] : m))((await import(t.variant.module))[t.variant.name])
    : undefined;
  const local = (at: number): number => at - performance.timeOrigin;
  let cases = 0;
  let steps = 0;
  return runSuiteAsync({
    profile,
    runs: t.count,
    steps: t.steps,
    seed: t.seed,
    chunk: { start: t.start, count: t.count },
    ...(t.world ? { world: t.world } : {}),
    ...(t.snapshotPath ? { snapshot: loadSnapshot(t.snapshotPath), snapshotPath: t.snapshotPath } : {}),
    ...(t.propertyIds ? { properties: PROPERTIES.filter((p) => t.propertyIds?.includes(p.id)) } : {}),
    startedAt: local(t.startedAt),
    ...(t.deadlineAt !== undefined ? { deadline: local(t.deadlineAt), budgetSeconds: t.budgetSeconds } : {}),
    ...(variant?.apply ? { apply: variant.apply } : {}),
    ...(variant?.prepare ? { prepare: variant.prepare } : {}),
    stopped: () => {
      const s = signalOfCode(Atomics.load(flags, 0));
      return isStopSignal(s) ? s : undefined;
    },
    onCase: (done, n) => {
      Atomics.add(flags, 1, done - cases);
      Atomics.add(flags, 2, n - steps);
      cases = done;
      steps = n;
    },
  });
}

/**
 * `--workers N` (run, check): the flag's definition and its value. The cases of one seed run on N
 * worker threads (src/workers/pool.ts, src/workers/check-pool.ts); the result of a seed is the same
 * for any N.
 */
import { defaultWorkers } from '../workers/pool.ts';
import type { Flag } from './options.ts';
import { UsageError, type Values } from './shared.ts';

/** The most workers `--workers` takes. */
export const MAX_WORKERS = 256;

/** The `--workers` flag of `run` (what runs on the threads: the cases) or `check` (the cases, each worker with its own implementation). */
export function workersFlag(does: string): Flag {
  return {
    name: 'workers',
    value: 'N',
    does,
    allowed: `an integer from 1 to ${MAX_WORKERS}`,
    default: 'the available cores (os.availableParallelism())',
  };
}

/** `--workers`' value (default: the available cores); a bad one is a UsageError (exit 2). */
export function workersOf(values: Values): number {
  if (values.workers === undefined) return defaultWorkers();
  const n = Number(values.workers);
  if (!/^\d+$/.test(values.workers.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_WORKERS)
    throw new UsageError(`--workers: expected an integer from 1 to ${MAX_WORKERS}, got "${values.workers}"`);
  return n;
}

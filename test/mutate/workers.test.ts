/**
 * `mutate --workers N` (issue 18 point 1): the same mutants, in the same order, with the same
 * statuses, killers and replay commands for N = 1 and N = 2. Two emitter mutants that die within
 * seconds at seed 1 (the emission rate's constant 1 stroop higher in the emitter's distribute, and
 * an add turned sub in drop), each checked with its own driver and budget. mutants.json is compared
 * whole, apart from the timings (each mutant's `duration`, and the unmutated build's line: its runs
 * within the budget depend on the machine's load) and the output directory.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { BUILD_TIMEOUT_MS, RUN_DRIVER_TESTS, SKIP_REASON, driverBinary } from '../soroban/driver.ts';

const RATE_UP = 'emitter-438a5528cff1:func39:43:const+1';
const DROP_SUB = 'emitter-438a5528cff1:drop:488:add->sub';

/** mutants.json of a `mutate` of the two mutants on `workers` lanes, without its timings. */
async function mutantsJson(workers: number): Promise<{ json: Record<string, unknown>; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), `mutate-w${workers}-`));
  let out = '';
  const code = await main(
    [
      'mutate',
      '--contracts',
      'emitter',
      '--only',
      `${RATE_UP},${DROP_SUB}`,
      '--per-mutant-budget',
      '20',
      '--seed',
      '1',
      '--workers',
      String(workers),
      '--out',
      dir,
    ],
    { out: (s) => (out += s), err: (s) => (out += s) },
  );
  expect(code, out).toBe(0);
  // the output directory (in each mutant's replay command) is each run's own
  const json = JSON.parse(readFileSync(join(dir, 'mutants.json'), 'utf8').replaceAll(dir, 'DIR')) as {
    files: Record<string, { mutants: { duration?: number }[] }>;
    config: { baseline?: string };
  };
  for (const f of Object.values(json.files)) for (const m of f.mutants) delete m.duration;
  delete json.config.baseline;
  return { json, out };
}

describe.skipIf(!RUN_DRIVER_TESTS)(`mutate --workers (${RUN_DRIVER_TESTS ? 'the Soroban driver' : SKIP_REASON})`, () => {
  it(
    'the same mutants.json for --workers 1 and --workers 2, apart from timings',
    async () => {
      await driverBinary();
      const one = await mutantsJson(1);
      const two = await mutantsJson(2);
      expect(one.out).toMatch(/then 2 mutant\(s\) on 1 worker\(s\)/);
      expect(two.out).toMatch(/then 2 mutant\(s\) on 2 worker\(s\)/);
      const mutants = (one.json.files as Record<string, { mutants: { id: string; status: string }[] }>)['emitter.wasm']!.mutants;
      expect(mutants.map((m) => [m.id, m.status])).toEqual([
        [RATE_UP, 'Killed'],
        [DROP_SUB, 'Killed'],
      ]);
      expect(two.json).toEqual(one.json);
    },
    BUILD_TIMEOUT_MS,
  );
});

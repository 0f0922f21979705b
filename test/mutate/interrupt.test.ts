/**
 * `blend-harness mutate` interrupted (Ctrl-C) while a mutant is checked: the driver it runs is
 * killed, no process of the run is left behind, the reports are written marked incomplete, and the
 * exit code is 130; with `--workers 2`, while two mutants are checked at once (a driver each, one
 * from the main thread, one from a worker thread), both drivers are killed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RUN_MARKER_VAR } from '../../src/check/proctree.ts';
import { BUILD_TIMEOUT_MS, RUN_DRIVER_TESTS, SKIP_REASON, driverBinary } from '../soroban/driver.ts';

const BIN = fileURLToPath(new URL('../../bin/blend-harness.mjs', import.meta.url));
/**
 * A mutant that survives a short check: the pool's auction fill scaling (`func87 +132`, the block
 * window's test), which the interest auction chain (session 19) does not tell apart: it survived a
 * 30 s check at seed 1 after the chain was merged.
 */
const SURVIVOR = 'pool-a41fc53d6753:func87:132:lt->le';
/**
 * Another: default_liabilities' b_rate loss on the bad-debt path (`func102 +380`), which no
 * generated action reaches (no bad-debt auction is modelled). (`func87 +1395`, used here before,
 * dies in about 2 s since the interest auction chain.)
 */
const SURVIVOR_2 = 'pool-a41fc53d6753:func102:380:sub->add';

/** The processes whose environment carries the run marker of a harness process `pid` started. */
function markedBy(pid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').includes(`${RUN_MARKER_VAR}=${pid}-`)) found.push(Number(name));
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

/** Whether process `pid` is the Soroban driver (not a shell that runs it). */
function isDriver(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'latin1').startsWith('blend-harness-s');
  } catch {
    return false;
  }
}

describe.skipIf(!RUN_DRIVER_TESTS)(`mutate interrupted (${RUN_DRIVER_TESTS ? 'the Soroban driver' : SKIP_REASON})`, () => {
  it.each([
    { workers: 1, only: [SURVIVOR] },
    { workers: 2, only: [SURVIVOR, SURVIVOR_2] },
  ])(
    'Ctrl-C during $only.length mutant(s) on $workers worker(s): exit 130, every driver killed, the reports marked incomplete',
    async ({ workers, only }) => {
      await driverBinary();
      const dir = mkdtempSync(join(tmpdir(), 'mutate-int-'));
      const child = spawn(
        process.execPath,
        [
          BIN,
          'mutate',
          '--contracts',
          'pool',
          '--only',
          only.join(','),
          '--per-mutant-budget',
          '20',
          '--seed',
          '3',
          '--workers',
          String(workers),
          '--out',
          dir,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      // the unmutated build checked, the mutant's check under way (its driver running)
      const deadline = Date.now() + 120_000;
      while (!out.includes('the unmutated build:') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(out).toContain('the unmutated build: no divergence');
      // a driver per mutant in flight (the unmutated build's is closed before they start)
      let drivers: number[] = [];
      while (drivers.length < only.length && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        drivers = markedBy(child.pid!).filter((pid) => isDriver(pid));
      }
      expect(drivers.length).toBeGreaterThanOrEqual(only.length);
      child.kill('SIGINT');
      const code = await exited;
      expect(code, out).toBe(130);
      expect(out).toContain('INTERRUPTED by SIGINT');
      expect(markedBy(child.pid!)).toEqual([]);
      const md = readFileSync(join(dir, 'mutants.md'), 'utf8');
      expect(md).toMatch(/^# Mutation score: n\/a \(no mutant counts\) \(INCOMPLETE\)|^# Mutation score: .* \(INCOMPLETE\)/);
      expect(md).toContain('interrupted by SIGINT');
      for (const id of only) expect(md).toMatch(new RegExp(`\\| \`${id.replace(/[+]/g, '\\+')}\` \\| pool \\|.*\\| not run \\|`));
      expect(JSON.parse(readFileSync(join(dir, 'mutants.json'), 'utf8')).config.incomplete).toBe('interrupted by SIGINT');
    },
    BUILD_TIMEOUT_MS,
  );
});

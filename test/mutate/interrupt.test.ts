/**
 * `blend-harness mutate` interrupted (Ctrl-C) while a mutant is checked: the driver it runs is
 * killed, no process of the run is left behind, the reports are written marked incomplete, and the
 * exit code is 130.
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
/** A mutant that survives a short check (the emission rate 1 stroop lower in one place). */
const SURVIVOR = 'emitter-438a5528cff1:func39:56:const-1';

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

describe.skipIf(!RUN_DRIVER_TESTS)(`mutate interrupted (${RUN_DRIVER_TESTS ? 'the Soroban driver' : SKIP_REASON})`, () => {
  it(
    'Ctrl-C during a mutant: exit 130, its driver killed, the reports marked incomplete',
    async () => {
      await driverBinary();
      const dir = mkdtempSync(join(tmpdir(), 'mutate-int-'));
      const child = spawn(
        process.execPath,
        [BIN, 'mutate', '--contracts', 'emitter', '--only', SURVIVOR, '--per-mutant-budget', '20', '--seed', '3', '--out', dir],
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
      let drivers: number[] = [];
      while (drivers.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        drivers = markedBy(child.pid!);
      }
      expect(drivers.length).toBeGreaterThan(0);
      child.kill('SIGINT');
      const code = await exited;
      expect(code, out).toBe(130);
      expect(out).toContain('INTERRUPTED by SIGINT');
      expect(markedBy(child.pid!)).toEqual([]);
      const md = readFileSync(join(dir, 'mutants.md'), 'utf8');
      expect(md).toMatch(/^# Mutation score: n\/a \(no mutant counts\) \(INCOMPLETE\)|^# Mutation score: .* \(INCOMPLETE\)/);
      expect(md).toContain('interrupted by SIGINT');
      expect(md).toContain(`| \`${SURVIVOR}\` | emitter |`);
      expect(md).toContain('| not run |');
      expect(JSON.parse(readFileSync(join(dir, 'mutants.json'), 'utf8')).config.incomplete).toBe('interrupted by SIGINT');
    },
    BUILD_TIMEOUT_MS,
  );
});

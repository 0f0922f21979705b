/**
 * Ctrl-C (SIGINT) or SIGTERM during a run: the CLI stops early, still writes report.json, report.md
 * and junit.xml — marked incomplete, with the seed, the runs completed, the actions and property
 * checks so far — and exits 130 (SIGINT) or 143 (SIGTERM). Real processes, real signals.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TSX_LOADER } from '../../src/cli/main.ts';

const BIN = new URL('../../bin/blend-harness.mjs', import.meta.url).pathname;
const SERVER = new URL('../../adapters/model/main.ts', import.meta.url).pathname;

/** Start the CLI, wait until it says it is running and a little more, send `signal`; its exit code and output. */
async function interrupt(args: string[], signal: 'SIGINT' | 'SIGTERM', afterMs: number): Promise<{ code: number | null; out: string; err: string }> {
  const cli = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  cli.stderr.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((res) => cli.on('exit', (code) => res(code)));
  await new Promise<void>((res, rej) => {
    cli.stdout.on('data', (d) => {
      out += d;
      if (/^(running|checking) /m.test(out)) res();
    });
    cli.on('exit', () => rej(new Error(`exited before it started: ${out} ${err}`)));
  });
  await new Promise((res) => setTimeout(res, afterMs));
  cli.kill(signal);
  const code = await exit;
  return { code, out, err };
}

function partialReport(dir: string, seed: number, signal: string) {
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  expect(report.complete).toBe(false);
  expect(report.interrupted.signal).toBe(signal);
  expect(report.seed).toBe(seed);
  expect(report.interrupted.runsCompleted).toBeGreaterThan(0);
  expect(report.interrupted.runsCompleted).toBeLessThan(report.runs);
  expect(report.runsCompleted).toBe(report.interrupted.runsCompleted);
  expect(report.totalSteps).toBeGreaterThan(0);
  expect(report.actions.reduce((n: number, a: { accepted: number }) => n + a.accepted, 0)).toBeGreaterThan(0);
  expect(report.properties.some((p: { status: string; checks: number }) => p.status === 'passed' && p.checks > 0)).toBe(true);
  expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(new RegExp(`^# Blend emissions harness: PASS \\(INCOMPLETE\\)\\n\\n\\*\\*Incomplete\\*\\*: interrupted by ${signal} after \\d+ of ${report.runs} runs`));
  expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<property name="complete" value="false"/>');
  // written through temporary files renamed into place: none is left behind
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  return report;
}

/** Processes whose command line holds `marker`. */
function survivors(marker: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes(marker) && !l.includes('ps -eo'));
}

describe('an interrupted run', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`run: ${signal} writes a partial report marked incomplete and exits ${code}`, { timeout: 30_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'blend-int-'));
      const r = await interrupt(['run', '--profile', 'blend-v2', '--runs', '1000000', '--steps', '200', '--seed', '42', '--out', dir], signal, 1000);
      expect(r.code).toBe(code);
      expect(r.err).toBe('');
      expect(r.out).toMatch(new RegExp(`INTERRUPTED by ${signal} after \\d+ of 1000000 runs`));
      const report = partialReport(dir, 42, signal);
      expect(report.verdict).toBe('pass');
    });
  }

  it('check: SIGINT kills the implementation, writes a partial report and exits 130', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blend-int-'));
    const marker = `interrupt-token-${process.pid}`;
    const impl = `"${process.execPath}" --import "${TSX_LOADER}" "${SERVER}" ${marker}`;
    const r = await interrupt(['check', '--impl', impl, '--profile', 'blend-v2', '--runs', '100000', '--steps', '30', '--seed', '7', '--corpus', join(dir, 'corpus'), '--out', dir], 'SIGINT', 2500);
    expect(r.code).toBe(130);
    expect(r.err).toBe('');
    const report = partialReport(dir, 7, 'SIGINT');
    expect(report.verdict).toBe('pass');
    expect(report.fault).toBeUndefined();
    expect(report.implementation.name).toMatch(/reference model/);
    for (let i = 0; i < 20 && survivors(marker).length > 0; i++) await new Promise((res) => setTimeout(res, 100));
    expect(survivors(marker)).toEqual([]);
  });
});

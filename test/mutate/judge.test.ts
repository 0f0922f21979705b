/**
 * A kill by an implementation fault in a case the unmutated build's check did not reach is replayed
 * on the unmutated build (src/mutate/run.ts `judgeMutant`), as a kill by a divergence is: the fault's
 * case is named by its fast-check path (the runs completed before it), the replay runs that very
 * case, and a fault the unmutated build has too is the build's (mutate then halts, exit 3), not the
 * mutant's. The driver is a stand-in (test/fixtures/impls/crash-on.mjs): the reference model that
 * crashes on a request of one action, as the mutant always, as the unmutated build when asked.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mutant } from '../../src/mutate/mutants.ts';
import { judgeMutant, type MutantCheckSettings } from '../../src/mutate/run.ts';

const FAKE = fileURLToPath(new URL('../fixtures/impls/crash-on.mjs', import.meta.url));
const ENV = ['BLEND_TEST_CRASH_ON', 'BLEND_TEST_CRASH_BASE', 'BLEND_TEST_CRASH_LOG'] as const;
afterEach(() => {
  for (const k of ENV) delete process.env[k];
});

/** A temporary directory with the stand-in driver as one executable (mutate runs the driver by path). */
function setUp(): { dir: string; driver: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'blend-judge-'));
  const driver = join(dir, 'driver');
  writeFileSync(driver, `#!/bin/sh\nexec "${process.execPath}" "${FAKE}" "$@"\n`);
  chmodSync(driver, 0o755);
  writeFileSync(join(dir, 'mutant.wasm'), 'not read by the stand-in');
  return { dir, driver, log: join(dir, 'crashes.log') };
}

const mutantAt = (file: string): Mutant => ({
  id: 'emitter-000000000000:distribute:1:lt->le',
  function: 'distribute',
  function_index: 1,
  offset: 1,
  file_offset: 1,
  operator: 'lt->le',
  original: 'i64.lt_u',
  replacement: 'i64.le_u',
  constant: null,
  ignored_reason: null,
  valid: true,
  invalid_reason: null,
  file,
});

const settings = (driver: string): MutantCheckSettings => ({
  driver,
  userWasm: [],
  seed: 3,
  whale: false,
  runs: 40,
  steps: 60,
  budgetSeconds: 60,
  timeoutMs: 30_000,
  signal: new AbortController().signal,
  warn: () => {},
});

/** The crash log's lines: who crashed (mutant / unmutated) on which request line. */
const crashes = (log: string): string[][] =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          // the request without its id (a replay numbers its requests from its own start)
          const { id: _, ...req } = JSON.parse(l.slice(l.indexOf(' ') + 1)) as Record<string, unknown>;
          return [l.slice(0, l.indexOf(' ')), JSON.stringify(req)];
        })
    : [];

describe('judgeMutant: a kill by a fault', () => {
  it("past the runs the unmutated build checked: replayed on it at the fault's own case, which it passes (the kill stands)", async () => {
    const { dir, driver, log } = setUp();
    Object.assign(process.env, { BLEND_TEST_CRASH_ON: 'backstop.drop', BLEND_TEST_CRASH_LOG: log });
    const j = await judgeMutant('emitter', 0, mutantAt(join(dir, 'mutant.wasm')), settings(driver), 0);
    expect(j.outcome.status, j.outcome.detail).toBe('killed');
    expect(j.outcome.killer).toBe('implementation fault (crash)');
    expect(j.outcome.path).toMatch(/^\d+$/);
    expect(j.outcome.replay).toContain(`--path ${j.outcome.path}`);
    // the unmutated build ran the case, and passed it
    expect(j.recheck?.result?.verdict, j.recheck?.result?.fault?.message).toBe('pass');
    expect(j.recheck?.result?.runsCompleted).toBe(1);
    expect(crashes(log).map((c) => c[0])).toEqual(['mutant']);
  }, 120_000);

  it("where the unmutated build crashes too, on the same request: the replay faults (the build's fault, not the kill)", async () => {
    const { dir, driver, log } = setUp();
    Object.assign(process.env, { BLEND_TEST_CRASH_ON: 'backstop.drop', BLEND_TEST_CRASH_BASE: '1', BLEND_TEST_CRASH_LOG: log });
    const j = await judgeMutant('emitter', 0, mutantAt(join(dir, 'mutant.wasm')), settings(driver), 0);
    expect(j.outcome.status).toBe('killed');
    expect(
      j.recheck?.result?.fault?.kind,
      JSON.stringify({
        v: j.recheck?.result?.verdict,
        f: j.recheck?.result?.fault,
        h: j.recheck?.handshakeFault,
        r: j.recheck?.result?.runsCompleted,
        t: j.recheck?.timedOut,
      }),
    ).toBe('crash');
    // the replay ran the very case the mutant crashed in: the same request, by the unmutated build
    const c = crashes(log);
    expect(c.map((x) => x[0])).toEqual(['mutant', 'unmutated']);
    expect(c[1]![1]).toBe(c[0]![1]);
  }, 120_000);

  it('within the runs the unmutated build checked: no replay (it ran that case already)', async () => {
    const { dir, driver, log } = setUp();
    Object.assign(process.env, { BLEND_TEST_CRASH_ON: 'backstop.drop', BLEND_TEST_CRASH_LOG: log });
    const j = await judgeMutant('emitter', 0, mutantAt(join(dir, 'mutant.wasm')), settings(driver), 1_000);
    expect(j.outcome.status).toBe('killed');
    expect(j.recheck).toBeUndefined();
  }, 120_000);
});

/**
 * `check --impl soroban --wasm emitter=MUTANT --baseline bundled` end to end: a mutant of the
 * bundled emitter made by the driver's `mutate` (the emission rate's constant in distribute, +1
 * stroop: any distribute step exposes it) diverges (exit 1), and the baseline replays the shrunk
 * counterexample and the sequence first found on the bundled build, which agrees with the model on
 * both: `user-build-only` in report.json, report.md, junit.xml and the corpus file, with the
 * baseline's provenance (every contract bundled). The same under --workers 1 and 2. With the
 * bundled emitter given as the user's build (no divergence) the baseline replays nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-helpers.ts';
import { BUILD_TIMEOUT_MS, RUN_DRIVER_TESTS, SKIP_REASON, driverBinary } from './driver.ts';

const tmp = mkdtempSync(join(tmpdir(), 'blend-baseline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** blend-contract-sdk 2.25.0's emitter: the emission rate's constant (1 BLND/s) in distribute, +1. */
const RATE_UP = 'emitter-438a5528cff1:func39:43:const+1';

describe.skipIf(!RUN_DRIVER_TESTS)(`check --baseline bundled (${RUN_DRIVER_TESTS ? 'the Soroban driver' : SKIP_REASON})`, () => {
  it(
    "a mutant emitter: exit 1, the divergence is the user's build's only (user-build-only), the same for --workers 1 and 2",
    async () => {
      const driver = await driverBinary();
      execFileSync(driver, ['mutate', '--contract', 'emitter', '--out', join(tmp, 'mutants')]);
      const list = JSON.parse(readFileSync(join(tmp, 'mutants', 'emitter.mutants.json'), 'utf8')) as {
        mutants: { id: string; file: string }[];
      };
      const mutant = list.mutants.find((m) => m.id === RATE_UP)!.file;
      const baselines: unknown[] = [];
      for (const workers of ['1', '2']) {
        const out = join(tmp, `out-${workers}`);
        const r = await cli([
          'check',
          '--impl',
          'soroban',
          '--wasm',
          `emitter=${mutant}`,
          '--baseline',
          'bundled',
          '--profile',
          'blend-v2',
          '--seed',
          '7',
          '--time-budget',
          '60',
          '--workers',
          workers,
          '--out',
          out,
        ]);
        expect(r.code, `${r.out}\n${r.err}`).toBe(1);
        expect(r.out).toMatch(/\nDIVERGENCE DIVERGENCE-REPLY: reply diverges at step \d+ \(emitter\.distribute\(\)\)/);
        expect(r.out).toMatch(/baseline bundled: blend-harness-soroban .* \(sha256 backstop [0-9a-f]{12}, emitter 438a5528cff1/);
        expect(r.out).toMatch(/ {2}counterexample \(\d+ steps?\): USER-BUILD-ONLY: the bundled build agrees with the model on it/);
        const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
        expect(report.verdict).toBe('fail');
        expect(report.baseline.status).toBe('ran');
        expect(report.baseline.divergences[0]).toMatchObject({ sequence: 'counterexample', attribution: 'user-build-only' });
        for (const d of report.baseline.divergences) expect(d.attribution).toBe('user-build-only');
        // the baseline ran every contract bundled; the check ran the user's emitter
        expect(report.baseline.provenance.map((p: { source: string }) => p.source)).toEqual(Array(5).fill('bundled'));
        expect(report.baseline.provenance.find((p: { contract: string }) => p.contract === 'emitter').sha256).toMatch(/^438a5528cff1/);
        expect(report.implementation.provenance.find((p: { contract: string }) => p.contract === 'emitter').source).toBe('user');
        expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain(
          '<property name="baseline.counterexample.attribution" value="user-build-only"/>',
        );
        expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## Baseline: the bundled build');
        const corpus = JSON.parse(readFileSync(report.counterexample.corpusFile, 'utf8'));
        expect(corpus.baseline.divergences[0].attribution).toBe('user-build-only');
        baselines.push(report.baseline);
      }
      expect(baselines[1]).toEqual(baselines[0]);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'no divergence: the baseline replays nothing and says so',
    async () => {
      const driver = await driverBinary();
      const copy = join(tmp, 'emitter.wasm');
      execFileSync(driver, ['inspect', '--export', 'emitter', '--out', copy]);
      const out = join(tmp, 'out-pass');
      const r = await cli([
        'check',
        '--impl',
        'soroban',
        '--wasm',
        `emitter=${copy}`,
        '--baseline',
        'bundled',
        '--profile',
        'blend-v2',
        '--runs',
        '2',
        '--steps',
        '10',
        '--seed',
        '1',
        '--workers',
        '1',
        '--out',
        out,
      ]);
      // two short sequences exercise too little: insufficient (4), and no divergence
      expect(r.code, `${r.out}\n${r.err}`).toBe(4);
      expect(r.out).toContain('baseline bundled: the check found no divergence, so the baseline replayed nothing');
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      expect(report.baseline).toEqual({ baseline: 'bundled', status: 'none', divergences: [] });
    },
    BUILD_TIMEOUT_MS,
  );
});

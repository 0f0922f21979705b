/**
 * Counterexamples exported as tests: a vitest file that replays the steps on the reference model,
 * and a Rust test that replays them as protocol requests on the real contracts through the Soroban
 * driver, expecting the reference model's reply at every step. When the driver is built (in the
 * target directory `--impl soroban` uses: BLEND_SOROBAN_TARGET, else CARGO_TARGET_DIR, else
 * $XDG_CACHE_HOME or ~/.cache under blend-harness/soroban-target) the Rust test is also compiled
 * and run with cargo; otherwise that part is skipped, saying so — except under CI, where
 * scripts/setup.sh builds the driver and the test must run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSuite } from '../../src/run.ts';
import {
  modelReplies,
  removeCounterexampleTests,
  renderRustTest,
  RUST_EXPORT,
  VITEST_EXPORT,
  writeCounterexampleTests,
} from '../../src/report/export.ts';
import { renderRegressionTest } from '../../src/report/write.ts';
import { actionToRequest } from '../../src/protocol/messages.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { MUTANTS } from '../properties/mutants.ts';
import { findCargo, sorobanTargetDir } from '../../src/check/soroban.ts';

const tmp = mkdtempSync(join(tmpdir(), 'blend-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const m =
  MUTANTS.find((x) => x.property === 'BLND-CLAIM-001' && x.profile === 'blend-v2') ?? MUTANTS.find((x) => x.property === 'BLND-CLAIM-001')!;
const result = runSuite({ profile: PROFILES['blend-v2'], runs: 600, steps: 250, seed: 20261121, apply: m.apply, prepare: m.prepare });
const c = result.counterexample!;

describe('counterexample exports', () => {
  it('the run failed, so there is something to export', () => {
    expect(result.verdict).toBe('fail');
    expect(c.actions.length).toBeGreaterThan(1);
  });

  it('the Rust test sends every step as a protocol request and expects the reference model reply', () => {
    const rust = renderRustTest(result)!;
    const replies = modelReplies('blend-v2', result.world as never, c.actions);
    expect(rust).toContain('use blend_harness_soroban::Driver;');
    expect(rust).toMatch(/#\[test\]\nfn blnd_claim_001_seed_20261121\(\) \{/);
    const stepLines = rust.split('\n').filter((l) => l.startsWith('    step(&mut driver, '));
    expect(stepLines).toHaveLength(c.actions.length);
    stepLines.forEach((line, i) => {
      expect(line).toContain(JSON.stringify(actionToRequest(c.actions[i]!)));
      expect(line).toContain(JSON.stringify(replies[i]));
    });
    // the failing step is the claim the wrong variant overpaid; the test expects the model's reply to it
    expect(c.actions.at(-1)!.fn).toBe('backstop.claim');
    expect(replies.at(-1)!.ok).toBe(true);
  });

  it('nothing for a world the driver cannot build (another profile, a snapshot)', () => {
    expect(renderRustTest({ ...result, profile: 'documented' })).toBeUndefined();
    expect(renderRustTest({ ...result, world: { snapshot: 'x.json' } })).toBeUndefined();
  });

  it('both files are written beside the reports, the vitest one importing the harness from there, and a pass removes them', () => {
    const dir = join(tmp, 'reports', 'latest');
    const files = writeCounterexampleTests(dir, result, renderRegressionTest(result));
    expect(files.map((f) => f.split('/').pop())).toEqual([VITEST_EXPORT, RUST_EXPORT]);
    const ts = readFileSync(join(dir, VITEST_EXPORT), 'utf8');
    const rel = /from '([^']+replay\.ts)'/.exec(ts)![1]!;
    expect(existsSync(resolve(dir, rel))).toBe(true);
    removeCounterexampleTests(dir);
    expect(existsSync(join(dir, VITEST_EXPORT)) || existsSync(join(dir, RUST_EXPORT))).toBe(false);
  });

  const target = process.env.BLEND_SOROBAN_TARGET ?? sorobanTargetDir();
  const built = existsSync(join(target, 'release', 'blend-harness-soroban'));
  it.skipIf(!built && !process.env.CI)(
    `the Rust test compiles and passes on the real contracts (cargo, target ${target})`,
    () => {
      const manifest = resolve('adapters/soroban/Cargo.toml');
      const testsDir = resolve('adapters/soroban/tests');
      // the driver's own integration tests may live there: remove the folder only if this test made it
      const made = !existsSync(testsDir);
      mkdirSync(testsDir, { recursive: true });
      const file = join(testsDir, 'exported_counterexample_test.rs');
      writeFileSync(file, renderRustTest(result)!);
      try {
        const out = execFileSync(
          findCargo() ?? 'cargo',
          ['test', '--release', '-j', '2', '--manifest-path', manifest, '--test', 'exported_counterexample_test'],
          { env: { ...process.env, CARGO_TARGET_DIR: target }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
        );
        expect(out).toMatch(/test blnd_claim_001_seed_20261121 \.\.\. ok/);
      } finally {
        rmSync(file, { force: true });
        if (made) rmSync(testsDir, { recursive: true, force: true });
      }
    },
    600_000,
  );
  if (!built)
    it('the Rust test is not compiled here: the Soroban driver is not built (see adapters/soroban/README.md)', () =>
      expect(built).toBe(false));
});

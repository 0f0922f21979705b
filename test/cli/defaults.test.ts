/**
 * Defaults that find bugs: a bare `run` (no --runs, no --steps, no run profile) explores at least
 * Foundry's default campaign (256 runs x depth 500 = 128,000 calls) and, under every profile,
 * reaches every applicable property (the default minimum-exercise rule: exit 0, not 4). A change
 * to the generators or the defaults that leaves a property at 0 checks fails here.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { RUN_DEFAULTS } from '../../src/cli/commands/run.ts';

describe('a bare run', () => {
  it("plans at least 128,000 steps (Foundry's default invariant campaign)", () => {
    expect(RUN_DEFAULTS.runs * RUN_DEFAULTS.steps).toBeGreaterThanOrEqual(128_000);
  });

  for (const profile of ['documented', 'blend-v1', 'blend-v2']) {
    it(`${profile}: every applicable property checked, exit 0`, { timeout: 120_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'blend-defaults-'));
      let out = '';
      const code = await main(['run', '--profile', profile, '--seed', '1', '--out', dir], {
        out: (s) => (out += s),
        err: (s) => (out += s),
      });
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      expect(report.properties.filter((p: { status: string }) => p.status === 'not exercised').map((p: { id: string }) => p.id)).toEqual(
        [],
      );
      expect(code, out).toBe(0);
      expect(report).toMatchObject({ runs: RUN_DEFAULTS.runs, runsCompleted: RUN_DEFAULTS.runs, verdict: 'pass' });
      // well past 100,000 actions actually run (runs end early when a command's precondition fails)
      expect(report.totalSteps).toBeGreaterThan(100_000);
    });
  }
});

/**
 * `check` against estimators, end to end through the CLI in a subprocess (src/check/estimator.ts,
 * src/check/claimable.ts):
 * - `--impl blend-sdk` finds the decimals defect of @blend-capital/blend-sdk 3.2.2 on its own
 *   (a pool estimate on a 6-, 9- or 18-decimal reserve beyond the tolerance), exit 1, shrunk;
 * - a fake estimator that is right (test/fixtures/estimators/exact.ts: the model's own claims as
 *   floats) passes under the pr run profile, exit 0, with estimates compared, some paying and some
 *   in the future;
 * - one that shows 1 BLND where the claim reverts gets the revert kind, exit 1;
 * - a bad `--tolerance` is one line and exit 2, before anything runs, nothing written.
 * Each CLI run is timed (printed), not held to a time: the machine is shared.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTolerance, ToleranceError } from '../../src/check/claimable.ts';

const BIN = fileURLToPath(new URL('../../bin/blend-harness.mjs', import.meta.url));
const fixture = (name: string): string =>
  `node --import tsx ${fileURLToPath(new URL(`../fixtures/estimators/${name}.ts`, import.meta.url))}`;

const DIRS: string[] = [];
afterAll(() => {
  for (const d of DIRS) rmSync(d, { recursive: true, force: true });
});

function cli(args: string[]): { status: number | null; stdout: string; stderr: string; out: string; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'blend-est-'));
  DIRS.push(dir);
  const out = join(dir, 'out');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'check', ...args, '--out', out], {
    encoding: 'utf8',
    timeout: 280_000,
    env: { ...process.env, BLEND_HARNESS_IGNORE_PARENT: '1' },
  });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(`check ${args.join(' ')}: exit ${r.status} in ${seconds.toFixed(1)} s\n`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out, seconds };
}

const report = (out: string) =>
  JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
    verdict: string;
    counterexample?: { property: string; steps: string[] };
    finding?: { kind: string; claim?: { decimals?: number; estimate: string; model: string; difference?: string } };
    estimates?: { compared: number; paying: number; future: number; pools: number; backstop: number; mode: string; tolerance?: string };
  };

describe('--tolerance', () => {
  it('reads STROOPS[+REL]', () => {
    expect(parseTolerance('1+2^-52')).toMatchObject({ stroops: 1n, relative: 2 ** -52 });
    expect(parseTolerance('0')).toMatchObject({ stroops: 0n, relative: 0 });
    expect(parseTolerance('10+1e-9')).toMatchObject({ stroops: 10n, relative: 1e-9 });
    for (const bad of ['', 'abc', '-1', '1+', '1+2', '1.5', '1+2^x', '1 stroop']) expect(() => parseTolerance(bad)).toThrow(ToleranceError);
  });

  it.each([
    [['--impl', 'blend-sdk', '--tolerance', 'one stroop'], /--tolerance: expected STROOPS\[\+RELATIVE\]/],
    [['--impl', 'model', '--tolerance', '1'], /--tolerance: applies to an estimator in blnd-float units only; --impl model/],
  ])('bad: %j is one line, exit 2, nothing written', (args, msg) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(r.out)).toBe(false);
  });

  it('given for an exact implementation known only by its handshake: exit 2 after the handshake, nothing written', () => {
    const r = cli(['--impl', 'node --import tsx adapters/model/main.ts', '--tolerance', '5', '--runs', '1', '--steps', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--tolerance: applies to an estimator in blnd-float units only; .* is not an estimator/);
    expect(existsSync(join(r.out, 'report.json'))).toBe(false);
  });
});

describe('check against estimators', () => {
  it('--impl blend-sdk finds the decimals difference on its own: exit 1, a pool estimate on a 6-, 9- or 18-decimal reserve, shrunk', () => {
    const r = cli(['--impl', 'blend-sdk', '--profile', 'blend-v2', '--seed', '1']);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(
      /DIVERGENCE DIVERGENCE-ESTIMATE: estimate differs at step \d+ .*reserve token id \d+ \([bd] token, (6|9|18) decimals\)/,
    );
    expect(r.stdout).toMatch(/the contract pays [\d.]+ BLND \(\d+ stroops\), the estimator shows [\d.e-]+ BLND, difference -?[\d.]+ BLND/);
    const rep = report(r.out);
    expect(rep.verdict).toBe('fail');
    expect(rep.finding?.kind).toBe('estimate');
    expect([6, 9, 18]).toContain(rep.finding?.claim?.decimals);
    expect(rep.counterexample!.steps.length).toBeLessThanOrEqual(10);
    expect(rep.estimates).toMatchObject({ mode: 'blnd-float', tolerance: '1+2^-52' });
    expect(rep.estimates!.compared).toBeGreaterThan(0);
  }, 300_000);

  it('a fake estimator that is right passes (exit 0) with estimates compared, paying ones and later ones among them', () => {
    const r = cli(['--impl', fixture('exact'), '--profile', 'blend-v2', '--seed', '2', '--run-profile', 'pr']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/no difference: every estimate agreed with what the model's claim pays \(within 1\+2\^-52\)/);
    const e = report(r.out).estimates!;
    expect(e.compared).toBeGreaterThan(0);
    expect(e.paying).toBeGreaterThan(0);
    expect(e.future).toBeGreaterThan(0);
    expect(e.pools).toBeGreaterThan(0);
    expect(e.backstop).toBeGreaterThan(0);
  }, 300_000);

  it('one that shows an amount where the claim reverts gets the revert kind: exit 1', () => {
    const r = cli(['--impl', fixture('shows-reverts'), '--profile', 'blend-v2', '--seed', '2', '--runs', '50', '--steps', '60']);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(
      /DIVERGENCE DIVERGENCE-ESTIMATE-REVERT: estimate where the contract reverts at step \d+ .*: the claim reverts \w+#\d+, the estimator shows 1 BLND/,
    );
    const rep = report(r.out);
    expect(rep.finding?.kind).toBe('estimate-revert');
    expect(rep.counterexample!.steps.length).toBeLessThanOrEqual(8);
  }, 300_000);
});

/**
 * The harness as a dev dependency of another repository (issue 19 points 6 and 7): `npm pack` of
 * this checkout (prepack: `npm run build`, the compiled dist/), `npm install --save-dev` of the
 * tarball into a temporary project outside the repository (the npm registry is reachable: the
 * harness's dependencies come from it), then `npx blend-harness ...` there:
 * - the installed package is compiled JavaScript: no tsx installed, its bin is dist/'s launcher,
 *   no TypeScript sources shipped;
 * - `run --run-profile pr` ends in a pass (exit 0) with report.json;
 * - `check --impl soroban --run-profile pr` builds the Soroban driver from
 *   node_modules/blend-emissions-harness/adapters/soroban (into CARGO_TARGET_DIR or
 *   ~/.cache/blend-harness/soroban-target) and runs the real v2 contracts in lockstep, no divergence.
 * Slow (an npm install, a 40 s run, a driver build, a 40 s check): long timeouts. The driver part
 * runs where cargo is, and under CI always (test/soroban/driver.ts). The temporary directory is
 * removed afterwards.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_DRIVER_TESTS } from '../soroban/driver.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const PKG = 'blend-emissions-harness';
const tmp = mkdtempSync(join(tmpdir(), 'blend-install-'));
const project = join(tmp, 'contracts-repo');
const installed = join(project, 'node_modules', PKG);

/** The environment of a command run by a user in their repository: none of npm's variables from the test's own npm, CI set. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, CI: '1' };
}

function sh(cmd: string, args: readonly string[], cwd: string, timeoutMs: number): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (r.error !== undefined) throw r.error;
  return r;
}
const tail = (r: SpawnSyncReturns<string>): string => `exit ${r.status}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`;

beforeAll(() => {
  // npm pack runs prepack (npm run build); the tarball goes to the temporary directory
  const pack = sh('npm', ['pack', '--pack-destination', tmp, '--no-audit', '--no-fund'], ROOT, 5 * 60_000);
  expect(pack.status, tail(pack)).toBe(0);
  const tarball = readdirSync(tmp).find((f) => f.startsWith(`${PKG}-`) && f.endsWith('.tgz'));
  expect(tarball, `no tarball in ${tmp}`).toBeDefined();
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'contracts-repo', version: '1.0.0', private: true }, null, 2)}\n`);
  const install = sh('npm', ['install', '--save-dev', join(tmp, tarball!), '--no-audit', '--no-fund'], project, 10 * 60_000);
  expect(install.status, tail(install)).toBe(0);
}, 15 * 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the packed harness installed in another repository', () => {
  it('is compiled JavaScript: its bin is dist/bin/blend-harness.mjs, no tsx installed, no TypeScript sources shipped', () => {
    expect(realpathSync(join(project, 'node_modules', '.bin', 'blend-harness'))).toBe(
      join(realpathSync(installed), 'dist', 'bin', 'blend-harness.mjs'),
    );
    expect(existsSync(join(installed, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(installed, 'adapters', 'soroban', 'Cargo.lock'))).toBe(true);
    const dev = (JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> })
      .devDependencies;
    expect(Object.keys(dev ?? {})).toEqual([PKG]);
  });

  it(
    '`npx blend-harness run --run-profile pr` there ends in a pass with report.json',
    () => {
      const r = sh('npx', ['blend-harness', 'run', '--run-profile', 'pr', '--out', 'reports/run'], project, 5 * 60_000);
      expect(r.status, tail(r)).toBe(0);
      const report = JSON.parse(readFileSync(join(project, 'reports', 'run', 'report.json'), 'utf8')) as { verdict: string };
      expect(report.verdict).toBe('pass');
    },
    6 * 60_000,
  );

  it(
    '`npx blend-harness check --impl model` there serves the model from dist/adapters/model/main.js, in lockstep with no divergence',
    () => {
      const r = sh(
        'npx',
        ['blend-harness', 'check', '--impl', 'model', '--runs', '5', '--steps', '20', '--seed', '1', '--out', 'reports/model'],
        project,
        2 * 60_000,
      );
      // 5 short sequences leave properties unexercised: insufficient (4), never a divergence (1) or a fault (3)
      expect(r.status, tail(r)).toBe(4);
      expect(r.stdout).toContain('no divergence in what ran');
      const report = JSON.parse(readFileSync(join(project, 'reports', 'model', 'report.json'), 'utf8')) as {
        complete: boolean;
        totalSteps: number;
      };
      expect(report.complete).toBe(true);
      expect(report.totalSteps).toBeGreaterThan(0);
    },
    3 * 60_000,
  );

  it('`npx blend-harness --help` there answers quickly (compiled, no TypeScript loader)', () => {
    const t0 = performance.now();
    const r = sh('npx', ['blend-harness', '--help'], project, 60_000);
    expect(r.status, tail(r)).toBe(0);
    expect(r.stdout).toContain('usage: blend-harness run');
    // npx's own start-up included; the harness alone is ~0.2 s (bench/startup.ts)
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  // TODO(integrator, issue 19 point 7): once --wasm lands (branch s9-wasm), run this with
  // `--wasm backstop=<copy of the bundled backstop>` and expect the copy's SHA-256 in report.json.
  // A pass (exit 0) is not reached today: in pr's 40 s (~200 sequences) the soroban check leaves
  // BLND-DIST-004 / DIST-EMPTY-RZ unexercised (the reach of every rule is its own issue), so this
  // asserts what a pr check earns now: the driver built from node_modules, every sequence run in
  // lockstep, no divergence and no fault, and insufficient (exit 4) naming only that shortfall.
  it.skipIf(!RUN_DRIVER_TESTS)(
    '`npx blend-harness check --impl soroban --run-profile pr` there builds the driver from node_modules and agrees with the model',
    () => {
      const r = sh(
        'npx',
        ['blend-harness', 'check', '--impl', 'soroban', '--run-profile', 'pr', '--out', 'reports/check'],
        project,
        25 * 60_000,
      );
      expect([0, 4], tail(r)).toContain(r.status);
      const report = JSON.parse(readFileSync(join(project, 'reports', 'check', 'report.json'), 'utf8')) as {
        verdict: string;
        complete: boolean;
        totalSteps: number;
        counterexample?: unknown;
      };
      expect(report.verdict).toBe(r.status === 0 ? 'pass' : 'insufficient');
      expect(report.complete).toBe(true);
      expect(report.counterexample).toBeUndefined();
      expect(report.totalSteps).toBeGreaterThan(1000);
      if (r.status === 4) expect(r.stdout).toMatch(/INSUFFICIENT \(not a pass\): \d+ paths? below the minimum-exercise rule/);
    },
    30 * 60_000,
  );
});

/**
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP during a run: the CLI stops early, still writes report.json,
 * report.md and junit.xml — marked incomplete, with the seed, the runs completed, the actions and
 * property checks so far — and exits 130 (SIGINT), 143 (SIGTERM) or 129 (SIGHUP). The same when
 * the signal goes to `npx blend-harness` (npm, whose `sh -c` runs the harness). Real processes,
 * real signals.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { processesMatching } from '../processes.ts';
import { TSX_LOADER } from '../../src/cli/main.ts';

const BIN = new URL('../../bin/blend-harness.mjs', import.meta.url).pathname;
const SERVER = new URL('../../adapters/model/main.ts', import.meta.url).pathname;
/** The in-progress report rewritten every second: the tests send their signal once it shows a completed run. */
const EVERY = ['--report-every', '1'];

/**
 * Start the CLI, wait until it says it is running and `ready()` (polled for at most 120 s), send
 * `signal`; its exit code and output.
 */
async function interrupt(
  args: string[],
  signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP',
  ready: () => boolean,
): Promise<{ code: number | null; out: string; err: string }> {
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
  expect(await until(ready, 120_000)).toBe(true);
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
  expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(
    new RegExp(
      `^# Blend emissions harness: INSUFFICIENT \\(INCOMPLETE\\)\\n\\n\\*\\*Insufficient, not a pass\\*\\*: nothing failed, but the run was interrupted before it ran what it set out to \\(below\\)\\.\\n\\n\\*\\*Incomplete\\*\\*: interrupted by ${signal} after \\d+ of ${report.runs} runs`,
    ),
  );
  expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<property name="complete" value="false"/>');
  // written through temporary files renamed into place: none is left behind
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  return report;
}

/**
 * Whether `dir` holds an in-progress report (`--report-every 1`) of at least one completed run with
 * accepted actions and passed checks: what the partial report after a signal must show. Waited for
 * before the signal, instead of a fixed delay that a loaded machine may spend starting up.
 */
function ranSome(dir: string): boolean {
  let r;
  try {
    r = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  } catch {
    return false; // not written yet (a report is renamed into place whole)
  }
  return (
    r.inProgress !== undefined &&
    r.runsCompleted > 0 &&
    r.actions.some((a: { accepted: number }) => a.accepted > 0) &&
    r.properties.some((p: { status: string; checks: number }) => p.status === 'passed' && p.checks > 0)
  );
}

/** Processes whose command line holds `marker`. */
const survivors = processesMatching;

type Signal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/**
 * `run` interrupted by `signal` once a run completed (its in-progress report says so): `code`, a
 * partial report marked incomplete, never a pass. With `workers` (--workers N: the main thread and N - 1 worker threads), the report
 * is the workers' merged one.
 */
function itInterruptsRun(signal: Signal, code: number, workers?: number): void {
  const title =
    workers === undefined
      ? `run: ${signal} writes a partial report marked incomplete and exits ${code}`
      : `run: ${signal} stops every worker, writes the merged partial report and exits ${code}`;
  it(title, { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), workers === undefined ? 'blend-int-' : 'blend-int-w-'));
    const workerArgs = workers === undefined ? [] : ['--workers', String(workers)];
    const r = await interrupt(
      ['run', '--profile', 'blend-v2', '--runs', '1000000', '--steps', '200', '--seed', '42', ...workerArgs, ...EVERY, '--out', dir],
      signal,
      () => ranSome(dir),
    );
    expect(r.code).toBe(code);
    expect(r.err).toBe('');
    expect(r.out).toMatch(new RegExp(`INTERRUPTED by ${signal} after \\d+ of 1000000 runs`));
    const report = partialReport(dir, 42, signal);
    // nothing failed, but it did not run what it set out to: never a pass
    expect(report.verdict).toBe('insufficient');
  });
}

/**
 * `check` against the reference model's server (its command line marked) interrupted by `signal`:
 * `code`, the implementation killed (no process with the mark is left), a partial report marked
 * incomplete, no fault. Sent once a run completed (its in-progress report says so; the model's
 * start-up through tsx takes seconds on a loaded machine); with `workers` (--workers N: every
 * worker thread starts its own server), once the N servers run too, and the report is the
 * workers' merged one.
 */
function itInterruptsCheck(signal: Signal, code: number, workers?: number): void {
  const title =
    workers === undefined
      ? `check: ${signal} kills the implementation, writes a partial report and exits ${code}`
      : `check: ${signal} kills every worker's implementation, writes the merged partial report and exits ${code}`;
  it(title, { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), workers === undefined ? 'blend-int-' : 'blend-int-w-'));
    const marker = `interrupt-token-${signal}-${workers ?? 'alone'}-${process.pid}`;
    const impl = `"${process.execPath}" --import "${TSX_LOADER}" "${SERVER}" ${marker}`;
    const workerArgs = workers === undefined ? [] : ['--workers', String(workers)];
    const r = await interrupt(
      [
        'check',
        '--impl',
        impl,
        '--profile',
        'blend-v2',
        '--runs',
        '100000',
        '--steps',
        '30',
        '--seed',
        '7',
        ...workerArgs,
        '--init-timeout-ms',
        '30000',
        // (a budget given: no notice of the default one on stderr)
        '--time-budget',
        '600',
        ...EVERY,
        '--corpus',
        join(dir, 'corpus'),
        '--out',
        dir,
      ],
      signal,
      // a run completed; with workers, every worker's implementation is running too: the main one and one per worker thread
      () => ranSome(dir) && (workers === undefined || survivors(marker).filter((l) => l.includes(SERVER)).length >= workers),
    );
    expect(r.code).toBe(code);
    expect(r.err).toBe('');
    expect(r.out).toMatch(new RegExp(`INTERRUPTED by ${signal}`));
    const report = partialReport(dir, 7, signal);
    expect(report.verdict).toBe('insufficient');
    expect(report.fault).toBeUndefined();
    expect(report.implementation.name).toMatch(/reference model/);
    // (waited for until none is left, at most 10 s: a loaded machine is slow to end and reap them)
    expect(await until(() => survivors(marker).length === 0, 10_000)).toBe(true);
  });
}

describe('an interrupted run', () => {
  itInterruptsRun('SIGINT', 130);
  itInterruptsRun('SIGTERM', 143);
  itInterruptsRun('SIGHUP', 129);
  itInterruptsCheck('SIGINT', 130);
  itInterruptsCheck('SIGHUP', 129);
});

describe('an interrupted run on workers (--workers 3: the main thread and two worker threads)', () => {
  itInterruptsRun('SIGINT', 130, 3);
  itInterruptsCheck('SIGINT', 130, 3);
});

/**
 * npm's cache for these tests' `npx`, their own: npx runs this checkout's bin by installing a link
 * to it in the cache's _npx directory (under a lock), so a user's cache (its locks, its
 * permissions, an earlier run's install) has no say in whether the harness starts. Offline: npx
 * must never look the name up in the registry (a package of that name there would run instead).
 */
const NPM_CACHE = mkdtempSync(join(tmpdir(), 'blend-npx-cache-'));
afterAll(() => rmSync(NPM_CACHE, { recursive: true, force: true }));
const NPX_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  npm_config_cache: NPM_CACHE,
  npm_config_offline: 'true',
  npm_config_update_notifier: 'false',
};

/** The harness under `npx blend-harness` (npm exec → sh -c → node bin/blend-harness.mjs), its own process group. */
function npx(args: string[]) {
  const cli = spawn('npx', ['blend-harness', ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT, detached: true, env: NPX_ENV });
  let out = '';
  cli.stdout.on('data', (d) => (out += d));
  cli.stderr.on('data', (d) => (out += d));
  const exit = new Promise<{ code: number | null; signal: string | null }>((res) =>
    cli.on('exit', (code, signal) => res({ code, signal })),
  );
  return { cli, exit, output: () => out };
}

/** What a failed wait under npx prints: npm's and the harness's output so far, and the processes of `dir` still running. */
function seen(n: { output: () => string }, dir: string): string {
  return `output:\n${n.output() || '(none)'}\nprocesses of ${dir}:\n${survivors(dir).join('\n') || '(none)'}`;
}

/** Wait until `ok()` (polling), at most `ms`. */
async function until(ok: () => boolean, ms: number): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await new Promise((res) => setTimeout(res, 50))) if (ok()) return true;
  return ok();
}

const ROOT = new URL('../..', import.meta.url).pathname;

describe('a signal to npx blend-harness (npm, not the harness) still stops the harness', () => {
  // whatever a failed test leaves running is killed (by pid: the processes whose command line holds its directory)
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) {
      for (const line of survivors(dir)) {
        try {
          process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
  });
  const tempDir = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  // npm forwards SIGTERM to its `sh -c` only, which dies of it; SIGHUP it does not forward, and dies
  // of it. Either way the harness sees its parent (or npm) go and stops as on SIGTERM.
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} to npx: the harness writes a partial report (SIGTERM) and no process is left`, { timeout: 180_000 }, async () => {
      const dir = tempDir(`blend-npx-${signal}-`);
      const n = npx(['run', '--profile', 'blend-v2', '--runs', '1000000', '--steps', '200', '--seed', '42', ...EVERY, '--out', dir]);
      expect(await until(() => /^running /m.test(n.output()) && ranSome(dir), 120_000), seen(n, dir)).toBe(true);
      n.cli.kill(signal);
      expect((await n.exit).signal).toBe(signal);
      // the harness (its command line holds the report directory) ends on its own
      expect(await until(() => survivors(dir).length === 0, 30_000), seen(n, dir)).toBe(true);
      partialReport(dir, 42, 'SIGTERM');
    });
  }

  for (const [signal, code, title] of [
    [
      'SIGINT',
      130,
      'SIGINT to the process group of npx (Ctrl-C at a terminal): the harness exits 130 with a partial report, no process left',
    ],
    [
      'SIGTERM',
      143,
      'SIGTERM to the process group of npx, as `timeout` sends it (the harness, npm and its sh all get it; npm forwards it; sh dies): one stop, a partial report, exit 143, no process left',
    ],
  ] as const)
    it(title, { timeout: 180_000 }, async () => {
      const dir = tempDir(`blend-npx-${signal === 'SIGINT' ? '' : 'group-'}${signal}-`);
      const n = npx(['run', '--profile', 'blend-v2', '--runs', '1000000', '--steps', '200', '--seed', '42', ...EVERY, '--out', dir]);
      expect(await until(() => /^running /m.test(n.output()) && ranSome(dir), 120_000), seen(n, dir)).toBe(true);
      process.kill(-n.cli.pid!, signal);
      const exit = await n.exit;
      // npm passes the harness's exit code on (or dies of the signal itself)
      expect(exit.code === code || exit.signal === signal).toBe(true);
      expect(await until(() => survivors(dir).length === 0, 30_000)).toBe(true);
      // (SIGTERM: the signals that arrived together did not count as a second one, which exits at once, writing nothing)
      partialReport(dir, 42, signal);
    });

  it('SIGTERM to npx while the harness starts: no process is left, and no report or an incomplete one', { timeout: 120_000 }, async () => {
    const dir = tempDir('blend-npx-start-');
    const n = npx(['run', '--profile', 'blend-v2', '--runs', '1000000', '--steps', '200', '--seed', '42', '--out', dir]);
    // the harness's node process exists: it is loading tsx and the CLI
    expect(await until(() => survivors(dir).some((l) => /node \S*blend-harness(\.mjs)? run/.test(l)), 60_000), seen(n, dir)).toBe(true);
    n.cli.kill('SIGTERM');
    await n.exit;
    expect(await until(() => survivors(dir).length === 0, 30_000)).toBe(true);
    const file = join(dir, 'report.json');
    if (readdirSync(dir).includes('report.json')) expect(JSON.parse(readFileSync(file, 'utf8')).complete).toBe(false);
  });
});

describe('a signal while the harness starts', () => {
  it('SIGTERM before the command starts: exit 143 at once, one line, nothing written', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blend-start-'));
    const cli = spawn(process.execPath, [BIN, 'run', '--runs', '1000000', '--out', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    cli.stderr.on('data', (d) => (err += d));
    const exit = new Promise<number | null>((res) => cli.on('exit', (code) => res(code)));
    // the bin's handlers are installed before it loads tsx: send as soon as they are, while tsx and
    // the CLI are still loading (node catches SIGTERM from the start, SIGHUP only once the bin
    // listens for it, after SIGTERM: bit 0 of SigCgt in /proc/PID/status)
    const catches = (): boolean => {
      const m = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${cli.pid}/status`, 'utf8'));
      return m !== null && (BigInt(`0x${m[1]}`) & 1n) !== 0n;
    };
    expect(await until(catches, 30_000)).toBe(true);
    cli.kill('SIGTERM');
    expect(await exit).toBe(143);
    expect(err).toBe('blend-harness: interrupted by SIGTERM while starting: nothing was run\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a signal recorded before the run watches the signals stops the run before its first step (exit 143, an incomplete report of 0 runs)', {
    timeout: 30_000,
  }, async () => {
    const { main } = await import('../../src/cli/main.ts');
    const { earlySignals } = await import('../../src/interrupt.ts');
    const dir = mkdtempSync(join(tmpdir(), 'blend-early-'));
    earlySignals().pending = 'SIGTERM';
    let out = '';
    const code = await main(['run', '--profile', 'blend-v2', '--runs', '1000', '--steps', '50', '--seed', '3', '--out', dir], {
      out: (s) => (out += s),
      err: (s) => (out += s),
    });
    expect(earlySignals().pending).toBeUndefined();
    expect(code).toBe(143);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ complete: false, interrupted: { signal: 'SIGTERM', runsCompleted: 0 } });
  });
});

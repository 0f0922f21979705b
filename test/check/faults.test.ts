/**
 * Verdict 3: an implementation that crashes, hangs, exits early, writes something that is not the
 * protocol, answers the wrong id or with numbers outside i128 ends the run as a fault — never a
 * pass — and leaves no child process behind.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesMatching } from '../processes.ts';
import { main } from '../../src/cli/main.ts';

const PROXY = new URL('../fixtures/faulty/proxy.mjs', import.meta.url).pathname;

async function check(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['check', ...args], { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** Processes still running the fixture (matched by its path). */
const survivors = processesMatching;

/**
 * The survivors of `marker` once none is left, or after 10 s (a loaded machine is slow to end and reap
 * them; the fixture and its server would also end on their own once their stdin closes, so a longer
 * wait would not tell a kill from that end any better).
 */
async function gone(marker: string): Promise<string[]> {
  for (let i = 0; i < 100 && survivors(marker).length > 0; i++) await new Promise((res) => setTimeout(res, 100));
  return survivors(marker);
}

const FAULTS: [mode: string, kind: string, message: RegExp][] = [
  ['crash', 'crash', /exited with code 1 while answering request \d+/],
  ['exit-early', 'crash', /exited with code 0 while answering request \d+/],
  ['hang', 'timeout', /no reply to request \d+ \(.+\) within 1500 ms/],
  // (the state request is sent with the call, so its reply shows the skip at once)
  ['skip', 'wrong-id', /reply to the wrong id: expected \d+ \(.+\), got \d+ \(state, sent after it: request \d+ was skipped\)/],
  ['garbage', 'not-protocol', /not JSON: "thread panicked at src\/lib.rs:12"/],
  ['wrong-id', 'wrong-id', /reply to the wrong id: expected \d+ \(.+\), got \d+/],
  ['malformed', 'malformed', /malformed reply to request \d+/],
  ['out-of-range', 'out-of-range', /outside i128: 170141183460469231731687303715884105728/],
  ['bad-state', 'out-of-range', /backstops\.backstop\.blnd: -170141183460469231731687303715884105729 is outside i128/],
  // bytes without a newline, without end: bounded at the maximum line length, not a crash of the harness
  ['endless', 'oversized', /a reply line to request \d+ \(.+\) longer than the maximum line length of 67108864 bytes, starting "xxxx/],
  // a result nested 100,000 deep: JSON.stringify throws on it, which is the implementation's fault
  ['deep', 'malformed', /malformed result of .+: \(cannot be written out: Maximum call stack size exceeded\)/],
  ['deep-state', 'malformed', /malformed state: \/now must be string/],
];

describe('implementation faults end in verdict 3', () => {
  for (const [mode, kind, message] of FAULTS) {
    it(`${mode}: fault (${kind}), exit 3, no process left`, { timeout: 120_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'blend-fault-'));
      // a token on both the fixture's and its inner server's command lines
      const marker = `fault-token-${mode}-${process.pid}`;
      const r = await check([
        '--impl',
        `"${process.execPath}" ${PROXY} ${mode} 3 ${marker}`,
        '--profile',
        'blend-v2',
        '--runs',
        '20',
        '--steps',
        '20',
        '--seed',
        '5',
        // 1.5 s for the hang (the fault it is waited for); the others answer every request before the
        // faulty one, which a loaded machine may take seconds to do: a long timeout keeps their kind theirs
        '--timeout-ms',
        mode === 'hang' ? '1500' : '60000',
        '--init-timeout-ms',
        '60000',
        '--corpus',
        join(dir, 'corpus'),
        '--out',
        dir,
      ]);
      expect(r.code).toBe(3);
      expect(r.out).toMatch(new RegExp(`FAULT \\(${kind}\\): `));
      expect(r.out).toMatch(message);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      expect(report.verdict).toBe('fault');
      expect(report.fault.kind).toBe(kind);
      expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain(`<error type="${kind}"`);
      // the whole process group is gone, inner server included (waited for until it is, at most 10 s)
      expect(await gone(marker)).toEqual([]);
    });
  }

  it('a hung handshake is a fault after --timeout-ms (the default of --init-timeout-ms), not after a hidden 60 s', {
    timeout: 90_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blend-fault-'));
    const t0 = performance.now();
    const r = await check([
      '--impl',
      `"${process.execPath}" ${PROXY} hang-handshake 1`,
      '--timeout-ms',
      '1500',
      '--runs',
      '5',
      '--corpus',
      join(dir, 'c'),
      '--out',
      dir,
    ]);
    expect(r.code).toBe(3);
    expect(r.err).toBe(
      'blend-harness: implementation fault (timeout): no reply to request 0 (handshake) within 1500 ms (--init-timeout-ms)\n',
    );
    // well under the 60 s it must not be, with room for a loaded machine's start-up and ending
    expect(performance.now() - t0).toBeLessThan(40_000);
  });

  it('--init-timeout-ms bounds the handshake on its own', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blend-fault-'));
    const t0 = performance.now();
    const r = await check([
      '--impl',
      `"${process.execPath}" ${PROXY} hang-handshake 1`,
      '--timeout-ms',
      '60000',
      '--init-timeout-ms',
      '800',
      '--runs',
      '5',
      '--corpus',
      join(dir, 'c'),
      '--out',
      dir,
    ]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/within 800 ms \(--init-timeout-ms\)/);
    // well under the --timeout-ms of 60 s, with room for a loaded machine's start-up and ending
    expect(performance.now() - t0).toBeLessThan(40_000);
  });

  it('--init-timeout-ms is checked as --timeout-ms is: bad usage, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blend-fault-'));
    const r = await check(['--impl', 'model', '--init-timeout-ms', '0', '--runs', '5', '--corpus', join(dir, 'c'), '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--init-timeout-ms: expected 1 to 3600000, got 0/);
  });

  it('a command that does not start is a fault, not a pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blend-fault-'));
    const r = await check(['--impl', '/nonexistent/implementation', '--runs', '5', '--corpus', join(dir, 'c'), '--out', dir]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^blend-harness: implementation fault \(crash\): the implementation exited with code 127/);
  });
});

describe('an interrupted check', () => {
  it('kills the implementation on SIGTERM, writes a partial report and exits 143', { timeout: 120_000 }, async () => {
    const { spawn } = await import('node:child_process');
    const marker = `sigterm-token-${process.pid}`;
    const dir = mkdtempSync(join(tmpdir(), 'blend-sig-'));
    const bin = new URL('../../bin/blend-harness.mjs', import.meta.url).pathname;
    // an implementation that hangs on its first entry point: the run waits for it
    const cli = spawn(
      process.execPath,
      [
        bin,
        'check',
        '--impl',
        `"${process.execPath}" ${PROXY} hang 1 ${marker}`,
        '--timeout-ms',
        '60000',
        '--runs',
        '5',
        '--corpus',
        join(dir, 'c'),
        '--out',
        dir,
      ],
      { stdio: 'ignore' },
    );
    // the fixture's inner server runs (its command line holds the marker and the server's path; waited for until
    // it does, at most 60 s: the CLI and the server start through tsx, which a loaded machine takes seconds to do)
    const serving = (): boolean => survivors(marker).some((l) => l.includes('adapters/model/main.ts'));
    for (let i = 0; i < 600 && !serving(); i++) await new Promise((res) => setTimeout(res, 100));
    expect(serving()).toBe(true);
    const exit = new Promise<number | null>((res) => cli.on('exit', (code) => res(code)));
    cli.kill('SIGTERM');
    expect(await exit).toBe(143);
    // the partial report: incomplete, and the killed implementation is not reported as a fault
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ complete: false, interrupted: { signal: 'SIGTERM', runsCompleted: 0 }, verdict: 'insufficient' });
    expect(report.fault).toBeUndefined();
    expect(await gone(marker)).toEqual([]);
  });
});

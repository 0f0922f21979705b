/**
 * No process an implementation started outlives the check: one left in its process group after
 * the group's leader exited, one in a session of its own (setsid), with or without its environment,
 * one re-parented to init before the harness could see its parent. The fixture writes the pids it
 * started to a file; each is checked by pid. And a process the harness cannot find that holds the
 * implementation's stdout does not keep the harness from exiting.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { Descendants, readStat } from '../../src/check/proctree.ts';

const PROXY = new URL('../fixtures/faulty/proxy.mjs', import.meta.url).pathname;
const BIN = new URL('../../bin/blend-harness.mjs', import.meta.url).pathname;

/** Pids started by a test, killed after it whatever happened. */
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

/** Whether `pid` is a live process (not a zombie). */
function alive(pid: number): boolean {
  const s = readStat(pid);
  return s !== undefined && s.state !== 'Z';
}

/** The pids the fixture wrote to `file`. */
function pidsIn(file: string): number[] {
  const pids = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map(Number)
    : [];
  started.push(...pids);
  return pids;
}

/**
 * The live ones of `pids`, once none is, or after 30 s (waited for, not a fixed moment: a loaded
 * machine is slow to end and reap the killed; one left behind is a sleep of 1,000 s, it stays).
 */
async function survivors(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 300 && pids.some(alive); i++) await new Promise((res) => setTimeout(res, 100));
  return pids.filter(alive);
}

/** A short check of `impl` (3 runs of up to 5 steps, one worker) writing into `dir`. */
const checkArgs = (impl: string, dir: string): string[] => [
  'check',
  '--impl',
  impl,
  '--profile',
  'blend-v2',
  '--runs',
  '3',
  '--steps',
  '5',
  '--seed',
  '5',
  '--timeout-ms',
  '20000',
  // one implementation process, whose own processes the tests follow (with more workers each starts its own)
  '--workers',
  '1',
  '--corpus',
  join(dir, 'corpus'),
  '--out',
  dir,
];

async function check(mode: string, dir: string) {
  let out = '';
  let err = '';
  const pidFile = join(dir, 'pids');
  writeFileSync(pidFile, '');
  const impl = `FAULTY_PIDS=${pidFile} "${process.execPath}" ${PROXY} ${mode} 1`;
  const code = await main(checkArgs(impl, dir), { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err, pids: pidsIn(pidFile) };
}

describe('no process the implementation started is left behind', () => {
  it("a grandchild in the implementation's group, after the implementation exited: fault, exit 3, killed", {
    timeout: 90_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blend-proc-'));
    const r = await check('group-exit', dir);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^blend-harness: implementation fault \(crash\): the implementation exited with code 1/);
    expect(r.pids).toHaveLength(1);
    expect(await survivors(r.pids)).toEqual([]);
  });

  for (const mode of ['setsid', 'setsid-noenv', 'setsid-orphan']) {
    it(`a grandchild in a session of its own (${mode}): the check ends without a fault (exit 4: 3 short runs exercise too little) and it is killed at close`, {
      timeout: 90_000,
    }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'blend-proc-'));
      const r = await check(mode, dir);
      expect(r.err).toBe('');
      expect(r.code).toBe(4);
      expect(r.out).toMatch(/no divergence in what ran/);
      expect(r.pids).toHaveLength(1);
      expect(await survivors(r.pids)).toEqual([]);
    });
  }

  it("a process that escaped (no parent seen, no environment) holding the implementation's stdout does not keep the harness from exiting", {
    timeout: 150_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blend-proc-'));
    const pidFile = join(dir, 'pids');
    writeFileSync(pidFile, '');
    const impl = `FAULTY_PIDS=${pidFile} "${process.execPath}" ${PROXY} escaped 1`;
    const cli = spawn(process.execPath, [BIN, ...checkArgs(impl, dir)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    cli.stdout.on('data', (d) => (out += d));
    cli.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((res) => {
      // (the escaped sleep holds the pipe 1,000 s: 100 s is room for a loaded machine, and far from it)
      const timer = setTimeout(() => {
        cli.kill('SIGKILL');
        res(null);
      }, 100_000);
      cli.on('exit', (c) => {
        clearTimeout(timer);
        res(c);
      });
    });
    const pids = pidsIn(pidFile);
    expect(pids).toHaveLength(1);
    // it was still running when the harness exited: the harness did not wait for its pipe to close
    expect(alive(pids[0]!)).toBe(true);
    expect({ code, out }).toMatchObject({ code: 4 });
    expect(out).toMatch(/no divergence/);
  });
});

describe('Descendants (src/check/proctree.ts)', () => {
  it('finds a grandchild by the tree, remembers its start time, and kills it', async () => {
    // a shell that starts a sleep in a session of its own and waits (the root is the shell, not this worker)
    const shell = spawn('/bin/sh', ['-c', 'setsid sleep 1000 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
    started.push(shell.pid!);
    const sleeper = Number(await new Promise<string>((res) => shell.stdout.once('data', (d) => res(String(d).trim()))));
    started.push(sleeper);
    const d = new Descendants(shell.pid!, 'not-used');
    d.refresh();
    expect(d.seen.get(sleeper)).toBe(readStat(sleeper)!.start);
    expect(d.endAll()).toEqual([]);
    expect(await survivors([sleeper])).toEqual([]);
  });

  it('refresh (the children lists of the tree) finds what a walk of every process finds, two levels down', async () => {
    // shell -> shell -> sleep, the inner shell in a session of its own: the children lists are followed down
    const shell = spawn('/bin/sh', ['-c', "setsid /bin/sh -c 'sleep 1000 & echo $!; wait' & wait"], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    started.push(shell.pid!);
    const sleeper = Number(await new Promise<string>((res) => shell.stdout.once('data', (d) => res(String(d).trim()))));
    started.push(sleeper);
    const cheap = new Descendants(shell.pid!, 'not-used');
    cheap.refresh();
    const full = new Descendants(shell.pid!, 'not-used');
    full.refreshAll();
    expect(cheap.seen.get(sleeper)).toBe(readStat(sleeper)!.start);
    expect(cheap.seen.size).toBe(2); // the inner shell and the sleep
    expect([...cheap.seen].sort()).toEqual([...full.seen].sort());
    expect(cheap.endAll()).toEqual([]);
    expect(await survivors([sleeper])).toEqual([]);
  });

  it('does not kill a pid whose start time is not the one remembered (a reused pid)', async () => {
    const d = new Descendants(-1, 'not-used');
    const other = spawn('sleep', ['1000'], { stdio: 'ignore', detached: true });
    started.push(other.pid!);
    d.seen.set(other.pid!, '1');
    expect(d.endAll()).toEqual([]);
    expect(alive(other.pid!)).toBe(true);
  });

  it('finds a process by the environment marker, though its parent is not a descendant', async () => {
    const d = new Descendants(-1, `marker-${process.pid}`);
    const marked = spawn('sleep', ['1000'], {
      stdio: 'ignore',
      detached: true,
      env: { ...process.env, BLEND_HARNESS_RUN: `marker-${process.pid}` },
    });
    const unmarked = spawn('sleep', ['1000'], {
      stdio: 'ignore',
      detached: true,
      env: { ...process.env, BLEND_HARNESS_RUN: `marker-${process.pid}-other` },
    });
    started.push(marked.pid!, unmarked.pid!);
    // (the exec of sleep, with its environment: waited for until both run sleep, not a fixed 200 ms)
    while (![marked.pid!, unmarked.pid!].every((p) => readStat(p)?.comm === 'sleep')) await new Promise((res) => setTimeout(res, 10));
    expect(d.endAll()).toEqual([]);
    expect(await survivors([marked.pid!])).toEqual([]);
    expect(alive(unmarked.pid!)).toBe(true);
  });
});

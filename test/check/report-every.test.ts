/**
 * `--report-every S` (src/report/periodic.ts): the reports rewritten while a `check` runs. A check
 * (and a `run` on two workers: their merged progress) killed with SIGKILL mid-way (as a CI
 * runner's timeout kills) leaves a whole report.json that
 * matches docs/report.schema.json and says it is no final verdict (complete: false, inProgress, not
 * a pass), and no process behind; taking the result so far, however often, changes nothing of what a
 * seed runs (in process, a passing check and a deliberately wrong implementation).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCheck, type CheckResult } from '../../src/check/check.ts';
import { InProcessImplementation } from '../../src/check/implementation.ts';
import { Descendants, readStat } from '../../src/check/proctree.ts';
import { periodicReports } from '../../src/report/periodic.ts';
import type { RunResult } from '../../src/run.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { MUTANTS } from '../properties/mutants.ts';
import { comparableRun } from '../run/same-for-workers.ts';

const BIN = new URL('../../bin/blend-harness.mjs', import.meta.url).pathname;
const SCHEMA = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'blend-report-every-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pids a test started, killed after it whatever happened. */
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

/** The CLI's arguments of a check of the model at seed 11, rewriting its reports every second. */
const checkArgs = (runs: string, out: string, ...more: string[]): string[] => [
  BIN,
  'check',
  '--impl',
  'model',
  '--profile',
  'blend-v2',
  '--seed',
  '11',
  '--runs',
  runs,
  ...more,
  '--report-every',
  '1',
  '--out',
  out,
];

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));
const alive = (pid: number): boolean => {
  const s = readStat(pid);
  return s !== undefined && s.state !== 'Z';
};

/** report.json in `out` when it is an in-progress one, else undefined (absent, or still the final one). */
function inProgressReport(out: string): Record<string, unknown> | undefined {
  const file = join(out, 'report.json');
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return r.inProgress !== undefined ? r : undefined;
}

describe('--report-every: killed with SIGKILL mid-way', () => {
  // far more than it can run before it is killed; run on two workers: the merged progress
  const commands: [string, (out: string) => string[]][] = [
    ['check', (out) => checkArgs('1000000', out, '--time-budget', '600')],
    [
      'run --workers 2',
      (out) => [
        BIN,
        'run',
        '--profile',
        'blend-v2',
        '--seed',
        '11',
        '--runs',
        '1000000',
        '--workers',
        '2',
        '--report-every',
        '1',
        '--out',
        out,
      ],
    ],
  ];
  it.each(commands)(
    '%s leaves a whole report.json that says it is in progress (no pass), matches the schema, and no process behind',
    {
      timeout: 180_000,
    },
    async (command, args) => {
      const out = join(dir, `killed-${command.split(' ')[0]}`);
      const child = spawn(process.execPath, args(out), { detached: true, stdio: 'ignore' });
      started.push(child.pid!);
      // the first in-progress report, then a later one (it is rewritten while the check runs) that shows steps run
      // (waited for: on a loaded machine the model server's start-up outlasts the first reports, which show none)
      let first: Record<string, unknown> | undefined;
      let later: Record<string, unknown> | undefined;
      for (let i = 0; i < 1200 && later === undefined; i++) {
        await sleep(100);
        const r = inProgressReport(out);
        if (r === undefined) continue;
        first ??= r;
        const rewritten = (r.inProgress as { writtenAt: string }).writtenAt !== (first.inProgress as { writtenAt: string }).writtenAt;
        if (rewritten && (r.totalSteps as number) > 0) later = r;
      }
      expect(first, 'no in-progress report.json within 120 s').toBeDefined();
      expect(later, 'the in-progress report was not rewritten with steps run within 120 s').toBeDefined();
      // the harness and what it started (the model served over the protocol), then SIGKILL to the harness's group
      const tree = new Descendants(child.pid!, 'not-used');
      tree.refresh();
      const pids = [child.pid!, ...tree.seen.keys()];
      started.push(...pids);
      process.kill(-child.pid!, 'SIGKILL');
      // (waited for until gone, at most 10 s: a loaded machine is slow to end and reap them)
      for (let i = 0; i < 100 && pids.some(alive); i++) await sleep(100);
      expect(pids.filter(alive), 'processes left behind').toEqual([]);

      const r = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
      expect(ajv.validate(SCHEMA, r), JSON.stringify(ajv.errors)).toBe(true);
      expect(r.complete).toBe(false);
      expect(r.inProgress.everySeconds).toBe(1);
      expect(r.interrupted).toBeUndefined();
      // not a final verdict: nothing failed so far reads insufficient, never pass
      expect(r.verdict).toBe('insufficient');
      expect(r.runsCompleted).toBeLessThan(1_000_000);
      expect(r.totalSteps).toBeGreaterThan(0);
      if (command === 'check') expect(r.implementation.name).toMatch(/model/);
      // the other reports are whole and say so too
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/^# Blend emissions harness: INSUFFICIENT \(IN PROGRESS\)\n/);
      expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<property name="complete" value="false"/>');
      expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('IN PROGRESS');
      expect(readdirSync(out).filter((f) => f.endsWith('.json') && f !== 'report.json')).toEqual([]);
    },
  );

  it('a run that finishes replaces it with its final report', { timeout: 120_000 }, async () => {
    const out = join(dir, 'finished');
    const code = await new Promise<number | null>((res) => {
      const child = spawn(process.execPath, checkArgs('3', out, '--steps', '5'), { stdio: 'ignore' });
      started.push(child.pid!);
      child.on('exit', res);
    });
    const r = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(r.inProgress).toBeUndefined();
    expect(r.complete).toBe(true);
    expect(r.runsCompleted).toBe(3);
    // (3 runs of 5 steps exercise too little: insufficient, exit 4, as without --report-every)
    expect(code).toBe(r.verdict === 'pass' ? 0 : 4);
  });
});

/** The model in process, letting the event loop run at each call (as a real implementation's reply does). */
class Yielding extends InProcessImplementation {
  override async call(a: Parameters<InProcessImplementation['call']>[0]): ReturnType<InProcessImplementation['call']> {
    await new Promise((res) => setImmediate(res));
    return super.call(a);
  }
}

describe('the result so far (CheckOptions.progress), in process', () => {
  /**
   * A check of `impl` taking its result so far after every case and before every implementation call
   * (the shrinking's included); the takes, in order. Not on a timer: what a timer sees depends on the
   * machine's speed (a shrink shorter than its period leaves no take after the failure).
   */
  async function checkTaking(opts: Parameters<typeof runCheck>[0]): Promise<{ result: CheckResult; takes: CheckResult[] }> {
    const takes: CheckResult[] = [];
    let take: (() => CheckResult) | undefined;
    const impl = opts.impl;
    const call = impl.call.bind(impl);
    impl.call = (a) => {
      if (take !== undefined) takes.push(take());
      return call(a);
    };
    const result = await runCheck({
      ...opts,
      progress: (t) => {
        take = t;
      },
      onCase: () => take && takes.push(take()),
    });
    return { result, takes };
  }

  it('a passing check: the same result with it, and the takes count up to the end', { timeout: 120_000 }, async () => {
    const opts = { profile: PROFILES['blend-v2'], runs: 25, steps: 40, seed: 5 };
    const plain = await runCheck({ ...opts, impl: new InProcessImplementation() });
    const { result, takes } = await checkTaking({ ...opts, impl: new Yielding() });
    expect(comparableRun(result)).toEqual(comparableRun(plain));
    expect(takes.length).toBeGreaterThanOrEqual(25);
    expect(takes.every((t) => t.verdict === 'pass')).toBe(true);
    const done = takes.map((t) => t.runsCompleted ?? 0);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(25);
    expect(takes.at(-1)!.totalSteps).toBe(result.totalSteps);
  });

  it('a divergence: the takes read fail from the first failure on (no counterexample yet), and the counterexample is the same', {
    timeout: 180_000,
  }, async () => {
    const m = MUTANTS.find((x) => x.property === 'BLND-IDX-001')!;
    const opts = { profile: PROFILES[m.profile], runs: 100, steps: 60, seed: 20261121 };
    const wrong = (): InProcessImplementation => new Yielding(`mutant ${m.property}`, m.apply, m.prepare);
    const plain = await runCheck({ ...opts, impl: wrong() });
    expect(plain.verdict).toBe('fail');
    const { result, takes } = await checkTaking({ ...opts, impl: wrong() });
    expect(comparableRun(result)).toEqual(comparableRun(plain));
    const failing = takes.filter((t) => t.verdict === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every((t) => t.counterexample === undefined)).toBe(true);
    // once failed, every later take reads fail
    expect(takes.slice(takes.indexOf(failing[0]!)).every((t) => t.verdict === 'fail')).toBe(true);
  });
});

describe('periodicReports (src/report/periodic.ts)', () => {
  const result: RunResult = {
    profile: 'blend-v2',
    seed: 1,
    runs: 10,
    steps: 5,
    world: { users: 1, pools: 1, start: 0n, rewardZoneGap: 1 },
    verdict: 'pass',
    properties: [],
    actions: [],
    rejections: [],
    totalSteps: 3,
    durationMs: 1,
    runsCompleted: 2,
  };

  it('writes at the first snapshot and then every period, stops when told; a failed write is said once and ends them', async () => {
    const out = join(dir, 'unit');
    mkdirSync(out);
    const warnings: string[] = [];
    let judged = 0;
    const p = periodicReports<RunResult>({
      dir: out,
      everySeconds: 1,
      startedAt: performance.now(),
      finish: (r) => {
        judged++;
        // as `judge` does: a pass so far is no pass
        return { ...r, verdict: r.inProgress !== undefined && r.verdict === 'pass' ? 'insufficient' : r.verdict };
      },
      warn: (l) => warnings.push(l),
    });
    expect(existsSync(join(out, 'report.json'))).toBe(false);
    p.sink(() => result);
    const at0 = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect([at0.complete, at0.verdict, at0.runsCompleted]).toEqual([false, 'insufficient', 2]);
    await sleep(1_300);
    expect(judged).toBe(2);
    p.stop();
    await sleep(1_200);
    expect(judged).toBe(2);
    // a directory that cannot be written: one warning, no more attempts
    const q = periodicReports<RunResult>({
      dir: '/proc/blend-report-every-cannot',
      everySeconds: 1,
      startedAt: performance.now(),
      finish: (r) => r,
      warn: (l) => warnings.push(l),
    });
    q.sink(() => result);
    q.write();
    q.stop();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^the in-progress report could not be written/);
  });

  it('--report-every 0: nothing is written before the final report', () => {
    const out = join(dir, 'off');
    mkdirSync(out);
    const p = periodicReports<RunResult>({ dir: out, everySeconds: 0, startedAt: 0, finish: (r) => r, warn: () => {} });
    p.sink(() => result);
    p.write();
    expect(existsSync(join(out, 'report.json'))).toBe(false);
  });
});

/**
 * Earned verdicts through the CLI: a fault is exit 3 and never a pass; a property at 0 checks is
 * not exercised and a command whose applicable properties are not all exercised says
 * "insufficient" with exit 4 in every output (stdout, report.json, report.md, the report.html badge,
 * junit.xml, merge, replay); summaries print the runs that ran; a flag given twice is bad usage.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/main.ts';
import { cli } from '../cli-helpers.ts';
import { renderJunit, renderMarkdown } from '../../src/report/write.ts';
import { renderHtml } from '../../src/report/html.ts';
import { runSuite } from '../../src/run.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { apply } from '../../model/world.ts';

const CONTRADICT = new URL('../fixtures/impls/contradict.mjs', import.meta.url).pathname;
const impl = (mode: string) => `"${process.execPath}" ${CONTRADICT} ${mode}`;

const tmp = () => mkdtempSync(join(tmpdir(), 'blend-verdict-'));
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

/** Every output of an insufficient run says so: report.json, report.md, the html badge, a failing junit case. */
function expectInsufficientReports(dir: string, idle: readonly string[]): void {
  const json = JSON.parse(read(dir, 'report.json'));
  expect(json.verdict).toBe('insufficient');
  for (const id of idle) expect(json.exercise.shortfalls).toContainEqual({ kind: 'property', name: id, got: 0, need: 1 });
  expect(read(dir, 'report.md')).toMatch(/^# Blend emissions harness: INSUFFICIENT\n/);
  expect(read(dir, 'report.md')).toContain('**Insufficient, not a pass**');
  const html = read(dir, 'report.html');
  expect(html).toMatch(/data-testid="verdict" class="verdict insufficient">INSUFFICIENT</);
  expect(html).not.toMatch(/data-testid="verdict"[^>]*>PASS</);
  const junit = read(dir, 'junit.xml');
  expect(junit).toMatch(
    /<testcase [^>]*name="minimum exercise: each action accepted 0, each rejection path 1, each property checked 1 time\(s\)">\n\s*<failure message="\d+ below the minimum">/,
  );
  expect(junit).not.toMatch(/failures="0"/);
}

describe('a fault is exit 3, never a pass', () => {
  it('a reply of 6,000 nested arrays (JSON.stringify throws a RangeError): fault, exit 3, in every report', {
    timeout: 120_000,
  }, async () => {
    const dir = tmp();
    const r = await cli([
      'check',
      '--impl',
      impl('deep-reply 3'),
      '--profile',
      'blend-v2',
      '--runs',
      '10',
      '--steps',
      '20',
      '--seed',
      '1',
      '--corpus',
      join(dir, 'corpus'),
      '--out',
      dir,
    ]);
    expect(r.code, r.out).toBe(EXIT.fault);
    expect(r.out).toMatch(/\nFAULT \(\w[\w-]*\): /);
    expect(r.out).not.toContain('no divergence');
    const json = JSON.parse(read(dir, 'report.json'));
    expect(json.verdict).toBe('fault');
    expect(json.fault.message.length).toBeGreaterThan(0);
    expect(read(dir, 'junit.xml')).toMatch(/<error type="[\w-]+"/);
    expect(read(dir, 'report.md')).toMatch(/^# Blend emissions harness: FAULT\n/);
  });

  for (const [mode, named] of [
    [
      'profile-v9',
      /the handshake claims profile "blend-v9", which is not a profile of the protocol \(known: documented, blend-v1, blend-v2\)/,
    ],
    [
      'unknown-actions',
      /the handshake announces actions "backstop\.explode", "pool\.teleport", not in the protocol \(known: advance_time, .*pool\.claim, advance_blocks, pool\.new_auction, pool\.fill_auction, claimable\)/,
    ],
  ] as const) {
    it(`a handshake that contradicts the protocol (${mode}): one line naming the value and the known set, exit 3`, {
      timeout: 60_000,
    }, async () => {
      const dir = tmp();
      const r = await cli([
        'check',
        '--impl',
        impl(mode),
        '--profile',
        'blend-v2',
        '--runs',
        '2',
        '--steps',
        '5',
        '--seed',
        '1',
        '--corpus',
        join(dir, 'corpus'),
        '--out',
        join(dir, 'out'),
      ]);
      expect(r.code).toBe(EXIT.fault);
      expect(r.err).toMatch(/^blend-harness: implementation fault \(handshake\): /);
      expect(r.err).toMatch(named);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).not.toContain('no divergence');
    });
  }

  it('run: a fault (an error the harness does not understand) is FAULT in report.md and an error in junit.xml', () => {
    let calls = 0;
    const result = runSuite({
      profile: PROFILES['blend-v2'],
      runs: 5,
      steps: 20,
      seed: 1,
      apply: (w, a) =>
        ++calls > 10
          ? (() => {
              throw new RangeError('boom');
            })()
          : apply(w, a),
    });
    expect(result.verdict).toBe('fault');
    const input = { result, replay: 'npx blend-harness run …', regressionTest: undefined };
    expect(renderMarkdown(input)).toMatch(
      /^# Blend emissions harness: FAULT\n[\s\S]*## Fault: harness\n\nan error the harness does not understand, .*RangeError: boom/,
    );
    expect(renderJunit(input)).toMatch(
      /errors="1"[\s\S]*<error type="harness" message="an error the harness does not understand, [^"]*RangeError: boom"\/>/,
    );
    expect(renderHtml(input)).toMatch(/class="verdict fault">FAULT</);
  });
});

describe('not exercised is not passed: insufficient, exit 4, in every output', () => {
  it('a short check of the model (3 runs x 10 steps) leaves properties at 0 checks: INSUFFICIENT, not "every invariant held"', {
    timeout: 180_000,
  }, async () => {
    const dir = tmp();
    const r = await cli([
      'check',
      '--impl',
      'model',
      '--profile',
      'blend-v2',
      '--runs',
      '3',
      '--steps',
      '10',
      '--seed',
      '1',
      '--corpus',
      join(dir, 'corpus'),
      '--out',
      dir,
    ]);
    expect(r.code).toBe(EXIT.underExercised);
    expect(r.out).not.toContain('every invariant held');
    expect(r.out).toContain(
      'no divergence in what ran: every reply and every state agreed with the model, and no invariant failed on the implementation; but not everything was exercised',
    );
    expect(r.out).toMatch(
      /\nINSUFFICIENT \(not a pass\): \d+ paths? below the minimum-exercise rule \(the default rule: every rejection path taken \(less those spec\/exercise.ts declares unreachable\) and every applicable property checked, and so every rule reached, at least once\):\n/,
    );
    expect(r.out).toContain('steps in lockstep in 3 of 3 runs');
    const idle = JSON.parse(read(dir, 'report.json'))
      .properties.filter((p: { status: string }) => p.status === 'not exercised')
      .map((p: { id: string }) => p.id);
    expect(idle.length).toBeGreaterThan(0);
    for (const id of idle) expect(r.out).toContain(`property ${id}: exercised 0 times, at least 1 required`);
    expectInsufficientReports(dir, idle);
  });

  it('run: a short run is insufficient in every output; enough runs make it a pass', async () => {
    const short = tmp();
    const r = await cli(['run', '--profile', 'blend-v2', '--runs', '3', '--steps', '10', '--seed', '1', '--out', short]);
    expect(r.code).toBe(EXIT.underExercised);
    expect(r.out).toContain('INSUFFICIENT (not a pass)');
    const idle = JSON.parse(read(short, 'report.json'))
      .properties.filter((p: { status: string }) => p.status === 'not exercised')
      .map((p: { id: string }) => p.id);
    expect(idle.length).toBeGreaterThan(0);
    expectInsufficientReports(short, idle);

    const enough = tmp();
    const p = await cli(['run', '--profile', 'blend-v2', '--runs', '300', '--steps', '200', '--seed', '2', '--out', enough]);
    expect(p.code, p.out).toBe(EXIT.pass);
    expect(JSON.parse(read(enough, 'report.json')).verdict).toBe('pass');
    expect(read(enough, 'report.html')).toMatch(/class="verdict pass">PASS</);
    expect(read(enough, 'junit.xml')).toMatch(/failures="0"/);
  });

  it('merge: shards where properties were not exercised do not make "every property held"', async () => {
    const dirs = [tmp(), tmp()];
    for (const [i, d] of dirs.entries())
      await cli(['run', '--profile', 'blend-v2', '--runs', '4', '--steps', '10', '--seed', '3', '--shard', `${i + 1}/2`, '--out', d]);
    for (const d of dirs) expect(JSON.parse(read(d, 'report.json')).verdict).toBe('insufficient');
    const out = tmp();
    const r = await cli(['merge', ...dirs, '--out', out]);
    expect(r.code).toBe(EXIT.underExercised);
    expect(r.out).not.toContain('every property held');
    expect(r.out).toMatch(
      /no property failed in any shard, but not everything was exercised: \d+ applicable propert(y|ies) never checked in any shard \(BLND-/,
    );
    expect(r.out).toContain('steps in 4 of 4 runs');
    expect(r.out).toContain('INSUFFICIENT (not a pass)');
    const idle = JSON.parse(read(out, 'report.json'))
      .properties.filter((p: { status: string }) => p.status === 'not exercised')
      .map((p: { id: string }) => p.id);
    expectInsufficientReports(out, idle);
  });

  describe('replay', () => {
    const BUNDLE = {
      format: 1,
      kind: 'counterexample',
      profile: 'blend-v2',
      seed: 1,
      path: '0',
      runs: 1,
      max_steps: 1,
      world: { users: 2, pools: 1, start: '1736780911' },
      implementation: 'reference model',
      properties: [] as string[],
      failure: { property: 'BLND-EM-001', message: 'x', step: 0 },
      steps: ['advance_time(seconds: 1)'],
      requests: [{ action: 'advance_time', args: { seconds: '1' } }],
    };
    const replay = async (b: object) => {
      const f = join(tmp(), 'counterexample.json');
      writeFileSync(f, JSON.stringify(b));
      return cli(['replay', f]);
    };

    it('a bundle whose properties are [] would check nothing: bad input, exit 2, one line, not "no failure"', async () => {
      const r = await replay(BUNDLE);
      expect(r.code).toBe(EXIT.usage);
      expect(r.err).toMatch(/^blend-harness: bundle .*counterexample\.json: \/properties .*\n$/);
      expect(r.out).not.toContain('every step keeps every property');
    });

    it('a bundle whose recorded property is not among its properties, or never checked by its steps: insufficient', async () => {
      const other = await replay({ ...BUNDLE, properties: ['BLND-RZ-001'] });
      expect(other.code).toBe(EXIT.underExercised);
      expect(other.out).toContain("the recorded failure's property BLND-EM-001 is not among the bundle's properties");
      // BLND-DROP-002 is checked on drops only: an advance_time step never exercises it
      const unchecked = await replay({
        ...BUNDLE,
        properties: ['BLND-DROP-002'],
        failure: { ...BUNDLE.failure, property: 'BLND-DROP-002' },
      });
      expect(unchecked.code).toBe(EXIT.underExercised);
      expect(unchecked.out).toContain("the recorded failure's property BLND-DROP-002 was never exercised by these steps (0 checks)");
      // the control: BLND-EM-001 is checked on every step, so its replay without a failure is a pass
      const checked = await replay({ ...BUNDLE, properties: ['BLND-EM-001'] });
      expect(checked.code).toBe(EXIT.pass);
      expect(checked.out).toContain('no failure: every step keeps every property (recorded: BLND-EM-001 at step 1)');
    });
  });
});

describe('summaries say what ran', () => {
  it('a budgeted run prints the runs completed of N, not N', { timeout: 60_000 }, async () => {
    const dir = tmp();
    const r = await cli([
      'run',
      '--profile',
      'blend-v2',
      '--runs',
      '10000000',
      '--steps',
      '50',
      '--seed',
      '3',
      '--time-budget',
      '1',
      '--out',
      dir,
    ]);
    const json = JSON.parse(read(dir, 'report.json'));
    expect(json.budget.runsCompleted).toBeLessThan(10_000_000);
    expect(r.out).toContain(`steps in ${json.budget.runsCompleted} of 10000000 runs,`);
    expect(r.out).not.toMatch(/steps in 10000000 runs/);
  });
});

describe('a flag given twice is bad usage: one line naming it, exit 2, nothing written', () => {
  const cases: [string, (out: string) => string[], RegExp][] = [
    [
      'run --runs',
      (out) => ['run', '--runs', '5', '--runs', '6', '--out', out],
      /^blend-harness: --runs: given 2 times \("5", "6"\); give it once\n$/,
    ],
    [
      'run --seed (= form)',
      (out) => ['run', '--seed=1', '--seed=2', '--out', out],
      /^blend-harness: --seed: given 2 times \("1", "2"\); give it once\n$/,
    ],
    [
      'check --impl',
      (out) => ['check', '--impl', 'model', '--impl', 'soroban', '--out', out],
      /^blend-harness: --impl: given 2 times \("model", "soroban"\); give it once\n$/,
    ],
    [
      'check --profile',
      (out) => ['check', '--impl', 'model', '--profile', 'blend-v1', '--profile', 'blend-v2', '--out', out],
      /^blend-harness: --profile: given 2 times/,
    ],
    ['merge --out', (out) => ['merge', 'a', 'b', '--out', out, '--out', `${out}2`], /^blend-harness: --out: given 2 times/],
    [
      'merge --min-exercise',
      (out) => ['merge', 'a', '--min-exercise', '1', '--min-exercise', '2', '--out', out],
      /^blend-harness: --min-exercise: given 2 times \("1", "2"\)/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const out = join(tmp(), 'out');
      const r = await cli(args(out));
      expect(r.code).toBe(EXIT.usage);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('replay takes one file: two are bad usage', async () => {
    const r = await cli(['replay', 'a.json', 'a.json']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/expected one counterexample\.json file, got 2/);
  });
});

/**
 * `check --snapshot FILE` and `check --snapshot FILE --scenario migration`: on the reference model
 * served over the protocol (always), and on the real contracts through the Soroban driver when it
 * is built (adapters/soroban, release build; skipped otherwise, saying why). Both sides load the
 * mainnet snapshot (../shared/data); without it the tests are skipped, saying why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-helpers.ts';

const SNAPSHOT = new URL('../../../shared/data/mainnet-55261759-snapshot.json', import.meta.url).pathname;
const HAS_SNAPSHOT = existsSync(SNAPSHOT);
if (!HAS_SNAPSHOT) console.warn(`[snapshot check tests] skipped: no mainnet snapshot at ${SNAPSHOT}`);

/** The driver's release binary where the README builds it (CARGO_TARGET_DIR, the cache, or the crate's target/). */
function driverBinary(): string | undefined {
  const dirs = [
    process.env.CARGO_TARGET_DIR,
    join(homedir(), '.cache/blend-harness/soroban-target'),
    new URL('../../adapters/soroban/target', import.meta.url).pathname,
  ];
  for (const d of dirs)
    if (d !== undefined && existsSync(join(d, 'release/blend-harness-soroban'))) return join(d, 'release/blend-harness-soroban');
  return undefined;
}
const DRIVER = driverBinary();
if (DRIVER === undefined)
  console.warn(
    '[snapshot check tests] the Soroban driver part is skipped: the driver is not built (export CARGO_TARGET_DIR=$HOME/.cache/blend-harness/soroban-target; cargo build --release --manifest-path adapters/soroban/Cargo.toml)',
  );

const tmp = () => mkdtempSync(join(tmpdir(), 'blend-harness-snapshot-'));

describe.skipIf(!HAS_SNAPSHOT)('check --snapshot: bad usage', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'a scenario without a snapshot',
      ['check', '--impl', 'model', '--scenario', 'migration'],
      /--scenario migration: needs --snapshot FILE/,
    ],
    [
      'a profile other than blend-v1',
      ['check', '--impl', 'model', '--snapshot', SNAPSHOT, '--profile', 'blend-v2'],
      /--snapshot: the snapshot holds Blend v1; use --profile blend-v1, got "blend-v2"/,
    ],
    [
      'an unknown scenario',
      ['check', '--impl', 'model', '--snapshot', SNAPSHOT, '--scenario', 'upgrade'],
      /--scenario: expected migration, got "upgrade"/,
    ],
    [
      'a missing snapshot file',
      ['check', '--impl', 'model', '--snapshot', '/nonexistent/snapshot.json'],
      /snapshot \/nonexistent\/snapshot\.json: cannot read/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`${what}: exit 2, one line`, async () => {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    });
  }

  it('a malformed snapshot file: exit 2, one line', async () => {
    const f = join(tmp(), 'bad.json');
    writeFileSync(f, '{"sequence_number": 1, "timestamp": 2, "ledger_entries": [[{}, [{}, "x"]]]}');
    const r = await cli(['check', '--impl', 'model', '--snapshot', f]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(`snapshot ${f}:`);
  });
});

describe.skipIf(!HAS_SNAPSHOT)('check --snapshot on the reference model (over the protocol)', () => {
  it('runs the generated sequences from the snapshot in lockstep', async () => {
    const out = tmp();
    const r = await cli(['check', '--impl', 'model', '--snapshot', SNAPSHOT, '--runs', '4', '--steps', '25', '--seed', '3', '--out', out]);
    expect(r.err).toBe('');
    // no divergence, but 4 short runs leave properties unexercised: insufficient (exit 4), not a pass
    expect(r.code).toBe(4);
    expect(r.out).toContain('against profile blend-v1');
    expect(r.out).toContain('no divergence in what ran');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.verdict).toBe('insufficient');
    expect(report.counterexample).toBeUndefined();
    expect(report.world.fromSnapshot.snapshot).toBe(SNAPSHOT);
  }, 120_000);

  it('asks claimable at each sequence end of the touched users and a window of the others: the same for --workers 1 and 2', async () => {
    const estimates = [];
    for (const workers of ['1', '2']) {
      const out = tmp();
      const r = await cli([
        'check',
        '--impl',
        'model',
        '--snapshot',
        SNAPSHOT,
        '--runs',
        '4',
        '--steps',
        '25',
        '--seed',
        '3',
        '--workers',
        workers,
        '--out',
        out,
      ]);
      expect(r.code, r.err).toBe(4);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(
        /at the sequences’ ends \d+ of \d+ users with a position asked: those a sequence touched/,
      );
      estimates.push(report.estimates);
    }
    const [one, two] = estimates;
    // some 150 users with positions at each end, of whom the touched and a window of PROBE_UNTOUCHED are asked
    expect(one.mode).toBe('exact');
    expect(one.paying).toBeGreaterThan(0);
    expect(one.probedUsers).toBeGreaterThan(0);
    expect(one.probedUsers).toBeLessThan(one.usersWithPositions / 2);
    expect(two).toEqual(one);
  }, 240_000);

  it('re-enacts the migration: backfill capped at 10M, a 50M drop, the claims after it', async () => {
    const out = tmp();
    const r = await cli(['check', '--impl', 'model', '--snapshot', SNAPSHOT, '--scenario', 'migration', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('backfilled 10,000,000.0000000 BLND; drop 50,000,000.0000000 BLND (40,000,000.0000000 to the drop list');
    const report = JSON.parse(readFileSync(join(out, 'scenario.json'), 'utf8'));
    expect(report.verdict).toBe('pass');
    expect(report.summary.claims.filter((c: { afterDrop: boolean }) => c.afterDrop).length).toBeGreaterThan(5);
  }, 120_000);
});

describe.skipIf(DRIVER === undefined)('the Soroban driver given a malformed snapshot', () => {
  it('says so in one line and exits 2, at start-up (--snapshot) and at init, never with a panic trace', () => {
    const dir = tmp();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"protocol_version": 22, "ledger_entries": [[1, 2]]}');
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, '{"protocol_version": 22, "sequence_number": 1, "ledger_entries": [');
    const runs = [
      spawnSync(DRIVER!, ['--snapshot', bad], { encoding: 'utf8', input: '' }),
      spawnSync(DRIVER!, ['--snapshot', join(dir, 'missing.json')], { encoding: 'utf8', input: '' }),
      spawnSync(DRIVER!, [], {
        encoding: 'utf8',
        input: `${JSON.stringify({ id: 0, action: 'init', args: { profile: 'blend-v1', world: { snapshot: truncated } } })}\n`,
      }),
    ];
    const [first, second, third] = runs.map((r) => ({ status: r.status, err: r.stderr.trim() }));
    expect(first).toEqual({
      status: 2,
      err: expect.stringMatching(/^blend-harness-soroban: snapshot .*bad\.json: not a Soroban ledger snapshot \(/),
    });
    expect(second).toEqual({ status: 2, err: expect.stringMatching(/^blend-harness-soroban: snapshot .*missing\.json: cannot read \(/) });
    expect(third).toEqual({
      status: 2,
      err: expect.stringMatching(/^blend-harness-soroban: init: snapshot .*truncated\.json: not JSON \(/),
    });
    for (const r of runs) {
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toContain('panicked');
    }
  });
});

describe.skipIf(!HAS_SNAPSHOT || DRIVER === undefined)("check --snapshot on the Soroban driver (the snapshot's own v1 contracts)", () => {
  it('agrees with the model on generated sequences from the snapshot', async () => {
    const out = tmp();
    const r = await cli(['check', '--impl', DRIVER!, '--snapshot', SNAPSHOT, '--runs', '8', '--steps', '30', '--seed', '5', '--out', out]);
    expect(r.out).toContain('no divergence in what ran');
    // 8 short runs leave properties unexercised: insufficient (exit 4), not a pass
    expect(r.code).toBe(4);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.verdict).toBe('insufficient');
    expect(report.counterexample).toBeUndefined();
    expect(report.totalSteps).toBeGreaterThan(50);
  }, 300_000);

  it('agrees with the model at every step of the migration', async () => {
    const out = tmp();
    const r = await cli(['check', '--impl', DRIVER!, '--snapshot', SNAPSHOT, '--scenario', 'migration', '--out', out]);
    expect(r.out).toContain('no divergence');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'scenario.json'), 'utf8'));
    expect(report.summary).toMatchObject({ backfilled: '100000000000000', dropped: '500000000000000', droppedToList: '400000000000000' });
    // the rules the timeline reaches, answered by the contracts as the model answers them
    const answers = report.steps
      .filter((s: { expected?: string }) => s.expected !== undefined && s.expected !== 'ok')
      .map((s: { reply: string }) => s.reply);
    expect(answers).toEqual(
      expect.arrayContaining([
        'error Emitter#1104 SwapNotUnlocked',
        'error Backstop#1010 MaxBackfillEmissions',
        'error Token#10 BalanceError',
        'error Emitter#1101 BadDrop',
        'error Backstop#1000 BadRequest',
      ]),
    );
  }, 300_000);
});

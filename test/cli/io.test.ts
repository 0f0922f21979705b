/**
 * Inputs and outputs that a verdict can be trusted on (issue 15): every case is bad input, so each
 * gives exit 2 and exactly one line on stderr naming the flag or the file and the problem, before
 * any work, and writes nothing (the directory the case runs in is byte for byte as it was).
 *
 * - outputs: --out, --corpus and merge's --out that cannot take files (/proc, /sys, /dev, a FIFO,
 *   a path under a file, an immutable directory that even root cannot write into);
 * - snapshots: wrong by meaning (negative or too large amounts, a ledger key twice with different
 *   values, a pool twice in the reward zone, users over their pool), not UTF-8, not a regular file
 *   (/dev/zero, a FIFO, a /proc file), over the size limit;
 * - bundles: steps that are not the requests that replay runs, no properties;
 * - shards: contradictory report.json files (runs over the shard's cases, a failing verdict with
 *   nothing failed, a passing verdict over failed rows, another tool version);
 * - the default corpus lives under --out, not in the working directory.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-helpers.ts';
import { bundleOf, saveBundle, type BundleJson } from '../../src/bundle.ts';
import { INPUT_LIMITS, readInputFile, writeFileAtomic, writeFilesAtomically } from '../../src/io/files.ts';
import { runSuite, type RunResult } from '../../src/run.ts';
import { writeReports } from '../../src/report/write.ts';
import { mergeReports } from '../../src/report/merge.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { MUTANTS } from '../properties/mutants.ts';
import { i, minimal, S, text } from '../fixtures/snapshot.ts';

const BIN = new URL('../../bin/blend-harness.mjs', import.meta.url).pathname;
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh directory for one case. */
function caseDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'blend-io-'));
  made.push(d);
  return d;
}

/** Every file under `dir` with its content: what a case must leave unchanged. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, name);
    const st = statSync(p);
    out[name] = st.isDirectory() ? '<dir>' : st.isFIFO() ? '<fifo>' : readFileSync(p, 'latin1');
  }
  return out;
}

/** Exit 2, one line `blend-harness: ...` naming `names` and matching `problem`, no stack trace. */
function expectOneLine(r: { code: number | null; err: string }, names: string, problem: RegExp): void {
  expect(r.code, r.err).toBe(2);
  expect(r.err.endsWith('\n')).toBe(true);
  const lines = r.err.slice(0, -1).split('\n');
  expect(lines, r.err).toHaveLength(1);
  expect(lines[0]!.startsWith('blend-harness: ')).toBe(true);
  expect(lines[0]).not.toMatch(/\bat .*\.ts:\d+/);
  expect(lines[0]).toContain(names);
  expect(lines[0]).toMatch(problem);
}

/** Run `args` in process in a fresh directory and check the one-line refusal and that nothing was written. */
async function refused(dir: string, args: string[], names: string, problem: RegExp): Promise<void> {
  const before = tree(dir);
  const r = await cli(args);
  expectOneLine(r, names, problem);
  expect(tree(dir)).toEqual(before);
}

function mkfifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

// --- outputs ------------------------------------------------------------------------------------

describe('output locations are checked before the run (exit 2, one line, nothing written)', () => {
  const cases: [string, (d: string) => string[], (d: string) => string, RegExp][] = [
    [
      'run --out /proc/x (was: a core spun for ever)',
      () => ['run', '--runs', '1', '--steps', '1', '--seed', '1', '--out', '/proc/x'],
      () => '--out /proc/x',
      /under \/proc, a kernel file system/,
    ],
    [
      'run --out under /proc/self',
      () => ['run', '--runs', '1', '--out', '/proc/self/reports'],
      () => '--out /proc/self/reports',
      /under \/proc/,
    ],
    ['run --out /sys/x', () => ['run', '--runs', '1', '--out', '/sys/x'], () => '--out /sys/x', /under \/sys/],
    ['run --out /dev/null/x', () => ['run', '--runs', '1', '--out', '/dev/null/x'], () => '--out /dev/null/x', /under \/dev/],
    [
      'run --out a FIFO',
      (d) => ['run', '--runs', '1', '--out', mkfifo(join(d, 'fifo'))],
      (d) => `--out ${join(d, 'fifo')}`,
      /exists and is not a directory \(a FIFO/,
    ],
    [
      'run --out under a regular file',
      (d) => {
        writeFileSync(join(d, 'plain'), 'x');
        return ['run', '--runs', '1', '--out', join(d, 'plain', 'a', 'b')];
      },
      (d) => `--out ${join(d, 'plain', 'a', 'b')}`,
      /is a file, not a directory/,
    ],
    [
      'check --corpus /proc/x',
      (d) => ['check', '--impl', 'model', '--runs', '1', '--out', join(d, 'out'), '--corpus', '/proc/x'],
      () => '--corpus /proc/x',
      /under \/proc/,
    ],
    [
      'check --corpus a FIFO',
      (d) => ['check', '--impl', 'model', '--runs', '1', '--out', join(d, 'out'), '--corpus', mkfifo(join(d, 'c'))],
      (d) => `--corpus ${join(d, 'c')}`,
      /not a directory \(a FIFO/,
    ],
    ['merge --out /proc/x', (d) => ['merge', d, '--out', '/proc/x'], () => '--out /proc/x', /under \/proc/],
  ];
  for (const [what, args, names, problem] of cases) {
    it(what, async () => {
      const d = caseDir();
      await refused(d, args(d), names(d), problem);
    });
  }

  const chattr = spawnSync('chattr', ['--help']).error === undefined;
  it.skipIf(!chattr)('an immutable directory (root cannot write into it either)', async (t) => {
    const d = caseDir();
    const locked = join(d, 'locked');
    mkdirSync(locked);
    try {
      execFileSync('chattr', ['+i', locked], { stdio: 'ignore' });
    } catch {
      t.skip(); // a file system without the immutable attribute
    }
    try {
      // the check creates the missing out directory: refused there
      await refused(
        d,
        ['run', '--runs', '1', '--out', join(locked, 'reports')],
        `--out ${join(locked, 'reports')}`,
        /cannot create .*locked\/reports \(EPERM\)/,
      );
      // an existing directory: the probe file is refused
      await refused(
        d,
        ['check', '--impl', 'model', '--out', join(d, 'out'), '--corpus', locked],
        `--corpus ${locked}`,
        /cannot write into it \(EPERM\)/,
      );
    } finally {
      execFileSync('chattr', ['-i', locked]);
    }
  });

  it('as a real process, run --out /proc/x ends at once with exit 2 (it used to spin a core for ever)', { timeout: 90_000 }, async () => {
    const d = caseDir();
    const t0 = Date.now();
    const child = spawn(process.execPath, [BIN, 'run', '--runs', '1', '--out', '/proc/x'], { cwd: d, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (x) => (err += x));
    child.stdout.resume();
    // 60 s: the start-up through tsx takes seconds on a loaded machine; the defect spun for ever
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((res) => child.on('exit', (n) => res(n)));
    clearTimeout(timer);
    expectOneLine({ code, err }, '--out /proc/x', /under \/proc/);
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(readdirSync(d)).toEqual([]);
  });

  it('a writable --out that does not exist yet: checked, and left absent when a later input is bad', async () => {
    const d = caseDir();
    await refused(
      d,
      ['run', '--out', join(d, 'new', 'reports'), '--snapshot', join(d, 'missing.json')],
      `snapshot ${join(d, 'missing.json')}`,
      /cannot read \(ENOENT\)/,
    );
    expect(existsSync(join(d, 'new'))).toBe(false);
  });
});

describe('the default corpus lives under --out, not in the working directory', () => {
  it('check reads <out>/corpus when --corpus is not given', async () => {
    const d = caseDir();
    const out = join(d, 'out');
    mkdirSync(join(out, 'corpus'), { recursive: true });
    writeFileSync(join(out, 'corpus', 'entry.json'), '{"format": 1');
    await refused(
      d,
      ['check', '--impl', 'model', '--runs', '1', '--out', out],
      `corpus file ${join(out, 'corpus', 'entry.json')}`,
      /not JSON/,
    );
  });

  it('check without --out or --corpus reads reports/latest/corpus of the working directory, never ./corpus', { timeout: 60_000 }, () => {
    const d = caseDir();
    // a bad file in ./corpus is not read; one in reports/latest/corpus is
    mkdirSync(join(d, 'corpus'));
    writeFileSync(join(d, 'corpus', 'entry.json'), 'not read');
    mkdirSync(join(d, 'reports', 'latest', 'corpus'), { recursive: true });
    writeFileSync(join(d, 'reports', 'latest', 'corpus', 'entry.json'), 'read');
    const r = spawnSync(process.execPath, [BIN, 'check', '--impl', 'model', '--runs', '1'], { cwd: d, encoding: 'utf8' });
    expectOneLine({ code: r.status, err: r.stderr }, 'corpus file reports/latest/corpus/entry.json', /not JSON/);
  });
});

describe('atomic writes', () => {
  it('writeFileAtomic replaces a file and leaves no temporary file', () => {
    const d = caseDir();
    writeFileAtomic(join(d, 'a.json'), 'one');
    writeFileAtomic(join(d, 'a.json'), 'two');
    expect(readdirSync(d)).toEqual(['a.json']);
    expect(readFileSync(join(d, 'a.json'), 'utf8')).toBe('two');
  });

  it('a failed write leaves the target as it was and no temporary file', () => {
    const d = caseDir();
    mkdirSync(join(d, 'report.json')); // the rename onto a directory fails
    writeFileSync(join(d, 'report.md'), 'earlier');
    // the first rename fails: no file is replaced, and the temporary files are gone
    expect(() =>
      writeFilesAtomically(d, [
        ['report.json', '{}'],
        ['report.md', 'new'],
      ]),
    ).toThrow();
    expect(readdirSync(d).sort()).toEqual(['report.json', 'report.md']);
    expect(readFileSync(join(d, 'report.md'), 'utf8')).toBe('earlier');
  });
});

// --- snapshots ----------------------------------------------------------------------------------

type Doc = { ledger_entries: unknown[][] } & Record<string, unknown>;
const doc = (): Doc => minimal() as Doc;
/** The index in ledger_entries of the entry whose key JSON contains `needle`. */
const entryIndex = (d: Doc, needle: string): number => d.ledger_entries.findIndex((e) => JSON.stringify(e[0]).includes(needle));

describe('snapshots are checked by meaning (exit 2, one line naming the entry)', () => {
  const cases: [string, () => string | Buffer, RegExp][] = [
    [
      'negative shares (was a property failure, exit 1)',
      () => text(minimal({ shares: i(0, -1) })),
      /ledger_entries\[3\]: -18446744073709551616 is negative \(PoolBalance\.shares\)/,
    ],
    [
      'an i128::MAX balance',
      () =>
        text(minimal({ shares: i('18446744073709551615', '9223372036854775807') }))
          .replace('"18446744073709551615"', '18446744073709551615')
          .replace('"9223372036854775807"', '9223372036854775807'),
      /ledger_entries\[3\]: 170141183460469231731687303715884105727 is beyond the loader's limit of 2\^63 - 1 \(PoolBalance\.shares\)/,
    ],
    [
      'the same ledger key twice with different values',
      () => {
        const d = doc();
        const k = entryIndex(d, 'PoolBalance');
        const copy = JSON.parse(JSON.stringify(d.ledger_entries[k])) as unknown[];
        (copy[1] as { data: unknown }[])[0]!.data = { contract_data: { val: { map: [] } } };
        d.ledger_entries.push(copy);
        return text(d);
      },
      /ledger_entries\[9\]: the same ledger key as ledger_entries\[3\] .*with another value/,
    ],
    [
      'a reward zone that lists a pool twice',
      () => {
        const d = doc();
        const k = entryIndex(d, '"RZ"');
        const e = d.ledger_entries[k]!;
        (e[1] as { data: { contract_data: { val: unknown } } }[])[0]!.data.contract_data.val = {
          vec: [{ address: S.pool }, { address: S.pool }],
        };
        return text(d);
      },
      /ledger_entries\[2\]: the reward zone lists C\w+ twice \(RZ\)/,
    ],
    [
      'users holding more shares than their pool',
      () => text(minimal({ shares: i(50_0000000) })),
      /ledger_entries\[3\]: PoolBalance of C\w+: its users hold 1000000000 shares .* over the pool's 500000000/,
    ],
    [
      'a pool whose queued shares exceed its shares',
      () => {
        const d = doc();
        const k = entryIndex(d, 'PoolBalance');
        const val = (
          d.ledger_entries[k]![1] as { data: { contract_data: { val: { map: { key: { symbol: string }; val: unknown }[] } } } }[]
        )[0]!.data.contract_data.val;
        val.map.find((p) => p.key.symbol === 'q4w')!.val = i(200_0000000);
        return text(d);
      },
      /ledger_entries\[3\]: PoolBalance of C\w+: q4w 2000000000 is over its shares 1000000000/,
    ],
    [
      'a backstop holding fewer LP tokens than its pools',
      () => {
        const d = doc();
        const k = entryIndex(d, `"address":"${S.user}"}]}`);
        const copy = JSON.parse(JSON.stringify(d.ledger_entries[k]).replaceAll(S.user, S.backstop)) as unknown[];
        (copy[1] as { data: { contract_data: { val: unknown } } }[])[0]!.data.contract_data.val = i(1);
        d.ledger_entries.push(copy);
        return text(d);
      },
      /ledger_entries\[9\]: the backstop holds 1 LP tokens, less than its pools' 1000000000/,
    ],
    [
      'Comet balances over its total supply',
      () => {
        const d = doc();
        const k = entryIndex(d, 'TotalShares');
        (d.ledger_entries[k]![1] as { data: { contract_data: { val: unknown } } }[])[0]!.data.contract_data.val = i(1_0000000);
        return text(d);
      },
      /ledger_entries\[5\]: the Comet's Balance entries hold 50000000 LP tokens, over its TotalShares 10000000/,
    ],
    [
      'invalid UTF-8 (was silently replaced)',
      () => {
        // a 0xff byte inside a string (network_id "00" -> "0\xff")
        const t = text(minimal());
        const at = t.indexOf('"network_id":"00"') + '"network_id":"0'.length;
        return Buffer.concat([Buffer.from(t.slice(0, at)), Buffer.from([0xff]), Buffer.from(t.slice(at + 1))]);
      },
      /not UTF-8 \(an invalid byte sequence at byte \d+\)/,
    ],
  ];
  for (const [what, content, problem] of cases) {
    it(what, async () => {
      const d = caseDir();
      const file = join(d, 's.json');
      writeFileSync(file, content());
      await refused(d, ['run', '--runs', '1', '--snapshot', file, '--out', join(d, 'out')], `snapshot ${file}`, problem);
    });
  }

  /** The snapshot written to DIR/s.json loads and runs: one run of 2 steps exercises too little for a pass (4), but nothing was refused (2). */
  const expectLoads = async (dir: string): Promise<void> => {
    const r = await cli([
      'run',
      '--runs',
      '1',
      '--steps',
      '2',
      '--seed',
      '1',
      '--snapshot',
      join(dir, 's.json'),
      '--out',
      join(dir, 'out'),
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(4);
  };

  it('the same ledger key twice with the same value is a harmless repeat: the snapshot loads', async () => {
    const d = doc();
    d.ledger_entries.push(JSON.parse(JSON.stringify(d.ledger_entries[entryIndex(d, 'PoolBalance')])) as unknown[]);
    const dir = caseDir();
    writeFileSync(join(dir, 's.json'), text(d));
    await expectLoads(dir);
  });

  it('the fixture itself loads (the cases above break it in one place each)', async () => {
    const dir = caseDir();
    writeFileSync(join(dir, 's.json'), text(minimal()));
    await expectLoads(dir);
  });
});

describe('input files are checked before they are read (exit 2, one line)', () => {
  it('--snapshot /dev/zero (was bad_alloc, exit 134)', async () => {
    const d = caseDir();
    await refused(
      d,
      ['run', '--snapshot', '/dev/zero', '--out', join(d, 'out')],
      'snapshot /dev/zero',
      /not a regular file: a character device/,
    );
  });

  it('as real processes, --snapshot /dev/zero and a FIFO end at once with exit 2 (were exit 134 and a hang)', { timeout: 60_000 }, () => {
    const d = caseDir();
    const fifo = mkfifo(join(d, 'snap.json'));
    for (const file of ['/dev/zero', fifo]) {
      const r = spawnSync(process.execPath, [BIN, 'run', '--snapshot', file, '--out', join(d, 'out')], {
        cwd: d,
        encoding: 'utf8',
        timeout: 25_000,
      });
      expectOneLine({ code: r.status, err: r.stderr }, `snapshot ${file}`, /not a regular file: a (character device|FIFO)/);
    }
    expect(readdirSync(d)).toEqual(['snap.json']);
  });

  it('--snapshot a FIFO (was a hang)', { timeout: 10_000 }, async () => {
    const d = caseDir();
    const fifo = mkfifo(join(d, 'snap.json'));
    await refused(d, ['run', '--snapshot', fifo, '--out', join(d, 'out')], `snapshot ${fifo}`, /not a regular file: a FIFO/);
  });

  it('--snapshot a /proc file', async () => {
    const d = caseDir();
    await refused(
      d,
      ['run', '--snapshot', '/proc/self/status', '--out', join(d, 'out')],
      'snapshot /proc/self/status',
      /is under \/proc, a kernel file system/,
    );
  });

  it('--snapshot over the 64 MiB limit (a sparse file: refused before a byte is read)', async () => {
    const d = caseDir();
    const big = join(d, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, INPUT_LIMITS.snapshot + 1);
    await refused(
      d,
      ['run', '--snapshot', big, '--out', join(d, 'out')],
      `snapshot ${big}`,
      /is 67108865 bytes, over the 64 MiB limit for a snapshot file/,
    );
  });

  it('replay FILE of a FIFO or a device', { timeout: 10_000 }, async () => {
    const d = caseDir();
    const fifo = mkfifo(join(d, 'counterexample.json'));
    await refused(d, ['replay', fifo], `bundle ${fifo}`, /not a regular file: a FIFO/);
    await refused(d, ['replay', '/dev/zero'], 'bundle /dev/zero', /not a regular file: a character device/);
  });

  it('readInputFile reads a regular file exactly', () => {
    const d = caseDir();
    writeFileSync(join(d, 'x.json'), '{"a": "é"}');
    expect(readInputFile(join(d, 'x.json'), 'bundle')).toBe('{"a": "é"}');
  });
});

// --- bundles ------------------------------------------------------------------------------------

/** A real counterexample bundle (a wrong model variant's failure), as `run` saves it. */
function realBundle(): BundleJson {
  for (const m of MUTANTS) {
    const r = runSuite({ profile: PROFILES[m.profile], runs: 40, steps: 40, seed: 1, apply: m.apply, prepare: m.prepare });
    if (r.counterexample !== undefined && r.counterexample.steps.length >= 2) return bundleOf(r, `mutant ${m.property}`);
  }
  throw new Error('no mutant failed');
}

describe('replay refuses a bundle whose shown steps are not the steps it runs', () => {
  const bundle = realBundle();
  const save = (d: string, b: BundleJson): string => {
    const f = join(d, 'counterexample.json');
    saveBundle(f, b);
    return f;
  };

  it('the bundle as saved replays (the edits below are what is refused)', async () => {
    const d = caseDir();
    const r = await cli(['replay', save(d, bundle)]);
    expect(r.err).toBe('');
    expect([0, 1]).toContain(r.code);
  });

  it('an edited step text (was: shown, other requests run, exit 0)', async () => {
    const d = caseDir();
    const steps = [...bundle.steps];
    steps[1] = 'advance_time(seconds: 1)';
    const f = save(d, { ...bundle, steps });
    await refused(d, ['replay', f], `bundle ${f}`, /\/steps\/1 "advance_time\(seconds: 1\)" is not request 2, which is /);
  });

  it('a step missing from the text', async () => {
    const d = caseDir();
    const f = save(d, { ...bundle, steps: bundle.steps.slice(1) });
    await refused(d, ['replay', f], `bundle ${f}`, /\/steps has \d+ steps, \/requests \d+/);
  });

  it('no properties', async () => {
    const d = caseDir();
    const f = save(d, { ...bundle, properties: [] });
    await refused(d, ['replay', f], `bundle ${f}`, /\/properties must NOT have fewer than 1 items/);
  });
});

// --- shards -------------------------------------------------------------------------------------

describe('merge refuses contradictory shards (exit 2, one line naming the shard)', () => {
  const base = { profile: PROFILES['blend-v2'], runs: 20, steps: 10, seed: 3 } as const;
  const parts: RunResult[] = [1, 2].map((index) => runSuite({ ...base, shard: { index, count: 2 } }));
  const shardDirs = (d: string, edit?: (r: Record<string, any>) => void): string[] =>
    // eslint-disable-line @typescript-eslint/no-explicit-any
    parts.map((p, k) => {
      const dir = join(d, `shard-${k + 1}`);
      writeReports(dir, { result: p, replay: '', regressionTest: undefined });
      if (k === 1 && edit) {
        const file = join(dir, 'report.json');
        const json = JSON.parse(readFileSync(file, 'utf8'));
        edit(json);
        writeFileSync(file, JSON.stringify(json));
      }
      return dir;
    });

  it('the shards as written merge and pass', () => {
    expect(parts.map((p) => p.verdict)).toEqual(['pass', 'pass']);
    expect(mergeReports(shardDirs(caseDir())).verdict).toBe('pass');
  });

  const cases: [string, (r: Record<string, any>) => void, RegExp][] = [
    // eslint-disable-line @typescript-eslint/no-explicit-any
    ['200 runs completed of 20', (r) => (r.runsCompleted = 200), /200 runs completed of the 10 cases of shard 2\/2/],
    ['verdict fail with nothing failed', (r) => (r.verdict = 'fail'), /verdict fail, but no property failed and no counterexample/],
    [
      'verdict pass over a failed row (was merged to exit 0)',
      (r) => (r.properties[0].status = 'failed'),
      /verdict pass, but property [\w-]+ failed/,
    ],
    [
      'a passed row with no checks',
      (r) => (r.properties.find((p: { status: string }) => p.status === 'passed').checks = 0),
      /passed with 0 checks/,
    ],
    [
      'more steps than the runs can hold',
      (r) => (r.totalSteps = 30_000),
      /30000 steps in 10 runs of at most 10 commands of at most 256 actions/,
    ],
    ['complete, but interrupted', (r) => (r.interrupted = { signal: 'SIGINT', runsCompleted: 10 }), /complete, but interrupted/],
    ['another tool version', (r) => (r.version = '0.0.1'), /written by blend-emissions-harness 0\.0\.1, this is /],
    ['report.json without a version', (r) => delete r.version, /must have required property 'version'/],
  ];
  for (const [what, edit, problem] of cases) {
    it(what, async () => {
      const d = caseDir();
      const dirs = shardDirs(d, edit);
      await refused(d, ['merge', ...dirs, '--out', join(d, 'merged')], join(dirs[1]!, 'report.json'), problem);
    });
  }

  it('a report.json that is a FIFO', { timeout: 10_000 }, async () => {
    const d = caseDir();
    const dirs = shardDirs(d);
    rmSync(join(dirs[1]!, 'report.json'));
    mkfifo(join(dirs[1]!, 'report.json'));
    await refused(d, ['merge', ...dirs, '--out', join(d, 'merged')], join(dirs[1]!, 'report.json'), /not a regular file: a FIFO/);
  });
});

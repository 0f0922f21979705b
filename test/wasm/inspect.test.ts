/**
 * `check --impl soroban --wasm NAME=FILE`: each build is checked by the driver (`inspect`,
 * adapters/soroban/src/inspect.rs) before anything runs; a bad one is exit 2, one line, nothing
 * written (no output directory). A good one runs, and every report records the code run: each
 * contract's SHA-256 and source (provenance). `replay` of a corpus file refuses other code than the
 * recorded one unless given with --wasm. (The crafted variants, an export removed, a signature
 * changed, a constructor that traps, are the driver's own tests: src/tests/inspect.rs.)
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, checkSoroban, cli, driverBinary, errLines, RUN_DRIVER_TESTS } from '../soroban/driver.ts';

const dir = mkdtempSync(join(tmpdir(), 'wasm-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const empty = join(dir, 'empty.wasm');
writeFileSync(empty, Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
const garbage = join(dir, 'garbage.wasm');
writeFileSync(garbage, Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x01, 0x05, 0xff, 0xff]));
const backstop = join(dir, 'backstop.wasm');
const emitter = join(dir, 'emitter.wasm');

beforeAll(async () => {
  if (!RUN_DRIVER_TESTS) return;
  const binary = await driverBinary();
  // copies of the bundled builds, written by the driver (inspect --export)
  for (const [name, file] of [
    ['backstop', backstop],
    ['emitter', emitter],
  ])
    execFileSync(binary, ['inspect', '--export', name!, '--out', file!]);
}, BUILD_TIMEOUT_MS);

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.runIf(RUN_DRIVER_TESTS)('check --impl soroban --wasm: the driver inspects each build first', () => {
  it.each([
    [
      'valid WASM but no Soroban contract',
      () => `backstop=${empty}`,
      /--wasm backstop=.*empty\.wasm: not a Soroban contract \(no contractenvmetav0 custom section\)$/,
    ],
    ['not valid WASM', () => `pool=${garbage}`, /--wasm pool=.*garbage\.wasm: not a valid WASM module \(wasmparser: /],
    [
      'another contract (the emitter given as the backstop)',
      () => `backstop=${emitter}`,
      /--wasm backstop=.*emitter\.wasm: does not export entry points the driver calls on backstop: __constructor, deposit, queue_withdrawal, .*; changed signature of an entry point the driver calls: drop\(list: Vec<\(Address, i128\)>\) \(bundled: drop\(\)\)$/,
    ],
  ])('%s: exit 2, one line, nothing written', async (_what, spec, message) => {
    const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
    const r = await checkSoroban({ profile: 'blend-v2', runs: 1, steps: 2, out }, '--wasm', spec());
    expect(r.code).toBe(2);
    const lines = errLines(r.err);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.out).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it("a copy of the bundled backstop runs, and every report records each contract's SHA-256 and source", async () => {
    const out = join(dir, 'good');
    const r = await checkSoroban(
      { profile: 'blend-v2', runs: 2, steps: 5, seed: 3, out },
      '--time-budget',
      '60',
      '--wasm',
      `backstop=${backstop}`,
    );
    expect(errLines(r.err)).toEqual([]);
    // a short run: no divergence, not everything exercised (exit 4) or everything (exit 0)
    expect([0, 4]).toContain(r.code);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const prov = report.implementation.provenance as {
      contract: string;
      sha256: string;
      source: string;
      path?: string;
      crate?: string;
      version?: string;
    }[];
    expect(prov.map((p) => p.contract)).toEqual(['backstop', 'emitter', 'pool', 'pool_factory', 'comet']);
    expect(prov[0]).toEqual({ contract: 'backstop', sha256: sha256(backstop), source: 'user', path: backstop });
    // the emitter is the bundled one: the same bytes as the copy inspect --export wrote
    expect(prov[1]).toEqual({
      contract: 'emitter',
      sha256: sha256(emitter),
      source: 'bundled',
      crate: 'blend-contract-sdk',
      version: '2.25.0',
    });
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain(`| backstop | \`${sha256(backstop)}\` | user (${backstop}) |`);
    expect(md).toContain(`| emitter | \`${sha256(emitter)}\` | bundled (blend-contract-sdk 2.25.0) |`);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain(`<property name="wasm.backstop.sha256" value="${sha256(backstop)}"/>`);
    expect(junit).toContain(`<property name="wasm.backstop.source" value="user (${backstop})"/>`);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`<dt>wasm backstop</dt><dd data-field="wasm backstop">${sha256(backstop)} — user (${backstop})</dd>`);
  }, 120_000);
});

describe.runIf(RUN_DRIVER_TESTS)('replay CORPUS_FILE --impl soroban: the recorded code or the user gives it', () => {
  const corpusFile = (recorded: string): string => {
    const file = join(dir, `corpus-${recorded.slice(0, 6)}.json`);
    const entry = {
      format: 1,
      profile: 'blend-v2',
      seed: 1,
      path: '0',
      world: { users: 2, pools: 2, start: '1700000000' },
      found: { implementation: 'blend-harness-soroban', finding: 'a test entry' },
      steps: ['advance_time(10)'],
      requests: [{ action: 'advance_time', args: { seconds: '10' } }],
      provenance: [{ contract: 'backstop', sha256: recorded, source: 'user', path: '/elsewhere/backstop.wasm' }],
    };
    writeFileSync(file, `${JSON.stringify(entry, null, 2)}\n`);
    return file;
  };

  it('a recorded backstop hash that is not the one in use: exit 2, one line naming the backstop', async () => {
    const r = await cli(['replay', corpusFile('ab'.repeat(32)), '--impl', 'soroban']);
    expect(r.code).toBe(2);
    const lines = errLines(r.err);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /backstop: the recorded code \(sha256 abababababab…, the user's build \/elsewhere\/backstop\.wasm\) is not the code the driver would run \(sha256 [0-9a-f]{12}…, bundled blend-contract-sdk 2\.25\.0\); give the recorded build with --wasm backstop=FILE/,
    );
    expect(r.out).toBe('');
  });

  it('the same, with the backstop given with --wasm: it replays', async () => {
    const r = await cli(['replay', corpusFile('ab'.repeat(32)), '--impl', 'soroban', '--wasm', `backstop=${backstop}`]);
    expect(errLines(r.err)).toEqual([]);
    expect(r.out).toContain('no divergence');
    expect(r.code).toBe(0);
  });

  it('the recorded hash is the one in use: it replays without --wasm', async () => {
    const r = await cli(['replay', corpusFile(sha256(backstop)), '--impl', 'soroban']);
    expect(r.out).toContain('no divergence');
    expect(r.code).toBe(0);
  });

  it('--wasm without --impl soroban: exit 2', async () => {
    const r = await cli(['replay', corpusFile('ab'.repeat(32)), '--impl', 'model', '--wasm', `backstop=${backstop}`]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--wasm: only with --impl soroban/);
  });
});

describe.runIf(RUN_DRIVER_TESTS)(
  "a mutant of the backstop (made by the driver's mutate): its hash in the reports and the corpus file",
  () => {
    it('the 17-day queue lock + 1 s diverges (exit 1); the corpus file records the mutant; replay refuses the bundled backstop and reproduces with --wasm', async () => {
      const binary = await driverBinary();
      const mutants = join(dir, 'mutants');
      execFileSync(binary, ['mutate', '--contract', 'backstop', '--out', mutants]);
      const list = JSON.parse(readFileSync(join(mutants, 'backstop.mutants.json'), 'utf8')).mutants as {
        id: string;
        operator: string;
        constant: string | null;
        file: string | null;
      }[];
      const m = list.find(
        (x) => x.operator === 'const+1' && x.constant === 'Q4W_LOCK_TIME_V2 (17 days)' && x.id.includes(':queue_withdrawal:'),
      );
      expect(m?.file).toBeTruthy();
      const file = m!.file!;
      const out = join(dir, 'mutant');
      const r = await checkSoroban(
        { profile: 'blend-v2', runs: 200, steps: 30, seed: 7, out },
        '--time-budget',
        '120',
        '--wasm',
        `backstop=${file}`,
      );
      expect(r.code).toBe(1);
      expect(r.out).toContain(`npx blend-harness replay ${join(out, 'corpus')}`);
      expect(r.out).toContain(`--impl soroban --wasm backstop=${file}`);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      expect(report.implementation.provenance[0]).toEqual({ contract: 'backstop', sha256: sha256(file), source: 'user', path: file });
      const corpusFile = report.counterexample.corpusFile as string;
      expect(JSON.parse(readFileSync(corpusFile, 'utf8')).provenance[0].sha256).toBe(sha256(file));
      // the bundled backstop is not the recorded code: refused, naming the backstop
      const refused = await cli(['replay', corpusFile, '--impl', 'soroban']);
      expect(refused.code).toBe(2);
      expect(errLines(refused.err)).toEqual([
        expect.stringMatching(
          /: backstop: the recorded code \(sha256 [0-9a-f]{12}…, the user's build .*\) is not the code the driver would run/,
        ),
      ]);
      // the mutant given: the divergence again
      const again = await cli(['replay', corpusFile, '--impl', 'soroban', '--wasm', `backstop=${file}`]);
      expect(again.out).toContain('DIVERGENCE');
      expect(again.code).toBe(1);
    }, 300_000);
  },
);

/**
 * The upgrade rehearsal on real state: `check --impl soroban --snapshot FILE --scenario migration
 * --wasm NAME=FILE` deploys the user's backstop (and pool, pool_factory) as the migration's v2
 * contracts next to the mainnet snapshot's v1 contracts, and an emitter build replaces the code of
 * the snapshot's emitter in place. Every report says which contracts were the snapshot's (address,
 * on-ledger WASM hash) and which the user's (path, SHA-256): scenario.json (docs/scenario.schema.json),
 * scenario.md, scenario.html and junit.xml for the scenario; report.json, report.md, report.html and junit.xml without it. A copy of the bundled backstop passes;
 * mutants made by the driver's `mutate` (the 10M backfill maximum, an emission constant; the
 * emitter's 1 BLND/s) fail; a build the run would not deploy is refused (exit 2, one line, nothing
 * written), and each build is inspected before the snapshot is read.
 *
 * Needs the Soroban driver (cargo) and the mainnet snapshot (../shared/data); skipped otherwise,
 * saying why, as test/snapshot/check.test.ts is.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-helpers.ts';
import { snapshotWasmRefusal } from '../../src/check/scenario.ts';
import { snapshotCode } from '../../src/world/snapshot/code.ts';
import { SnapshotError } from '../../src/world/snapshot/load.ts';
import { BUILD_TIMEOUT_MS, driverBinary, RUN_DRIVER_TESTS, SKIP_REASON } from '../soroban/driver.ts';

const SNAPSHOT = new URL('../../../shared/data/mainnet-55261759-snapshot.json', import.meta.url).pathname;
const HAS_SNAPSHOT = existsSync(SNAPSHOT);
if (!HAS_SNAPSHOT) console.warn(`[snapshot --wasm tests] skipped: no mainnet snapshot at ${SNAPSHOT}`);
if (!RUN_DRIVER_TESTS) console.warn(`[snapshot --wasm tests] the driver part is skipped: ${SKIP_REASON}`);

const dir = mkdtempSync(join(tmpdir(), 'snapshot-wasm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const backstop = join(dir, 'backstop.wasm');
const emitter = join(dir, 'emitter.wasm');
const notContract = join(dir, 'empty.wasm');
writeFileSync(notContract, Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
/** The mutants the driver's `mutate` made: contract -> [{id, constant, file}]. */
const mutants = new Map<string, { id: string; constant: string | null; valid: boolean; file: string }[]>();

/** The mainnet snapshot's emitter, on-ledger (its contract instance's WASM hash). */
const MAINNET_EMITTER = 'CCOQM6S7ICIUWA225O5PSJWUBEMXGFSSW2PQFO6FP4DQEKMS5DASRGRR';
const MAINNET_BACKSTOP = 'CAO3AGAMZVRMHITL36EJ2VZQWKYRPWMQAPDQD5YEOF3GIF7T44U4JAL3';

beforeAll(async () => {
  if (!RUN_DRIVER_TESTS || !HAS_SNAPSHOT) return;
  const binary = await driverBinary();
  // copies of the bundled builds (inspect --export), and the mutants of each (mutate)
  for (const [name, file] of [
    ['backstop', backstop],
    ['emitter', emitter],
  ] as const) {
    execFileSync(binary, ['inspect', '--export', name, '--out', file]);
    execFileSync(binary, ['mutate', '--contract', name, '--out', join(dir, 'mutants')], { stdio: 'ignore' });
    mutants.set(name, JSON.parse(readFileSync(join(dir, 'mutants', `${name}.mutants.json`), 'utf8')).mutants);
  }
}, BUILD_TIMEOUT_MS);

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const errLines = (err: string): string[] => err.split('\n').filter((l) => l !== '' && !l.startsWith('building the Soroban driver'));
/** The mutant of `contract` with this id suffix (function:offset:operator), made by `mutate`. */
function mutant(contract: string, suffix: string, constant: string): string {
  const m = mutants.get(contract)?.find((x) => x.id.endsWith(`:${suffix}`));
  expect(m, `${contract} mutant ${suffix}`).toBeDefined();
  expect(m!.valid).toBe(true);
  expect(m!.constant).toContain(constant);
  return m!.file;
}
const migration = (out: string, ...wasm: string[]) => [
  'check',
  '--impl',
  'soroban',
  '--snapshot',
  SNAPSHOT,
  '--scenario',
  'migration',
  ...wasm.flatMap((w) => ['--wasm', w]),
  '--out',
  out,
];

describe('which builds a snapshot check runs (snapshotWasmRefusal)', () => {
  it('the migration runs backstop, pool, pool_factory and emitter builds; never the Comet', () => {
    expect(snapshotWasmRefusal(['backstop', 'pool', 'pool_factory', 'emitter'], 'migration')).toBeUndefined();
    expect(snapshotWasmRefusal(['emitter'], undefined)).toBeUndefined();
    expect(snapshotWasmRefusal(['comet'], 'migration')).toMatch(/^--wasm comet: not with --snapshot/);
    expect(snapshotWasmRefusal(['emitter', 'pool'], undefined)).toMatch(/^--wasm pool: with --snapshot only with --scenario migration/);
  });
});

describe.skipIf(!HAS_SNAPSHOT)("the snapshot's on-ledger code (snapshotCode)", () => {
  it('lists each contract with WASM, its address and the hash of its contract_code entry', () => {
    const code = snapshotCode(SNAPSHOT, ['CDVQVKOY2YSXS2IC7KN6MNASSHPAO7UN2UR2ON4OI2SKMFJNVAMDX6DP']);
    expect(code.map((c) => c.contract)).toEqual(['emitter', 'backstop_v1', 'comet', 'pool_v1']);
    expect(code[0]).toEqual({
      contract: 'emitter',
      address: MAINNET_EMITTER,
      sha256: '438a5528cff17ede6fe515f095c43c5f15727af17d006971485e52462e7e7b89',
    });
    expect(code[1]!.address).toBe(MAINNET_BACKSTOP);
  });

  it('a contract whose code the snapshot lacks, or code that is not its hash: one line', () => {
    const doc = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { ledger_entries: [Record<string, unknown>, unknown][] };
    const bad = join(dir, 'no-code.json');
    writeFileSync(bad, JSON.stringify({ ...doc, ledger_entries: doc.ledger_entries.filter(([k]) => !('contract_code' in k)) }));
    expect(() => snapshotCode(bad, [])).toThrow(SnapshotError);
    expect(() => snapshotCode(bad, [])).toThrow(/runs WASM [0-9a-f]{64}, which the snapshot holds no contract_code entry for$/);
  });
});

describe.runIf(RUN_DRIVER_TESTS && HAS_SNAPSHOT)('check --impl soroban --snapshot --wasm: the upgrade rehearsal', () => {
  it.each([
    [
      'the Comet (the snapshot runs its own)',
      ['--scenario', 'migration', '--wasm', `comet=${backstop}`],
      /^blend-harness: --wasm comet: not with --snapshot/,
    ],
    [
      'a backstop without the migration (no v2 backstop deployed)',
      ['--wasm', `backstop=${backstop}`],
      /--wasm backstop: with --snapshot only with --scenario migration/,
    ],
    ['a pool_factory without the migration', ['--wasm', `pool_factory=${backstop}`], /--wasm pool_factory: with --snapshot only/],
    // inspected before the snapshot is read: the build's problem, not the missing file's
    [
      'a build that is no contract (inspected before the snapshot is read)',
      ['--scenario', 'migration', '--wasm', `backstop=${notContract}`, '--snapshot', join(dir, 'absent.json')],
      /--wasm backstop=.*empty\.wasm: not a Soroban contract/,
    ],
    [
      'an emitter build given as the backstop',
      ['--scenario', 'migration', '--wasm', `backstop=${emitter}`],
      /--wasm backstop=.*emitter\.wasm: /,
    ],
  ])(
    '%s: exit 2, one line, nothing written',
    async (_what, flags, message) => {
      const out = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
      const args = flags.includes('--snapshot')
        ? ['check', '--impl', 'soroban', ...flags, '--out', out]
        : ['check', '--impl', 'soroban', '--snapshot', SNAPSHOT, ...flags, '--out', out];
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(errLines(r.err)).toHaveLength(1);
      expect(r.err).toMatch(message);
      expect(existsSync(out)).toBe(false);
    },
    60_000,
  );

  it("the user's backstop (a copy of the bundled one) as the migration's v2 backstop: a pass, every contract's provenance recorded", async () => {
    const out = join(dir, 'copy');
    const r = await cli(migration(out, `backstop=${backstop}`, `emitter=${emitter}`));
    expect(r.out).toContain('no divergence');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'scenario.json'), 'utf8'));
    expect(report.verdict).toBe('pass');
    expect(report.summary).toMatchObject({ backfilled: '100000000000000', dropped: '500000000000000' });
    const by = new Map<string, Record<string, string>>(report.provenance.map((p: { contract: string }) => [p.contract, p]));
    expect([...by.keys()]).toEqual(['emitter', 'backstop_v1', 'comet', 'pool_v1', 'backstop_v2', 'pool_factory_v2', 'pool_v2']);
    expect(by.get('backstop_v2')).toEqual({ contract: 'backstop_v2', sha256: sha256(backstop), source: 'user', path: backstop });
    expect(by.get('pool_v2')).toMatchObject({ source: 'bundled', crate: 'blend-contract-sdk', version: '2.25.0' });
    expect(by.get('backstop_v1')).toEqual({
      contract: 'backstop_v1',
      sha256: '62f61b32fff99f7eec052a8e573c367759f161c481a5caf0e76a10ae4617c3b4',
      source: 'snapshot',
      address: MAINNET_BACKSTOP,
    });
    // the emitter's code replaced in place: the user's build at the snapshot emitter's address (the
    // bundled emitter is byte for byte the mainnet one: the same hash)
    expect(by.get('emitter')).toEqual({
      contract: 'emitter',
      sha256: sha256(emitter),
      source: 'user',
      path: emitter,
      address: MAINNET_EMITTER,
      replaces: sha256(emitter),
    });
    expect(r.out).toContain(`backstop_v2: ${sha256(backstop)} user (${backstop})`);
    // junit.xml and scenario.md say the same
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain(`<property name="wasm.backstop_v2.sha256" value="${sha256(backstop)}"/>`);
    expect(junit).toContain(`<property name="wasm.backstop_v1.source" value="snapshot (${MAINNET_BACKSTOP}, its on-ledger WASM)"/>`);
    expect(junit).toMatch(/failures="0" errors="0" skipped="0"/);
    expect(readFileSync(join(out, 'scenario.md'), 'utf8')).toContain(`| backstop_v2 | \`${sha256(backstop)}\` | user (${backstop}) |`);
    // scenario.html too (the scenario's report page: no report.json, whose fields are a generated run's)
    const html = readFileSync(join(out, 'scenario.html'), 'utf8');
    expect(html).toContain('class="verdict pass">PASS</span>');
    expect(html).toContain(
      `data-contract="backstop_v2" data-source="user"><td class="mono">backstop_v2</td><td class="mono">${sha256(backstop)}</td>`,
    );
    expect(html).toContain(
      `data-contract="backstop_v1" data-source="snapshot"><td class="mono">backstop_v1</td><td class="mono">62f61b32fff99f7eec052a8e573c367759f161c481a5caf0e76a10ae4617c3b4</td><td>snapshot (${MAINNET_BACKSTOP}, its on-ledger WASM)</td>`,
    );
    expect(existsSync(join(out, 'report.json'))).toBe(false);
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    const schema = JSON.parse(readFileSync(new URL('../../docs/scenario.schema.json', import.meta.url), 'utf8'));
    expect(ajv.validate(schema, report), JSON.stringify(ajv.errors)).toBe(true);
  }, 300_000);

  it.each([
    ['backstop', 'distribute:532:const+1', 'MAX_BACKFILLED_EMISSIONS (10M BLND)'],
    ['backstop', 'distribute:369:const+1', 'EMISSION_RATE'],
    ['emitter', 'func39:43:const-1', 'EMISSION_RATE'],
  ])(
    "a mutant of the %s (%s: %s): the migration fails (exit 1), the mutant's hash in scenario.json",
    async (contract, suffix, constant) => {
      const file = mutant(contract, suffix, constant);
      const out = join(dir, `mutant-${contract}-${suffix.replace(/:/g, '-')}`);
      const r = await cli(migration(out, `${contract}=${file}`));
      expect(r.out).toMatch(/\nFAIL: (reply|state) diverges at step \d+/);
      expect(r.code).toBe(1);
      const report = JSON.parse(readFileSync(join(out, 'scenario.json'), 'utf8'));
      expect(report.verdict).toBe('fail');
      expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/<failure message="(reply|state) diverges at step \d+/);
      const name = contract === 'backstop' ? 'backstop_v2' : 'emitter';
      expect(report.provenance.find((p: { contract: string }) => p.contract === name)).toMatchObject({
        sha256: sha256(file),
        source: 'user',
        path: file,
      });
    },
    300_000,
  );

  it("without the scenario: the emitter build in place, report.json / report.md / junit.xml list the snapshot's contracts and the user's", async () => {
    const out = join(dir, 'generated');
    const r = await cli([
      'check',
      '--impl',
      'soroban',
      '--snapshot',
      SNAPSHOT,
      '--wasm',
      `emitter=${emitter}`,
      '--runs',
      '2',
      '--steps',
      '10',
      '--seed',
      '5',
      '--out',
      out,
    ]);
    expect([0, 4]).toContain(r.code); // a pass, or short of coverage at this budget: never a divergence
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.implementation.provenance.map((p: { contract: string; source: string }) => `${p.contract} ${p.source}`)).toEqual([
      'emitter user',
      'backstop_v1 snapshot',
      'comet snapshot',
      'pool_v1 snapshot',
    ]);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain(`name="wasm.backstop_v1.source" value="snapshot (${MAINNET_BACKSTOP}, its on-ledger WASM)"`);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(
      `| emitter | \`${sha256(emitter)}\` | user (${emitter}; replaces the code at ${MAINNET_EMITTER}`,
    );
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('wasm backstop_v1');
  }, 300_000);
});

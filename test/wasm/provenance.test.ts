/**
 * Provenance without the driver: the comparison `replay` makes (src/check/inspect.ts
 * provenanceMismatch), the reports' renderings (src/report/provenance.ts), and the corpus file that
 * records it (src/check/corpus.ts), read back and validated.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusEntryOf, saveToCorpus } from '../../src/check/corpus.ts';
import { provenanceMismatch } from '../../src/check/inspect.ts';
import { wasmFlagsText } from '../../src/check/wasm.ts';
import type { WasmProvenance } from '../../src/protocol/messages.ts';
import { validateHandshake } from '../../src/protocol/validate.ts';
import { provenanceMarkdown, provenanceProperties, provenanceRows } from '../../src/report/provenance.ts';

const dir = mkdtempSync(join(tmpdir(), 'wasm-provenance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const bundled = (contract: string, sha256: string): WasmProvenance => ({
  contract,
  sha256,
  source: 'bundled',
  crate: 'blend-contract-sdk',
  version: '2.25.0',
});
const user = (contract: string, sha256: string, path: string): WasmProvenance => ({ contract, sha256, source: 'user', path });

describe('provenanceMismatch', () => {
  it('the same hashes: none', () => {
    expect(
      provenanceMismatch([bundled('backstop', A), bundled('pool', B)], [bundled('backstop', A), bundled('pool', B)], []),
    ).toBeUndefined();
  });

  it('a different hash: names the contract, both hashes and both sources', () => {
    expect(provenanceMismatch([bundled('backstop', A), user('pool', A, '/p.wasm')], [bundled('backstop', A), bundled('pool', B)], [])).toBe(
      "pool: the recorded code (sha256 aaaaaaaaaaaa…, the user's build /p.wasm) is not the code the driver would run (sha256 bbbbbbbbbbbb…, bundled blend-contract-sdk 2.25.0); give the recorded build with --wasm pool=FILE",
    );
  });

  it('a different hash of a contract given with --wasm: accepted', () => {
    expect(provenanceMismatch([user('pool', A, '/p.wasm')], [user('pool', B, '/q.wasm')], ['pool'])).toBeUndefined();
  });

  it('nothing recorded (an older corpus file): nothing compared', () => {
    expect(provenanceMismatch([], [bundled('pool', B)], [])).toBeUndefined();
  });
});

describe('the reports', () => {
  const ps = [user('backstop', A, '/b|x.wasm'), bundled('emitter', B)];

  it('report.md: a table, one row per contract', () => {
    expect(provenanceMarkdown(ps)).toEqual([
      "Code run (provenance: the SHA-256 of each contract's WASM, and where it comes from):",
      '',
      '| contract | SHA-256 | source |',
      '|---|---|---|',
      `| backstop | \`${A}\` | user (/b\\|x.wasm) |`,
      `| emitter | \`${B}\` | bundled (blend-contract-sdk 2.25.0) |`,
      '',
    ]);
    expect(provenanceMarkdown(undefined)).toEqual([]);
  });

  it('junit.xml properties and report.html rows', () => {
    expect(provenanceProperties(ps)).toEqual([
      ['wasm.backstop.sha256', A],
      ['wasm.backstop.source', 'user (/b|x.wasm)'],
      ['wasm.emitter.sha256', B],
      ['wasm.emitter.source', 'bundled (blend-contract-sdk 2.25.0)'],
    ]);
    expect(provenanceRows(ps)[1]).toEqual(['wasm emitter', `${B} — bundled (blend-contract-sdk 2.25.0)`]);
  });
});

describe('a snapshot run (check --snapshot): the snapshot contracts and an emitter replaced in place', () => {
  const ps: WasmProvenance[] = [
    { contract: 'emitter', sha256: A, source: 'user', path: '/e.wasm', address: 'CCOQ', replaces: B },
    { contract: 'backstop_v1', sha256: B, source: 'snapshot', address: 'CAO3' },
  ];

  it('each report names the source, the address and the on-ledger hash replaced', () => {
    expect(provenanceProperties(ps)).toEqual([
      ['wasm.emitter.sha256', A],
      ['wasm.emitter.source', `user (/e.wasm; replaces the code at CCOQ, was ${B})`],
      ['wasm.backstop_v1.sha256', B],
      ['wasm.backstop_v1.source', 'snapshot (CAO3, its on-ledger WASM)'],
    ]);
    expect(provenanceMarkdown(ps)[5]).toBe(`| backstop_v1 | \`${B}\` | snapshot (CAO3, its on-ledger WASM) |`);
  });
});

describe('the protocol and the corpus file', () => {
  const handshake = { protocol_version: 1, name: 'x', version: '1', profile: 'blend-v2', actions: ['advance_time'] };

  it('the handshake may carry provenance; a malformed one is refused', () => {
    expect(validateHandshake({ ...handshake, provenance: [bundled('backstop', A)] })).toBe(true);
    expect(validateHandshake(handshake)).toBe(true);
    expect(validateHandshake({ ...handshake, provenance: [{ contract: 'backstop', sha256: 'xyz', source: 'bundled' }] })).toBe(false);
    expect(validateHandshake({ ...handshake, provenance: [{ ...bundled('backstop', A), source: 'elsewhere' }] })).toBe(false);
  });

  it('saved with the corpus entry, read back and validated', () => {
    const file = saveToCorpus(
      dir,
      {
        profile: 'blend-v2',
        seed: 1,
        path: '0',
        world: { users: 2, pools: 2, start: '1700000000' },
        found: { implementation: 'x', finding: 'y' },
        steps: ['advance_time(10)'],
        provenance: [user('backstop', A, '/b.wasm')],
      },
      [{ fn: 'advance_time', seconds: 10n }] as never,
    );
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.provenance).toEqual([user('backstop', A, '/b.wasm')]);
    expect(corpusEntryOf(file, json).entry.provenance).toEqual([user('backstop', A, '/b.wasm')]);
    expect(() => corpusEntryOf(file, { ...json, provenance: [{ contract: 'backstop', sha256: A }] })).toThrow(/provenance/);
  });
});

describe("the replay commands carry the user's builds", () => {
  it('--wasm NAME=FILE per build, quoted where the path needs it', () => {
    expect(
      wasmFlagsText([
        { name: 'backstop', file: '/b/backstop.wasm' },
        { name: 'pool', file: "/my builds/it's.wasm" },
      ]),
    ).toBe(` --wasm backstop=/b/backstop.wasm --wasm 'pool=/my builds/it'\\''s.wasm'`);
    expect(wasmFlagsText([])).toBe('');
  });
});
